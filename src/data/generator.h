// A deterministic synthetic retail world: the same seed and config give byte-identical data.
// Everything the generator decided that a model should later recover (segments, churn dates,
// elasticities, complementary pairs, anomaly labels, seasonality) is written as ground truth.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/progress.h"
#include "common/status.h"
#include "common/time.h"
#include "store/store.h"

namespace oiis {

struct GeneratorConfig {
  std::uint64_t seed = 42;
  int products = 1000;
  int customers = 20000;
  int days = 730;                                  // length of order history
  Date start_date = date_from_civil(2023, 1, 1);   // first day of history
  int suppliers = 0;                               // 0 = about products / 25, at least 3
  int locations = 1;                               // warehouses; stock is kept per location
  // A shift for drift monitoring (mlops): from `drift_from` on, customers shop `drift_demand`
  // times as often (1 = no shift). Unset: the world is as it always was.
  std::optional<Date> drift_from;
  double drift_demand = 1.0;
  // Supplier drift for supplier monitoring (issue 13): from this day on a third of the suppliers
  // deliver slower and another third short (data/supplier_drift.h), labelled "supplier_drift"
  // in the ground truth. Unset: no supplier drifts and the world is as it always was.
  std::optional<Date> supplier_drift_from;
  // Routine cycle counts for shrinkage detection (issue 13): every product x location counted
  // every this many days, most finding the ledger's stock, some a small difference
  // (data/cycle_counts.h); none labelled. 0: no routine counts and the world is as it always was.
  int cycle_count_days = 0;
};

struct GenerationSummary {
  std::int64_t suppliers = 0, products = 0, customers = 0, locations = 0, orders = 0,
               order_lines = 0, stock_movements = 0, price_changes = 0, purchase_orders = 0,
               stockout_days = 0, anomalies = 0;
  double seconds = 0.0;
};

// Generates the world into `store` in one bulk transaction (the store should be empty;
// kFailedPrecondition otherwise) and writes ground truth files into `ground_truth_dir`
// (created when missing; empty string = don't write). `progress` may be null.
Result<GenerationSummary> generate_world(const GeneratorConfig& config, Store& store,
                                         const std::string& ground_truth_dir,
                                         ProgressSink* progress = nullptr);

}  // namespace oiis
