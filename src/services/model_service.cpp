#include "services/model_service.h"

#include <chrono>
#include <cstdio>
#include <set>

#include "common/log.h"
#include "services/model_families.h"

namespace oiis::services {
namespace {

// Entries, and how long another process's promotion can go unseen here.
constexpr std::size_t kCachedPredictions = 200000;
constexpr int kCacheMaxAgeSeconds = 30;

nlohmann::json parsed(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::json(text) : j;
}

nlohmann::json optional_time(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(format_timestamp(*t)) : nlohmann::json(nullptr);
}

}  // namespace

ModelService::ModelService(Store& store, std::filesystem::path data_dir,
                           std::unique_ptr<mlops::RedisClient> redis)
    : store_(store),
      data_dir_(std::move(data_dir)),
      registry_(store.models(), data_dir_),
      redis_(std::move(redis)),
      cache_(store.models(), kCachedPredictions, kCacheMaxAgeSeconds, redis_.get()) {
  registry_.on_promotion([this](const std::string& family) { cache_.drop(family); });
}

ModelService::~ModelService() {
  scheduler_.reset();  // its tasks use everything below
  std::lock_guard lock(training_mutex_);
  for (auto& [family, thread] : training_) thread.join();
  for (auto& thread : finished_) thread.join();
}

Status ModelService::check_writable() const {
  if (data_dir_.empty())
    return failed_precondition("no data directory: model artefacts cannot be written or read",
                               "data");
  return Status::ok();
}

Result<mlops::TrainOutcome> ModelService::train(const std::string& family,
                                                const mlops::TrainSettings& s,
                                                const mlops::ProgressFn& progress) {
  OIIS_RETURN_IF_ERROR(check_writable());
  auto f = make_model_family(family);
  if (!f) return f.status();
  return mlops::train(store_, **f, registry_, s, progress);
}

Result<Job> ModelService::start_training(const std::string& family,
                                         const mlops::TrainSettings& s) {
  OIIS_RETURN_IF_ERROR(check_writable());
  auto f = make_model_family(family);
  if (!f) return f.status();
  OIIS_RETURN_IF_ERROR((*f)->check_settings(s));
  std::lock_guard lock(training_mutex_);
  if (auto it = training_.find(family); it != training_.end()) {
    finished_.push_back(std::move(it->second));
    training_.erase(it);
  }
  OIIS_RETURN_IF_ERROR(mlops::reap_abandoned_jobs(store_.models()).status());
  auto running = store_.models().list_jobs(100);
  if (!running) return running.status();
  for (const Job& j : *running)
    if (j.family == family && j.kind == "train" && j.status == JobStatus::kRunning)
      return conflict("a training of '" + family + "' is already running (job " +
                          std::to_string(j.id) + ")",
                      "family");
  auto job = mlops::open_training_job(store_.models(), family);
  if (!job) return job.status();
  std::shared_ptr<mlops::ModelFamily> owned(std::move(*f));
  const Job opened = *job;
  training_[family] = std::thread([this, owned, s, opened] {
    (void)mlops::train(store_, *owned, registry_, s, {}, opened);  // the job row says how
  });
  return *job;
}

Result<std::vector<ModelVersion>> ModelService::versions(const std::string& family) {
  return store_.models().list_model_versions(family);
}

Result<ModelVersion> ModelService::version(const std::string& family, int version) {
  return store_.models().get_model_version(family, version);
}

Result<ModelVersion> ModelService::promote(const std::string& family, int version,
                                           const std::string& note) {
  OIIS_RETURN_IF_ERROR(check_writable());
  auto f = make_model_family(family);
  if (!f) return f.status();
  return mlops::promote(store_, **f, registry_, version, note.empty() ? "promoted by hand" : note);
}

Result<ModelVersion> ModelService::rollback(const std::string& family) {
  OIIS_RETURN_IF_ERROR(check_writable());
  auto f = make_model_family(family);
  if (!f) return f.status();
  return mlops::rollback(store_, **f, registry_);
}

namespace {

// A job whose process is gone is shown abandoned; the row itself is marked by the next
// training (reading never writes).
Job as_seen(Job job) { return mlops::is_abandoned(job) ? mlops::as_abandoned(std::move(job)) : job; }

}  // namespace

Result<std::vector<Job>> ModelService::jobs(int limit) {
  auto jobs = store_.models().list_jobs(limit);
  if (!jobs) return jobs.status();
  for (Job& j : *jobs) j = as_seen(std::move(j));
  return jobs;
}

Result<Job> ModelService::job(Id id) {
  auto job = store_.models().get_job(id);
  if (!job) return job.status();
  return as_seen(std::move(*job));
}

Result<MonitorReport> ModelService::monitor(const std::string& family) {
  OIIS_RETURN_IF_ERROR(check_writable());
  auto f = make_model_family(family);
  if (!f) return f.status();
  return mlops::monitor(store_, **f, registry_);
}

Result<std::vector<MonitorReport>> ModelService::monitor_reports(const std::string& family,
                                                                 int limit) {
  return store_.models().list_monitor_reports(family, limit);
}

Result<std::shared_ptr<const PredictionRow>> ModelService::predict(const std::string& family,
                                                                   const std::string& entity) {
  return cache_.get(family, entity);
}

Result<std::vector<PredictionRow>> ModelService::predictions(const std::string& family,
                                                             const std::string& after,
                                                             int limit) {
  return store_.models().list_predictions(family, after, limit);
}

namespace {

// Families with a production model now, and that model.
std::vector<ModelVersion> in_production(ModelTables& tables) {
  std::vector<ModelVersion> out;
  auto versions = tables.list_model_versions("");
  if (!versions) {
    log_warn("schedule: cannot read the model registry: " + versions.status().to_string());
    return out;
  }
  for (const auto& v : *versions)
    if (v.stage == ModelStage::kProduction) out.push_back(v);
  return out;
}

std::chrono::steady_clock::duration hours(double h) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double, std::ratio<3600>>(h));
}

}  // namespace

