// In-process server over a private in-memory SQLite store, driven with httplib::Client.
// Each test gets a fresh store with a small catalogue: one supplier, one location, one
// customer, products SKU-1..SKU-3 with 10 units each, and keys for every role.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "common/crypto.h"
#include "domain/json.h"
#include "server/server.h"
#include "store/store.h"

namespace oiis::testing {

inline constexpr const char* kAdminKey = "test-admin-key";
inline constexpr const char* kReadKey = "test-read-key";
inline constexpr const char* kWriteKey = "test-write-key";

struct Reply {
  int status = 0;  // 0 = no response
  std::string body;
  Json json;  // discarded when the body is not JSON
  httplib::Headers headers;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  // error.field / error.code of an error body ("" when absent or null)
  std::string error_field() const {
    const Json& f = json.is_object() ? json["error"].value("field", Json()) : Json();
    return f.is_string() ? f.get<std::string>() : "";
  }
  std::string error_code() const {
    return json.is_object() && json.contains("error") ? json["error"].value("code", "") : "";
  }
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { start({}); }
  void TearDown() override { shutdown(); }

  void start(ServerConfig config) {
    auto store = open_store(":memory:");
    ASSERT_TRUE(store) << store.status().to_string();
    store_ = std::move(store).value();
    seed();
    config.host = "127.0.0.1";
    config.port = 0;
    if (config.threads == 0) config.threads = 8;
    // ctest runs this suite once per HTTP engine (CMakeLists.txt: server. and server_asio.).
    if (const char* engine = std::getenv("OIIS_TEST_HTTP_ENGINE"); engine && *engine)
      config.http_engine = engine;
    config.admin_keys = {kAdminKey};
    auto server = Server::create(*store_, config);
    ASSERT_TRUE(server) << server.status().to_string();
    server_ = std::move(server).value();
    thread_ = std::thread([this] { (void)server_->listen(); });
    ASSERT_TRUE(server_->wait_until_running());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_keep_alive(true);
    // The first question trains the assistant's router (once per process): about 0.3 s, but
    // ten times that under the sanitizers, past httplib's 5 s default.
    client_->set_read_timeout(120, 0);
  }

  void shutdown() {
    // Close our keep-alive connection first: a worker waiting on it would hold stop() up to
    // the keep-alive timeout.
    if (client_) client_->stop();
    client_.reset();
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    store_.reset();
  }

  void add_key(const std::string& secret, Role role) {
    ApiKey key;
    key.name = secret;
    key.role = role;
    key.key_hash = sha256_hex(secret);
    ASSERT_TRUE(store_->create_api_key(key));
  }

  void seed() {
    add_key(kReadKey, Role::kRead);
    add_key(kWriteKey, Role::kWrite);
    Supplier s;
    s.name = "Acme";
    auto supplier = store_->create_supplier(s);
    ASSERT_TRUE(supplier) << supplier.status().to_string();
    supplier_id_ = supplier->id;
    Location l;
    l.code = "WH1";
    l.name = "Main warehouse";
    auto location = store_->create_location(l);
    ASSERT_TRUE(location) << location.status().to_string();
    location_id_ = location->id;
    Customer c;
    c.name = "Ada";
    c.email = "ada@example.com";
    c.region = "north";
    auto customer = store_->create_customer(c);
    ASSERT_TRUE(customer) << customer.status().to_string();
    customer_id_ = customer->id;
    for (int i = 1; i <= 3; ++i) {
      Product p;
      p.sku = "SKU-" + std::to_string(i);
      p.name = "Widget " + std::to_string(i);
      p.category = i == 3 ? "tools" : "widgets";
      p.brand = "acme";
      p.price = 10.0 * i;
      p.cost = 4.0 * i;
      p.supplier_id = supplier_id_;
      auto product = store_->create_product(p);
      ASSERT_TRUE(product) << product.status().to_string();
      StockAdjustment count;
      count.product_id = product->id;
      count.location_id = location_id_;
      count.type = MovementType::kCount;
      count.quantity = 10;
      count.reason = "seed";
      ASSERT_TRUE(store_->adjust_stock(count));
    }
  }

  // A draft purchase order of 12 x SKU-1 from the fixture's supplier; its id (0 on failure).
  Id draft_purchase_order() {
    PurchaseOrder po;
    po.supplier_id = supplier_id_;
    po.location_id = location_id_;
    po.status = PurchaseOrderStatus::kDraft;
    po.lines.push_back({0, 0, store_->get_product_by_sku("SKU-1")->id, 12, 0, 4.0});
    auto created = store_->create_purchase_order(po);
    EXPECT_TRUE(created.is_ok()) << created.status().to_string();
    return created ? created->id : 0;
  }

  Reply send(const std::string& method, const std::string& path, const std::string& body = {},
             const char* key = kAdminKey, httplib::Headers headers = {}) {
    if (key) headers.emplace("Authorization", std::string("Bearer ") + key);
    httplib::Result r = [&] {
      if (method == "GET") return client_->Get(path, headers);
      if (method == "POST") return client_->Post(path, headers, body, "application/json");
      if (method == "PUT") return client_->Put(path, headers, body, "application/json");
      if (method == "PATCH") return client_->Patch(path, headers, body, "application/json");
      return client_->Delete(path, headers, body, "application/json");
    }();
    Reply reply;
    if (!r) return reply;
    reply.status = r->status;
    reply.body = r->body;
    reply.headers = r->headers;
    reply.json = Json::parse(r->body, nullptr, false);
    return reply;
  }
  Reply get(const std::string& path, const char* key = kAdminKey) { return send("GET", path, {}, key); }
  Reply post(const std::string& path, const Json& body, const char* key = kAdminKey,
             httplib::Headers headers = {}) {
    return send("POST", path, body.dump(), key, std::move(headers));
  }

  Quantity on_hand(const std::string& sku) {
    auto product = store_->get_product_by_sku(sku);
    EXPECT_TRUE(product);
    if (!product) return -1;
    auto level = store_->get_stock(product->id, location_id_);
    EXPECT_TRUE(level);
    return level ? level->on_hand : -1;
  }

  std::unique_ptr<Store> store_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  Id supplier_id_ = 0, location_id_ = 0, customer_id_ = 0;
};

}  // namespace oiis::testing
