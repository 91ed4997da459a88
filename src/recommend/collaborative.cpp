#include "recommend/collaborative.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <Eigen/Cholesky>

#include "common/parallel.h"

namespace oiis::recommend {

InteractionMatrix implicit_matrix(std::span<const std::vector<ItemId>> user_items,
                                  std::size_t items) {
  std::vector<Eigen::Triplet<float>> ones;
  for (std::size_t u = 0; u < user_items.size(); ++u)
    for (ItemId i : user_items[u]) ones.emplace_back(static_cast<int>(u), i, 1.0f);
  InteractionMatrix matrix(static_cast<Eigen::Index>(user_items.size()),
                           static_cast<Eigen::Index>(items));
  // A user who bought an item twice is still one "bought": duplicates collapse to 1.
  matrix.setFromTriplets(ones.begin(), ones.end(), [](float a, float) { return a; });
  return matrix;
}

std::vector<ItemId> items_of(const PurchaseHistory& history) {
  std::vector<ItemId> items;
  for (const auto& basket : history) items.insert(items.end(), basket.items.begin(), basket.items.end());
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

Popularity::Popularity(std::span<const PurchaseHistory> histories, std::size_t items,
                       const PopularityOptions& options)
    : buyers_(Eigen::VectorXf::Zero(static_cast<Eigen::Index>(items))) {
  std::int64_t last_day = std::numeric_limits<std::int64_t>::min();
  for (const auto& history : histories)
    for (const auto& basket : history) last_day = std::max(last_day, basket.day);
  // No basket at all: nothing to count, and last_day - window would overflow.
  const bool windowed = options.window_days > 0 && last_day != std::numeric_limits<std::int64_t>::min();
  const std::int64_t first_day =
      windowed ? last_day - options.window_days + 1 : std::numeric_limits<std::int64_t>::min();
  std::vector<ItemId> recent;
  for (const auto& history : histories) {
    recent.clear();
    for (const auto& basket : history)
      if (basket.day >= first_day) recent.insert(recent.end(), basket.items.begin(), basket.items.end());
    std::sort(recent.begin(), recent.end());
    recent.erase(std::unique(recent.begin(), recent.end()), recent.end());
    for (ItemId i : recent) buyers_[i] += 1;
  }
}

namespace {

// Column-major co-occurrence counts XᵀX (items x items, sparse): entry (i, j) = users who
// bought both, the diagonal = users who bought i.
Eigen::SparseMatrix<float> co_occurrence(const InteractionMatrix& matrix) {
  Eigen::SparseMatrix<float> columns = matrix;  // column-major copy for the product
  return Eigen::SparseMatrix<float>(columns.transpose() * columns);
}

// One item's `k` most similar others (cosine with shrinkage), as (neighbour, similarity).
std::vector<std::pair<ItemId, float>> neighbours_of(const Eigen::SparseMatrix<float>& co,
                                                    const Eigen::VectorXf& buyers, Eigen::Index i,
                                                    const ItemKnnOptions& options) {
  std::vector<std::pair<ItemId, float>> found;
  for (Eigen::SparseMatrix<float>::InnerIterator it(co, i); it; ++it) {
    const Eigen::Index j = it.row();
    if (j == i || it.value() <= 0) continue;
    const double norm = std::sqrt(static_cast<double>(buyers[i]) * buyers[j]) + options.shrinkage;
    found.emplace_back(static_cast<ItemId>(j), static_cast<float>(it.value() / norm));
  }
  const std::size_t k = std::min<std::size_t>(found.size(), static_cast<std::size_t>(options.neighbours));
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(k), found.end(),
                    [](const auto& a, const auto& b) {
                      return a.second != b.second ? a.second > b.second : a.first < b.first;
                    });
  found.resize(k);
  return found;
}

}  // namespace

Result<ItemKnn> ItemKnn::fit(const InteractionMatrix& matrix, const ItemKnnOptions& options) {
  if (!(options.shrinkage >= 0)) return invalid_argument("must be >= 0", "shrinkage");
  if (options.neighbours < 1) return invalid_argument("must be >= 1", "neighbours");
  const Eigen::SparseMatrix<float> co = co_occurrence(matrix);
  const Eigen::VectorXf buyers = co.diagonal();
  std::vector<std::vector<std::pair<ItemId, float>>> lists(static_cast<std::size_t>(co.cols()));
  parallel_for_each_index(lists.size(), [&](std::size_t i) {
    lists[i] = neighbours_of(co, buyers, static_cast<Eigen::Index>(i), options);
  });
  std::vector<Eigen::Triplet<float>> entries;
  for (std::size_t i = 0; i < lists.size(); ++i)
    for (const auto& [j, sim] : lists[i]) entries.emplace_back(static_cast<int>(i), j, sim);
  ItemKnn model;
  model.similar_.resize(co.rows(), co.cols());
  model.similar_.setFromTriplets(entries.begin(), entries.end());
  return model;
}

Eigen::VectorXf ItemKnn::score(std::span<const ItemId> user_items) const {
  Eigen::VectorXf scores = Eigen::VectorXf::Zero(similar_.cols());
  for (ItemId i : user_items)
    for (Eigen::SparseMatrix<float, Eigen::RowMajor>::InnerIterator it(similar_, i); it; ++it)
      scores[it.col()] += it.value();
  return scores;
}

namespace {
// The bought item with the largest positive weight towards `item`; -1 when none is positive.
template <typename Weight>
ItemId argmax_contribution(std::span<const ItemId> user_items, Weight weight) {
  ItemId best = -1;
  float best_weight = 0;
  for (ItemId i : user_items)
    if (const float w = weight(i); w > best_weight) best = i, best_weight = w;
  return best;
}
}  // namespace

ItemId ItemKnn::strongest_reason(std::span<const ItemId> user_items, ItemId item) const {
  return argmax_contribution(user_items, [&](ItemId i) { return similar_.coeff(i, item); });
}

Result<Ease> Ease::fit(const InteractionMatrix& matrix, const EaseOptions& options) {
  if (!(options.lambda > 0)) return invalid_argument("must be > 0", "lambda");
  const auto n = static_cast<std::size_t>(matrix.cols());
  if (n > kMaxItems)
    return invalid_argument(std::to_string(n) + " items; EASE holds a dense items x items matrix, at most " +
                                std::to_string(kMaxItems), "items");
  Ease model;
  // Gram matrix G = XᵀX + λI, then its inverse by Cholesky in place (G is symmetric positive
  // definite once λ > 0), so at most two n x n matrices live at once.
  Eigen::MatrixXf gram = Eigen::MatrixXf(co_occurrence(matrix));
  gram.diagonal().array() += static_cast<float>(options.lambda);
  Eigen::LLT<Eigen::Ref<Eigen::MatrixXf>> cholesky(gram);
  if (cholesky.info() != Eigen::Success) return internal_error("XᵀX + λI is not positive definite");
  Eigen::MatrixXf& p = model.transposed_;
  p = Eigen::MatrixXf::Identity(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  cholesky.solveInPlace(p);  // P = (XᵀX + λI)⁻¹, symmetric
  const Eigen::VectorXf diagonal = p.diagonal();
  // B_ij = -P_ij / P_jj. Stored transposed, so a user's score (a sum of rows of B) reads
  // contiguous columns: column i of Bᵀ = -P(:, i) ./ diag(P), by P's symmetry.
  for (Eigen::Index i = 0; i < p.cols(); ++i) p.col(i) = -p.col(i).cwiseQuotient(diagonal);
  p.diagonal().setZero();  // an item never explains itself
  return model;
}

Eigen::VectorXf Ease::score(std::span<const ItemId> user_items) const {
  Eigen::VectorXf scores = Eigen::VectorXf::Zero(transposed_.rows());
  for (ItemId i : user_items) scores += transposed_.col(i);
  return scores;
}

ItemId Ease::strongest_reason(std::span<const ItemId> user_items, ItemId item) const {
  return argmax_contribution(user_items, [&](ItemId i) { return weight(i, item); });
}

std::vector<ItemId> top_n(const Eigen::VectorXf& scores, std::span<const ItemId> excluded, int n) {
  std::vector<char> skip(static_cast<std::size_t>(scores.size()), 0);
  for (ItemId i : excluded)
    if (i >= 0 && i < scores.size()) skip[static_cast<std::size_t>(i)] = 1;
  std::vector<ItemId> candidates;
  for (Eigen::Index i = 0; i < scores.size(); ++i)
    if (!skip[static_cast<std::size_t>(i)] && std::isfinite(scores[i]))
      candidates.push_back(static_cast<ItemId>(i));
  const std::size_t k = std::min<std::size_t>(candidates.size(), static_cast<std::size_t>(std::max(n, 0)));
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(k),
                    candidates.end(), [&](ItemId a, ItemId b) {
                      return scores[a] != scores[b] ? scores[a] > scores[b] : a < b;
                    });
  candidates.resize(k);
  return candidates;
}

}  // namespace oiis::recommend
