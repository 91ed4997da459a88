// Products, suppliers, customers, locations: create / read / update / list and pagination.
#include <set>

#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

TEST_F(ServerTest, ProductCreateGetAndLocation) {
  Reply r = post("/api/v1/products", {{"sku", "NEW-1"},
                                      {"name", "Gadget"},
                                      {"price", 12.5},
                                      {"category", "gadgets"},
                                      {"supplier_id", supplier_id_}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.header("Location"), "/api/v1/products/NEW-1");
  EXPECT_GT(r.json["id"].get<Id>(), 0);
  Reply g = get("/api/v1/products/NEW-1");
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.json["name"], "Gadget");
  EXPECT_EQ(g.json["price"], 12.5);
  EXPECT_EQ(g.json["supplier_id"], supplier_id_);
  EXPECT_TRUE(g.json["cost"].is_null()) << g.body;  // never given a cost: unknown, not free
  Reply costed = post("/api/v1/products", {{"sku", "NEW-2"}, {"name", "Widget"}, {"price", 9.0}, {"cost", 4.5}});
  ASSERT_EQ(costed.status, 201) << costed.body;
  EXPECT_EQ(get("/api/v1/products/NEW-2").json["cost"], 4.5);
}

TEST_F(ServerTest, DuplicateSkuIs409) {
  Reply r = post("/api/v1/products", {{"sku", "SKU-1"}, {"name", "Again"}, {"price", 1.0}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.error_code(), "already_exists");
}

TEST_F(ServerTest, UnknownProductIs404) {
  Reply r = get("/api/v1/products/NOPE");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "not_found");
}

TEST_F(ServerTest, PatchPriceLandsInPriceHistoryAndRefreshesTheCache) {
  ASSERT_EQ(get("/api/v1/products/SKU-1").json["price"], 10.0);  // now cached
  Reply p = send("PATCH", "/api/v1/products/SKU-1",
                 Json{{"price", 11.0}, {"price_change_reason", "promotion"}}.dump());
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.json["price"], 11.0);
  EXPECT_EQ(p.json["name"], "Widget 1");  // PATCH keeps other fields
  EXPECT_EQ(get("/api/v1/products/SKU-1").json["price"], 11.0);
  Reply h = get("/api/v1/products/SKU-1/price-history");
  ASSERT_EQ(h.status, 200);
  ASSERT_EQ(h.json["items"].size(), 1u) << h.body;
  EXPECT_EQ(h.json["items"][0]["old_price"], 10.0);
  EXPECT_EQ(h.json["items"][0]["new_price"], 11.0);
  EXPECT_EQ(h.json["items"][0]["reason"], "promotion");
}

TEST_F(ServerTest, PutReplacesAndRequiresFields) {
  Reply bad = send("PUT", "/api/v1/products/SKU-2", Json{{"name", "No price"}}.dump());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_field(), "price");
  Reply ok = send("PUT", "/api/v1/products/SKU-2", Json{{"name", "Replaced"}, {"price", 3.0}}.dump());
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["name"], "Replaced");
  EXPECT_EQ(ok.json["category"], "");  // not given: back to its default
}

TEST_F(ServerTest, SkuCannotBeChangedByPatch) {
  Reply r = send("PATCH", "/api/v1/products/SKU-1", Json{{"sku", "OTHER"}}.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "sku");
  EXPECT_TRUE(store_->get_product_by_sku("SKU-1"));
}

TEST_F(ServerTest, ProductListFilters) {
  Reply tools = get("/api/v1/products?category=tools");
  ASSERT_EQ(tools.status, 200);
  ASSERT_EQ(tools.json["items"].size(), 1u);
  EXPECT_EQ(tools.json["items"][0]["sku"], "SKU-3");
  EXPECT_TRUE(tools.json["next_cursor"].is_null());
  EXPECT_EQ(get("/api/v1/products?q=widget%202").json["items"].size(), 1u);
  EXPECT_EQ(get("/api/v1/products?supplier_id=" + std::to_string(supplier_id_)).json["items"].size(),
            3u);
  EXPECT_EQ(get("/api/v1/products?active=false").json["items"].size(), 0u);
}

