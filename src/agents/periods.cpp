#include "agents/periods.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

#include "agents/text.h"

namespace oiis::agents {
namespace {

constexpr std::array<const char*, 12> kMonthNames = {"january", "february", "march",     "april",
                                                     "may",     "june",     "july",      "august",
                                                     "september", "october", "november", "december"};
constexpr std::array<const char*, 12> kMonthShort = {"jan", "feb", "mar", "apr", "may", "jun",
                                                     "jul", "aug", "sep", "oct", "nov", "dec"};

Date month_first(int y, int m) { return date_from_civil(y, m, 1); }
Date month_last(int y, int m) { return m == 12 ? date_from_civil(y + 1, 1, 1) - 1 : date_from_civil(y, m + 1, 1) - 1; }

std::string month_label(int y, int m) {
  std::string name = kMonthNames[static_cast<size_t>(m - 1)];
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name + " " + std::to_string(y);
}

Period make(Date first, Date last, PeriodUnit unit, std::string label, Date today) {
  Period p;
  p.first = first;
  p.last = std::min(last, today);
  p.unit = unit;
  p.label = std::move(label);
  p.length_days = p.last - p.first + 1;
  return p;
}

Period month_period(int y, int m, Date today) {
  return make(month_first(y, m), month_last(y, m), PeriodUnit::kMonth, month_label(y, m), today);
}
Period quarter_period(int y, int q, Date today) {
  return make(month_first(y, 3 * q - 2), month_last(y, 3 * q), PeriodUnit::kQuarter,
              "Q" + std::to_string(q) + " " + std::to_string(y), today);
}
Period year_period(int y, Date today) {
  return make(date_from_civil(y, 1, 1), date_from_civil(y, 12, 31), PeriodUnit::kYear,
              std::to_string(y), today);
}
Period week_period(Date monday, Date today, std::string label) {
  return make(monday, monday + 6, PeriodUnit::kWeek, std::move(label), today);
}
Period days_period(int n, Date today) {
  Period p = make(today - n + 1, today, PeriodUnit::kDays, "the last " + std::to_string(n) + " days", today);
  return p;
}

// A month name (full, three letters, or "sept") at the start of `word`; 1..12 or 0.
int month_of(const std::string& word) {
  for (int m = 0; m < 12; ++m)
    if (word == kMonthNames[static_cast<size_t>(m)] || word == kMonthShort[static_cast<size_t>(m)]) return m + 1;
  if (word == "sept") return 9;
  return 0;
}

// The latest start of month `m` (or quarter `q`) that is not after today.
int latest_year_of_month(int m, Date today) {
  auto t = civil_from_date(today);
  return m <= t.month ? t.year : t.year - 1;
}


// Two-digit years are this century's: "5 jan 25" is 2025.
int full_year(const std::string& y) {
  int v = std::stoi(y);
  return y.size() <= 2 ? 2000 + v : v;
}

// One calendar date as written: "2025-06-01", "20/12/2024" (day first, as in most of the
// world; month first only when the day cannot be a month), "20th dec 2024", "dec 20 2024",
// "5 jan" (no year: year 0, for the range to decide). Each with where it ends in the text.
struct WrittenDate {
  int year = 0, month = 0, day = 0;
  std::size_t begin = 0, end = 0;
};

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

// Fills missing years: from the other end of the range, else the latest that is not after today.
void settle_years(WrittenDate& a, WrittenDate& b, Date today) {
  if (!b.year && a.year) b.year = b.month < a.month ? a.year + 1 : a.year;
  if (!a.year && b.year) a.year = a.month > b.month ? b.year - 1 : b.year;
  if (!a.year && !b.year) {
    auto c = civil_from_date(today);
    b.year = date_from_civil(c.year, b.month, b.day) <= today ? c.year : c.year - 1;
    a.year = a.month > b.month ? b.year - 1 : b.year;
  }
}

// "from 2025-06-01 to 2025-06-14", "20 dec 2024 - 5 jan 2025", "20/12/2024-05/01/2025",
// "dec 20 2024 thru jan 5 2025", "1-21 sept 2025", "between 1 and 15 june", "june 1-14".
std::optional<Period> explicit_range(const std::string& t, Date today) {
  static const std::regex days_of_month(
      R"(\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|to|thru|through|until|till|and)\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?(?:,?\s+(\d{4}|\d{2}))?)");
  static const std::regex month_days(R"(\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|to|thru|through|until|till)\s*(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?)");
  static const std::regex joiner(R"(^\s*(?:-|–|to|thru|through|until|till|and|up to)\s*$)");
  std::smatch m;
  WrittenDate a, b;
  if (std::regex_search(t, m, days_of_month) && month_of(m[3])) {
    a = {m[4].matched ? full_year(m[4]) : 0, month_of(m[3]), std::stoi(m[1])};
    b = {a.year, a.month, std::stoi(m[2])};
  } else if (std::regex_search(t, m, month_days) && month_of(m[1])) {
    a = {m[4].matched ? full_year(m[4]) : 0, month_of(m[1]), std::stoi(m[2])};
    b = {a.year, a.month, std::stoi(m[3])};
  } else {
    auto dates = written_dates(t);
    bool found = false;
    for (std::size_t i = 0; i + 1 < dates.size() && !found; ++i)
      if (std::regex_match(t.substr(dates[i].end, dates[i + 1].begin - dates[i].end), joiner)) {
        a = dates[i], b = dates[i + 1];
        found = true;
      }
    if (!found) return std::nullopt;
  }
  settle_years(a, b, today);
  if (a.day > 31 || b.day > 31) return std::nullopt;
  Date first = date_from_civil(a.year, a.month, a.day), last = date_from_civil(b.year, b.month, b.day);
  if (last < first) return std::nullopt;
  return make(first, last, PeriodUnit::kRange, period_range(Period{first, last}), today);
}

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
      return make(day, day, PeriodUnit::kDay, format_date(day), today);
    }
  const bool friday = matches(t, R"(\bblack friday\b)"), monday = matches(t, R"(\bcyber monday\b)");
  if (!friday && !monday) return std::nullopt;
  const int after = monday ? 3 : 0;  // Cyber Monday: three days after Black Friday
  const int latest = black_friday(this_year) + after <= today ? this_year : this_year - 1;
  const Date day = black_friday(year_meant(t, latest)) + after;
  return make(day, day, PeriodUnit::kDay, format_date(day), today);
}