void ModelService::scheduled_retrain() {
  for (const ModelVersion& v : in_production(store_.models())) {
    auto outcome = train(v.family, mlops::settings_of(v));
    log_info("schedule: retrained " + v.family + ": " +
             (outcome ? outcome->job.message : outcome.status().to_string()));
  }
}

void ModelService::scheduled_monitor(bool retrain_on_alert) {
  for (const ModelVersion& v : in_production(store_.models())) {
    auto report = monitor(v.family);
    if (!report) {
      log_warn("schedule: monitoring " + v.family + " failed: " + report.status().to_string());
      continue;
    }
    if (!report->alert) continue;
    log_warn("schedule: " + v.family + " v" + std::to_string(v.version) +
             " raised a monitoring alert (report " + std::to_string(report->id) + ")");
    if (!retrain_on_alert) continue;
    auto outcome = train(v.family, mlops::settings_of(v));
    log_info("schedule: retrained " + v.family + " after the alert: " +
             (outcome ? outcome->job.message : outcome.status().to_string()));
  }
}

void ModelService::start_schedule(const ModelSchedule& schedule) {
  scheduler_.reset();
  if (data_dir_.empty()) return;  // nothing can be trained without a data directory
  std::vector<mlops::Scheduler::Task> tasks;
  if (schedule.train_every_hours > 0)
    tasks.push_back({"retrain", hours(schedule.train_every_hours), [this] { scheduled_retrain(); }});
  if (schedule.monitor_every_hours > 0)
    tasks.push_back({"monitor", hours(schedule.monitor_every_hours),
                     [this, retrain = schedule.retrain_on_alert] { scheduled_monitor(retrain); }});
  scheduler_ = std::make_unique<mlops::Scheduler>(std::move(tasks));
}

