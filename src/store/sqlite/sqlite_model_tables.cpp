#include "store/sqlite/sqlite_model_tables.h"

#include "common/time.h"
#include "store/model_tables_checks.h"

namespace oiis::sqlite {
namespace {

using model_tables::clamp_limit;

constexpr std::string_view kVersionColumns =
    "id, family, version, stage, params_json, metrics_json, data_fingerprint, "
    "model_fingerprint, code_version, artefact, data_date, created_at, note, promotion";

ModelVersion read_version(const Statement& s) {
  ModelVersion v;
  v.id = s.int64(0);
  v.family = s.text(1);
  v.version = static_cast<int>(s.int64(2));
  v.stage = parse_model_stage(s.text(3)).value_or(ModelStage::kArchived);
  v.params_json = s.text(4);
  v.metrics_json = s.text(5);
  v.data_fingerprint = s.text(6);
  v.model_fingerprint = s.text(7);
  v.code_version = s.text(8);
  v.artefact = s.text(9);
  v.data_date = s.text(10);
  v.created_at = s.int64(11);
  v.note = s.text(12);
  if (auto p = s.optional_int64(13)) v.promotion = static_cast<int>(*p);
  return v;
}

Result<ModelVersion> load_version(Connection& c, const std::string& family, int version) {
  static const std::string sql = "SELECT " + std::string(kVersionColumns) +
                                 " FROM model_versions WHERE family = ?1 AND version = ?2";
  auto s = c.prepare(sql);
  s->bind_all(family, version);
  if (!s->step())
    return not_found("model " + family + " version " + std::to_string(version) + " not found",
                     "version");
  return read_version(*s);
}

constexpr std::string_view kJobColumns =
    "id, kind, family, status, progress, message, model_version, owner, created_at, "
    "started_at, finished_at, heartbeat_at";

Job read_job(const Statement& s) {
  Job j;
  j.id = s.int64(0);
  j.kind = s.text(1);
  j.family = s.text(2);
  j.status = parse_job_status(s.text(3)).value_or(JobStatus::kFailed);
  j.progress = s.real(4);
  j.message = s.text(5);
  if (auto v = s.optional_int64(6)) j.model_version = static_cast<int>(*v);
  j.owner = s.text(7);
  j.created_at = s.int64(8);
  j.started_at = s.optional_int64(9);
  j.finished_at = s.optional_int64(10);
  j.heartbeat_at = s.int64(11);
  return j;
}

Result<Job> load_job(Connection& c, Id id) {
  static const std::string sql = "SELECT " + std::string(kJobColumns) + " FROM jobs WHERE id = ?1";
  auto s = c.prepare(sql);
  s->bind(1, id);
  if (!s->step()) return not_found("job " + std::to_string(id) + " not found", "id");
  return read_job(*s);
}

std::optional<std::int64_t> optional_version(const std::optional<int>& v) {
  if (!v) return std::nullopt;
  return *v;
}

PredictionRow read_prediction(const Statement& s) {
  return PredictionRow{s.text(0), s.text(1), static_cast<int>(s.int64(2)), s.text(3), s.text(4)};
}

// Replaces the family's prediction table; `version`, when non-zero, is every row's version.
void write_predictions(Connection& c, const std::string& family,
                       const std::vector<PredictionRow>& rows, int version) {
  c.run("DELETE FROM predictions WHERE family = ?1", family);
  auto insert = c.prepare(
      "INSERT INTO predictions (family, entity, model_version, data_date, payload_json) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const PredictionRow& r : rows) {
    insert->bind_all(r.family, r.entity, version != 0 ? version : r.model_version, r.data_date,
                     r.payload_json);
    insert->run();
    insert->reset();
  }
}

// Makes `version` the family's production model: the previous one is archived first (the
// unique index allows one production row per family), then the predictions, if any, replaced.
// Runs after the version's row exists: numbers this promotion.
void make_production(Connection& c, const std::string& family, int version,
                     const std::vector<PredictionRow>* predictions) {
  c.run("UPDATE model_versions SET stage = 'archived' WHERE family = ?1 AND "
        "stage = 'production' AND version <> ?2",
        family, version);
  c.run("UPDATE model_versions SET promotion = (SELECT coalesce(max(promotion), 0) + 1 FROM "
        "model_versions WHERE family = ?1) WHERE family = ?1 AND version = ?2",
        family, version);
  if (predictions) write_predictions(c, family, *predictions, version);
}

Status check_publish(const ModelVersion& v, const std::vector<PredictionRow>* predictions) {
  if (auto s = model_tables::check_model_version(v); !s.is_ok()) return s;
  if (predictions) return model_tables::check_predictions(v.family, *predictions);
  return Status::ok();
}

}  // namespace

Result<ModelVersion> SqliteModelTables::add_model_version(
    const ModelVersion& v, const std::vector<PredictionRow>* predictions) {
  if (auto s = check_publish(v, predictions); !s.is_ok()) return s;
  return write([&](Connection& c) -> Result<ModelVersion> {
    ModelVersion row = v;
    row.version = static_cast<int>(
        c.query_int("SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE family = ?1",
                    v.family)
            .value_or(1));
    if (row.created_at == 0) row.created_at = now_utc();
    if (row.stage == ModelStage::kProduction)  // the one production row: the old one goes first
      c.run("UPDATE model_versions SET stage = 'archived' WHERE family = ?1 AND "
            "stage = 'production'",
            row.family);
    c.run("INSERT INTO model_versions (family, version, stage, params_json, metrics_json, "
          "data_fingerprint, model_fingerprint, code_version, artefact, data_date, created_at, "
          "note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
          row.family, row.version, to_string(row.stage), row.params_json, row.metrics_json,
          row.data_fingerprint, row.model_fingerprint, row.code_version, row.artefact,
          row.data_date, row.created_at, row.note);
    row.id = c.last_insert_id();
    if (row.stage == ModelStage::kProduction)
      make_production(c, row.family, row.version, predictions);
    return load_version(c, row.family, row.version);
  });
}

Result<std::vector<ModelVersion>> SqliteModelTables::list_model_versions(
    const std::string& family) {
  return read([&](Connection& c) -> Result<std::vector<ModelVersion>> {
    static const std::string sql = "SELECT " + std::string(kVersionColumns) +
                                   " FROM model_versions WHERE ?1 = '' OR family = ?1 "
                                   "ORDER BY family, version DESC";
    auto s = c.prepare(sql);
    s->bind(1, family);
    std::vector<ModelVersion> out;
    while (s->step()) out.push_back(read_version(*s));
    return out;
  });
}

Result<ModelVersion> SqliteModelTables::get_model_version(const std::string& family,
                                                          int version) {
  return read([&](Connection& c) { return load_version(c, family, version); });
}

Result<ModelVersion> SqliteModelTables::set_model_stage(
    const std::string& family, int version, ModelStage stage, const std::string& note,
    const std::vector<PredictionRow>* predictions) {
  if (predictions)
    if (auto s = model_tables::check_predictions(family, *predictions); !s.is_ok()) return s;
  return write([&](Connection& c) -> Result<ModelVersion> {
    auto current = load_version(c, family, version);
    if (!current.is_ok()) return current.status();
    if (stage == ModelStage::kProduction && current->stage != ModelStage::kProduction)
      c.run("UPDATE model_versions SET stage = 'archived' WHERE family = ?1 AND "
            "stage = 'production'",
            family);
    c.run("UPDATE model_versions SET stage = ?1, note = ?2 WHERE family = ?3 AND version = ?4",
          to_string(stage), note, family, version);
    if (stage == ModelStage::kProduction) make_production(c, family, version, predictions);
    return load_version(c, family, version);
  });
}

Result<Job> SqliteModelTables::create_job(const Job& j) {
  if (auto s = model_tables::check_job(j); !s.is_ok()) return s;
  return write([&](Connection& c) -> Result<Job> {
    Job row = j;
    if (row.created_at == 0) row.created_at = now_utc();
    if (row.heartbeat_at == 0) row.heartbeat_at = row.created_at;
    c.run("INSERT INTO jobs (kind, family, status, progress, message, model_version, owner, "
          "created_at, started_at, finished_at, heartbeat_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
          row.kind, row.family, to_string(row.status), row.progress, row.message,
          optional_version(row.model_version), row.owner, row.created_at, row.started_at,
          row.finished_at, row.heartbeat_at);
    row.id = c.last_insert_id();
    return row;
  });
}

Result<Job> SqliteModelTables::update_job(const Job& j) {
  if (auto s = model_tables::check_job(j); !s.is_ok()) return s;
  return write([&](Connection& c) -> Result<Job> {
    c.run("UPDATE jobs SET status = ?1, progress = ?2, message = ?3, model_version = ?4, "
          "owner = ?5, started_at = ?6, finished_at = ?7, heartbeat_at = ?8 WHERE id = ?9",
          to_string(j.status), j.progress, j.message, optional_version(j.model_version), j.owner,
          j.started_at, j.finished_at, j.heartbeat_at, j.id);
    if (c.changes() == 0) return not_found("job " + std::to_string(j.id) + " not found", "id");
    return load_job(c, j.id);
  });
}

Result<Job> SqliteModelTables::get_job(Id id) {
  return read([&](Connection& c) { return load_job(c, id); });
}

Result<std::vector<Job>> SqliteModelTables::list_jobs(int limit) {
  return read([&](Connection& c) -> Result<std::vector<Job>> {
    static const std::string sql =
        "SELECT " + std::string(kJobColumns) + " FROM jobs ORDER BY id DESC LIMIT ?1";
    auto s = c.prepare(sql);
    s->bind(1, clamp_limit(limit));
    std::vector<Job> out;
    while (s->step()) out.push_back(read_job(*s));
    return out;
  });
}

Status SqliteModelTables::replace_predictions(const std::string& family,
                                              const std::vector<PredictionRow>& rows) {
  if (auto s = model_tables::check_predictions(family, rows); !s.is_ok()) return s;
  auto done = write([&](Connection& c) -> Result<bool> {
    write_predictions(c, family, rows, 0);
    return true;
  });
  return done.status();
}

Result<PredictionRow> SqliteModelTables::get_prediction(const std::string& family,
                                                        const std::string& entity) {
  return read([&](Connection& c) -> Result<PredictionRow> {
    auto s = c.prepare(
        "SELECT family, entity, model_version, data_date, payload_json FROM predictions "
        "WHERE family = ?1 AND entity = ?2");
    s->bind_all(family, entity);
    if (!s->step()) return not_found("no " + family + " prediction for '" + entity + "'", "entity");
    return read_prediction(*s);
  });
}

Result<std::vector<PredictionRow>> SqliteModelTables::list_predictions(const std::string& family,
                                                                       const std::string& after,
                                                                       int limit) {
  return read([&](Connection& c) -> Result<std::vector<PredictionRow>> {
    auto s = c.prepare(
        "SELECT family, entity, model_version, data_date, payload_json FROM predictions "
        "WHERE family = ?1 AND entity > ?2 ORDER BY entity LIMIT ?3");
    s->bind_all(family, after, clamp_limit(limit));
    std::vector<PredictionRow> out;
    while (s->step()) out.push_back(read_prediction(*s));
    return out;
  });
}

Result<MonitorReport> SqliteModelTables::add_monitor_report(const MonitorReport& r) {
  if (auto s = model_tables::check_family(r.family); !s.is_ok()) return s;
  return write([&](Connection& c) -> Result<MonitorReport> {
    MonitorReport row = r;
    if (row.created_at == 0) row.created_at = now_utc();
    c.run("INSERT INTO monitor_reports (family, model_version, created_at, alert, report_json) "
          "VALUES (?1, ?2, ?3, ?4, ?5)",
          row.family, row.model_version, row.created_at, row.alert, row.report_json);
    row.id = c.last_insert_id();
    return row;
  });
}

Result<std::vector<MonitorReport>> SqliteModelTables::list_monitor_reports(
    const std::string& family, int limit) {
  return read([&](Connection& c) -> Result<std::vector<MonitorReport>> {
    auto s = c.prepare(
        "SELECT id, family, model_version, created_at, alert, report_json FROM monitor_reports "
        "WHERE ?1 = '' OR family = ?1 ORDER BY id DESC LIMIT ?2");
    s->bind_all(family, clamp_limit(limit));
    std::vector<MonitorReport> out;
    while (s->step())
      out.push_back(MonitorReport{s->int64(0), s->text(1), static_cast<int>(s->int64(2)),
                                  s->int64(3), s->int64(4) != 0, s->text(5)});
    return out;
  });
}

}  // namespace oiis::sqlite