// Months written as a span or list: "apr-jun", "jul to sep 2024", "apr/may/jun 2024".
std::optional<std::pair<int, int>> month_span(const std::string& t, int& year) {
  static const std::regex span(
      R"(\b([a-z]{3,9})\s*(?:/|-|–|to|thru|through|till|until)\s*(?:([a-z]{3,9})\s*/\s*)?([a-z]{3,9})\b(?:\s+(\d{4}))?)");
  for (auto it = std::sregex_iterator(t.begin(), t.end(), span); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    const int a = month_of(m[1]), b = month_of(m[3]);
    if (!a || !b || (m[2].matched && !month_of(m[2]))) continue;
    year = m[4].matched ? std::stoi(m[4]) : 0;
    return std::make_pair(a, b);
  }
  return std::nullopt;
}

std::optional<Period> months_written_as_span(const std::string& t, Date today) {
  int year = 0;
  auto span = month_span(t, year);
  if (!span) return std::nullopt;
  const auto [a, b] = *span;
  const int end_year = year ? year : latest_year_of_month(b, today);
  const int start_year = a > b ? end_year - 1 : end_year;
  return make(month_first(start_year, a), month_last(end_year, b), PeriodUnit::kRange,
              month_label(start_year, a) + " to " + month_label(end_year, b), today);
}

// One day written as a date ("on 2025-06-01", "dec 3rd") or by its day of the month alone
// ("sunday the 28th": the latest 28th not after today).
std::optional<Period> single_day(const std::string& t, Date today) {
  auto dates = written_dates(t);
  if (dates.size() == 1 && dates[0].day) {
    WrittenDate d = dates[0], same = dates[0];
    settle_years(d, same, today);
    Date day = date_from_civil(same.year, same.month, same.day);
    return make(day, day, PeriodUnit::kDay, format_date(day), today);
  }
  std::smatch m;
  static const std::regex nth(R"(\bthe (\d{1,2})(?:st|nd|rd|th)\b)");
  if (!std::regex_search(t, m, nth)) return std::nullopt;
  int d = std::stoi(m[1]);
  if (d < 1 || d > 31) return std::nullopt;
  auto c = civil_from_date(today);
  int y = c.year, mo = c.month;
  if (d > c.day) mo == 1 ? (mo = 12, --y) : --mo;
  Date day = date_from_civil(y, mo, d);
  return make(day, day, PeriodUnit::kDay, format_date(day), today);
}

