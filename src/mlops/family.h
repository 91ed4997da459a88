// What the MLOps pipeline needs from a model family, and nothing about how the family models.
// Each family (services/*_family.cpp) implements ModelFamily; mlops drives it:
//
//   prepare (read a snapshot, run the data checks) -> train (split, search, evaluate) ->
//   register (artefact + metrics + fingerprints) -> predict (the prediction table) -> publish
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "store/model_tables.h"
#include "store/store.h"

namespace oiis::mlops {

// One data check: schema, ranges, missing values, duplicates, freshness.
struct DataCheck {
  std::string name;
  bool passed = true;
  std::string detail;  // what was found, in words
};

// What a family's training produced; the pipeline registers it.
struct TrainedModel {
  std::string artefact;    // the model's bytes (a file in the data directory once registered)
  nlohmann::json params;   // the settings chosen (and the candidates tried)
  nlohmann::json metrics;  // at least {"validation": {...}, "test": {...}}
  // The held-out figure a candidate must beat production on: metrics["test"][name].
  std::string held_out_metric;
  bool higher_is_better = true;
};

// A model's inputs as of some day: one row per entity, one column per feature.
struct FeatureSample {
  std::vector<std::string> names;
  std::vector<float> values;  // rows x names.size(), row-major; NaN = missing
  std::size_t rows() const { return names.empty() ? 0 : values.size() / names.size(); }
};

// Progress of a long step, 0..1, with a word on what is running.
using ProgressFn = std::function<void(double fraction, const std::string& step)>;

// One run over one snapshot of the data: created by ModelFamily::prepare.
class FamilyRun {
 public:
  virtual ~FamilyRun() = default;
  virtual const std::vector<DataCheck>& checks() const = 0;
  // A hash of exactly the rows the run learns from, and the last day they cover.
  virtual std::string data_fingerprint() const = 0;
  virtual std::string data_date() const = 0;
  virtual Result<TrainedModel> train(const ProgressFn& progress) = 0;
  // The held-out metrics (as in TrainedModel::metrics["test"]) of the model in `artefact` on
  // this run's test split: production is judged on the same rows as the candidate. They
  // include "cutoff", the first day whose actuals the split scores (YYYY-MM-DD): when it is on
  // or after a model's data date, the figures are accuracy on actuals the model never saw.
  virtual Result<nlohmann::json> evaluate(const std::string& artefact) = 0;
  // The model inputs as of the run's data date that the drift monitor follows: its reference
  // at training, its current sample later. A family leaves out inputs that move with the
  // calendar by construction (a customer's tenure grows a month every month).
  virtual Result<FeatureSample> inputs() = 0;
  // The main output of the model in `artefact` for every entity of this run (a churn
  // probability, a forecast): prediction drift, the monitor's other view.
  virtual Result<std::vector<double>> scores(const std::string& artefact) = 0;
  // The prediction table of the model in `artefact` on this snapshot (model_version 0: the
  // store sets it when the table is published).
  virtual Result<std::vector<PredictionRow>> predict(const std::string& artefact) = 0;
};

struct TrainSettings {
  int seed = 0;
  std::optional<Date> as_of;  // learn from the data until this day only (default: all of it)
  // The family's model settings (churn: window_days), recorded with every version as
  // params["settings"] so that the monitor rebuilds inputs as the model saw them.
  nlohmann::json overrides = nlohmann::json::object();
};

class ModelFamily {
 public:
  virtual ~ModelFamily() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  // Refuses settings the family cannot use (kInvalidArgument naming the field), before any job
  // starts; prepare() checks them too.
  virtual Status check_settings(const TrainSettings& settings) const = 0;
  virtual Result<std::unique_ptr<FamilyRun>> prepare(Store& store,
                                                     const TrainSettings& settings) = 0;
};

}  // namespace oiis::mlops
