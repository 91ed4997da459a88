// JSON request bodies and JSON Lines rows: the bounded parser (parse_json), the strict field
// reader (JsonObjectReader, through domain/json.h's read_json), validation, and rendering the
// result back (dump must never throw on what was accepted).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/json_reader.h"
#include "domain/json.h"
#include "domain/validation.h"

namespace {

template <typename T>
void read_validate_render(const oiis::Json& j) {
  T value;
  if (oiis::read_json(j, value).is_ok()) {
    (void)oiis::validate(value);
    (void)oiis::to_json(value).dump();  // throws on invalid UTF-8: accepted text must be valid
  }
}

template <typename T>
void read_render(const oiis::Json& j) {
  T value;
  if (oiis::read_json(j, value).is_ok()) (void)oiis::to_json(value).dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = oiis::parse_json(text);
  if (!parsed) return 0;
  (void)parsed->dump();  // depth is bounded, so the recursive serialiser is safe
  if (!parsed->is_object()) return 0;
  read_validate_render<oiis::Product>(*parsed);
  read_validate_render<oiis::Supplier>(*parsed);
  read_validate_render<oiis::Customer>(*parsed);
  read_validate_render<oiis::Location>(*parsed);
  read_validate_render<oiis::PurchaseOrder>(*parsed);
  read_render<oiis::Order>(*parsed);
  read_render<oiis::StockMovement>(*parsed);
  read_render<oiis::PriceChange>(*parsed);
  return 0;
}
