// The business overview (the dashboard's first page): revenue, orders, average order value,
// units, inventory value, turnover, fill rate, stock-outs and open alerts over a rolling window
// ending on a day, each beside the window before it and the same window a year earlier
// (364 days back, so weekdays line up), with a daily series for the sparklines.
//
// Flows (revenue, orders, units) count orders as every report does: cancelled and returned
// orders never count. Stock figures are as of now (the store keeps current levels, not their
// history). A figure that cannot be known is null with a reason — never a silent zero.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "common/time.h"
#include "domain/json.h"
#include "store/store.h"

namespace oiis::services {

struct OverviewOptions {
  std::string period = "month";  // week (7 days), month (30), quarter (91), year (364)
  std::optional<Date> as_of;     // last day of the window (default: the last order's day)
};

// {"as_of", "period", "days", "current": {"from", "to"}, "previous": {...}, "last_year": {...},
//  "kpis": [{"key", "label", "unit", "value", "previous", "last_year", "point_in_time",
//            "spark": [{"day", "value"}], "missing"}], "caveats": [...]}
// kInvalidArgument naming `period` or `as_of`; kFailedPrecondition for a store with no orders.
Result<Json> business_overview(Store& store, const OverviewOptions& options);

}  // namespace oiis::services
