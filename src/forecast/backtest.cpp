#include "forecast/backtest.h"

#include <algorithm>
#include <cmath>

#include "forecast/metrics.h"

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
    q80 = conformal_quantile(scaled, 0.80);
    q95 = conformal_quantile(scaled, 0.95);
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
