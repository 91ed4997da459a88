// Inventory shrinkage (issue 13): every product x location's movement ledger, read from the
// store in the order the store applied it (movement id), gives the stock expected at each count;
// what a count finds missing beyond the usual count differences is an alert
// (anomaly/shrinkage.h). Evaluated against the generator's labelled shrinkage
// (ground_truth/anomalies.csv, type shrinkage) in worlds generated with routine counts
// (oiis generate --cycle-count-days), whose ordinary count differences give the false alarms.
// Read only: stored alerts (/api/v1/alerts) call scan_shrinkage and keep what they need.
#pragma once

#include <string>
#include <vector>

#include "anomaly/shrinkage.h"
#include "common/status.h"
#include "common/time.h"
#include "store/store.h"

namespace oiis::services {

// One count that found more missing than usual: what (product, location, the count movement),
// how unusual (score, expected against counted), why (reasons) and what to check.
struct ShrinkageAlert {
  Id product_id = 0;
  std::string sku, name;
  Id location_id = 0;
  std::string location;  // the location's code
  Id movement_id = 0;    // the count movement
  Timestamp at = 0;
  Date day = 0;
  double expected = 0, counted = 0;  // units: the ledger's stock before the count, and the count
  double missing = 0, loss_share = 0;  // expected - counted, and its share of expected
  double usual_share = 0;              // the usual loss share it was scored against
  double score = 0;                    // robust z of the loss share
  std::vector<anomaly::ShrinkageReason> reasons;  // codes: large_unexplained_loss, repeated_losses, loss_rate_drift
  std::string what_to_check;
};

struct ShrinkageScan {
  std::size_t slots = 0;      // product x location pairs with movements
  std::size_t movements = 0;  // movements read
  std::size_t counts = 0;     // count movements
  anomaly::CountBaseline shop;        // the shop's usual count difference
  std::vector<ShrinkageAlert> alerts;  // by product, location, then movement
};

Result<ShrinkageScan> scan_shrinkage(Store& store, const anomaly::ShrinkageOptions& options = {});

// A labelled shrinkage event: the count movement that revealed it.
struct LabelledShrinkage {
  Id movement_id = 0, product_id = 0, location_id = 0;
  Date day = 0;
};

// Recall: labelled events with an alert on their count movement (or, failing the id, on a count
// of the same product and location that day). False-alarm rate: alerts on other counts over
// the counts not labelled.
struct ShrinkageEvaluation {
  std::size_t labelled = 0, caught = 0;
  std::size_t other_counts = 0, false_alarms = 0;
  double recall() const { return labelled ? static_cast<double>(caught) / labelled : 0; }
  double false_alarm_rate() const {
    return other_counts ? static_cast<double>(false_alarms) / other_counts : 0;
  }
};
ShrinkageEvaluation evaluate_shrinkage_scan(const ShrinkageScan& scan,
                                            const std::vector<LabelledShrinkage>& labels);

}  // namespace oiis::services