// "first half of 2025", "H2 2024", "the second half of last year".
std::optional<Period> half_year(const std::string& t, Date today) {
  std::smatch m;
  static const std::regex half(R"(\b(?:(first|1st|second|2nd) half|h([12]))(?:\s+(?:of\s+)?(\d{4}|last year|this year))?\b)");
  if (!std::regex_search(t, m, half)) return std::nullopt;
  const bool second = m[2].matched ? m[2] == "2" : m[1].str()[0] == 's';
  auto c = civil_from_date(today);
  int y = !m[3].matched ? (second && c.month < 7 ? c.year - 1 : c.year)
          : m[3] == "last year" ? c.year - 1 : m[3] == "this year" ? c.year : std::stoi(m[3]);
  Date first = date_from_civil(y, second ? 7 : 1, 1), last = date_from_civil(y, second ? 12 : 6, second ? 31 : 30);
  return make(first, last, PeriodUnit::kRange, std::string(second ? "H2 " : "H1 ") + std::to_string(y), today);
}

// "since jan", "since march 2025": from that month's first day to today.
std::optional<Period> since_month(const std::string& t, Date today) {
  std::smatch m;
  static const std::regex since(R"(\bsince\s+(?:the\s+start\s+of\s+)?([a-z]{3,9})\b(?:\s+(\d{4}))?)");
  if (!std::regex_search(t, m, since)) return std::nullopt;
  int mo = month_of(m[1]);
  if (!mo) return std::nullopt;
  int y = m[2].matched ? std::stoi(m[2]) : latest_year_of_month(mo, today);
  Date first = month_first(y, mo);
  return make(first, today, PeriodUnit::kRange, "since " + month_label(y, mo), today);
}

std::optional<Period> relative_unit(const std::string& t, Date today) {
  auto c = civil_from_date(today);
  Date monday = today - weekday(today);
  int q = (c.month - 1) / 3 + 1;
  std::smatch m;
  static const std::regex last_n(R"((?:last|past|previous|prev)\s+(\d{1,3})\s*(days?|d|weeks?|wks?)\b)");
  if (std::regex_search(t, m, last_n)) {
    int n = std::stoi(m[1]);
    return days_period(m[2].str()[0] == 'w' ? 7 * n : n, today);
  }
  static const std::regex complete_months(R"((?:last|past|previous)\s+(\d{1,2})\s+(?:complete|full|whole|finished|closed)\s+months?\b)");
  if (std::regex_search(t, m, complete_months)) {
    const int n = std::stoi(m[1]);
    int y = c.year, mo = c.month - n;
    while (mo < 1) mo += 12, --y;
    const Date last = month_first(c.year, c.month) - 1;
    return make(month_first(y, mo), last, PeriodUnit::kRange, "the last " + std::to_string(n) + " complete months", today);
  }
  if (matches(t, R"(\b(fortnight|(2|two) weeks) before last\b)")) {
    Period p = make(today - 27, today - 14, PeriodUnit::kRange, "", today);
    p.label = "the fortnight before last (" + period_range(p) + ")";
    return p;
  }
  if (matches(t, R"(\b(last|past|previous|prev|this) fortnight('s)?\b)")) return days_period(14, today);
  if (matches(t, R"(\bday before yesterday\b)")) return make(today - 2, today - 2, PeriodUnit::kDay, format_date(today - 2), today);
  if (matches(t, R"(\b(last|this past|past) weekend('s)?\b)"))
    return make(monday - 2, monday - 1, PeriodUnit::kRange, "last weekend (" + format_date(monday - 2) + ".." + format_date(monday - 1) + ")", today);
  if (matches(t, R"(\b(today|so far today)\b)")) return make(today, today, PeriodUnit::kDay, format_date(today), today);
  if (matches(t, R"(\byesterday\b)")) return make(today - 1, today - 1, PeriodUnit::kDay, format_date(today - 1), today);
  if (matches(t, R"(\b(past|last) (week|wk|7 days)\b)") && matches(t, R"(\bpast\b)")) return days_period(7, today);
  if (matches(t, R"(\b(this|current) (week|wk)\b|\bsince monday\b|\bweek[- ](so far|to[- ]date)\b|\bwtd\b)"))
    return week_period(monday, today, "this week");
  if (matches(t, R"(\b(last|previous|prev) (week|wk)\b|\blast week's\b)"))
    return week_period(monday - 7, today, "last week");
  if (matches(t, R"(\b(this|current) (month|mo)\b|\bmonth[- ](so far|to[- ]date)\b|\bmtd\b)"))
    return month_period(c.year, c.month, today);
  if (matches(t, R"(\b(last|previous|prev|past) (month|mo)\b|\blast month's\b)"))
    return c.month == 1 ? month_period(c.year - 1, 12, today) : month_period(c.year, c.month - 1, today);
  if (matches(t, R"(\b(this|current) (quarter|qtr)\b|\bquarter[- ](so far|to[- ]date)\b|\bqtd\b)"))
    return quarter_period(c.year, q, today);
  if (matches(t, R"(\b(last|previous|prev|past) (quarter|qtr)('s)?\b)"))
    return q == 1 ? quarter_period(c.year - 1, 4, today) : quarter_period(c.year, q - 1, today);
  if (matches(t, R"(\b(this|current) (year|yr)\b|\bytd\b|\byear[- ](so far|to[- ]date)\b)")) {
    Period p = year_period(c.year, today);
    p.label = "this year to date";
    return p;
  }
  if (matches(t, R"(\b(last|previous|prev|past) (year|yr)\b)") && !matches(t, R"(\bsame\b)"))
    return year_period(c.year - 1, today);
  return std::nullopt;
}

