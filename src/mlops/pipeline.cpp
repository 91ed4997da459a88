#include "mlops/pipeline.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/time.h"
#include "mlops/drift.h"

namespace oiis::mlops {
namespace {

// The job row of one run: progress and a heartbeat every few seconds from a helper thread, so
// `oiis jobs` on another process can tell a long step from a dead one.
class JobRecorder {
 public:
  JobRecorder(ModelTables& tables, Job job, ProgressFn progress)
      : tables_(tables), job_(std::move(job)), progress_(std::move(progress)) {
    beat_ = std::thread([this] { beat_loop(); });
  }
  ~JobRecorder() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    beat_.join();
  }
  void step(double fraction, const std::string& what) {
    {
      std::lock_guard lock(mutex_);
      job_.progress = std::clamp(fraction, 0.0, 1.0);
      job_.message = what;
      save();
    }
    if (progress_) progress_(fraction, what);
  }
  Job finish(JobStatus status, const std::string& message, std::optional<int> version) {
    std::lock_guard lock(mutex_);
    job_.status = status;
    job_.message = message;
    job_.model_version = version;
    if (status == JobStatus::kSucceeded) job_.progress = 1;
    job_.finished_at = now_utc();
    save();
    return job_;
  }

 private:
  void save() {  // under mutex_
    job_.heartbeat_at = now_utc();
    (void)tables_.update_job(job_);  // a lost progress row must not fail the training
  }
  void beat_loop() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::seconds(5), [this] { return stopping_; })) save();
  }

  ModelTables& tables_;
  Job job_;
  ProgressFn progress_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread beat_;
};

std::string first_failed(const std::vector<DataCheck>& checks) {
  for (const DataCheck& c : checks)
    if (!c.passed) return c.name + ": " + c.detail;
  return {};
}

}  // namespace

Result<Job> open_training_job(ModelTables& tables, const std::string& family) {
  Job job;
  job.kind = "train";
  job.family = family;
  job.status = JobStatus::kRunning;
  job.owner = job_owner();
  job.started_at = now_utc();
  job.message = "starting";
  return tables.create_job(job);
}

