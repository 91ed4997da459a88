#include "forecast/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace oiis::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Mean of f(actual, predicted) over the finite pairs; NaN when there are none.
template <typename F>
double mean_over_pairs(std::span<const double> a, std::span<const double> p, F f) {
  const size_t n = std::min(a.size(), p.size());
  double sum = 0;
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(p[i])) continue;
    sum += f(a[i], p[i]);
    ++count;
  }
  return count ? sum / static_cast<double>(count) : kNaN;
}

}  // namespace

double mae(std::span<const double> a, std::span<const double> p) {
  return mean_over_pairs(a, p, [](double y, double f) { return std::fabs(y - f); });
}

double rmse(std::span<const double> a, std::span<const double> p) {
  return std::sqrt(mean_over_pairs(a, p, [](double y, double f) { return (y - f) * (y - f); }));
}

double bias(std::span<const double> a, std::span<const double> p) {
  return mean_over_pairs(a, p, [](double y, double f) { return f - y; });
}

double wape(std::span<const double> a, std::span<const double> p) {
  const double abs_err = mae(a, p);
  const double abs_act = mean_over_pairs(a, p, [](double y, double) { return std::fabs(y); });
  return abs_act > 0 ? abs_err / abs_act : kNaN;
}

double smape(std::span<const double> a, std::span<const double> p) {
  return mean_over_pairs(a, p, [](double y, double f) {
    const double denom = std::fabs(y) + std::fabs(f);
    return denom > 0 ? 200.0 * std::fabs(y - f) / denom : 0.0;
  });
}

double seasonal_naive_scale(std::span<const double> x, int m) {
  if (m < 1 || x.size() <= static_cast<size_t>(m)) return kNaN;
  return mean_over_pairs(x.subspan(m), x.first(x.size() - m),
                         [](double now, double before) { return std::fabs(now - before); });
}

double mase(std::span<const double> insample, std::span<const double> a, std::span<const double> p,
            int m) {
  const double scale = seasonal_naive_scale(insample, m);
  if (!(scale > 0)) return kNaN;
  return mae(a, p) / scale;
}

double pinball(std::span<const double> a, std::span<const double> qf, double q) {
  return mean_over_pairs(
      a, qf, [q](double y, double f) { return y >= f ? q * (y - f) : (1 - q) * (f - y); });
}

double coverage(std::span<const double> a, std::span<const double> lo, std::span<const double> hi) {
  const size_t n = std::min({a.size(), lo.size(), hi.size()});
  size_t inside = 0, count = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(a[i])) continue;
    ++count;
    inside += (a[i] >= lo[i] && a[i] <= hi[i]);
  }
  return count ? static_cast<double>(inside) / static_cast<double>(count) : kNaN;
}

double owa(double s, double m, double s_naive2, double m_naive2) {
  return 0.5 * (s / s_naive2 + m / m_naive2);
}

double MeanAccumulator::mean() const {
  return n_ ? sum_ / static_cast<double>(n_) : kNaN;
}

double conformal_quantile(std::vector<double> values, double p) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) return kNaN;
  const double rank = std::ceil(p * static_cast<double>(values.size() + 1));
  const auto k =
      static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(values.size())));
  const auto it = values.begin() + static_cast<std::ptrdiff_t>(k - 1);
  std::nth_element(values.begin(), it, values.end());
  return *it;
}

}  // namespace oiis::forecast
