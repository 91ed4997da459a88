// Scoring at placement on the demo world: after a refit, an ordinary order is low risk and a
// fraud-like one (a new account, at night, in bulk, far above the shop's usual order) is high,
// breaks the rules and is stored as a fraud alert at once; before any refit the answer says why.
#include <gtest/gtest.h>

#include <algorithm>

#include "services/order_risk_service.h"
#include "store/alert_tables.h"
#include "support/demo_world.h"

namespace oiis::services {
namespace {

Result<Order> place(Store& store, std::optional<Id> customer, Timestamp at, const std::string& sku, Quantity units) {
  OrderRequest request;
  request.customer_id = customer;
  if (at > 0) request.placed_at = at;  // else now
  request.lines.push_back({sku, units, std::nullopt, 0.0});
  auto placed = store.place_order(request);
  if (!placed) return placed.status();
  return placed->order;
}

TEST(OrderRiskService, ScoresEachPlacedOrderAndAlertsOnAHighOne) {
  const testing::DemoWorld demo = testing::demo_world();
  ASSERT_TRUE(demo.store);
  Store& store = *demo.store;
  OrderRiskService risk(store);

  // Before a refit: no score, and the reason.
  auto early = place(store, std::nullopt, 0, demo.world.products.front().sku, 1);
  ASSERT_TRUE(early) << early.status().to_string();
  Json before = risk.score_placed(*early);
  EXPECT_TRUE(before["score"].is_null());
  EXPECT_FALSE(before.value("reason", "").empty());

  ASSERT_TRUE(risk.refit().ok());
  const Timestamp day_start = early->placed_at - early->placed_at % 86400 + 86400;
  // An existing customer's afternoon order of two units of a middle-priced product.
  std::vector<Product> by_price = demo.world.products;
  std::sort(by_price.begin(), by_price.end(), [](const Product& a, const Product& b) { return a.price < b.price; });
  auto ordinary = place(store, demo.world.customers.front().id, day_start + 14 * 3600,
                        by_price[by_price.size() / 2].sku, 2);
  ASSERT_TRUE(ordinary) << ordinary.status().to_string();
  Json low = risk.score_placed(*ordinary);
  ASSERT_TRUE(low["score"].is_number()) << low.dump();
  EXPECT_EQ(low["level"], "low") << low.dump();
  EXPECT_FALSE(low["flagged"].get<bool>());
  EXPECT_FALSE(low.contains("alert_id"));

  // A new account, an hour old, buying 60 of the dearest product at 2 am.
  Customer fresh;
  fresh.name = "Risky New";
  fresh.email = "risky@example.com";
  fresh.signup_at = day_start + 3600;
  auto customer = store.create_customer(fresh);
  ASSERT_TRUE(customer) << customer.status().to_string();
  const Product& dear = by_price.back();
  // Default location (the first by id) gets the stock the order takes.
  const Id location = std::min_element(demo.world.locations.begin(), demo.world.locations.end(),
                                       [](const Location& a, const Location& b) { return a.id < b.id; })->id;
  ASSERT_TRUE(store.adjust_stock({dear.id, location, MovementType::kReceipt, 100, "test stock", std::nullopt}));
  auto fraud = place(store, customer->id, day_start + 2 * 3600, dear.sku, 60);
  ASSERT_TRUE(fraud) << fraud.status().to_string();
  Json high = risk.score_placed(*fraud);
  EXPECT_EQ(high["level"], "high") << high.dump();
  EXPECT_TRUE(high["flagged"].get<bool>());
  EXPECT_GE(high["percentile"].get<double>(), 0.9);
  EXPECT_GE(high["rules"].size(), 3u);
  ASSERT_TRUE(high.contains("alert_id")) << high.dump();
  auto alert = store.alerts().get(high["alert_id"].get<Id>());
  ASSERT_TRUE(alert) << alert.status().to_string();
  EXPECT_EQ(alert->type, "fraud");
  EXPECT_EQ(alert->record_id, fraud->id);
  EXPECT_EQ(alert->severity, "high");
}

}  // namespace
}  // namespace oiis::services
