// Frequently bought together from the store's orders finds the generator's true complementary
// pairs: on the demo world (seed 42, 300 products, 365 days) 80% of them are in the anchor's
// top 5 (docs/recommendations.md; 88-100% on larger and other worlds).
#include <gtest/gtest.h>

#include <algorithm>

#include "services/recommend_service.h"
#include "support/demo_world.h"

namespace oiis::services {
namespace {

TEST(RecommendService, BoughtTogetherFindsTheTrueComplementaryPairs) {
  const testing::DemoWorld demo = testing::demo_world();
  ASSERT_TRUE(demo.store);
  const world::World& world = demo.world;
  Store& store = *demo.store;
  auto report = bought_together_report(store, 5, 5);
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_GT(report->baskets, 10000u);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& pair : world.truth.pairs)
    pairs.emplace_back(world.products[pair.anchor_product - 1].sku,
                       world.products[pair.accessory_product - 1].sku);
  ASSERT_GE(pairs.size(), 10u);
  const double recovery = pair_recovery(*report, pairs);
  std::printf("%zu true pairs, %.1f%% in the anchor's top 5\n", pairs.size(), 100 * recovery);
  EXPECT_GE(recovery, 0.75);
  for (const auto& item : report->items) {
    ASSERT_LE(item.partners.size(), 5u);
    for (std::size_t i = 1; i < item.partners.size(); ++i)
      EXPECT_GE(item.partners[i - 1].stats.lift, item.partners[i].stats.lift);
    for (const auto& p : item.partners) EXPECT_GE(p.stats.count, 5);
  }
  EXPECT_FALSE(bought_together_report(store, 0, 5).is_ok());
}

// The offline evaluation and the personalised lists on the demo world: every method scored on
// the same customers, and no list offers what its customer bought in the last 90 days.
TEST(RecommendService, PersonalisedListsAndTheirEvaluation) {
  const testing::DemoWorld demo = testing::demo_world();
  ASSERT_TRUE(demo.store);
  Store& store = *demo.store;
  auto eval = evaluate_recommenders(store, false, {});
  ASSERT_TRUE(eval.is_ok()) << eval.status().to_string();
  EXPECT_EQ(eval->items, 300u);
  EXPECT_GT(eval->scored_customers, 500u);
  ASSERT_EQ(eval->methods.size(), 3u);
  for (const auto& m : eval->methods) {
    EXPECT_EQ(m.metrics.users, eval->scored_customers) << m.method;
    EXPECT_GT(m.metrics.hit_rate, 0.1) << m.method;  // far above a random 10 of 300
    EXPECT_LE(m.metrics.ndcg, m.metrics.hit_rate) << m.method;
    EXPECT_GT(m.metrics.coverage, 0) << m.method;
  }
  auto grid = evaluate_recommenders(store, true, {});
  ASSERT_TRUE(grid.is_ok());
  EXPECT_GT(grid->methods.size(), 10u);
  EXPECT_LT(grid->scored_customers, eval->scored_customers);  // one basket fewer to go on

  auto histories = customer_histories(store);
  ASSERT_TRUE(histories.is_ok());
  RecommendationService service(store);
  std::int64_t last_day = 0;
  for (const auto& h : histories->histories) last_day = std::max(last_day, h.back().day);
  int checked = 0;
  for (std::size_t u = 0; u < histories->customers.size() && checked < 50; u += 37, ++checked) {
    auto list = service.for_customer(histories->customers[u], {10, std::nullopt});
    ASSERT_TRUE(list.is_ok()) << list.status().to_string();
    EXPECT_EQ(list->items.size(), 10u);
    for (const auto& basket : histories->histories[u]) {
      if (basket.day <= last_day - RecommendationService::kRecentDays) continue;
      for (auto item : basket.items)
        for (const auto& s : list->items)
          EXPECT_NE(s.sku, histories->products[static_cast<std::size_t>(item)].sku);
    }
    for (const auto& s : list->items) EXPECT_FALSE(s.reason.empty());
  }
  EXPECT_FALSE(service.for_customer(histories->customers[0], {0, std::nullopt}).is_ok());
}

}  // namespace
}  // namespace oiis::services

namespace oiis::services {
namespace {

// The customer lists filtered from the rankings computed with the model are the lists scored
// on each request, with and without a category that empties most of a ranking.
TEST(RecommendService, PrecomputedRankingsGiveTheListsScoredOnRequest) {
  const testing::DemoWorld demo = testing::demo_world();
  ASSERT_TRUE(demo.store);
  auto histories = customer_histories(*demo.store);
  ASSERT_TRUE(histories.is_ok());
  RecommendationService::Options shallow, on_request;
  shallow.ranked_depth = 12;  // short enough that a category filter runs past it
  on_request.ranked_depth = 0;
  RecommendationService precomputed(*demo.store, shallow), scored(*demo.store, on_request);
  int compared = 0;
  for (std::size_t u = 0; u < histories->customers.size(); u += 41) {
    for (const auto& category : {std::optional<std::string>(), std::optional<std::string>("toys")}) {
      auto a = precomputed.for_customer(histories->customers[u], {20, category});
      auto b = scored.for_customer(histories->customers[u], {20, category});
      ASSERT_TRUE(a.is_ok() && b.is_ok());
      ASSERT_EQ(a->items.size(), b->items.size());
      for (std::size_t i = 0; i < a->items.size(); ++i) {
        EXPECT_EQ(a->items[i].sku, b->items[i].sku) << "customer " << histories->customers[u] << " #" << i;
        EXPECT_EQ(a->items[i].reason, b->items[i].reason);
      }
      compared += static_cast<int>(a->items.size());
    }
  }
  EXPECT_GT(compared, 1000);
}

// Content neighbours against the sales-based ones on the demo world (docs/evaluation.md
// "Recommendations: content"): far above a random pick from the whole catalogue (10 of 299 =
// 0.033), about a random pick from the product's own category on these generated worlds.
TEST(RecommendService, ContentNeighboursOverlapTheSalesBasedOnes) {
  const testing::DemoWorld demo = testing::demo_world();
  ASSERT_TRUE(demo.store);
  auto test = evaluate_content(*demo.store, 10, false, {});
  ASSERT_TRUE(test.is_ok()) << test.status().to_string();
  ASSERT_EQ(test->rows.size(), 1u);
  const auto& row = test->rows[0];
  EXPECT_EQ(row.settings, "category=4 brand=1 text=1 price=1");
  EXPECT_GT(row.item_knn.scored, 100u);
  EXPECT_GT(row.item_knn.content, 3 * 10.0 / 299);
  EXPECT_GT(row.bought_together.content, 3 * 10.0 / 299);
  EXPECT_NEAR(row.bought_together.content, row.bought_together.same_category_chance, 0.05);
  auto grid = evaluate_content(*demo.store, 10, true, {});
  ASSERT_TRUE(grid.is_ok());
  EXPECT_EQ(grid->rows.size(), 24u);
  // Even and odd products split the catalogue between them (291 of 300 have neighbours).
  EXPECT_GT(grid->rows[0].item_knn.scored, 100u);
  EXPECT_EQ(grid->rows[0].item_knn.scored + row.item_knn.scored, 291u);
  EXPECT_EQ(evaluate_content(*demo.store, 0, false, {}).status().field(), "k");
}

}  // namespace
}  // namespace oiis::services
