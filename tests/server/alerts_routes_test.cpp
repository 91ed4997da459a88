// /api/v1/alerts: pages with counts, acknowledge and resolve with roles and conflicts, rescans;
// /api/v1/kpis: its errors name the field.
#include "server_fixture.h"
#include "store/alert_tables.h"

namespace oiis::testing {
namespace {

class AlertRoutesTest : public ServerTest {
 protected:
  void add_alerts(int n) {
    std::vector<StoredAlert> alerts;
    for (int i = 0; i < n; ++i) {
      StoredAlert a;
      a.type = i % 2 ? "price" : "fraud";
      a.fingerprint = "test:" + std::to_string(i);
      a.severity = "high";
      a.title = "alert " + std::to_string(i);
      a.reasons = R"([{"code":"night","text":"placed at 2 am"}])";
      a.record_kind = "order";
      a.record_id = i + 1;
      alerts.push_back(a);
    }
    ASSERT_TRUE(store_->alerts().add_new(alerts, 1000).is_ok());
  }
};

TEST_F(AlertRoutesTest, PagesNewestFirstWithCountsAndFilters) {
  add_alerts(5);
  Reply first = get("/api/v1/alerts?limit=2", kReadKey);
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(first.json["items"].size(), 2u);
  EXPECT_EQ(first.json["items"][0]["title"], "alert 4");
  EXPECT_EQ(first.json["items"][0]["reasons"][0]["code"], "night");
  EXPECT_EQ(first.json["items"][0]["record"]["kind"], "order");
  EXPECT_EQ(first.json["counts"]["open"], 5);
  ASSERT_TRUE(first.json["next_cursor"].is_string());
  Reply second = get("/api/v1/alerts?limit=2&cursor=" + first.json["next_cursor"].get<std::string>(), kReadKey);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.json["items"][0]["title"], "alert 2");
  Reply last = get("/api/v1/alerts?limit=10&type=price", kReadKey);
  EXPECT_EQ(last.json["items"].size(), 2u);
  EXPECT_TRUE(last.json["next_cursor"].is_null());
  EXPECT_EQ(get("/api/v1/alerts?status=closed", kReadKey).error_field(), "status");
  EXPECT_EQ(get("/api/v1/alerts?type=weather", kReadKey).error_field(), "type");
  EXPECT_EQ(get("/api/v1/alerts?cursor=abc", kReadKey).error_field(), "cursor");
}

TEST_F(AlertRoutesTest, AcknowledgeThenResolveNeedsAWriteKeyAndMovesOn) {
  add_alerts(1);
  const Id id = store_->alerts().list({}).value().at(0).id;
  const std::string path = "/api/v1/alerts/" + std::to_string(id);
  EXPECT_EQ(post(path + "/acknowledge", Json::object(), kReadKey).status, 403);
  Reply acked = send("POST", path + "/acknowledge", "", kWriteKey);  // an empty body is fine
  ASSERT_EQ(acked.status, 200) << acked.body;
  EXPECT_EQ(acked.json["status"], "acknowledged");
  EXPECT_EQ(acked.json["updated_by"], kWriteKey);
  EXPECT_EQ(post(path + "/acknowledge", Json::object(), kWriteKey).status, 409);
  EXPECT_EQ(post(path + "/resolve", {{"note", 5}}, kWriteKey).error_field(), "note");
  Reply resolved = post(path + "/resolve", {{"note", "card verified"}}, kWriteKey);
  ASSERT_EQ(resolved.status, 200);
  EXPECT_EQ(resolved.json["note"], "card verified");
  EXPECT_EQ(get(path, kReadKey).json["status"], "resolved");
  EXPECT_EQ(post(path + "/resolve", Json::object(), kWriteKey).status, 409);
  EXPECT_EQ(post("/api/v1/alerts/999999/resolve", Json::object(), kWriteKey).status, 404);
  EXPECT_EQ(get("/api/v1/alerts?status=resolved", kReadKey).json["counts"]["resolved"], 1);
}

TEST_F(AlertRoutesTest, ScanAnswersWhatEachTypeFoundAndRefusesBadBodies) {
  Reply scan = post("/api/v1/alerts/scan", {{"since", "2000-01-01T00:00:00Z"}}, kWriteKey);
  ASSERT_EQ(scan.status, 200) << scan.body;
  EXPECT_TRUE(scan.json["found"].is_object());
  EXPECT_TRUE(scan.json["skipped"].is_array());
  EXPECT_EQ(post("/api/v1/alerts/scan", {{"types", {"weather"}}}, kWriteKey).error_field(), "types");
  EXPECT_EQ(post("/api/v1/alerts/scan", {{"since", "yesterday"}}, kWriteKey).error_field(), "since");
  EXPECT_EQ(post("/api/v1/alerts/scan", Json::object(), kReadKey).status, 403);
}

TEST_F(AlertRoutesTest, KpisNameTheirBadParameters) {
  EXPECT_EQ(get("/api/v1/kpis?period=fortnight", kReadKey).error_field(), "period");
  EXPECT_EQ(get("/api/v1/kpis?as_of=2025-13-01", kReadKey).error_field(), "as_of");
  EXPECT_EQ(get("/api/v1/kpis", nullptr).status, 401);
}

}  // namespace
}  // namespace oiis::testing
