// GET /api/v1/forecast/{sku} (from the store's order history) and POST /api/v1/forecast
// (a posted series), including input validation naming the field.
#include "common/time.h"
#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

class ForecastRoutesTest : public ServerTest {
 protected:
  // One unit of SKU-1 a day for `days` days, ending yesterday.
  void order_daily(int days) {
    const Date today = date_of(now_utc());
    for (int d = days; d >= 1; --d) {
      OrderRequest r;
      r.customer_id = customer_id_;
      r.placed_at = timestamp_of(today - d) + 3600;
      OrderRequestLine line;
      line.sku = "SKU-1";
      line.quantity = d % 3 == 0 ? 2 : 1;
      r.lines.push_back(line);
      ASSERT_TRUE(store_->place_order(r).is_ok());
    }
  }
};

void expect_forecast_body(const Json& j, std::size_t horizon) {
  for (const char* k : {"mean", "lo80", "hi80", "lo95", "hi95"}) {
    ASSERT_TRUE(j.contains(k)) << k;
    EXPECT_EQ(j[k].size(), horizon) << k;
  }
  for (std::size_t h = 0; h < horizon; ++h) {
    EXPECT_LE(j["lo95"][h].get<double>(), j["lo80"][h].get<double>());
    EXPECT_LE(j["lo80"][h].get<double>(), j["mean"][h].get<double>());
    EXPECT_LE(j["mean"][h].get<double>(), j["hi80"][h].get<double>());
    EXPECT_LE(j["hi80"][h].get<double>(), j["hi95"][h].get<double>());
  }
  EXPECT_FALSE(j["model"].get<std::string>().empty());
}

TEST_F(ForecastRoutesTest, SkuForecastFromStoreHistoryIsCachedPerDataVersion) {
  order_daily(8);
  Reply r = get("/api/v1/forecast/SKU-1?horizon=5", kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  expect_forecast_body(r.json, 5);
  EXPECT_EQ(r.json["sku"], "SKU-1");
  EXPECT_EQ(r.json["level"], "daily");
  // The recent actuals for a chart, and the model's accuracy on the series' own last periods
  // (8 days of history: 2 held out).
  ASSERT_TRUE(r.json["history"].is_array());
  EXPECT_FALSE(r.json["history"].empty());
  EXPECT_TRUE(r.json["history"].back().contains("period_start"));
  ASSERT_TRUE(r.json["accuracy"].is_object());
  if (r.json["accuracy"]["available"] == true) {
    EXPECT_GE(r.json["accuracy"]["held_out_periods"].get<int>(), 1);
    EXPECT_TRUE(r.json["accuracy"]["naive_wape"].is_number() || r.json["accuracy"]["naive_wape"].is_null());
  } else {
    EXPECT_FALSE(r.json["accuracy"]["reason"].get<std::string>().empty());
  }
  EXPECT_EQ(get("/api/v1/forecast/SKU-1?horizon=5", kReadKey).body, r.body);
  // A new order is a new data version: the answer is recomputed (data_version moves).
  OrderRequest more;
  more.lines.emplace_back();
  more.lines.back().sku = "SKU-3";  // SKU-1 is sold out by now
  more.lines.back().quantity = 1;
  ASSERT_TRUE(store_->place_order(more).is_ok());
  Reply again = get("/api/v1/forecast/SKU-1?horizon=5", kReadKey);
  ASSERT_EQ(again.status, 200);
  EXPECT_NE(again.json["data_version"], r.json["data_version"]);
  // A product without sales still gets an answer (zero demand), not an error.
  Reply idle = get("/api/v1/forecast/SKU-2?horizon=3&level=weekly", kReadKey);
  ASSERT_EQ(idle.status, 200) << idle.body;
  expect_forecast_body(idle.json, 3);
}

TEST_F(ForecastRoutesTest, SkuForecastValidatesItsInputs) {
  order_daily(3);
  EXPECT_EQ(get("/api/v1/forecast/NOPE").status, 404);
  EXPECT_EQ(get("/api/v1/forecast/SKU-1?horizon=0").error_field(), "horizon");
  EXPECT_EQ(get("/api/v1/forecast/SKU-1?horizon=abc").error_field(), "horizon");
  EXPECT_EQ(get("/api/v1/forecast/SKU-1?level=hourly").error_field(), "level");
  EXPECT_EQ(get("/api/v1/forecast/SKU-1", nullptr).status, 401);
}

// ?location=CODE: the SKU's demand at one stock location only.
TEST_F(ForecastRoutesTest, SkuForecastPerLocation) {
  order_daily(8);
  auto location = store_->get_location(location_id_);
  ASSERT_TRUE(location.is_ok());
  const std::string code = location->code;
  Reply r = get("/api/v1/forecast/SKU-1?horizon=4&location=" + code, kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  expect_forecast_body(r.json, 4);
  EXPECT_EQ(r.json["location"], code);
  // The only location holds all of SKU-1's demand: same forecast as the whole SKU.
  Reply whole = get("/api/v1/forecast/SKU-1?horizon=4", kReadKey);
  ASSERT_EQ(whole.status, 200);
  EXPECT_FALSE(whole.json.contains("location"));
  EXPECT_EQ(r.json["mean"], whole.json["mean"]);
  EXPECT_EQ(get("/api/v1/forecast/SKU-1?location=NOWHERE", kReadKey).error_field(), "location");
}

TEST_F(ForecastRoutesTest, PostedSeriesIsForecast) {
  Json body = {{"values", {3, 4, 5, 4, 6, 5, 7, 6, 5, 6, 7, 8}},
               {"horizon", 4},
               {"season_length", 1},
               {"method", "auto"}};
  Reply r = post("/api/v1/forecast", body, kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  expect_forecast_body(r.json, 4);
}

TEST_F(ForecastRoutesTest, PostedSeriesErrorsNameTheField) {
  auto field_of = [&](Json body) {
    Reply r = post("/api/v1/forecast", body, kReadKey);
    EXPECT_EQ(r.status, 400) << r.body;
    return r.error_field();
  };
  EXPECT_EQ(field_of({{"values", Json::array()}, {"horizon", 3}}), "values");
  EXPECT_EQ(field_of({{"horizon", 3}}), "values");
  EXPECT_EQ(field_of({{"values", {1, 2}}, {"horizon", 0}}), "horizon");
  EXPECT_EQ(field_of({{"values", {1, 2}}}), "horizon");
  EXPECT_EQ(field_of({{"values", {1, nullptr, 3}}, {"horizon", 2}}), "values[1]");
  EXPECT_EQ(field_of({{"values", {1, "NaN", 3}}, {"horizon", 2}}), "values[1]");
  EXPECT_EQ(field_of({{"values", {1, 2}}, {"horizon", 2}, {"method", "magic"}}), "method");
  EXPECT_EQ(field_of({{"values", {1, 2}}, {"horizon", 2}, {"season_length", 0}}), "season_length");
  EXPECT_EQ(field_of({{"values", {1, 2}}, {"horizon", 2}, {"colour", "red"}}), "colour");
}

}  // namespace
}  // namespace oiis::testing
