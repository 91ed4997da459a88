// Hierarchical reconciliation: the tree from parent paths, coherence of every method, MinT
// against the textbook dense formula, accuracy on a simulated hierarchy, bad input.
#include "forecast/hierarchy.h"
#include "support/dense_matrix.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace oiis::forecast {
namespace {

constexpr Reconciliation kAllMethods[] = {
    Reconciliation::kBottomUp, Reconciliation::kOls, Reconciliation::kWlsStructural,
    Reconciliation::kWlsVariance, Reconciliation::kMintShrink};

// total -> {north -> {shoes: 3 SKUs, hats: 2}, south -> {shoes: 2}} plus one SKU straight
// under the total (trees need not be balanced).
struct Tree {
  std::vector<std::string> names{"n-s1", "n-s2", "n-s3", "n-h1", "n-h2", "s-s1", "s-s2", "odd"};
  std::vector<std::vector<std::string>> paths{
      {"shoes", "north", "total"}, {"shoes", "north", "total"},
      {"shoes", "north", "total"}, {"hats", "north", "total"},
      {"hats", "north", "total"},  {"shoes", "south", "total"},
      {"shoes", "south", "total"}, {"total"}};
  Hierarchy build() const {
    auto h = Hierarchy::from_paths(names, paths);
    EXPECT_TRUE(h.is_ok()) << h.status().to_string();
    return std::move(h).value();
  }
};

Forecast with_intervals(std::vector<double> mean, double width) {
  Forecast f;
  f.mean = std::move(mean);
  for (double m : f.mean) {
    f.lo95.push_back(m - 2 * width);
    f.lo80.push_back(m - width);
    f.hi80.push_back(m + width);
    f.hi95.push_back(m + 2 * width);
  }
  return f;
}

TEST(Hierarchy, NodesFromParentPaths) {
  const Hierarchy h = Tree().build();
  ASSERT_EQ(h.aggregate_count(), 6);  // total, north, south, north/shoes, north/hats, south/shoes
  EXPECT_EQ(h.bottom_count(), 8);
  EXPECT_EQ(h.node(0).name, "total");
  EXPECT_EQ(h.node(0).parent, -1);
  EXPECT_EQ(h.node(0).bottoms, 8);
  const int north = h.find("north", 1), south = h.find("south", 1);
  ASSERT_GE(north, 0);
  ASSERT_GE(south, 0);
  EXPECT_EQ(h.node(north).bottoms, 5);
  // "shoes" under north and under south are different nodes.
  int shoes = 0;
  for (int i = 0; i < h.aggregate_count(); ++i) shoes += h.node(i).name == "shoes";
  EXPECT_EQ(shoes, 2);
  const int odd = h.bottom_node(7);
  EXPECT_EQ(h.node(odd).name, "odd");
  EXPECT_EQ(h.node(odd).parent, 0);
  EXPECT_EQ(h.node(odd).depth, 1);
  ASSERT_EQ(h.ancestors(5).size(), 3u);
  EXPECT_EQ(h.node(h.ancestors(5)[0]).name, "shoes");
  EXPECT_EQ(h.ancestors(5)[1], south);
  EXPECT_EQ(h.ancestors(5)[2], 0);
  const auto all = h.aggregate(std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(all[0], 36);
  EXPECT_EQ(all[north], 15);
  EXPECT_EQ(all[south], 13);
}

// Incoherent base forecasts for every node (aggregates off by up to +-30%), residuals with a
// shared component so MinT has correlations to use.
struct Problem {
  std::vector<Forecast> base;
  std::vector<std::vector<double>> residuals;
};

Problem random_problem(const Hierarchy& h, int horizon, int periods, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> level(0, 20), skew(0.7, 1.3);
  std::normal_distribution<double> noise(0, 1);
  Problem p;
  std::vector<std::vector<double>> bottoms(horizon);
  for (auto& step : bottoms)
    for (int b = 0; b < h.bottom_count(); ++b) step.push_back(level(rng));
  std::vector<std::vector<double>> nodes(h.size(), std::vector<double>(horizon));
  for (int s = 0; s < horizon; ++s) {
    const auto all = h.aggregate(bottoms[s]);
    for (int i = 0; i < h.size(); ++i)
      nodes[i][s] = i < h.aggregate_count() ? all[i] * skew(rng) : all[i];
  }
  for (int i = 0; i < h.size(); ++i) p.base.push_back(with_intervals(nodes[i], 1 + i % 3));
  std::vector<std::vector<double>> bottom_errors(periods);
  for (auto& row : bottom_errors) {
    const double common = noise(rng);
    for (int b = 0; b < h.bottom_count(); ++b) row.push_back(common + 0.5 * noise(rng));
  }
  p.residuals.assign(h.size(), std::vector<double>(periods));
  for (int t = 0; t < periods; ++t) {
    const auto all = h.aggregate(bottom_errors[t]);
    for (int i = 0; i < h.size(); ++i)
      p.residuals[i][t] = all[i] + (i < h.aggregate_count() ? noise(rng) : 0);
  }
  return p;
}

void expect_coherent(const Hierarchy& h, const std::vector<Forecast>& f) {
  const std::size_t horizon = f[0].mean.size();
  for (std::size_t s = 0; s < horizon; ++s) {
    std::vector<double> children_sum(h.size(), 0.0);
    for (int i = h.size() - 1; i > 0; --i)
      if (h.node(i).parent >= 0) children_sum[h.node(i).parent] += f[i].mean[s];
    for (int k = 0; k < h.aggregate_count(); ++k)
      EXPECT_NEAR(f[k].mean[s], children_sum[k], 1e-9 * (1 + std::abs(f[k].mean[s])))
          << h.node(k).name << " step " << s;
    for (int i = 0; i < h.size(); ++i) {
      EXPECT_GE(f[i].mean[s], 0.0);
      EXPECT_LE(f[i].lo95[s], f[i].lo80[s]);
      EXPECT_LE(f[i].lo80[s], f[i].mean[s]);
      EXPECT_LE(f[i].mean[s], f[i].hi80[s]);
      EXPECT_LE(f[i].hi80[s], f[i].hi95[s]);
    }
  }
}

TEST(Reconcile, EveryMethodAddsUpAtEveryStep) {
  const Hierarchy h = Tree().build();
  const Problem p = random_problem(h, 6, 20, 11);
  for (Reconciliation method : kAllMethods) {
    SCOPED_TRACE(std::string(reconciliation_name(method)));
    ReconcileOptions o;
    o.method = method;
    auto r = reconcile(h, p.base, p.residuals, o);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    ASSERT_EQ(r->forecasts.size(), static_cast<std::size_t>(h.size()));
    expect_coherent(h, r->forecasts);
    // The base forecasts were incoherent, so something moved.
    EXPECT_NE(r->forecasts[0].mean, p.base[0].mean);
  }
}

TEST(Reconcile, BottomUpKeepsTheBottomForecasts) {
  const Hierarchy h = Tree().build();
  const Problem p = random_problem(h, 4, 10, 3);
  ReconcileOptions o;
  o.method = Reconciliation::kBottomUp;
  auto r = reconcile(h, p.base, {}, o);
  ASSERT_TRUE(r.is_ok());
  for (int b = 0; b < h.bottom_count(); ++b)
    EXPECT_EQ(r->forecasts[h.bottom_node(b)].mean, p.base[h.bottom_node(b)].mean);
  // Aggregate intervals keep the aggregate's own relative width around the new mean.
  ASSERT_GT(p.base[0].mean[0], 0.0);
  EXPECT_NEAR(r->forecasts[0].hi80[0] / r->forecasts[0].mean[0],
              p.base[0].hi80[0] / p.base[0].mean[0], 1e-12);
  EXPECT_NEAR(r->forecasts[0].lo95[0] / r->forecasts[0].mean[0],
              p.base[0].lo95[0] / p.base[0].mean[0], 1e-12);
}

TEST(Reconcile, NegativeBottomsAreClippedThenReaggregated) {
  Hierarchy h = Hierarchy::from_paths(std::vector<std::string>{"a", "b"},
                                      std::vector<std::vector<std::string>>{{"t"}, {"t"}})
                    .value();
  // OLS spreads the gap total - (a + b) = -6.5 evenly over the three nodes: b = 0.5 - 6.5/3.
  std::vector<Forecast> base{with_intervals({0.0}, 1), with_intervals({6.0}, 1),
                             with_intervals({0.5}, 1)};
  ReconcileOptions o;
  o.method = Reconciliation::kOls;
  o.non_negative = false;
  auto raw = reconcile(h, base, {}, o);
  ASSERT_TRUE(raw.is_ok());
  EXPECT_LT(raw->forecasts[h.bottom_node(1)].mean[0], 0.0);
  o.non_negative = true;
  auto clipped = reconcile(h, base, {}, o);
  ASSERT_TRUE(clipped.is_ok());
  EXPECT_EQ(clipped->forecasts[h.bottom_node(1)].mean[0], 0.0);
  EXPECT_EQ(clipped->forecasts[0].mean[0], clipped->forecasts[h.bottom_node(0)].mean[0]);
  EXPECT_GE(clipped->forecasts[h.bottom_node(1)].lo95[0], 0.0);
}

// ---- MinT against the dense textbook formula y~ = S (S' W^-1 S)^-1 S' W^-1 y^.

using oiis::testing::Dense;
using oiis::testing::inverse;

// hts::shrink.estim, written out pair by pair.
double dense_lambda(const Dense& e) {
  const std::size_t t = e.size(), n = e[0].size();
  std::vector<double> var(n, 0.0);
  for (const auto& row : e)
    for (std::size_t i = 0; i < n; ++i) var[i] += row[i] * row[i] / t;
  double num = 0, den = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      double w2 = 0, w = 0;
      for (std::size_t s = 0; s < t; ++s) {
        const double x = e[s][i] * e[s][j] / std::sqrt(var[i] * var[j]);
        w += x;
        w2 += x * x;
      }
      num += (w2 - w * w / t) / (static_cast<double>(t) * (t - 1));
      den += (w / t) * (w / t);
    }
  return std::clamp(num / den, 0.0, 1.0);
}

TEST(Reconcile, MintMatchesTheDenseFormula) {
  const Hierarchy h = Tree().build();
  const Problem p = random_problem(h, 3, 9, 7);  // fewer periods than nodes: shrinkage matters
  const int n = h.size(), m = h.bottom_count();
  Dense e(9, std::vector<double>(n));
  for (int i = 0; i < n; ++i)
    for (int t = 0; t < 9; ++t) e[t][i] = p.residuals[i][t];
  const double lambda = dense_lambda(e);
  Dense w(n, std::vector<double>(n, 0.0));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      double c = 0;
      for (const auto& row : e) c += row[i] * row[j] / 9;
      w[i][j] = i == j ? c : (1 - lambda) * c;
    }
  Dense s(n, std::vector<double>(m, 0.0));
  for (int b = 0; b < m; ++b) {
    s[h.bottom_node(b)][b] = 1;
    for (int k : h.ancestors(b)) s[k][b] = 1;
  }
  const Dense winv = inverse(w);
  Dense stw(m, std::vector<double>(n, 0.0));  // S' W^-1
  for (int b = 0; b < m; ++b)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) stw[b][j] += s[i][b] * winv[i][j];
  Dense g(m, std::vector<double>(m, 0.0));  // S' W^-1 S
  for (int a = 0; a < m; ++a)
    for (int b = 0; b < m; ++b)
      for (int i = 0; i < n; ++i) g[a][b] += stw[a][i] * s[i][b];
  const Dense ginv = inverse(g);

  ReconcileOptions o;
  o.method = Reconciliation::kMintShrink;
  o.non_negative = false;
  auto r = reconcile(h, p.base, p.residuals, o);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_NEAR(r->shrinkage, lambda, 1e-9);
  EXPECT_GT(lambda, 0.0);
  EXPECT_LT(lambda, 1.0);
  for (int step = 0; step < 3; ++step) {
    std::vector<double> z(m, 0.0), bottom(m, 0.0);
    for (int b = 0; b < m; ++b)
      for (int i = 0; i < n; ++i) z[b] += stw[b][i] * p.base[i].mean[step];
    for (int a = 0; a < m; ++a)
      for (int b = 0; b < m; ++b) bottom[a] += ginv[a][b] * z[b];
    for (int b = 0; b < m; ++b)
      EXPECT_NEAR(r->forecasts[h.bottom_node(b)].mean[step], bottom[b], 1e-7) << b;
  }
}

