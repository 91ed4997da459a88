// The store's MLOps tables: the model registry's metadata, the job table and the prediction
// tables (migration 004). mlops/ decides what goes in them; the store only keeps rows, with
// the few guarantees that need a transaction (a family's version numbers, one production
// model per family, a prediction table replaced all at once).
//
// Writes here never change Store::data_version(): registering a model or writing predictions
// is not a change of the business data the models were trained on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/types.h"

namespace oiis {

enum class ModelStage { kCandidate, kProduction, kArchived };
std::string_view to_string(ModelStage s);
std::optional<ModelStage> parse_model_stage(std::string_view s);

struct ModelVersion {
  Id id = 0;
  std::string family;             // "churn", "forecast", ...
  int version = 0;                // 1, 2, ... per family, assigned by the store
  ModelStage stage = ModelStage::kCandidate;
  std::string params_json = "{}";   // the settings it was trained with
  std::string metrics_json = "{}";  // validation and held-out test metrics
  std::string data_fingerprint;     // hash of the training data it saw
  std::string model_fingerprint;    // hash of the artefact's bytes
  std::string code_version;
  std::string artefact;             // path of the artefact, relative to the data directory
  std::string data_date;            // last day of the data it saw, YYYY-MM-DD
  Timestamp created_at = 0;
  std::string note;                 // why it was (not) promoted, rollbacks, ...
  // Its place in the family's order of promotions (1 = the first production model); nullopt
  // when it never was production. Set by the store.
  std::optional<int> promotion;
};

enum class JobStatus { kQueued, kRunning, kSucceeded, kFailed, kAbandoned };
std::string_view to_string(JobStatus s);
std::optional<JobStatus> parse_job_status(std::string_view s);

struct Job {
  Id id = 0;
  std::string kind;    // "train", "predict", "monitor"
  std::string family;
  JobStatus status = JobStatus::kQueued;
  double progress = 0;  // 0..1
  std::string message;  // the last step, or why it failed
  std::optional<int> model_version;
  std::string owner;    // host:pid of the process running it
  Timestamp created_at = 0;
  std::optional<Timestamp> started_at, finished_at;
  Timestamp heartbeat_at = 0;  // a running job whose owner died stops beating
};

struct PredictionRow {
  std::string family, entity;  // entity: a SKU, a customer id, ...
  int model_version = 0;
  std::string data_date;
  std::string payload_json;
};

// A family's monitoring result: drift of its inputs, accuracy of its predictions.
struct MonitorReport {
  Id id = 0;
  std::string family;
  int model_version = 0;
  Timestamp created_at = 0;
  bool alert = false;
  std::string report_json;
};

class ModelTables {
 public:
  virtual ~ModelTables() = default;

  // Stores `v` as the family's next version (max + 1) and returns it with id and version set.
  // When v.stage is kProduction, the family's previous production version is archived and,
  // when `predictions` is not null, the family's prediction table is replaced by them (each
  // row's model_version set to the new version): all in one transaction, so a process killed
  // before it returns leaves the registry and the predictions as they were.
  virtual Result<ModelVersion> add_model_version(const ModelVersion& v,
                                                 const std::vector<PredictionRow>* predictions) = 0;
  // A family's versions, newest first; every family's when `family` is empty.
  virtual Result<std::vector<ModelVersion>> list_model_versions(const std::string& family) = 0;
  virtual Result<ModelVersion> get_model_version(const std::string& family, int version) = 0;
  // Sets the stage and note of one version. Making a version kProduction archives the
  // family's previous production version and, when `predictions` is not null, replaces the
  // family's prediction table by them (model_version set to `version`), in one transaction.
  virtual Result<ModelVersion> set_model_stage(const std::string& family, int version,
                                               ModelStage stage, const std::string& note,
                                               const std::vector<PredictionRow>* predictions) = 0;

  virtual Result<Job> create_job(const Job& j) = 0;
  // Replaces status, progress, message, model_version, owner, times and heartbeat.
  virtual Result<Job> update_job(const Job& j) = 0;
  virtual Result<Job> get_job(Id id) = 0;
  // The newest `limit` jobs, newest first.
  virtual Result<std::vector<Job>> list_jobs(int limit) = 0;

  // Replaces every prediction of `family` with `rows` in one transaction.
  virtual Status replace_predictions(const std::string& family,
                                     const std::vector<PredictionRow>& rows) = 0;
  virtual Result<PredictionRow> get_prediction(const std::string& family,
                                               const std::string& entity) = 0;
  // Up to `limit` rows of the family with entity > `after`, in entity order.
  virtual Result<std::vector<PredictionRow>> list_predictions(const std::string& family,
                                                              const std::string& after,
                                                              int limit) = 0;

  virtual Result<MonitorReport> add_monitor_report(const MonitorReport& r) = 0;
  // The newest `limit` reports of a family (every family's when empty), newest first.
  virtual Result<std::vector<MonitorReport>> list_monitor_reports(const std::string& family,
                                                                  int limit) = 0;
};

}  // namespace oiis
