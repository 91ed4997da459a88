#include "forecast/backtest.h"

#include <algorithm>
#include <cmath>

namespace oiis::forecast::detail {

std::vector<int> backtest_origins(int n, int h, int max_origins, int min_train) {
  std::vector<int> origins;
  for (int k = 1; k <= max_origins; ++k) {
    const int origin = n - k * h;
    if (origin < std::max(min_train, 1)) break;
    origins.push_back(origin);
  }
  return origins;
}

std::vector<std::vector<double>> backtest_forecasts(const SeriesView& s, ModelFn fn,
                                                    const std::vector<int>& origins) {
  std::vector<std::vector<double>> out;
  out.reserve(origins.size());
  for (int origin : origins) {
    SeriesView train = s;
    train.y = s.y.first(origin);
    train.positive = s.positive;  // a prefix keeps the sign properties of the whole
    ModelFit f = fn(train, false);
    out.push_back(std::move(f.mean));
  }
  return out;
}

double normal_quantile(double p) {
  // Acklam (2003): rational approximations in the central region and the tails.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  if (p <= 0) return -INFINITY;
  if (p >= 1) return INFINITY;
  constexpr double kLow = 0.02425;
  if (p < kLow || p > 1 - kLow) {
    const double q = std::sqrt(-2 * std::log(p < kLow ? p : 1 - p));
    const double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                     ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < kLow ? x : -x;
  }
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

void empirical_intervals(std::span<const double> y, const std::vector<std::vector<double>>& errors,
                         ModelFit& fit) {
  std::vector<double> scaled;
  for (const auto& row : errors) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (std::isfinite(row[i])) scaled.push_back(std::fabs(row[i]) / std::sqrt(i + 1.0));
    }
  }
  double q80, q95;
  if (scaled.size() >= 5) {
    // Split-conformal rank: the ceil(p (N + 1))-th smallest of N scores (Vovk et al. 2005),
    // so small samples give wider, not narrower, intervals.
    auto quantile = [&](double p) {
      const double rank = std::ceil(p * static_cast<double>(scaled.size() + 1));
      const size_t k = std::min(scaled.size(), static_cast<size_t>(rank)) - 1;
      auto it = scaled.begin() + static_cast<std::ptrdiff_t>(k);
      std::nth_element(scaled.begin(), it, scaled.end());
      return *it;
    };
    q80 = quantile(0.80);
    q95 = quantile(0.95);
  } else {  // too little history to backtest: random-walk error scale
    double ss = 0;
    for (size_t t = 1; t < y.size(); ++t) ss += (y[t] - y[t - 1]) * (y[t] - y[t - 1]);
    const double sd = y.size() > 1 ? std::sqrt(ss / static_cast<double>(y.size() - 1)) : 0.0;
    q80 = normal_quantile(0.90) * sd;
    q95 = normal_quantile(0.975) * sd;
  }
  const size_t h = fit.mean.size();
  for (auto* v : {&fit.lo80, &fit.hi80, &fit.lo95, &fit.hi95}) v->resize(h);
  for (size_t i = 0; i < h; ++i) {
    const double r = std::sqrt(i + 1.0);
    fit.lo80[i] = fit.mean[i] - q80 * r;
    fit.hi80[i] = fit.mean[i] + q80 * r;
    fit.lo95[i] = fit.mean[i] - q95 * r;
    fit.hi95[i] = fit.mean[i] + q95 * r;
  }
}

}  // namespace oiis::forecast::detail