// ---- accuracy on held-out data of a simulated hierarchy (2 groups x 4 series, fixed seed).

// Bottom series: own level + a shock shared by the group + its own noise, random-walk levels.
// Each node is forecast on its own by SES; residuals are the errors of the same model from an
// earlier origin. Returns the summed squared error over all nodes and steps, per method (index
// 0 = base).
std::vector<double> simulated_errors(unsigned seed) {
  constexpr int kGroups = 2, kPerGroup = 4, kTrain = 40, kHorizon = 8, kWindow = 12;
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 1);
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> paths;
  for (int g = 0; g < kGroups; ++g)
    for (int k = 0; k < kPerGroup; ++k) {
      // Appended, not "s" + a: GCC 12 warns (-Wrestrict, a false positive) on that.
      names.push_back(std::string("s").append(std::to_string(g)).append(std::to_string(k)));
      paths.push_back({std::string("g").append(std::to_string(g)), "total"});
    }
  const Hierarchy h = Hierarchy::from_paths(names, paths).value();
  const int length = kTrain + kHorizon, m = h.bottom_count();
  std::vector<std::vector<double>> bottom(m, std::vector<double>(length));
  std::vector<double> level(m, 50.0);
  for (int t = 0; t < length; ++t) {
    const double shock[kGroups] = {3 * noise(rng), 3 * noise(rng)};
    for (int b = 0; b < m; ++b) {
      level[b] += 0.5 * noise(rng);
      bottom[b][t] = level[b] + shock[b / kPerGroup] + 2 * noise(rng);
    }
  }
  std::vector<std::vector<double>> series(h.size(), std::vector<double>(length));
  for (int t = 0; t < length; ++t) {
    std::vector<double> at_t(m);
    for (int b = 0; b < m; ++b) at_t[b] = bottom[b][t];
    const auto all = h.aggregate(at_t);
    for (int i = 0; i < h.size(); ++i) series[i][t] = all[i];
  }
  ForecastOptions opt;
  opt.method = Method::kSes;
  std::vector<Forecast> base;
  std::vector<std::vector<double>> residuals;
  for (const auto& y : series) {
    opt.horizon = kHorizon;
    opt.intervals = true;
    base.push_back(forecast(std::span(y).first(kTrain), opt).value());
    opt.horizon = kWindow;
    opt.intervals = false;
    const auto past = forecast(std::span(y).first(kTrain - kWindow), opt).value();
    std::vector<double> e;
    for (int s = 0; s < kWindow; ++s) e.push_back(y[kTrain - kWindow + s] - past.mean[s]);
    residuals.push_back(std::move(e));
  }
  auto squared_error = [&](const std::vector<Forecast>& f) {
    double sum = 0;
    for (int i = 0; i < h.size(); ++i)
      for (int s = 0; s < kHorizon; ++s) sum += std::pow(series[i][kTrain + s] - f[i].mean[s], 2);
    return sum;
  };
  std::vector<double> out{squared_error(base)};
  for (Reconciliation method : kAllMethods) {
    ReconcileOptions o;
    o.method = method;
    out.push_back(squared_error(reconcile(h, base, residuals, o).value().forecasts));
  }
  return out;
}

