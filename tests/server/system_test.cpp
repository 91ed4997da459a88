// /healthz, /metrics, /openapi.json (generated from the same table the dispatcher serves),
// and failures of the store: unavailable -> 503, an exception -> 500, both as JSON errors.
#include <regex>
#include <set>

#include "server/server_fixture.h"
#include "store/model_tables.h"

namespace oiis::testing {
namespace {

TEST_F(ServerTest, HealthzChecksTheStore) {
  Reply r = get("/healthz", nullptr);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["status"], "ok");
  EXPECT_EQ(r.json["store"], "sqlite");
}

// The URL `oiis serve` prints answers with where things are, not a 404 (issue 21 item 7).
TEST_F(ServerTest, RootIsAnIndexWithoutAKey) {
  Reply r = get("/", nullptr);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["api"], "/api/v1");
  EXPECT_EQ(r.json["openapi"], "/openapi.json");
  EXPECT_EQ(get(r.json["health"].get<std::string>(), nullptr).status, 200);
}

// An unknown query parameter is refused with the ones the route takes, not ignored (issue 21).
TEST_F(ServerTest, UnknownQueryParametersAreRefusedNamingTheAllowedOnes) {
  Reply r = get("/api/v1/products?limt=5");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "limt");
  EXPECT_NE(r.body.find("limit"), std::string::npos) << r.body;
  EXPECT_EQ(get("/api/v1/products?limit=5").status, 200);
}

