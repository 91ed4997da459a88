// The built-in embedder, trained on the knowledge base's own chunks; no network, no download.
// A text becomes a sparse vector of fastText-style features, the index terms (kb::terms) and
// the character n-grams of each word in "<word>" (so "refund" and "refunds" or a misspelt SKU
// still share most features), weighted by sublinear tf x idf. Training finds the top singular
// directions of the chunk-feature matrix (randomized SVD, Eigen): latent semantic analysis over
// subwords. An embedding is the projection onto them, L2-normalised, so the inner product is
// the cosine. Why not fastText skip-gram: see docs/knowledge-base.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace oiis::kb {

struct EmbedderOptions {
  int dim = 128;
  int min_ngram = 3, max_ngram = 5;
  float ngram_weight = 0.35f;   // a word's n-grams together weigh about this much of the word
  std::size_t max_features = 100000;  // the most frequent features are kept
  std::size_t max_training_texts = 8000;  // a larger corpus is sampled (evenly) for training
  float sigma_power = 0.0f;  // dimensions scaled by singular value^-p (0: plain LSA projection)
  int power_iterations = 1;
  std::uint64_t seed = 42;
};

class Embedder {
 public:
  Embedder() = default;
  static Embedder train(const std::vector<std::string>& texts, const EmbedderOptions& options = {});

  int dim() const { return dim_; }
  bool trained() const { return !columns_.empty(); }
  // L2-normalised, dim() values; all zero for a text with no known feature.
  std::vector<float> embed(std::string_view text) const;
  void embed_into(std::string_view text, float* out) const;
  // Identifies the trained model (a hash of its parameters): cache keys use it.
  const std::string& model_id() const { return model_id_; }

  std::string serialize() const;
  static Result<Embedder> deserialize(std::string_view bytes);

 private:
  int dim_ = 0;
  EmbedderOptions options_;
  std::unordered_map<std::uint64_t, std::uint32_t> columns_;  // feature hash -> column
  std::vector<float> idf_;         // by column
  std::vector<float> projection_;  // column-major rows: projection_[column * dim_ + d]
  std::string model_id_;
};

}  // namespace oiis::kb
