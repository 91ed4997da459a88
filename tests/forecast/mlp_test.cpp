// The MLP regressor learns simulated functions and is scored on rows it never trained on.
// Data and nets are small so each test stays fast unoptimised under sanitizers.
#include "forecast/mlp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <vector>

namespace oiis::forecast {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

struct Rows {
  int cols = 0;
  std::vector<float> x, label, weight;
  std::size_t size() const { return label.size(); }
  void add(const std::vector<float>& features, double y, double w = 1) {
    x.insert(x.end(), features.begin(), features.end());
    label.push_back(static_cast<float>(y));
    weight.push_back(static_cast<float>(w));
  }
};

// n rows of `cols` uniform features in [-spread, spread]; `make` turns them into a row.
Rows simulate(std::size_t n, int cols, double spread, std::uint64_t seed,
              const std::function<void(std::vector<float>&, std::mt19937_64&, Rows&)>& make) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(-spread, spread);
  Rows rows;
  rows.cols = cols;
  std::vector<float> f(cols);
  for (std::size_t i = 0; i < n; ++i) {
    for (float& v : f) v = u(rng);
    make(f, rng, rows);
  }
  return rows;
}

Result<MlpRegressor> fit(const Rows& r, const MlpOptions& o) {
  return MlpRegressor::fit(r.x.data(), r.size(), r.cols, r.label.data(), r.weight.data(), o);
}

std::vector<float> predict(const MlpRegressor& m, const Rows& r) {
  std::vector<float> out(r.size());
  m.predict(r.x.data(), r.size(), out.data());
  return out;
}

double mse(const std::vector<float>& prediction, const std::vector<float>& truth) {
  double sum = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) sum += std::pow(prediction[i] - truth[i], 2);
  return sum / truth.size();
}

double variance(const std::vector<float>& v) {
  double mean = 0;
  for (float e : v) mean += e / v.size();
  double sum = 0;
  for (float e : v) sum += (e - mean) * (e - mean);
  return sum / v.size();
}

MlpOptions small_net() {
  MlpOptions o;
  o.hidden = {16, 8};
  o.epochs = 25;
  o.batch_size = 32;
  o.learning_rate = 5e-3;
  o.seed = 7;
  return o;
}

// y = sin(x0) + x1^2 / 2 + noise; x2 is an irrelevant heavy-tailed ratio (lognormal, and one
// value of a million).
Rows nonlinear(std::size_t n, std::uint64_t seed) {
  bool outlier = true;
  return simulate(n, 3, 2.5, seed, [&](std::vector<float>& f, std::mt19937_64& rng, Rows& r) {
    f[2] = std::exp(2 * f[2]);
    if (outlier) f[2] = 1e6f;
    outlier = false;
    const double y = std::sin(f[0]) + f[1] * f[1] / 2 + std::normal_distribution(0.0, 0.1)(rng);
    r.add(f, y);
  });
}

TEST(Mlp, LearnsANoisyNonlinearFunctionOnUnseenRows) {
  const Rows train = nonlinear(1000, 1), test = nonlinear(500, 2);
  auto m = fit(train, small_net());
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  const double ratio = mse(predict(*m, test), test.label) / variance(test.label);
  EXPECT_LT(ratio, 0.3) << "epochs " << m->epochs_run();
  EXPECT_GE(m->epochs_run(), 1);
  EXPECT_LE(m->epochs_run(), small_net().epochs);
  EXPECT_TRUE(std::isfinite(m->validation_loss()));

  // Standardised inputs are clipped, so an absurd ratio moves a prediction by a bounded amount
  // (labels lie in about [-1.3, 4.2]; unclipped, this input sends predictions to millions).
  Rows extreme = test;
  for (std::size_t i = 0; i < extreme.size(); ++i) extreme.x[i * extreme.cols + 2] = 1e12f;
  for (float p : predict(*m, extreme)) ASSERT_LT(std::abs(p), 20);
}

