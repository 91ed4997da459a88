// The business rules are written once (store/rules) over each backend's row operations; this
// proves that both backends turn the same operations into the same rows. One script of
// operations (catalogue, stock counts, orders with a refusal and an idempotent replay, the
// order life cycle, adjustments, purchase orders received in two goes) runs on a fresh SQLite
// store and a fresh PostgreSQL store with fixed timestamps. Every resulting row is then read
// back through the public Store API, one entry per field ("order#0.status", in the rows' JSON
// form), and the two dumps must agree field by field. The only normalisation: a time the
// script cannot fix (submitting a purchase order takes no time, so it is stamped "now") reads
// "<now>".
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/time.h"
#include "domain/json.h"
#include "store/store.h"
#include "store/store_contract.h"
#include "support/required_part.h"

namespace oiis::testing {
namespace {

constexpr Timestamp kT = 1600000000;  // the script's clock: far from the real "now"

// Every field of every row, keyed "<row>.<field>" ("order#0.lines[1].sku") and written as
// its JSON text (domain/json.h), so a difference names the field it is in.
class RowDump {
 public:
  void put(const std::string& key, const std::string& value) { fields_[key] = value; }

  // Each row of `rows` (in list order) under "<table>#<index>", every field of it.
  template <typename T>
  void put_rows(const std::string& table, const std::vector<T>& rows) {
    for (size_t i = 0; i < rows.size(); ++i)
      flatten(table + "#" + std::to_string(i), to_json(rows[i]));
  }

  // The fields, with every time written during [from, to] (the script's run: the clock's
  // time, not the script's) replaced by "<now>".
  std::map<std::string, std::string> normalised(Timestamp from, Timestamp to) const {
    std::set<std::string> clock_times;
    for (Timestamp t = from; t <= to; ++t) clock_times.insert(format_timestamp(t));
    auto out = fields_;
    for (auto& [key, value] : out)
      if (clock_times.count(value)) value = "<now>";
    return out;
  }

 private:
  void flatten(const std::string& path, const Json& j) {
    if (j.is_object()) {
      for (const auto& [key, value] : j.items()) flatten(path + "." + key, value);
    } else if (j.is_array()) {
      for (size_t i = 0; i < j.size(); ++i) flatten(path + "[" + std::to_string(i) + "]", j[i]);
    } else {
      put(path, j.is_string() ? j.get<std::string>() : j.dump());
    }
  }

