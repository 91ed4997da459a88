#include "common/time.h"

#include <charconv>
#include <chrono>

namespace oiis {

Timestamp now_utc() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
Date date_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

CivilDate civil_from_date(Date z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

int weekday(Date date) {
  // 1970-01-01 was a Thursday (ISO 3).
  int w = (date + 3) % 7;
  return w < 0 ? w + 7 : w;
}

std::string format_date(Date date) {
  const CivilDate c = civil_from_date(date);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

std::string format_timestamp(Timestamp ts) {
  const Date d = date_of(ts);
  const std::int64_t secs = ts - timestamp_of(d);
  const CivilDate c = civil_from_date(d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

namespace {

// Reads exactly `width` digits (or 1..width when width_is_max) at `pos`.
bool read_int(std::string_view s, size_t& pos, int min_digits, int max_digits, int& out) {
  size_t start = pos;
  while (pos < s.size() && pos - start < static_cast<size_t>(max_digits) && s[pos] >= '0' &&
         s[pos] <= '9')
    ++pos;
  if (pos - start < static_cast<size_t>(min_digits)) return false;
  std::from_chars(s.data() + start, s.data() + pos, out);
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

bool valid_civil(int y, int m, int d) {
  if (m < 1 || m > 12 || d < 1 || y < 1 || y > 9999) return false;
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > days[m - 1]) return false;
  if (m == 2 && d == 29) return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return true;
}

Status bad_time(std::string_view text) {
  // Clipped: the text may be a caller's megabyte-long string.
  std::string shown(text.substr(0, 40));
  if (text.size() > 40) shown += "...";
  return invalid_argument("not a valid date/time: '" + shown + "'");
}

}  // namespace

Result<Timestamp> parse_timestamp(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"' || s.back() == '\r')) s.remove_suffix(1);
  size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (s.find('/') != std::string_view::npos) {
    // M/D/YYYY H:MM
    if (!read_int(s, pos, 1, 2, mo) || !expect(s, pos, '/') || !read_int(s, pos, 1, 2, d) ||
        !expect(s, pos, '/') || !read_int(s, pos, 4, 4, y))
      return bad_time(s);
  } else if (!read_int(s, pos, 4, 4, y) || !expect(s, pos, '-') || !read_int(s, pos, 2, 2, mo) ||
             !expect(s, pos, '-') || !read_int(s, pos, 2, 2, d)) {
    return bad_time(s);
  }
  if (!valid_civil(y, mo, d)) return bad_time(s);
  std::int64_t offset = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return bad_time(s);
    ++pos;
    if (!read_int(s, pos, 1, 2, h) || !expect(s, pos, ':') || !read_int(s, pos, 2, 2, mi))
      return bad_time(s);
    if (expect(s, pos, ':') && !read_int(s, pos, 2, 2, sec)) return bad_time(s);
    if (expect(s, pos, '.')) {
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    }
    if (h > 23 || mi > 59 || sec > 60) return bad_time(s);
    if (pos < s.size()) {
      if (s[pos] == 'Z' && pos + 1 == s.size()) {
        ++pos;
      } else if (s[pos] == '+' || s[pos] == '-') {
        const int sign = s[pos] == '+' ? 1 : -1;
        ++pos;
        int oh = 0, om = 0;
        if (!read_int(s, pos, 2, 2, oh)) return bad_time(s);
        expect(s, pos, ':');
        if (pos < s.size() && !read_int(s, pos, 2, 2, om)) return bad_time(s);
        // Real UTC offsets run from -12:00 to +14:00; "+99:00" is a typo, not a zone.
        if (oh > 14 || om > 59) return bad_time(s);
        offset = sign * (oh * 3600 + om * 60);
      }
      if (pos != s.size()) return bad_time(s);
    }
  }
  return timestamp_of(date_from_civil(y, mo, d)) + h * 3600 + mi * 60 + sec - offset;
}

Result<Date> parse_date(std::string_view text) {
  Result<Timestamp> ts = parse_timestamp(text);
  if (!ts) return ts.status();
  return date_of(*ts);
}

}  // namespace oiis
