#include "store/sqlite/sqlite_alert_tables.h"

#include "store/model_tables_checks.h"
#include "store/rules/outbox_events.h"
#include "store/sqlite/row_mapping.h"

namespace oiis::sqlite {
namespace {

constexpr std::string_view kAlertColumns =
    "id, type, fingerprint, severity, status, title, detail, check_hint, score, reasons, "
    "record_kind, record_id, record_key, occurred_at, created_at, updated_at, note, updated_by";

StoredAlert read_alert(const Statement& s) {
  StoredAlert a;
  a.id = s.int64(0);
  a.type = s.text(1);
  a.fingerprint = s.text(2);
  a.severity = s.text(3);
  a.status = stored_alert_status(s.text(4));
  a.title = s.text(5);
  a.detail = s.text(6);
  a.check = s.text(7);
  a.score = s.real(8);
  a.reasons = s.text(9);
  a.record_kind = s.text(10);
  a.record_id = s.int64(11);
  a.record_key = s.text(12);
  a.occurred_at = s.int64(13);
  a.created_at = s.int64(14);
  a.updated_at = s.int64(15);
  a.note = s.text(16);
  a.updated_by = s.text(17);
  return a;
}

std::optional<std::string> status_text(const AlertFilter& f) {
  if (!f.status) return std::nullopt;
  return std::string(to_string(*f.status));
}

Result<StoredAlert> get_on(Connection& c, Id id) {
  static const std::string sql = "SELECT " + std::string(kAlertColumns) + " FROM alerts WHERE id = ?1";
  auto s = c.prepare(sql);
  s->bind_all(id);
  if (!s->step()) return not_found("alert " + std::to_string(id) + " not found", "id");
  return read_alert(*s);
}

}  // namespace

Result<std::size_t> SqliteAlertTables::add_new(const std::vector<StoredAlert>& alerts, Timestamp now) {
  return writes_.execute(
      [&](Connection& c) -> Result<std::size_t> {
        std::size_t added = 0;
        for (const auto& a : alerts) {
          const int inserted = c.run(
              "INSERT INTO alerts (type, fingerprint, severity, status, title, detail, check_hint, "
              "score, reasons, record_kind, record_id, record_key, occurred_at, created_at, "
              "updated_at) VALUES (?1, ?2, ?3, 'open', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
              "?13) ON CONFLICT (fingerprint) DO NOTHING",
              a.type, a.fingerprint, a.severity, a.title, a.detail, a.check, a.score, a.reasons,
              a.record_kind, a.record_id, a.record_key, a.occurred_at, now);
          if (inserted == 0) continue;  // known fingerprint: no new alert, no event
          insert_row(c, store_rules::alert_raised_event(c.last_insert_id(), a, now));
          ++added;
        }
        return added;
      },
      /*marks_data=*/false);
}

Result<std::vector<StoredAlert>> SqliteAlertTables::list(const AlertFilter& f) {
  return readers_.run([&](Connection& c) -> Result<std::vector<StoredAlert>> {
    static const std::string sql =
        "SELECT " + std::string(kAlertColumns) +
        " FROM alerts WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR type = ?2) AND "
        "(?3 IS NULL OR severity = ?3) AND (?4 IS NULL OR record_kind = ?4) AND "
        "(?5 IS NULL OR record_id = ?5) AND (?6 = 0 OR id < ?6) ORDER BY id DESC LIMIT ?7";
    auto s = c.prepare(sql);
    s->bind_all(status_text(f), f.type, f.severity, f.record_kind, f.record_id, f.before_id,
                model_tables::clamp_limit(f.limit));
    std::vector<StoredAlert> out;
    while (s->step()) out.push_back(read_alert(*s));
    return out;
  });
}

Result<StoredAlert> SqliteAlertTables::get(Id id) {
  return readers_.run([&](Connection& c) { return get_on(c, id); });
}

Result<std::map<std::string, std::int64_t>> SqliteAlertTables::counts(const AlertFilter& f) {
  return readers_.run([&](Connection& c) -> Result<std::map<std::string, std::int64_t>> {
    auto s = c.prepare(
        "SELECT status, count(*) FROM alerts WHERE (?1 IS NULL OR type = ?1) AND "
        "(?2 IS NULL OR severity = ?2) GROUP BY status");
    s->bind_all(f.type, f.severity);
    std::map<std::string, std::int64_t> out{{"open", 0}, {"acknowledged", 0}, {"resolved", 0}};
    while (s->step()) out[s->text(0)] = s->int64(1);
    return out;
  });
}

Result<StoredAlert> SqliteAlertTables::set_status(Id id, AlertStatus to, const std::string& note,
                                                 const std::string& by, Timestamp at) {
  return writes_.execute(
      [&](Connection& c) -> Result<StoredAlert> {
        auto current = get_on(c, id);
        if (!current) return current.status();
        OIIS_RETURN_IF_ERROR(check_alert_transition(current->status, to));
        c.run("UPDATE alerts SET status = ?2, note = ?3, updated_by = ?4, updated_at = ?5 "
              "WHERE id = ?1",
              id, to_string(to), note, by, at);
        return get_on(c, id);
      },
      /*marks_data=*/false);
}

}  // namespace oiis::sqlite
