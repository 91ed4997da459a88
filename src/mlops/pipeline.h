// Training as a recorded job: data checks -> train -> decide -> predict -> register and
// publish. The job table says what is running, how far it is and how it ended; the registry
// and the prediction table change in the last step's one transaction, so a job killed at any
// point before leaves both as they were (the next run marks the dead job abandoned).
#pragma once

#include <optional>
#include <string>

#include "mlops/family.h"
#include "mlops/registry.h"

namespace oiis::mlops {

struct TrainOutcome {
  Job job;
  std::optional<ModelVersion> version;  // set when a model was registered
  bool promoted = false;
  std::vector<DataCheck> checks;
  nlohmann::json metrics;
};

// A running training job of `family`, owned by this process (for callers that answer with the
// job before the training ends).
Result<Job> open_training_job(ModelTables& tables, const std::string& family);

// Runs one training of `family` as a job (`job` from open_training_job, or a new one). A
// failed data check ends the job as failed with the checks' report (the outcome's checks),
// kFailedPrecondition naming the first failed check.
Result<TrainOutcome> train(Store& store, ModelFamily& family, Registry& registry,
                           const TrainSettings& settings, const ProgressFn& progress = {},
                           std::optional<Job> job = std::nullopt);

// Promotes an existing version: its artefact is read back (fingerprint checked), predicts the
// current data and is published with those predictions. `note` says why (promote, rollback).
Result<ModelVersion> promote(Store& store, ModelFamily& family, Registry& registry, int version,
                             const std::string& note);
// Promotes Registry::rollback_target().
Result<ModelVersion> rollback(Store& store, ModelFamily& family, Registry& registry);

// Whether a queued or running job's process is gone (same host, pid not alive) or its
// heartbeat is older than `stale_after_s`.
bool is_abandoned(const Job& job, long stale_after_s = 300);
// `job` with status kAbandoned and its last step in the message.
Job as_abandoned(Job job);

// Marks running jobs whose process is gone (same host, pid not alive) or whose heartbeat is
// older than `stale_after_s` as abandoned. Returns how many.
Result<int> reap_abandoned_jobs(ModelTables& tables, long stale_after_s = 300);

// A version's model settings (params["settings"]) on all of today's data: how promotion and
// monitoring rebuild its inputs.
TrainSettings settings_of(const ModelVersion& v);

// "host:pid" of this process, the owner recorded on its jobs.
std::string job_owner();

}  // namespace oiis::mlops
