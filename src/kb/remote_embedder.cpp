#include "kb/remote_embedder.h"

#include <cmath>

#include "net/json_post.h"

namespace oiis::kb {

Status validate(const RemoteEmbedderOptions& o) {
  if (auto base = net::split_base_url(o.base_url); !base.is_ok())
    return invalid_argument(base.status().message(), "embeddings.base_url");
  if (o.model.empty()) return invalid_argument("the embedding model's name is required", "embeddings.model");
  if (o.batch < 1 || o.batch > 2048) return invalid_argument("must be 1..2048", "embeddings.batch");
  if (o.timeout_ms < 1) return invalid_argument("must be at least 1", "embeddings.timeout_ms");
  if (o.max_retries < 0 || o.max_retries > 10) return invalid_argument("must be 0..10", "embeddings.max_retries");
  return Status::ok();
}

RemoteEmbedder::RemoteEmbedder(RemoteEmbedderOptions options)
    : options_(std::move(options)), model_id_("openai:" + options_.model + "@" + options_.base_url) {}

Result<std::vector<float>> RemoteEmbedder::embed(const std::vector<std::string>& texts) {
  OIIS_RETURN_IF_ERROR(validate(options_));
  std::vector<float> out;
  for (std::size_t from = 0; from < texts.size(); from += options_.batch)
    OIIS_RETURN_IF_ERROR(embed_batch(texts, from, std::min(texts.size(), from + options_.batch), out));
  return out;
}

Status RemoteEmbedder::embed_batch(const std::vector<std::string>& texts, std::size_t from, std::size_t to,
                                   std::vector<float>& out) {
  const net::Endpoint endpoint{options_.base_url, options_.timeout_ms, options_.max_retries,
                               options_.backoff_ms, "embedding server"};
  net::HeaderList headers;
  if (!options_.api_key.empty()) headers.emplace_back("Authorization", "Bearer " + options_.api_key);
  nlohmann::json input = nlohmann::json::array();
  for (std::size_t i = from; i < to; ++i) input.push_back(texts[i]);
  auto reply = net::post_json(endpoint, "/v1/embeddings", headers, {{"model", options_.model}, {"input", input}});
  if (!reply) return reply.status();
  ++requests_;
  const auto refuse = [&](const std::string& why) {
    return failed_precondition("embedding server at " + options_.base_url + ": " + why, "embeddings.base_url");
  };
  const nlohmann::json* data = reply->is_object() && reply->contains("data") ? &(*reply)["data"] : nullptr;
  if (!data || !data->is_array() || data->size() != to - from)
    return refuse("the reply's data does not hold one embedding per input");
  const std::size_t base = out.size();
  std::vector<char> seen(to - from, 0);
  for (std::size_t k = 0; k < data->size(); ++k) {
    const nlohmann::json& item = (*data)[k];
    // OpenAI's "index" places each embedding; a server without it answers in input order.
    const std::size_t index = item.contains("index") && item["index"].is_number_unsigned()
                                  ? item["index"].get<std::size_t>() : k;
    const nlohmann::json* vec = item.is_object() && item.contains("embedding") ? &item["embedding"] : nullptr;
    if (index >= seen.size() || seen[index] || !vec || !vec->is_array() || vec->empty())
      return refuse("embedding " + std::to_string(k) + " is missing, repeated or out of place");
    seen[index] = 1;
    if (dim_ == 0) dim_ = static_cast<int>(vec->size());
    if (static_cast<int>(vec->size()) != dim_)
      return refuse("embedding " + std::to_string(k) + " has " + std::to_string(vec->size()) +
                    " values where earlier ones had " + std::to_string(dim_));
    if (out.size() < base + seen.size() * dim_) out.resize(base + seen.size() * dim_, 0.0f);
    float* row = out.data() + base + index * dim_;
    double norm = 0;
    for (int d = 0; d < dim_; ++d) {
      if (!(*vec)[d].is_number()) return refuse("embedding " + std::to_string(k) + " holds a non-number");
      row[d] = (*vec)[d].get<float>();
      norm += static_cast<double>(row[d]) * row[d];
    }
    // Inner products are cosines only for unit vectors; some servers do not normalise.
    const float scale = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.0f;
    for (int d = 0; d < dim_; ++d) row[d] *= scale;
  }
  return Status::ok();
}

}  // namespace oiis::kb
