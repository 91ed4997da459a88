// JSON shapes of the customer models shared by `oiis customers … --json` and the
// /api/v1/customers/... routes, written once so the two cannot drift apart.
#pragma once

#include <nlohmann/json.hpp>

#include "customers/churn.h"
#include "customers/clv.h"

namespace oiis::services {

// {r, alpha, a, b, log_likelihood, note}
nlohmann::json to_json(const customers::BgNbdParams& p);
// {p, q, gamma, log_likelihood, note}
nlohmann::json to_json(const customers::GammaGammaParams& p);
// The churn model's check on its later window: cut-offs, sizes, rates, AUC beside recency
// alone, Brier score and calibration error.
nlohmann::json to_json(const customers::ChurnEvaluation& e);
// One customer's churn and purchase probability, recency, spend and drivers (no identity: the
// caller adds who it is in its own terms).
nlohmann::json churn_risk_json(const customers::CustomerChurn& c);

}  // namespace oiis::services
