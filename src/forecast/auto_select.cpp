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
    std::vector<ModelFn> c{seasonal_naive, naive2, ses, damped, theta, ets, mstl, prophet};
    if (s.m2 > 1) c.push_back(seasonal_naive2);
    return c;
  }
  std::vector<ModelFn> c{naive, ses, holt, damped, theta, optimized_theta, ets};
  if (s.m2 > 1) c.push_back(mstl);
  return c;
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

// Per origin, the mean error sums over the candidates: scores are relative to these, so each
// origin weighs the same whatever the series' level there.
struct Normaliser {
  std::vector<double> smape, mae;
};

Normaliser normaliser(const SeriesView& s, const std::vector<int>& origins,
                      const std::vector<Candidate>& cands) {
  Normaliser nz{std::vector<double>(origins.size(), 0), std::vector<double>(origins.size(), 0)};
  for (size_t k = 0; k < origins.size(); ++k) {
    int count = 0;
    for (const Candidate& c : cands) {
      double sm, ma;
      if (!window_errors(s, origins[k], c.backtest[k], sm, ma)) continue;
      nz.smape[k] += sm, nz.mae[k] += ma, ++count;
    }
    if (count) nz.smape[k] /= count, nz.mae[k] /= count;
  }
  return nz;
}

// Sum over origins of 0.5 (sMAPE / mean sMAPE + MAE / mean MAE); +inf if a row is unusable.
double score_rows(const SeriesView& s, const std::vector<int>& origins,
                  const std::vector<std::vector<double>>& rows, const Normaliser& nz) {
  double score = 0;
  for (size_t k = 0; k < origins.size(); ++k) {
    double sm, ma;
    if (!window_errors(s, origins[k], rows[k], sm, ma)) return INFINITY;
    score += 0.5 * ((nz.smape[k] > 0 ? sm / nz.smape[k] : 1) + (nz.mae[k] > 0 ? ma / nz.mae[k] : 1));
  }
  return score;
}

// Backtest forecasts of the median of candidates `members`, one row per origin.
std::vector<std::vector<double>> combined_backtest(const std::vector<Candidate>& cands,
                                                   const std::vector<size_t>& members,
                                                   size_t origins, size_t h) {
  std::vector<std::vector<double>> out(origins);
  std::vector<const std::vector<double>*> rows;
  for (size_t k = 0; k < origins; ++k) {
    rows.clear();
    for (size_t r : members) {
      if (cands[r].backtest[k].empty()) break;
      rows.push_back(&cands[r].backtest[k]);
    }
    if (rows.size() == members.size()) out[k] = combine(rows, h);
  }
  return out;
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
  const Normaliser nz = normaliser(s, origins, cands);
  for (Candidate& c : cands) c.score = score_rows(s, origins, c.backtest, nz);
  std::vector<size_t> rank(cands.size());
  std::iota(rank.begin(), rank.end(), 0);
  std::stable_sort(rank.begin(), rank.end(),
                   [&](size_t a, size_t b) { return cands[a].score < cands[b].score; });
  // The best single candidate, or the median of the best j <= combine_top if that backtests
  // better: combining is the default choice only where it earns it on this series.
  std::vector<size_t> chosen{rank[0]};
  double best_score = cands[rank[0]].score;
  for (size_t j = 2; j <= std::min<size_t>(combine_top, rank.size()); ++j) {
    const std::vector<size_t> top(rank.begin(), rank.begin() + j);
    const double sc =
        score_rows(s, origins, combined_backtest(cands, top, origins.size(), s.horizon), nz);
    if (sc < best_score) best_score = sc, chosen = top;
  }
  if (!std::isfinite(best_score)) return naive(s, intervals);

  ModelFit out;
  std::vector<ModelFit> members;
  std::vector<size_t> used;
  for (size_t r : chosen) {
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
    const auto backtest = combined_backtest(cands, used, origins.size(), s.horizon);
    std::vector<std::vector<double>> errors(origins.size());
    for (size_t k = 0; k < origins.size(); ++k) {
      for (size_t i = 0; i < backtest[k].size(); ++i) {
        errors[k].push_back(s.y[origins[k] + i] - backtest[k][i]);
      }
    }
    empirical_intervals(s.y, errors, out);
  }
  return out;
}

}  // namespace oiis::forecast::detail
