// Batch jobs run by worker processes over partitions claimed from the store
// (store/job_partitions.h): `oiis batch submit` splits a job, every `oiis worker` claims a
// partition with a lease, runs it, and completes it fenced on its lease token. Two workers
// on two machines share the partitions; a dead worker's partition is taken again once its
// lease runs out.
//
// The one kind today is "forecast": partition p forecasts the SKUs whose product id modulo
// the partition count is p (stable while the catalogue grows), each with the per-SKU engine
// of forecast_batch.h (univariate, no pooled season or global model, which need every SKU at
// once). Its result is {"part", "skus": [{"sku", "model", "total"}]} (total: units over the
// horizon).
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "common/status.h"
#include "data/demand.h"
#include "store/job_partitions.h"
#include "store/store.h"

namespace oiis::services {

struct ForecastJobParams {
  DemandLevel level = DemandLevel::kWeekly;
  int horizon = 13;
};
constexpr int kMaxJobPartitions = 10000;

// A "forecast" job of `partitions` (1..kMaxJobPartitions) partitions; errors name the field.
Result<PartitionedJob> submit_forecast_job(JobPartitions& jobs, const ForecastJobParams& params,
                                           int partitions);

struct WorkerOptions {
  std::string name;  // who claims (host:pid); shown in job_partitions.lease_owner and done_by
  std::chrono::milliseconds lease{30000};  // renewed every third of it while a partition runs
  std::chrono::milliseconds poll{250};     // wait between claims when there is nothing to do
  bool exit_when_done = true;  // return once no partition of any job is left unfinished
};

struct WorkerReport {
  int done = 0;  // partitions this worker completed
  int lost = 0;  // partitions it ran but whose lease another worker had taken by then
};

// Claims and runs partitions until none is left unfinished (or forever); `say` gets one line
// per partition ("done job 3 partition 5 token 1", "lost ...").
Result<WorkerReport> run_worker(JobPartitions& jobs, Store& store, const WorkerOptions& options,
                                const std::function<void(const std::string&)>& say);

}  // namespace oiis::services
