// Embeddings from a server that speaks OpenAI's /v1/embeddings (vLLM, llama.cpp's server,
// Ollama, text-embeddings-inference, OpenAI itself): for users who run a real embedding model.
// The knowledge base asks it for the vectors of chunks it has not embedded before (its cache is
// keyed by content hash and model_id()) and of each query. Texts go in batches; transient
// failures are retried (net/json_post.h).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace oiis::kb {

struct RemoteEmbedderOptions {
  std::string base_url;  // "http://127.0.0.1:8080" or ".../v1"; "/v1/embeddings" is added
  std::string model;     // sent as "model"
  std::string api_key;   // sent as a bearer token when set; never stored or logged
  std::size_t batch = 64;  // texts per request
  int timeout_ms = 60000, max_retries = 2, backoff_ms = 500;
};
// kInvalidArgument naming the option ("embeddings.base_url", ...).
Status validate(const RemoteEmbedderOptions& options);

class RemoteEmbedder {
 public:
  explicit RemoteEmbedder(RemoteEmbedderOptions options);
  // texts.size() rows of dim() floats, row-major, each L2-normalised. The first answer fixes
  // dim(); a later answer of another width, a missing or non-numeric embedding, or a reply that
  // does not cover every input is kFailedPrecondition naming the server.
  Result<std::vector<float>> embed(const std::vector<std::string>& texts);
  int dim() const { return dim_; }
  // The width vectors cached from this model have (a knowledge base reopened): answers of
  // another width are then refused.
  void expect_dim(int dim) { dim_ = dim; }
  // "openai:<model>@<base_url>": what the cache keys vectors by.
  const std::string& model_id() const { return model_id_; }
  std::size_t requests() const { return requests_; }  // answered requests, for tests and logs

 private:
  Status embed_batch(const std::vector<std::string>& texts, std::size_t from, std::size_t to,
                     std::vector<float>& out);
  RemoteEmbedderOptions options_;
  std::string model_id_;
  int dim_ = 0;
  std::size_t requests_ = 0;
};

}  // namespace oiis::kb
