// Isolation Forest: outliers score above inliers (ROC AUC near 1 on a clean case), scores follow
// the paper's scale (about 0.5 and below for ordinary points), fits are reproducible by seed,
// and bad input is refused naming the field.
#include "anomaly/isolation_forest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace oiis::anomaly {
namespace {

// AUC of scores where `positive[i]` marks the anomalies (Mann-Whitney, ties half).
double roc_auc(const std::vector<double>& score, const std::vector<bool>& positive) {
  double wins = 0, pairs = 0;
  for (std::size_t i = 0; i < score.size(); ++i)
    for (std::size_t j = 0; j < score.size(); ++j)
      if (positive[i] && !positive[j]) {
        wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
        ++pairs;
      }
  return wins / pairs;
}

TEST(IsolationForest, OutliersScoreAboveAGaussianCloud) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> far(6, 9);
  std::vector<double> x;
  std::vector<bool> outlier;
  for (int i = 0; i < 2000; ++i) {
    const bool out = i % 100 == 0;
    for (int f = 0; f < 4; ++f) x.push_back(out ? far(rng) * (f % 2 ? -1 : 1) : normal(rng));
    outlier.push_back(out);
  }
  auto forest = IsolationForest::fit(x, 4);
  ASSERT_TRUE(forest.is_ok());
  const auto scores = forest->score_all(x);
  EXPECT_GT(roc_auc(scores, outlier), 0.99);
  std::vector<double> inlier_scores;
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (!outlier[i]) inlier_scores.push_back(scores[i]);
  std::sort(inlier_scores.begin(), inlier_scores.end());
  EXPECT_LT(inlier_scores[inlier_scores.size() / 2], 0.5);  // the typical point
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (outlier[i]) {
      EXPECT_GT(scores[i], 0.6) << i;
    }
  auto again = IsolationForest::fit(x, 4);
  EXPECT_EQ(again->score_all(x), scores);  // same seed, same forest
}

TEST(IsolationForest, PathLengthNormaliserAndBadInput) {
  EXPECT_DOUBLE_EQ(average_path_length(1), 0);
  EXPECT_DOUBLE_EQ(average_path_length(2), 1);
  EXPECT_NEAR(average_path_length(256), 10.2448, 1e-3);  // 2(ln 255 + gamma) - 2*255/256
  EXPECT_EQ(IsolationForest::fit(std::vector<double>{1, 2, 3}, 2).status().field(), "features");
  EXPECT_EQ(IsolationForest::fit(std::vector<double>{1, NAN}, 1).status().field(), "features");
  IsolationForestOptions o;
  o.trees = 0;
  EXPECT_EQ(IsolationForest::fit(std::vector<double>{1, 2}, 1, o).status().field(), "trees");
}

}  // namespace
}  // namespace oiis::anomaly
