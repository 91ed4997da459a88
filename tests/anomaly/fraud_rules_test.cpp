// Transparent fraud rules: each rule fires on its own sign with a readable reason, an ordinary
// order breaks none, and bad options name their field.
#include "anomaly/fraud_rules.h"

#include <gtest/gtest.h>

namespace oiis::anomaly {
namespace {

OrderRecord order(std::int64_t id, std::int64_t customer, Timestamp at, double total, double units) {
  OrderRecord o;
  o.order_id = id;
  o.customer_id = customer;
  o.placed_at = at;
  o.signup_at = 0;  // every customer signed up at the epoch
  o.total = total;
  o.lines = 1;
  o.quantity = units;
  o.max_unit_price = total / units;
  return o;
}

std::vector<std::string> codes(const std::vector<FraudRuleHit>& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits) out.push_back(h.code);
  return out;
}

TEST(FraudRules, EachSignFiresItsRuleWithAReason) {
  constexpr Timestamp kDay = 86400;
  std::vector<OrderRecord> orders = {  // in placement order
      order(1, 1, 100 * kDay + 14 * 3600, 50, 2),   // ordinary: old account, afternoon
      order(2, 1, 101 * kDay + 14 * 3600, 60, 2),   // ordinary again
      order(3, 1, 102 * kDay + 15 * 3600, 55, 1),
      order(4, 1, 102 * kDay + 16 * 3600, 55, 1),
      order(5, 1, 102 * kDay + 17 * 3600, 55, 1),
      order(6, 1, 102 * kDay + 18 * 3600, 55, 1),   // the fourth order in a day: velocity
      order(7, 2, 103 * kDay + 2 * 3600, 900, 40),  // new account, night, bulk, high value
  };
  orders[6].signup_at = 103 * kDay;
  const auto hits = fraud_rule_hits(orders, order_features(orders));
  ASSERT_EQ(hits.size(), orders.size());
  EXPECT_TRUE(hits[0].empty());
  EXPECT_TRUE(hits[1].empty());
  EXPECT_TRUE(hits[4].empty());  // two earlier orders that day: under the velocity bar
  EXPECT_EQ(codes(hits[5]), (std::vector<std::string>{"velocity"}));
  EXPECT_EQ(codes(hits[6]), (std::vector<std::string>{"new_account", "high_value", "night", "bulk"}));
  EXPECT_EQ(hits[6][0].reason, "account 2.0 h old");
  EXPECT_EQ(hits[6][3].reason, "40 units");
}

TEST(FraudRules, RejectsBadOptions) {
  FraudRuleOptions o;
  o.min_rules = 0;
  EXPECT_EQ(validate(o).field(), "min_rules");
  o = {};
  o.high_value_ratio = 1;
  EXPECT_EQ(validate(o).field(), "high_value_ratio");
  o = {};
  o.night_from_hour = 6;
  EXPECT_EQ(validate(o).field(), "night_from_hour");
}

}  // namespace
}  // namespace oiis::anomaly
