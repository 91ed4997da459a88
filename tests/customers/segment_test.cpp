// Segmentation: K-Means recovers well-separated groups and silhouette picks their number;
// the agreement scores on known partitions; names from distinctive features; bad input named.
#include "customers/segment.h"

#include <gtest/gtest.h>

#include <random>

namespace oiis::customers {
namespace {

// Three round blobs in (frequency, value) whose centres are 10 standard deviations apart.
FeatureTable blobs(std::vector<int>& truth) {
  FeatureTable t;
  t.columns = {"log_orders_per_year", "log_order_value"};
  const double centres[3][2] = {{0, 0}, {10, 0}, {0, 10}};
  const int sizes[3] = {300, 200, 100};
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0, 1);
  for (int c = 0; c < 3; ++c)
    for (int i = 0; i < sizes[c]; ++i) {
      t.customers.push_back("c" + std::to_string(t.customers.size()));
      t.values.push_back(centres[c][0] + noise(rng));
      t.values.push_back(centres[c][1] + noise(rng));
      truth.push_back(c);
    }
  return t;
}

TEST(Segment, RecoversSeparatedGroupsAndPicksTheirNumber) {
  std::vector<int> truth;
  const FeatureTable t = blobs(truth);
  auto s = segment_customers(t, {});
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->k, 3);
  EXPECT_DOUBLE_EQ(matched_accuracy(truth, s->assignment), 1.0);
  EXPECT_DOUBLE_EQ(adjusted_rand_index(truth, s->assignment), 1.0);
  // Largest first; the frequent blob is named for it, the big spenders for their value.
  EXPECT_EQ(s->segments[0].size, 300u);
  EXPECT_EQ(s->segments[1].name.find("frequent"), 0u) << s->segments[1].name;
  EXPECT_NE(s->segments[2].name.find("big-ticket"), std::string::npos) << s->segments[2].name;
  EXPECT_NEAR(s->segments[1].mean[0], 10, 0.3);
  ASSERT_EQ(s->silhouette_by_k.size(), 7u);
  EXPECT_GT(s->silhouette, 0.7);
}

TEST(Segment, ChosenKIsRespected) {
  std::vector<int> truth;
  SegmentOptions o;
  o.k_min = o.k_max = 2;
  auto s = segment_customers(blobs(truth), o);
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->k, 2);
  EXPECT_NEAR(matched_accuracy(truth, s->assignment), 500.0 / 600, 1e-12);  // two blobs merged
}

// fit_kmeans (what bench/customers_sklearn.sh times): the blobs found, and the reported inertia
// is the within-cluster sum of squares of the returned assignment around the returned centres.
TEST(Segment, FitKMeansReportsItsOwnInertia) {
  std::vector<int> truth;
  const FeatureTable t = blobs(truth);
  const KMeansFit fit = fit_kmeans(t.values, 2, 3, SegmentOptions{});
  ASSERT_EQ(fit.assignment.size(), truth.size());
  EXPECT_DOUBLE_EQ(matched_accuracy(truth, fit.assignment), 1.0);
  double inertia = 0;
  for (std::size_t i = 0; i < truth.size(); ++i)
    for (std::size_t j = 0; j < 2; ++j) {
      const double d = t.at(i, j) - fit.centres[fit.assignment[i] * 2 + j];
      inertia += d * d;
    }
  EXPECT_NEAR(fit.inertia, inertia, 1e-6 * inertia);
  EXPECT_LT(fit.inertia, 3.0 * truth.size());  // about 2 (two unit variances) per point
}

TEST(Segment, AgreementScoresOnKnownPartitions) {
  const std::vector<int> truth = {0, 0, 0, 1, 1, 1};
  const std::vector<int> relabelled = {2, 2, 2, 0, 0, 0};
  EXPECT_DOUBLE_EQ(matched_accuracy(truth, relabelled), 1.0);
  EXPECT_DOUBLE_EQ(adjusted_rand_index(truth, relabelled), 1.0);
  const std::vector<int> one_wrong = {0, 0, 1, 1, 1, 1};
  EXPECT_NEAR(matched_accuracy(truth, one_wrong), 5.0 / 6, 1e-12);
  // ARI by hand: contingency [[2,1],[0,3]]: index 1+3 = 4, rows 3+3 = 6, columns 1+6 = 7,
  // expected 6*7/15 = 2.8, max 6.5: (4-2.8)/(6.5-2.8).
  EXPECT_NEAR(adjusted_rand_index(truth, one_wrong), 1.2 / 3.7, 1e-12);
  // More found labels than true ones: the extra label matches nobody.
  EXPECT_NEAR(matched_accuracy(truth, std::vector<int>{0, 0, 1, 2, 2, 2}), 5.0 / 6, 1e-12);
}

TEST(Segment, BadInputIsNamed) {
  std::vector<int> truth;
  FeatureTable t = blobs(truth);
  SegmentOptions o;
  o.k_min = 1;
  EXPECT_EQ(segment_customers(t, o).status().field(), "k_min");
  t.values[7] = std::nan("");
  auto s = segment_customers(t, {});
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.status().field(), "row 3, log_order_value");
  EXPECT_EQ(select_columns(t, std::vector<std::string>{"nope"}).status().field(), "columns");
  t.values[7] = 0;
  t.customers.resize(10);
  t.values.resize(20);
  EXPECT_EQ(segment_customers(FeatureTable{t}, {}).status().code(), ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace oiis::customers
