#include "customers/churn.h"

#include "customers/churn_detail.h"

#include <algorithm>
#include <array>
#include <tuple>
#include <cmath>
#include <numeric>
#include <set>

namespace oiis::customers {
namespace detail {

double mean_of(std::span<const int> v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double logit(double p) {
  p = std::clamp(p, 1e-6, 1 - 1e-6);
  return std::log(p / (1 - p));
}

double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

// Platt scaling: logistic regression of the label on logit(raw score), by Newton's method.
std::pair<double, double> fit_platt(std::span<const double> raw, std::span<const int> label) {
  double a = 1, b = 0;
  for (int iter = 0; iter < 50; ++iter) {
    double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const double z = logit(raw[i]), p = sigmoid(a * z + b), r = p - label[i], w = p * (1 - p);
      ga += r * z, gb += r;
      haa += w * z * z, hab += w * z, hbb += w;
    }
    const double det = haa * hbb - hab * hab;
    if (!(std::abs(det) > 1e-12)) break;
    const double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    a -= da, b -= db;
    if (std::abs(da) + std::abs(db) < 1e-9) break;
  }
  return {a, b};
}

double calibrated(double raw, double a, double b) { return sigmoid(a * logit(raw) + b); }

// Mean |prob - label| gap over 10 equal-width probability bins, weighted by bin size.
double expected_calibration_error(std::span<const double> p, std::span<const int> label) {
  std::array<double, 10> sum_p{}, sum_y{}, count{};
  for (std::size_t i = 0; i < p.size(); ++i) {
    const int bin = std::min(9, static_cast<int>(p[i] * 10));
    sum_p[bin] += p[i], sum_y[bin] += label[i], count[bin] += 1;
  }
  double ece = 0;
  for (int b = 0; b < 10; ++b) {
    if (count[b] > 0) ece += std::abs(sum_p[b] - sum_y[b]) / static_cast<double>(p.size());
  }
  return ece;
}

Status check_window(const LabelledWindow& w, const char* which) {
  const auto churned = static_cast<std::size_t>(std::count(w.churned.begin(), w.churned.end(), 1));
  if (w.churned.size() < kMinCustomers || churned == 0 || churned == w.churned.size())
    return invalid_argument(std::string("the ") + which + " window has " +
                                std::to_string(w.churned.size()) + " customers, " +
                                std::to_string(churned) +
                                " churned: too few to learn from (shorten the window or use a "
                                "longer history)",
                            "window_days");
  return Status::ok();
}

std::vector<double> to_double(const std::vector<float>& v) { return {v.begin(), v.end()}; }

DenseRows rows_of(const ChurnFeatures& f) {
  return DenseRows{f.x, static_cast<int>(churn_feature_names().size())};
}

}  // namespace detail
namespace {

using detail::calibrated;
using detail::check_window;
using detail::fit_platt;
using detail::rows_of;
using detail::mean_of;
using detail::to_double;
using detail::expected_calibration_error;

// AUC of the raw scores on the later window; Platt fitted on its even-numbered customers and
// scored on the odd ones (Brier, ECE), then refitted on all of them for the scores returned.
Status evaluate(const BoostedTrees& model, const LabelledWindow& v, ChurnResult& out) {
  auto raw = model.predict(rows_of(v.features));
  if (!raw) return raw.status();
  const std::vector<double> p = to_double(*raw);
  ChurnEvaluation& e = out.evaluation;
  e.auc = roc_auc(p, v.churned);
  std::vector<double> recency;
  for (std::size_t i = 0; i < v.churned.size(); ++i)
    recency.push_back(v.features.x[i * churn_feature_names().size()]);  // column 0
  e.baseline_auc = roc_auc(recency, v.churned);
  std::vector<double> fit_p, check_p;
  std::vector<int> fit_y, check_y;
  for (std::size_t i = 0; i < p.size(); ++i) {
    (i % 2 == 0 ? fit_p : check_p).push_back(p[i]);
    (i % 2 == 0 ? fit_y : check_y).push_back(v.churned[i]);
  }
  const auto [a, b] = fit_platt(fit_p, fit_y);
  double brier = 0;
  for (double& q : check_p) q = calibrated(q, a, b);
  for (std::size_t i = 0; i < check_p.size(); ++i)
    brier += (check_p[i] - check_y[i]) * (check_p[i] - check_y[i]);
  e.brier = brier / static_cast<double>(check_p.size());
  e.calibration_error = expected_calibration_error(check_p, check_y);
  std::tie(out.platt_a, out.platt_b) = fit_platt(p, v.churned);
  return Status::ok();
}

std::vector<ChurnDriver> top_drivers(const float* contrib, const float* x, int k) {
  const auto& names = churn_feature_names();
  std::vector<std::size_t> idx(names.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return contrib[a] > contrib[b]; });
  std::vector<ChurnDriver> out;
  for (std::size_t j : idx) {
    if (static_cast<int>(out.size()) == k || !(contrib[j] > 0)) break;
    out.push_back({names[j], x[j], contrib[j]});
  }
  return out;
}

// Calibrated scores for every customer at `as_of`, highest first; drivers (SHAP) and the
// global importance for the `explain` highest-risk ones only: TreeSHAP is O(trees x leaves x
// depth^2) per row and took half of a 100,000-customer run (docs/customers.md "Scale").
Status score_customers(const BoostedTrees& model, const ChurnFeatures& f,
                       const ChurnOptions& options, ChurnResult& out) {
  auto raw = model.predict(rows_of(f));
  if (!raw) return raw.status();
  const std::size_t cols = churn_feature_names().size();
  std::vector<std::size_t> order(f.customers.size());
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t i = 0; i < f.customers.size(); ++i) {
    const float* x = f.x.data() + i * cols;
    CustomerChurn cc;
    cc.customer = f.customers[i];
    cc.churn_probability = calibrated((*raw)[i], out.platt_a, out.platt_b);
    cc.purchase_probability = 1 - cc.churn_probability;
    cc.recency_days = x[0], cc.purchase_days = x[2], cc.spend = x[6];
    out.customers.push_back(std::move(cc));
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return out.customers[a].churn_probability > out.customers[b].churn_probability;
  });
  std::vector<CustomerChurn> sorted;
  sorted.reserve(order.size());
  for (std::size_t i : order) sorted.push_back(std::move(out.customers[i]));
  out.customers = std::move(sorted);
  out.explained = std::min(order.size(), options.explain);
  std::vector<float> explained_x;
  explained_x.reserve(out.explained * cols);
  for (std::size_t r = 0; r < out.explained; ++r)
    explained_x.insert(explained_x.end(), f.x.begin() + order[r] * cols,
                       f.x.begin() + (order[r] + 1) * cols);
  std::vector<double> importance(cols, 0.0);
  if (out.explained == 0) return Status::ok();
  auto contrib = model.contributions(DenseRows{explained_x, static_cast<int>(cols)});
  if (!contrib) return contrib.status();
  for (std::size_t r = 0; r < out.explained; ++r) {
    const float* c = contrib->data() + r * (cols + 1);
    for (std::size_t j = 0; j < cols; ++j) importance[j] += std::abs(c[j]) / out.explained;
    out.customers[r].drivers = top_drivers(c, explained_x.data() + r * cols, options.top_drivers);
  }
  for (std::size_t j = 0; j < cols; ++j)
    out.importance.emplace_back(churn_feature_names()[j], importance[j]);
  std::stable_sort(out.importance.begin(), out.importance.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return Status::ok();
}

}  // namespace

