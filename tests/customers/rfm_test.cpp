// RFM: quintile scores on known data (ties, direction), the group table, groups and shares.
#include "customers/rfm.h"

#include <gtest/gtest.h>

namespace oiis::customers {
namespace {

TEST(Rfm, QuintilesOfTenDistinctValues) {
  const std::vector<double> v = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  EXPECT_EQ(quintile_scores(v, true), (std::vector<int>{5, 5, 4, 4, 3, 3, 2, 2, 1, 1}));
  EXPECT_EQ(quintile_scores(v, false), (std::vector<int>{1, 1, 2, 2, 3, 3, 4, 4, 5, 5}));
}

TEST(Rfm, TiesShareAScoreAndTheWorstScoreOne) {
  // Six of ten bought once: all score 1 (none split into F=2 or F=3 by order).
  const std::vector<double> v = {1, 1, 1, 1, 1, 1, 2, 2, 5, 9};
  EXPECT_EQ(quintile_scores(v, true), (std::vector<int>{1, 1, 1, 1, 1, 1, 4, 4, 5, 5}));
  // Half tied at the top: the best value still scores 5 (by the rule alone it would be 3).
  const std::vector<double> top = {1, 2, 3, 4, 5, 9, 9, 9, 9, 9};
  EXPECT_EQ(quintile_scores(top, true), (std::vector<int>{1, 1, 2, 2, 3, 5, 5, 5, 5, 5}));
  EXPECT_EQ(quintile_scores(top, false), (std::vector<int>{5, 5, 4, 4, 3, 1, 1, 1, 1, 1}));
}

TEST(Rfm, GroupTable) {
  // Every cell of the table in rfm.h, R = 5 (first row) down to 1, F = 1 .. 5.
  const char* const expected[5][5] = {
      {"new", "potential loyalist", "potential loyalist", "champions", "champions"},
      {"new", "potential loyalist", "potential loyalist", "loyal", "loyal"},
      {"need attention", "need attention", "need attention", "loyal", "loyal"},
      {"hibernating", "hibernating", "at risk", "at risk", "can't lose"},
      {"lost", "lost", "at risk", "at risk", "can't lose"}};
  for (int r = 5; r >= 1; --r)
    for (int f = 1; f <= 5; ++f) EXPECT_EQ(rfm_group(r, f), expected[5 - r][f - 1]) << r << f;
}

TEST(Rfm, ComputesValuesGroupsAndShares) {
  const Date d = date_from_civil(2024, 6, 30);
  std::vector<Purchase> p;
  // "a" buys every week until the cut-off (recent, frequent); "e" once, long ago.
  for (int w = 0; w < 10; ++w) p.push_back({"a", d - 7 * w, 10});
  for (int w = 0; w < 4; ++w) p.push_back({"b", d - 20 - 7 * w, 10});
  p.push_back({"c", d - 40, 50});
  p.push_back({"d", d - 2, 30});
  p.push_back({"d", d - 2, 30});  // same day: one purchase, 60
  p.push_back({"e", d - 300, 10});
  p.push_back({"late", d + 1, 10});  // after the cut-off: not seen
  auto r = compute_rfm(p, d);
  ASSERT_TRUE(r.is_ok());
  ASSERT_EQ(r->customers.size(), 5u);
  const RfmCustomer& a = r->customers[0];
  EXPECT_EQ(a.recency_days, 0);
  EXPECT_EQ(a.frequency, 10);
  EXPECT_EQ(a.group, "champions");
  EXPECT_EQ(r->customers[3].frequency, 1);
  EXPECT_DOUBLE_EQ(r->customers[3].monetary, 60);
  EXPECT_EQ(r->customers[4].group, "lost");
  double customers = 0, revenue = 0;
  for (const auto& g : r->groups) customers += g.customer_share, revenue += g.revenue_share;
  EXPECT_NEAR(customers, 1, 1e-12);
  EXPECT_NEAR(revenue, 1, 1e-12);
  EXPECT_FALSE(compute_rfm(p, d - 1000).is_ok());
}

}  // namespace
}  // namespace oiis::customers
