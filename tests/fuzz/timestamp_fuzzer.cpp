// Timestamps as they arrive in bodies, query strings and imported files. Invariant: a time
// inside the accepted window formats and parses back to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/input_limits.h"
#include "common/time.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ts = oiis::parse_timestamp(text);
  (void)oiis::parse_date(text);
  if (!ts) return 0;
  if (!oiis::check_time(*ts, "t").is_ok()) return 0;
  const std::string formatted = oiis::format_timestamp(*ts);
  auto again = oiis::parse_timestamp(formatted);
  if (!again || *again != *ts) __builtin_trap();
  return 0;
}