std::optional<Period> named_quarter(const std::string& t, Date today) {
  int year = 0;
  const std::optional<int> q = quarter_mentioned(t, year);
  if (!q) return std::nullopt;
  if (!year) {
    auto c = civil_from_date(today);
    year = month_first(c.year, 3 * *q - 2) <= today ? c.year : c.year - 1;
  }
  return quarter_period(year, *q, today);
}

}  // namespace

// "Q3", "Q3 2024", "q4-2025", "the third quarter (of 2024)", "2nd qtr", "the holiday quarter".
std::optional<int> quarter_mentioned(const std::string& t, int& year) {
  std::smatch m;
  static const std::regex quarter(R"(\bq([1-4])\b(?:\s*[-/']?\s*(\d{4}|\d{2})\b)?)");
  static const std::regex ordinal(
      R"(\b(first|1st|second|2nd|third|3rd|fourth|4th) (quarter|qtr)\b(?:\s*(?:of\s*)?(\d{4})\b)?)");
  int q = 0;
  year = 0;
  if (std::regex_search(t, m, quarter)) {
    q = std::stoi(m[1]);
    if (m[2].matched) year = full_year(m[2]);
  } else if (std::regex_search(t, m, ordinal)) {
    const char c = m[1].str()[0];
    q = c == 'f' ? (m[1].str()[1] == 'i' ? 1 : 4) : c == 's' ? 2 : c == 't' ? 3 : c - '0';
    if (m[3].matched) year = std::stoi(m[3]);
  } else if (matches(t, R"(\bholiday (quarter|season)\b)")) {
    q = 4;
  } else if (auto span = month_span(t, year); span && span->first % 3 == 1 && span->second == span->first + 2) {
    q = (span->first - 1) / 3 + 1;  // "apr-jun", "jul to sep": a calendar quarter
  } else {
    return std::nullopt;
  }
  return q;
}

namespace {

std::optional<Period> named_month_or_year(const std::string& t, Date today) {
  static const std::regex word(R"([a-z]+|\d{4})");
  std::optional<Period> year_only;
  for (auto it = std::sregex_iterator(t.begin(), t.end(), word); it != std::sregex_iterator(); ++it) {
    std::string w = it->str();
    int month = month_of(w);
    // "may" is a month only where it reads as one ("in may", "may 2025", "may vs june").
    if (month == 5 && !matches(t, R"(\b(in|of|for|during|since) may\b|\bmay\s+\d{4}\b|\bmay\s*(vs|revenue|sales|\?|$))"))
      month = 0;
    if (month) {
      auto next = std::next(it);
      bool year_follows = next != std::sregex_iterator() && next->str().size() == 4 &&
                          std::isdigit(static_cast<unsigned char>(next->str()[0]));
      int year = year_follows ? std::stoi(next->str()) : latest_year_of_month(month, today);
      return month_period(year, month, today);
    }
    if (w.size() == 4 && std::isdigit(static_cast<unsigned char>(w[0]))) {
      int y = std::stoi(w);
      if (y >= 1990 && y <= 2100 && !year_only) year_only = year_period(y, today);
    }
  }
  return year_only;
}

std::optional<Period> period_in(const std::string& t, Date today) {
  if (auto p = explicit_range(t, today)) return p;
  if (auto p = named_day(t, today)) return p;
  // A date written with its year beats the words around it: "last year's (29 nov 2024)".
  if (auto dates = written_dates(t); dates.size() == 1 && dates[0].year && dates[0].day) return single_day(t, today);
  if (auto p = half_year(t, today)) return p;  // before "this year": "h1 this year"
  if (auto p = relative_unit(t, today)) return p;
  if (auto p = since_month(t, today)) return p;
  if (auto p = named_quarter(t, today)) return p;
  if (auto p = months_written_as_span(t, today)) return p;
  if (auto p = single_day(t, today)) return p;
  return named_month_or_year(t, today);
}

}  // namespace

