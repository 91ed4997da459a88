#include "forecast/naive.h"

#include <algorithm>
#include <cmath>

#include "forecast/decompose.h"
#include "forecast/ets.h"

namespace oiis::forecast::detail {
namespace {

ModelFit repeat_last_cycle(std::span<const double> y, int period, int h, const char* name) {
  ModelFit f;
  f.name = name;
  const size_t n = y.size();
  if (period < 1 || n < static_cast<size_t>(period)) return f;
  f.mean.resize(h);
  for (int i = 0; i < h; ++i) f.mean[i] = y[n - period + (i % period)];
  return f;
}

// Forecast of the deseasonalised series by `spec`, reseasonalised (M4 benchmark scheme).
ModelFit deseasonalised_ets(const SeriesView& s, EtsSpec spec, bool intervals) {
  const Deseasonalised d = m4_deseasonalise(s.y, s.m, s.horizon);
  const std::optional<EtsFit> fit = fit_ets(d.adjusted, spec, 1);
  if (!fit) return {};
  ModelFit f = ets_forecast(*fit, s.horizon, intervals);
  for (auto* v : {&f.mean, &f.lo80, &f.hi80, &f.lo95, &f.hi95}) {
    for (size_t i = 0; i < v->size(); ++i) (*v)[i] *= d.future[i];
  }
  return f;
}

}  // namespace

ModelFit naive(const SeriesView& s, bool) { return repeat_last_cycle(s.y, 1, s.horizon, "Naive"); }

ModelFit seasonal_naive(const SeriesView& s, bool) {
  if (s.m <= 1 || s.y.size() < static_cast<size_t>(s.m)) return naive(s, false);
  return repeat_last_cycle(s.y, s.m, s.horizon, "SeasonalNaive");
}

ModelFit seasonal_naive2(const SeriesView& s, bool) {
  if (s.m2 <= 1) return {};
  return repeat_last_cycle(s.y, s.m2, s.horizon, "SeasonalNaive(m2)");
}

ModelFit naive2(const SeriesView& s, bool) {
  const Deseasonalised d = m4_deseasonalise(s.y, s.m, s.horizon);
  ModelFit f;
  f.name = d.seasonal ? "Naive2" : "Naive2(no season)";
  f.mean.resize(s.horizon);
  for (int i = 0; i < s.horizon; ++i) f.mean[i] = d.adjusted.back() * d.future[i];
  return f;
}

ModelFit moving_average(const SeriesView& s, bool) {
  const std::span<const double> y = s.y;
  const int n = static_cast<int>(y.size());
  int best_k = 1;
  double best_mse = INFINITY;
  for (int k : {2, 3, 4, 6, 8, 12, 13, 24, 26, 52, s.m}) {
    if (k < 2 || k >= n) continue;
    double window = 0, sse = 0;
    for (int t = 0; t < k; ++t) window += y[t];
    for (int t = k; t < n; ++t) {  // forecast of y[t] is the mean of y[t-k .. t-1]
      const double e = y[t] - window / k;
      sse += e * e;
      window += y[t] - y[t - k];
    }
    const double mse = sse / (n - k);
    if (mse < best_mse) best_mse = mse, best_k = k;
  }
  ModelFit f;
  double sum = 0;
  for (int t = n - best_k; t < n; ++t) sum += y[t];
  f.mean.assign(s.horizon, sum / best_k);
  f.name = "MovingAverage";
  f.params = {{"k", best_k}};
  return f;
}

ModelFit ses(const SeriesView& s, bool intervals) {
  return deseasonalised_ets(s, {EtsError::kAdditive, EtsTrend::kNone, EtsSeason::kNone}, intervals);
}
ModelFit holt(const SeriesView& s, bool intervals) {
  return deseasonalised_ets(s, {EtsError::kAdditive, EtsTrend::kAdditive, EtsSeason::kNone},
                            intervals);
}
ModelFit damped(const SeriesView& s, bool intervals) {
  return deseasonalised_ets(s, {EtsError::kAdditive, EtsTrend::kDamped, EtsSeason::kNone},
                            intervals);
}

ModelFit comb(const SeriesView& s, bool) {
  ModelFit a = ses(s, false), b = holt(s, false), c = damped(s, false);
  if (!a.ok() || !b.ok() || !c.ok()) return {};
  a.name = "Comb(SES,Holt,Damped)";
  a.params.clear();
  for (int i = 0; i < s.horizon; ++i) a.mean[i] = (a.mean[i] + b.mean[i] + c.mean[i]) / 3;
  return a;
}

ModelFit ets(const SeriesView& s, bool intervals) {
  const std::optional<EtsFit> fit = auto_ets(s.y, s.m);
  if (!fit) return {};
  return ets_forecast(*fit, s.horizon, intervals);
}

ModelFit ets_additive_errors(const SeriesView& s, bool intervals) {
  EtsFamily family;
  family.multiplicative = false;
  const std::optional<EtsFit> fit = auto_ets(s.y, s.m, family);
  if (!fit) return {};
  return ets_forecast(*fit, s.horizon, intervals);
}

}  // namespace oiis::forecast::detail
