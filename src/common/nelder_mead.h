// Derivative-free minimisation (Nelder & Mead 1965, with the standard coefficients
// reflection 1, expansion 2, contraction 1/2, shrink 1/2), as R's optim() uses for ets().
// Parameters are unconstrained here: models map them onto their admissible ranges, so no
// evaluation is wasted on penalties. Header-only so the objective inlines into the loop.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

namespace oiis::optimize {

inline constexpr int kMaxNmDims = 8;

struct NelderMeadOptions {
  int max_evals = 500;
  double rel_tol = 1e-8;  // stop when the simplex's f values agree to this relative spread
};

struct NelderMeadResult {
  double value = std::numeric_limits<double>::infinity();
  int evals = 0;
};

// Minimises f(const double* x) over x (dims <= kMaxNmDims), starting at `x` with initial
// steps `step`; leaves the best point in `x`. Non-finite f values count as +infinity.
// Everything lives on the stack: fits run this millions of times.
template <typename F>
NelderMeadResult nelder_mead(F&& f, std::span<double> x, std::span<const double> step,
                             const NelderMeadOptions& opt = {}) {
  const int d = static_cast<int>(x.size());
  using Point = std::array<double, kMaxNmDims>;
  std::array<Point, kMaxNmDims + 1> p{};
  std::array<double, kMaxNmDims + 1> fv{};
  NelderMeadResult res;
  auto eval = [&](const Point& q) {
    ++res.evals;
    const double v = f(q.data());
    return std::isfinite(v) ? v : std::numeric_limits<double>::infinity();
  };
  for (int i = 0; i <= d; ++i) {
    for (int j = 0; j < d; ++j) p[i][j] = x[j];
    if (i > 0) p[i][i - 1] += step[i - 1];
    fv[i] = eval(p[i]);
  }
  std::array<int, kMaxNmDims + 1> order{};
  Point centroid{}, trial{}, trial2{};
  auto along = [&](const Point& worst, double t, Point& out) {  // centroid + t (centroid - worst)
    for (int j = 0; j < d; ++j) out[j] = centroid[j] + t * (centroid[j] - worst[j]);
  };
  while (res.evals < opt.max_evals) {
    for (int i = 0; i <= d; ++i) {  // insertion sort by f: tiny simplex, no allocation
      int j = i;
      for (; j > 0 && fv[order[j - 1]] > fv[i]; --j) order[j] = order[j - 1];
      order[j] = i;
    }
    const int best = order[0], worst = order[d], second = order[d - 1];
    if (std::isfinite(fv[worst]) &&
        std::fabs(fv[worst] - fv[best]) <= opt.rel_tol * (std::fabs(fv[best]) + opt.rel_tol)) {
      break;
    }
    centroid.fill(0);
    for (int i = 0; i <= d; ++i) {
      if (i == worst) continue;
      for (int j = 0; j < d; ++j) centroid[j] += p[i][j] / d;
    }
    along(p[worst], 1.0, trial);
    const double fr = eval(trial);
    if (fr < fv[best]) {
      along(p[worst], 2.0, trial2);
      const double fe = eval(trial2);
      if (fe < fr) {
        p[worst] = trial2, fv[worst] = fe;
      } else {
        p[worst] = trial, fv[worst] = fr;
      }
      continue;
    }
    if (fr < fv[second]) {
      p[worst] = trial, fv[worst] = fr;
      continue;
    }
    // Contract towards the better of the worst point and its reflection.
    const bool outside = fr < fv[worst];
    along(p[worst], outside ? 0.5 : -0.5, trial2);
    const double fc = eval(trial2);
    if (fc < std::min(fr, fv[worst])) {
      p[worst] = trial2, fv[worst] = fc;
      continue;
    }
    for (int i = 0; i <= d; ++i) {  // shrink towards the best point
      if (i == best) continue;
      for (int j = 0; j < d; ++j) p[i][j] = p[best][j] + 0.5 * (p[i][j] - p[best][j]);
      fv[i] = eval(p[i]);
    }
  }
  int best = 0;
  for (int i = 1; i <= d; ++i) {
    if (fv[i] < fv[best]) best = i;
  }
  for (int j = 0; j < d; ++j) x[j] = p[best][j];
  res.value = fv[best];
  return res;
}

}  // namespace oiis::optimize
