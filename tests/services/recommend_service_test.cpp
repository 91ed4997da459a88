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
