// The streaming CSV and line readers with a tiny chunk size, so every refill and window growth
// path runs (the 1 MiB-record crash of issue 11 row 10 lived there).
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  oiis::CsvOptions options;
  options.chunk_size = 16;
  options.max_record_bytes = 4096;
  options.delimiter = size > 0 && data[0] == ';' ? ';' : ',';
  oiis::CsvReader csv(oiis::string_source(text), options);
  std::size_t records = 0, bytes = 0;
  while (csv.next()) {
    ++records;
    for (std::string_view f : csv.fields()) bytes += f.size();  // touch every field
    if (records > size + 1) __builtin_trap();                    // no record from nothing
  }
  if (bytes > size) __builtin_trap();
  oiis::LineReader lines(oiis::string_source(text), 16, 4096);
  std::string_view line;
  while (lines.next(line)) bytes += line.size();
  return 0;
}
