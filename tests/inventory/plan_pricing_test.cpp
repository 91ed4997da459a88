// Reorder plan (grouping, dates, validation), elasticity recovery, pricing and scorecards.
#include <gtest/gtest.h>

#include <cmath>

#include "inventory/inventory.h"

namespace oiis::inventory {
namespace {

ProductInventoryInput product(Id id, Id supplier, Quantity on_hand) {
  ProductInventoryInput p;
  p.product_id = id;
  p.location_id = 1;
  p.sku = "SKU-" + std::to_string(id);
  p.supplier_id = supplier;
  p.unit_cost = 5;
  p.unit_price = 9;
  p.on_hand = on_hand;
  p.abc = 'A';
  p.forecast = {std::vector<double>(60, 4.0), std::vector<double>(60, 2.0)};
  return p;
}

std::vector<SupplierInput> two_suppliers() {
  SupplierInput a{1, "Acme", 5, 1, 40, 1};
  SupplierInput b{2, "Bolt", 10, 2, 60, 12};
  return {a, b};
}

TEST(PlanTest, ListsWhatNeedsOrderingGroupedPerSupplier) {
  std::vector<ProductInventoryInput> products{product(1, 1, 0), product(2, 1, 500), product(3, 2, 10)};
  const Date date = date_from_civil(2024, 3, 4);
  auto plan = plan_reorders(products, two_suppliers(), date, PolicyConfig{});
  ASSERT_TRUE(plan.is_ok()) << plan.status().to_string();
  ASSERT_EQ(plan->lines.size(), 2u);  // product 2 holds 125 days of stock
  EXPECT_EQ(plan->drafts.size(), 2u);
  const ReorderLine& empty = plan->lines[0];
  EXPECT_EQ(empty.sku, "SKU-1");
  EXPECT_EQ(empty.order_by, date);
  ASSERT_TRUE(empty.stockout_date.has_value());
  EXPECT_EQ(*empty.stockout_date, date);
  EXPECT_GE(static_cast<double>(empty.quantity), empty.levels.order_up_to);
  EXPECT_DOUBLE_EQ(empty.cost, 5.0 * empty.quantity);
  EXPECT_FALSE(empty.reason.empty());
  const ReorderLine& bolt = plan->lines[1];
  EXPECT_EQ(bolt.supplier_name, "Bolt");
  EXPECT_GE(bolt.quantity, 12);  // Bolt's minimum order quantity
  EXPECT_EQ(*bolt.stockout_date, date + 2);  // 10 units at 4/day run out on day 3
  EXPECT_NEAR(plan->total_cost, empty.cost + bolt.cost, 1e-9);
}

TEST(PlanTest, BadInputNamesTheFieldAndPlansTheRest) {
  const Date date = date_from_civil(2024, 3, 4);
  auto suppliers = two_suppliers();
  suppliers[1].lead_time_mean = -3;
  std::vector<ProductInventoryInput> products{product(1, 1, 0)};
  auto plan = plan_reorders(products, suppliers, date, PolicyConfig{});
  ASSERT_FALSE(plan.is_ok());
  EXPECT_EQ(plan.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(plan.status().field(), "suppliers[1].lead_time_mean");

  // A bad product is listed, naming its field; the others still plan.
  products = {product(1, 1, 0), product(2, 1, 0)};
  products[1].unit_price = 0;
  plan = plan_reorders(products, two_suppliers(), date, PolicyConfig{});
  ASSERT_TRUE(plan.is_ok()) << plan.status().to_string();
  ASSERT_EQ(plan->unplanned.size(), 1u);
  EXPECT_EQ(plan->unplanned[0].field, "products[1].unit_price");
  EXPECT_EQ(plan->unplanned[0].product_id, 2);
  EXPECT_EQ(plan->lines.size(), 1u);

  for (Id supplier : {0, 9}) {  // none, unknown
    products = {product(1, supplier, 0)};
    plan = plan_reorders(products, two_suppliers(), date, PolicyConfig{});
    ASSERT_TRUE(plan.is_ok());
    ASSERT_EQ(plan->unplanned.size(), 1u);
    EXPECT_EQ(plan->unplanned[0].field, "products[0].supplier_id");
    EXPECT_TRUE(plan->lines.empty());
  }
}

// Daily sales from a known constant-elasticity model with seasonality and promotions.
struct Synthetic {
  std::vector<double> price, quantity, log_index;
  std::vector<std::uint8_t> promo;
};
Synthetic synthetic_product(double elasticity, double base, std::uint64_t seed, int days = 600) {
  Synthetic s;
  std::uint64_t state = seed;
  auto uniform = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return ((state >> 11) + 0.5) * 0x1.0p-53;
  };
  double regular = 20;
  int promo_left = 0;
  double promo_price = 0;
  for (int d = 0; d < days; ++d) {
    if (uniform() < 0.004) regular *= uniform() < 0.7 ? 1.08 : 0.9;
    if (promo_left == 0 && uniform() < 0.01) {
      promo_left = 7;
      promo_price = regular * (1 - 0.1 - 0.3 * uniform());
    }
    const bool on_promo = promo_left > 0;
    promo_left = std::max(0, promo_left - 1);
    const double price = on_promo ? promo_price : regular;
    const double season = 1 + 0.4 * std::sin(2 * M_PI * d / 365.0) + 0.2 * (d % 7 >= 5);
    const double mean = base * season * std::pow(price / 20, elasticity);
    double l = std::exp(-mean), p = 1;
    int k = -1;
    do {
      ++k;
      p *= uniform();
    } while (p > l && k < 1000);
    s.price.push_back(price);
    s.quantity.push_back(k);
    s.log_index.push_back(std::log(season));
    s.promo.push_back(on_promo);
  }
  return s;
}

TEST(ElasticityTest, RecoversTheTrueElasticity) {
  for (double truth : {-0.8, -1.6, -2.5}) {
    Synthetic s = synthetic_product(truth, 12, 99);
    ElasticityInput in{s.price, s.quantity, s.log_index, {}, {}};
    auto e = estimate_elasticity(in);
    ASSERT_TRUE(e.is_ok());
    ASSERT_TRUE(e->identified);
    EXPECT_NEAR(e->elasticity, truth, 0.2) << "se " << e->std_error;
    EXPECT_LT(e->std_error, 0.3);
  }
}

TEST(ElasticityTest, ShrinksThinDataTowardItsGroup) {
  std::vector<ElasticityEstimate> est(4);
  est[0] = {-2.0, 0.05, 500, true};
  est[1] = {-2.2, 0.05, 500, true};
  est[2] = {-9.0, 5.0, 60, true};   // noisy: pulled almost to the group mean
  est[3] = {0, INFINITY, 10, false};  // unidentified: takes the group mean
  std::vector<int> group{0, 0, 0, 0};
  auto out = shrink_elasticities(est, group);
  EXPECT_NEAR(out[0], -2.0, 0.05);
  EXPECT_NEAR(out[2], -2.1, 0.1);
  EXPECT_NEAR(out[3], -2.1, 0.01);
}

TEST(ElasticityTest, MismatchedLengthsNameTheField) {
  std::vector<double> p{1, 2}, q{1};
  auto e = estimate_elasticity({p, q, {}, {}, {}});
  ASSERT_FALSE(e.is_ok());
  EXPECT_EQ(e.status().field(), "quantity");
}

TEST(PricingTest, MarginMaximisingPriceWithinBounds) {
  // e = -2, c = 10: p* = c e / (1 + e) = 20, inside [17.5, 27.5].
  auto s = suggest_price({25, 10, -2, 3, 10, 0});
  ASSERT_TRUE(s.is_ok());
  EXPECT_DOUBLE_EQ(s->recommended_price, 20);
  EXPECT_GT(s->expected_margin_change, 0);
  EXPECT_FALSE(s->markdown);
  // Inelastic demand: the upper bound binds.
  EXPECT_DOUBLE_EQ(suggest_price({25, 10, -0.5, 3, 10, 0})->recommended_price, 27.5);
  EXPECT_EQ(suggest_price({0, 10, -2, 3, 10, 0}).status().field(), "price");
}

TEST(PricingTest, MarkdownForOverstockAndSlowMovers) {
  // 1000 units at 2/day = 500 days of cover; clearing in 60 days needs 8.3x the rate.
  auto over = suggest_price({20, 8, -2, 2, 1000, 0});
  ASSERT_TRUE(over->markdown);
  EXPECT_DOUBLE_EQ(over->markdown_price, 14);  // capped at 30% off
  auto slow = suggest_price({20, 8, -2, 0, 5, 40});
  EXPECT_TRUE(slow->markdown);
  EXPECT_NE(slow->reason.find("slow mover"), std::string::npos);
}

TEST(ScorecardTest, OnTimeLeadTimeFillRate) {
  const Timestamp day = kSecondsPerDay;
  std::vector<PurchaseRecord> r(3);
  r[0] = {1, 7, 100, 0, 5 * day, 4 * day, 10, 10, 2.0};       // 4 days, early
  r[1] = {1, 7, 101, 0, 5 * day, 6 * day, 10, 10, 2.0};       // second line of the same PO
  r[2] = {2, 7, 100, 10 * day, 15 * day, 18 * day, 10, 5, 2.2};  // 8 days, 3 late, half filled
  auto cards = scorecards(r);
  ASSERT_EQ(cards.size(), 1u);
  EXPECT_EQ(cards[0].purchase_orders, 2);
  EXPECT_EQ(cards[0].received_orders, 2);
  EXPECT_DOUBLE_EQ(cards[0].lead_time_mean, (4 + 8) / 2.0);
  EXPECT_DOUBLE_EQ(cards[0].on_time_rate, 0.5);
  EXPECT_DOUBLE_EQ(cards[0].fill_rate, 25.0 / 30);
  EXPECT_GT(cards[0].price_trend, 0);
}

}  // namespace
}  // namespace oiis::inventory
