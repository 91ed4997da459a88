// The one definition of demand (data/snapshots.h): cancelled orders never count, credit notes
// cancel the sales they reverse, and censoring applies only where a stock ledger exists.
#include "data/demand.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <numeric>

#include "common/time.h"
#include "support/tiny_store.h"

namespace oiis {
namespace {

using DemandDefinitionTest = TinyStoreTest;

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
}  // namespace oiis
