#include "data/import_schema.h"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "common/input_limits.h"

namespace oiis {
namespace {

constexpr std::array<std::pair<Entity, std::string_view>, 9> kEntityNames{{
    {Entity::kProducts, "products"},
    {Entity::kSuppliers, "suppliers"},
    {Entity::kCustomers, "customers"},
    {Entity::kLocations, "locations"},
    {Entity::kOrders, "orders"},
    {Entity::kStock, "stock"},
    {Entity::kMovements, "movements"},
    {Entity::kPriceChanges, "price_changes"},
    {Entity::kPurchaseOrders, "purchase_orders"},
}};

std::string quoted(std::string_view s) {
  return "'" + std::string(s.substr(0, 80)) + "'";
}

// --- codecs: how one C++ field type reads from and writes to a CSV cell.

struct TextCodec {
  static Status parse(std::string_view s, std::string& out) {
    // Every text column of every CSV entity: the store and the API only hold UTF-8.
    if (!is_valid_utf8(s)) return invalid_argument("not valid UTF-8");
    out.assign(s);
    return Status::ok();
  }
  static void format(const std::string& v, std::string& out) { out += v; }
};

struct IntCodec {
  static Status parse(std::string_view s, std::int64_t& out) { return parse_int_field(s, out); }
  static void format(std::int64_t v, std::string& out) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
  }
};

struct DoubleCodec {
  static Status parse(std::string_view s, double& out) { return parse_double_field(s, out); }
  static void format(double v, std::string& out) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back exactly
    out.append(buf, r.ptr);
  }
};

struct BoolCodec {
  static Status parse(std::string_view s, bool& out) {
    if (s == "true" || s == "1") {
      out = true;
    } else if (s == "false" || s == "0") {
      out = false;
    } else {
      return invalid_argument("not a boolean (true/false): " + quoted(s));
    }
    return Status::ok();
  }
  static void format(bool v, std::string& out) { out += v ? "true" : "false"; }
};

// ISO-8601 (see parse_timestamp) or integer unix seconds, like the JSON reader.
struct TimeCodec {
  static Status parse(std::string_view s, Timestamp& out) {
    if (s.find_first_not_of("0123456789") == std::string_view::npos) return parse_int_field(s, out);
    auto ts = parse_timestamp(s);
    if (!ts) return ts.status();
    out = *ts;
    return check_time(out, "time");  // the same window as the API (input_limits())
  }
  static void format(Timestamp v, std::string& out) { out += format_timestamp(v); }
};

template <typename Inner>
struct OptionalCodec {
  template <typename V>
  static Status parse(std::string_view s, std::optional<V>& out) {
    V v{};
    OIIS_RETURN_IF_ERROR(Inner::parse(s, v));
    out = v;
    return Status::ok();
  }
  template <typename V>
  static void format(const std::optional<V>& v, std::string& out) {
    if (v) Inner::format(*v, out);
  }
};

template <typename E, Result<E> (*Parse)(std::string_view)>
struct EnumCodec {
  static Status parse(std::string_view s, E& out) {
    auto v = Parse(s);
    if (!v) return v.status();
    out = *v;
    return Status::ok();
  }
  static void format(E v, std::string& out) { out += to_string(v); }
};
using OrderStatusCodec = EnumCodec<OrderStatus, parse_order_status>;
using MovementTypeCodec = EnumCodec<MovementType, parse_movement_type>;
using PoStatusCodec = EnumCodec<PurchaseOrderStatus, parse_purchase_order_status>;

template <typename M>
struct MemberOf;
template <typename C, typename F>
struct MemberOf<F C::*> {
  using Class = C;
};

// A column bound to member `M` through `Codec`; an empty cell keeps the default.
template <typename Codec, auto M>
Column<typename MemberOf<decltype(M)>::Class> col(std::string_view name, bool required = false) {
  using C = typename MemberOf<decltype(M)>::Class;
  return {name,
          [](std::string_view s, C& out) -> Status {
            return s.empty() ? Status::ok() : Codec::parse(s, out.*M);
          },
          [](const C& in, std::string& out) { Codec::format(in.*M, out); }, required};
}

