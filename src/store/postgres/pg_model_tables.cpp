#include "store/postgres/pg_model_tables.h"

#include "common/time.h"
#include "store/model_tables_checks.h"
#include "store/postgres/pg_store.h"

namespace oiis::pg {
namespace {

constexpr std::string_view kVersionColumns =
    "id, family, version, stage, params_json, metrics_json, data_fingerprint, "
    "model_fingerprint, code_version, artefact, data_date, created_at, note, promotion";

ModelVersion read_version(const pqxx::row& row) {
  RowReader r(row);
  ModelVersion v;
  v.id = r.i64();
  v.family = r.str();
  v.version = static_cast<int>(r.i64());
  v.stage = parse_model_stage(r.str()).value_or(ModelStage::kArchived);
  v.params_json = r.str();
  v.metrics_json = r.str();
  v.data_fingerprint = r.str();
  v.model_fingerprint = r.str();
  v.code_version = r.str();
  v.artefact = r.str();
  v.data_date = r.str();
  v.created_at = r.i64();
  v.note = r.str();
  if (auto p = r.opt_i64()) v.promotion = static_cast<int>(*p);
  return v;
}

Result<ModelVersion> load_version(pqxx::work& txn, const std::string& family, int version) {
  static const std::string sql = "SELECT " + std::string(kVersionColumns) +
                                 " FROM model_versions WHERE family = $1 AND version = $2";
  auto rows = txn.exec_params(sql, family, version);
  if (rows.empty())
    return not_found("model " + family + " version " + std::to_string(version) + " not found",
                     "version");
  return read_version(rows[0]);
}

constexpr std::string_view kJobColumns =
    "id, kind, family, status, progress, message, model_version, owner, created_at, "
    "started_at, finished_at, heartbeat_at";

Job read_job(const pqxx::row& row) {
  RowReader r(row);
  Job j;
  j.id = r.i64();
  j.kind = r.str();
  j.family = r.str();
  j.status = parse_job_status(r.str()).value_or(JobStatus::kFailed);
  j.progress = r.f64();
  j.message = r.str();
  if (auto v = r.opt_i64()) j.model_version = static_cast<int>(*v);
  j.owner = r.str();
  j.created_at = r.i64();
  j.started_at = r.opt_i64();
  j.finished_at = r.opt_i64();
  j.heartbeat_at = r.i64();
  return j;
}

Result<Job> load_job(pqxx::work& txn, Id id) {
  static const std::string sql = "SELECT " + std::string(kJobColumns) + " FROM jobs WHERE id = $1";
  auto rows = txn.exec_params(sql, id);
  if (rows.empty()) return not_found("job " + std::to_string(id) + " not found", "id");
  return read_job(rows[0]);
}

std::optional<std::int64_t> optional_version(const std::optional<int>& v) {
  if (!v) return std::nullopt;
  return *v;
}

PredictionRow read_prediction(const pqxx::row& row) {
  RowReader r(row);
  PredictionRow p;
  p.family = r.str();
  p.entity = r.str();
  p.model_version = static_cast<int>(r.i64());
  p.data_date = r.str();
  p.payload_json = r.str();
  return p;
}

void write_predictions(pqxx::work& txn, const std::string& family,
                       const std::vector<PredictionRow>& rows, int version) {
  txn.exec_params("DELETE FROM predictions WHERE family = $1", family);
  pqxx::stream_to out(txn, "predictions",
                      std::vector<std::string>{"family", "entity", "model_version", "data_date",
                                               "payload_json"});
  for (const PredictionRow& r : rows)
    out << std::make_tuple(r.family, r.entity, version != 0 ? version : r.model_version,
                           r.data_date, r.payload_json);
  out.complete();
}

// Makes `version` the family's production model: the previous one archived first (one
// production row per family), then the predictions, if any, replaced.
void make_production(pqxx::work& txn, const std::string& family, int version,
                     const std::vector<PredictionRow>* predictions) {
  txn.exec_params(
      "UPDATE model_versions SET stage = 'archived' WHERE family = $1 AND "
      "stage = 'production' AND version <> $2",
      family, version);
  txn.exec_params(
      "UPDATE model_versions SET promotion = (SELECT coalesce(max(promotion), 0) + 1 FROM "
      "model_versions WHERE family = $1) WHERE family = $1 AND version = $2",
      family, version);
  if (predictions) write_predictions(txn, family, *predictions, version);
}

constexpr std::string_view kPredictionColumns =
    "SELECT family, entity, model_version, data_date, payload_json FROM predictions ";

}  // namespace

Result<ModelVersion> PgModelTables::add_model_version(
    const ModelVersion& v, const std::vector<PredictionRow>* predictions) {
  if (auto s = model_tables::check_model_version(v); !s.is_ok()) return s;
  if (predictions)
    if (auto s = model_tables::check_predictions(v.family, *predictions); !s.is_ok()) return s;
  return store_.transact([&](pqxx::work& txn) -> Result<ModelVersion> {
    // Two processes registering the same family take turns for its next version number.
    txn.exec_params("SELECT pg_advisory_xact_lock(hashtext('oiis.model_versions:' || $1))",
                    v.family);
    ModelVersion row = v;
    row.version = txn.exec_params1(
                         "SELECT coalesce(max(version), 0) + 1 FROM model_versions "
                         "WHERE family = $1",
                         v.family)[0]
                      .as<int>();
    if (row.created_at == 0) row.created_at = now_utc();
    if (row.stage == ModelStage::kProduction)  // the one production row: the old one goes first
      txn.exec_params(
          "UPDATE model_versions SET stage = 'archived' WHERE family = $1 AND "
          "stage = 'production'",
          row.family);
    row.id = txn.exec_params1(
                    "INSERT INTO model_versions (family, version, stage, params_json, "
                    "metrics_json, data_fingerprint, model_fingerprint, code_version, artefact, "
                    "data_date, created_at, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                    "$10, $11, $12) RETURNING id",
                    row.family, row.version, std::string(to_string(row.stage)), row.params_json,
                    row.metrics_json, row.data_fingerprint, row.model_fingerprint,
                    row.code_version, row.artefact, row.data_date, row.created_at, row.note)[0]
                 .as<Id>();
    if (row.stage == ModelStage::kProduction)
      make_production(txn, row.family, row.version, predictions);
    return load_version(txn, row.family, row.version);
  });
}