TEST(Reconcile, ReducesHeldOutErrorOnASimulatedHierarchy) {
  std::vector<double> total(1 + std::size(kAllMethods), 0.0);
  for (unsigned rep = 0; rep < 30; ++rep) {
    const auto e = simulated_errors(1000 + rep);
    for (std::size_t k = 0; k < e.size(); ++k) total[k] += e[k];
  }
  const double base = total[0];
  for (std::size_t k = 0; k < std::size(kAllMethods); ++k)
    std::printf("  %-10s squared error / base %.3f\n",
                std::string(reconciliation_name(kAllMethods[k])).c_str(), total[k + 1] / base);
  EXPECT_LT(total[1 + 3], base) << "wls";
  EXPECT_LT(total[1 + 4], base) << "mint";
  EXPECT_LT(total[1 + 2], base) << "wls-struct";
}

// ---- bad input

TEST(Hierarchy, BadPathsAreNamed) {
  const std::vector<std::string> names{"a", "b"};
  auto field = [](const Result<Hierarchy>& r) { return r.status().field(); };
  using Paths = std::vector<std::vector<std::string>>;
  EXPECT_EQ(field(Hierarchy::from_paths(names, Paths{{"t"}})), "paths");  // length mismatch
  auto no_parent = Hierarchy::from_paths(names, Paths{{"t"}, {}});
  EXPECT_EQ(field(no_parent), "paths[1]");
  EXPECT_NE(no_parent.status().message().find("'b' has no parent path"), std::string::npos);
  EXPECT_EQ(field(Hierarchy::from_paths(names, Paths{{"t"}, {"x", "u"}})), "paths[1]");  // root
  EXPECT_EQ(field(Hierarchy::from_paths(std::vector<std::string>{"a", "a"}, Paths{{"t"}, {"t"}})),
            "bottom_names[1]");
  EXPECT_EQ(field(Hierarchy::from_paths(names, Paths{{"t"}, {"", "t"}})), "paths[1][0]");
  EXPECT_EQ(field(Hierarchy::from_paths({}, Paths{})), "bottom_names");
}

