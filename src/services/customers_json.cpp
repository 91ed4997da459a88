#include "services/customers_json.h"

#include "common/time.h"

namespace oiis::services {

nlohmann::json to_json(const customers::BgNbdParams& p) {
  return {{"r", p.r},   {"alpha", p.alpha}, {"a", p.a}, {"b", p.b},
          {"log_likelihood", p.log_likelihood}, {"note", p.note}};
}

nlohmann::json to_json(const customers::GammaGammaParams& p) {
  return {{"p", p.p},
          {"q", p.q},
          {"gamma", p.gamma},
          {"log_likelihood", p.log_likelihood},
          {"note", p.note}};
}

nlohmann::json to_json(const customers::ChurnEvaluation& e) {
  return {{"train_cutoff", format_date(e.train_cutoff)},
          {"validation_cutoff", format_date(e.validation_cutoff)},
          {"train_customers", e.train_customers},
          {"validation_customers", e.validation_customers},
          {"train_churn_rate", e.train_churn_rate},
          {"validation_churn_rate", e.validation_churn_rate},
          {"auc", e.auc},
          {"recency_only_auc", e.baseline_auc},
          {"brier", e.brier},
          {"calibration_error", e.calibration_error}};
}

nlohmann::json churn_risk_json(const customers::CustomerChurn& c) {
  nlohmann::json drivers = nlohmann::json::array();
  for (const auto& d : c.drivers)
    drivers.push_back({{"feature", d.feature}, {"value", d.value}, {"contribution", d.contribution}});
  return {{"churn_probability", c.churn_probability},
          {"purchase_probability", c.purchase_probability},
          {"recency_days", c.recency_days},
          {"purchase_days", c.purchase_days},
          {"spend", c.spend},
          {"drivers", std::move(drivers)}};
}

}  // namespace oiis::services
