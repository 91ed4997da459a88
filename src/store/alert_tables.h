// Stored alerts (migration sqlite 006 / postgres 005): what the anomaly scans found — fraud-risk
// orders, price anomalies, late suppliers, shrinkage, model drift — each with its severity,
// reasons, what to check and the record it points at, and a life of its own: open, then
// acknowledged, then resolved, by whom and with what note.
//
// A rescan adds only what is new: each alert has a fingerprint (its type and the record and
// event it is about), and an alert whose fingerprint is already stored is left as it is, so an
// acknowledged or resolved alert is never reopened by the scan that found it again.
// Writes here never change Store::data_version(): an alert is about the data, not part of it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/types.h"

namespace oiis {

enum class AlertStatus { kOpen, kAcknowledged, kResolved };
const char* to_string(AlertStatus s);
Result<AlertStatus> parse_alert_status(std::string_view text);
// A stored status text (written by this code, so known; open if not).
AlertStatus stored_alert_status(std::string_view text);

struct StoredAlert {
  Id id = 0;
  std::string type;         // fraud, price, supplier, shrinkage, drift
  std::string fingerprint;  // unique: type + record + event
  std::string severity;     // low, medium, high
  AlertStatus status = AlertStatus::kOpen;
  std::string title;        // one line: what
  std::string detail;       // how unusual, in words
  std::string check;        // what to check
  double score = 0;         // the detector's score (higher = more unusual)
  std::string reasons;      // JSON array of {"code", "text"}
  std::string record_kind;  // order, product, supplier, purchase_order, model
  Id record_id = 0;
  std::string record_key;   // a SKU, a supplier's name, a model family: what people read
  Timestamp occurred_at = 0;  // when the unusual thing happened
  Timestamp created_at = 0, updated_at = 0;
  std::string note;        // the last person's note
  std::string updated_by;  // the API key (or CLI user) that last changed the status
};

struct AlertFilter {
  std::optional<AlertStatus> status;
  std::optional<std::string> type, severity;
  std::optional<Id> record_id;   // with record_kind
  std::optional<std::string> record_kind;
  Id before_id = 0;  // newest first: only ids below this (0 = from the newest)
  int limit = 50;
};

class AlertTables {
 public:
  virtual ~AlertTables() = default;

  // Stores the alerts whose fingerprint is new (ids and times assigned); returns how many.
  virtual Result<std::size_t> add_new(const std::vector<StoredAlert>& alerts, Timestamp now) = 0;
  // Newest first.
  virtual Result<std::vector<StoredAlert>> list(const AlertFilter& filter) = 0;
  virtual Result<StoredAlert> get(Id id) = 0;
  // Alerts per status (every status present, zero included) under the filter's type/severity.
  virtual Result<std::map<std::string, std::int64_t>> counts(const AlertFilter& filter) = 0;
  // open -> acknowledged -> resolved (acknowledging is optional; kConflict for a step
  // back or from resolved); kNotFound for no such alert.
  virtual Result<StoredAlert> set_status(Id id, AlertStatus to, const std::string& note,
                                         const std::string& by, Timestamp at) = 0;
};

// The transition rule both backends apply.
Status check_alert_transition(AlertStatus from, AlertStatus to);

}  // namespace oiis