// Derived output of the JSON form (total, line_total, available): accepted and ignored.
template <typename C>
Column<C> derived(std::string_view name) {
  return {name, [](std::string_view, C&) { return Status::ok(); }, nullptr, false};
}

}  // namespace

std::string_view to_string(Entity e) {
  for (const auto& [v, name] : kEntityNames)
    if (v == e) return name;
  return "unknown";
}

std::string entity_names() {
  std::string out;
  for (const auto& [v, name] : kEntityNames) out += (out.empty() ? "" : "|") + std::string(name);
  return out;
}

Result<Entity> parse_entity(std::string_view name) {
  for (const auto& [v, n] : kEntityNames)
    if (n == name) return v;
  return invalid_argument(
      "unknown entity " + quoted(name) + " (expected one of " + entity_names() + ")", "entity");
}

Status parse_int_field(std::string_view s, std::int64_t& out) {
  const char* b = s.data();
  const char* e = b + s.size();
  if (b != e && *b == '+') ++b;
  auto r = std::from_chars(b, e, out);
  if (r.ec != std::errc() || r.ptr != e || b == e)
    return invalid_argument("not an integer: " + quoted(s));
  return Status::ok();
}

Status parse_double_field(std::string_view s, double& out) {
  const char* b = s.data();
  const char* e = b + s.size();
  if (b != e && *b == '+') ++b;
  auto r = std::from_chars(b, e, out);
  if (r.ec != std::errc() || r.ptr != e || b == e || !std::isfinite(out))
    return invalid_argument("not a number: " + quoted(s));
  return Status::ok();
}

const Columns<Supplier>& supplier_columns() {
  static const Columns<Supplier> c = {
      col<IntCodec, &Supplier::id>("id"),
      col<TextCodec, &Supplier::name>("name", true),
      col<TextCodec, &Supplier::email>("email"),
      col<DoubleCodec, &Supplier::lead_time_mean_days>("lead_time_mean_days"),
      col<DoubleCodec, &Supplier::lead_time_sd_days>("lead_time_sd_days"),
      col<IntCodec, &Supplier::min_order_qty>("min_order_qty"),
      col<DoubleCodec, &Supplier::order_cost>("order_cost"),
      col<TimeCodec, &Supplier::created_at>("created_at"),
  };
  return c;
}

const Columns<Product>& product_columns() {
  static const Columns<Product> c = {
      col<IntCodec, &Product::id>("id"),
      col<TextCodec, &Product::sku>("sku", true),
      col<TextCodec, &Product::name>("name", true),
      col<TextCodec, &Product::category>("category"),
      col<TextCodec, &Product::brand>("brand"),
      col<TextCodec, &Product::description>("description"),
      col<TextCodec, &Product::attributes_json>("attributes"),
      col<DoubleCodec, &Product::price>("price", true),
      col<DoubleCodec, &Product::cost>("cost"),
      col<OptionalCodec<IntCodec>, &Product::supplier_id>("supplier_id"),
      col<IntCodec, &Product::pack_size>("pack_size"),
      col<BoolCodec, &Product::active>("active"),
      col<TimeCodec, &Product::created_at>("created_at"),
      col<TimeCodec, &Product::updated_at>("updated_at"),
  };
  return c;
}

const Columns<Customer>& customer_columns() {
  static const Columns<Customer> c = {
      col<IntCodec, &Customer::id>("id"),
      col<TextCodec, &Customer::external_id>("external_id"),
      col<TextCodec, &Customer::name>("name"),
      col<TextCodec, &Customer::email>("email"),
      col<TextCodec, &Customer::region>("region"),
      col<TimeCodec, &Customer::signup_at>("signup_at"),
  };
  return c;
}

const Columns<Location>& location_columns() {
  static const Columns<Location> c = {
      col<IntCodec, &Location::id>("id"),
      col<TextCodec, &Location::code>("code", true),
      col<TextCodec, &Location::name>("name"),
      col<TextCodec, &Location::kind>("kind"),
  };
  return c;
}

