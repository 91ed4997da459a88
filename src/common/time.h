// Calendar and clock helpers. All timestamps are UTC seconds since the Unix epoch;
// dates are whole days since 1970-01-01 (so date = floor(timestamp / 86400)).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace oiis {

using Timestamp = std::int64_t;  // UTC seconds since 1970-01-01T00:00:00Z
using Date = std::int32_t;       // days since 1970-01-01

constexpr std::int64_t kSecondsPerDay = 86400;

Timestamp now_utc();

// Days since the epoch for a proleptic Gregorian civil date (month 1..12, day 1..31).
Date date_from_civil(int year, int month, int day);
struct CivilDate {
  int year, month, day;
};
CivilDate civil_from_date(Date date);
inline Date date_of(Timestamp ts) {
  return static_cast<Date>(ts >= 0 ? ts / kSecondsPerDay : (ts - kSecondsPerDay + 1) / kSecondsPerDay);
}
inline Timestamp timestamp_of(Date date) { return static_cast<Timestamp>(date) * kSecondsPerDay; }
// 0 = Monday ... 6 = Sunday (ISO).
int weekday(Date date);

// "2024-03-05T14:07:09Z"
std::string format_timestamp(Timestamp ts);
// "2024-03-05"
std::string format_date(Date date);

// Accepts "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]", "YYYY-MM-DDTHH:MM[:SS][.fff][Z|+HH:MM|-HH:MM]",
// and "M/D/YYYY H:MM" (the original Online Retail layout). Offsets are converted to UTC.
Result<Timestamp> parse_timestamp(std::string_view text);
Result<Date> parse_date(std::string_view text);

}  // namespace oiis
