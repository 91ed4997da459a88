// Population stability index per feature (mlops/drift.h): identical samples are stable, a
// shifted one is flagged, missing values are a bin of their own, and the reference survives
// its JSON round trip.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "mlops/drift.h"

namespace oiis::mlops {
namespace {

FeatureSample sample(double shift, double missing_share, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> unit(0, 1);
  FeatureSample s{{"x", "count"}, {}};
  for (int i = 0; i < 5000; ++i) {
    s.values.push_back(unit(rng) < missing_share ? NAN : static_cast<float>(normal(rng) + shift));
    s.values.push_back(static_cast<float>(i % 3));  // a discrete feature: three values
  }
  return s;
}

TEST(Drift, TheSameDistributionIsStableAndAShiftIsSignificant) {
  const InputReference ref = reference_of(sample(0, 0, 1));
  ASSERT_EQ(ref.features.size(), 2u);
  EXPECT_EQ(ref.features[0].edges.size(), 9u);   // deciles
  // Three distinct values: edges 0, 1, 2 (the bin above 2 is empty in the reference).
  EXPECT_EQ(ref.features[1].edges, (std::vector<double>{0, 1, 2}));
  auto same = compare_inputs(ref, sample(0, 0, 2), 0.1);
  ASSERT_TRUE(same);
  EXPECT_LT(same->features[0].psi, 0.02);
  EXPECT_LT(same->features[1].psi, 1e-6);
  EXPECT_FALSE(same->alert);
  EXPECT_EQ(same->features[0].level, "stable");

  auto moved = compare_inputs(ref, sample(0.5, 0, 3), 0.1);
  ASSERT_TRUE(moved);
  EXPECT_GT(moved->features[0].psi, 0.25);
  EXPECT_EQ(moved->features[0].level, "significant");
  EXPECT_TRUE(moved->alert);
  EXPECT_DOUBLE_EQ(moved->max_psi, moved->features[0].psi);
}

TEST(Drift, MissingValuesAreABinOfTheirOwn) {
  const InputReference ref = reference_of(sample(0, 0, 1));
  auto gaps = compare_inputs(ref, sample(0, 0.3, 4), 0.1);
  ASSERT_TRUE(gaps);
  // 30 % of the values now missing where none were: (0.3 - 1e-4) ln(0.3 / 1e-4) alone is 2.4.
  EXPECT_GT(gaps->features[0].psi, 2.0);
}

TEST(Drift, TheReferenceRoundTripsThroughJsonAndNamesAMissingFeature) {
  const InputReference ref = reference_of(sample(0, 0.1, 1));
  auto back = reference_from_json(to_json(ref));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->features.size(), 2u);
  EXPECT_EQ(back->features[0].edges, ref.features[0].edges);
  EXPECT_EQ(back->features[0].shares, ref.features[0].shares);
  EXPECT_EQ(back->rows, 5000u);
  EXPECT_EQ(reference_from_json(nlohmann::json::object()).status().field(), "inputs");
  FeatureSample other{{"x"}, {1.0f, 2.0f}};
  auto missing = compare_inputs(ref, other, 0.1);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.status().field(), "count");
}

}  // namespace
}  // namespace oiis::mlops
