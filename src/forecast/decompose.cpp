#include "forecast/decompose.h"

#include <algorithm>
#include <cmath>

namespace oiis::forecast::detail {

bool seasonality_test(std::span<const double> y, int m) {
  const size_t n = y.size();
  if (m <= 1 || n < 3 * static_cast<size_t>(m)) return false;
  double mean = 0;
  for (double v : y) mean += v;
  mean /= static_cast<double>(n);
  double denom = 0;
  for (double v : y) denom += (v - mean) * (v - mean);
  if (!(denom > 0)) return false;
  auto acf = [&](int k) {
    double s = 0;
    for (size_t t = 0; t + k < n; ++t) s += (y[t] - mean) * (y[t + k] - mean);
    return s / denom;
  };
  double sum_sq = 0;  // sum_{k=1}^{m-1} r_k^2
  for (int k = 1; k < m; ++k) {
    const double r = acf(k);
    sum_sq += r * r;
  }
  const double limit = 1.645 / std::sqrt(static_cast<double>(n)) * std::sqrt(1 + 2 * sum_sq);
  return std::fabs(acf(m)) > limit;
}

std::vector<double> seasonal_figure(std::span<const double> y, int m, bool multiplicative) {
  const size_t n = y.size();
  // Centred moving average; for even m the 2xm filter (weights 1/2m at both ends).
  const int half = m / 2;
  std::vector<double> sum(m, 0.0);
  std::vector<int> count(m, 0);
  double window = 0;  // sum of y[t-half+1 .. t+half-1] maintained incrementally
  for (int j = -half + 1; j < half; ++j) window += y[half + j];
  for (size_t t = half; t + half < n; ++t) {
    double trend;
    if (m % 2 == 0) {
      trend = (window + 0.5 * (y[t - half] + y[t + half])) / m;
    } else {
      trend = (window + y[t - half] + y[t + half]) / m;
    }
    const double detrended = multiplicative ? y[t] / trend : y[t] - trend;
    sum[t % m] += detrended;
    ++count[t % m];
    // Slide: drop y[t-half+1], add y[t+half].
    window += y[t + half] - y[t - half + 1];
  }
  std::vector<double> figure(m);
  double avg = 0;
  for (int i = 0; i < m; ++i) {
    figure[i] = count[i] ? sum[i] / count[i] : (multiplicative ? 1.0 : 0.0);
    avg += figure[i];
  }
  avg /= m;
  for (double& f : figure) f = multiplicative ? f / avg : f - avg;
  return figure;
}

Deseasonalised m4_deseasonalise(std::span<const double> y, int m, int h) {
  Deseasonalised d;
  d.adjusted.assign(y.begin(), y.end());
  d.future.assign(h, 1.0);
  const bool positive = std::all_of(y.begin(), y.end(), [](double v) { return v > 0; });
  if (!positive || !seasonality_test(y, m)) return d;
  const std::vector<double> figure = seasonal_figure(y, m, /*multiplicative=*/true);
  const size_t n = y.size();
  for (size_t t = 0; t < n; ++t) d.adjusted[t] = y[t] / figure[t % m];
  for (int i = 0; i < h; ++i) d.future[i] = figure[(n + i) % m];
  d.seasonal = true;
  return d;
}

}  // namespace oiis::forecast::detail
