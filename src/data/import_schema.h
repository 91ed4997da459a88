// The CSV layout of every importable entity, written once and used both ways: the importer
// parses a header-named column into a field, the exporter formats the field back. Column
// names are the JSON field names of domain/json.h. Orders and purchase orders are one row per
// line: header columns repeated on every row, then the line's columns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/types.h"

namespace oiis {

enum class Entity {
  kProducts,
  kSuppliers,
  kCustomers,
  kLocations,
  kOrders,
  kStock,
  kMovements,
  kPriceChanges,
  kPurchaseOrders
};
std::string_view to_string(Entity e);
Result<Entity> parse_entity(std::string_view name);
// "products|suppliers|..." for help texts and errors.
std::string entity_names();

// One CSV column bound to a field of T. An empty cell leaves the field at its default
// (absent), so optional columns may be blank or missing altogether.
template <typename T>
struct Column {
  std::string_view name;
  Status (*parse)(std::string_view text, T& out);  // error message without the field name
  void (*format)(const T& in, std::string& out);   // nullptr: read-only (derived, e.g. total)
  bool required = false;                           // the header must have it
};

template <typename T>
using Columns = std::vector<Column<T>>;

// Flat entities.
const Columns<Supplier>& supplier_columns();
const Columns<Product>& product_columns();
const Columns<Customer>& customer_columns();
const Columns<Location>& location_columns();
const Columns<StockLevel>& stock_columns();
const Columns<StockMovement>& movement_columns();
const Columns<PriceChange>& price_change_columns();
// Entities with lines: header columns, then per-line columns.
const Columns<Order>& order_columns();
const Columns<OrderLine>& order_line_columns();
const Columns<PurchaseOrder>& purchase_order_columns();
const Columns<PurchaseOrderLine>& purchase_order_line_columns();

// The CSV layout of T: `header()` columns, and for entities with lines also `Line`,
// `line_columns()` and `lines` (the member holding them). Shared by importer and exporter.
template <typename T>
struct CsvLayout;
#define OIIS_FLAT_LAYOUT(T, fn)                        \
  template <>                                          \
  struct CsvLayout<T> {                                \
    static const Columns<T>& header() { return fn(); } \
  }
OIIS_FLAT_LAYOUT(Supplier, supplier_columns);
OIIS_FLAT_LAYOUT(Product, product_columns);
OIIS_FLAT_LAYOUT(Customer, customer_columns);
OIIS_FLAT_LAYOUT(Location, location_columns);
OIIS_FLAT_LAYOUT(StockLevel, stock_columns);
OIIS_FLAT_LAYOUT(StockMovement, movement_columns);
OIIS_FLAT_LAYOUT(PriceChange, price_change_columns);
#undef OIIS_FLAT_LAYOUT
template <>
struct CsvLayout<Order> {
  using Line = OrderLine;
  static const Columns<Order>& header() { return order_columns(); }
  static const Columns<OrderLine>& line_columns() { return order_line_columns(); }
  static constexpr auto lines = &Order::lines;
};
template <>
struct CsvLayout<PurchaseOrder> {
  using Line = PurchaseOrderLine;
  static const Columns<PurchaseOrder>& header() { return purchase_order_columns(); }
  static const Columns<PurchaseOrderLine>& line_columns() { return purchase_order_line_columns(); }
  static constexpr auto lines = &PurchaseOrder::lines;
};
template <typename T>
concept HasLines = requires {
  typename CsvLayout<T>::Line;
};

// Fast field parsers shared with the Online Retail reader (std::from_chars, no allocation).
Status parse_int_field(std::string_view text, std::int64_t& out);
Status parse_double_field(std::string_view text, double& out);

}  // namespace oiis
