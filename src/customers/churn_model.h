// The churn model as a registered artefact (mlops): chosen by a small hyperparameter search on
// time-based windows, saved, loaded and applied later without the purchases it learnt from.
//
//   as_of - 3W: features, labels from (as_of - 3W, as_of - 2W]  -> training
//   as_of - 2W: features, labels from (as_of - 2W, as_of -  W]  -> validation: the search
//               picks the candidate with the best AUC here; Platt calibration is fitted here
//   as_of -  W: features, labels from (as_of -  W, as_of]       -> test, scored once after
//               the choice: AUC, Brier, the recency baseline's AUC
//
// predict_churn (churn.h) is the quicker two-window answer the analytics routes give; this is
// the one a model registry keeps.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/boosted_trees.h"
#include "customers/churn.h"

namespace oiis::customers {

struct ChurnModel {
  BoostedTrees trees;
  double platt_a = 1, platt_b = 0;
  int window_days = 90;
};

// The candidates the search tries: depth x rounds x learning rate around ChurnOptions'
// defaults, each with `seed` and `threads`.
std::vector<BoostedTreesOptions> churn_search_grid(int seed, int threads);

// Scores on a test window.
struct ChurnHeldOut {
  std::size_t customers = 0;
  double auc = 0, brier = 0, baseline_auc = 0, churn_rate = 0;
};

struct ChurnCandidateScore {
  BoostedTreesOptions options;
  double validation_auc = 0;
};

struct ChurnSearch {
  ChurnModel model;
  BoostedTreesOptions chosen;
  std::vector<ChurnCandidateScore> candidates;
  Date train_cutoff = 0, validation_cutoff = 0, test_cutoff = 0;
  std::size_t train_customers = 0, validation_customers = 0;
  double validation_auc = 0;
  ChurnHeldOut test;
};

// kInvalidArgument (field "window_days") when the purchases do not reach three windows back
// with enough customers in each.
Result<ChurnSearch> search_churn_model(std::span<const Purchase> purchases, Date as_of,
                                       int window_days,
                                       std::span<const BoostedTreesOptions> grid);

// A model's scores on the test window of `purchases` at `as_of` (features at as_of - W, labels
// from (as_of - W, as_of], W its own window): how the registry compares production with a
// candidate on the same held-out customers.
Result<ChurnHeldOut> churn_held_out(const ChurnModel& model, std::span<const Purchase> purchases,
                                    Date as_of);

// One JSON document: window, calibration and the trees (XGBoost's JSON model).
Result<std::string> save_churn_model(const ChurnModel& model);
// kInvalidArgument (field "artefact") for anything save_churn_model did not write.
Result<ChurnModel> load_churn_model(std::string_view bytes);

// Calibrated churn probability of each row of `features`.
Result<std::vector<double>> churn_probabilities(const ChurnModel& model,
                                                const ChurnFeatures& features);

}  // namespace oiis::customers
