#include "kb/embedder.h"

#include <Eigen/Dense>
#include <Eigen/Sparse>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "common/parallel.h"
#include "kb/text.h"

namespace oiis::kb {
namespace {

constexpr std::uint64_t kWordSeed = 0x9e3779b97f4a7c15ull, kGramSeed = 0xc2b2ae3d27d4eb4full;
constexpr char kMagic[8] = {'O', 'I', 'I', 'S', 'E', 'M', 'B', '1'};

struct RawFeature {
  float count = 0, base = 0;
};
using RawFeatures = std::unordered_map<std::uint64_t, RawFeature>;

// Feature hashes of `text` with their counts and base weights (words 1, n-grams shared).
RawFeatures raw_features(std::string_view text, const EmbedderOptions& o) {
  RawFeatures out;
  for (const auto& w : words(text)) {
    if (is_stopword(w)) continue;
    RawFeature& word = out[fnv1a(stem(w), kWordSeed)];
    word.count += 1;
    word.base = 1;
    const std::string marked = "<" + w + ">";
    std::vector<std::uint64_t> grams;
    for (int n = o.min_ngram; n <= o.max_ngram; ++n)
      for (std::size_t i = 0; i + n <= marked.size(); ++i)
        grams.push_back(fnv1a(std::string_view(marked).substr(i, n), kGramSeed));
    for (std::uint64_t g : grams) {
      RawFeature& f = out[g];
      f.count += 1;
      f.base = o.ngram_weight / std::sqrt(static_cast<float>(grams.size()));
    }
  }
  return out;
}

float sublinear(const RawFeature& f) { return f.base * (1.0f + std::log(f.count)); }

// (column, weight) of the known features, sublinear tf x idf, normalised to unit length.
std::vector<std::pair<std::uint32_t, float>> weigh(const RawFeatures& raw,
                                                   const std::unordered_map<std::uint64_t, std::uint32_t>& columns,
                                                   const std::vector<float>& idf) {
  std::vector<std::pair<std::uint32_t, float>> out;
  double norm = 0;
  for (const auto& [h, f] : raw) {
    auto it = columns.find(h);
    if (it == columns.end()) continue;
    const float value = sublinear(f) * idf[it->second];
    out.push_back({it->second, value});
    norm += static_cast<double>(value) * value;
  }
  const float scale = norm > 0 ? static_cast<float>(1 / std::sqrt(norm)) : 0.0f;
  for (auto& cv : out) cv.second *= scale;
  return out;
}

Eigen::MatrixXf orthonormal(const Eigen::MatrixXf& y) {
  Eigen::HouseholderQR<Eigen::MatrixXf> qr(y);
  return qr.householderQ() * Eigen::MatrixXf::Identity(y.rows(), y.cols());
}

using SparseRows = Eigen::SparseMatrix<float, Eigen::RowMajor>;

// a * x with rows in parallel (Eigen's sparse products run on one thread). x is copied to
// row-major first so each nonzero of `a` reads one contiguous row of it.
Eigen::MatrixXf parallel_product(const SparseRows& a, const Eigen::MatrixXf& x) {
  using DenseRows = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const DenseRows xr = x;
  DenseRows out = DenseRows::Zero(a.rows(), x.cols());
  const Eigen::Index cols = x.cols();
  parallel_for_each_index(static_cast<std::size_t>(a.rows()), [&](std::size_t i) {
    float* row = out.data() + static_cast<Eigen::Index>(i) * cols;
    for (SparseRows::InnerIterator it(a, static_cast<Eigen::Index>(i)); it; ++it) {
      const float* src = xr.data() + it.col() * cols;
      const float v = it.value();
      for (Eigen::Index c = 0; c < cols; ++c) row[c] += v * src[c];
    }
  });
  return out;
}

// Columns: the top `dim` right singular vectors of `a` (features x dim) scaled by
// singular value^-power; randomized range finder with power iterations (Halko et al.).
Eigen::MatrixXf top_right_singular(const SparseRows& a, int dim, float power, int iterations, std::uint64_t seed) {
  const int l = static_cast<int>(std::min<Eigen::Index>({dim + 10, a.rows(), a.cols()}));
  const SparseRows at = a.transpose();  // features x texts, rows contiguous for the products
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal;
  Eigen::MatrixXf omega(a.cols(), l);
  for (Eigen::Index i = 0; i < omega.size(); ++i) omega.data()[i] = normal(rng);
  Eigen::MatrixXf q = orthonormal(parallel_product(a, omega));
  for (int it = 0; it < iterations; ++it) q = orthonormal(parallel_product(a, orthonormal(parallel_product(at, q))));
  const Eigen::MatrixXf bt = parallel_product(at, q);  // features x l, B = Q^T A
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXf> eig(bt.transpose() * bt);
  Eigen::MatrixXf v = Eigen::MatrixXf::Zero(a.cols(), dim);
  const int k = std::min(dim, l);
  for (int j = 0; j < k; ++j) {
    const int col = l - 1 - j;  // eigenvalues ascend
    const float s = std::sqrt(std::max(eig.eigenvalues()(col), 0.0f));
    if (s < 1e-6f) break;
    v.col(j) = bt * eig.eigenvectors().col(col) / s * std::pow(s, -power);
  }
  return v;
}

template <typename T>
void put(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}
template <typename T>
bool get(std::string_view& in, T& value) {
  if (in.size() < sizeof(T)) return false;
  std::memcpy(&value, in.data(), sizeof(T));
  in.remove_prefix(sizeof(T));
  return true;
}

}  // namespace

Embedder Embedder::train(const std::vector<std::string>& texts, const EmbedderOptions& options) {
  Embedder e;
  e.options_ = options;
  e.dim_ = options.dim;
  const std::size_t step = std::max<std::size_t>(1, (texts.size() + options.max_training_texts - 1) /
                                                        options.max_training_texts);
  std::vector<RawFeatures> rows((texts.size() + step - 1) / step);
  parallel_for_each_index(rows.size(), [&](std::size_t r) { rows[r] = raw_features(texts[r * step], options); });
  std::unordered_map<std::uint64_t, std::uint32_t> df;
  for (const auto& row : rows)
    for (const auto& [h, f] : row) ++df[h];
  // Features seen in two texts or more (all, for a tiny corpus), most frequent first.
  const std::uint32_t min_df = rows.size() >= 50 ? 2 : 1;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> kept;
  for (const auto& [h, n] : df)
    if (n >= min_df) kept.push_back({n, h});
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (kept.size() > options.max_features) kept.resize(options.max_features);
  if (kept.empty() || rows.empty()) return e;
  for (const auto& [n, h] : kept) {
    e.columns_.emplace(h, static_cast<std::uint32_t>(e.idf_.size()));
    e.idf_.push_back(std::log((rows.size() + 1.0f) / (n + 1.0f)) + 1.0f);
  }
  std::vector<Eigen::Triplet<float>> triplets;
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (const auto& [col, value] : weigh(rows[r], e.columns_, e.idf_))
      triplets.emplace_back(static_cast<int>(r), static_cast<int>(col), value);
  SparseRows a(static_cast<Eigen::Index>(rows.size()),
                                                static_cast<Eigen::Index>(e.idf_.size()));
  a.setFromTriplets(triplets.begin(), triplets.end());
  const Eigen::MatrixXf v = top_right_singular(a, e.dim_, options.sigma_power, options.power_iterations, options.seed);
  const Eigen::MatrixXf rows_major = v.transpose();  // dim x features: column c is feature c's row
  e.projection_.assign(rows_major.data(), rows_major.data() + rows_major.size());
  std::uint64_t id = fnv1a(std::string_view(reinterpret_cast<const char*>(e.projection_.data()),
                                            e.projection_.size() * sizeof(float)));
  e.model_id_ = "lsa" + std::to_string(e.dim_) + "-" + std::to_string(id);
  return e;
}

void Embedder::embed_into(std::string_view text, float* out) const {
  std::fill(out, out + dim_, 0.0f);
  for (const auto& [col, value] : weigh(raw_features(text, options_), columns_, idf_)) {
    const float* row = projection_.data() + static_cast<std::size_t>(col) * dim_;
    for (int d = 0; d < dim_; ++d) out[d] += value * row[d];
  }
  double norm = 0;
  for (int d = 0; d < dim_; ++d) norm += static_cast<double>(out[d]) * out[d];
  if (norm <= 0) return;
  const float scale = static_cast<float>(1 / std::sqrt(norm));
  for (int d = 0; d < dim_; ++d) out[d] *= scale;
}

std::vector<float> Embedder::embed(std::string_view text) const {
  std::vector<float> out(dim_);
  if (dim_ > 0) embed_into(text, out.data());
  return out;
}

std::string Embedder::serialize() const {
  std::string out(kMagic, sizeof(kMagic));
  put(out, static_cast<std::int32_t>(dim_));
  put(out, static_cast<std::int32_t>(options_.min_ngram));
  put(out, static_cast<std::int32_t>(options_.max_ngram));
  put(out, options_.ngram_weight);
  put(out, static_cast<std::uint64_t>(idf_.size()));
  std::vector<std::uint64_t> hash_of(idf_.size());
  for (const auto& [h, c] : columns_) hash_of[c] = h;
  for (std::size_t c = 0; c < idf_.size(); ++c) {
    put(out, hash_of[c]);
    put(out, idf_[c]);
  }
  out.append(reinterpret_cast<const char*>(projection_.data()), projection_.size() * sizeof(float));
  out += model_id_;
  return out;
}

Result<Embedder> Embedder::deserialize(std::string_view in) {
  const Status bad = invalid_argument("not an embedder model (damaged or another version)");
  if (in.size() < sizeof(kMagic) || std::memcmp(in.data(), kMagic, sizeof(kMagic)) != 0) return bad;
  in.remove_prefix(sizeof(kMagic));
  Embedder e;
  std::int32_t dim = 0, min_ngram = 0, max_ngram = 0;
  std::uint64_t columns = 0;
  if (!get(in, dim) || !get(in, min_ngram) || !get(in, max_ngram) || !get(in, e.options_.ngram_weight) ||
      !get(in, columns) || dim <= 0 || dim > 4096 || columns > (in.size() / 12))
    return bad;
  e.dim_ = e.options_.dim = dim;
  e.options_.min_ngram = min_ngram;
  e.options_.max_ngram = max_ngram;
  e.idf_.resize(columns);
  for (std::uint32_t c = 0; c < columns; ++c) {
    std::uint64_t h = 0;
    if (!get(in, h) || !get(in, e.idf_[c])) return bad;
    e.columns_.emplace(h, c);
  }
  const std::size_t floats = static_cast<std::size_t>(columns) * dim;
  if (in.size() < floats * sizeof(float)) return bad;
  e.projection_.resize(floats);
  std::memcpy(e.projection_.data(), in.data(), floats * sizeof(float));
  in.remove_prefix(floats * sizeof(float));
  e.model_id_ = std::string(in);
  return e;
}

}  // namespace oiis::kb
