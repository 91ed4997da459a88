// Every bad input gets the right status and a JSON error naming the field, and leaves the
// store exactly as it was.
#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

struct BadCase {
  const char* name;
  const char* method;
  std::string path;
  std::string body;
  int status;
  std::string field;  // expected error.field ("" = null)
};

std::string order(const std::string& lines, const std::string& extra = "") {
  return R"({"lines": )" + lines + extra + "}";
}

const std::vector<BadCase>& bad_cases() {
  static const std::vector<BadCase> cases = {
      {"malformed json", "POST", "/api/v1/orders", R"({"lines": [)", 400, "body"},
      {"not an object", "POST", "/api/v1/orders", R"([1, 2])", 400, "body"},
      {"empty body", "POST", "/api/v1/products", "", 400, "body"},
      {"unknown field", "POST", "/api/v1/orders",
       order(R"([{"sku": "SKU-1", "quantity": 1}])", R"(, "colour": "red")"), 400, "colour"},
      {"unknown line field", "POST", "/api/v1/orders",
       order(R"([{"sku": "SKU-1", "quantity": 1, "qty": 2}])"), 400, "lines[0].qty"},
      {"wrong type", "POST", "/api/v1/orders", order(R"([{"sku": "SKU-1", "quantity": "two"}])"),
       400, "lines[0].quantity"},
      {"zero quantity", "POST", "/api/v1/orders", order(R"([{"sku": "SKU-1", "quantity": 0}])"),
       400, "lines[0].quantity"},
      {"negative quantity", "POST", "/api/v1/orders",
       order(R"([{"sku": "SKU-2", "quantity": 1}, {"sku": "SKU-1", "quantity": -2}])"), 400,
       "lines[1].quantity"},
      {"unknown sku", "POST", "/api/v1/orders", order(R"([{"sku": "NOPE", "quantity": 1}])"), 404,
       "lines[0].sku"},
      {"missing lines", "POST", "/api/v1/orders", R"({"customer_id": 1})", 400, "lines"},
      {"lines not array", "POST", "/api/v1/orders", R"({"lines": {}})", 400, "lines"},
      {"unknown customer", "POST", "/api/v1/orders",
       order(R"([{"sku": "SKU-1", "quantity": 1}])", R"(, "customer_id": 424242)"), 404,
       "customer_id"},
      {"product wrong type", "POST", "/api/v1/products", R"({"sku": "X", "name": "x", "price": "1"})",
       400, "price"},
      {"product invalid price", "POST", "/api/v1/products", R"({"sku": "X", "name": "x", "price": -1})",
       400, "price"},
      {"patch unknown field", "PATCH", "/api/v1/products/SKU-1", R"({"colour": "red"})", 400,
       "colour"},
      {"patch wrong type", "PATCH", "/api/v1/products/SKU-1", R"({"active": "yes"})", 400,
       "active"},
      {"bad path id", "GET", "/api/v1/orders/abc", "", 400, "id"},
      {"bad limit", "GET", "/api/v1/products?limit=0", "", 400, "limit"},
      {"bad bool", "GET", "/api/v1/products?active=maybe", "", 400, "active"},
      {"bad time", "GET", "/api/v1/orders?from=yesterday", "", 400, "from"},
      {"adjustment unknown sku", "POST", "/api/v1/stock/adjustments",
       R"({"sku": "NOPE", "location_id": 1, "quantity": 1, "reason": "x"})", 404, "sku"},
      {"adjustment bad type", "POST", "/api/v1/stock/adjustments",
       R"({"sku": "SKU-1", "location_id": 1, "type": "teleport", "quantity": 1})", 400, "type"},
      {"adjustment sale type", "POST", "/api/v1/stock/adjustments",
       R"({"sku": "SKU-1", "location_id": 1, "type": "sale", "quantity": 1})", 400, "type"},
      {"receipt zero", "POST", "/api/v1/stock/adjustments",
       R"({"sku": "SKU-1", "location_id": 1, "type": "receipt", "quantity": 0})", 400, "quantity"},
      {"po zero quantity", "POST", "/api/v1/purchase-orders",
       R"({"supplier_id": 1, "location_id": 1, "lines": [{"sku": "SKU-1", "quantity": 0}]})", 400,
       "lines[0].quantity"},
      {"po unknown sku", "POST", "/api/v1/purchase-orders",
       R"({"supplier_id": 1, "location_id": 1, "lines": [{"sku": "NOPE", "quantity": 1}]})", 404,
       "lines[0].sku"},
      {"unknown route", "GET", "/api/v1/nothing-here", "", 404, ""},
      {"wrong method", "DELETE", "/api/v1/products/SKU-1", "", 405, ""},
  };
  return cases;
}

