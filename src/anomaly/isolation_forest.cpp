#include "anomaly/isolation_forest.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "common/parallel.h"

namespace oiis::anomaly {
namespace {

constexpr double kEulerGamma = 0.5772156649015329;

// Grows one tree over the rows `idx[begin, end)`, depth-limited to ceil(log2 psi) as in the paper.
class TreeBuilder {
 public:
  TreeBuilder(std::span<const double> x, std::size_t columns, std::mt19937_64& rng, int max_depth)
      : x_(x), columns_(columns), rng_(rng), max_depth_(max_depth) {}

  int grow(std::vector<std::size_t>& idx, std::size_t begin, std::size_t end, int depth,
           std::vector<IsolationForestNode>& nodes) {
    const int at = static_cast<int>(nodes.size());
    nodes.push_back({});
    nodes[at].size = static_cast<int>(end - begin);
    nodes[at].leaf_path = average_path_length(static_cast<double>(end - begin));
    if (end - begin <= 1 || depth >= max_depth_) return at;
    // A random feature that varies in this node (tries each at most once, in random order).
    std::vector<int> order(columns_);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng_);
    for (int f : order) {
      double lo = value(idx[begin], f), hi = lo;
      for (std::size_t i = begin; i < end; ++i) {
        lo = std::min(lo, value(idx[i], f));
        hi = std::max(hi, value(idx[i], f));
      }
      if (!(hi > lo)) continue;
      const double split = std::uniform_real_distribution<double>(lo, hi)(rng_);
      const auto mid = std::partition(idx.begin() + begin, idx.begin() + end,
                                      [&](std::size_t r) { return value(r, f) < split; });
      const std::size_t cut = static_cast<std::size_t>(mid - idx.begin());
      nodes[at].feature = f;
      nodes[at].split = split;
      const int left = grow(idx, begin, cut, depth + 1, nodes);
      const int right = grow(idx, cut, end, depth + 1, nodes);
      nodes[at].left = left;
      nodes[at].right = right;
      return at;
    }
    return at;  // every feature constant here: a leaf
  }

 private:
  double value(std::size_t row, int f) const { return x_[row * columns_ + f]; }
  std::span<const double> x_;
  std::size_t columns_;
  std::mt19937_64& rng_;
  int max_depth_;
};

}  // namespace

double average_path_length(double n) {
  if (n <= 1) return 0;
  if (n == 2) return 1;
  return 2 * (std::log(n - 1) + kEulerGamma) - 2 * (n - 1) / n;
}

Result<IsolationForest> IsolationForest::fit(std::span<const double> x, std::size_t columns,
                                             const IsolationForestOptions& o) {
  if (o.trees < 1) return invalid_argument("must be >= 1", "trees");
  if (o.sample_size < 2) return invalid_argument("must be >= 2", "sample_size");
  if (columns == 0 || x.empty() || x.size() % columns != 0)
    return invalid_argument("need rows x columns values", "features");
  if (!std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); }))
    return invalid_argument("must be finite", "features");
  const std::size_t rows = x.size() / columns;
  const std::size_t psi = std::min<std::size_t>(o.sample_size, rows);
  IsolationForest forest;
  forest.columns_ = columns;
  forest.normaliser_ = std::max(average_path_length(static_cast<double>(psi)), 1e-12);
  const int max_depth = static_cast<int>(std::ceil(std::log2(std::max<std::size_t>(psi, 2))));
  std::mt19937_64 rng(o.seed);
  forest.trees_.resize(o.trees);
  std::uniform_int_distribution<std::size_t> any_row(0, rows - 1);
  for (auto& tree : forest.trees_) {
    // psi distinct rows by rejection: O(psi^2) checks, independent of the row count (a pass
    // over every row per tree, as std::sample makes, cost more than the trees themselves).
    std::vector<std::size_t> sample;
    sample.reserve(psi);
    if (psi == rows) {
      sample.resize(rows);
      std::iota(sample.begin(), sample.end(), 0);
    }
    while (sample.size() < psi) {
      const std::size_t r = any_row(rng);
      if (std::find(sample.begin(), sample.end(), r) == sample.end()) sample.push_back(r);
    }
    TreeBuilder builder(x, columns, rng, max_depth);
    builder.grow(sample, 0, sample.size(), 0, tree);
  }
  return forest;
}

double IsolationForest::score(std::span<const double> row) const {
  double total = 0;
  for (const auto& tree : trees_) {
    int at = 0, depth = 0;
    while (tree[at].feature >= 0) {
      at = row[tree[at].feature] < tree[at].split ? tree[at].left : tree[at].right;
      ++depth;
    }
    total += depth + tree[at].leaf_path;
  }
  return std::pow(2.0, -(total / trees_.size()) / normaliser_);
}

std::vector<double> IsolationForest::score_all(std::span<const double> x, int threads) const {
  std::vector<double> out(x.size() / columns_);
  constexpr std::size_t kChunk = 4096;  // rows per work item: a chunk, not a row, per hand-out
  const std::size_t chunks = (out.size() + kChunk - 1) / kChunk;
  parallel_for_each_index(
      chunks,
      [&](std::size_t c) {
        for (std::size_t r = c * kChunk; r < std::min(out.size(), (c + 1) * kChunk); ++r)
          out[r] = score(x.subspan(r * columns_, columns_));
      },
      {.threads = threads});
  return out;
}

}  // namespace oiis::anomaly
