// The model registry: every trained model is a version with its parameters, metrics, data and
// model fingerprints, code version, creation time and stage. Metadata lives in the store
// (store/model_tables.h); the artefact is a file under <data>/models/<family>/, named by the
// model fingerprint and written before the row that points at it, so a crash can leave an
// unreferenced file but never a row without its artefact.
#pragma once

#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "mlops/family.h"
#include "store/model_tables.h"

namespace oiis::mlops {

// Whether a candidate replaces production, and why (the reason is the version's note).
struct PromotionDecision {
  bool promote = false;
  std::string reason;
};

// A candidate is promoted only when there is no production version, or when its held-out
// metric beats production's on the same held-out rows (`production_held_out`: production's
// artefact evaluated on the candidate's test split), strictly; a metric missing on either
// side does not promote.
PromotionDecision decide_promotion(const TrainedModel& candidate,
                                   const std::optional<ModelVersion>& production,
                                   const nlohmann::json& production_held_out);

class Registry {
 public:
  Registry(ModelTables& tables, std::filesystem::path data_dir)
      : tables_(tables), data_dir_(std::move(data_dir)) {}

  // Writes the artefact and registers the version; when `decision.promote`, as production with
  // `predictions` published in the same transaction.
  Result<ModelVersion> register_model(const std::string& family, const TrainedModel& model,
                                      const std::string& data_fingerprint,
                                      const std::string& data_date,
                                      const PromotionDecision& decision,
                                      const std::vector<PredictionRow>* predictions);
  // The artefact's bytes; kDataLoss-like kInternal when the file no longer matches its hash.
  Result<std::string> read_artefact(const ModelVersion& v) const;
  Result<std::optional<ModelVersion>> production(const std::string& family);
  // Makes `version` production with its predictions (computed by the caller from its
  // artefact) and tells the listeners.
  Result<ModelVersion> promote(const std::string& family, int version, const std::string& note,
                               const std::vector<PredictionRow>& predictions);
  // The version a rollback returns to: the one that was production before the current one
  // (the archived version promoted last before it).
  Result<ModelVersion> rollback_target(const std::string& family);

  // Called with the family after every promotion in this process (prediction caches).
  void on_promotion(std::function<void(const std::string& family)> listener);

  ModelTables& tables() { return tables_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }

 private:
  void notify(const std::string& family);

  ModelTables& tables_;
  std::filesystem::path data_dir_;
  std::mutex listeners_mutex_;
  std::vector<std::function<void(const std::string&)>> listeners_;
};

// The version of this program, recorded with every model.
std::string code_version();

}  // namespace oiis::mlops
