#include "store/model_tables.h"

#include <array>
#include <utility>

#include "store/model_tables_checks.h"

namespace oiis {
namespace {

constexpr std::array<std::pair<ModelStage, std::string_view>, 3> kStages = {{
    {ModelStage::kCandidate, "candidate"},
    {ModelStage::kProduction, "production"},
    {ModelStage::kArchived, "archived"},
}};
constexpr std::array<std::pair<JobStatus, std::string_view>, 5> kJobStatuses = {{
    {JobStatus::kQueued, "queued"},
    {JobStatus::kRunning, "running"},
    {JobStatus::kSucceeded, "succeeded"},
    {JobStatus::kFailed, "failed"},
    {JobStatus::kAbandoned, "abandoned"},
}};

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& names, E e) {
  for (const auto& [value, name] : names)
    if (value == e) return name;
  return "unknown";
}
template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& names,
                          std::string_view s) {
  for (const auto& [value, name] : names)
    if (name == s) return value;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(ModelStage s) { return name_of(kStages, s); }
std::optional<ModelStage> parse_model_stage(std::string_view s) { return value_of(kStages, s); }
std::string_view to_string(JobStatus s) { return name_of(kJobStatuses, s); }
std::optional<JobStatus> parse_job_status(std::string_view s) { return value_of(kJobStatuses, s); }

namespace model_tables {

Status check_family(const std::string& family) {
  if (family.empty()) return invalid_argument("family is required", "family");
  if (family.size() > 64) return invalid_argument("family is longer than 64 characters", "family");
  return Status::ok();
}

Status check_model_version(const ModelVersion& v) {
  if (auto s = check_family(v.family); !s.is_ok()) return s;
  if (v.artefact.empty()) return invalid_argument("artefact is required", "artefact");
  if (v.model_fingerprint.empty())
    return invalid_argument("model_fingerprint is required", "model_fingerprint");
  return Status::ok();
}

Status check_job(const Job& j) {
  if (auto s = check_family(j.family); !s.is_ok()) return s;
  if (j.kind.empty()) return invalid_argument("kind is required", "kind");
  if (!(j.progress >= 0 && j.progress <= 1))
    return invalid_argument("progress must be between 0 and 1", "progress");
  return Status::ok();
}

Status check_predictions(const std::string& family, const std::vector<PredictionRow>& rows) {
  if (auto s = check_family(family); !s.is_ok()) return s;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string at = "rows[" + std::to_string(i) + "]";
    if (rows[i].entity.empty()) return invalid_argument("entity is required", at + ".entity");
    if (rows[i].family != family)
      return invalid_argument("row of family '" + rows[i].family + "' in a '" + family +
                                  "' prediction table",
                              at + ".family");
  }
  return Status::ok();
}

int clamp_limit(int limit) { return limit < 1 ? 1 : (limit > 10000 ? 10000 : limit); }

}  // namespace model_tables
}  // namespace oiis