// y = x0 where x0 is observed; where it is missing (30% of rows) y = 3, which no observed
// x0 in [-2, 2] explains: only the "was missing" input can.
Rows missing_signal(std::size_t n, std::uint64_t seed, bool impute_mean) {
  return simulate(n, 2, 2, seed, [&](std::vector<float>& f, std::mt19937_64& rng, Rows& r) {
    const bool missing = std::bernoulli_distribution(0.3)(rng);
    const double y = (missing ? 3.0 : f[0]) + std::normal_distribution(0.0, 0.1)(rng);
    if (missing) f[0] = impute_mean ? 0 : kNaN;
    r.add(f, y);
  });
}

TEST(Mlp, LearnsWhatMissingValuesMean) {
  const Rows test = missing_signal(500, 3, false);
  auto with_missing = fit(missing_signal(800, 4, false), small_net());
  auto imputed = fit(missing_signal(800, 4, true), small_net());
  ASSERT_TRUE(with_missing.is_ok()) << with_missing.status().to_string();
  ASSERT_TRUE(imputed.is_ok()) << imputed.status().to_string();
  const double error = mse(predict(*with_missing, test), test.label);
  const double error_imputed = mse(predict(*imputed, missing_signal(500, 3, true)), test.label);
  EXPECT_LT(error, 0.25 * error_imputed) << error << " vs " << error_imputed;
  EXPECT_LT(error, 0.1 * variance(test.label));
}

// Half the rows (weight 50) follow y = x0, the other half (weight 1) y = -x0, over the same
// inputs: the weighted optimum is 49/51 x0, the unweighted one 0.
Rows conflicting(std::size_t n, std::uint64_t seed, double heavy_weight) {
  bool heavy = false;
  return simulate(n, 1, 2, seed, [&](std::vector<float>& f, std::mt19937_64& rng, Rows& r) {
    heavy = !heavy;
    r.add(f, heavy ? f[0] : -f[0], heavy ? heavy_weight : 1);
  });
}

TEST(Mlp, HeavyWeightedRowsSetTheFit) {
  MlpOptions o = small_net();
  o.hidden = {8};
  const Rows test = simulate(
      500, 1, 2, 5, [](std::vector<float>& f, std::mt19937_64&, Rows& r) { r.add(f, f[0]); });
  auto weighted = fit(conflicting(1000, 6, 50), o);
  auto unweighted = fit(conflicting(1000, 6, 1), o);
  ASSERT_TRUE(weighted.is_ok()) << weighted.status().to_string();
  ASSERT_TRUE(unweighted.is_ok()) << unweighted.status().to_string();
  EXPECT_LT(mse(predict(*weighted, test), test.label), 0.05 * variance(test.label));
  EXPECT_GT(mse(predict(*unweighted, test), test.label), 0.5 * variance(test.label));
}

TEST(Mlp, SameSeedGivesIdenticalPredictionsAnotherSeedDoesNot) {
  const Rows train = nonlinear(600, 8), test = nonlinear(200, 9);
  MlpOptions o = small_net();
  o.epochs = 5;
  o.max_rows_per_epoch = 300;
  auto a = fit(train, o), b = fit(train, o);
  o.seed += 1;
  auto c = fit(train, o);
  ASSERT_TRUE(a.is_ok() && b.is_ok() && c.is_ok());
  const std::vector<float> pa = predict(*a, test), pb = predict(*b, test), pc = predict(*c, test);
  EXPECT_EQ(pa, pb);
  EXPECT_NE(pa, pc);
  EXPECT_EQ(a->validation_loss(), b->validation_loss());
}

// On pure noise the held-out loss stops improving early. The kept weights are those of the best
// epoch, `patience` epochs before the stop: a fit told to run only that many epochs (same seed,
// so the same batches) must predict bit for bit the same.
TEST(Mlp, EarlyStoppingEndsOnPureNoiseAndKeepsTheBestEpoch) {
  const auto noise = [](std::vector<float>& f, std::mt19937_64& rng, Rows& r) {
    r.add(f, std::normal_distribution(0.0, 1.0)(rng));
  };
  const Rows train = simulate(300, 4, 1, 10, noise), test = simulate(100, 4, 1, 11, noise);
  MlpOptions o = small_net();
  o.hidden = {32};
  o.epochs = 200;
  o.patience = 3;
  o.validation_share = 0.3;
  auto stopped = fit(train, o);
  ASSERT_TRUE(stopped.is_ok()) << stopped.status().to_string();
  ASSERT_LT(stopped->epochs_run(), o.epochs);
  o.epochs = stopped->epochs_run() - o.patience;
  auto best = fit(train, o);
  ASSERT_TRUE(best.is_ok()) << best.status().to_string();
  EXPECT_EQ(predict(*stopped, test), predict(*best, test));
  EXPECT_EQ(stopped->validation_loss(), best->validation_loss());

  o.validation_share = 0;
  o.epochs = 3;
  auto all_rows = fit(train, o);
  ASSERT_TRUE(all_rows.is_ok()) << all_rows.status().to_string();
  EXPECT_EQ(all_rows->epochs_run(), 3);
  EXPECT_TRUE(std::isnan(all_rows->validation_loss()));
}

