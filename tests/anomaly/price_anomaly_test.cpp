// Price anomalies: typos far from the recent median are flagged; promotions, markdowns, cost
// changes and the correction after a typo are not.
#include "anomaly/price_anomaly.h"

#include <gtest/gtest.h>

namespace oiis::anomaly {
namespace {

TEST(PriceAnomalies, FlagsTyposNotOrdinaryChanges) {
  // list 10; promotion 7.5 and back; cost change 11.5; typo 115 and its correction; markdown 8.6;
  // typo 0.86 and its correction.
  const std::vector<double> prices = {10, 7.5, 10, 11.5, 115, 11.5, 8.6, 0.86, 8.6};
  const auto flagged = price_anomalies(prices);
  ASSERT_EQ(flagged.size(), 2u);
  EXPECT_EQ(flagged[0].index, 4u);
  EXPECT_NEAR(flagged[0].ratio, 11.5, 0.01);  // 115 against the median 10 of 10, 7.5, 10, 11.5
  EXPECT_GT(flagged[0].robust_z, 6);
  EXPECT_NE(flagged[0].reason.find("recent median"), std::string::npos);
  EXPECT_EQ(flagged[1].index, 7u);
  EXPECT_LT(flagged[1].robust_z, -6);
}

TEST(PriceAnomalies, AConstantPriceDoesNotMakeEveryPromotionAnAnomaly) {
  const std::vector<double> prices = {20, 20, 20, 20, 12, 20, 39};  // 40% off, then +95%
  EXPECT_TRUE(price_anomalies(prices).empty());
  EXPECT_EQ(price_anomalies(std::vector<double>{20, 20, 41}).size(), 1u);  // > 2x
}

TEST(PriceAnomalies, NonPositivePricesAndBadOptions) {
  const auto flagged = price_anomalies(std::vector<double>{5, 0, 5});
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].reason, "price is not positive");
  PriceAnomalyOptions o;
  o.min_ratio = 1;
  EXPECT_EQ(validate(o).field(), "min_ratio");
  o = {};
  o.window = 1;
  EXPECT_EQ(validate(o).field(), "window");
}

}  // namespace
}  // namespace oiis::anomaly

namespace oiis::anomaly {
namespace {

TEST(SequenceOutliers, LateSideOnlyAndNonPositiveSkipped) {
  const std::vector<double> lead = {10, 11, 9, 10, 45, 10, 2, 0, 10};
  PriceAnomalyOptions o;
  o.min_robust_z = 4;
  const auto late = sequence_outliers(lead, o, true);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].index, 4u);
  const auto both = sequence_outliers(lead, o, false);
  ASSERT_EQ(both.size(), 2u);  // 45 and 2; the 0 is skipped, not flagged
  EXPECT_EQ(both[1].index, 6u);
}

}  // namespace
}  // namespace oiis::anomaly