TEST_F(ServerTest, MetricsCountRequestsByRoutePatternAndTimeStoreCalls) {
  ASSERT_EQ(get("/api/v1/products/SKU-1").status, 200);
  ASSERT_EQ(get("/api/v1/products/SKU-2").status, 200);
  ASSERT_EQ(get("/api/v1/products/NOPE").status, 404);
  Reply m = get("/metrics", nullptr);
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.header("Content-Type").find("text/plain"), std::string::npos);
  EXPECT_NE(m.body.find("oiis_http_requests_total{route=\"/api/v1/products/{sku}\",method=\"GET\","
                        "status=\"200\"} 2\n"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("oiis_http_requests_total{route=\"/api/v1/products/{sku}\",method=\"GET\","
                        "status=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_NE(m.body.find("oiis_http_request_duration_seconds_count{route=\"/api/v1/products/{sku}\","
                        "method=\"GET\"} 3\n"),
            std::string::npos);
  EXPECT_NE(m.body.find("oiis_store_operation_duration_seconds_count{op=\"get_product_by_sku\"}"),
            std::string::npos);
  EXPECT_NE(m.body.find("# TYPE oiis_http_request_duration_seconds histogram"), std::string::npos);
}

TEST_F(ServerTest, UnmatchedRequestsAreCountedApart) {
  ASSERT_EQ(get("/nope").status, 404);
  Reply m = get("/metrics", nullptr);
  EXPECT_NE(m.body.find("route=\"unmatched\",method=\"any\",status=\"404\"} 1"), std::string::npos);
}

// Every route the server dispatches is in the document and every documented operation is
// dispatched (a request to it reaches a handler instead of "no route"/405).
TEST_F(ServerTest, OpenApiCoversEveryRouteAndNothingElse) {
  Reply r = get("/openapi.json", nullptr);
  ASSERT_EQ(r.status, 200);
  const Json& doc = r.json;
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::pair<std::string, std::string>> documented, served;
  for (auto& [path, ops] : doc["paths"].items())
    for (auto& [method, op] : ops.items()) {
      std::string upper = method;
      for (auto& ch : upper) ch = static_cast<char>(std::toupper(ch));
      documented.insert({upper, path});
      EXPECT_TRUE(op.contains("responses") && op.contains("summary")) << method << " " << path;
    }
  for (const auto& route : server_->routes()) served.insert({route.method, route.pattern});
  EXPECT_EQ(documented, served);
  EXPECT_GE(served.size(), 35u);

  for (const auto& [method, path] : documented) {
    const std::string concrete = std::regex_replace(
        std::regex_replace(path, std::regex("\\{id\\}"), "999999"), std::regex("\\{sku\\}"), "NOPE");
    Reply probe = send(method, concrete, "{}");
    EXPECT_NE(probe.status, 405) << method << " " << concrete;
    const std::string message =
        probe.json.is_object() && probe.json.contains("error") ? probe.json["error"].value("message", "") : "";
    EXPECT_EQ(message.rfind("no route", 0), std::string::npos) << method << " " << concrete;
  }
}

TEST_F(ServerTest, OpenApiReferencesResolveAndSecurityIsDeclared) {
  const Json doc = get("/openapi.json", nullptr).json;
  ASSERT_TRUE(doc.contains("components"));
  const Json& schemas = doc["components"]["schemas"];
  for (const char* name : {"Product", "Supplier", "Customer", "Location", "Order", "StockLevel",
                           "PurchaseOrder", "Error", "OrderCreate"})
    EXPECT_TRUE(schemas.contains(name)) << name;
  EXPECT_EQ(doc["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
  // Walk the document; every $ref must name an existing schema.
  std::vector<const Json*> stack = {&doc};
  int refs = 0;
  while (!stack.empty()) {
    const Json* j = stack.back();
    stack.pop_back();
    if (j->is_object()) {
      if (auto it = j->find("$ref"); it != j->end()) {
        const std::string ref = it->get<std::string>();
        ++refs;
        ASSERT_EQ(ref.rfind("#/components/schemas/", 0), 0u) << ref;
        EXPECT_TRUE(schemas.contains(ref.substr(21))) << ref;
      }
      for (const auto& v : *j) stack.push_back(&v);
    } else if (j->is_array()) {
      for (const auto& v : *j) stack.push_back(&v);
    }
  }
  EXPECT_GT(refs, 50);
  // Public routes opt out of the global bearer requirement.
  EXPECT_TRUE(doc["paths"]["/healthz"]["get"]["security"].empty());
  EXPECT_FALSE(doc["paths"]["/api/v1/orders"]["post"].contains("security"));
}

#define OIIS_DOWN(ret, sig) \
  ret sig override { return unavailable("the database is down"); }

class BrokenModelTables final : public ModelTables {
 public:
  OIIS_DOWN(Result<ModelVersion>,
            add_model_version(const ModelVersion&, const std::vector<PredictionRow>*))
  OIIS_DOWN(Result<std::vector<ModelVersion>>, list_model_versions(const std::string&))
  OIIS_DOWN(Result<ModelVersion>, get_model_version(const std::string&, int))
  OIIS_DOWN(Result<ModelVersion>,
            set_model_stage(const std::string&, int, ModelStage, const std::string&,
                            const std::vector<PredictionRow>*))
  OIIS_DOWN(Result<Job>, create_job(const Job&))
  OIIS_DOWN(Result<Job>, update_job(const Job&))
  OIIS_DOWN(Result<Job>, get_job(Id))
  OIIS_DOWN(Result<std::vector<Job>>, list_jobs(int))
  OIIS_DOWN(Status, replace_predictions(const std::string&, const std::vector<PredictionRow>&))
  OIIS_DOWN(Result<PredictionRow>, get_prediction(const std::string&, const std::string&))
  OIIS_DOWN(Result<std::vector<PredictionRow>>,
            list_predictions(const std::string&, const std::string&, int))
  OIIS_DOWN(Result<MonitorReport>, add_monitor_report(const MonitorReport&))
  OIIS_DOWN(Result<std::vector<MonitorReport>>, list_monitor_reports(const std::string&, int))
};

// A store whose every call fails as unavailable, except stats(), which throws.
class BrokenStore final : public Store {
 public:
  std::string backend_name() const override { return "broken"; }
  OIIS_DOWN(Result<Supplier>, create_supplier(const Supplier&))
  OIIS_DOWN(Result<Supplier>, get_supplier(Id))
  OIIS_DOWN(Result<Supplier>, update_supplier(const Supplier&))
  OIIS_DOWN(Result<Page<Supplier>>, list_suppliers(const SupplierFilter&, const PageRequest&))
  OIIS_DOWN(Result<Product>, create_product(const Product&))
  OIIS_DOWN(Result<Product>, get_product(Id))
  OIIS_DOWN(Result<Product>, get_product_by_sku(const std::string&))
  OIIS_DOWN(Result<Product>, update_product(const Product&, const std::string&))
  OIIS_DOWN(Result<Page<Product>>, list_products(const ProductFilter&, const PageRequest&))
  OIIS_DOWN(Result<std::vector<PriceChange>>, price_history(Id))
  OIIS_DOWN(Result<Customer>, create_customer(const Customer&))
  OIIS_DOWN(Result<Customer>, get_customer(Id))
  OIIS_DOWN(Result<Customer>, update_customer(const Customer&))
  OIIS_DOWN(Result<Page<Customer>>, list_customers(const CustomerFilter&, const PageRequest&))
  OIIS_DOWN(Result<Location>, create_location(const Location&))
  OIIS_DOWN(Result<Location>, get_location(Id))
  OIIS_DOWN(Result<Location>, update_location(const Location&))
  OIIS_DOWN(Result<std::vector<Location>>, list_locations())
  OIIS_DOWN(Result<PlacedOrder>, place_order(const OrderRequest&))
  OIIS_DOWN(Result<Order>, get_order(Id))
  OIIS_DOWN(Result<Page<Order>>, list_orders(const OrderFilter&, const PageRequest&))
  OIIS_DOWN(Result<Order>, set_order_status(Id, OrderStatus, std::optional<Timestamp>))
  OIIS_DOWN(Result<StockLevel>, get_stock(Id, Id))
  OIIS_DOWN(Result<Page<StockLevel>>, list_stock(const StockFilter&, const PageRequest&))
  OIIS_DOWN(Result<StockLevel>, adjust_stock(const StockAdjustment&))
  OIIS_DOWN(Result<Page<StockMovement>>, list_movements(const MovementFilter&, const PageRequest&))
  OIIS_DOWN(Result<PurchaseOrder>, create_purchase_order(const PurchaseOrder&))
  OIIS_DOWN(Result<PurchaseOrder>, get_purchase_order(Id))
  OIIS_DOWN(Result<Page<PurchaseOrder>>,
            list_purchase_orders(const PurchaseOrderFilter&, const PageRequest&))
  OIIS_DOWN(Result<PurchaseOrder>, receive_purchase_order(Id, const std::vector<ReceiptLine>&,
                                                          std::optional<Timestamp>))
  OIIS_DOWN(Result<PurchaseOrder>, submit_purchase_order(Id))
  OIIS_DOWN(Result<PurchaseOrder>, revise_purchase_order(Id, const std::vector<PurchaseOrderLineChange>&))
  OIIS_DOWN(Result<std::vector<OutboxEvent>>, read_outbox(Id, int))
  OIIS_DOWN(Result<Id>, outbox_delivered(const std::string&))
  OIIS_DOWN(Status, mark_outbox_delivered(const std::string&, Id))
  OIIS_DOWN(Result<ApiKey>, create_api_key(const ApiKey&))
  OIIS_DOWN(Result<ApiKey>, find_api_key_by_hash(const std::string&))
  OIIS_DOWN(Result<std::vector<ApiKey>>, list_api_keys())
  OIIS_DOWN(Result<ApiKey>, revoke_api_key(Id))
  OIIS_DOWN(Result<std::string>, data_version())
  OIIS_DOWN(Result<std::unique_ptr<BulkWriter>>, begin_bulk())
  OIIS_DOWN(Status, scan_orders(const OrderFilter&, const std::function<bool(const Order&)>&))
  Result<StoreStats> stats() override { throw std::runtime_error("boom"); }
  ModelTables& models() override { return models_; }
  AgentTables& agents() override { throw std::runtime_error("boom"); }
  AlertTables& alerts() override { throw std::runtime_error("boom"); }

 private:
  BrokenModelTables models_;
};
#undef OIIS_DOWN

TEST(ServerFailures, UnavailableStoreIs503AndExceptionsAre500Json) {
  BrokenStore store;
  ServerConfig config;
  config.host = "127.0.0.1";
  config.port = 0;
  config.threads = 2;
  config.admin_keys = {kAdminKey};
  auto server = Server::create(store, config);
  ASSERT_TRUE(server);
  std::thread t([&] { (void)(*server)->listen(); });
  ASSERT_TRUE((*server)->wait_until_running());
  httplib::Client client("127.0.0.1", (*server)->port());
  httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kAdminKey}};

  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503);
  EXPECT_EQ(Json::parse(health->body)["error"]["code"], "unavailable");

  auto stats = client.Get("/api/v1/stats", auth);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->status, 500);
  Json body = Json::parse(stats->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << stats->body;
  EXPECT_EQ(body["error"]["code"], "internal");
  EXPECT_TRUE(body["error"]["field"].is_null());

  // A key the store cannot look up is not "unauthenticated": the store is down.
  auto other = client.Get("/api/v1/products", {{"Authorization", "Bearer someone-else"}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 503);

  (*server)->stop();
  t.join();
}

TEST(ServerConfigTest, RejectsBadConfigAndBusyPorts) {
  auto store = open_store(":memory:");
  ASSERT_TRUE(store);
  ServerConfig bad;
  bad.port = 70000;
  EXPECT_FALSE(Server::create(**store, bad));
  ServerConfig any;
  any.port = 0;
  auto first = Server::create(**store, any);
  ASSERT_TRUE(first);
  ServerConfig same;
  same.port = (*first)->port();
  auto second = Server::create(**store, same);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.status().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace oiis::testing
