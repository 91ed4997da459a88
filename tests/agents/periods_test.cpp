#include <gtest/gtest.h>

#include "agents/periods.h"

namespace oiis::agents {
namespace {

// The shipped world's "today": Tuesday 30 December 2025.
const Date kToday = date_from_civil(2025, 12, 30);

std::string range_of(const std::string& question) {
  auto m = find_period(question, kToday);
  return m.period ? period_range(*m.period) : "none";
}

TEST(Periods, RelativePeriodsResolveAgainstTheDataLastDay) {
  EXPECT_EQ(range_of("revenue last month?"), "2025-11-01..2025-11-30");
  EXPECT_EQ(range_of("sales this wk"), "2025-12-29..2025-12-30");
  EXPECT_EQ(range_of("sales last week"), "2025-12-22..2025-12-28");
  EXPECT_EQ(range_of("Analyze last quarter's performance trends"), "2025-07-01..2025-09-30");
  EXPECT_EQ(range_of("YTD revenue"), "2025-01-01..2025-12-30");
  EXPECT_EQ(range_of("total sales 2024"), "2024-01-01..2024-12-31");
  EXPECT_EQ(range_of("rev last 30 days"), "2025-12-01..2025-12-30");
  EXPECT_EQ(range_of("how much did we make in march"), "2025-03-01..2025-03-31");
  EXPECT_EQ(range_of("revenue Q3 2024"), "2024-07-01..2024-09-30");
  EXPECT_EQ(range_of("rev yesterday"), "2025-12-29..2025-12-29");
  EXPECT_EQ(range_of("sales between 1 and 15 june 2025"), "2025-06-01..2025-06-15");
  EXPECT_EQ(range_of("what do i need to reordr"), "none");
  EXPECT_EQ(range_of("you may want to check stock"), "none");  // "may" as a verb
}

TEST(Periods, ComparisonsNameTheOtherPeriod) {
  auto a = find_period("oct vs sept sales", kToday);
  ASSERT_TRUE(a.period && a.second);
  EXPECT_EQ(period_range(*a.second), "2025-09-01..2025-09-30");
  auto b = find_period("is november up or down vs last year?", kToday);
  EXPECT_EQ(b.comparison, Comparison::kLastYear);
  EXPECT_FALSE(b.second);
  auto c = find_period("last quarter vs previous quarter revenue", kToday);
  EXPECT_EQ(c.comparison, Comparison::kPrevious);
  EXPECT_FALSE(c.second);  // "previous quarter" is relative to the first, not to today
  EXPECT_EQ(period_range(previous_period(*c.period)), "2025-04-01..2025-06-30");
}

TEST(Periods, FollowUpsAreRelativeToTheConversation) {
  auto m = find_period("and the month before?", kToday);
  EXPECT_FALSE(m.period);
  EXPECT_TRUE(m.relative_previous);
  auto y = find_period("what about the same month last yr", kToday);
  EXPECT_TRUE(y.relative_last_year);
  Period nov = *find_period("last month", kToday).period;
  EXPECT_EQ(period_range(previous_period(nov)), "2025-10-01..2025-10-31");
  EXPECT_EQ(period_range(same_period_last_year(nov)), "2024-11-01..2024-11-30");
  Period ytd = *find_period("ytd", kToday).period;
  EXPECT_EQ(period_range(same_period_last_year(ytd)), "2024-01-01..2024-12-30");
}

}  // namespace
}  // namespace oiis::agents
