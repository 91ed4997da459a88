// `oiis import` end to end against a fresh in-memory SQLite store: the first byte picks the
// entity and the format (CSV, JSON Lines or the Online Retail adapter), the rest is the file.
// Whatever the file, the import returns a report or an error, and what it committed reads
// back and renders as JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/csv.h"
#include "data/importer.h"
#include "domain/json.h"
#include "store/store.h"

namespace {

constexpr oiis::Entity kEntities[] = {
    oiis::Entity::kProducts, oiis::Entity::kSuppliers, oiis::Entity::kCustomers,
    oiis::Entity::kLocations, oiis::Entity::kOrders,   oiis::Entity::kStock,
    oiis::Entity::kMovements, oiis::Entity::kPriceChanges, oiis::Entity::kPurchaseOrders};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  oiis::ImportOptions options;
  options.entity = kEntities[data[0] % 9];
  const int format = (data[0] / 9) % 3;
  options.format = format == 0   ? oiis::ImportFormat::kCsv
                   : format == 1 ? oiis::ImportFormat::kJsonl
                                 : oiis::ImportFormat::kOnlineRetail;
  options.skip_invalid = (data[0] & 0x80) != 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto store = oiis::open_store(":memory:");
  if (!store) __builtin_trap();
  auto report = oiis::import_from(
      **store,
      [&text]() -> oiis::Result<std::unique_ptr<oiis::ByteSource>> {
        return oiis::string_source(text);
      },
      "fuzz", options);
  if (report && report->committed) {
    oiis::PageRequest page;
    page.limit = 1000;
    auto products = (*store)->list_products({}, page);
    if (!products) __builtin_trap();
    for (const auto& p : products->items) (void)oiis::to_json(p).dump();
  }
  return 0;
}
