// The customers service on a handcrafted store: the demand definition (cancelled orders out,
// credit notes netted against the customer's earlier purchases), guests left out and counted,
// customers keyed by external id (numeric id when empty), behaviour features.
#include <gtest/gtest.h>

#include <cmath>

#include "services/customers_service.h"

namespace oiis::services {
namespace {

Order order(std::optional<Id> customer, const char* day, double quantity, double price,
            OrderStatus status = OrderStatus::kDelivered, const char* channel = "web") {
  Order o;
  o.customer_id = customer;
  o.location_id = 1;
  o.status = status;
  o.channel = channel;
  o.placed_at = timestamp_of(*parse_date(day)) + 3600;
  OrderLine line;
  line.product_id = 1;
  line.quantity = static_cast<Quantity>(quantity);
  line.unit_price = price;
  o.lines.push_back(line);
  return o;
}

class CustomersServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = open_store(":memory:");
    ASSERT_TRUE(store.is_ok());
    store_ = std::move(store).value();
    auto bulk = store_->begin_bulk();
    ASSERT_TRUE(bulk.is_ok());
    auto& w = **bulk;
    ASSERT_TRUE(w.add_location({1, "WH1", "Main", "warehouse"}).is_ok());
    Product p;
    p.id = 1;
    p.sku = "SKU-1";
    p.name = "Widget";
    p.category = "tools";
    p.price = 10;
    ASSERT_TRUE(w.add_product(p).is_ok());
    ASSERT_TRUE(w.add_customer({1, "C-ANN", "Ann Lee", "ann@example.com", "north", 0}).is_ok());
    ASSERT_TRUE(w.add_customer({2, "", "Bo Park", "bo@example.com", "south", 0}).is_ok());
    const std::vector<Order> orders = {
        order(1, "2024-01-05", 2, 10),                               // 20
        order(1, "2024-01-20", 3, 10, OrderStatus::kDelivered, "store"),  // 30, then credited 10
        order(1, "2024-01-21", -1, 10),                              // credit note: -10
        order(1, "2024-02-01", 5, 10, OrderStatus::kCancelled),     // never counts
        order(2, "2024-01-10", 1, 10),                               // 10, refunded in full
        order(2, "2024-01-11", -1, 10),
        order(2, "2024-03-01", 4, 10),                               // 40
        order(std::nullopt, "2024-01-15", 1, 10),                    // guest
    };
    for (const auto& o : orders) ASSERT_TRUE(w.add_order(o).is_ok());
    ASSERT_TRUE(w.commit().is_ok());
  }
  std::unique_ptr<Store> store_;
};

TEST_F(CustomersServiceTest, FollowsTheDemandDefinitionAndCountsGuests) {
  auto h = load_customer_history(*store_);
  ASSERT_TRUE(h.is_ok()) << h.status().to_string();
  EXPECT_EQ(h->guest_orders, 1);
  EXPECT_EQ(h->cancelled_orders, 1);
  EXPECT_EQ(h->credit_notes, 2);
  EXPECT_EQ(h->refunded_orders, 1);
  EXPECT_NEAR(h->credited_amount, 20, 1e-9);
  const auto purchases = h->purchases();
  ASSERT_EQ(purchases.size(), 3u);
  EXPECT_EQ(purchases[0].customer, "C-ANN");
  EXPECT_NEAR(purchases[0].amount, 20, 1e-9);
  EXPECT_NEAR(purchases[1].amount, 20, 1e-9);  // 30 less the 10 credited the next day
  EXPECT_EQ(purchases[2].customer, "2");       // no external id: the numeric id
  EXPECT_NEAR(purchases[2].amount, 40, 1e-9);
  EXPECT_EQ(h->customers[0].name, "Ann Lee");
  const auto caveats = h->caveats();
  ASSERT_FALSE(caveats.empty());
  EXPECT_NE(caveats[0].find("1 guest orders"), std::string::npos) << caveats[0];
}

