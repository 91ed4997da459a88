// The anomaly family's service: scans of the store for what looks wrong. Built so far: price
// anomalies over every product's price-change log (issue 13), with an evaluation against
// labelled errors (a generated world's ground truth).
#pragma once

#include <string>
#include <utility>
#include <vector>

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

}  // namespace oiis::services
