// Which embedder the knowledge base in a folder uses: <dir>/embeddings.json names an
// OpenAI-compatible server (kb/remote_embedder.h); without it, the built-in embedder. Kept beside
// the knowledge base so that the CLI and the server always open it with the vectors it was built with.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "services/kb_service.h"

namespace oiis::services {
namespace {

std::string embeddings_file(const std::string& dir) { return dir + "/embeddings.json"; }

Status read_int_field(const nlohmann::json& j, const char* name, int low, int high, int& out) {
  if (!j.contains(name)) return Status::ok();
  if (!j[name].is_number_integer() || j[name].get<long long>() < low || j[name].get<long long>() > high)
    return invalid_argument(std::string(name) + " must be an integer in " + std::to_string(low) + ".." +
                                std::to_string(high), std::string("embeddings.") + name);
  out = j[name].get<int>();
  return Status::ok();
}

}  // namespace

Result<kb::RemoteEmbedderOptions> parse_kb_embeddings(const nlohmann::json& j) {
  if (!j.is_object()) return invalid_argument("must be a JSON object", "embeddings");
  static const char* known[] = {"base_url", "model", "api_key_env", "batch", "timeout_ms", "max_retries"};
  for (const auto& [key, value] : j.items())
    if (std::find(std::begin(known), std::end(known), key) == std::end(known))
      return invalid_argument("unknown setting '" + key + "'", "embeddings." + key);
  kb::RemoteEmbedderOptions o;
  if (!j.contains("base_url") || !j["base_url"].is_string()) return invalid_argument("base_url is required", "embeddings.base_url");
  if (!j.contains("model") || !j["model"].is_string()) return invalid_argument("model is required", "embeddings.model");
  o.base_url = j["base_url"].get<std::string>();
  o.model = j["model"].get<std::string>();
  if (j.contains("api_key_env")) {
    if (!j["api_key_env"].is_string()) return invalid_argument("must be a variable's name", "embeddings.api_key_env");
    const char* key = std::getenv(j["api_key_env"].get<std::string>().c_str());
    if (!key || !*key)
      return invalid_argument("environment variable " + j["api_key_env"].get<std::string>() + " is not set",
                              "embeddings.api_key_env");
    o.api_key = key;
  }
  int batch = static_cast<int>(o.batch);
  OIIS_RETURN_IF_ERROR(read_int_field(j, "batch", 1, 2048, batch));
  o.batch = static_cast<std::size_t>(batch);
  OIIS_RETURN_IF_ERROR(read_int_field(j, "timeout_ms", 1, 600000, o.timeout_ms));
  OIIS_RETURN_IF_ERROR(read_int_field(j, "max_retries", 0, 10, o.max_retries));
  OIIS_RETURN_IF_ERROR(kb::validate(o));
  return o;
}

Result<std::optional<nlohmann::json>> read_kb_embeddings(const std::string& dir) {
  std::ifstream in(embeddings_file(dir));
  if (!in) return std::optional<nlohmann::json>();
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded()) return invalid_argument(embeddings_file(dir) + " is not JSON", "embeddings");
  return std::optional<nlohmann::json>(std::move(j));
}

Status write_kb_embeddings(const std::string& dir, const std::optional<nlohmann::json>& settings) {
  std::error_code ec;
  if (!settings) {
    std::filesystem::remove(embeddings_file(dir), ec);
    return ec ? internal_error("cannot remove " + embeddings_file(dir) + ": " + ec.message()) : Status::ok();
  }
  OIIS_RETURN_IF_ERROR(parse_kb_embeddings(*settings).status());
  std::filesystem::create_directories(dir, ec);
  std::ofstream out(embeddings_file(dir));
  out << settings->dump(2) << "\n";
  return out ? Status::ok() : internal_error("cannot write " + embeddings_file(dir));
}

Result<std::unique_ptr<kb::KnowledgeBase>> open_knowledge_base(const std::string& dir) {
  auto settings = read_kb_embeddings(dir);
  if (!settings) return settings.status();
  kb::KbOptions options;
  if (*settings) {
    auto remote = parse_kb_embeddings(**settings);
    if (!remote) return remote.status();
    options.remote = std::move(*remote);
  }
  return kb::KnowledgeBase::open(dir, options);
}

}  // namespace oiis::services