const Columns<StockLevel>& stock_columns() {
  static const Columns<StockLevel> c = {
      col<IntCodec, &StockLevel::product_id>("product_id", true),
      col<IntCodec, &StockLevel::location_id>("location_id", true),
      col<IntCodec, &StockLevel::on_hand>("on_hand"),
      col<IntCodec, &StockLevel::reserved>("reserved"),
      col<IntCodec, &StockLevel::on_order>("on_order"),
      derived<StockLevel>("available"),
      col<TimeCodec, &StockLevel::updated_at>("updated_at"),
  };
  return c;
}

const Columns<StockMovement>& movement_columns() {
  static const Columns<StockMovement> c = {
      col<IntCodec, &StockMovement::id>("id"),
      col<IntCodec, &StockMovement::product_id>("product_id", true),
      col<IntCodec, &StockMovement::location_id>("location_id", true),
      col<MovementTypeCodec, &StockMovement::type>("type", true),
      col<IntCodec, &StockMovement::quantity>("quantity", true),
      col<TextCodec, &StockMovement::reason>("reason"),
      col<OptionalCodec<IntCodec>, &StockMovement::order_id>("order_id"),
      col<OptionalCodec<IntCodec>, &StockMovement::purchase_order_id>("purchase_order_id"),
      col<TimeCodec, &StockMovement::at>("at"),
  };
  return c;
}

const Columns<PriceChange>& price_change_columns() {
  static const Columns<PriceChange> c = {
      col<IntCodec, &PriceChange::id>("id"),
      col<IntCodec, &PriceChange::product_id>("product_id", true),
      col<DoubleCodec, &PriceChange::old_price>("old_price"),
      col<DoubleCodec, &PriceChange::new_price>("new_price", true),
      col<TextCodec, &PriceChange::reason>("reason"),
      col<TimeCodec, &PriceChange::at>("at"),
  };
  return c;
}

const Columns<Order>& order_columns() {
  static const Columns<Order> c = {
      col<IntCodec, &Order::id>("id"),
      col<TextCodec, &Order::external_id>("external_id"),
      col<OptionalCodec<IntCodec>, &Order::customer_id>("customer_id"),
      col<IntCodec, &Order::location_id>("location_id"),
      col<OrderStatusCodec, &Order::status>("status"),
      col<TextCodec, &Order::payment_method>("payment_method"),
      col<TextCodec, &Order::channel>("channel"),
      col<TimeCodec, &Order::placed_at>("placed_at", true),
      col<OptionalCodec<TimeCodec>, &Order::fulfilled_at>("fulfilled_at"),
      derived<Order>("total"),
  };
  return c;
}

const Columns<OrderLine>& order_line_columns() {
  static const Columns<OrderLine> c = {
      col<TextCodec, &OrderLine::sku>("sku"),
      col<IntCodec, &OrderLine::product_id>("product_id"),
      col<IntCodec, &OrderLine::quantity>("quantity", true),
      col<DoubleCodec, &OrderLine::unit_price>("unit_price"),
      col<DoubleCodec, &OrderLine::discount>("discount"),
      derived<OrderLine>("line_total"),
  };
  return c;
}

const Columns<PurchaseOrder>& purchase_order_columns() {
  static const Columns<PurchaseOrder> c = {
      col<IntCodec, &PurchaseOrder::id>("id"),
      col<IntCodec, &PurchaseOrder::supplier_id>("supplier_id", true),
      col<IntCodec, &PurchaseOrder::location_id>("location_id"),
      col<PoStatusCodec, &PurchaseOrder::status>("status"),
      col<TimeCodec, &PurchaseOrder::created_at>("created_at"),
      col<OptionalCodec<TimeCodec>, &PurchaseOrder::expected_at>("expected_at"),
      col<OptionalCodec<TimeCodec>, &PurchaseOrder::received_at>("received_at"),
  };
  return c;
}

const Columns<PurchaseOrderLine>& purchase_order_line_columns() {
  static const Columns<PurchaseOrderLine> c = {
      col<IntCodec, &PurchaseOrderLine::product_id>("product_id", true),
      col<IntCodec, &PurchaseOrderLine::quantity>("quantity", true),
      col<IntCodec, &PurchaseOrderLine::received_quantity>("received_quantity"),
      col<DoubleCodec, &PurchaseOrderLine::unit_cost>("unit_cost"),
  };
  return c;
}

}  // namespace oiis
