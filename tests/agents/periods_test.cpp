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

// Forms first met in the blind4 set (after its one scoring): two-digit quarter years, named
// retail days, weekends, fortnights and complete months, month spans and lists, day ranges.
TEST(Periods, NamedDaysSpansAndShortYears) {
  EXPECT_EQ(range_of("rev q4 24"), "2024-10-01..2024-12-31");
  EXPECT_EQ(range_of("average spend per order q4 '24"), "2024-10-01..2024-12-31");
  EXPECT_EQ(range_of("sales the day before yesterday?"), "2025-12-28..2025-12-28");
  EXPECT_EQ(range_of("last weekend's takings (sat + sun)"), "2025-12-27..2025-12-28");
  EXPECT_EQ(range_of("sales for the fortnight before last"), "2025-12-03..2025-12-16");
  EXPECT_EQ(range_of("christmas eve sales?"), "2025-12-24..2025-12-24");
  EXPECT_EQ(range_of("xmas eve last yr"), "2024-12-24..2024-12-24");
  EXPECT_EQ(range_of("boxing day 2024"), "2024-12-26..2024-12-26");
  EXPECT_EQ(range_of("top seller on black friday, by $"), "2025-11-28..2025-11-28");
  EXPECT_EQ(range_of("black friday last year"), "2024-11-29..2024-11-29");
  EXPECT_EQ(range_of("cyber monday"), "2025-12-01..2025-12-01");
  EXPECT_EQ(range_of("top seller on 28/11"), "2025-11-28..2025-11-28");
  EXPECT_EQ(range_of("from the 3rd to the 17th of november, which category"), "2025-11-03..2025-11-17");
  EXPECT_EQ(range_of("between 3rd and 17th nov"), "2025-11-03..2025-11-17");
  EXPECT_EQ(range_of("revenue for each of the last 6 complete months"), "2025-06-01..2025-11-30");
  EXPECT_EQ(range_of("apr/may/jun 2024 revenue month by month"), "2024-04-01..2024-06-30");
  EXPECT_EQ(range_of("sales jul to sep"), "2025-07-01..2025-09-30");
  EXPECT_EQ(range_of("nov-jan sales"), "2024-11-01..2025-01-31");
  int year = 0;
  EXPECT_EQ(quarter_mentioned("spring quarter planning (apr–jun)", year), 2);
  EXPECT_EQ(quarter_mentioned("summer buy plan, jul to sep", year), 3);
  EXPECT_EQ(quarter_mentioned("may to july", year), std::nullopt);
  auto h = find_period("h2 vs h1 this year - how much did sales grow", kToday);
  ASSERT_TRUE(h.period && h.second);
  EXPECT_EQ(period_range(*h.period), "2025-07-01..2025-12-30");
  EXPECT_EQ(period_range(*h.second), "2025-01-01..2025-06-30");
  auto b = find_period("black friday this year (28 nov) vs last year's (29 nov 2024)", kToday);
  ASSERT_TRUE(b.period && b.second);
  EXPECT_EQ(period_range(*b.period), "2025-11-28..2025-11-28");
  EXPECT_EQ(period_range(*b.second), "2024-11-29..2024-11-29");
  auto n = find_period("was november better than october? by how much %", kToday);
  ASSERT_TRUE(n.period && n.second);
  EXPECT_EQ(period_range(*n.period), "2025-11-01..2025-11-30");
  EXPECT_EQ(period_range(*n.second), "2025-10-01..2025-10-31");
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

TEST(Periods, DaysPeopleKnowAnchorAPeriod) {
  EXPECT_EQ(range_of("revenue since cyber monday"), "2025-12-01..2025-12-30");
  EXPECT_EQ(range_of("orders since 12 dec"), "2025-12-12..2025-12-30");
  EXPECT_EQ(range_of("sales the week of 3 nov"), "2025-11-03..2025-11-09");
  EXPECT_EQ(range_of("aov week commencing 17 nov 2025"), "2025-11-17..2025-11-23");
  EXPECT_EQ(range_of("sales the week after black friday"), "2025-12-01..2025-12-07");
  EXPECT_EQ(range_of("friday's orders"), "2025-12-26..2025-12-26");
  EXPECT_EQ(range_of("revenue last tuesday"), "2025-12-23..2025-12-23");  // today is a Tuesday
  EXPECT_EQ(range_of("revenue this monday"), "2025-12-29..2025-12-29");
  EXPECT_EQ(range_of("who orders every monday"), "none");
  EXPECT_EQ(range_of("cyber monday sales"), "2025-12-01..2025-12-01");
}

TEST(Periods, RunsOfQuartersAndMonthsWithTheirYears) {
  EXPECT_EQ(range_of("revenue q2-q4 2024"), "2024-04-01..2024-12-31");
  EXPECT_EQ(range_of("orders q1 to q2"), "2025-01-01..2025-06-30");
  EXPECT_EQ(range_of("sales jul 2024 - jun 2025"), "2024-07-01..2025-06-30");
  EXPECT_EQ(range_of("takings for fy 24/25 (jul 24 - jun 25)"), "2024-07-01..2025-06-30");
  EXPECT_EQ(range_of("sales jul 24 - aug 3"), "2025-07-24..2025-08-03");  // days, not years
  EXPECT_EQ(range_of("top category sep '24"), "2024-09-01..2024-09-30");
}

TEST(Periods, SeasonsAreTheNorthernMeteorologicalOnes) {
  EXPECT_EQ(range_of("revenue over the summer"), "2025-06-01..2025-08-31");
  EXPECT_EQ(range_of("winter 24/25 sales"), "2024-12-01..2025-02-28");
  EXPECT_EQ(range_of("spring 2024 revenue"), "2024-03-01..2024-05-31");
  EXPECT_EQ(range_of("did sales fall last month"), "2025-11-01..2025-11-30");  // "fall" the verb
  auto c = find_period("summer 25 vs summer 24 revenue", kToday);
  ASSERT_TRUE(c.period && c.second);
  EXPECT_EQ(period_range(*c.second), "2024-06-01..2024-08-31");
  auto y = find_period("and this time last year?", kToday);
  EXPECT_TRUE(y.relative_last_year);
}

}  // namespace
}  // namespace oiis::agents
