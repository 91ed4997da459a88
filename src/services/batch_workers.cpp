#include "services/batch_workers.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numeric>
#include <thread>

#include "services/forecast_batch.h"

namespace oiis::services {
namespace {

Result<ForecastJobParams> read_forecast_job_params(const std::string& params_json) {
  auto j = nlohmann::json::parse(params_json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return invalid_argument("forecast job parameters are not a JSON object");
  ForecastJobParams p;
  auto level = parse_level(j.value("level", ""));
  if (!level) return invalid_argument("forecast job has an unknown level", "level");
  p.level = *level;
  p.horizon = j.value("horizon", 0);
  if (p.horizon < 1 || p.horizon > 366) return invalid_argument("horizon must be 1..366", "horizon");
  return p;
}

// Runs forecast partitions, keeping the demand read for the job of the last one: a worker
// usually runs several partitions of one job, and reading the history is the costly part.
class ForecastPartitionRunner {
 public:
  explicit ForecastPartitionRunner(Store& store) : store_(store) {}

  Result<std::string> run(const PartitionLease& lease) {
    auto params = read_forecast_job_params(lease.job.params_json);
    if (!params) return params.status();
    if (!demand_ || demand_job_ != lease.job.id) {
      DemandOptions options;
      options.level = params->level;
      auto demand = build_demand(store_, options);
      if (!demand) return demand.status();
      demand_ = std::make_unique<DemandSet>(std::move(*demand));
      demand_job_ = lease.job.id;
    }
    BatchOptions batch;
    batch.horizon = params->horizon;
    const auto engine = engine_options(params->level, batch);
    const int history = history_limit(params->level, batch);
    nlohmann::json skus = nlohmann::json::array();
    for (const DemandSeries& series : demand_->series) {
      if (series.product_id % lease.job.partitions != lease.part) continue;
      SkuForecast f = forecast_sku(series, engine, 0, history);
      const double total = std::accumulate(f.forecast.mean.begin(), f.forecast.mean.end(), 0.0);
      skus.push_back({{"sku", series.sku},
                      {"model", f.status.is_ok() ? f.forecast.model : "error: " + f.status.message()},
                      {"total", total}});
    }
    return nlohmann::json{{"part", lease.part}, {"skus", std::move(skus)}}.dump();
  }

 private:
  Store& store_;
  Id demand_job_ = 0;
  std::unique_ptr<DemandSet> demand_;
};

// Renews a lease every third of its length until destroyed, so a long partition keeps it and
// a dead worker's partition is free again within one lease.
class LeaseKeeper {
 public:
  LeaseKeeper(JobPartitions& jobs, const PartitionLease& lease, std::chrono::milliseconds length)
      : thread_([this, &jobs, lease, length] {
          std::unique_lock lock(mutex_);
          while (!stop_cv_.wait_for(lock, length / 3, [this] { return stop_; })) {
            lock.unlock();
            auto held = jobs.renew(lease, length);
            lock.lock();
            if (held.is_ok() && !*held) return;  // lost: completing will say so
          }
        }) {}
  ~LeaseKeeper() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    stop_cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

std::string partition_name(const PartitionLease& lease) {
  return "job " + std::to_string(lease.job.id) + " partition " + std::to_string(lease.part) +
         " token " + std::to_string(lease.token);
}

// Runs one claimed partition and completes it; adds to `report`.
Status run_claimed(JobPartitions& jobs, ForecastPartitionRunner& runner, const PartitionLease& lease,
                   const WorkerOptions& options, WorkerReport& report,
                   const std::function<void(const std::string&)>& say) {
  if (lease.job.kind != "forecast")
    return failed_precondition("job " + std::to_string(lease.job.id) + " is of unknown kind '" +
                               lease.job.kind + "'");
  Result<std::string> result = [&] {
    LeaseKeeper keeper(jobs, lease, options.lease);
    return runner.run(lease);
  }();
  if (!result) return result.status();
  auto completed = jobs.complete(lease, options.name, *result);
  if (!completed) return completed.status();
  ++(*completed ? report.done : report.lost);
  say((*completed ? "done " : "lost ") + partition_name(lease));
  return Status::ok();
}

}  // namespace

Result<PartitionedJob> submit_forecast_job(JobPartitions& jobs, const ForecastJobParams& params,
                                           int partitions) {
  if (partitions < 1 || partitions > kMaxJobPartitions)
    return invalid_argument("partitions must be 1.." + std::to_string(kMaxJobPartitions),
                            "partitions");
  if (params.horizon < 1 || params.horizon > 366)
    return invalid_argument("horizon must be 1..366", "horizon");
  const nlohmann::json j = {{"level", level_name(params.level)}, {"horizon", params.horizon}};
  return jobs.submit("forecast", j.dump(), partitions);
}

Result<WorkerReport> run_worker(JobPartitions& jobs, Store& store, const WorkerOptions& options,
                                const std::function<void(const std::string&)>& say) {
  ForecastPartitionRunner runner(store);
  WorkerReport report;
  while (true) {
    auto lease = jobs.claim(options.name, options.lease);
    if (!lease) return lease.status();
    if (*lease) {
      OIIS_RETURN_IF_ERROR(run_claimed(jobs, runner, **lease, options, report, say));
      continue;
    }
    if (options.exit_when_done) {
      auto open = jobs.unfinished_partitions();
      if (!open) return open.status();
      if (*open == 0) return report;
    }
    std::this_thread::sleep_for(options.poll);
  }
}

}  // namespace oiis::services
