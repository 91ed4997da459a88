// The anomaly family's service: scans of the store for what looks wrong. Built so far: price
// anomalies over every product's price-change log (issue 13), with an evaluation against
// labelled errors (a generated world's ground truth). Shrinkage (stock counts against the
// movement ledger) is services/shrinkage_scan.h; supplier drift services/supplier_monitor.h.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "anomaly/fraud_rules.h"
#include "anomaly/order_risk.h"
#include "anomaly/price_anomaly.h"
#include "common/status.h"
#include "common/time.h"
#include "domain/types.h"
#include "store/store.h"

namespace oiis::services {

struct PriceAlert {
  Id product_id = 0;
  std::string sku, name;
  Timestamp at = 0;
  double old_price = 0, new_price = 0;
  std::string change_reason;  // as the price log recorded it
  anomaly::PriceAnomaly anomaly;
};
struct PriceScan {
  std::size_t products = 0, changes = 0;
  std::vector<PriceAlert> alerts;  // by product, then time
};
Result<PriceScan> scan_prices(Store& store, const anomaly::PriceAnomalyOptions& options = {});

struct LabelledPriceError {
  Id product_id = 0;
  Date day = 0;
};
struct PriceEvaluation {
  std::size_t labelled = 0, caught = 0;       // labelled errors, and those with an alert that day
  std::size_t other_changes = 0, flagged = 0;  // changes not labelled, and alerts among them
  double recall() const { return labelled ? static_cast<double>(caught) / labelled : 0; }
  double false_flag_rate() const {
    return other_changes ? static_cast<double>(flagged) / other_changes : 0;
  }
};
PriceEvaluation evaluate_price_scan(const PriceScan& scan,
                                    const std::vector<LabelledPriceError>& labels);

// Every order with a line (cancelled ones included), as the risk features see it, in placement
// order; signup times from the customers.
Result<std::vector<anomaly::OrderRecord>> load_order_records(Store& store);
anomaly::OrderRecord order_record(const Order& order);  // without signup_at

// Every order with a line (cancelled ones included), scored for risk (anomaly/order_risk.h),
// in placement order.
struct OrderRiskRow {
  Id order_id = 0;
  std::optional<Id> customer_id;
  Timestamp placed_at = 0;
  double total = 0;
  anomaly::OrderRisk risk;
  std::vector<anomaly::FraudRuleHit> rules;  // the transparent rules it breaks (anomaly/fraud_rules.h)
  bool rules_flagged = false;                // at least FraudRuleOptions::min_rules of them
};
struct OrderRiskScan {
  std::vector<OrderRiskRow> rows;
  std::vector<double> features;  // anomaly::kOrderFeatures per row, rows' order
  double model_seconds = 0;      // fitting the forest and scoring (no store scan, no features)
};
Result<OrderRiskScan> scan_order_risk(Store& store, const anomaly::FraudRuleOptions& rules = {});

// Against labelled fraud (order ids): recall and precision when the `alert_rate` share of
// orders with the highest scores is flagged, and the average precision (PR-AUC) of the ranking.
struct RiskEvaluation {
  std::size_t orders = 0, labelled = 0, alerts = 0, caught = 0;
  double recall = 0, precision = 0, average_precision = 0;
};
RiskEvaluation evaluate_order_risk(const std::vector<OrderRiskRow>& rows,
                                   const std::vector<Id>& fraud_orders, double alert_rate);

// The rules' flags against labelled fraud: recall, precision and the share of orders flagged.
struct RuleEvaluation {
  std::size_t orders = 0, labelled = 0, flagged = 0, caught = 0;
  double recall = 0, precision = 0, flag_rate = 0;
};
RuleEvaluation evaluate_fraud_rules(const std::vector<OrderRiskRow>& rows, const std::vector<Id>& fraud_orders);

// Deliveries far later than the supplier's recent ones: each received purchase order's lead time
// (created to received) against the supplier's previous deliveries (anomaly::sequence_outliers,
// late side only), and each still-open order already older than min_ratio x the supplier's
// usual lead time (overdue; received_at 0). Open orders count among the deliveries scanned.
struct DeliveryAlert {
  Id purchase_order_id = 0, supplier_id = 0;
  std::string supplier;
  Timestamp received_at = 0;
  double lead_days = 0;
  anomaly::PriceAnomaly anomaly;  // reference = the recent median lead time
};
struct DeliveryScan {
  std::size_t deliveries = 0;
  std::vector<DeliveryAlert> alerts;
};
// Lead times move more than prices between deliveries: a robust z of 4 (chosen on two validation
// worlds, docs/anomaly.md).
anomaly::PriceAnomalyOptions default_delivery_options();
Result<DeliveryScan> scan_deliveries(Store& store,
                                     const anomaly::PriceAnomalyOptions& options = default_delivery_options());

}  // namespace oiis::services
