// docs/quick-start.md, followed as a newcomer would: serve a fresh data folder (the demo
// world), receive the delivery and place the order the document shows — its body and path read from the document
// itself, so the two cannot drift apart — then ask for a forecast and the reorder plan. The
// demo's history ends yesterday, so today's order continues it: forecasts must not collapse
// to zero and the plan must not empty (issue 21: a demo ending years ago did both).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "integration/server_process.h"
#include "support/required_part.h"

namespace oiis::itest {
namespace {

std::string read_doc(const std::string& relative) {
  const char* src = std::getenv("OIIS_SOURCE_DIR");
  const std::filesystem::path root = src ? src : ".";
  std::ifstream in(root / relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A quick-start POST: the JSON after `-d '` and the URL path of the curl command to `path`.
struct DocumentedPost {
  std::string path;
  Json body;
};
std::optional<DocumentedPost> documented_post(const std::string& doc, const std::string& path) {
  const std::regex post(R"(-d '(\{[^']*\})'\s*\\?\s*\n?\s*http://127\.0\.0\.1:8080()" + path + ")");
  std::smatch m;
  if (!std::regex_search(doc, m, post)) return std::nullopt;
  auto body = Json::parse(m[1].str(), nullptr, false);
  if (body.is_discarded()) return std::nullopt;
  return DocumentedPost{m[2].str(), body};
}

TEST(QuickStart, TheDocumentedOrderLeavesForecastsAndAReorderPlan) {
  if (oiis_binary().empty())
    OIIS_SKIP_UNLESS_REQUIRED("no oiis binary: set OIIS_BINARY (ctest does)");
  const std::string doc = read_doc("docs/quick-start.md");
  ASSERT_FALSE(doc.empty()) << "docs/quick-start.md not found (OIIS_SOURCE_DIR)";
  const auto receipt = documented_post(doc, "/api/v1/stock/adjustments");
  ASSERT_TRUE(receipt.has_value()) << "the quick-start no longer shows the stock receipt";
  const auto order = documented_post(doc, "/api/v1/orders");
  ASSERT_TRUE(order.has_value()) << "the quick-start no longer shows a curl order placement";
  const std::string sku = order->body["lines"][0]["sku"];

  TempDir dir;
  ServerProcess server({"serve", "--data", dir.path()}, kAdminKey);
  ASSERT_TRUE(server.wait_ready()) << server.log();
  Api api(server.port());
  auto received = api.post(receipt->path, receipt->body);
  ASSERT_EQ(received.status, 200) << received.body;
  auto placed = api.post(order->path, order->body, {{"Idempotency-Key", "quick-start-1"}});
  ASSERT_EQ(placed.status, 201) << placed.body;

  for (const char* level : {"daily", "weekly"}) {
    auto f = api.get("/api/v1/forecast/" + sku + "?level=" + level + "&horizon=7");
    ASSERT_EQ(f.status, 200) << f.body;
    const Json forecast = f.json();
    double total = 0;
    for (double x : forecast["mean"]) total += x;
    EXPECT_GT(total, 0) << level << " forecast of " << sku << " after the documented order: "
                        << f.body;
    EXPECT_NE(forecast.value("model", ""), "Zero") << f.body;
  }
  auto plan = api.get("/api/v1/inventory/reorder-plan");
  ASSERT_EQ(plan.status, 200) << plan.body;
  const Json report = plan.json();
  EXPECT_FALSE(report["lines"].empty()) << "empty reorder plan after the documented order";
  EXPECT_TRUE(report["unplanned"].empty()) << "the demo world has every input";
}

}  // namespace
}  // namespace oiis::itest
