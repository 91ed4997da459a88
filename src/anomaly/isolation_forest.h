// Isolation Forest (Liu, Ting & Zhou 2008), pure: random trees split a random feature at a
// random value between its minimum and maximum in the node's sample; an anomaly is isolated in
// few splits. Score s(x) = 2^(-E[h(x)] / c(psi)), with h the path length (plus c(size) for the
// points left in a leaf) and c(n) the mean unsuccessful-search length of a binary search tree;
// s near 1 is anomalous, below 0.5 ordinary — scikit-learn's score_samples is -s.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/status.h"

namespace oiis::anomaly {

struct IsolationForestOptions {
  int trees = 100;
  int sample_size = 256;  // psi: points per tree (fewer when the data has fewer)
  std::uint64_t seed = 1;
};

struct IsolationForestNode {
  int feature = -1;  // -1: a leaf
  double split = 0;
  int left = -1, right = -1;
  int size = 0;      // points of the tree's sample that reached it
  double leaf_path = 0;  // leaf: c(size), the path length still expected below it
};

class IsolationForest {
 public:
  // `rows` x `columns` row-major features. kInvalidArgument naming the option or "features"
  // (empty, ragged or non-finite input).
  static Result<IsolationForest> fit(std::span<const double> features, std::size_t columns,
                                     const IsolationForestOptions& options = {});
  double score(std::span<const double> row) const;  // one row of `columns` values
  // Every row's score, on `threads` workers (0 = all cores).
  std::vector<double> score_all(std::span<const double> features, int threads = 0) const;
  std::size_t columns() const { return columns_; }

 private:
  std::vector<std::vector<IsolationForestNode>> trees_;
  std::size_t columns_ = 0;
  double normaliser_ = 1;  // c(psi)
};

// c(n): the average path length of an unsuccessful search in a binary search tree of n points.
double average_path_length(double n);

}  // namespace oiis::anomaly
