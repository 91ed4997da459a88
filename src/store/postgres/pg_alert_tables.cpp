#include "store/postgres/pg_alert_tables.h"

#include "store/model_tables_checks.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_store.h"
#include "store/rules/outbox_events.h"

namespace oiis::pg {
namespace {

constexpr std::string_view kAlertColumns =
    "id, type, fingerprint, severity, status, title, detail, check_hint, score, reasons, "
    "record_kind, record_id, record_key, occurred_at, created_at, updated_at, note, updated_by";

StoredAlert read_alert(const pqxx::row& r) {
  StoredAlert a;
  a.id = r[0].as<Id>();
  a.type = r[1].as<std::string>();
  a.fingerprint = r[2].as<std::string>();
  a.severity = r[3].as<std::string>();
  a.status = stored_alert_status(r[4].as<std::string>());
  a.title = r[5].as<std::string>();
  a.detail = r[6].as<std::string>();
  a.check = r[7].as<std::string>();
  a.score = r[8].as<double>();
  a.reasons = r[9].as<std::string>();
  a.record_kind = r[10].as<std::string>();
  a.record_id = r[11].as<Id>();
  a.record_key = r[12].as<std::string>();
  a.occurred_at = r[13].as<std::int64_t>();
  a.created_at = r[14].as<std::int64_t>();
  a.updated_at = r[15].as<std::int64_t>();
  a.note = r[16].as<std::string>();
  a.updated_by = r[17].as<std::string>();
  return a;
}

std::optional<std::string> status_text(const AlertFilter& f) {
  if (!f.status) return std::nullopt;
  return std::string(to_string(*f.status));
}

Result<StoredAlert> get_in(pqxx::work& txn, Id id, bool for_update) {
  auto rows = txn.exec_params("SELECT " + std::string(kAlertColumns) + " FROM alerts WHERE id = $1" +
                                  (for_update ? " FOR UPDATE" : ""),
                              id);
  if (rows.empty()) return not_found("alert " + std::to_string(id) + " not found", "id");
  return read_alert(rows[0]);
}

}  // namespace

Result<std::size_t> PgAlertTables::add_new(const std::vector<StoredAlert>& alerts, Timestamp now) {
  return store_.transact([&](pqxx::work& txn) -> Result<std::size_t> {
    std::size_t added = 0;
    for (const auto& a : alerts) {
      auto inserted = txn.exec_params(
          "INSERT INTO alerts (type, fingerprint, severity, status, title, detail, "
          "check_hint, score, reasons, record_kind, record_id, record_key, "
          "occurred_at, created_at, updated_at) VALUES ($1, $2, $3, 'open', $4, $5, "
          "$6, $7, $8, $9, $10, $11, $12, $13, $13) ON CONFLICT (fingerprint) DO NOTHING "
          "RETURNING id",
          a.type, a.fingerprint, a.severity, a.title, a.detail, a.check, a.score, a.reasons,
          a.record_kind, a.record_id, a.record_key, a.occurred_at, now);
      if (inserted.empty()) continue;  // known fingerprint: no new alert, no event
      insert_outbox_event(txn, store_rules::alert_raised_event(inserted[0][0].as<Id>(), a, now));
      ++added;
    }
    return added;
  });
}

Result<std::vector<StoredAlert>> PgAlertTables::list(const AlertFilter& f) {
  return store_.transact([&](pqxx::work& txn) -> Result<std::vector<StoredAlert>> {
    std::vector<StoredAlert> out;
    for (const auto& r : txn.exec_params(
             "SELECT " + std::string(kAlertColumns) +
                 " FROM alerts WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR "
                 "type = $2) AND ($3::text IS NULL OR severity = $3) AND ($4::text IS NULL OR "
                 "record_kind = $4) AND ($5::bigint IS NULL OR record_id = $5) AND ($6 = 0 OR id "
                 "< $6) ORDER BY id DESC LIMIT $7",
             status_text(f), f.type, f.severity, f.record_kind, f.record_id, f.before_id,
             model_tables::clamp_limit(f.limit)))
      out.push_back(read_alert(r));
    return out;
  });
}

Result<StoredAlert> PgAlertTables::get(Id id) {
  return store_.transact([&](pqxx::work& txn) { return get_in(txn, id, false); });
}

Result<std::map<std::string, std::int64_t>> PgAlertTables::counts(const AlertFilter& f) {
  return store_.transact([&](pqxx::work& txn) -> Result<std::map<std::string, std::int64_t>> {
    std::map<std::string, std::int64_t> out{{"open", 0}, {"acknowledged", 0}, {"resolved", 0}};
    for (const auto& r : txn.exec_params(
             "SELECT status, count(*) FROM alerts WHERE ($1::text IS NULL OR type = $1) AND "
             "($2::text IS NULL OR severity = $2) GROUP BY status",
             f.type, f.severity))
      out[r[0].as<std::string>()] = r[1].as<std::int64_t>();
    return out;
  });
}

Result<StoredAlert> PgAlertTables::set_status(Id id, AlertStatus to, const std::string& note,
                                             const std::string& by, Timestamp at) {
  return store_.transact([&](pqxx::work& txn) -> Result<StoredAlert> {
    auto current = get_in(txn, id, /*for_update=*/true);
    if (!current) return current.status();
    OIIS_RETURN_IF_ERROR(check_alert_transition(current->status, to));
    txn.exec_params(
        "UPDATE alerts SET status = $2, note = $3, updated_by = $4, updated_at = $5 WHERE id = $1",
        id, to_string(to), note, by, at);
    return get_in(txn, id, false);
  });
}

}  // namespace oiis::pg
