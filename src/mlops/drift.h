// Input drift: how far a model's current inputs have moved from those it was trained with,
// per feature, as the population stability index (PSI) over the reference's deciles.
//
//   PSI = sum over bins (current share - reference share) * ln(current share / reference share)
//
// with shares floored at 1e-4 and missing values as a bin of their own. The usual reading:
// below 0.1 stable, 0.1-0.25 moderate, above 0.25 a significant shift (the default alert).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "mlops/family.h"

namespace oiis::mlops {

struct FeatureReference {
  std::string name;
  std::vector<double> edges;   // upper edges of all bins but the last, ascending, distinct
  std::vector<double> shares;  // edges.size() + 1 bins, then the missing-value bin
};

struct InputReference {
  std::size_t rows = 0;
  std::vector<FeatureReference> features;
};

// The run's monitored inputs with the model's score as one more column, "prediction".
Result<FeatureSample> monitored_sample(FamilyRun& run, const std::string& artefact);

// Decile bins of each feature of `sample` (fewer where values repeat).
InputReference reference_of(const FeatureSample& sample, int bins = 10);
nlohmann::json to_json(const InputReference& r);
// kInvalidArgument (field "inputs") when `j` is not what to_json wrote.
Result<InputReference> reference_from_json(const nlohmann::json& j);

struct FeatureDrift {
  std::string name;
  double psi = 0;
  std::string level;  // "stable", "moderate", "significant"
};

struct DriftResult {
  std::size_t reference_rows = 0, current_rows = 0;
  std::vector<FeatureDrift> features;  // the reference's order
  double max_psi = 0;
  bool alert = false;  // some feature's PSI is above `alert_psi`
};

// Compares `current` with the reference feature by feature (by name; a feature missing from
// `current` is kInvalidArgument naming it).
Result<DriftResult> compare_inputs(const InputReference& reference, const FeatureSample& current,
                                   double alert_psi);
nlohmann::json to_json(const DriftResult& d);

}  // namespace oiis::mlops
