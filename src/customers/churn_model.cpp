#include "customers/churn_model.h"

#include <nlohmann/json.hpp>

#include "customers/churn_detail.h"

namespace oiis::customers {
namespace {

using detail::calibrated;
using detail::check_window;
using detail::fit_platt;
using detail::rows_of;
using detail::to_double;

constexpr std::string_view kArtefactKind = "oiis.churn_model";

Result<std::vector<double>> raw_scores(const BoostedTrees& trees, const ChurnFeatures& f) {
  auto raw = trees.predict(rows_of(f));
  if (!raw) return raw.status();
  return to_double(*raw);
}

struct Windows {
  LabelledWindow train, validation, test;
};

Result<Windows> three_windows(std::span<const Purchase> purchases, Date as_of, int w) {
  if (w < 1) return invalid_argument("must be at least 1 day", "window_days");
  Windows out{labelled_window(purchases, as_of - 3 * w, w),
              labelled_window(purchases, as_of - 2 * w, w),
              labelled_window(purchases, as_of - w, w)};
  OIIS_RETURN_IF_ERROR(check_window(out.train, "training"));
  OIIS_RETURN_IF_ERROR(check_window(out.validation, "validation"));
  OIIS_RETURN_IF_ERROR(check_window(out.test, "test"));
  return out;
}

// Fits every candidate on the training window and keeps the best validation AUC (the first
// such on a tie, so the order of the grid decides and the choice is reproducible).
Status choose(const Windows& w, std::span<const BoostedTreesOptions> grid, ChurnSearch& out) {
  if (grid.empty()) return invalid_argument("no candidate settings", "grid");
  const std::vector<float> label(w.train.churned.begin(), w.train.churned.end());
  double best = -1;
  for (const BoostedTreesOptions& candidate : grid) {
    auto trees = BoostedTrees::fit(rows_of(w.train.features), label, {}, candidate);
    if (!trees) return trees.status();
    auto raw = raw_scores(*trees, w.validation.features);
    if (!raw) return raw.status();
    const double auc = roc_auc(*raw, w.validation.churned);
    out.candidates.push_back({candidate, auc});
    if (auc > best) {
      best = auc;
      out.chosen = candidate;
      out.model.trees = std::move(*trees);
    }
  }
  out.validation_auc = best;
  auto raw = raw_scores(out.model.trees, w.validation.features);
  if (!raw) return raw.status();
  std::tie(out.model.platt_a, out.model.platt_b) = fit_platt(*raw, w.validation.churned);
  return Status::ok();
}

Result<ChurnHeldOut> score_window(const ChurnModel& model, const LabelledWindow& test) {
  auto p = churn_probabilities(model, test.features);
  if (!p) return p.status();
  ChurnHeldOut out;
  out.customers = test.churned.size();
  out.auc = roc_auc(*p, test.churned);
  const std::size_t cols = churn_feature_names().size();
  std::vector<double> recency(test.churned.size());
  double brier = 0;
  for (std::size_t i = 0; i < test.churned.size(); ++i) {
    recency[i] = test.features.x[i * cols];  // column 0: days since the last purchase
    brier += ((*p)[i] - test.churned[i]) * ((*p)[i] - test.churned[i]);
  }
  out.brier = brier / static_cast<double>(test.churned.size());
  out.baseline_auc = roc_auc(recency, test.churned);
  out.churn_rate = detail::mean_of(test.churned);
  return out;
}

}  // namespace

std::vector<BoostedTreesOptions> churn_search_grid(int seed, int threads) {
  std::vector<BoostedTreesOptions> grid;
  for (int depth : {3, 4, 6})
    for (int rounds : {100, 200})
      for (double rate : {0.05, 0.1}) {
        BoostedTreesOptions o = ChurnOptions::default_trees();
        o.max_depth = depth, o.rounds = rounds, o.learning_rate = rate;
        o.seed = seed, o.threads = threads;
        grid.push_back(o);
      }
  return grid;
}

Result<ChurnSearch> search_churn_model(std::span<const Purchase> purchases, Date as_of,
                                       int window_days,
                                       std::span<const BoostedTreesOptions> grid) {
  auto windows = three_windows(purchases, as_of, window_days);
  if (!windows) return windows.status();
  ChurnSearch out;
  out.model.window_days = window_days;
  out.train_cutoff = as_of - 3 * window_days;
  out.validation_cutoff = as_of - 2 * window_days;
  out.test_cutoff = as_of - window_days;
  out.train_customers = windows->train.churned.size();
  out.validation_customers = windows->validation.churned.size();
  OIIS_RETURN_IF_ERROR(choose(*windows, grid, out));
  auto test = score_window(out.model, windows->test);
  if (!test) return test.status();
  out.test = *test;
  return out;
}

Result<ChurnHeldOut> churn_held_out(const ChurnModel& model, std::span<const Purchase> purchases,
                                    Date as_of) {
  const LabelledWindow test =
      labelled_window(purchases, as_of - model.window_days, model.window_days);
  OIIS_RETURN_IF_ERROR(check_window(test, "test"));
  return score_window(model, test);
}

Result<std::string> save_churn_model(const ChurnModel& model) {
  auto trees = model.trees.save();
  if (!trees) return trees.status();
  nlohmann::json doc = {{"kind", kArtefactKind},
                        {"window_days", model.window_days},
                        {"platt_a", model.platt_a},
                        {"platt_b", model.platt_b},
                        {"features", churn_feature_names()},
                        {"trees", nlohmann::json::parse(*trees)}};
  return doc.dump();
}

Result<ChurnModel> load_churn_model(std::string_view bytes) {
  auto doc = nlohmann::json::parse(bytes, nullptr, false);
  if (!doc.is_object() || doc.value("kind", "") != kArtefactKind || !doc.contains("trees"))
    return invalid_argument("not a churn model artefact", "artefact");
  if (doc.value("features", nlohmann::json::array()) != nlohmann::json(churn_feature_names()))
    return invalid_argument("the artefact's features differ from this version's", "artefact");
  auto trees = BoostedTrees::load(doc["trees"].dump());
  if (!trees) return invalid_argument(trees.status().message(), "artefact");
  ChurnModel model{std::move(*trees), doc.value("platt_a", 1.0), doc.value("platt_b", 0.0),
                   doc.value("window_days", 90)};
  return model;
}

Result<std::vector<double>> churn_probabilities(const ChurnModel& model,
                                                const ChurnFeatures& features) {
  auto raw = raw_scores(model.trees, features);
  if (!raw) return raw.status();
  for (double& p : *raw) p = calibrated(p, model.platt_a, model.platt_b);
  return raw;
}

}  // namespace oiis::customers
