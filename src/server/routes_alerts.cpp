// Stored alerts (services/alert_service.h): list, one, acknowledge, resolve, rescan.
#include "server/api.h"
#include "services/alert_service.h"

namespace oiis::server {
namespace {

// An optional JSON body (these POSTs may be sent empty): {} when absent.
Result<Json> optional_body(const Ctx& c) {
  if (c.req.body.empty()) return Json::object();
  return body_json(c);
}

Status query_alert_filter(const Ctx& c, AlertFilter& f) {
  OIIS_RETURN_IF_ERROR(query_enum<AlertStatus>(c, "status", parse_alert_status, f.status));
  OIIS_RETURN_IF_ERROR(query_text(c, "type", f.type));
  if (f.type && !services::is_alert_type(*f.type))
    return invalid_argument("type must be one of fraud, price, supplier, shrinkage, drift", "type");
  OIIS_RETURN_IF_ERROR(query_text(c, "severity", f.severity));
  if (f.severity && *f.severity != "low" && *f.severity != "medium" && *f.severity != "high")
    return invalid_argument("severity must be low, medium or high", "severity");
  std::optional<std::string> cursor;
  OIIS_RETURN_IF_ERROR(query_text(c, "cursor", cursor));
  if (cursor) {
    try {
      std::size_t used = 0;
      f.before_id = std::stoll(*cursor, &used);
      if (used != cursor->size() || f.before_id <= 0) throw std::invalid_argument("cursor");
    } catch (const std::exception&) {
      return invalid_argument("cursor must be the next_cursor of a previous page", "cursor");
    }
  }
  std::optional<std::int64_t> limit;
  OIIS_RETURN_IF_ERROR(query_int(c, "limit", limit));
  if (limit && (*limit < 1 || *limit > 1000)) return invalid_argument("limit must be 1..1000", "limit");
  f.limit = static_cast<int>(limit.value_or(50));
  return Status::ok();
}

Status list_alerts(Ctx& c) {
  AlertFilter filter;
  OIIS_RETURN_IF_ERROR(query_alert_filter(c, filter));
  auto page = services::alert_page_json(c.store, filter);
  if (!page) return page.status();
  return reply(c, *page);
}

Status get_alert(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto alert = c.store.alerts().get(*id);
  if (!alert) return alert.status();
  return reply(c, services::alert_json(*alert));
}

Status move_alert(Ctx& c, AlertStatus to) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto body = optional_body(c);
  if (!body) return body.status();
  if (body->contains("note") && !(*body)["note"].is_string())
    return invalid_argument("note must be a string", "note");
  const std::string note = body->value("note", "");
  if (note.size() > 2000) return invalid_argument("note is longer than 2000 characters", "note");
  auto changed = services::change_alert_status(c.store, *id, to, note, c.key_name);
  if (!changed) return changed.status();
  return reply(c, *changed);
}

Status acknowledge(Ctx& c) { return move_alert(c, AlertStatus::kAcknowledged); }
Status resolve(Ctx& c) { return move_alert(c, AlertStatus::kResolved); }

Status scan(Ctx& c) {
  auto body = optional_body(c);
  if (!body) return body.status();
  services::AlertScanOptions options;
  if (body->contains("since")) {
    const Json& since = (*body)["since"];
    if (!since.is_string()) return invalid_argument("since must be an ISO-8601 time", "since");
    auto at = parse_timestamp(since.get<std::string>());
    if (!at) return invalid_argument("since: " + at.status().message(), "since");
    options.since = *at;
  }
  if (body->contains("types")) {
    const Json& types = (*body)["types"];
    if (!types.is_array()) return invalid_argument("types must be an array of alert types", "types");
    for (const auto& t : types) {
      if (!t.is_string()) return invalid_argument("types must be an array of alert types", "types");
      options.types.push_back(t.get<std::string>());
    }
  }
  auto summary = services::scan_and_store_alerts(c.store, options);
  if (!summary) return summary.status();
  return reply(c, services::alert_scan_json(*summary));
}

}  // namespace

void add_alert_routes(RouteTable& t) {
  t.push_back({"GET", "/api/v1/alerts", Role::kRead, "alerts",
               "Stored alerts, newest first, with counts per status: what, how unusual, why "
               "(reason codes), what to check and the record each points at", "", "", 200,
               {{"status", "enum:open|acknowledged|resolved", "Only alerts with this status"},
                {"type", "enum:fraud|price|supplier|shrinkage|drift", "Only this type"},
                {"severity", "enum:low|medium|high", "Only this severity"},
                {"cursor", "string", "next_cursor of the previous page"},
                {"limit", "integer", "Page size, 1..1000 (default 50)"}},
               list_alerts});
  t.push_back({"GET", "/api/v1/alerts/{id}", Role::kRead, "alerts", "One alert", "", "", 200, {},
               get_alert});
  t.push_back({"POST", "/api/v1/alerts/{id}/acknowledge", Role::kWrite, "alerts",
               "Acknowledge an open alert (body, optional: {\"note\"}); 409 when it is already "
               "acknowledged or resolved", "", "", 200, {}, acknowledge});
  t.push_back({"POST", "/api/v1/alerts/{id}/resolve", Role::kWrite, "alerts",
               "Resolve an alert (body, optional: {\"note\"}); 409 when it is already resolved", "",
               "", 200, {}, resolve});
  t.push_back({"POST", "/api/v1/alerts/scan", Role::kWrite, "alerts",
               "Run the anomaly scans and store the new alerts (body, optional: {\"since\": time, "
               "\"types\": [...]}; default: the 90 days up to the last order); answers what each "
               "type found and added, and what could not be scanned", "", "", 200, {}, scan});
}

}  // namespace oiis::server