LabelledWindow labelled_window(std::span<const Purchase> purchases, Date cutoff, int window) {
  LabelledWindow w{churn_features(purchases, cutoff), {}};
  std::set<std::string> bought;
  for (const Purchase& p : purchases) {
    if (p.day > cutoff && p.day <= cutoff + window) bought.insert(p.customer);
  }
  for (const std::string& c : w.features.customers) {
    w.churned.push_back(bought.count(c) ? 0 : 1);
  }
  return w;
}

Result<ChurnResult> predict_churn(std::span<const Purchase> purchases, Date as_of,
                                  const ChurnOptions& options) {
  if (options.window_days < 1) return invalid_argument("must be at least 1 day", "window_days");
  const int w = options.window_days;
  const LabelledWindow train = labelled_window(purchases, as_of - 2 * w, w);
  OIIS_RETURN_IF_ERROR(check_window(train, "training"));
  const LabelledWindow validation = labelled_window(purchases, as_of - w, w);
  OIIS_RETURN_IF_ERROR(check_window(validation, "validation"));
  BoostedTreesOptions trees = options.trees;
  trees.threads = options.threads;
  const std::vector<float> label(train.churned.begin(), train.churned.end());
  auto model = BoostedTrees::fit(rows_of(train.features), label, {}, trees);
  if (!model) return model.status();
  ChurnResult out;
  out.as_of = as_of;
  out.window_days = w;
  ChurnEvaluation& e = out.evaluation;
  e.train_cutoff = as_of - 2 * w, e.validation_cutoff = as_of - w;
  e.train_customers = train.churned.size(), e.validation_customers = validation.churned.size();
  e.train_churn_rate = mean_of(train.churned), e.validation_churn_rate = mean_of(validation.churned);
  OIIS_RETURN_IF_ERROR(evaluate(*model, validation, out));
  OIIS_RETURN_IF_ERROR(score_customers(*model, churn_features(purchases, as_of), options, out));
  return out;
}

double roc_auc(std::span<const double> score, std::span<const int> label) {
  std::vector<std::size_t> order(score.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] < score[b]; });
  double positives = 0, rank_sum = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && score[order[j]] == score[order[i]]) ++j;
    const double mid_rank = (static_cast<double>(i + j) + 1) / 2;  // 1-based average rank
    for (std::size_t k = i; k < j; ++k) {
      if (label[order[k]]) positives += 1, rank_sum += mid_rank;
    }
    i = j;
  }
  const double negatives = static_cast<double>(score.size()) - positives;
  if (positives == 0 || negatives == 0) return std::nan("");
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

}  // namespace oiis::customers
