#include "forecast/intermittent.h"

#include <cmath>

namespace oiis::forecast::detail {
namespace {

constexpr double kGrid[] = {0.05, 0.1, 0.15, 0.2, 0.25, 0.3};

struct CrostonState {
  double rate = 0;  // z / p after the last observation
  double sse = 0;   // in-sample one-step squared error
  bool any_demand = false;
};

// Croston's recursions with smoothing alpha; `debias` is SBA's factor (1 for Croston).
CrostonState run_croston(std::span<const double> y, double alpha, double debias) {
  CrostonState st;
  double z = 0, p = 0;
  int since = 0;  // periods since the last demand (inclusive of the current one)
  for (double v : y) {
    ++since;
    if (st.any_demand) {
      const double e = v - st.rate;
      st.sse += e * e;
    }
    if (v != 0) {
      if (!st.any_demand) {  // initialise with the first demand and its interval
        z = v, p = since, st.any_demand = true;
      } else {
        z += alpha * (v - z);
        p += alpha * (since - p);
      }
      since = 0;
      st.rate = debias * z / p;
    }
  }
  return st;
}

ModelFit croston_like(const SeriesView& s, bool sba_debias, const char* name) {
  double best_alpha = kGrid[1], best_sse = INFINITY;
  for (double a : kGrid) {
    const CrostonState st = run_croston(s.y, a, sba_debias ? 1 - a / 2 : 1);
    if (st.sse < best_sse) best_sse = st.sse, best_alpha = a;
  }
  const CrostonState st = run_croston(s.y, best_alpha, sba_debias ? 1 - best_alpha / 2 : 1);
  ModelFit f;
  f.name = name;
  f.params = {{"alpha", best_alpha}};
  f.mean.assign(s.horizon, st.any_demand ? st.rate : 0.0);
  return f;
}

}  // namespace

ModelFit croston(const SeriesView& s, bool) { return croston_like(s, false, "Croston"); }
ModelFit sba(const SeriesView& s, bool) { return croston_like(s, true, "SBA"); }

ModelFit tsb(const SeriesView& s, bool) {
  auto run = [&](double alpha, double beta, double& sse) {
    double d = 0, z = 0;
    bool started = false;
    sse = 0;
    for (double v : s.y) {
      if (started) {
        const double e = v - d * z;
        sse += e * e;
        d += beta * ((v != 0) - d);
        if (v != 0) z += alpha * (v - z);
      } else if (v != 0) {  // initialise at the first demand
        started = true;
        z = v;
        d = 1.0 / (&v - s.y.data() + 1);
      }
    }
    return d * z;
  };
  double best_a = 0.1, best_b = 0.1, best_sse = INFINITY;
  for (double a : kGrid) {
    for (double b : kGrid) {
      double sse;
      run(a, b, sse);
      if (sse < best_sse) best_sse = sse, best_a = a, best_b = b;
    }
  }
  double sse;
  ModelFit f;
  f.name = "TSB";
  f.params = {{"alpha", best_a}, {"beta", best_b}};
  f.mean.assign(s.horizon, run(best_a, best_b, sse));
  return f;
}

}  // namespace oiis::forecast::detail
