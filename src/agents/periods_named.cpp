// Periods named by a day people know rather than by dates: retail's named days, a weekday, the
// week around a day, "since" a day, and the seasons (period_parts.h).
#include <regex>

#include "agents/period_parts.h"
#include "agents/text.h"

namespace oiis::agents::period_parts {
namespace {

// The year a named day is meant in: written ("2024", "last yr"), else `latest`, the latest year
// in which that day is not after today.
int year_meant(const std::string& t, int latest) {
  std::smatch m;
  static const std::regex written(R"(\b(20\d\d)\b)");
  if (std::regex_search(t, m, written)) return std::stoi(m[1]);
  if (matches(t, R"(\b(last|previous|prior) (year|yr)('s)?\b|\bly\b)")) return latest - 1;
  return latest;
}

// Black Friday: the day after the fourth Thursday of November (US Thanksgiving).
Date black_friday(int year) {
  const Date first = date_from_civil(year, 11, 1);
  const Date thursday = first + (3 - weekday(first) + 7) % 7;  // weekday: Monday 0
  return thursday + 21 + 1;
}

// The day a text names by a retail day or a written date.
std::optional<Date> day_named_in(const std::string& t, Date today) {
  if (auto p = named_day(t, today)) return p->first;
  return one_written_day(t, today);
}

// "saturday's", "on monday", "last sunday", "this monday": the latest such day not after today
// ("last": before today). Not a weekday inside a named day or a pattern ("every monday").
std::optional<Period> named_weekday(const std::string& t, Date today) {
  static const std::regex weekday_word(
      R"(\b(?:(last|this|on|past|previous)\s+)?(mon|tues|wednes|thurs|fri|satur|sun)day(?:'s)?\b)");
  std::smatch m;
  if (!std::regex_search(t, m, weekday_word)) return std::nullopt;
  if (matches(m.prefix().str(), R"((cyber|black|every|since|each)\s*$)")) return std::nullopt;
  static const std::string names[] = {"mon", "tues", "wednes", "thurs", "fri", "satur", "sun"};
  int wanted = 0;
  while (names[wanted] != m[2].str()) ++wanted;
  const int back = (weekday(today) - wanted + 7) % 7;
  Date day = today - back;
  if (m[1] == "last" || m[1] == "previous" || m[1] == "past") day = back == 0 ? today - 7 : day;
  if (m[1] == "this") day = today - weekday(today) + wanted;
  return make_period(day, day, PeriodUnit::kDay, format_date(day), today);
}

}  // namespace

// Retail's named days: "christmas eve", "xmas day", "boxing day", "new year's eve", "black
// friday", "cyber monday", "valentine's day", "halloween" — the latest not after today unless a
// year is written.
std::optional<Period> named_day(const std::string& t, Date today) {
  struct Fixed {
    const char* pattern;
    int month, day;
  };
  static const Fixed fixed[] = {
      {R"(\b(christmas|xmas|x-mas) eve\b)", 12, 24},         {R"(\b(christmas|xmas|x-mas)( day)?\b)", 12, 25},
      {R"(\bboxing day\b)", 12, 26},                        {R"(\bnew year'?s eve\b|\bnye\b)", 12, 31},
      {R"(\bnew year'?s( day)?\b)", 1, 1},                  {R"(\bvalentine'?s( day)?\b)", 2, 14},
      {R"(\bhalloween\b)", 10, 31}};
  const int this_year = civil_from_date(today).year;
  for (const auto& f : fixed)
    if (matches(t, f.pattern)) {
      const int latest = date_from_civil(this_year, f.month, f.day) <= today ? this_year : this_year - 1;
      const Date day = date_from_civil(year_meant(t, latest), f.month, f.day);
      return make_period(day, day, PeriodUnit::kDay, format_date(day), today);
    }
  const bool friday = matches(t, R"(\bblack friday\b)"), monday = matches(t, R"(\bcyber monday\b)");
  if (!friday && !monday) return std::nullopt;
  const int after = monday ? 3 : 0;  // Cyber Monday: three days after Black Friday
  const int latest = black_friday(this_year) + after <= today ? this_year : this_year - 1;
  const Date day = black_friday(year_meant(t, latest)) + after;
  return make_period(day, day, PeriodUnit::kDay, format_date(day), today);
}

std::optional<Period> anchored_period(const std::string& t, Date today) {
  std::smatch m;
  static const std::regex since(R"(\bsince\s+(.+)$)");
  if (std::regex_search(t, m, since))
    if (auto day = day_named_in(m[1], today); day && *day <= today)
      return make_period(*day, today, PeriodUnit::kRange, "since " + format_date(*day), today);
  static const std::regex week_of(R"(\bweek\s+(of|commencing|beginning|starting|before|after)\s+(.+)$|\bw/c\s+(.+)$)");
  if (std::regex_search(t, m, week_of)) {
    const std::string rest = m[2].matched ? m[2].str() : m[3].str();
    if (auto day = day_named_in(rest, today)) {
      const int shift = m[1] == "before" ? -7 : m[1] == "after" ? 7 : 0;
      const Date monday = *day - weekday(*day) + shift;
      return week_period(monday, today, "the week of " + format_date(monday));
    }
  }
  if (matches(t, R"(\bthe \d{1,2}(st|nd|rd|th)\b)")) return std::nullopt;  // "sunday the 28th": a date
  return named_weekday(t, today);
}

std::optional<Period> season(const std::string& t, Date today) {
  static const std::regex season_word(
      R"(\b(?:(the|this|last|in|over|during|since|past|previous)\s+)?(spring|summer|autumn|fall|winter)\b(?:\s*(?:of\s+)?('?\d{2}\b|\d{4}\b)(?:\s*/\s*'?\d{2,4}\b)?)?)");
  std::smatch m;
  if (!std::regex_search(t, m, season_word) || (!m[1].matched && !m[3].matched)) return std::nullopt;
  const std::string name = m[2] == "fall" ? "autumn" : m[2].str();
  const int start_month = name == "spring" ? 3 : name == "summer" ? 6 : name == "autumn" ? 9 : 12;
  int year = 0;
  if (m[3].matched) {
    std::string y = m[3].str();
    if (y[0] == '\'') y.erase(0, 1);
    year = full_year(y);
  } else {
    const auto c = civil_from_date(today);
    year = month_first(c.year, start_month) <= today ? c.year : c.year - 1;  // the latest begun
    const Date end = month_last(start_month == 12 ? year + 1 : year, (start_month + 2 - 1) % 12 + 1);
    if ((m[1] == "last" || m[1] == "previous" || m[1] == "past") && end >= today) --year;
  }
  const int end_year = start_month == 12 ? year + 1 : year;
  const int end_month = (start_month + 1) % 12 + 1;
  return make_period(month_first(year, start_month), month_last(end_year, end_month), PeriodUnit::kRange,
                     name + " " + std::to_string(year) + (start_month == 12 ? "/" + std::to_string(end_year % 100) : ""),
                     today);
}

}  // namespace oiis::agents::period_parts