namespace {

// The steps after the job row exists; errors end the job as failed.
Status run_training(Store& store, ModelFamily& family, Registry& registry,
                    const TrainSettings& settings, JobRecorder& job, TrainOutcome& out) {
  job.step(0.02, "reading the data and checking it");
  auto run = family.prepare(store, settings);
  if (!run) return run.status();
  out.checks = (*run)->checks();
  if (std::string failed = first_failed(out.checks); !failed.empty())
    return failed_precondition("data check failed: " + failed, "data");
  job.step(0.1, "training");
  auto trained = (*run)->train([&](double f, const std::string& what) {
    job.step(0.1 + 0.7 * f, what);
  });
  if (!trained) return trained.status();
  trained->params["settings"] = settings.overrides;
  auto inputs = monitored_sample(**run, trained->artefact);
  if (!inputs) return inputs.status();
  // What the monitor compares later inputs and accuracy with (mlops/monitor.h).
  trained->metrics["inputs"] = to_json(reference_of(*inputs));
  trained->metrics["promotion_metric"] = {{"name", trained->held_out_metric},
                                          {"higher_is_better", trained->higher_is_better}};
  auto production = registry.production(family.name());
  if (!production) return production.status();
  nlohmann::json production_held_out;
  if (*production) {
    job.step(0.8, "scoring production on the same test rows");
    auto artefact = registry.read_artefact(**production);
    if (!artefact) return artefact.status();
    auto scored = (*run)->evaluate(*artefact);
    if (!scored) return scored.status();
    production_held_out = *scored;
    trained->metrics["production_on_same_test"] = {{"version", (*production)->version},
                                                   {"metrics", production_held_out}};
  }
  const PromotionDecision decision = decide_promotion(*trained, *production, production_held_out);
  std::vector<PredictionRow> rows;
  if (decision.promote) {
    job.step(0.85, "predicting with the new model");
    auto predicted = (*run)->predict(trained->artefact);
    if (!predicted) return predicted.status();
    rows = std::move(*predicted);
  }
  job.step(0.95, "registering");
  auto version = registry.register_model(family.name(), *trained, (*run)->data_fingerprint(),
                                         (*run)->data_date(), decision, &rows);
  if (!version) return version.status();
  out.metrics = trained->metrics;
  out.version = *version;
  out.promoted = decision.promote;
  return Status::ok();
}

bool process_alive(const std::string& owner) {
  const auto colon = owner.rfind(':');
  if (colon == std::string::npos) return true;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  if (owner.substr(0, colon) != host) return true;  // another machine: trust the heartbeat
  const long pid = std::strtol(owner.c_str() + colon + 1, nullptr, 10);
  return pid > 0 && (kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

}  // namespace

TrainSettings settings_of(const ModelVersion& v) {
  TrainSettings s;
  const auto params = nlohmann::json::parse(v.params_json, nullptr, false);
  if (params.is_object() && params.contains("settings") && params["settings"].is_object())
    s.overrides = params["settings"];
  return s;
}

std::string job_owner() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

bool is_abandoned(const Job& job, long stale_after_s) {
  if (job.status != JobStatus::kRunning && job.status != JobStatus::kQueued) return false;
  return !process_alive(job.owner) || now_utc() - job.heartbeat_at > stale_after_s;
}

Job as_abandoned(Job job) {
  job.status = JobStatus::kAbandoned;
  job.message = "its process stopped (last step: " + job.message + ")";
  return job;
}

Result<int> reap_abandoned_jobs(ModelTables& tables, long stale_after_s) {
  auto jobs = tables.list_jobs(1000);
  if (!jobs) return jobs.status();
  const Timestamp now = now_utc();
  int reaped = 0;
  for (Job job : *jobs) {
    if (!is_abandoned(job, stale_after_s)) continue;
    job = as_abandoned(std::move(job));
    job.finished_at = now;
    OIIS_RETURN_IF_ERROR(tables.update_job(job).status());
    ++reaped;
  }
  return reaped;
}

Result<TrainOutcome> train(Store& store, ModelFamily& family, Registry& registry,
                           const TrainSettings& settings, const ProgressFn& progress,
                           std::optional<Job> job) {
  ModelTables& tables = store.models();
  if (!job) {
    OIIS_RETURN_IF_ERROR(reap_abandoned_jobs(tables).status());
    auto opened = open_training_job(tables, family.name());
    if (!opened) return opened.status();
    job = *opened;
  }
  TrainOutcome out;
  JobRecorder recorder(tables, *job, progress);
  const Status status = run_training(store, family, registry, settings, recorder, out);
  if (!status.is_ok()) {
    out.job = recorder.finish(JobStatus::kFailed, status.message(), std::nullopt);
    return status;
  }
  const std::string done = "registered " + family.name() + " v" +
                           std::to_string(out.version->version) +
                           (out.promoted ? " as production" : " as a candidate") + " (" +
                           out.version->note + ")";
  out.job = recorder.finish(JobStatus::kSucceeded, done, out.version->version);
  return out;
}

Result<ModelVersion> promote(Store& store, ModelFamily& family, Registry& registry, int version,
                             const std::string& note) {
  auto target = store.models().get_model_version(family.name(), version);
  if (!target) return target.status();
  auto artefact = registry.read_artefact(*target);
  if (!artefact) return artefact.status();
  auto run = family.prepare(store, settings_of(*target));
  if (!run) return run.status();
  auto rows = (*run)->predict(*artefact);
  if (!rows) return rows.status();
  return registry.promote(family.name(), version, note, *rows);
}

Result<ModelVersion> rollback(Store& store, ModelFamily& family, Registry& registry) {
  auto target = registry.rollback_target(family.name());
  if (!target) return target.status();
  auto current = registry.production(family.name());
  if (!current) return current.status();
  const std::string from = *current ? " from v" + std::to_string((*current)->version) : "";
  return promote(store, family, registry, target->version, "rolled back" + from);
}

}  // namespace oiis::mlops