// Everything a bad request could have touched.
std::string snapshot(Store& store) {
  auto stats = store.stats();
  auto stock = store.list_stock({}, {});
  auto products = store.list_products({}, {});
  auto outbox = store.read_outbox(0, 1000);
  EXPECT_TRUE(stats && stock && products && outbox);
  Json j = {{"orders", stats->orders},      {"movements", stats->stock_movements},
            {"pos", stats->purchase_orders}, {"prices", stats->price_changes},
            {"products", Json::array()}, {"stock", Json::array()},
            {"outbox", outbox->size()}};
  for (const auto& s : stock->items) j["stock"].push_back(to_json(s));
  for (const auto& p : products->items) j["products"].push_back(to_json(p));
  return j.dump();
}

TEST_F(ServerTest, BadInputsAreRejectedCleanly) {
  const std::string before = snapshot(*store_);
  for (const auto& c : bad_cases()) {
    SCOPED_TRACE(c.name);
    Reply r = send(c.method, c.path, c.body);
    EXPECT_EQ(r.status, c.status) << r.body;
    ASSERT_TRUE(r.json.is_object() && r.json.contains("error")) << r.body;
    EXPECT_FALSE(r.json["error"].value("code", "").empty());
    EXPECT_FALSE(r.json["error"].value("message", "").empty());
    ASSERT_TRUE(r.json["error"].contains("field"));
    if (c.field.empty())
      EXPECT_TRUE(r.json["error"]["field"].is_null()) << r.body;
    else
      EXPECT_EQ(r.error_field(), c.field) << r.body;
    EXPECT_EQ(snapshot(*store_), before) << "the store changed";
  }
}

TEST_F(ServerTest, WrongMethodNamesTheAllowedOnes) {
  Reply r = send("DELETE", "/api/v1/orders", "");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.error_code(), "method_not_allowed");
  EXPECT_NE(r.header("Allow").find("POST"), std::string::npos);
  EXPECT_NE(r.header("Allow").find("GET"), std::string::npos);
}

TEST_F(ServerTest, OversizeBodyIs413) {
  shutdown();
  ServerConfig config;
  config.max_body_bytes = 1024;
  start(config);
  std::string big = R"({"sku": "BIG", "name": ")" + std::string(4096, 'x') + R"(", "price": 1})";
  Reply r = send("POST", "/api/v1/products", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.error_code(), "payload_too_large");
  EXPECT_FALSE(store_->get_product_by_sku("BIG"));
}

TEST_F(ServerTest, DefaultBodyLimitIsOneMebibyte) {
  std::string big = R"({"sku": "BIG", "name": ")" + std::string(1100000, 'x') + R"(", "price": 1})";
  Reply r = send("POST", "/api/v1/products", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_FALSE(store_->get_product_by_sku("BIG"));
}

// Both engines inflate a gzip request body as cpp-httplib's server always has, and refuse an
// encoding they cannot undo without touching the store.
TEST_F(ServerTest, GzipRequestBodiesAreInflatedAndUnknownEncodingsRefused) {
  client_->set_compress(true);  // httplib's client gzips the body and says so
  Reply zipped = post("/api/v1/products", Json{{"sku", "GZ-1"}, {"name", "Zipped"}, {"price", 2.5}});
  client_->set_compress(false);
  EXPECT_EQ(zipped.status, 201) << zipped.json.dump();
  EXPECT_TRUE(store_->get_product_by_sku("GZ-1"));

  httplib::Headers headers = {{"Authorization", std::string("Bearer ") + kAdminKey},
                              {"Content-Encoding", "compress"}};
  auto r = client_->Post("/api/v1/products", headers, R"({"sku": "LZW-1", "name": "x", "price": 1})",
                         "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
  EXPECT_FALSE(store_->get_product_by_sku("LZW-1"));
}

}  // namespace
}  // namespace oiis::testing
