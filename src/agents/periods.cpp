#include "agents/periods.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

#include "agents/period_parts.h"
#include "agents/text.h"

namespace oiis::agents {
namespace {

using namespace period_parts;

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
  return make_period(first, last, PeriodUnit::kRange, format_date(first) + ".." + format_date(last), today);
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
  return make_period(month_first(start_year, a), month_last(end_year, b), PeriodUnit::kRange,
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
    return make_period(day, day, PeriodUnit::kDay, format_date(day), today);
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
  return make_period(day, day, PeriodUnit::kDay, format_date(day), today);
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
  return make_period(first, last, PeriodUnit::kRange, std::string(second ? "H2 " : "H1 ") + std::to_string(y), today);
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
  return make_period(first, today, PeriodUnit::kRange, "since " + month_label(y, mo), today);
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
    return make_period(month_first(y, mo), last, PeriodUnit::kRange, "the last " + std::to_string(n) + " complete months", today);
  }
  if (matches(t, R"(\b(fortnight|(2|two) weeks) before last\b)")) {
    Period p = make_period(today - 27, today - 14, PeriodUnit::kRange, "", today);
    p.label = "the fortnight before last (" + period_range(p) + ")";
    return p;
  }
  if (matches(t, R"(\b(last|past|previous|prev|this) fortnight('s)?\b)")) return days_period(14, today);
  if (matches(t, R"(\bday before yesterday\b)")) return make_period(today - 2, today - 2, PeriodUnit::kDay, format_date(today - 2), today);
  if (matches(t, R"(\b(last|this past|past) weekend('s)?\b)"))
    return make_period(monday - 2, monday - 1, PeriodUnit::kRange, "last weekend (" + format_date(monday - 2) + ".." + format_date(monday - 1) + ")", today);
  if (matches(t, R"(\b(today|so far today)\b)")) return make_period(today, today, PeriodUnit::kDay, format_date(today), today);
  if (matches(t, R"(\byesterday\b)")) return make_period(today - 1, today - 1, PeriodUnit::kDay, format_date(today - 1), today);
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
  static const std::regex word(R"([a-z]+|\d{4}|'\d{2}\b)");
  std::optional<Period> year_only;
  for (auto it = std::sregex_iterator(t.begin(), t.end(), word); it != std::sregex_iterator(); ++it) {
    std::string w = it->str();
    int month = month_of(w);
    // "may" is a month only where it reads as one ("in may", "may 2025", "may vs june").
    if (month == 5 && !matches(t, R"(\b(in|of|for|during|since) may\b|\bmay\s+\d{4}\b|\bmay\s*(vs|revenue|sales|\?|$))"))
      month = 0;
    if (month) {
      auto next = std::next(it);
      // "sep 2024", "sep '24"
      const std::string after = next == std::sregex_iterator() ? "" : next->str();
      const bool year_follows = (after.size() == 4 && std::isdigit(static_cast<unsigned char>(after[0]))) ||
                                (after.size() == 3 && after[0] == '\'');
      int year = year_follows ? full_year(after.substr(after[0] == '\'' ? 1 : 0)) : latest_year_of_month(month, today);
      return month_period(year, month, today);
    }
    if (w.size() == 4 && std::isdigit(static_cast<unsigned char>(w[0]))) {
      int y = std::stoi(w);
      if (y >= 1990 && y <= 2100 && !year_only) year_only = year_period(y, today);
    }
  }
  return year_only;
}

// "q1-q3", "q2 to q4 2024": a run of quarters, in the latest year whose first quarter of the
// run has begun unless the year is written.
std::optional<Period> quarter_run(const std::string& t, Date today) {
  static const std::regex run(R"(\bq([1-4])\s*(?:-|–|to|thru|through)\s*q?([1-4])\b(?:\s*(?:of\s+)?'?(\d{4}|\d{2})\b)?)");
  std::smatch m;
  if (!std::regex_search(t, m, run)) return std::nullopt;
  const int a = std::stoi(m[1]), b = std::stoi(m[2]);
  if (b <= a) return std::nullopt;
  const auto c = civil_from_date(today);
  const int y = m[3].matched ? full_year(m[3]) : month_first(c.year, 3 * a - 2) <= today ? c.year : c.year - 1;
  return make_period(month_first(y, 3 * a - 2), month_last(y, 3 * b), PeriodUnit::kRange,
                     "Q" + std::to_string(a) + "-Q" + std::to_string(b) + " " + std::to_string(y), today);
}

// "jul 2024 - jun 2025", "jul '24 to jun '25", "FY24/25 (jul 24 - jun 25)": months with their
// years. Two bare digits after a month are a day ("jul 24") unless an apostrophe or "fy" says year.
std::optional<Period> month_year_run(const std::string& t, Date today) {
  static const std::regex run(
      R"(\b([a-z]{3,9})\.?\s+('?)(\d{4}|\d{2})\s*(?:-|–|to|thru|through|until|till)\s*([a-z]{3,9})\.?\s+('?)(\d{4}|\d{2})\b)");
  std::smatch m;
  if (!std::regex_search(t, m, run)) return std::nullopt;
  const int a = month_of(m[1]), b = month_of(m[4]);
  const bool years = (m[3].length() == 4 || m[2].length() > 0 || matches(t, R"(\bfy\s*'?\d)")) &&
                     (m[6].length() == 4 || m[5].length() > 0 || matches(t, R"(\bfy\s*'?\d)"));
  if (!a || !b || !years) return std::nullopt;
  const int ya = full_year(m[3]), yb = full_year(m[6]);
  if (yb < ya || (yb == ya && b < a)) return std::nullopt;
  return make_period(month_first(ya, a), month_last(yb, b), PeriodUnit::kRange,
                     month_label(ya, a) + " to " + month_label(yb, b), today);
}

std::optional<Period> period_in(const std::string& t, Date today) {
  if (auto p = month_year_run(t, today)) return p;
  if (auto p = explicit_range(t, today)) return p;
  if (auto p = anchored_period(t, today)) return p;
  if (auto p = named_day(t, today)) return p;
  if (auto p = quarter_run(t, today)) return p;
  // A date written with its year beats the words around it: "last year's (29 nov 2024)".
  if (auto dates = written_dates(t); dates.size() == 1 && dates[0].year && dates[0].day) return single_day(t, today);
  if (auto p = half_year(t, today)) return p;  // before "this year": "h1 this year"
  if (auto p = relative_unit(t, today)) return p;
  if (auto p = since_month(t, today)) return p;
  if (auto p = season(t, today); p && matches(t, R"(\b(spring|summer|autumn|fall|winter)\s*'?\d)")) return p;
  if (auto p = named_quarter(t, today)) return p;
  if (auto p = months_written_as_span(t, today)) return p;
  if (auto p = season(t, today)) return p;
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
  bool same = matches(t, R"(\bsame (period|month|week|quarter|time|dates|days|stretch)\b|\ba year (earlier|ago|before)\b|\bthis time last (year|yr)\b)");
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
      Period q = make_period(p.first - n, p.first - 1, p.unit, "", today);
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
  Period q = make_period(first, last, p.unit, "", last);
  if (p.unit == PeriodUnit::kMonth && p.length_days == month_last(a.year, a.month) - p.first + 1)
    q.label = month_label(a.year - 1, a.month);
  else if (p.unit == PeriodUnit::kYear && a.month == 1 && a.day == 1 && b.month == 12 && b.day == 31)
    q.label = std::to_string(a.year - 1);
  else
    q.label = period_range(q);
  return q;
}

Period all_time(Date first_day, Date today) {
  return make_period(first_day, today, PeriodUnit::kAll, "all time", today);
}

std::string period_range(const Period& p) { return format_date(p.first) + ".." + format_date(p.last); }

}  // namespace oiis::agents
