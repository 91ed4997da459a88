// Periods as store managers write them ("last quarter", "this wk", "Q3 2024", "march",
// "last 30 days", "between 1 and 15 june 2025"), resolved against "today" — the day of the
// latest order, so that answers on a shop whose data stops last month still mean its last month.
// Pure: no store, no clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/time.h"

namespace oiis::agents {

enum class PeriodUnit { kDay, kWeek, kMonth, kQuarter, kYear, kDays, kRange, kAll };

struct Period {
  Date first = 0;  // inclusive
  Date last = 0;   // inclusive (today at most for periods that have not ended)
  PeriodUnit unit = PeriodUnit::kAll;
  int length_days = 0;   // for kDays ("last 30 days")
  std::string label;     // "November 2025", "Q3 2025", "the last 30 days", ...
};

// What a question asks to compare the period with.
enum class Comparison { kNone, kPrevious, kLastYear };

struct PeriodMention {
  std::optional<Period> period;      // none when the question names no period
  std::optional<Period> second;      // "oct vs sept": the period compared with
  Comparison comparison = Comparison::kNone;
  // "and the month before?", "same month last year": relative to the conversation's period.
  bool relative_previous = false;
  bool relative_last_year = false;
};

// Reads the period (and comparison) a question names; `today` is the data's last day.
PeriodMention find_period(std::string_view question, Date today);
// Whether a question names any period at all; which days it covers does not matter here.
inline bool names_period(std::string_view question) { return find_period(question, Date{}).period.has_value(); }

// The quarter a lowercase text names ("q3", "Q3 2024", "the third quarter of 2024", "2nd qtr",
// "the holiday quarter"): 1..4, and its year in `year` when written (else 0).
std::optional<int> quarter_mentioned(const std::string& text, int& year);

// The period of the same kind just before (the calendar unit before; for "last N days" the N
// days before) and the same dates a year earlier.
Period previous_period(const Period& p);
Period same_period_last_year(const Period& p);

// Every day of history up to today.
Period all_time(Date first_day, Date today);

// "YYYY-MM-DD".."YYYY-MM-DD" for citations.
std::string period_range(const Period& p);

}  // namespace oiis::agents