TEST(Reconcile, BadForecastsAndResidualsAreNamed) {
  const Hierarchy h = Tree().build();
  Problem p = random_problem(h, 3, 5, 1);
  ReconcileOptions o;
  auto field = [&](const Problem& q, Reconciliation method) {
    o.method = method;
    return reconcile(h, q.base, q.residuals, o).status().field();
  };
  Problem fewer = p;
  fewer.base.pop_back();
  EXPECT_EQ(field(fewer, Reconciliation::kBottomUp), "base");
  Problem shorter = p;
  shorter.base[4].mean.pop_back();
  EXPECT_EQ(field(shorter, Reconciliation::kOls), "base[4].mean");
  Problem no_interval = p;
  no_interval.base[2].hi95.clear();
  EXPECT_EQ(field(no_interval, Reconciliation::kOls), "base[2]");
  Problem nan = p;
  nan.base[1].mean[2] = std::nan("");
  EXPECT_EQ(field(nan, Reconciliation::kOls), "base[1].mean[2]");
  Problem no_residuals = p;
  no_residuals.residuals.clear();
  EXPECT_EQ(field(no_residuals, Reconciliation::kMintShrink), "residuals");
  EXPECT_TRUE(
      reconcile(h, p.base, {}, ReconcileOptions{Reconciliation::kWlsStructural, true}).is_ok());
  Problem ragged = p;
  ragged.residuals[3].push_back(1);
  EXPECT_EQ(field(ragged, Reconciliation::kWlsVariance), "residuals[3]");
}

TEST(Reconcile, MethodNamesRoundTrip) {
  for (Reconciliation m : kAllMethods) EXPECT_EQ(parse_reconciliation(reconciliation_name(m)), m);
  EXPECT_FALSE(parse_reconciliation("topdown"));
}

}  // namespace
}  // namespace oiis::forecast
