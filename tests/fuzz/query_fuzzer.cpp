// Query parameters and cursors as the list routes pass them to the store: arbitrary cursor
// text, limits, filters and time bounds against a small seeded in-memory SQLite store. Every
// call answers a page or an error naming the bad input; none crashes.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/input_limits.h"
#include "common/time.h"
#include "domain/json.h"
#include "store/store.h"

namespace {

oiis::Store& seeded_store() {
  static std::unique_ptr<oiis::Store> store = [] {
    auto opened = oiis::open_store(":memory:");
    if (!opened) __builtin_trap();
    auto s = std::move(opened).value();
    oiis::Supplier sup;
    sup.name = "S";
    auto supplier = s->create_supplier(sup);
    for (int i = 1; i <= 30; ++i) {
      oiis::Product p;
      p.sku = "SKU-" + std::to_string(i);
      p.name = "Product " + std::to_string(i);
      p.category = i % 2 ? "odd" : "even";
      p.price = i;
      if (supplier) p.supplier_id = supplier->id;
      (void)s->create_product(p);
    }
    return s;
  }();
  return *store;
}

std::optional<std::string> maybe_text(FuzzedDataProvider& in) {
  if (!in.ConsumeBool()) return std::nullopt;
  return in.ConsumeRandomLengthString(64);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  oiis::Store& store = seeded_store();
  oiis::PageRequest page;
  page.cursor = in.ConsumeRandomLengthString(40);
  page.limit = in.ConsumeIntegralInRange<int>(1, 1000);  // the HTTP layer clamps to 1..1000
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: {
      oiis::ProductFilter f;
      f.category = maybe_text(in);
      f.brand = maybe_text(in);
      f.query = maybe_text(in);
      if (in.ConsumeBool()) f.supplier_id = in.ConsumeIntegral<std::int64_t>();
      auto r = store.list_products(f, page);
      if (r)
        for (const auto& p : r->items) (void)oiis::to_json(p).dump();
      break;
    }
    case 1: {
      oiis::OrderFilter f;
      f.channel = maybe_text(in);
      if (in.ConsumeBool()) f.customer_id = in.ConsumeIntegral<std::int64_t>();
      // Times reach the store only through the window check, as in query_time().
      const std::string from = in.ConsumeRandomLengthString(32);
      if (auto t = oiis::parse_timestamp(from); t && oiis::check_time(*t, "from").is_ok())
        f.placed_from = *t;
      (void)store.list_orders(f, page);
      break;
    }
    case 2: {
      oiis::CustomerFilter f;
      f.region = maybe_text(in);
      f.query = maybe_text(in);
      (void)store.list_customers(f, page);
      break;
    }
    default: {
      const std::string sku = in.ConsumeRandomLengthString(80);
      auto p = store.get_product_by_sku(sku);
      if (p) (void)oiis::to_json(*p).dump();
      break;
    }
  }
  return 0;
}