TEST(Mlp, RowWithEveryValueMissingGetsAFinitePrediction) {
  const Rows train = missing_signal(300, 12, false);
  MlpOptions o = small_net();
  o.epochs = 3;
  auto m = fit(train, o);
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  const std::vector<float> row(train.cols, kNaN);
  float out = kNaN;
  m->predict(row.data(), 1, &out);
  EXPECT_TRUE(std::isfinite(out));
}

TEST(Mlp, BadInputsNameTheirField) {
  const Rows good = nonlinear(20, 13);
  struct Case {
    std::string field;
    std::function<void(Rows&, std::size_t&, int&, MlpOptions&)> spoil;
  };
  const std::vector<Case> cases = {
      {"rows", [](Rows&, std::size_t& n, int&, MlpOptions&) { n = 0; }},
      {"cols", [](Rows&, std::size_t&, int& c, MlpOptions&) { c = 0; }},
      {"label[2]", [](Rows& r, std::size_t&, int&, MlpOptions&) { r.label[2] = kNaN; }},
      {"weight[1]", [](Rows& r, std::size_t&, int&, MlpOptions&) { r.weight[1] = 0; }},
      {"weight[3]", [](Rows& r, std::size_t&, int&,
                       MlpOptions&) { r.weight[3] = std::numeric_limits<float>::infinity(); }},
      {"hidden[1]",
       [](Rows&, std::size_t&, int&, MlpOptions& o) {
         o.hidden = {4, 0};
       }},
      {"epochs", [](Rows&, std::size_t&, int&, MlpOptions& o) { o.epochs = 0; }},
      {"batch_size", [](Rows&, std::size_t&, int&, MlpOptions& o) { o.batch_size = 0; }},
      {"learning_rate", [](Rows&, std::size_t&, int&, MlpOptions& o) { o.learning_rate = 0; }},
      {"learning_rate", [](Rows&, std::size_t&, int&, MlpOptions& o) { o.learning_rate = NAN; }},
      {"weight_decay", [](Rows&, std::size_t&, int&, MlpOptions& o) { o.weight_decay = -1; }},
      {"validation_share",
       [](Rows&, std::size_t&, int&, MlpOptions& o) { o.validation_share = 0.6; }},
      {"patience", [](Rows&, std::size_t&, int&, MlpOptions& o) { o.patience = 0; }},
  };
  for (const Case& c : cases) {
    Rows r = good;
    std::size_t n = r.size();
    int cols = r.cols;
    MlpOptions o = small_net();
    c.spoil(r, n, cols, o);
    auto m = MlpRegressor::fit(r.x.data(), n, cols, r.label.data(), r.weight.data(), o);
    ASSERT_FALSE(m.is_ok()) << c.field;
    EXPECT_EQ(m.status().code(), ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(m.status().field(), c.field);
  }
  for (const auto& [field, x, label, weight] :
       {std::tuple{"x", (const float*)nullptr, good.label.data(), good.weight.data()},
        std::tuple{"label", good.x.data(), (const float*)nullptr, good.weight.data()},
        std::tuple{"weight", good.x.data(), good.label.data(), (const float*)nullptr}}) {
    auto m = MlpRegressor::fit(x, good.size(), good.cols, label, weight, small_net());
    ASSERT_FALSE(m.is_ok()) << field;
    EXPECT_EQ(m.status().field(), field);
  }
}

}  // namespace
}  // namespace oiis::forecast
