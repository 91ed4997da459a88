// The M4-layout (wide CSV) series reader used by `oiis forecast --m4`.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "forecast/m4_format.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto series = oiis::forecast::parse_m4_wide(text);
  if (!series) return 0;
  std::size_t values = 0;
  for (const auto& s : *series) values += s.values.size();
  if (values > size) __builtin_trap();  // every value took at least one byte
  return 0;
}