Result<std::vector<ModelVersion>> PgModelTables::list_model_versions(const std::string& family) {
  return store_.transact([&](pqxx::work& txn) -> Result<std::vector<ModelVersion>> {
    static const std::string sql = "SELECT " + std::string(kVersionColumns) +
                                   " FROM model_versions WHERE $1 = '' OR family = $1 "
                                   "ORDER BY family, version DESC";
    std::vector<ModelVersion> out;
    for (const auto& row : txn.exec_params(sql, family)) out.push_back(read_version(row));
    return out;
  });
}

Result<ModelVersion> PgModelTables::get_model_version(const std::string& family, int version) {
  return store_.transact(
      [&](pqxx::work& txn) { return load_version(txn, family, version); });
}

Result<ModelVersion> PgModelTables::set_model_stage(
    const std::string& family, int version, ModelStage stage, const std::string& note,
    const std::vector<PredictionRow>* predictions) {
  if (predictions)
    if (auto s = model_tables::check_predictions(family, *predictions); !s.is_ok()) return s;
  return store_.transact([&](pqxx::work& txn) -> Result<ModelVersion> {
    auto current = load_version(txn, family, version);
    if (!current.is_ok()) return current.status();
    if (stage == ModelStage::kProduction && current->stage != ModelStage::kProduction)
      txn.exec_params(
          "UPDATE model_versions SET stage = 'archived' WHERE family = $1 AND "
          "stage = 'production'",
          family);
    txn.exec_params(
        "UPDATE model_versions SET stage = $1, note = $2 WHERE family = $3 AND version = $4",
        std::string(to_string(stage)), note, family, version);
    if (stage == ModelStage::kProduction) make_production(txn, family, version, predictions);
    return load_version(txn, family, version);
  });
}

Result<Job> PgModelTables::create_job(const Job& j) {
  if (auto s = model_tables::check_job(j); !s.is_ok()) return s;
  return store_.transact([&](pqxx::work& txn) -> Result<Job> {
    Job row = j;
    if (row.created_at == 0) row.created_at = now_utc();
    if (row.heartbeat_at == 0) row.heartbeat_at = row.created_at;
    row.id = txn.exec_params1(
                    "INSERT INTO jobs (kind, family, status, progress, message, model_version, "
                    "owner, created_at, started_at, finished_at, heartbeat_at) VALUES ($1, $2, "
                    "$3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                    row.kind, row.family, std::string(to_string(row.status)), row.progress,
                    row.message, optional_version(row.model_version), row.owner, row.created_at,
                    row.started_at, row.finished_at, row.heartbeat_at)[0]
                 .as<Id>();
    return row;
  });
}

