#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "data/exporter.h"
#include "import_test_support.h"

namespace oiis {
namespace {

using testing::import_text;
using testing::memory_store;

// Parents before children, so references resolve on import.
constexpr Entity kAll[] = {Entity::kSuppliers, Entity::kProducts,     Entity::kCustomers,
                           Entity::kLocations, Entity::kOrders,       Entity::kStock,
                           Entity::kMovements, Entity::kPriceChanges, Entity::kPurchaseOrders};

std::string export_text(Store& store, Entity e, ExportFormat f) {
  char* data = nullptr;
  size_t size = 0;
  std::FILE* mem = open_memstream(&data, &size);
  auto done = export_entity(store, e, f, mem);
  std::fclose(mem);
  std::string text(data, size);
  std::free(data);
  EXPECT_TRUE(done.is_ok()) << done.status().to_string();
  return text;
}

// A small world with every entity and awkward text (commas, quotes, newlines).
void seed(Store& store) {
  auto w = store.begin_bulk();
  ASSERT_TRUE(w.is_ok()) << w.status().to_string();
  BulkWriter& b = **w;
  Supplier sup;
  sup.name = "Acme, \"Ltd\"";
  sup.email = "a@acme.test";
  sup.created_at = 1700000000;
  const Id sid = b.add_supplier(sup).value();
  Location loc;
  loc.code = "WH1";
  loc.name = "Main\nwarehouse";
  const Id lid = b.add_location(loc).value();
  Product p;
  p.sku = "SKU-1";
  p.name = "Mug, \"big\"";
  p.description = "line one\nline two";
  p.attributes_json = R"({"colour":"red","size":2})";
  p.price = 4.1;
  p.cost = 1.3333333333333333;
  p.supplier_id = sid;
  p.created_at = p.updated_at = 1700000100;
  const Id p1 = b.add_product(p).value();
  p.sku = "SKU-2";
  p.name = "Plate";
  p.supplier_id.reset();
  p.attributes_json = "{}";
  const Id p2 = b.add_product(p).value();
  Customer c;
  c.external_id = "C-1";
  c.name = "Ann";
  c.email = "ann@example.test";
  c.region = "North";
  c.signup_at = 1700000200;
  const Id cid = b.add_customer(c).value();
  Order o;
  o.external_id = "INV-1";
  o.customer_id = cid;
  o.location_id = lid;
  o.status = OrderStatus::kDelivered;
  o.placed_at = 1700001000;
  o.fulfilled_at = 1700002000;
  o.lines = {{0, 0, p1, "SKU-1", 2, 4.1, 0.2}, {0, 0, p2, "SKU-2", 1, 4.1, 0}};
  const Id oid = b.add_order(o).value();
  o.external_id = "";
  o.customer_id.reset();
  o.status = OrderStatus::kReturned;
  o.fulfilled_at.reset();
  o.lines = {{0, 0, p2, "SKU-2", 5, 3.0, 0}};
  ASSERT_TRUE(b.add_order(o).is_ok());
  ASSERT_TRUE(b.set_stock({p1, lid, 10, 2, 5, 1700003000}).is_ok());
  StockMovement m;
  m.product_id = p1;
  m.location_id = lid;
  m.type = MovementType::kSale;
  m.quantity = -2;
  m.reason = "order";
  m.order_id = oid;
  m.at = 1700001000;
  ASSERT_TRUE(b.add_movement(m).is_ok());
  ASSERT_TRUE(b.add_price_change({0, p1, 3.9, 4.1, "cost_change", 1700000500}).is_ok());
  PurchaseOrder po;
  po.supplier_id = sid;
  po.location_id = lid;
  po.created_at = 1700004000;
  po.expected_at = 1700500000;
  po.lines = {{0, 0, p1, 20, 5, 1.25}, {0, 0, p2, 10, 0, 2.5}};
  ASSERT_TRUE(b.add_purchase_order(po).is_ok());
  ASSERT_TRUE(b.commit().is_ok());
}

class RoundTrip : public ::testing::TestWithParam<ExportFormat> {};

TEST_P(RoundTrip, ExportThenImportReproducesEveryEntity) {
  auto source = memory_store();
  seed(*source);
  auto target = memory_store();
  for (Entity e : kAll) {
    const std::string text = export_text(*source, e, GetParam());
    ImportOptions options;
    options.entity = e;
    options.format = GetParam() == ExportFormat::kCsv ? ImportFormat::kCsv : ImportFormat::kJsonl;
    auto report = import_text(*target, text, options);
    ASSERT_TRUE(report.is_ok()) << to_string(e) << ": " << report.status().to_string();
    ASSERT_TRUE(report->committed) << to_string(e) << ": " << report->summary() << "\n" << text;
    EXPECT_EQ(export_text(*target, e, GetParam()), text) << to_string(e);
  }
  auto a = source->stats().value();
  auto b = target->stats().value();
  EXPECT_EQ(a.orders, b.orders);
  EXPECT_EQ(a.order_lines, b.order_lines);
  EXPECT_EQ(a.purchase_orders, b.purchase_orders);
  EXPECT_DOUBLE_EQ(a.revenue, b.revenue);
}

INSTANTIATE_TEST_SUITE_P(Formats, RoundTrip,
                         ::testing::Values(ExportFormat::kCsv, ExportFormat::kJsonl),
                         [](const auto& info) {
                           return info.param == ExportFormat::kCsv ? "csv" : "jsonl";
                         });

TEST(Export, OrdersCsvIsOneRowPerLineWithTheImportHeader) {
  auto store = memory_store();
  seed(*store);
  const std::string text = export_text(*store, Entity::kOrders, ExportFormat::kCsv);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "id,external_id,customer_id,location_id,status,payment_method,channel,placed_at,"
            "fulfilled_at,sku,product_id,quantity,unit_price,discount");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1 + 3);
  EXPECT_NE(text.find("1,INV-1,1,1,delivered,card,web,2023-11-14T22:30:00Z,2023-11-14T22:46:40Z,"
                      "SKU-1,1,2,4.1,0.2\n"),
            std::string::npos)
      << text;
}

TEST(Export, UnknownFormatIsRefused) {
  EXPECT_FALSE(parse_export_format("xml").is_ok());
  EXPECT_FALSE(parse_entity("widgets").is_ok());
}

}  // namespace
}  // namespace oiis
