// Churn, pure: will a customer who has bought before buy again within the next `window_days`?
// Gradient-boosted trees (common/boosted_trees.h) on behavioural features at a cut-off date,
// trained and checked on two earlier windows of the same purchases (docs/customers.md):
//
//   as_of - 2W: features, labels from (as_of - 2W, as_of - W]   -> training
//   as_of -  W: features, labels from (as_of - W, as_of]        -> validation (AUC, calibration)
//   as_of     : features                                        -> the scores returned
//
// so every reported figure is measured on a later window than the model was trained on.
// Probabilities are Platt-calibrated on the validation window; each customer's top drivers
// are the features with the largest SHAP contributions toward churn.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/boosted_trees.h"
#include "common/status.h"
#include "common/time.h"
#include "customers/clv.h"

namespace oiis::customers {

struct ChurnOptions {
  int window_days = 90;  // churned = no purchase in the window after the cut-off
  int top_drivers = 3;
  // Customers given drivers, highest risk first (SHAP costs more than the rest of the run).
  std::size_t explain = 10000;
  // XGBoost's OpenMP threads. One: on a 2-core machine shared with other work, OpenMP's
  // spin-waiting made 100,000 customers take 8.5-24 s with all cores against 5.5 s with one
  // (docs/customers.md "Scale"); the trees are small and shallow, so little is lost alone.
  int threads = 1;
  BoostedTreesOptions trees = default_trees();

  static BoostedTreesOptions default_trees() {
    BoostedTreesOptions t;
    t.objective = "binary:logistic";
    t.rounds = 150;
    t.max_depth = 4;
    t.learning_rate = 0.05;
    t.min_child_weight = 5;
    return t;
  }
};

// The features, in column order.
const std::vector<std::string>& churn_feature_names();

struct ChurnFeatures {
  std::vector<std::string> customers;  // sorted; first purchase on or before the cut-off
  std::vector<float> x;                // customers x churn_feature_names().size()
};

// Features of every customer with a purchase on or before `cutoff` (later ones are ignored).
ChurnFeatures churn_features(std::span<const Purchase> purchases, Date cutoff);

// A window's rows: features at `cutoff`, label 1 when the customer bought nothing in
// (cutoff, cutoff + window]. predict_churn trains on one at as_of - 2W and checks on one at
// as_of - W; bench/customers_sklearn.sh hands the same two to scikit-learn.
struct LabelledWindow {
  ChurnFeatures features;
  std::vector<int> churned;
};
LabelledWindow labelled_window(std::span<const Purchase> purchases, Date cutoff, int window);

struct ChurnDriver {
  std::string feature;
  double value = 0;         // the customer's feature value
  double contribution = 0;  // SHAP, log-odds of churn
};

struct CustomerChurn {
  std::string customer;
  double churn_probability = 0;     // calibrated: no purchase in the next window_days
  double purchase_probability = 0;  // 1 - churn_probability
  double recency_days = 0, purchase_days = 0, spend = 0;
  std::vector<ChurnDriver> drivers;  // largest contributions toward churn first
};

struct ChurnEvaluation {
  Date train_cutoff = 0, validation_cutoff = 0;
  std::size_t train_customers = 0, validation_customers = 0;
  double train_churn_rate = 0, validation_churn_rate = 0;
  double auc = 0;          // raw scores on the validation window
  double brier = 0;        // calibrated, on the half of validation customers not used to calibrate
  double calibration_error = 0;  // expected calibration error (10 bins), same half
  double baseline_auc = 0;  // recency alone (longer since the last purchase = more likely churned)
};

struct ChurnResult {
  Date as_of = 0;
  int window_days = 0;
  ChurnEvaluation evaluation;
  double platt_a = 1, platt_b = 0;  // p = 1 / (1 + exp(-(a * logit(raw) + b)))
  std::vector<std::pair<std::string, double>> importance;  // mean |SHAP| over the explained
  std::vector<CustomerChurn> customers;  // by churn probability, highest first
  std::size_t explained = 0;  // the first this many customers have drivers; the rest none
};

// kInvalidArgument (field "window_days") when the purchases do not reach back two windows
// before `as_of` with enough customers on each side to learn from.
Result<ChurnResult> predict_churn(std::span<const Purchase> purchases, Date as_of,
                                  const ChurnOptions& options = {});

// Area under the ROC curve of `score` for `label` (1 = positive), ties counted half.
double roc_auc(std::span<const double> score, std::span<const int> label);

}  // namespace oiis::customers