  std::map<std::string, std::string> fields_;
};

// Ids the script refers to, the same on both backends when they behave the same.
struct Catalogue {
  Id supplier = 0, customer = 0, warehouse = 0, shop = 0;
  Id p1 = 0, p2 = 0, p3 = 0;
};

Id add_dated_product(Store& s, const std::string& sku, double price, Id supplier, Timestamp at) {
  Product p;
  p.sku = sku;
  p.name = "Product " + sku;
  p.category = "general";
  p.price = price;
  p.cost = price / 2;
  p.supplier_id = supplier;
  p.created_at = p.updated_at = at;
  return must(s.create_product(p)).id;
}

Catalogue create_catalogue(Store& s) {
  Catalogue c;
  Supplier sup;
  sup.name = "globex";
  sup.email = "orders@globex.example";
  sup.created_at = kT;
  c.supplier = must(s.create_supplier(sup)).id;
  Customer cust;
  cust.name = "ada";
  cust.email = "ada@example.com";
  cust.region = "north";
  cust.signup_at = kT;
  c.customer = must(s.create_customer(cust)).id;
  c.warehouse = must(s.create_location(Location{0, "WH1", "Warehouse", "warehouse"})).id;
  c.shop = must(s.create_location(Location{0, "SHOP", "Shop", "store"})).id;
  c.p1 = add_dated_product(s, "SKU-1", 10.0, c.supplier, kT);
  c.p2 = add_dated_product(s, "SKU-2", 25.5, c.supplier, kT);
  c.p3 = add_dated_product(s, "SKU-3", 4.25, c.supplier, kT);
  return c;
}

Status adjust(Store& s, Id product, Id location, MovementType type, Quantity q, Timestamp at,
              const std::string& reason = {}) {
  StockAdjustment a{product, location, type, q, reason, at};
  return s.adjust_stock(a).status();
}

OrderRequest order(std::vector<OrderRequestLine> lines, Timestamp at, std::string key = {}) {
  OrderRequest r;
  r.lines = std::move(lines);
  r.placed_at = at;
  r.idempotency_key = std::move(key);
  return r;
}

// Every item of a paged list.
template <typename T, typename List>
std::vector<T> all_pages(List list) {
  std::vector<T> items;
  PageRequest page{"", 2};  // small pages: the cursors are exercised too
  do {
    auto result = must(list(page));
    items.insert(items.end(), result.items.begin(), result.items.end());
    page.cursor = result.next_cursor;
  } while (!page.cursor.empty());
  return items;
}

std::vector<StockLevel> all_levels(Store& s) {
  return all_pages<StockLevel>([&](auto p) { return s.list_stock({}, p); });
}

// Orders: one placed with a key (then replayed), one refused for stock, a guest order from the
// warehouse, and their life cycles: delivered then returned, cancelled, paid. The outcomes that
// are not rows (refusals, the replay flag) go into the dump too.
void run_orders(Store& s, const Catalogue& c, RowDump& out) {
  OrderRequest first = order({{"SKU-1", 3, std::nullopt, 0.0}, {"SKU-2", 2, 24.0, 3.0}}, kT + 10,
                             "key-1");
  first.customer_id = c.customer;
  first.external_id = "INV-1";
  first.channel = "phone";
  Id a = must(s.place_order(first)).order.id;
  auto refused = s.place_order(
      order({{"SKU-1", 1, std::nullopt, 0.0}, {"SKU-2", 50, std::nullopt, 0.0}}, kT + 11));
  out.put("outcome.refused_for_stock", refused.status().to_string());
  first.placed_at = kT + 99;  // a replay returns the first placement, whatever it says now
  auto replay = must(s.place_order(first));
  out.put("outcome.replay",
          std::to_string(replay.replayed) + " " + std::to_string(replay.order.id));
  OrderRequest guest = order({{"SKU-3", 1, std::nullopt, 0.5}, {"SKU-1", 2, std::nullopt, 0.0}},
                             kT + 12);
  guest.location_id = c.warehouse;
  Id b = must(s.place_order(guest)).order.id;
  Id d = must(s.place_order(order({{"SKU-1", 1, std::nullopt, 0.0}}, kT + 13))).order.id;
  // A later change to a level overwrites its updated_at: keep the levels as orders left them.
  out.put_rows("after_placing.stock", all_levels(s));
  for (OrderStatus to : {OrderStatus::kPaid, OrderStatus::kShipped, OrderStatus::kDelivered,
                         OrderStatus::kReturned})
    must(s.set_order_status(a, to, kT + 20 + static_cast<int>(to)));
  must(s.set_order_status(b, OrderStatus::kCancelled, kT + 30));
  must(s.set_order_status(d, OrderStatus::kPaid, kT + 31));
  out.put("outcome.illegal_move", s.set_order_status(b, OrderStatus::kShipped, kT + 32)
                                      .status()
                                      .to_string());
}

// Purchase orders: a draft with one product on two lines, submitted, received partly (across
// both of those lines) then fully; and one ordered straight away for the shop.
void run_purchase_orders(Store& s, const Catalogue& c, RowDump& out) {
  PurchaseOrder draft;
  draft.supplier_id = c.supplier;
  draft.location_id = c.warehouse;
  draft.status = PurchaseOrderStatus::kDraft;
  draft.created_at = kT + 40;
  draft.expected_at = kT + 50;
  draft.lines = {{0, 0, c.p1, 10, 0, 4.0}, {0, 0, c.p2, 6, 0, 12.5}, {0, 0, c.p1, 5, 0, 4.5}};
  Id po = must(s.create_purchase_order(draft)).id;
  must(s.submit_purchase_order(po));
  must(s.receive_purchase_order(po, {{c.p1, 12}}, kT + 41));
  out.put("outcome.over_receipt",
          s.receive_purchase_order(po, {{c.p2, 7}}, kT + 42).status().to_string());
  must(s.receive_purchase_order(po, {{c.p2, 6}, {c.p1, 3}}, kT + 43));
  PurchaseOrder ordered;
  ordered.supplier_id = c.supplier;
  ordered.location_id = c.shop;
  ordered.created_at = kT + 44;
  ordered.lines = {{0, 0, c.p3, 4, 0, 2.0}};
  must(s.create_purchase_order(ordered));
}

void run_script(Store& s, RowDump& out) {
  Catalogue c = create_catalogue(s);
  out.put("outcome.count_p1", adjust(s, c.p1, c.warehouse, MovementType::kCount, 20, kT + 1)
                                  .to_string());
  out.put("outcome.count_p2", adjust(s, c.p2, c.warehouse, MovementType::kCount, 5, kT + 2)
                                  .to_string());
  out.put("outcome.receipt_p3", adjust(s, c.p3, c.warehouse, MovementType::kReceipt, 10, kT + 3)
                                    .to_string());
  run_orders(s, c, out);
  out.put("outcome.damaged",
          adjust(s, c.p1, c.warehouse, MovementType::kAdjustment, -2, kT + 33, "damaged")
              .to_string());
  out.put("outcome.recount", adjust(s, c.p2, c.warehouse, MovementType::kCount, 7, kT + 34)
                                 .to_string());
  out.put("outcome.below_zero",
          adjust(s, c.p3, c.shop, MovementType::kAdjustment, -1, kT + 35, "lost").to_string());
  run_purchase_orders(s, c, out);
}

// Runs the script on `store` and returns every field of every row it left.
std::map<std::string, std::string> script_rows(Store& s) {
  const Timestamp started = now_utc();
  RowDump out;
  run_script(s, out);
  const Timestamp finished = now_utc();
  out.put_rows("supplier", all_pages<Supplier>([&](auto p) { return s.list_suppliers({}, p); }));
  out.put_rows("product", all_pages<Product>([&](auto p) { return s.list_products({}, p); }));
  out.put_rows("customer", all_pages<Customer>([&](auto p) { return s.list_customers({}, p); }));
  out.put_rows("location", must(s.list_locations()));
  out.put_rows("order", all_pages<Order>([&](auto p) { return s.list_orders({}, p); }));
  out.put_rows("stock", all_levels(s));
  out.put_rows("movement",
               all_pages<StockMovement>([&](auto p) { return s.list_movements({}, p); }));
  out.put_rows("purchase_order",
               all_pages<PurchaseOrder>([&](auto p) { return s.list_purchase_orders({}, p); }));
  out.put_rows("outbox", must(s.read_outbox(0, 1000)));
  return out.normalised(started, finished);
}

TEST(IdenticalRows, SqliteAndPostgresWriteTheSameRowsForTheSameOperations) {
  auto sqlite = make_sqlite_store({});
  ASSERT_NE(sqlite, nullptr);
  auto postgres = make_postgres_store({});
  if (!postgres) OIIS_SKIP_UNLESS_REQUIRED("PostgreSQL unavailable here");
  const auto expected = script_rows(*sqlite);
  const auto actual = script_rows(*postgres);

  // Sanity: the script did what it says, so agreeing on it means something.
  EXPECT_EQ(expected.at("outcome.replay").substr(0, 1), "1");
  EXPECT_NE(expected.at("outcome.refused_for_stock").find("lines[1].quantity"), std::string::npos);
  EXPECT_GT(expected.size(), 250u) << expected.size();

  std::set<std::string> keys;
  for (const auto& [key, value] : expected) keys.insert(key);
  for (const auto& [key, value] : actual) keys.insert(key);
  int differences = 0;
  for (const auto& key : keys) {
    auto s = expected.find(key);
    auto p = actual.find(key);
    const std::string sv = s == expected.end() ? "<no such row>" : s->second;
    const std::string pv = p == actual.end() ? "<no such row>" : p->second;
    EXPECT_EQ(sv, pv) << key << " (left: sqlite, right: postgres)";
    differences += sv != pv;
  }
  EXPECT_EQ(differences, 0) << "of " << keys.size() << " fields";
}

}  // namespace
}  // namespace oiis::testing