TEST_F(CustomersServiceTest, UntilCutsTheHistory) {
  CustomerHistoryOptions options;
  options.until = *parse_date("2024-01-20");
  auto h = load_customer_history(*store_, options);
  ASSERT_TRUE(h.is_ok());
  // The credit note of the 21st is after the cut: the purchase of the 20th keeps its 30; Bo's
  // refund of the 11th is inside it and his purchase of March is after it.
  const auto purchases = h->purchases();
  ASSERT_EQ(purchases.size(), 2u);
  EXPECT_NEAR(purchases[1].amount, 30, 1e-9);
}

TEST_F(CustomersServiceTest, BehaviourFeaturesNameWhatIsMissing) {
  auto h = load_customer_history(*store_);
  ASSERT_TRUE(h.is_ok());
  const BehaviourTable t = behaviour_features(*h, *parse_date("2024-03-31"));
  ASSERT_EQ(t.features.customers.size(), 2u);
  // One category: the category mix is missing and said so; two channels are used.
  ASSERT_EQ(t.missing.size(), 1u);
  EXPECT_NE(t.missing[0].find("category"), std::string::npos);
  const auto& cols = t.features.columns;
  auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin());
  };
  ASSERT_LT(col("channel_store_share"), cols.size());
  EXPECT_NEAR(t.features.at(0, col("channel_store_share")), 0.5, 1e-9);
  EXPECT_NEAR(t.features.at(0, col("recency_days")), 71, 1e-9);  // 2024-01-20 .. 03-31
  EXPECT_NEAR(t.revenue[1], 40, 1e-9);
}


// A transaction file's purchases: weekly buyers and one-off buyers, no order lines.
TEST(CustomersFromPurchases, SegmentsWithoutLinesAndSaysWhatIsMissing) {
  std::vector<customers::Purchase> purchases;
  const Date start = *parse_date("2024-01-01");
  for (int c = 0; c < 40; ++c) {
    const std::string key = "w" + std::to_string(c);
    for (int week = 0; week < 50; ++week) purchases.push_back({key, start + 7 * week + c % 7, 40});
    purchases.push_back({"o" + std::to_string(c), start + 5 * c, 15});
  }
  SegmentRequest request;
  request.options.k_min = request.options.k_max = 2;
  auto r = segment_history(history_from_purchases(purchases), request);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(std::find(r->clustered.begin(), r->clustered.end(), "basket_lines"), r->clustered.end());
  bool said = false;
  for (const auto& c : r->caveats) said |= c.find("basket size") != std::string::npos;
  EXPECT_TRUE(said);
  // The two kinds of buyer end in different segments, each kind in one.
  const auto& keys = r->table.features.customers;
  std::vector<int> truth;
  for (const auto& k : keys) truth.push_back(k[0] == 'w');
  EXPECT_DOUBLE_EQ(customers::matched_accuracy(truth, r->segmentation.assignment), 1.0);
}


TEST(CustomerValueAndRfm, HoldoutSetsTheHorizonAndRfmDefaultsToTheLastDay) {
  std::vector<customers::Purchase> purchases;
  const Date start = *parse_date("2024-01-01");
  for (int c = 0; c < 40; ++c)
    for (int k = 0; k <= c % 5; ++k)
      purchases.push_back({"c" + std::to_string(c), start + 20 * k + c, 10.0 + c % 3});
  const Date end = start + 60, holdout = start + 60 + 35;
  auto r = customer_value(purchases, {end, 99, holdout});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_TRUE(r->holdout.has_value());
  EXPECT_DOUBLE_EQ(r->fit.horizon_weeks, 5);  // the holdout's 35 days, not the 99 asked
  EXPECT_DOUBLE_EQ(r->holdout->weeks, 5);
  EXPECT_EQ(customer_value(purchases, {end, 5, end}).status().field(), "holdout_end");
  auto rfm = customer_rfm(purchases, std::nullopt);
  ASSERT_TRUE(rfm.is_ok());
  Date last = start;
  for (const auto& p : purchases) last = std::max(last, p.day);
  EXPECT_EQ(rfm->as_of, last);
}

}  // namespace
}  // namespace oiis::services
