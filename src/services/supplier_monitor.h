// Supplier performance drift (issue 13): every supplier's deliveries, in the order they were placed
// (in arrival order the first deliveries of a history are the fast ones, which biases a baseline),
// charted for lead time (created to received, in days; charted as its log, so "1.75x slower"
// is the same shift for a 3-day and a 30-day supplier) and fill rate (units received / units
// ordered) with EWMA and CUSUM charts (anomaly/control_chart.h). Evaluated against the
// generator's labelled drifts (oiis generate --supplier-drift-from): detection delay in
// deliveries and false alarms per supplier.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "anomaly/control_chart.h"
#include "common/status.h"
#include "common/time.h"
#include "store/store.h"

namespace oiis::services {

struct SupplierDelivery {
  Id purchase_order_id = 0;
  Timestamp created_at = 0, received_at = 0;
  double lead_days = 0, fill_rate = 1;
};

struct SupplierAlarm {
  std::string metric;       // "lead_time" or "fill_rate"
  std::size_t delivery = 0;  // index into the supplier's deliveries
  double value = 0;          // the delivery's lead days or fill rate
  double usual = 0;          // the in-control level in the same unit
  anomaly::ChartAlarm chart;
};

struct SupplierChart {
  Id supplier_id = 0;
  std::string supplier;
  std::vector<SupplierDelivery> deliveries;  // by created_at
  std::vector<SupplierAlarm> alarms;         // by delivery
};

struct SupplierChartOptions {
  anomaly::ControlChartOptions lead;  // on log lead days: a spread floor of 0.05 = 5%
  anomaly::ControlChartOptions fill;  // on fill rate: a spread floor of 0.02
};
SupplierChartOptions default_supplier_chart_options();

// Received purchase orders only (an open one has neither a lead time nor a fill rate yet).
Result<std::vector<SupplierChart>> scan_supplier_drift(
    Store& store, const SupplierChartOptions& options = default_supplier_chart_options());

// A labelled drift: the supplier's purchase orders created from `from` on are drifted.
struct LabelledSupplierDrift {
  Id supplier_id = 0;
  Date from = 0;
};

struct SupplierDriftResult {
  Id supplier_id = 0;
  bool drifted = false;
  std::size_t deliveries = 0;
  std::optional<std::size_t> start;  // first delivery of a drifted order
  // Deliveries from the start to the first alarm, counting both (1: the first drifted delivery
  // alarmed); empty: not detected.
  std::optional<std::size_t> delay;
  std::size_t false_alarms = 0;  // alarms before the start (all of them for undrifted suppliers)
};
std::vector<SupplierDriftResult> evaluate_supplier_drift(const std::vector<SupplierChart>& charts,
                                                         const std::vector<LabelledSupplierDrift>& labels);

}  // namespace oiis::services
