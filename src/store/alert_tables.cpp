#include "store/alert_tables.h"

namespace oiis {

const char* to_string(AlertStatus s) {
  switch (s) {
    case AlertStatus::kOpen: return "open";
    case AlertStatus::kAcknowledged: return "acknowledged";
    case AlertStatus::kResolved: return "resolved";
  }
  return "open";
}

Result<AlertStatus> parse_alert_status(std::string_view text) {
  if (text == "open") return AlertStatus::kOpen;
  if (text == "acknowledged") return AlertStatus::kAcknowledged;
  if (text == "resolved") return AlertStatus::kResolved;
  return invalid_argument("status must be open, acknowledged or resolved (got '" +
                              std::string(text) + "')",
                          "status");
}

AlertStatus stored_alert_status(std::string_view text) {
  auto parsed = parse_alert_status(text);
  return parsed ? *parsed : AlertStatus::kOpen;
}

Status check_alert_transition(AlertStatus from, AlertStatus to) {
  if (from == AlertStatus::kResolved)
    return conflict("the alert is already resolved", "status");
  if (static_cast<int>(to) <= static_cast<int>(from))
    return conflict(std::string("the alert is already ") + to_string(from) +
                                   "; it can only move on (open, acknowledged, resolved)",
                               "status");
  return Status::ok();
}

}  // namespace oiis
