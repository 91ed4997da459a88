// Scoring one order at placement: the model's features for the next order are the batch scan's
// (one history code), a fraud-like order scores high and breaks the rules, an ordinary one does
// not, and scoring leaves the history alone until the order is added.
#include "anomaly/order_risk_model.h"

#include <gtest/gtest.h>

#include <random>

namespace oiis::anomaly {
namespace {

constexpr Timestamp kDay = 86400;

// 40 customers, each ordering every few days in the afternoon, a few units of cheap items.
std::vector<OrderRecord> ordinary_orders(int count) {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<int> customer(1, 40), units(1, 4), hour(10, 19);
  std::uniform_real_distribution<double> price(5, 30);
  std::vector<OrderRecord> out;
  for (int i = 0; i < count; ++i) {
    OrderRecord o;
    o.order_id = i + 1;
    o.customer_id = customer(random);
    o.placed_at = 400 * kDay + static_cast<Timestamp>(i) * (kDay / 8) + hour(random) * 60;
    o.signup_at = 0;
    o.quantity = units(random);
    o.max_unit_price = price(random);
    o.total = o.quantity * o.max_unit_price;
    o.lines = 1 + static_cast<int>(o.quantity) / 2;
    out.push_back(o);
  }
  return out;
}

TEST(OrderRiskModel, ScoresTheNextOrderWithTheBatchFeatures) {
  std::vector<OrderRecord> orders = ordinary_orders(600);
  auto model = OrderRiskModel::fit(std::span(orders).first(599));
  ASSERT_TRUE(model.is_ok()) << model.status().to_string();
  EXPECT_EQ(model->fitted_orders(), 599u);
  // The last order's features as the batch computes them, against the model's at placement:
  // the same forest score means the same features.
  const std::vector<double> batch = order_features(orders);
  const auto last = std::span<const double>(batch).last(kOrderFeatures);
  OrderHistory history;
  for (std::size_t i = 0; i + 1 < orders.size(); ++i) history.add(orders[i]);
  const OrderFeatureRow at_placement = history.features(orders.back());
  for (int f = 0; f < kOrderFeatures; ++f) EXPECT_DOUBLE_EQ(at_placement[f], last[f]) << f;
  const PlacementRisk ordinary = model->score(orders.back());
  EXPECT_FALSE(ordinary.flagged);
  EXPECT_LT(ordinary.percentile, 0.99);
}

TEST(OrderRiskModel, AFraudLikeOrderScoresHighWithItsReasons) {
  std::vector<OrderRecord> orders = ordinary_orders(600);
  auto model = OrderRiskModel::fit(orders);
  ASSERT_TRUE(model.is_ok());
  OrderRecord fraud;
  fraud.order_id = 601;
  fraud.customer_id = 99;  // new customer, signed up an hour before, at night, in bulk
  fraud.placed_at = orders.back().placed_at + kDay - (orders.back().placed_at % kDay) + 2 * 3600;
  fraud.signup_at = fraud.placed_at - 3600;
  fraud.quantity = 60;
  fraud.lines = 8;
  fraud.max_unit_price = 400;
  fraud.total = 9000;
  const PlacementRisk risk = model->score(fraud);
  EXPECT_TRUE(risk.flagged);
  // A point beyond every fitted order isolates like the most extreme of them (the forest splits
  // within the sample's range), so it lands among the top few percent, not necessarily first.
  EXPECT_GE(risk.percentile, 0.95);
  EXPECT_GT(risk.score, model->score(orders.back()).score);
  std::vector<std::string> codes;
  for (const auto& hit : risk.rules) codes.push_back(hit.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"new_account", "high_value", "night", "bulk"}));
  EXPECT_FALSE(risk.reasons.empty());
  // Scoring did not add it: a second order by the same customer is still its first.
  EXPECT_EQ(model->signup_of(99), std::nullopt);
  model->add(fraud);
  EXPECT_EQ(model->signup_of(99), fraud.signup_at);
}

TEST(OrderRiskModel, RefusesNoOrdersAndBadRules) {
  EXPECT_EQ(OrderRiskModel::fit({}).status().field(), "orders");
  FraudRuleOptions bad;
  bad.min_rules = 0;
  std::vector<OrderRecord> orders = ordinary_orders(10);
  EXPECT_EQ(OrderRiskModel::fit(orders, {}, bad).status().field(), "min_rules");
}

}  // namespace
}  // namespace oiis::anomaly
