// Calendar units and dates as people write them (period_parts.h).
#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

#include "agents/period_parts.h"

namespace oiis::agents::period_parts {
namespace {

constexpr std::array<const char*, 12> kMonthNames = {"january", "february", "march",     "april",
                                                     "may",     "june",     "july",      "august",
                                                     "september", "october", "november", "december"};
constexpr std::array<const char*, 12> kMonthShort = {"jan", "feb", "mar", "apr", "may", "jun",
                                                     "jul", "aug", "sep", "oct", "nov", "dec"};

}  // namespace

Date month_first(int y, int m) { return date_from_civil(y, m, 1); }
Date month_last(int y, int m) { return m == 12 ? date_from_civil(y + 1, 1, 1) - 1 : date_from_civil(y, m + 1, 1) - 1; }

std::string month_label(int y, int m) {
  std::string name = kMonthNames[static_cast<size_t>(m - 1)];
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name + " " + std::to_string(y);
}

Period make_period(Date first, Date last, PeriodUnit unit, std::string label, Date today) {
  Period p;
  p.first = first;
  p.last = std::min(last, today);
  p.unit = unit;
  p.label = std::move(label);
  p.length_days = p.last - p.first + 1;
  return p;
}

Period month_period(int y, int m, Date today) {
  return make_period(month_first(y, m), month_last(y, m), PeriodUnit::kMonth, month_label(y, m), today);
}
Period quarter_period(int y, int q, Date today) {
  return make_period(month_first(y, 3 * q - 2), month_last(y, 3 * q), PeriodUnit::kQuarter,
              "Q" + std::to_string(q) + " " + std::to_string(y), today);
}
Period year_period(int y, Date today) {
  return make_period(date_from_civil(y, 1, 1), date_from_civil(y, 12, 31), PeriodUnit::kYear,
              std::to_string(y), today);
}
Period week_period(Date monday, Date today, std::string label) {
  return make_period(monday, monday + 6, PeriodUnit::kWeek, std::move(label), today);
}
Period days_period(int n, Date today) {
  Period p = make_period(today - n + 1, today, PeriodUnit::kDays, "the last " + std::to_string(n) + " days", today);
  return p;
}

int month_of(const std::string& word) {
  for (int m = 0; m < 12; ++m)
    if (word == kMonthNames[static_cast<size_t>(m)] || word == kMonthShort[static_cast<size_t>(m)]) return m + 1;
  if (word == "sept") return 9;
  return 0;
}

int latest_year_of_month(int m, Date today) {
  auto t = civil_from_date(today);
  return m <= t.month ? t.year : t.year - 1;
}


int full_year(const std::string& y) {
  int v = std::stoi(y);
  return y.size() <= 2 ? 2000 + v : v;
}

std::vector<WrittenDate> written_dates(const std::string& t) {
  static const std::regex iso(R"(\b(\d{4})-(\d{1,2})-(\d{1,2})\b)");
  static const std::regex slashed(R"(\b(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b)");
  static const std::regex day_month(
      R"(\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?(?:,?\s+(\d{4}|\d{2})(?![\d:]))?)");
  static const std::regex month_day(R"(\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(\d{4}|\d{2})(?![\d:]))?)");
  std::vector<WrittenDate> out;
  auto add = [&](const std::smatch& m, int y, int mo, int d) {
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return;
    const auto b = static_cast<std::size_t>(m.position(0));
    for (const auto& w : out)
      if (b < w.end && w.begin < b + static_cast<std::size_t>(m.length(0))) return;  // overlaps one found
    out.push_back({y, mo, d, b, b + static_cast<std::size_t>(m.length(0))});
  };
  for (auto it = std::sregex_iterator(t.begin(), t.end(), iso); it != std::sregex_iterator(); ++it)
    add(*it, std::stoi((*it)[1]), std::stoi((*it)[2]), std::stoi((*it)[3]));
  for (auto it = std::sregex_iterator(t.begin(), t.end(), slashed); it != std::sregex_iterator(); ++it) {
    int a = std::stoi((*it)[1]), b = std::stoi((*it)[2]);
    if (b > 12 && a <= 12) std::swap(a, b);
    add(*it, full_year((*it)[3]), b, a);
  }
  static const std::regex slashed_no_year(R"(\b(\d{1,2})/(\d{1,2})\b(?!/))");
  for (auto it = std::sregex_iterator(t.begin(), t.end(), slashed_no_year); it != std::sregex_iterator(); ++it) {
    int a = std::stoi((*it)[1]), b = std::stoi((*it)[2]);
    if (b > 12 && a <= 12) std::swap(a, b);
    add(*it, 0, b, a);
  }
  for (auto it = std::sregex_iterator(t.begin(), t.end(), day_month); it != std::sregex_iterator(); ++it)
    if (int mo = month_of((*it)[2])) add(*it, (*it)[3].matched ? full_year((*it)[3]) : 0, mo, std::stoi((*it)[1]));
  for (auto it = std::sregex_iterator(t.begin(), t.end(), month_day); it != std::sregex_iterator(); ++it)
    if (int mo = month_of((*it)[1])) add(*it, (*it)[3].matched ? full_year((*it)[3]) : 0, mo, std::stoi((*it)[2]));
  std::sort(out.begin(), out.end(), [](const WrittenDate& a, const WrittenDate& b) { return a.begin < b.begin; });
  return out;
}

void settle_years(WrittenDate& a, WrittenDate& b, Date today) {
  if (!b.year && a.year) b.year = b.month < a.month ? a.year + 1 : a.year;
  if (!a.year && b.year) a.year = a.month > b.month ? b.year - 1 : b.year;
  if (!a.year && !b.year) {
    auto c = civil_from_date(today);
    b.year = date_from_civil(c.year, b.month, b.day) <= today ? c.year : c.year - 1;
    a.year = a.month > b.month ? b.year - 1 : b.year;
  }
}

std::optional<Date> one_written_day(const std::string& t, Date today) {
  auto dates = written_dates(t);
  if (dates.size() != 1 || !dates[0].day) return std::nullopt;
  WrittenDate d = dates[0], same = dates[0];
  settle_years(d, same, today);
  return date_from_civil(same.year, same.month, same.day);
}

}  // namespace oiis::agents::period_parts
