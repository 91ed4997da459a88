#include "mlops/drift.h"

#include <algorithm>
#include <cmath>

namespace oiis::mlops {
namespace {

constexpr double kFloor = 1e-4;

std::vector<double> column(const FeatureSample& s, std::size_t j) {
  std::vector<double> out;
  out.reserve(s.rows());
  for (std::size_t r = 0; r < s.rows(); ++r) out.push_back(s.values[r * s.names.size() + j]);
  return out;
}

// Shares of `values` in the bins of `edges` (value <= edges[i] falls in bin i, above the last
// edge in the last bin), then the share of missing values.
std::vector<double> shares_of(const std::vector<double>& values, const std::vector<double>& edges) {
  std::vector<double> shares(edges.size() + 2, 0.0);
  for (double v : values) {
    const std::size_t bin = std::isnan(v) ? edges.size() + 1
                                          : static_cast<std::size_t>(std::lower_bound(
                                                edges.begin(), edges.end(), v) - edges.begin());
    shares[bin] += 1;
  }
  for (double& s : shares) s /= std::max<double>(1, static_cast<double>(values.size()));
  return shares;
}

std::string level_of(double psi) {
  return psi < 0.1 ? "stable" : psi <= 0.25 ? "moderate" : "significant";
}

}  // namespace

Result<FeatureSample> monitored_sample(FamilyRun& run, const std::string& artefact) {
  auto inputs = run.inputs();
  if (!inputs) return inputs.status();
  auto scores = run.scores(artefact);
  if (!scores) return scores.status();
  const std::size_t rows = inputs->rows(), cols = inputs->names.size();
  if (scores->size() != rows && cols > 0)
    return internal_error("the family gave " + std::to_string(scores->size()) + " scores for " +
                          std::to_string(rows) + " input rows");
  FeatureSample out;
  out.names = inputs->names;
  out.names.push_back("prediction");
  out.values.reserve(scores->size() * (cols + 1));
  for (std::size_t r = 0; r < scores->size(); ++r) {
    for (std::size_t j = 0; j < cols; ++j) out.values.push_back(inputs->values[r * cols + j]);
    out.values.push_back(static_cast<float>((*scores)[r]));
  }
  return out;
}

InputReference reference_of(const FeatureSample& sample, int bins) {
  InputReference out;
  out.rows = sample.rows();
  for (std::size_t j = 0; j < sample.names.size(); ++j) {
    const std::vector<double> values = column(sample, j);
    std::vector<double> present;
    for (double v : values)
      if (!std::isnan(v)) present.push_back(v);
    std::sort(present.begin(), present.end());
    FeatureReference f{sample.names[j], {}, {}};
    for (int b = 1; b < bins && !present.empty(); ++b) {
      const double edge = present[static_cast<std::size_t>(b * (present.size() - 1) / bins)];
      if (f.edges.empty() || edge > f.edges.back()) f.edges.push_back(edge);
    }
    f.shares = shares_of(values, f.edges);
    out.features.push_back(std::move(f));
  }
  return out;
}

nlohmann::json to_json(const InputReference& r) {
  nlohmann::json features = nlohmann::json::array();
  for (const auto& f : r.features)
    features.push_back({{"name", f.name}, {"edges", f.edges}, {"shares", f.shares}});
  return {{"rows", r.rows}, {"features", features}};
}

Result<InputReference> reference_from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("features") || !j["features"].is_array())
    return invalid_argument("no input reference recorded with this model", "inputs");
  InputReference out;
  out.rows = j.value("rows", std::size_t{0});
  for (const auto& f : j["features"]) {
    if (!f.is_object() || !f.contains("edges") || !f.contains("shares"))
      return invalid_argument("a malformed input reference", "inputs");
    FeatureReference ref{f.value("name", ""), f["edges"].get<std::vector<double>>(),
                         f["shares"].get<std::vector<double>>()};
    if (ref.shares.size() != ref.edges.size() + 2)
      return invalid_argument("a malformed input reference for " + ref.name, "inputs");
    out.features.push_back(std::move(ref));
  }
  return out;
}

Result<DriftResult> compare_inputs(const InputReference& reference, const FeatureSample& current,
                                   double alert_psi) {
  DriftResult out;
  out.reference_rows = reference.rows;
  out.current_rows = current.rows();
  for (const FeatureReference& f : reference.features) {
    const auto it = std::find(current.names.begin(), current.names.end(), f.name);
    if (it == current.names.end())
      return invalid_argument("the current inputs lack feature " + f.name, f.name);
    const auto now = shares_of(column(current, static_cast<std::size_t>(it - current.names.begin())),
                               f.edges);
    double psi = 0;
    for (std::size_t b = 0; b < now.size(); ++b) {
      const double c = std::max(now[b], kFloor), r = std::max(f.shares[b], kFloor);
      psi += (c - r) * std::log(c / r);
    }
    out.features.push_back({f.name, psi, level_of(psi)});
    out.max_psi = std::max(out.max_psi, psi);
  }
  out.alert = out.max_psi > alert_psi;
  return out;
}

nlohmann::json to_json(const DriftResult& d) {
  nlohmann::json features = nlohmann::json::array();
  for (const auto& f : d.features)
    features.push_back({{"feature", f.name}, {"psi", f.psi}, {"level", f.level}});
  return {{"reference_rows", d.reference_rows}, {"current_rows", d.current_rows},
          {"max_psi", d.max_psi}, {"alert", d.alert}, {"features", features}};
}

}  // namespace oiis::mlops
