// Customer segmentation, pure: K-Means (k-means++ seeding, several restarts, Lloyd's
// iterations) on standardised behavioural features, k chosen by the mean silhouette over a
// range, each segment profiled and named from its most distinctive features. Also the two
// agreement scores used to check segments against known labels (accuracy after the best
// one-to-one matching, adjusted Rand index).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"

namespace oiis::customers {

// One row per customer, one column per feature; values row-major.
struct FeatureTable {
  std::vector<std::string> customers;
  std::vector<std::string> columns;
  std::vector<double> values;  // customers.size() x columns.size()
  double at(std::size_t row, std::size_t column) const {
    return values[row * columns.size() + column];
  }
};

struct SegmentOptions {
  int k_min = 2, k_max = 8;
  int restarts = 8;        // k-means++ seedings per k; the lowest within-cluster sum wins
  int max_iterations = 100;
  std::size_t selection_sample = 20000;  // k is chosen on a fixed random sample of rows
  std::size_t silhouette_sample = 3000;  // of which this many are scored (silhouette is O(n^2))
  std::uint64_t seed = 1;
};

struct SegmentProfile {
  std::string name;                // readable, from the most distinctive features
  std::size_t size = 0;
  double share = 0;                // of customers
  std::vector<double> mean;        // per column, in the input's units
  std::vector<double> z_mean;      // per column, standardised (0 = everyone's mean)
};

struct Segmentation {
  int k = 0;
  std::vector<int> assignment;  // per row, 0..k-1 (segments ordered by size, largest first)
  std::vector<SegmentProfile> segments;
  std::vector<std::pair<int, double>> silhouette_by_k;  // (k, mean silhouette) tried
  double silhouette = 0;                                // of the chosen k
};

// The table with only the named columns, in the order named; kInvalidArgument naming an
// unknown column.
Result<FeatureTable> select_columns(const FeatureTable& table, std::span<const std::string> columns);

// kInvalidArgument for a bad range or a non-finite value (naming row and column);
// kFailedPrecondition with fewer customers than 2 * k_max.
Result<Segmentation> segment_customers(const FeatureTable& table, const SegmentOptions& options);

// K-Means alone at a fixed k, on rows as given (row-major, `cols` wide): the best (lowest
// within-cluster sum of squares, `inertia`) of options.restarts k-means++ seedings, each run
// with Lloyd's iterations until no assignment changes or options.max_iterations.
struct KMeansFit {
  std::vector<int> assignment;
  std::vector<double> centres;  // k x cols
  double inertia = 0;
};
KMeansFit fit_kmeans(std::span<const double> rows, std::size_t cols, int k,
                     const SegmentOptions& options);

// Columns standardised to mean 0, standard deviation 1 (a constant column stays 0).
std::vector<double> standardise(const FeatureTable& table);

// Share of rows whose label in `found` maps to their label in `truth` under the best
// one-to-one matching of labels (Hungarian algorithm on the contingency table).
double matched_accuracy(std::span<const int> truth, std::span<const int> found);
// Hubert & Arabie's adjusted Rand index: 1 = identical partitions, about 0 = chance.
double adjusted_rand_index(std::span<const int> truth, std::span<const int> found);

}  // namespace oiis::customers
