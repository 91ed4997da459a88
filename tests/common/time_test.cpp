#include "common/time.h"

#include <gtest/gtest.h>

namespace oiis {
namespace {

TEST(CivilDates, RoundTripAcrossFourCenturies) {
  for (Date d = date_from_civil(1900, 1, 1); d < date_from_civil(2300, 1, 1); d += 7) {
    const CivilDate c = civil_from_date(d);
    EXPECT_EQ(date_from_civil(c.year, c.month, c.day), d);
  }
}

TEST(CivilDates, KnownAnchors) {
  EXPECT_EQ(date_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(date_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(weekday(date_from_civil(2024, 1, 1)), 0);  // a Monday
  EXPECT_EQ(weekday(date_from_civil(2026, 11, 29)), 6);  // a Sunday
  EXPECT_EQ(format_date(date_from_civil(2024, 2, 29)), "2024-02-29");
}

TEST(Timestamps, FormatIsIsoUtc) {
  EXPECT_EQ(format_timestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(1700000000), "2023-11-14T22:13:20Z");
  EXPECT_EQ(date_of(-1), -1);  // floor, not truncation, before the epoch
}

TEST(Timestamps, ParsesEveryAcceptedLayout) {
  const Timestamp expected = 1291191960;  // 2010-12-01 08:26:00 UTC
  EXPECT_EQ(*parse_timestamp("2010-12-01 08:26:00"), expected);
  EXPECT_EQ(*parse_timestamp("2010-12-01T08:26:00Z"), expected);
  EXPECT_EQ(*parse_timestamp("2010-12-01T08:26"), expected);
  EXPECT_EQ(*parse_timestamp("2010-12-01T09:26:00+01:00"), expected);
  EXPECT_EQ(*parse_timestamp("2010-12-01T08:26:00.250Z"), expected);
  EXPECT_EQ(*parse_timestamp("12/1/2010 8:26"), expected);
  EXPECT_EQ(*parse_timestamp("2010-12-01"), expected - (8 * 3600 + 26 * 60));
}

TEST(Timestamps, RejectsImpossibleDates) {
  for (const char* bad : {"", "2010-13-01", "2011-02-29", "2010-12-01 25:00", "2010-12-01Tx",
                          "yesterday", "2010-12-01 08:26:00 trailing"}) {
    auto r = parse_timestamp(bad);
    EXPECT_FALSE(r.is_ok()) << bad;
    if (!r) {
      EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
    }
  }
  EXPECT_TRUE(parse_timestamp("2012-02-29").is_ok());
}

}  // namespace
}  // namespace oiis
