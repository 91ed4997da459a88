// The pieces periods.cpp and periods_named.cpp share: building a period of a calendar unit,
// month names, and dates as people write them. Internal to the agents module.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agents/periods.h"

namespace oiis::agents::period_parts {

Date month_first(int y, int m);
Date month_last(int y, int m);
std::string month_label(int y, int m);  // "November 2025"

// A period from `first` to `last`, cut at today.
Period make_period(Date first, Date last, PeriodUnit unit, std::string label, Date today);
Period month_period(int y, int m, Date today);
Period quarter_period(int y, int q, Date today);
Period year_period(int y, Date today);
Period week_period(Date monday, Date today, std::string label);
Period days_period(int n, Date today);

// A month's name (full, three letters, or "sept"): 1..12, or 0.
int month_of(const std::string& word);
// The latest year in which month `m` has started by today.
int latest_year_of_month(int m, Date today);
// Two-digit years are this century's: "5 jan 25" is 2025.
int full_year(const std::string& y);

// One calendar date as written: "2025-06-01", "20/12/2024" (day first, as in most of the
// world; month first only when the day cannot be a month), "20th dec 2024", "dec 20 2024",
// "5 jan" (no year: year 0, for the range to decide). Each with where it sits in the text.
struct WrittenDate {
  int year = 0, month = 0, day = 0;
  std::size_t begin = 0, end = 0;
};
std::vector<WrittenDate> written_dates(const std::string& t);
// Fills missing years: from the other end of the range, else the latest that is not after today.
void settle_years(WrittenDate& a, WrittenDate& b, Date today);
// The one day a text names by a written date ("dec 1st", "2024-11-29"), if it names exactly one.
std::optional<Date> one_written_day(const std::string& t, Date today);

// Retail's named days ("christmas eve", "boxing day", "black friday", ...): the latest not after
// today unless a year is written.
std::optional<Period> named_day(const std::string& t, Date today);
// Periods named by a day they start from or sit in: "since black friday", "since dec 1st",
// "the week of dec 8th", "the week before christmas", "saturday's", "last monday".
std::optional<Period> anchored_period(const std::string& t, Date today);
// Seasons, northern hemisphere, meteorological: spring Mar-May, summer Jun-Aug, autumn/fall
// Sep-Nov, winter Dec-Feb — "the summer", "summer 24", "summer '24", "winter 24/25".
std::optional<Period> season(const std::string& t, Date today);

}  // namespace oiis::agents::period_parts
