#include "forecast/auto_select.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "forecast/backtest.h"
#include "forecast/intermittent.h"
#include "forecast/mstl.h"
#include "forecast/naive.h"
#include "forecast/prophet.h"
#include "forecast/theta.h"

namespace oiis::forecast::detail {
namespace {

// The rule below was chosen on validation windows only (docs/evaluation.md, "auto"): M4
// Weekly/Hourly and Tourism monthly/quarterly/yearly, each training file's last h values held
// out. Three backtest origins: two or one cost 0.007 / 0.022 of mean validation OWA over the
// five sets at three validation windows each (bench/forecast_auto_replay.sh, docs/evaluation.md).
constexpr int kOrigins = 3;
// Non-seasonal series (m = 1: weekly, yearly, other) are fitted on at most their last
// kMaxHistory values (at least four of a second season): at three validation windows of M4
// Weekly, capping at 260 left the OWA unchanged (0.804 both; 312 and 208 no better) and made
// `auto` four times cheaper there. Seasonal series keep their whole history: on M4 Hourly and
// Tourism monthly the cap was neutral too, but on a store's daily demand (m = 7) it cost
// 0.007 of A-class 1-WAPE (the yearly pattern of 730 days), so it was not extended to them.
constexpr size_t kMaxHistory = 260;
// A candidate joins the pool when its backtest score is within this fraction of the best
// one's; 0.25..0.4 changed the mean validation OWA over the five sets by at most 0.002.
constexpr double kPoolTolerance = 0.3;

struct Candidate {
  ModelFn fn;
  std::vector<std::vector<double>> backtest;  // one row per origin (candidate_fit's forecast)
  double score = INFINITY;
};

bool is_intermittent(const SeriesView& s) {
  if (!s.nonnegative) return false;
  const auto zeros = std::count(s.y.begin(), s.y.end(), 0.0);
  return static_cast<double>(zeros) >= 0.3 * static_cast<double>(s.y.size());
}

// Theta, OTM and ETS on every smooth series; the seasonal specialists only where there is a
// season for them. Each addition was kept only where validation showed it helps: Prophet
// lowered the OWA of all three seasonal (m > 1) sets but raised Tourism yearly's when allowed
// on m = 1 series, so it needs m > 1; ARIMA, Damped and Naive2 raised the mean validation OWA
// over the five sets.
std::vector<ModelFn> candidate_models(const SeriesView& s) {
  if (is_intermittent(s)) return {naive, ses, moving_average, croston, sba, tsb};
  // Additive-error ETS on non-seasonal series: at three validation windows of M4 Weekly and
  // Tourism yearly it was as accurate or better (weekly 0.801 vs 0.804, yearly 0.905 vs 0.910)
  // at half the cost.
  std::vector<ModelFn> c{theta, optimized_theta, s.m > 1 ? ets : ets_additive_errors};
  if (s.m > 1) c.insert(c.end(), {seasonal_naive, prophet});
  if (s.m > 1 || s.m2 > 1) c.push_back(mstl);
  if (s.m2 > 1) c.push_back(seasonal_naive2);
  return c;
}

// A candidate's forecast as forecast() would give it alone — naive where the model cannot be
// fitted, clamped at 0 for non-negative data: the forecasts its validation figures are of.
ModelFit candidate_fit(ModelFn fn, const SeriesView& s) {
  ModelFit f = fn(s, false);
  if (!f.ok()) f = naive(s, false);
  if (s.nonnegative) {
    for (double& v : f.mean) v = std::max(v, 0.0);
  }
  return f;
}

// candidate_fit at each origin: row k is the forecast made from y[0, origins[k]).
std::vector<std::vector<double>> candidate_backtest(ModelFn fn, const SeriesView& s,
                                                    const std::vector<int>& origins) {
  std::vector<std::vector<double>> rows;
  for (int origin : origins) {
    SeriesView train = s;  // a prefix keeps the sign properties of the whole
    train.y = s.y.first(origin);
    rows.push_back(candidate_fit(fn, train).mean);
  }
  return rows;
}

// Equal-weight mean of the rows, value by value.
std::vector<double> mean_of(const std::vector<const std::vector<double>*>& rows, size_t h) {
  std::vector<double> out(h, 0.0);
  for (const auto* row : rows) {
    for (size_t i = 0; i < h; ++i) out[i] += (*row)[i];
  }
  for (double& v : out) v /= static_cast<double>(rows.size());
  return out;
}

// sMAPE-like and absolute error sums of forecast `f` made at `origin`; false if unusable.
bool window_errors(const SeriesView& s, int origin, const std::vector<double>& f, double& sm,
                   double& ma) {
  if (f.empty()) return false;
  const auto actual = s.y.subspan(origin, s.horizon);
  sm = ma = 0;
  for (int i = 0; i < s.horizon; ++i) {
    const double e = std::fabs(actual[i] - f[i]);
    const double denom = std::fabs(actual[i]) + std::fabs(f[i]);
    sm += denom > 0 ? 2 * e / denom : 0;
    ma += e;
  }
  return std::isfinite(sm) && std::isfinite(ma);
}

// Scores every candidate: the sum over origins of 0.5 (sMAPE / mean sMAPE + MAE / mean MAE),
// means over the candidates at that origin, so each origin weighs the same whatever the
// series' level there; +inf for a candidate that failed at some origin.
void score_candidates(const SeriesView& s, const std::vector<int>& origins,
                      std::vector<Candidate>& cands) {
  for (Candidate& c : cands) c.score = 0;
  for (size_t k = 0; k < origins.size(); ++k) {
    std::vector<double> sm(cands.size()), ma(cands.size());
    std::vector<bool> ok(cands.size());
    double mean_sm = 0, mean_ma = 0;
    int count = 0;
    for (size_t j = 0; j < cands.size(); ++j) {
      ok[j] = window_errors(s, origins[k], cands[j].backtest[k], sm[j], ma[j]);
      if (ok[j]) mean_sm += sm[j], mean_ma += ma[j], ++count;
    }
    if (count) mean_sm /= count, mean_ma /= count;
    for (size_t j = 0; j < cands.size(); ++j) {
      if (!ok[j]) {
        cands[j].score = INFINITY;
        continue;
      }
      cands[j].score += 0.5 * ((mean_sm > 0 ? sm[j] / mean_sm : 1) +
                               (mean_ma > 0 ? ma[j] / mean_ma : 1));
    }
  }
}

// Fits each of `fns` on the whole series (candidate_fit) and returns their mean, named
// "Mean(a,b,...)", or the single model's own fit.
ModelFit mean_forecast(const SeriesView& s, const std::vector<ModelFn>& fns) {
  std::vector<ModelFit> fits;
  for (ModelFn fn : fns) fits.push_back(candidate_fit(fn, s));
  if (fits.size() == 1) return std::move(fits[0]);
  ModelFit out;
  std::vector<const std::vector<double>*> rows;
  out.name = "Mean(";
  for (size_t j = 0; j < fits.size(); ++j) {
    rows.push_back(&fits[j].mean);
    out.name += fits[j].name + (j + 1 < fits.size() ? "," : ")");
  }
  out.mean = mean_of(rows, s.horizon);
  return out;
}

// Empirical intervals from the backtest errors of the mean of candidates `members`.
void pool_intervals(const SeriesView& s, const std::vector<int>& origins,
                    const std::vector<Candidate>& cands, const std::vector<size_t>& members,
                    ModelFit& out) {
  std::vector<std::vector<double>> errors(origins.size());
  std::vector<const std::vector<double>*> rows;
  for (size_t k = 0; k < origins.size(); ++k) {
    rows.clear();
    for (size_t r : members) rows.push_back(&cands[r].backtest[k]);
    const std::vector<double> f = mean_of(rows, s.horizon);
    for (int i = 0; i < s.horizon; ++i) errors[k].push_back(s.y[origins[k] + i] - f[i]);
  }
  empirical_intervals(s.y, errors, out);
}

}  // namespace

std::vector<size_t> pool_members(const std::vector<double>& scores, int cap) {
  std::vector<size_t> rank(scores.size());
  std::iota(rank.begin(), rank.end(), 0);
  std::stable_sort(rank.begin(), rank.end(),
                   [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  const double limit = scores[rank[0]] * (1 + kPoolTolerance);
  std::vector<size_t> members{rank[0]};
  for (size_t j = 1; j < rank.size() && static_cast<int>(members.size()) < cap; ++j) {
    if (!std::isfinite(scores[rank[j]]) || scores[rank[j]] > limit) break;
    members.push_back(rank[j]);
  }
  return members;
}

// A non-seasonal `s` cut to its last kMaxHistory values; regressors are shifted with it
// (into `shifted`).
SeriesView recent_history(const SeriesView& s, std::vector<Regressor>& shifted) {
  const size_t keep = std::max(kMaxHistory, static_cast<size_t>(4 * s.m2));
  if (s.m > 1 || s.y.size() <= keep) return s;
  const size_t drop = s.y.size() - keep;
  SeriesView out = s;  // a suffix keeps the sign properties of the whole
  out.y = s.y.last(keep);
  for (const Regressor& r : s.regressors) {
    shifted.push_back({r.name, std::vector<double>(r.values.begin() + drop, r.values.end())});
  }
  out.regressors = shifted;
  return out;
}

ModelFit auto_forecast(const SeriesView& full, bool intervals, int combine_top) {
  std::vector<Regressor> shifted;
  const SeriesView s = recent_history(full, shifted);
  const int n = static_cast<int>(s.y.size());
  const int min_train = std::max(10, 2 * s.m + 1);
  const std::vector<int> origins = backtest_origins(n, s.horizon, kOrigins, min_train);
  if (origins.empty()) {  // too short to backtest: the mean of the strong smooth models
    ModelFit f = mean_forecast(s, {theta, optimized_theta, ets});
    if (intervals) empirical_intervals(s.y, {}, f);
    return f;
  }
  std::vector<Candidate> cands;
  for (ModelFn fn : candidate_models(s)) {
    cands.push_back({fn, candidate_backtest(fn, s, origins)});
  }
  score_candidates(s, origins, cands);
  std::vector<double> scores;
  for (const Candidate& c : cands) scores.push_back(c.score);
  const std::vector<size_t> members = pool_members(scores, combine_top);
  if (!std::isfinite(cands[members[0]].score)) return naive(s, intervals);
  std::vector<ModelFn> fns;
  for (size_t r : members) fns.push_back(cands[r].fn);
  ModelFit out = mean_forecast(s, fns);
  if (intervals) pool_intervals(s, origins, cands, members, out);
  return out;
}

}  // namespace oiis::forecast::detail
