#include "mlops/registry.h"

#include <fstream>
#include <sstream>
#include <system_error>

#include "common/crypto.h"

namespace oiis::mlops {
namespace {

std::optional<double> number_at(const nlohmann::json& object, const std::string& name) {
  if (!object.is_object() || !object.contains(name) || !object[name].is_number())
    return std::nullopt;
  return object[name].get<double>();
}

// Writes `bytes` to `path` through a temporary file and a rename, so a reader (or a crash)
// never sees half an artefact.
Status write_whole_file(const std::filesystem::path& path, const std::string& bytes) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return unavailable("cannot create " + path.parent_path().string() + ": " + ec.message());
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return unavailable("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return unavailable("cannot rename " + tmp.string() + ": " + ec.message());
  return Status::ok();
}

}  // namespace

std::string code_version() { return OIIS_CODE_VERSION; }

PromotionDecision decide_promotion(const TrainedModel& candidate,
                                   const std::optional<ModelVersion>& production,
                                   const nlohmann::json& production_held_out) {
  const std::string& name = candidate.held_out_metric;
  if (!production) return {true, "first model of its family"};
  const auto mine = number_at(candidate.metrics.value("test", nlohmann::json()), name);
  const auto theirs = number_at(production_held_out, name);
  const std::string against = "production v" + std::to_string(production->version);
  if (!mine || !theirs)
    return {false, "kept " + against + ": held-out " + name + " missing on one side"};
  const bool better = candidate.higher_is_better ? *mine > *theirs : *mine < *theirs;
  std::ostringstream why;
  why << "held-out " << name << " " << *mine << (better ? " beats " : " does not beat ") << *theirs
      << " of " << against << " on the same test rows";
  return {better, why.str()};
}

Result<ModelVersion> Registry::register_model(const std::string& family,
                                              const TrainedModel& model,
                                              const std::string& data_fingerprint,
                                              const std::string& data_date,
                                              const PromotionDecision& decision,
                                              const std::vector<PredictionRow>* predictions) {
  ModelVersion v;
  v.family = family;
  v.stage = decision.promote ? ModelStage::kProduction : ModelStage::kCandidate;
  v.params_json = model.params.dump();
  v.metrics_json = model.metrics.dump();
  v.data_fingerprint = data_fingerprint;
  v.model_fingerprint = sha256_hex(model.artefact);
  v.code_version = code_version();
  v.artefact = "models/" + family + "/" + v.model_fingerprint.substr(0, 24) + ".model";
  v.data_date = data_date;
  v.note = decision.reason;
  OIIS_RETURN_IF_ERROR(write_whole_file(data_dir_ / v.artefact, model.artefact));
  auto stored = tables_.add_model_version(v, decision.promote ? predictions : nullptr);
  if (stored && decision.promote) notify(family);
  return stored;
}

Result<std::string> Registry::read_artefact(const ModelVersion& v) const {
  std::ifstream in(data_dir_ / v.artefact, std::ios::binary);
  if (!in)
    return not_found("the artefact of " + v.family + " v" + std::to_string(v.version) + " (" +
                         (data_dir_ / v.artefact).string() + ") is missing",
                     "artefact");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::string out = bytes.str();
  if (sha256_hex(out) != v.model_fingerprint)
    return internal_error("the artefact of " + v.family + " v" + std::to_string(v.version) +
                          " does not match its fingerprint: it was changed on disk");
  return out;
}

Result<std::optional<ModelVersion>> Registry::production(const std::string& family) {
  auto versions = tables_.list_model_versions(family);
  if (!versions) return versions.status();
  for (const ModelVersion& v : *versions)
    if (v.stage == ModelStage::kProduction) return std::optional<ModelVersion>(v);
  return std::optional<ModelVersion>();
}

Result<ModelVersion> Registry::promote(const std::string& family, int version,
                                       const std::string& note,
                                       const std::vector<PredictionRow>& predictions) {
  auto done = tables_.set_model_stage(family, version, ModelStage::kProduction, note, &predictions);
  if (done) notify(family);
  return done;
}

Result<ModelVersion> Registry::rollback_target(const std::string& family) {
  auto versions = tables_.list_model_versions(family);
  if (!versions) return versions.status();
  const ModelVersion* current = nullptr;
  for (const ModelVersion& v : *versions)
    if (v.stage == ModelStage::kProduction) current = &v;
  if (!current || !current->promotion)
    return failed_precondition("family '" + family + "' has no production model to roll back",
                               "family");
  // The archived version promoted last before the current one.
  const ModelVersion* previous = nullptr;
  for (const ModelVersion& v : *versions)
    if (v.stage == ModelStage::kArchived && v.promotion && *v.promotion < *current->promotion &&
        (!previous || *v.promotion > *previous->promotion))
      previous = &v;
  if (!previous)
    return failed_precondition("no earlier production model of '" + family + "' than v" +
                                   std::to_string(current->version),
                               "family");
  return *previous;
}

void Registry::on_promotion(std::function<void(const std::string&)> listener) {
  std::lock_guard lock(listeners_mutex_);
  listeners_.push_back(std::move(listener));
}

void Registry::notify(const std::string& family) {
  std::lock_guard lock(listeners_mutex_);
  for (const auto& listener : listeners_) listener(family);
}

}  // namespace oiis::mlops