void ModelService::render_metrics(std::string& out) {
  auto line = [&](const std::string& name, const std::string& labels, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", value);
    out += name + labels + " " + buf + "\n";
  };
  out += "# HELP oiis_prediction_cache_hits_total Real-time predictions answered from the cache.\n"
         "# TYPE oiis_prediction_cache_hits_total counter\n";
  line("oiis_prediction_cache_hits_total", "", static_cast<double>(cache_.hits()));
  out += "# HELP oiis_prediction_cache_misses_total Real-time predictions read from the store.\n"
         "# TYPE oiis_prediction_cache_misses_total counter\n";
  line("oiis_prediction_cache_misses_total", "", static_cast<double>(cache_.misses()));
  out += "# HELP oiis_prediction_cache_shared_hits_total Misses answered from Redis.\n"
         "# TYPE oiis_prediction_cache_shared_hits_total counter\n";
  line("oiis_prediction_cache_shared_hits_total", "", static_cast<double>(cache_.shared_hits()));
  auto versions = store_.models().list_model_versions("");
  auto reports = store_.models().list_monitor_reports("", 100);
  if (!versions || !reports) return;  // the store is down: the HTTP metrics still render
  out += "# HELP oiis_model_production_version The production version of each model family.\n"
         "# TYPE oiis_model_production_version gauge\n";
  for (const auto& v : *versions)
    if (v.stage == ModelStage::kProduction)
      line("oiis_model_production_version", "{family=\"" + v.family + "\"}", v.version);
  out += "# HELP oiis_model_drift_alert 1 when the family's latest monitoring report alerts.\n"
         "# TYPE oiis_model_drift_alert gauge\n"
         "# HELP oiis_model_max_psi The largest input PSI of the family's latest report.\n"
         "# TYPE oiis_model_max_psi gauge\n";
  std::set<std::string> seen;
  for (const auto& r : *reports) {  // newest first: the first of each family is its latest
    if (!seen.insert(r.family).second) continue;
    const std::string labels = "{family=\"" + r.family + "\"}";
    line("oiis_model_drift_alert", labels, r.alert ? 1 : 0);
    const auto report = nlohmann::json::parse(r.report_json, nullptr, false);
    if (report.is_object() && report.contains("drift"))
      line("oiis_model_max_psi", labels, report["drift"].value("max_psi", 0.0));
  }
}

nlohmann::json to_json(const ModelVersion& v) {
  return {{"family", v.family},
          {"version", v.version},
          {"stage", to_string(v.stage)},
          {"params", parsed(v.params_json)},
          {"metrics", parsed(v.metrics_json)},
          {"data_fingerprint", v.data_fingerprint},
          {"model_fingerprint", v.model_fingerprint},
          {"code_version", v.code_version},
          {"artefact", v.artefact},
          {"data_date", v.data_date},
          {"created_at", format_timestamp(v.created_at)},
          {"note", v.note}};
}

nlohmann::json to_json(const Job& j) {
  return {{"id", j.id},
          {"kind", j.kind},
          {"family", j.family},
          {"status", to_string(j.status)},
          {"progress", j.progress},
          {"message", j.message},
          {"model_version", j.model_version ? nlohmann::json(*j.model_version) : nullptr},
          {"owner", j.owner},
          {"created_at", format_timestamp(j.created_at)},
          {"started_at", optional_time(j.started_at)},
          {"finished_at", optional_time(j.finished_at)},
          {"heartbeat_at", format_timestamp(j.heartbeat_at)}};
}

nlohmann::json to_json(const PredictionRow& r) {
  return {{"family", r.family},
          {"entity", r.entity},
          {"model_version", r.model_version},
          {"data_date", r.data_date},
          {"prediction", parsed(r.payload_json)}};
}

nlohmann::json to_json(const MonitorReport& r) {
  return {{"id", r.id},
          {"family", r.family},
          {"model_version", r.model_version},
          {"created_at", format_timestamp(r.created_at)},
          {"alert", r.alert},
          {"report", parsed(r.report_json)}};
}

nlohmann::json to_json(const mlops::TrainOutcome& o) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : o.checks)
    checks.push_back({{"check", c.name}, {"passed", c.passed}, {"detail", c.detail}});
  return {{"job", to_json(o.job)},
          {"checks", checks},
          {"promoted", o.promoted},
          {"version", o.version ? to_json(*o.version) : nlohmann::json(nullptr)}};
}

}  // namespace oiis::services
