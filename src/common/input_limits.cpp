#include "common/input_limits.h"

#include <cmath>
#include <cstdio>

namespace oiis {
namespace {
// Written once at start-up before any reader thread exists, so no lock is needed.
InputLimits g_limits;

std::string named(std::string_view field) { return std::string(field); }
}  // namespace

const InputLimits& input_limits() { return g_limits; }
void set_input_limits(const InputLimits& limits) { g_limits = limits; }

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra = 0;
    std::uint32_t cp = 0, min = 0;
    if ((c & 0xE0) == 0xC0) {
      extra = 1, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += extra + 1;
  }
  return true;
}

Status check_utf8(std::string_view text, std::string_view field) {
  if (is_valid_utf8(text)) return Status::ok();
  return invalid_argument(named(field) + " is not valid UTF-8", named(field));
}

Status check_time(Timestamp ts, std::string_view field) {
  const InputLimits& l = input_limits();
  if (ts >= l.min_time && ts < l.max_time) return Status::ok();
  return invalid_argument(named(field) + " must be between " + format_timestamp(l.min_time) +
                              " and " + format_timestamp(l.max_time),
                          named(field));
}

Status check_money(double value, std::string_view field) {
  const double max = input_limits().max_money;
  if (std::isfinite(value) && value >= 0 && value <= max) return Status::ok();
  char bound[32];
  std::snprintf(bound, sizeof bound, "%g", max);
  return invalid_argument(named(field) + " must be a number between 0 and " + bound,
                          named(field));
}

Status check_quantity(std::int64_t value, std::string_view field) {
  const std::int64_t max = input_limits().max_quantity;
  if (value >= -max && value <= max) return Status::ok();
  return invalid_argument(named(field) + " must be at most " + std::to_string(max) +
                              " in absolute value",
                          named(field));
}

std::string clip_for_message(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Back up to the start of a UTF-8 sequence so the clipped text stays valid.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace oiis
