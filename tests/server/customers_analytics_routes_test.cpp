// GET /api/v1/customers/{rfm,segments,clv,churn} and /api/v1/customers/{id}/profile on a
// world of 80 regular buyers over two years, half of whom stop buying at staggered times:
// the lapsed ones must rank first for churn, answers are cached per data version, bad input
// is named, and the customers' CRUD route beside these paths still answers.
#include <algorithm>

#include "server/lapsing_buyers.h"
#include "server/server_fixture.h"

namespace oiis::testing {
namespace {


class CustomerAnalyticsRoutesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    add_lapsing_buyers(*store_, location_id_);
  }
  static bool lapsed(Id id) { return lapsing_buyer_lapsed(id); }
  static Id id_of(const Json& item) { return item["customer_id"].get<Id>(); }
};

TEST_F(CustomerAnalyticsRoutesTest, ChurnRanksLapsedBuyersFirstWithProbabilitiesAndDrivers) {
  Reply r = get("/api/v1/customers/churn?limit=1000", kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  const Json& items = r.json["items"];
  ASSERT_EQ(items.size(), static_cast<std::size_t>(kLapsingCustomers)) << r.body;
  double previous = 1.0, lapsed_sum = 0, active_sum = 0;
  for (const auto& item : items) {
    const double p = item["churn_probability"].get<double>();
    EXPECT_GE(p, 0.0);
    EXPECT_LE(p, previous) << "sorted by churn probability, highest first";
    EXPECT_NEAR(item["purchase_probability"].get<double>(), 1 - p, 1e-9);
    previous = p;
    (lapsed(id_of(item)) ? lapsed_sum : active_sum) += p;
  }
  EXPECT_GT(lapsed_sum, 2 * active_sum);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(lapsed(id_of(items[i]))) << items[i].dump();
  EXPECT_EQ(items[0]["email"].get<std::string>().find("@example.com") != std::string::npos, true);
  EXPECT_FALSE(items[0]["drivers"].empty());
  const double auc = r.json["evaluation"]["auc"].get<double>();
  EXPECT_GT(auc, 0.5);
  EXPECT_LE(auc, 1.0);
  // The same evaluation as `oiis customers churn --json` (one shared renderer).
  const double train_rate = r.json["evaluation"]["train_churn_rate"].get<double>();
  EXPECT_GT(train_rate, 0.0);
  EXPECT_LT(train_rate, 1.0);

  Reply again = get("/api/v1/customers/churn?limit=3", kReadKey);
  EXPECT_EQ(again.json["data_version"], r.json["data_version"]);
  EXPECT_EQ(again.json["items"].size(), 3u);

  EXPECT_EQ(get("/api/v1/customers/churn?window_days=0", kReadKey).error_field(), "window_days");
  EXPECT_EQ(get("/api/v1/customers/churn?limit=0", kReadKey).error_field(), "limit");
  Reply bad_day = get("/api/v1/customers/churn?as_of=yesterday", kReadKey);
  EXPECT_EQ(bad_day.status, 400);
  EXPECT_EQ(bad_day.error_field(), "as_of");
  // A window too long for two years of history to train and validate on.
  Reply too_long = get("/api/v1/customers/churn?window_days=400", kReadKey);
  EXPECT_EQ(too_long.status, 400) << too_long.body;
  EXPECT_EQ(too_long.error_field(), "window_days");
}

TEST_F(CustomerAnalyticsRoutesTest, RfmGroupsAddUpAndFilterByGroup) {
  Reply r = get("/api/v1/customers/rfm", kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  std::size_t total = 0;
  for (const auto& g : r.json["groups"]) total += g["customers"].get<std::size_t>();
  EXPECT_EQ(total, static_cast<std::size_t>(kLapsingCustomers));
  Reply lost = get("/api/v1/customers/rfm?group=lost&limit=1000", kReadKey);
  ASSERT_EQ(lost.status, 200) << lost.body;
  ASSERT_FALSE(lost.json["items"].empty());
  for (const auto& item : lost.json["items"]) {
    EXPECT_EQ(item["group"], "lost");
    EXPECT_TRUE(lapsed(id_of(item))) << "a steady buyer cannot be lost: " << item.dump();
  }
  Reply bad = get("/api/v1/customers/rfm?group=royalty", kReadKey);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_field(), "group");
}

TEST_F(CustomerAnalyticsRoutesTest, ClvListsCustomersByExpectedValue) {
  Reply r = get("/api/v1/customers/clv?horizon_days=91&limit=20", kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_GT(r.json["bgnbd"]["r"].get<double>(), 0);
  EXPECT_LT(r.json["gamma_gamma"]["log_likelihood"].get<double>(), 0) << r.json["gamma_gamma"];
  ASSERT_EQ(r.json["items"].size(), 20u);
  double previous = 1e300;
  for (const auto& item : r.json["items"]) {
    const double value = item["expected_value"].get<double>();
    EXPECT_LE(value, previous);
    previous = value;
    EXPECT_GE(item["p_alive"].get<double>(), 0);
    EXPECT_LE(item["p_alive"].get<double>(), 1);
  }
  EXPECT_FALSE(lapsed(id_of(r.json["items"][0]))) << "the most valuable still buys";
  EXPECT_EQ(get("/api/v1/customers/clv?horizon_days=0", kReadKey).error_field(), "horizon_days");
}

TEST_F(CustomerAnalyticsRoutesTest, SegmentsCoverEveryBuyerAndListMembers) {
  Reply r = get("/api/v1/customers/segments", kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  const int k = r.json["k"].get<int>();
  ASSERT_GE(k, 2);
  std::size_t total = 0;
  for (const auto& s : r.json["segments"]) total += s["customers"].get<std::size_t>();
  EXPECT_EQ(total, static_cast<std::size_t>(kLapsingCustomers));
  Reply members = get("/api/v1/customers/segments?segment=0&limit=1000", kReadKey);
  ASSERT_EQ(members.status, 200);
  EXPECT_EQ(members.json["items"].size(), r.json["segments"][0]["customers"].get<std::size_t>());
  Reply bad = get("/api/v1/customers/segments?segment=" + std::to_string(k), kReadKey);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_field(), "segment");
}

TEST_F(CustomerAnalyticsRoutesTest, ProfileGathersEveryModelAndUnknownCustomersAre404) {
  Reply churn = get("/api/v1/customers/churn?limit=1", kReadKey);
  ASSERT_EQ(churn.status, 200) << churn.body;
  const Id riskiest = id_of(churn.json["items"][0]);
  Reply r = get("/api/v1/customers/" + std::to_string(riskiest) + "/profile", kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["external_id"], "C-" + std::to_string(riskiest));
  EXPECT_EQ(r.json["churn"]["rank"], 1);
  EXPECT_EQ(r.json["churn"]["churn_probability"], churn.json["items"][0]["churn_probability"]);
  EXPECT_TRUE(r.json["rfm"]["group"].is_string());
  EXPECT_TRUE(r.json["segment"]["name"].is_string());
  EXPECT_GE(r.json["lifetime_value"]["p_alive"].get<double>(), 0);
  EXPECT_TRUE(r.json["unavailable"].empty()) << r.body;

  // The seeded customer never ordered: a profile with its parts null and the reason given.
  Reply idle = get("/api/v1/customers/" + std::to_string(customer_id_) + "/profile", kReadKey);
  ASSERT_EQ(idle.status, 200) << idle.body;
  EXPECT_TRUE(idle.json["rfm"].is_null());
  EXPECT_TRUE(idle.json["churn"].is_null());
  EXPECT_FALSE(idle.json["unavailable"].empty());

  Reply unknown = get("/api/v1/customers/999999/profile", kReadKey);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.error_field(), "id");
  EXPECT_EQ(get("/api/v1/customers/abc/profile", kReadKey).error_field(), "id");
  // The CRUD route beside the analytics paths still answers.
  Reply crud = get("/api/v1/customers/" + std::to_string(riskiest), kReadKey);
  ASSERT_EQ(crud.status, 200) << crud.body;
  EXPECT_EQ(crud.json["external_id"], "C-" + std::to_string(riskiest));
}

TEST_F(CustomerAnalyticsRoutesTest, NewDataGivesANewAnswer) {
  Reply before = get("/api/v1/customers/rfm", kReadKey);
  ASSERT_EQ(before.status, 200);
  OrderRequest o;
  o.customer_id = customer_id_;
  o.lines.resize(1);
  o.lines[0].sku = "SKU-2";
  o.lines[0].quantity = 1;
  ASSERT_TRUE(store_->place_order(o).is_ok());
  Reply after = get("/api/v1/customers/rfm", kReadKey);
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.json["data_version"], before.json["data_version"]);
  EXPECT_EQ(after.json["customers"], kLapsingCustomers + 1);
}

}  // namespace
}  // namespace oiis::testing
