// Numbers as people say them, for the synthesiser and for the language model's text (the
// recogniser hears "twenty twenty-five", never "2025"). Pure.
//
// The readings chosen (docs/assistant.md, Voice): quantities in full ("one thousand two hundred
// units"); a four-digit number from 1900 to 2099 is a year when nothing but punctuation follows
// it or a date word comes before it ("in 2025", "Q1 2025"), a quantity otherwise ("2000
// units"); a price under $100 with cents is read the shelf way ("$19.99" -> "nineteen
// ninety-nine"), other money in dollars and cents; decimals with "point" and digit by digit.
#include <array>
#include <cctype>
#include <set>

#include "voice/voice.h"

namespace oiis::voice {
namespace {

constexpr std::array<const char*, 20> kOnes = {
    "zero",    "one",     "two",       "three",    "four",     "five",    "six",       "seven",     "eight",    "nine",
    "ten",     "eleven",  "twelve",    "thirteen", "fourteen", "fifteen", "sixteen",   "seventeen", "eighteen", "nineteen"};
constexpr std::array<const char*, 10> kTens = {"",      "",      "twenty",  "thirty", "forty",
                                               "fifty", "sixty", "seventy", "eighty", "ninety"};
constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};

std::string below_hundred(int n) {
  if (n < 20) return kOnes[static_cast<std::size_t>(n)];
  std::string w = kTens[static_cast<std::size_t>(n / 10)];
  if (n % 10) w += std::string("-") + kOnes[static_cast<std::size_t>(n % 10)];
  return w;
}

std::string below_thousand(int n) {
  std::string w;
  if (n >= 100) {
    w = std::string(kOnes[static_cast<std::size_t>(n / 100)]) + " hundred";
    n %= 100;
    if (n) w += " ";
    else return w;
  }
  return w + below_hundred(n);
}

// "first", "twenty-second": the ordinal of the last word of the cardinal.
std::string ordinal_words(std::int64_t n) {
  std::string w = integer_words(n);
  static const std::pair<const char*, const char*> kIrregular[] = {
      {"one", "first"}, {"two", "second"}, {"three", "third"}, {"five", "fifth"},
      {"eight", "eighth"}, {"nine", "ninth"}, {"twelve", "twelfth"}};
  auto cut = w.find_last_of(" -");
  std::string head = cut == std::string::npos ? "" : w.substr(0, cut + 1);
  std::string last = cut == std::string::npos ? w : w.substr(cut + 1);
  for (const auto& [c, o] : kIrregular)
    if (last == c) return head + o;
  if (last.back() == 'y') return head + last.substr(0, last.size() - 1) + "ieth";
  return head + last + "th";
}

std::string digit_words(std::string_view digits) {
  std::string w;
  for (char d : digits) {
    if (!w.empty()) w += " ";
    w += kOnes[static_cast<std::size_t>(d - '0')];
  }
  return w;
}

// A number as written: [$][-]digits[,ddd]*[.digits][suffix].
struct WrittenNumber {
  bool money = false, negative = false;
  std::string whole, fraction, suffix;
  std::size_t end = 0;
};

bool parse_written_number(std::string_view s, std::size_t at, WrittenNumber& n) {
  std::size_t i = at;
  if (i < s.size() && s[i] == '-') n.negative = true, ++i;
  if (i < s.size() && s[i] == '$') n.money = true, ++i;
  if (!n.negative && i < s.size() && s[i] == '-') n.negative = true, ++i;
  if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  while (i < s.size()) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) n.whole += s[i++];
    else if (s[i] == ',' && i + 3 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])) &&
             std::isdigit(static_cast<unsigned char>(s[i + 2])) && std::isdigit(static_cast<unsigned char>(s[i + 3])))
      ++i;  // a thousands separator
    else break;
  }
  if (i + 1 < s.size() && s[i] == '.' && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) n.fraction += s[i++];
  }
  std::size_t suffix_start = i;
  while (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) || s[i] == '%')) ++i;
  n.suffix = std::string(s.substr(suffix_start, i - suffix_start));
  static const std::set<std::string> kSuffixes = {"%", "k", "K", "m", "M", "bn", "B", "st", "nd", "rd", "th", "x"};
  if (!n.suffix.empty() && !kSuffixes.count(n.suffix)) {
    i = suffix_start;  // "3pm", "10kg": leave the letters as they are
    n.suffix.clear();
  }
  n.end = i;
  return n.whole.size() <= 15;
}

std::string scale_word(const std::string& suffix) {
  if (suffix == "k" || suffix == "K") return "thousand";
  if (suffix == "m" || suffix == "M") return "million";
  if (suffix == "bn" || suffix == "B") return "billion";
  return "";
}

std::string money_words(const WrittenNumber& n) {
  std::int64_t dollars = std::stoll(n.whole);
  std::string scale = scale_word(n.suffix);
  if (!scale.empty()) {
    std::string w = integer_words(dollars);
    if (!n.fraction.empty()) w += " point " + digit_words(n.fraction);
    return w + " " + scale + " dollars";
  }
  int cents = 0;
  if (!n.fraction.empty()) cents = std::stoi((n.fraction + "0").substr(0, 2));
  if (cents >= 10 && dollars > 0 && dollars < 100) return integer_words(dollars) + " " + below_hundred(cents);
  std::string w = integer_words(dollars) + (dollars == 1 ? " dollar" : " dollars");
  if (cents) w += " and " + below_hundred(cents) + (cents == 1 ? " cent" : " cents");
  return w;
}