TEST_F(ServerTest, CursorPaginationVisitsEveryProductOnce) {
  for (int i = 0; i < 4; ++i)
    ASSERT_EQ(post("/api/v1/products",
                   {{"sku", "P-" + std::to_string(i)}, {"name", "p"}, {"price", 1.0}})
                  .status,
              201);
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    Reply r = get("/api/v1/products?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_LE(r.json["items"].size(), 2u);
    for (const auto& p : r.json["items"]) EXPECT_TRUE(seen.insert(p["sku"]).second);
    cursor = r.json["next_cursor"].is_null() ? "" : r.json["next_cursor"].get<std::string>();
    ASSERT_LT(++pages, 10);
  } while (!cursor.empty());
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_GE(pages, 4);
}

TEST_F(ServerTest, SupplierCrud) {
  Reply c = post("/api/v1/suppliers", {{"name", "Globex"}, {"lead_time_mean_days", 3.0}});
  ASSERT_EQ(c.status, 201) << c.body;
  const std::string path = "/api/v1/suppliers/" + std::to_string(c.json["id"].get<Id>());
  EXPECT_EQ(c.header("Location"), path);
  EXPECT_EQ(get(path).json["name"], "Globex");
  Reply u = send("PATCH", path, Json{{"email", "buy@globex.com"}}.dump());
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.json["email"], "buy@globex.com");
  EXPECT_EQ(u.json["lead_time_mean_days"], 3.0);
  EXPECT_EQ(get("/api/v1/suppliers?q=Glob").json["items"].size(), 1u);
  EXPECT_EQ(get("/api/v1/suppliers").json["items"].size(), 2u);
}

TEST_F(ServerTest, CustomerCrud) {
  Reply c = post("/api/v1/customers", {{"name", "Bob"}, {"region", "south"}});
  ASSERT_EQ(c.status, 201) << c.body;
  const std::string path = "/api/v1/customers/" + std::to_string(c.json["id"].get<Id>());
  Reply u = send("PUT", path, Json{{"name", "Robert"}, {"region", "east"}}.dump());
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(get(path).json["name"], "Robert");
  Reply east = get("/api/v1/customers?region=east");
  ASSERT_EQ(east.json["items"].size(), 1u);
  EXPECT_EQ(east.json["items"][0]["name"], "Robert");
  EXPECT_EQ(get("/api/v1/customers/999999").status, 404);
}

TEST_F(ServerTest, LocationCrud) {
  Reply c = post("/api/v1/locations", {{"code", "ST1"}, {"name", "Shop"}, {"kind", "store"}});
  ASSERT_EQ(c.status, 201) << c.body;
  const std::string path = "/api/v1/locations/" + std::to_string(c.json["id"].get<Id>());
  EXPECT_EQ(get(path).json["code"], "ST1");
  EXPECT_EQ(get("/api/v1/locations").json["items"].size(), 2u);

  Reply patched = send("PATCH", path, Json{{"name", "High Street"}}.dump());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json["name"], "High Street");
  EXPECT_EQ(patched.json["kind"], "store");  // PATCH keeps other fields
  Reply replaced = send("PUT", path, Json{{"code", "ST2"}, {"name", "Mall"}}.dump());
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(get(path).json["code"], "ST2");
  EXPECT_EQ(get(path).json["kind"], "warehouse");  // PUT resets absent fields

  const std::string first = "/api/v1/locations/" + std::to_string(location_id_);
  Reply clash = send("PATCH", first, Json{{"code", "ST2"}}.dump());
  EXPECT_EQ(clash.status, 409) << clash.body;
  EXPECT_EQ(clash.error_field(), "code");
  EXPECT_EQ(send("PATCH", path, Json{{"id", 12345}}.dump()).error_field(), "id");
  EXPECT_EQ(send("PATCH", "/api/v1/locations/999999", Json{{"name", "x"}}.dump()).status, 404);
  EXPECT_EQ(send("PATCH", path, Json{{"name", "x"}}.dump(), kReadKey).status, 403);
}

}  // namespace
}  // namespace oiis::testing
