// Scoring BG/NBD predictions on a holdout period: each calibration customer's predicted
// transactions in (calibration_end, holdout_end] against the transactions they made, beside a
// naive baseline that carries each customer's past rate forward. Pure: fit and purchases in.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "customers/clv.h"

namespace oiis::customers {

struct HoldoutCustomer {
  std::string customer;
  double predicted = 0;  // BG/NBD expected transactions over the holdout
  double naive = 0;      // repeat transactions per week in calibration (x / T) x holdout weeks
  int actual = 0;        // days with a purchase in the holdout (the papers' transactions)
};

struct HoldoutScore {
  double mae = 0, rmse = 0, correlation = 0;  // per customer, against actual
  double total = 0;                           // summed over customers (actual: observed)
};

struct HoldoutEvaluation {
  double weeks = 0;
  std::vector<HoldoutCustomer> customers;  // the fit's customers, in its order
  HoldoutScore model, naive;
  double actual_total = 0;
};

// kInvalidArgument when holdout_end is not after calibration_end. The fit's horizon is not
// used: predictions are recomputed for the holdout's length.
Result<HoldoutEvaluation> evaluate_holdout(const ClvResult& fit,
                                           std::span<const Purchase> purchases,
                                           Date calibration_end, Date holdout_end);

}  // namespace oiis::customers
