// The MLOps service the CLI and the routes call: train a family (now, or as a background job),
// list and show registered versions, promote and roll back, the job table, and real-time
// predictions from the published tables through a bounded cache that a promotion clears.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "mlops/monitor.h"
#include "mlops/pipeline.h"
#include "mlops/prediction_cache.h"
#include "mlops/redis_client.h"
#include "mlops/registry.h"
#include "mlops/scheduler.h"
#include "store/store.h"

namespace oiis::services {

// The built-in schedule of `oiis serve`: every family that has a production model is
// retrained and monitored periodically; a monitoring alert can retrain at once.
struct ModelSchedule {
  double train_every_hours = 24;   // 0: never
  double monitor_every_hours = 6;  // 0: never
  bool retrain_on_alert = true;
};

class ModelService {
 public:
  // `data_dir` empty: no artefacts can be written or read (training and promotion refuse).
  // `redis`, when set, is the shared level of the prediction cache (mlops/prediction_cache.h).
  ModelService(Store& store, std::filesystem::path data_dir,
               std::unique_ptr<mlops::RedisClient> redis = nullptr);
  ~ModelService();  // waits for background training to finish
  ModelService(const ModelService&) = delete;
  ModelService& operator=(const ModelService&) = delete;

  // Trains now, in this thread.
  Result<mlops::TrainOutcome> train(const std::string& family, const mlops::TrainSettings& s,
                                    const mlops::ProgressFn& progress = {});
  // Opens the job and trains on a background thread; kConflict while this process already
  // trains the family.
  Result<Job> start_training(const std::string& family, const mlops::TrainSettings& s);

  // Versions of a family (every family when empty), newest first.
  Result<std::vector<ModelVersion>> versions(const std::string& family);
  Result<ModelVersion> version(const std::string& family, int version);
  Result<ModelVersion> promote(const std::string& family, int version, const std::string& note);
  Result<ModelVersion> rollback(const std::string& family);
  Result<std::vector<Job>> jobs(int limit);
  Result<Job> job(Id id);

  // Input drift and accuracy of the family's production model on today's data, stored as a
  // monitoring report (mlops/monitor.h).
  Result<MonitorReport> monitor(const std::string& family);
  Result<std::vector<MonitorReport>> monitor_reports(const std::string& family, int limit);

  // One entity's published prediction (cached).
  Result<std::shared_ptr<const PredictionRow>> predict(const std::string& family,
                                                       const std::string& entity);
  Result<std::vector<PredictionRow>> predictions(const std::string& family,
                                                 const std::string& after, int limit);
  const mlops::PredictionCache& cache() const { return cache_; }
  // Another process changed `family`'s production model (a change notice): its cached
  // predictions here go (every family's when empty).
  void forget_cached_predictions(const std::string& family) { cache_.drop_here(family); }
  // Starts (or replaces) the periodic retraining and monitoring; outcomes go to the job table,
  // the monitoring reports and the log.
  void start_schedule(const ModelSchedule& schedule);
  // Runs the schedule's two tasks once, now (tests; the scheduler calls them).
  void scheduled_retrain();
  void scheduled_monitor(bool retrain_on_alert);
  // Prometheus text: prediction cache counters, and per family the production version and
  // the latest monitoring report's alert and largest PSI.
  void render_metrics(std::string& out);

 private:
  Status check_writable() const;

  Store& store_;
  std::filesystem::path data_dir_;
  mlops::Registry registry_;
  std::unique_ptr<mlops::RedisClient> redis_;  // before cache_, which uses it
  mlops::PredictionCache cache_;
  std::mutex training_mutex_;
  std::map<std::string, std::thread> training_;  // family -> its background training
  std::vector<std::thread> finished_;            // joined on the next start or at the end
  std::unique_ptr<mlops::Scheduler> scheduler_;  // declared last: stopped first
};

// JSON of the registry's rows (shared by the CLI's --json and the routes).
nlohmann::json to_json(const ModelVersion& v);
nlohmann::json to_json(const Job& j);
nlohmann::json to_json(const PredictionRow& r);
nlohmann::json to_json(const MonitorReport& r);
nlohmann::json to_json(const mlops::TrainOutcome& o);

}  // namespace oiis::services
