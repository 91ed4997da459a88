// Partitioned batch jobs shared by worker processes on one store (migrations sqlite 008,
// postgres 007): a job is split into partitions; a worker claims one with a lease, renews the
// lease while it works and completes it with its result. A partition whose lease runs out
// (its worker died or stalled) is claimed again by another worker with a new lease token, and
// completion is fenced on the token, so each partition is done exactly once. PostgreSQL
// claims with FOR UPDATE SKIP LOCKED (workers never queue on each other's rows) and keeps
// lease time on the database's clock; SQLite claims in BEGIN IMMEDIATE transactions.
//
// Opened by store URL on connections of its own (workers and the CLI use it; the server does
// not), so the Store interface stays as it is. The store must already be migrated (open_store).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/types.h"

namespace oiis {

struct PartitionedJob {
  Id id = 0;
  std::string kind;         // what the workers run, e.g. "forecast"
  std::string params_json;  // the job's parameters, as submitted
  int partitions = 0;
  Timestamp created_at = 0;
};

// A claimed partition: the worker's right to complete it while `token` is current.
struct PartitionLease {
  PartitionedJob job;
  int part = 0;
  std::int64_t token = 0;
};

struct JobProgress {
  PartitionedJob job;
  int pending = 0, leased = 0, done = 0;
  std::int64_t claims = 0;  // claims of all partitions: above `partitions` when some were retaken
  bool finished() const { return done == job.partitions; }
};

class JobPartitions {
 public:
  virtual ~JobPartitions() = default;
  // A new job of `partitions` (1..10000) pending partitions.
  virtual Result<PartitionedJob> submit(const std::string& kind, const std::string& params_json,
                                        int partitions) = 0;
  // The lowest pending partition of the oldest job, or one whose lease has run out; nullopt
  // when there is nothing to do. `worker` names the claimant (host:pid).
  virtual Result<std::optional<PartitionLease>> claim(const std::string& worker,
                                                      std::chrono::milliseconds lease) = 0;
  // Extends a lease still held; false when it was lost (expired and claimed by another).
  virtual Result<bool> renew(const PartitionLease& lease, std::chrono::milliseconds lease_for) = 0;
  // Stores the result and marks the partition done if `lease` is still current; false (and
  // nothing written) when another worker holds it now or it is already done.
  virtual Result<bool> complete(const PartitionLease& lease, const std::string& worker,
                                const std::string& result_json) = 0;
  // kNotFound for an unknown job.
  virtual Result<JobProgress> progress(Id job_id) = 0;
  // Partitions of every job not done yet (pending or leased): a worker with nothing to claim
  // waits while some are leased, since a lease may run out and its partition come back.
  virtual Result<std::int64_t> unfinished_partitions() = 0;
  // The done partitions' results in partition order.
  virtual Result<std::vector<std::string>> results(Id job_id) = 0;
};

// The job tables of the store at `store_url` (as open_store takes it: postgresql://..., or an
// SQLite path / sqlite:PATH).
Result<std::unique_ptr<JobPartitions>> open_job_partitions(const std::string& store_url);

}  // namespace oiis
