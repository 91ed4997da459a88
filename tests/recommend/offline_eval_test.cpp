// The last-basket split and the metrics on hand-made examples.
#include <gtest/gtest.h>

#include <cmath>

#include "recommend/collaborative.h"
#include "recommend/offline_eval.h"

namespace oiis::recommend {
namespace {

TEST(OfflineEval, LastBasketHoldsOutOnlyNewItems) {
  const std::vector<PurchaseHistory> histories{
      {{1, {0, 1}}, {5, {2}}, {9, {1, 3, 4}}},  // 1 bought before: held out {3, 4}
      {{3, {2}}},                               // one basket: trains, not scored
      {{2, {0}}, {4, {0}}}};                    // last basket only repeats: not scored
  const HeldOutSplit split = split_last_basket(histories);
  ASSERT_EQ(split.training.size(), 3u);
  EXPECT_EQ(split.training[0].size(), 2u);
  EXPECT_EQ(split.held_out[0], (std::vector<ItemId>{3, 4}));
  EXPECT_EQ(split.training[1].size(), 1u);
  EXPECT_TRUE(split.held_out[1].empty());
  EXPECT_EQ(split.training[2].size(), 1u);
  EXPECT_TRUE(split.held_out[2].empty());
  EXPECT_EQ(split.scored_users(), 1u);
  // Validation is the same split one basket earlier: user 0's second basket held out.
  const HeldOutSplit validation = split_last_basket(split.training);
  EXPECT_EQ(validation.held_out[0], (std::vector<ItemId>{2}));
  EXPECT_EQ(validation.training[0].size(), 1u);
}

// Fixed scores: item i scores 10 - i, so the list is 0, 1, 2, ... minus what was bought.
class Fixed final : public Scorer {
 public:
  Eigen::VectorXf score(std::span<const ItemId>) const override {
    Eigen::VectorXf s(20);
    for (int i = 0; i < 20; ++i) s[i] = 10.0f - static_cast<float>(i);
    return s;
  }
  std::size_t items() const override { return 20; }
};

TEST(OfflineEval, HitRateNdcgAndCoverageByHand) {
  HeldOutSplit split;
  split.training = {{{1, {0}}}, {{1, {1}}}, {{1, {5}}}};
  // User 0 (bought 0): list 1..10, held out {2, 15}: hit at rank 2 of an ideal of two.
  // User 1 (bought 1): list 0,2..10, held out {12}: no hit. User 2: not scored.
  split.held_out = {{2, 15}, {12}, {}};
  const TopNMetrics m = evaluate_top_n(Fixed{}, split, 10);
  EXPECT_EQ(m.users, 2u);
  EXPECT_DOUBLE_EQ(m.hit_rate, 0.5);
  const double user0 = (1 / std::log2(3.0)) / (1 + 1 / std::log2(3.0));
  EXPECT_NEAR(m.ndcg, user0 / 2, 1e-12);
  EXPECT_NEAR(m.coverage, 11.0 / 20, 1e-12);  // items 0..10 were shown to someone
}

TEST(OfflineEval, MethodsRunOnTheSplitWithTheirSettings) {
  // Two groups of customers with disjoint tastes (items 0-4 and 5-9): after their group's
  // opening pair and one more of its items, a personalised method must find the last basket
  // among the group's two remaining items, which popularity cannot tell from the other group's.
  std::vector<PurchaseHistory> histories;
  for (int u = 0; u < 60; ++u) {
    const ItemId base = u % 2 == 0 ? 0 : 5;
    histories.push_back({{1, {base, static_cast<ItemId>(base + 1)}},
                         {2, {static_cast<ItemId>(base + 2 + u % 3)}},
                         {3, {static_cast<ItemId>(base + 2 + (u + 1) % 3)}}});
  }
  const HeldOutSplit split = split_last_basket(histories);
  auto results = evaluate_methods(split, 10, MethodSettings{{0}, {0, 5}, {1}}, 2);
  ASSERT_TRUE(results.is_ok());
  ASSERT_EQ(results->size(), 3u);
  EXPECT_EQ((*results)[0].method, "popularity");
  EXPECT_EQ((*results)[1].method, "item_knn");
  EXPECT_EQ((*results)[2].settings, "lambda=1");
  EXPECT_EQ((*results)[2].metrics.users, 60u);
  EXPECT_LT((*results)[0].metrics.hit_rate, 0.75);
  EXPECT_DOUBLE_EQ((*results)[1].metrics.hit_rate, 1.0);
  EXPECT_DOUBLE_EQ((*results)[2].metrics.hit_rate, 1.0);
  auto bad = evaluate_methods(split, 10, MethodSettings{{0}, {0, 5}, {0}}, 2);
  EXPECT_EQ(bad.status().field(), "lambda");
  EXPECT_EQ(evaluate_methods(split, 10, MethodSettings{{-1}, {0, 5}, {1}}, 2).status().field(),
            "window_days");
}

}  // namespace
}  // namespace oiis::recommend
