// Differencing for auto ARIMA: the polynomials and differenced series the likelihood uses, and
// the tests that choose d and D (KPSS as R's forecast::ndiffs, seasonal strength as nsdiffs).
#include "forecast/arima_differencing.h"

#include <algorithm>
#include <cmath>

#include "forecast/arima.h"
#include "forecast/decompose.h"

namespace oiis::forecast::detail {
namespace differencing {

// (1 - B)^d (1 - B^m)^D as 1 - sum delta_k B^k.
std::vector<double> differencing_poly(int d, int D, int m) {
  std::vector<double> poly{1.0};  // coefficients of B^0, B^1, ...
  auto times = [&poly](int lag) {
    std::vector<double> next(poly.size() + lag, 0.0);
    for (size_t i = 0; i < poly.size(); ++i) next[i] += poly[i], next[i + lag] -= poly[i];
    poly = std::move(next);
  };
  for (int i = 0; i < d; ++i) times(1);
  for (int i = 0; i < D; ++i) times(m);
  std::vector<double> delta(poly.size() - 1);
  for (size_t k = 1; k < poly.size(); ++k) delta[k - 1] = -poly[k];
  return delta;
}

std::vector<double> difference(std::span<const double> y, int d, int D, int m) {
  std::vector<double> w(y.begin(), y.end());
  auto diff = [&w](int lag) {
    if (static_cast<int>(w.size()) <= lag) return w.clear();
    for (size_t t = w.size() - 1; t >= static_cast<size_t>(lag); --t) w[t] -= w[t - lag];
    w.erase(w.begin(), w.begin() + lag);
  };
  for (int i = 0; i < D; ++i) diff(m);
  for (int i = 0; i < d; ++i) diff(1);
  return w;
}

bool is_constant(std::span<const double> y) {
  return std::all_of(y.begin(), y.end(), [&](double v) { return v == y[0]; });
}

double mean_of(std::span<const double> y) {
  double s = 0;
  for (double v : y) s += v;
  return y.empty() ? 0 : s / static_cast<double>(y.size());
}

double variance_of(std::span<const double> y) {
  const double mu = mean_of(y);
  double s = 0;
  for (double v : y) s += (v - mu) * (v - mu);
  return y.empty() ? 0 : s / static_cast<double>(y.size());
}

}  // namespace differencing

using namespace differencing;

namespace {
constexpr double kKpssCritical5 = 0.463;  // 5 % critical value of the level-stationarity test
}  // namespace

double kpss_statistic(std::span<const double> y, int lags) {
  const size_t n = y.size();
  const double mu = mean_of(y);
  double partial = 0, eta = 0, s2 = 0;
  for (double v : y) {
    partial += v - mu;
    eta += partial * partial;
    s2 += (v - mu) * (v - mu);
  }
  for (int l = 1; l <= lags && static_cast<size_t>(l) < n; ++l) {
    double c = 0;
    for (size_t t = l; t < n; ++t) c += (y[t] - mu) * (y[t - l] - mu);
    s2 += 2 * (1 - l / (lags + 1.0)) * c;
  }
  const double nd = static_cast<double>(n);
  if (!(s2 > 0)) return 0;
  return eta / (nd * nd) / (s2 / nd);
}

int kpss_ndiffs(std::span<const double> y, int max_d) {
  std::vector<double> x(y.begin(), y.end());
  if (x.size() < 3 || is_constant(x)) return 0;
  int d = 0;
  while (d < max_d) {
    const int lags = static_cast<int>(3 * std::sqrt(static_cast<double>(x.size())) / 13);
    if (kpss_statistic(x, lags) <= kKpssCritical5) break;
    x = difference(x, 1, 0, 1);
    ++d;
    if (x.size() < 3 || is_constant(x)) break;
  }
  return d;
}

double seasonal_strength(std::span<const double> y, int m) {
  const size_t n = y.size();
  if (m <= 1 || n < 2 * static_cast<size_t>(m)) return 0;
  const std::vector<double> figure = seasonal_figure(y, m, /*multiplicative=*/false);
  const int half = m / 2;
  double sum_r = 0, sum_r2 = 0, sum_d = 0, sum_d2 = 0;
  size_t count = 0;
  for (size_t t = half; t + half < n; ++t) {
    double trend = 0;  // centred 2xm (even m) or m (odd m) moving average
    for (int j = -half; j <= half; ++j) {
      const double weight = (m % 2 == 0 && (j == -half || j == half)) ? 0.5 : 1.0;
      trend += weight * y[t + j];
    }
    trend /= m;
    const double detrended = y[t] - trend, remainder = detrended - figure[t % m];
    sum_r += remainder, sum_r2 += remainder * remainder;
    sum_d += detrended, sum_d2 += detrended * detrended;
    ++count;
  }
  const double c = static_cast<double>(count);
  const double var_r = sum_r2 / c - (sum_r / c) * (sum_r / c);
  const double var_d = sum_d2 / c - (sum_d / c) * (sum_d / c);
  if (!(var_d > 0)) return 0;
  return std::max(0.0, 1 - var_r / var_d);
}

}  // namespace oiis::forecast::detail