bool is_year_context(std::string_view before, std::string_view after) {
  std::size_t k = 0;
  while (k < after.size() && after[k] == ' ') ++k;
  bool word_follows = k < after.size() && std::isalnum(static_cast<unsigned char>(after[k]));
  if (!word_follows) return true;
  // The word before: "in 2025 we sold", "since 2019 revenue grew".
  std::size_t e = before.find_last_not_of(' ');
  if (e == std::string_view::npos) return false;
  std::size_t b = before.find_last_of(' ', e);
  std::string word(before.substr(b == std::string_view::npos ? 0 : b + 1, e - (b == std::string_view::npos ? 0 : b + 1) + 1));
  for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::set<std::string> kDateWords = {"in", "since", "of", "from", "to", "until", "before", "after", "year", "during"};
  return kDateWords.count(word) > 0;
}

std::string number_words(const WrittenNumber& n, std::string_view before, std::string_view after) {
  std::string sign = n.negative ? "minus " : "";
  if (n.money) return sign + money_words(n);
  std::int64_t whole = std::stoll(n.whole);
  if (n.suffix == "st" || n.suffix == "nd" || n.suffix == "rd" || n.suffix == "th") return ordinal_words(whole);
  if (!n.negative && n.fraction.empty() && n.suffix.empty() && n.whole.size() == 4 && whole >= 1900 && whole <= 2099 &&
      is_year_context(before, after))
    return year_words(static_cast<int>(whole));
  std::string w = sign + integer_words(whole);
  if (!n.fraction.empty()) w += " point " + digit_words(n.fraction);
  if (n.suffix == "%") w += " percent";
  else if (n.suffix == "x") w += " times";
  else if (!scale_word(n.suffix).empty()) w += " " + scale_word(n.suffix);
  return w;
}

// "2025-03-01" at `at` -> "March first twenty twenty-five"; "" when it is no ISO date.
std::string iso_date_words(std::string_view s, std::size_t at, std::size_t& end) {
  if (at + 10 > s.size()) return "";
  auto digits = [&](std::size_t from, std::size_t count) {
    for (std::size_t k = from; k < from + count; ++k)
      if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
    return true;
  };
  if (!digits(at, 4) || s[at + 4] != '-' || !digits(at + 5, 2) || s[at + 7] != '-' || !digits(at + 8, 2)) return "";
  int month = std::stoi(std::string(s.substr(at + 5, 2))), day = std::stoi(std::string(s.substr(at + 8, 2)));
  if (month < 1 || month > 12 || day < 1 || day > 31) return "";
  end = at + 10;
  return std::string(kMonths[static_cast<std::size_t>(month - 1)]) + " " + ordinal_words(day) + " " +
         year_words(std::stoi(std::string(s.substr(at, 4))));
}

}  // namespace

std::string integer_words(std::int64_t n) {
  if (n < 0) return "minus " + integer_words(-n);
  if (n == 0) return "zero";
  static const std::pair<std::int64_t, const char*> kScales[] = {
      {1'000'000'000'000LL, "trillion"}, {1'000'000'000LL, "billion"}, {1'000'000LL, "million"}, {1'000LL, "thousand"}};
  std::string w;
  for (const auto& [value, name] : kScales) {
    if (n >= value) {
      w += (w.empty() ? "" : " ") + integer_words(n / value) + " " + name;
      n %= value;
    }
  }
  if (n) w += (w.empty() ? "" : " ") + below_thousand(static_cast<int>(n));
  return w;
}

std::string year_words(int year) {
  if (year >= 2000 && year < 2010) return integer_words(year);  // "two thousand five"
  int hi = year / 100, lo = year % 100;
  if (lo == 0) return below_hundred(hi) + " hundred";
  return below_hundred(hi) + " " + (lo < 10 ? "oh " + below_hundred(lo) : below_hundred(lo));
}

std::string spoken_text(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    bool starts_number = std::isdigit(static_cast<unsigned char>(c)) ||
                         ((c == '$' || c == '-') && i + 1 < text.size() &&
                          (std::isdigit(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '$'));
    bool inside_word = i > 0 && (std::isalpha(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '-' ||
                                 std::isdigit(static_cast<unsigned char>(text[i - 1])));
    if (!starts_number || inside_word) {  // "Q1", "SKU-0042" stay as written
      out += c;
      ++i;
      continue;
    }
    std::size_t end = 0;
    std::string date = iso_date_words(text, i, end);
    if (!date.empty()) {
      out += date;
      i = end;
      continue;
    }
    WrittenNumber n;
    if (!parse_written_number(text, i, n)) {
      out += c;
      ++i;
      continue;
    }
    out += number_words(n, text.substr(0, i), text.substr(n.end));
    i = n.end;
    if (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) out += ' ';  // "3pm" -> "three pm"
  }
  return out;
}

}  // namespace oiis::voice
