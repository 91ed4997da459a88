// Textbook dense linear algebra for checking the structured solvers (tests and benchmarks
// compare forecast/hierarchy.h's MinT against the dense formula). Header-only.
#pragma once

#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

namespace oiis::testing {

using Dense = std::vector<std::vector<double>>;

// Gauss-Jordan inverse with partial pivoting of a square, non-singular matrix.
inline Dense inverse(Dense a) {
  const std::size_t n = a.size();
  Dense inv(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) inv[i][i] = 1;
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < n; ++r)
      if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
    std::swap(a[c], a[pivot]);
    std::swap(inv[c], inv[pivot]);
    const double d = a[c][c];
    for (std::size_t k = 0; k < n; ++k) a[c][k] /= d, inv[c][k] /= d;
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c || a[r][c] == 0) continue;
      const double f = a[r][c];
      for (std::size_t k = 0; k < n; ++k) a[r][k] -= f * a[c][k], inv[r][k] -= f * inv[c][k];
    }
  }
  return inv;
}

}  // namespace oiis::testing