PeriodMention find_period(std::string_view question, Date today) {
  std::string t = lowercase(question);
  PeriodMention out;
  static const std::regex versus(
      R"(\s(vs\.?|versus|compared (with|to)|against|(better|worse|higher|lower|bigger|smaller|stronger|weaker) than)\s)");
  std::smatch m;
  std::string left = t, right;
  if (std::regex_search(t, m, versus)) {
    left = m.prefix().str();
    right = m.suffix().str();
  }
  out.period = period_in(left, today);
  bool same = matches(t, R"(\bsame (period|month|week|quarter|time|dates|days|stretch)\b|\ba year (earlier|ago|before)\b)");
  bool last_year = matches(right.empty() ? t : right,
                           R"(\b(last|previous|prior) (year|yr)\b|\bly\b|\byear before\b|\byoy\b|\byear[- ](on|over)[- ]year\b)") || same;
  bool previous = matches(right.empty() ? t : right,
                      R"(\b(previous|prior|preceding|one before|month before|week before|quarter before|fortnight before|before that|the \d+ before)\b)");
  if (!right.empty()) {
    auto second = period_in(right, today);
    const bool dated = !written_dates(right).empty() || named_day(right, today);
    if (second && (dated || !matches(right, R"(\b(last|previous) (year|yr)\b)")) && out.period &&
        second->first != out.period->first)
      out.second = second;
    // Growth runs forward in time: "sept vs oct" is October against September.
    if (out.second && out.second->first > out.period->first) std::swap(*out.period, *out.second);
    out.comparison = last_year ? Comparison::kLastYear : Comparison::kPrevious;
    if (!out.period) out.period = period_in(t, today);
  } else if (out.period && (matches(t, R"(\b(compare|compared|growth|change|up or down|ahead|behind|yoy)\b|\byear[- ](on|over)[- ]year\b)"))) {
    out.comparison = last_year ? Comparison::kLastYear : Comparison::kPrevious;
  } else if (!out.period || same) {
    out.relative_last_year = same || (!out.period && last_year);
    out.relative_previous = !out.relative_last_year && previous;
    if (out.relative_last_year || out.relative_previous) out.period.reset();
  }
  return out;
}

Period previous_period(const Period& p) {
  auto c = civil_from_date(p.first);
  Date today = p.first - 1;  // nothing after the period's start is "not yet happened"
  switch (p.unit) {
    case PeriodUnit::kMonth:
      return c.month == 1 ? month_period(c.year - 1, 12, today) : month_period(c.year, c.month - 1, today);
    case PeriodUnit::kQuarter: {
      int q = (c.month - 1) / 3 + 1;
      return q == 1 ? quarter_period(c.year - 1, 4, today) : quarter_period(c.year, q - 1, today);
    }
    case PeriodUnit::kYear: return year_period(c.year - 1, today);
    case PeriodUnit::kWeek: return week_period(p.first - 7, today, "the week before");
    default: {
      int n = p.last - p.first + 1;
      Period q = make(p.first - n, p.first - 1, p.unit, "", today);
      q.label = p.unit == PeriodUnit::kDays ? "the " + std::to_string(n) + " days before" : period_range(q);
      return q;
    }
  }
}

Period same_period_last_year(const Period& p) {
  auto a = civil_from_date(p.first);
  auto b = civil_from_date(p.last);
  Date first = date_from_civil(a.year - 1, a.month, std::min(a.day, a.month == 2 ? 28 : a.day));
  Date last = date_from_civil(b.year - 1, b.month, std::min(b.day, b.month == 2 ? 28 : b.day));
  Period q = make(first, last, p.unit, "", last);
  if (p.unit == PeriodUnit::kMonth && p.length_days == month_last(a.year, a.month) - p.first + 1)
    q.label = month_label(a.year - 1, a.month);
  else if (p.unit == PeriodUnit::kYear && a.month == 1 && a.day == 1 && b.month == 12 && b.day == 31)
    q.label = std::to_string(a.year - 1);
  else
    q.label = period_range(q);
  return q;
}

Period all_time(Date first_day, Date today) {
  return make(first_day, today, PeriodUnit::kAll, "all time", today);
}

std::string period_range(const Period& p) { return format_date(p.first) + ".." + format_date(p.last); }

}  // namespace oiis::agents
