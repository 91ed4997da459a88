// Stored alerts (issue 13): the anomaly scans' findings turned into alerts people work through —
// each says what, how unusual, why (reason codes) and what to check, and points at its record —
// kept in the store (store/alert_tables.h) with a status: open, acknowledged, resolved.
//
// A scan looks at recent events only (by default the 90 days up to the data's last order), so
// the first scan of a shop with years of history is not a wall of stale alerts; `since` widens
// it. Alerts already stored are never added twice nor reopened.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "anomaly/fraud_rules.h"
#include "common/status.h"
#include "domain/json.h"
#include "store/alert_tables.h"
#include "store/store.h"

namespace oiis::services {

inline constexpr const char* kAlertTypes[] = {"fraud", "price", "supplier", "shrinkage", "drift"};
bool is_alert_type(std::string_view type);

struct AlertScanOptions {
  std::optional<Timestamp> since;  // events at or after this (default: 90 days before the last order)
  std::vector<std::string> types;  // empty: every type
};

struct AlertScanSummary {
  Timestamp since = 0;
  std::map<std::string, std::size_t> found, added;  // per type
  std::vector<std::string> skipped;  // "shrinkage: the store has no stock counts"
  std::vector<std::string> notes;    // what a scan held back, and why
};

// Runs the scans, stores the new alerts, and says what each found and added.
Result<AlertScanSummary> scan_and_store_alerts(Store& store, const AlertScanOptions& options = {});
Json alert_scan_json(const AlertScanSummary& summary);

// The alert for an order that breaks fraud rules (the scan's and placement's): `strong` makes it
// high severity (three rules or more, or among the top 1% of risk scores).
struct FraudFinding {
  Id order_id = 0;
  double total = 0;
  Timestamp placed_at = 0;
  double score = 0;
  const std::vector<anomaly::FraudRuleHit>* rules = nullptr;
  const std::vector<std::string>* unusual = nullptr;  // features outside their usual range
  bool strong = false;
};
StoredAlert fraud_alert(const FraudFinding& finding);

// {"id", "type", "severity", "status", "title", "detail", "check", "score", "reasons": [...],
//  "record": {"kind", "id", "key"}, "occurred_at", "created_at", "updated_at", "note", "updated_by"}
Json alert_json(const StoredAlert& alert);
// One page, newest first: {"items", "next_cursor" (an id to pass as cursor, or null), "counts"}.
Result<Json> alert_page_json(Store& store, const AlertFilter& filter);
// Acknowledges or resolves an alert (store/alert_tables.h's rule) and answers it as JSON.
Result<Json> change_alert_status(Store& store, Id id, AlertStatus to, const std::string& note,
                                 const std::string& by);

}  // namespace oiis::services
