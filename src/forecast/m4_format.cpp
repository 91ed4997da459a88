#include "forecast/m4_format.h"

#include <charconv>
#include <limits>

namespace oiis::forecast {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// One cell without its surrounding quotes. M4 cells never contain commas or escaped quotes.
std::string_view unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return trim(s);
}

Status parse_row(std::string_view line, size_t line_no, NamedSeries& out) {
  size_t col = 0;
  size_t last_value = 0;  // values.size() after the last non-empty cell
  while (true) {
    const size_t comma = line.find(',');
    const std::string_view cell = unquote(line.substr(0, comma));
    if (col == 0) {
      out.id = std::string(cell);
    } else if (cell.empty()) {
      out.values.push_back(std::numeric_limits<double>::quiet_NaN());
    } else {
      double v = 0;
      const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
      if (ec != std::errc() || ptr != cell.data() + cell.size()) {
        return invalid_argument("not a number: '" + std::string(cell) + "'",
                                "line " + std::to_string(line_no) + ", column " +
                                    std::to_string(col + 1));
      }
      out.values.push_back(v);
      last_value = out.values.size();
    }
    ++col;
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  out.values.resize(last_value);
  return Status::ok();
}

}  // namespace

Result<std::vector<NamedSeries>> parse_m4_wide(std::string_view text) {
  std::vector<NamedSeries> rows;
  size_t line_no = 0;
  bool header_seen = false;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (line.empty()) continue;
    if (!header_seen) {
      header_seen = true;
      continue;
    }
    NamedSeries row;
    OIIS_RETURN_IF_ERROR(parse_row(line, line_no, row));
    rows.push_back(std::move(row));
  }
  if (!header_seen) return invalid_argument("no header row", "line 1");
  return rows;
}

}  // namespace oiis::forecast
