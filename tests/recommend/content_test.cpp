// Content-based similarity: fields weighted by how rare their tokens are, neighbours by cosine,
// upsell as dearer, similar products of the same category, and the overlap of two lists.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "recommend/content.h"

namespace oiis::recommend {
namespace {

std::vector<ProductContent> shoes_and_socks() {
  return {
      {"shoes", "Fleet", {}, "Trail Running Shoe", 50},            // 0
      {"shoes", "Fleet", {}, "Trail Running Shoe Pro", 80},        // 1: the upgrade
      {"shoes", "Swift", {}, "Road Running Shoe", 55},             // 2
      {"socks", "Fleet", {}, "Trail Running Sock", 8},             // 3
      {"hats", "Woolly", {"colour=red"}, "Knitted Hat", 15},       // 4
      {"hats", "Woolly", {"colour=red"}, "Knitted Hat Deluxe", 120},  // 5: too dear to upsell
  };
}

TEST(ContentIndex, RanksByCategoryBrandPriceAndWords) {
  const auto products = shoes_and_socks();
  const auto index = ContentIndex::build(products);
  ASSERT_EQ(index.items(), 6u);
  EXPECT_NEAR(index.similarity(0, 0), 1.0, 1e-5);
  // Same category, brand and words beat another brand, which beats another category.
  EXPECT_GT(index.similarity(0, 1), index.similarity(0, 2));
  EXPECT_GT(index.similarity(0, 2), index.similarity(0, 3));
  EXPECT_EQ(index.similarity(0, 4), 0.0f);  // nothing in common
  EXPECT_NEAR(index.similarity(1, 0), index.similarity(0, 1), 1e-6);

  const auto near = index.neighbours(0, 10);
  ASSERT_EQ(near.size(), 3u) << "products sharing nothing are not neighbours";
  EXPECT_EQ(near[0].item, 1);
  EXPECT_EQ(near[1].item, 2);
  EXPECT_EQ(near[2].item, 3);
  for (const auto& n : near) EXPECT_NEAR(n.similarity, index.similarity(0, n.item), 1e-5);
  EXPECT_EQ(index.neighbours(0, 1).size(), 1u);
  const auto other_brand = index.neighbours(0, 10, [](ItemId item) { return item != 1; });
  ASSERT_FALSE(other_brand.empty());
  EXPECT_EQ(other_brand[0].item, 2);
}

TEST(ContentIndex, ATokenEveryProductHasWeighsNothing) {
  // One category for the whole catalogue (as an imported sales history): only words count.
  const std::vector<ProductContent> products{{"uncategorised", "", {}, "RED HEART MUG", 2},
                                             {"uncategorised", "", {}, "BLUE HEART MUG", 200},
                                             {"uncategorised", "", {}, "PAPER NAPKINS", 50}};
  const auto index = ContentIndex::build(products);
  EXPECT_GT(index.similarity(0, 1), 0.0f);
  EXPECT_EQ(index.similarity(0, 2), 0.0f) << "the shared category says nothing";
  const auto near = index.neighbours(0, 5);
  ASSERT_EQ(near.size(), 1u);
  EXPECT_EQ(near[0].item, 1);
  EXPECT_TRUE(ContentIndex::build(std::vector<ProductContent>{{"x", "", {}, "same", 1}, {"x", "", {}, "same", 1}})
                  .neighbours(0, 5)
                  .empty());
}

TEST(Upsell, DearerSimilarSameCategoryAndAtLeastAsProfitable) {
  const auto products = shoes_and_socks();
  const auto index = ContentIndex::build(products);
  std::vector<double> price, margin;
  for (const auto& p : products) {
    price.push_back(p.price);
    margin.push_back(std::numeric_limits<double>::quiet_NaN());
  }
  const UpsellOptions options;
  auto up = upsell_candidates(index, price, margin, 0, 5, {}, options);
  ASSERT_EQ(up.size(), 2u);  // the Pro and the road shoe (10% dearer); never the cheaper sock
  EXPECT_EQ(up[0].item, 1);
  EXPECT_EQ(up[1].item, 2);
  EXPECT_TRUE(upsell_candidates(index, price, margin, 1, 5, {}, options).empty()) << "nothing dearer";
  EXPECT_TRUE(upsell_candidates(index, price, margin, 4, 5, {}, options).empty()) << "8x is no upgrade";

  margin[0] = 30;
  margin[1] = 20;  // dearer but earns less per unit
  margin[2] = 35;
  up = upsell_candidates(index, price, margin, 0, 5, {}, options);
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].item, 2);
  EXPECT_TRUE(upsell_candidates(index, price, margin, 0, 5, [](ItemId) { return false; }, options).empty());
  UpsellOptions strict = options;
  strict.min_similarity = 0.99f;
  EXPECT_TRUE(upsell_candidates(index, price, margin, 0, 5, {}, strict).empty());
}

TEST(NeighbourOverlap, SharesOfTheReferenceListFoundAveragedOverScoredItems) {
  const std::vector<std::vector<ItemId>> candidate{{1, 2, 3}, {0, 9}, {5}};
  const std::vector<std::vector<ItemId>> reference{{2, 7}, {}, {5}};
  const auto overlap = neighbour_overlap(candidate, reference);
  EXPECT_EQ(overlap.scored, 2u);  // the second item has no reference list
  EXPECT_NEAR(overlap.mean, (0.5 + 1.0) / 2, 1e-12);
}

}  // namespace
}  // namespace oiis::recommend