Result<Job> PgModelTables::update_job(const Job& j) {
  if (auto s = model_tables::check_job(j); !s.is_ok()) return s;
  return store_.transact([&](pqxx::work& txn) -> Result<Job> {
    auto rows = txn.exec_params(
        "UPDATE jobs SET status = $1, progress = $2, message = $3, model_version = $4, "
        "owner = $5, started_at = $6, finished_at = $7, heartbeat_at = $8 WHERE id = $9",
        std::string(to_string(j.status)), j.progress, j.message,
        optional_version(j.model_version), j.owner, j.started_at, j.finished_at, j.heartbeat_at,
        j.id);
    if (rows.affected_rows() == 0)
      return not_found("job " + std::to_string(j.id) + " not found", "id");
    return load_job(txn, j.id);
  });
}

Result<Job> PgModelTables::get_job(Id id) {
  return store_.transact([&](pqxx::work& txn) { return load_job(txn, id); });
}

Result<std::vector<Job>> PgModelTables::list_jobs(int limit) {
  return store_.transact([&](pqxx::work& txn) -> Result<std::vector<Job>> {
    static const std::string sql =
        "SELECT " + std::string(kJobColumns) + " FROM jobs ORDER BY id DESC LIMIT $1";
    std::vector<Job> out;
    for (const auto& row : txn.exec_params(sql, model_tables::clamp_limit(limit)))
      out.push_back(read_job(row));
    return out;
  });
}

Status PgModelTables::replace_predictions(const std::string& family,
                                          const std::vector<PredictionRow>& rows) {
  if (auto s = model_tables::check_predictions(family, rows); !s.is_ok()) return s;
  auto done = store_.transact([&](pqxx::work& txn) -> Result<bool> {
    write_predictions(txn, family, rows, 0);
    return true;
  });
  return done.status();
}

Result<PredictionRow> PgModelTables::get_prediction(const std::string& family,
                                                    const std::string& entity) {
  return store_.transact([&](pqxx::work& txn) -> Result<PredictionRow> {
    auto rows = txn.exec_params(std::string(kPredictionColumns) +
                                    "WHERE family = $1 AND entity = $2",
                                family, entity);
    if (rows.empty())
      return not_found("no " + family + " prediction for '" + entity + "'", "entity");
    return read_prediction(rows[0]);
  });
}

Result<std::vector<PredictionRow>> PgModelTables::list_predictions(const std::string& family,
                                                                   const std::string& after,
                                                                   int limit) {
  return store_.transact([&](pqxx::work& txn) -> Result<std::vector<PredictionRow>> {
    std::vector<PredictionRow> out;
    // COLLATE "C": entity order is byte order on both backends.
    for (const auto& row :
         txn.exec_params(std::string(kPredictionColumns) +
                             "WHERE family = $1 AND entity COLLATE \"C\" > $2 "
                             "ORDER BY entity COLLATE \"C\" LIMIT $3",
                         family, after, model_tables::clamp_limit(limit)))
      out.push_back(read_prediction(row));
    return out;
  });
}

Result<MonitorReport> PgModelTables::add_monitor_report(const MonitorReport& r) {
  if (auto s = model_tables::check_family(r.family); !s.is_ok()) return s;
  return store_.transact([&](pqxx::work& txn) -> Result<MonitorReport> {
    MonitorReport row = r;
    if (row.created_at == 0) row.created_at = now_utc();
    row.id = txn.exec_params1(
                    "INSERT INTO monitor_reports (family, model_version, created_at, alert, "
                    "report_json) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    row.family, row.model_version, row.created_at, row.alert, row.report_json)[0]
                 .as<Id>();
    return row;
  });
}

Result<std::vector<MonitorReport>> PgModelTables::list_monitor_reports(const std::string& family,
                                                                       int limit) {
  return store_.transact([&](pqxx::work& txn) -> Result<std::vector<MonitorReport>> {
    std::vector<MonitorReport> out;
    for (const auto& row : txn.exec_params(
             "SELECT id, family, model_version, created_at, alert, report_json FROM "
             "monitor_reports WHERE $1 = '' OR family = $1 ORDER BY id DESC LIMIT $2",
             family, model_tables::clamp_limit(limit))) {
      RowReader r(row);
      MonitorReport m;
      m.id = r.i64();
      m.family = r.str();
      m.model_version = static_cast<int>(r.i64());
      m.created_at = r.i64();
      m.alert = r.boolean();
      m.report_json = r.str();
      out.push_back(std::move(m));
    }
    return out;
  });
}

}  // namespace oiis::pg
