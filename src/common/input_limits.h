// Bounds on everything that comes from outside (HTTP bodies, query strings, imported files):
// the one place that says how deep, how long, how early, how late and how large a value may be.
// Parsers and validators call these checks instead of writing their own, so one limit has one
// definition and one error wording. Defaults are in docs/security.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time.h"

namespace oiis {

struct InputLimits {
  int max_json_depth = 64;                      // nesting of arrays/objects in one document
  std::size_t max_json_string_bytes = 64 << 10; // one JSON string (key or value), raw bytes
  // Stored business times (order placement, status moves, stock and PO dates) lie in
  // [min_time, max_time): outside it the dense daily histories behind ABC, the reorder plan and
  // forecasts would need centuries of days.
  Timestamp min_time = 0;             // 1970-01-01T00:00:00Z
  Timestamp max_time = 7258118400;    // 2200-01-01T00:00:00Z
  // Money (prices, costs, discounts) and quantities: chosen so that quantity x price summed
  // over 1000 order lines stays far inside a double's exact range and an int64.
  double max_money = 1e9;
  std::int64_t max_quantity = 1'000'000;
};

// The process-wide limits. Set once at start-up (before serving or importing); read anywhere.
const InputLimits& input_limits();
void set_input_limits(const InputLimits& limits);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Each returns OK or kInvalidArgument naming `field` and the bound.
Status check_utf8(std::string_view text, std::string_view field);
Status check_time(Timestamp ts, std::string_view field);
Status check_money(double value, std::string_view field);     // finite, 0 <= value <= max
Status check_quantity(std::int64_t value, std::string_view field);  // |value| <= max

// `text` cut to at most `max_bytes` on a UTF-8 boundary, with "..." when cut: for echoing a
// caller's value in an error message without echoing megabytes.
std::string clip_for_message(std::string_view text, std::size_t max_bytes = 80);

}  // namespace oiis
