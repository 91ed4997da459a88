// Personalised scorers on matrices small enough to check by hand: EASE against a dense
// inverse computed another way, item-kNN's shrunk cosine, popularity's window, the top-N.
#include <gtest/gtest.h>

#include <cmath>

#include <Eigen/Dense>

#include "recommend/collaborative.h"

namespace oiis::recommend {
namespace {

using Items = std::vector<std::vector<ItemId>>;

TEST(Collaborative, ImplicitMatrixIsBinaryAndCollapsesRepeats) {
  const Items users{{0, 2, 2}, {1}};
  const InteractionMatrix x = implicit_matrix(users, 3);
  EXPECT_EQ(x.rows(), 2);
  EXPECT_EQ(x.cols(), 3);
  EXPECT_EQ(x.coeff(0, 2), 1.0f);  // bought twice, still 1
  EXPECT_EQ(x.coeff(0, 1), 0.0f);
  EXPECT_EQ(x.nonZeros(), 3);
}

TEST(Collaborative, EaseEqualsTheClosedFormFromADenseInverse) {
  const Items users{{0, 1}, {0, 1, 2}, {1, 2}, {0, 3}, {2, 3}};
  const double lambda = 2;
  auto model = Ease::fit(implicit_matrix(users, 4), {lambda});
  ASSERT_TRUE(model.is_ok()) << model.status().to_string();
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(5, 4);
  for (int u = 0; u < 5; ++u)
    for (ItemId i : users[static_cast<std::size_t>(u)]) x(u, i) = 1;
  // Independent route: LU inverse in double, B = I - P diag(1/diag(P)).
  const Eigen::MatrixXd p = (x.transpose() * x + lambda * Eigen::MatrixXd::Identity(4, 4)).inverse();
  Eigen::MatrixXd b = -p * p.diagonal().cwiseInverse().asDiagonal();
  b.diagonal().setZero();
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) EXPECT_NEAR(model->weight(i, j), b(i, j), 1e-5) << i << "," << j;
  // A user's scores are the sum of the weight rows of what they bought.
  const std::vector<ItemId> bought{0, 3};
  const Eigen::VectorXf scores = model->score(bought);
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(scores[j], b(0, j) + b(3, j), 1e-5);
  EXPECT_EQ(model->strongest_reason(bought, 1), 0);  // 3 was never bought with 1
}

TEST(Collaborative, EaseRefusesBadLambdaAndHugeCatalogues) {
  const Items users{{0}};
  auto bad = Ease::fit(implicit_matrix(users, 2), {0});
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().field(), "lambda");
  auto huge = Ease::fit(implicit_matrix(users, Ease::kMaxItems + 1), {1});
  ASSERT_FALSE(huge.is_ok());
  EXPECT_EQ(huge.status().field(), "items");
}

TEST(Collaborative, ItemKnnIsCosineWithShrinkageKeepingTheNearest) {
  // Item 0 bought by 3 users, item 1 by 2 (both with 0), item 2 by 1 (with 0).
  const Items users{{0, 1}, {0, 1}, {0, 2}};
  auto model = ItemKnn::fit(implicit_matrix(users, 3), {1.0, 1});
  ASSERT_TRUE(model.is_ok());
  const auto& s = model->similarities();
  const double s01 = 2 / (std::sqrt(3.0 * 2) + 1), s02 = 1 / (std::sqrt(3.0 * 1) + 1);
  EXPECT_NEAR(s.coeff(1, 0), s01, 1e-6);  // item 1's one neighbour is 0
  EXPECT_NEAR(s.coeff(2, 0), s02, 1e-6);
  EXPECT_NEAR(s.coeff(0, 1), s01, 1e-6);  // item 0 keeps only its nearest, 1 (s01 > s02)
  EXPECT_EQ(s.coeff(0, 2), 0.0f);
  EXPECT_EQ(s.coeff(1, 2), 0.0f);  // never bought together
  const std::vector<ItemId> bought{1, 2};
  const Eigen::VectorXf scores = model->score(bought);
  EXPECT_NEAR(scores[0], s01 + s02, 1e-6);
  EXPECT_EQ(model->strongest_reason(bought, 0), 1);
  EXPECT_EQ(ItemKnn::fit(implicit_matrix(users, 3), {1.0, 0}).status().field(), "neighbours");
  EXPECT_EQ(ItemKnn::fit(implicit_matrix(users, 3), {-1.0, 5}).status().field(), "shrinkage");
}

TEST(Collaborative, PopularityCountsDistinctBuyersInTheWindow) {
  const std::vector<PurchaseHistory> histories{
      {{100, {0}}, {195, {1, 1}}},  // item 1 twice in one basket: one buyer
      {{199, {1}}, {200, {2}}},
      {{150, {0}}}};
  const Popularity recent(histories, 3, {10});  // days 191..200
  EXPECT_EQ(recent.buyers(0), 0);
  EXPECT_EQ(recent.buyers(1), 2);
  EXPECT_EQ(recent.buyers(2), 1);
  const Popularity all(histories, 3, {0});
  EXPECT_EQ(all.buyers(0), 2);
  EXPECT_EQ(top_n(recent.score({}), {}, 2), (std::vector<ItemId>{1, 2}));
}

// No purchases at all (a new shop): every count is zero, and the window's start is not computed
// from an empty history (UBSan caught the overflow through the product route).
TEST(Collaborative, PopularityOfNoPurchasesIsZero) {
  const std::vector<PurchaseHistory> none{{}, {}};
  const Popularity recent(none, 2, {90});
  EXPECT_EQ(recent.buyers(0), 0);
  EXPECT_EQ(recent.buyers(1), 0);
}

TEST(Collaborative, TopNSkipsExcludedAndBreaksTiesByLowerId) {
  Eigen::VectorXf scores(5);
  scores << 0.5f, 0.9f, 0.5f, -std::numeric_limits<float>::infinity(), 0.7f;
  EXPECT_EQ(top_n(scores, {}, 3), (std::vector<ItemId>{1, 4, 0}));
  const std::vector<ItemId> excluded{1, 0};
  EXPECT_EQ(top_n(scores, excluded, 10), (std::vector<ItemId>{4, 2}));  // -inf never listed
  EXPECT_TRUE(top_n(scores, {}, 0).empty());
}

}  // namespace
}  // namespace oiis::recommend
