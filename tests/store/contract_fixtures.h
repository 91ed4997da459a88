// Fixtures as functions for the StoreContract tests (store_contract.h): the rows a test needs,
// made through the public Store API.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "store/store_contract.h"

namespace oiis::testing {

inline Location add_location(Store& s, const std::string& code) {
  Location l;
  l.code = code;
  l.name = "Location " + code;
  return must(s.create_location(l));
}

inline Supplier add_supplier(Store& s, const std::string& name) {
  Supplier sup;
  sup.name = name;
  sup.email = "orders@" + name + ".example";
  return must(s.create_supplier(sup));
}

inline Product product_named(const std::string& sku, double price = 10.0) {
  Product p;
  p.sku = sku;
  p.name = "Product " + sku;
  p.category = "general";
  p.brand = "acme";
  p.price = price;
  p.cost = price / 2;
  return p;
}

inline Product add_product(Store& s, const std::string& sku, double price = 10.0) {
  return must(s.create_product(product_named(sku, price)));
}

inline Customer add_customer(Store& s, const std::string& name, const std::string& region = "north") {
  Customer c;
  c.name = name;
  c.email = name + "@example.com";
  c.region = region;
  return must(s.create_customer(c));
}

inline void set_on_hand(Store& s, Id product, Id location, Quantity units) {
  StockAdjustment a;
  a.product_id = product;
  a.location_id = location;
  a.type = MovementType::kCount;
  a.quantity = units;
  must(s.adjust_stock(a));
}

inline Quantity on_hand(Store& s, Id product, Id location) {
  return must(s.get_stock(product, location)).on_hand;
}

// Walks every page of a list with the given page size and returns the ids seen, in order.
template <typename ListFn>
std::vector<Id> walk_ids(ListFn list, int limit) {
  std::vector<Id> ids;
  PageRequest page{"", limit};
  for (int guard = 0; guard < 10000; ++guard) {
    auto result = list(page);
    EXPECT_TRUE(result.is_ok()) << result.status().to_string();
    if (!result) break;
    EXPECT_LE(static_cast<int>(result->items.size()), limit);
    for (const auto& item : result->items) ids.push_back(item.id);
    if (result->next_cursor.empty()) break;
    page.cursor = result->next_cursor;
  }
  return ids;
}

inline std::vector<OutboxEvent> all_events(Store& s) {
  return must(s.read_outbox(0, 1000));
}

}  // namespace oiis::testing
