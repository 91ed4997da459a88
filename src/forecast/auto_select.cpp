#include "forecast/auto_select.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "forecast/backtest.h"
#include "forecast/intermittent.h"
#include "forecast/mstl.h"
#include "forecast/naive.h"
#include "forecast/theta.h"

namespace oiis::forecast::detail {
namespace {

constexpr int kOrigins = 3;

struct Candidate {
  ModelFn fn;
  std::vector<std::vector<double>> backtest;  // one row per origin, empty where it failed
  double score = INFINITY;
};

bool is_intermittent(const SeriesView& s) {
  if (!s.nonnegative) return false;
  const auto zeros = std::count(s.y.begin(), s.y.end(), 0.0);
  return static_cast<double>(zeros) >= 0.3 * static_cast<double>(s.y.size());
}

std::vector<ModelFn> candidate_models(const SeriesView& s) {
  if (is_intermittent(s)) return {naive, ses, moving_average, croston, sba, tsb};
  if (s.m > 1) {
    std::vector<ModelFn> c{seasonal_naive, naive2, ses, damped, theta, ets, mstl};
    if (s.m2 > 1) c.push_back(seasonal_naive2);
    return c;
  }
  return {naive, ses, holt, damped, theta, optimized_theta, ets};
}

// Median of the values at index i across rows (mean of the middle two for an even count).
double median_at(const std::vector<const std::vector<double>*>& rows, size_t i) {
  double v[16];
  const size_t k = std::min<size_t>(rows.size(), 16);
  for (size_t j = 0; j < k; ++j) v[j] = (*rows[j])[i];
  std::sort(v, v + k);
  return k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
}

std::vector<double> combine(const std::vector<const std::vector<double>*>& rows, size_t h) {
  std::vector<double> out(h);
  for (size_t i = 0; i < h; ++i) out[i] = median_at(rows, i);
  return out;
}

// Scores every candidate that produced a forecast at every origin; the others keep +inf.
void score_candidates(const SeriesView& s, const std::vector<int>& origins,
                      std::vector<Candidate>& cands) {
  for (size_t k = 0; k < origins.size(); ++k) {
    const auto actual = s.y.subspan(origins[k], s.horizon);
    std::vector<double> smape_k(cands.size(), NAN), mae_k(cands.size(), NAN);
    double smape_sum = 0, mae_sum = 0;
    int count = 0;
    for (size_t c = 0; c < cands.size(); ++c) {
      const std::vector<double>& f = cands[c].backtest[k];
      if (f.empty()) continue;
      double sm = 0, ma = 0;
      for (int i = 0; i < s.horizon; ++i) {
        const double e = std::fabs(actual[i] - f[i]);
        const double denom = std::fabs(actual[i]) + std::fabs(f[i]);
        sm += denom > 0 ? 2 * e / denom : 0;
        ma += e;
      }
      if (!std::isfinite(sm) || !std::isfinite(ma)) continue;
      smape_k[c] = sm, mae_k[c] = ma;
      smape_sum += sm, mae_sum += ma, ++count;
    }
    for (size_t c = 0; c < cands.size(); ++c) {
      if (std::isnan(smape_k[c])) {
        cands[c].score = INFINITY;
        continue;
      }
      if (k == 0) cands[c].score = 0;
      const double rel_s = smape_sum > 0 ? smape_k[c] * count / smape_sum : 1;
      const double rel_m = mae_sum > 0 ? mae_k[c] * count / mae_sum : 1;
      cands[c].score += 0.5 * (rel_s + rel_m);
    }
  }
}

}  // namespace

ModelFit auto_forecast(const SeriesView& s, bool intervals, int combine_top) {
  const int n = static_cast<int>(s.y.size());
  const int min_train = std::max(10, 2 * s.m + 1);
  const std::vector<int> origins = backtest_origins(n, s.horizon, kOrigins, min_train);
  if (origins.empty()) {  // too short to backtest: the AICc choice, else damped/naive
    for (ModelFn fn : {ets, damped, naive}) {
      ModelFit f = fn(s, intervals);
      if (f.ok()) return f;
    }
    return {};
  }
  std::vector<Candidate> cands;
  for (ModelFn fn : candidate_models(s)) {
    cands.push_back({fn, backtest_forecasts(s, fn, origins)});
  }
  score_candidates(s, origins, cands);
  std::vector<size_t> rank(cands.size());
  std::iota(rank.begin(), rank.end(), 0);
  std::stable_sort(rank.begin(), rank.end(),
                   [&](size_t a, size_t b) { return cands[a].score < cands[b].score; });

  ModelFit out;
  std::vector<ModelFit> members;
  std::vector<size_t> used;
  for (size_t r : rank) {
    if (static_cast<int>(members.size()) >= std::max(combine_top, 1)) break;
    if (!std::isfinite(cands[r].score)) break;
    ModelFit f = cands[r].fn(s, false);
    if (!f.ok()) continue;
    members.push_back(std::move(f));
    used.push_back(r);
  }
  if (members.empty()) return naive(s, intervals);
  std::vector<const std::vector<double>*> rows;
  out.name = members.size() == 1 ? members[0].name : "Median(";
  for (size_t j = 0; j < members.size(); ++j) {
    rows.push_back(&members[j].mean);
    if (members.size() > 1) out.name += members[j].name + (j + 1 < members.size() ? "," : ")");
  }
  out.mean = combine(rows, s.horizon);
  if (members.size() == 1) out.params = members[0].params;
  if (intervals) {
    std::vector<std::vector<double>> errors(origins.size());
    for (size_t k = 0; k < origins.size(); ++k) {
      rows.clear();
      for (size_t r : used) rows.push_back(&cands[r].backtest[k]);
      const std::vector<double> f = combine(rows, s.horizon);
      errors[k].resize(s.horizon);
      for (int i = 0; i < s.horizon; ++i) errors[k][i] = s.y[origins[k] + i] - f[i];
    }
    empirical_intervals(s.y, errors, out);
  }
  return out;
}

}  // namespace oiis::forecast::detail
