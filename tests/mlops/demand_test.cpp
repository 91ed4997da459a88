// The one definition of demand (mlops/snapshots.h): cancelled orders never count, credit notes
// cancel the sales they reverse, and censoring applies only where a stock ledger exists.
#include "mlops/demand.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <numeric>

#include "common/time.h"

namespace oiis::mlops {
namespace {

constexpr Date kDay0 = 20000;  // 2024-10-04

class DemandDefinitionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_store(":memory:");
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    store_ = std::move(opened).value();
    auto w = store_->begin_bulk();
    ASSERT_TRUE(w.is_ok());
    writer_ = std::move(w).value();
    location_ = add(writer_->add_location({.code = "MAIN", .name = "Main"}));
    for (const char* sku : {"A", "B"}) {
      Product p;
      p.sku = sku;
      p.name = std::string("product ") + sku;
      p.price = 2;
      products_.push_back(add(writer_->add_product(p)));
    }
    Customer c;
    c.name = "c";
    customer_ = add(writer_->add_customer(c));
  }

  Id add(Result<Id> id) {
    EXPECT_TRUE(id.is_ok()) << id.status().to_string();
    return id.is_ok() ? *id : 0;
  }
  // One line of `units` of product `p` on day `day` (negative units: a credit note).
  void order(int day, std::size_t p, Quantity units, OrderStatus status,
             std::optional<Id> customer = std::nullopt) {
    Order o;
    o.customer_id = customer ? customer : std::optional<Id>(customer_);
    o.location_id = location_;
    o.status = status;
    o.placed_at = timestamp_of(kDay0 + day) + 3600;
    OrderLine line;
    line.product_id = products_[p];
    line.sku = p == 0 ? "A" : "B";
    line.quantity = units;
    line.unit_price = 2;
    o.lines.push_back(line);
    add(writer_->add_order(o));
  }
  DemandSet demand() {
    EXPECT_TRUE(writer_->commit().is_ok());
    writer_.reset();
    auto d = build_demand(*store_, {});
    EXPECT_TRUE(d.is_ok()) << d.status().to_string();
    return d.is_ok() ? std::move(d).value() : DemandSet{};
  }

  std::unique_ptr<Store> store_;
  std::unique_ptr<BulkWriter> writer_;
  Id location_ = 0, customer_ = 0;
  std::vector<Id> products_;
};

double total(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

TEST_F(DemandDefinitionTest, CancelledOrdersNeverCount) {
  order(0, 0, 5, OrderStatus::kDelivered);
  order(1, 0, 7, OrderStatus::kCancelled);
  order(2, 0, 3, OrderStatus::kDelivered);
  const DemandSet d = demand();
  EXPECT_DOUBLE_EQ(total(d.series[0].sales), 8);
  EXPECT_DOUBLE_EQ(d.series[0].sales[1], 0);
  EXPECT_DOUBLE_EQ(total(d.series[0].revenue), 16);
  EXPECT_EQ(d.adjustments.cancelled_orders, 1);
}

TEST_F(DemandDefinitionTest, ACreditNoteCancelsTheSaleItReverses) {
  order(0, 0, 4, OrderStatus::kDelivered);
  order(2, 0, 80995, OrderStatus::kDelivered);  // the bulk order ...
  order(2, 0, -80995, OrderStatus::kReturned);  // ... cancelled the same day
  order(3, 1, 6, OrderStatus::kDelivered);
  order(4, 1, -2, OrderStatus::kReturned);  // a partial return of product B, days later
  order(4, 0, 1, OrderStatus::kDelivered);
  const DemandSet d = demand();
  const DemandSeries& a = d.series[0];
  const DemandSeries& b = d.series[1];
  EXPECT_DOUBLE_EQ(a.sales[2], 0) << "the order and its cancellation net out";
  EXPECT_DOUBLE_EQ(total(a.sales), 5);
  EXPECT_DOUBLE_EQ(b.sales[3], 4) << "the return takes units off the sale it reverses";
  EXPECT_DOUBLE_EQ(b.sales[4], 0) << "never a negative day";
  EXPECT_DOUBLE_EQ(total(b.revenue), 8);
  EXPECT_EQ(d.adjustments.credit_lines, 2);
  EXPECT_DOUBLE_EQ(d.adjustments.credited_units, 80997);
  EXPECT_DOUBLE_EQ(d.adjustments.unmatched_credit_units, 0);
}

TEST_F(DemandDefinitionTest, CreditsMatchOnlyTheSameCustomersEarlierSales) {
  Customer other;
  other.name = "other";
  const Id stranger = add(writer_->add_customer(other));
  order(1, 0, 10, OrderStatus::kDelivered, stranger);
  order(2, 0, -3, OrderStatus::kReturned);  // our customer never bought A here
  order(3, 0, 5, OrderStatus::kDelivered);  // a later sale is not what was credited
  const DemandSet d = demand();
  EXPECT_DOUBLE_EQ(total(d.series[0].sales), 15);
  EXPECT_DOUBLE_EQ(d.adjustments.unmatched_credit_units, 3);
  const auto caveats = demand_caveats(d);
  EXPECT_TRUE(std::any_of(caveats.begin(), caveats.end(), [](const std::string& c) {
    return c.find("3 credited units had no earlier sale") != std::string::npos;
  })) << ::testing::PrintToString(caveats);
}

TEST_F(DemandDefinitionTest, ASalesOnlyHistoryIsNotCensored) {
  for (int day = 0; day < 30; day += 3) order(day, 0, 2, OrderStatus::kDelivered);
  const DemandSet d = demand();
  const DemandSeries& a = d.series[0];
  EXPECT_FALSE(a.stock_tracked);
  for (int day = 0; day < d.periods; ++day) {
    EXPECT_EQ(a.censored[day], 0) << "day " << day;
    EXPECT_TRUE(std::isfinite(a.values[day])) << "day " << day;
  }
  const auto caveats = demand_caveats(d);
  ASSERT_FALSE(caveats.empty());
  EXPECT_NE(caveats[0].find("no stock ledger"), std::string::npos) << caveats[0];
}

TEST_F(DemandDefinitionTest, ALedgerMakesEmptyDaysCensored) {
  StockMovement in;
  in.product_id = products_[0];
  in.location_id = location_;
  in.type = MovementType::kReceipt;
  in.quantity = 4;
  in.at = timestamp_of(kDay0);
  add(writer_->add_movement(in));
  StockMovement out = in;
  out.type = MovementType::kSale;
  out.quantity = -4;
  out.at = timestamp_of(kDay0 + 1) + 7200;
  add(writer_->add_movement(out));
  order(1, 0, 4, OrderStatus::kDelivered);
  order(5, 1, 1, OrderStatus::kDelivered);  // B has no ledger: never censored
  const DemandSet d = demand();
  EXPECT_TRUE(d.series[0].stock_tracked);
  EXPECT_GT(d.series[0].censored[2], 0) << "A closed day 2 with nothing on hand";
  EXPECT_TRUE(std::isnan(d.series[0].values[2]));
  EXPECT_FALSE(d.series[1].stock_tracked);
  for (int day = 0; day < d.periods; ++day) EXPECT_EQ(d.series[1].censored[day], 0);
}

}  // namespace
}  // namespace oiis::mlops
