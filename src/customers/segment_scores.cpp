// Agreement between two labellings: accuracy after the best one-to-one matching (Hungarian
// algorithm) and the adjusted Rand index.
#include <algorithm>
#include <cmath>
#include <limits>

#include "customers/segment.h"

namespace oiis::customers {
namespace {

// counts[a][b]: rows labelled a in truth and b in found (labels renumbered 0..).
std::vector<std::vector<double>> contingency(std::span<const int> truth, std::span<const int> found) {
  const int rows = truth.empty() ? 0 : *std::max_element(truth.begin(), truth.end()) + 1;
  const int cols = found.empty() ? 0 : *std::max_element(found.begin(), found.end()) + 1;
  std::vector<std::vector<double>> c(rows, std::vector<double>(cols, 0.0));
  for (std::size_t i = 0; i < truth.size(); ++i) c[truth[i]][found[i]] += 1;
  return c;
}

// Minimum-cost assignment on a square matrix (Kuhn-Munkres with potentials, O(n^3)); returns
// the column of each row.
std::vector<int> hungarian(const std::vector<std::vector<double>>& cost) {
  const int n = static_cast<int>(cost.size());
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1, 0), v(n + 1, 0);
  std::vector<int> p(n + 1, 0), way(n + 1, 0);
  for (int i = 1; i <= n; ++i) {
    p[0] = i;
    int j0 = 0;
    std::vector<double> minv(n + 1, inf);
    std::vector<bool> used(n + 1, false);
    do {
      used[j0] = true;
      const int i0 = p[j0];
      double delta = inf;
      int j1 = 0;
      for (int j = 1; j <= n; ++j) {
        if (used[j]) continue;
        const double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) minv[j] = cur, way[j] = j0;
        if (minv[j] < delta) delta = minv[j], j1 = j;
      }
      for (int j = 0; j <= n; ++j)
        if (used[j]) u[p[j]] += delta, v[j] -= delta;
        else minv[j] -= delta;
      j0 = j1;
    } while (p[j0] != 0);
    do {
      const int j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  std::vector<int> column(n);
  for (int j = 1; j <= n; ++j) column[p[j] - 1] = j - 1;
  return column;
}

double pairs(double n) { return n * (n - 1) / 2; }

}  // namespace

double matched_accuracy(std::span<const int> truth, std::span<const int> found) {
  if (truth.empty() || truth.size() != found.size()) return 0;
  const auto c = contingency(truth, found);
  const std::size_t n = std::max(c.size(), c.empty() ? 0 : c[0].size());
  std::vector<std::vector<double>> cost(n, std::vector<double>(n, 0.0));
  for (std::size_t a = 0; a < c.size(); ++a)
    for (std::size_t b = 0; b < c[a].size(); ++b) cost[a][b] = -c[a][b];
  const std::vector<int> column = hungarian(cost);
  double matched = 0;
  for (std::size_t a = 0; a < n; ++a) matched -= cost[a][column[a]];
  return matched / static_cast<double>(truth.size());
}

double adjusted_rand_index(std::span<const int> truth, std::span<const int> found) {
  if (truth.empty() || truth.size() != found.size()) return 0;
  const auto c = contingency(truth, found);
  double index = 0, rows = 0, cols = 0;
  std::vector<double> col_sums(c.empty() ? 0 : c[0].size(), 0.0);
  for (const auto& row : c) {
    double row_sum = 0;
    for (std::size_t b = 0; b < row.size(); ++b)
      index += pairs(row[b]), row_sum += row[b], col_sums[b] += row[b];
    rows += pairs(row_sum);
  }
  for (double s : col_sums) cols += pairs(s);
  const double expected = rows * cols / pairs(static_cast<double>(truth.size()));
  const double max_index = (rows + cols) / 2;
  return max_index == expected ? 1.0 : (index - expected) / (max_index - expected);
}

}  // namespace oiis::customers
