// Reconciliation cost at scale: N SKUs in C categories under one total, horizon H, T residual
// periods; times every method of forecast/hierarchy.h (CPU time of this thread). The anchor is
// the textbook dense MinT, y~ = S (S' W^-1 S)^-1 S' W^-1 y^ with the same shrunk W, run on the
// largest size it can take (--dense N, default 1000 SKUs) beside ours on the same problem; the
// ratio and the largest difference between the two are printed. Build after oiis_forecast:
//   g++ -O2 -std=c++20 -Isrc -Itests bench/forecast_hierarchy.cpp build-int/liboiis_forecast.a
//       build-int/liboiis_common.a -lxgboost -pthread -o build-int/forecast_hierarchy_bench
//   build-int/forecast_hierarchy_bench [skus=10000] [categories=20] [horizon=28] [T=28] [dense=1000]
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "forecast/hierarchy.h"
#include "support/dense_matrix.h"

using namespace oiis::forecast;

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Problem {
  Hierarchy tree;
  std::vector<Forecast> base;
  std::vector<std::vector<double>> residuals;
};

// Incoherent base forecasts and residuals with a category-wide shock, as in the unit test.
Problem make_problem(int skus, int categories, int horizon, int periods) {
  std::mt19937_64 rng(42);
  std::normal_distribution<double> noise(0, 1);
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> paths;
  for (int i = 0; i < skus; ++i) {
    names.push_back("sku" + std::to_string(i));
    paths.push_back({"cat" + std::to_string(i % categories), "total"});
  }
  Problem p{Hierarchy::from_paths(names, paths).value(), {}, {}};
  const Hierarchy& h = p.tree;
  std::vector<std::vector<double>> bottom(horizon, std::vector<double>(skus));
  for (auto& step : bottom)
    for (double& v : step) v = 5 + std::abs(3 * noise(rng));
  std::vector<std::vector<double>> means(h.size(), std::vector<double>(horizon));
  for (int s = 0; s < horizon; ++s) {
    const auto all = h.aggregate(bottom[s]);
    for (int i = 0; i < h.size(); ++i)
      means[i][s] = all[i] * (i < h.aggregate_count() ? 1 + 0.1 * noise(rng) : 1);
  }
  for (auto& m : means) {
    Forecast f;
    f.mean = m;
    for (double v : m) {
      f.lo95.push_back(0.6 * v);
      f.lo80.push_back(0.8 * v);
      f.hi80.push_back(1.2 * v);
      f.hi95.push_back(1.4 * v);
    }
    p.base.push_back(std::move(f));
  }
  std::vector<std::vector<double>> errors(periods, std::vector<double>(skus));
  for (auto& row : errors) {
    std::vector<double> shock(categories);
    for (double& v : shock) v = noise(rng);
    for (int b = 0; b < skus; ++b) row[b] = shock[b % categories] + noise(rng);
  }
  p.residuals.assign(h.size(), std::vector<double>(periods));
  for (int t = 0; t < periods; ++t) {
    const auto all = h.aggregate(errors[t]);
    for (int i = 0; i < h.size(); ++i) p.residuals[i][t] = all[i] + (i < h.aggregate_count() ? noise(rng) : 0);
  }
  return p;
}

using oiis::testing::Dense;
using oiis::testing::inverse;

// Bottom means of the dense MinT with shrinkage `lambda`, every step.
Dense dense_mint(const Problem& p, double lambda) {
  const Hierarchy& h = p.tree;
  const int n = h.size(), m = h.bottom_count(), t = static_cast<int>(p.residuals[0].size());
  Dense w(n, std::vector<double>(n, 0.0));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      double c = 0;
      for (int s = 0; s < t; ++s) c += p.residuals[i][s] * p.residuals[j][s] / t;
      w[i][j] = i == j ? c : (1 - lambda) * c;
    }
  const Dense winv = inverse(w);
  // S' W^-1 (m x n): row b sums the rows of W^-1 of b's node and its ancestors.
  Dense stw(m, std::vector<double>(n, 0.0));
  for (int b = 0; b < m; ++b) {
    std::vector<int> rows = h.ancestors(b);
    rows.push_back(h.bottom_node(b));
    for (int r : rows)
      for (int j = 0; j < n; ++j) stw[b][j] += winv[r][j];
  }
  Dense g(m, std::vector<double>(m, 0.0));  // S' W^-1 S
  for (int a = 0; a < m; ++a)
    for (int b = 0; b < m; ++b) {
      std::vector<int> cols = h.ancestors(b);
      cols.push_back(h.bottom_node(b));
      for (int c : cols) g[a][b] += stw[a][c];
    }
  const Dense ginv = inverse(g);
  const std::size_t horizon = p.base[0].mean.size();
  Dense out(horizon, std::vector<double>(m, 0.0));
  for (std::size_t s = 0; s < horizon; ++s) {
    std::vector<double> z(m, 0.0);
    for (int b = 0; b < m; ++b)
      for (int i = 0; i < n; ++i) z[b] += stw[b][i] * p.base[i].mean[s];
    for (int a = 0; a < m; ++a)
      for (int b = 0; b < m; ++b) out[s][a] += ginv[a][b] * z[b];
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  auto arg = [&](int i, int fallback) { return argc > i ? std::atoi(argv[i]) : fallback; };
  const int skus = arg(1, 10000), categories = arg(2, 20), horizon = arg(3, 28), periods = arg(4, 28),
            dense = arg(5, 1000);
  const Problem big = make_problem(skus, categories, horizon, periods);
  std::printf("%d SKUs, %d categories, horizon %d, %d residual periods (CPU seconds, one thread)\n",
              skus, categories, horizon, periods);
  for (Reconciliation method : {Reconciliation::kBottomUp, Reconciliation::kOls,
                                Reconciliation::kWlsStructural, Reconciliation::kWlsVariance,
                                Reconciliation::kMintShrink}) {
    ReconcileOptions o;
    o.method = method;
    const double start = cpu_seconds();
    auto r = reconcile(big.tree, big.base, big.residuals, o);
    const double took = cpu_seconds() - start;
    if (!r) return std::fprintf(stderr, "%s\n", r.status().to_string().c_str()), 1;
    std::printf("  %-10s %9.4f s  (lambda %.3f)\n", std::string(reconciliation_name(method)).c_str(),
                took, r->shrinkage);
  }
  if (dense <= 0) return 0;
  const Problem small = make_problem(dense, categories, horizon, periods);
  ReconcileOptions o;
  o.method = Reconciliation::kMintShrink;
  o.non_negative = false;
  double start = cpu_seconds();
  auto ours = reconcile(small.tree, small.base, small.residuals, o);
  const double ours_s = cpu_seconds() - start;
  if (!ours) return 1;
  start = cpu_seconds();
  const Dense reference = dense_mint(small, ours->shrinkage);
  const double dense_s = cpu_seconds() - start;
  double worst = 0;
  for (int s = 0; s < horizon; ++s)
    for (int b = 0; b < small.tree.bottom_count(); ++b)
      worst = std::max(worst, std::abs(reference[s][b] - ours->forecasts[small.tree.bottom_node(b)].mean[s]));
  std::printf("MinT at %d SKUs: ours %.4f s, dense textbook %.2f s, ratio %.0fx, max |diff| %.2g\n",
              dense, ours_s, dense_s, dense_s / ours_s, worst);
  return 0;
}
