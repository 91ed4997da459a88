// Store-backed demand series and batch forecasts over a small generated world in memory.
#include "services/forecast_backtest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "data/generator_writer.h"
#include "data/world.h"

namespace oiis::services {
namespace {

class ForecastBatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GeneratorConfig config;
    config.seed = 5;
    config.products = 40;
    config.customers = 1500;
    config.days = 200;
    world_ = new world::World(world::build_world(config));
    auto store = open_store(":memory:");
    ASSERT_TRUE(store.is_ok());
    store_ = std::move(store).value().release();
    ASSERT_TRUE(write_world_to_store(*world_, *store_).is_ok());
    auto daily = build_demand(*store_, {});
    ASSERT_TRUE(daily.is_ok()) << daily.status().to_string();
    daily_ = new DemandSet(std::move(daily).value());
  }
  static void TearDownTestSuite() {
    delete daily_;
    delete store_;
    delete world_;
  }
  // Units ordered per product over the whole history, straight from the order lines.
  static std::map<Id, double> order_line_units() {
    std::map<Id, double> units;
    EXPECT_TRUE(store_
                    ->scan_orders({},
                                  [&](const Order& o) {
                                    if (!counts_as_demand(o.status)) return true;
                                    for (const auto& line : o.lines)
                                      units[line.product_id] += static_cast<double>(line.quantity);
                                    return true;
                                  })
                    .is_ok());
    return units;
  }
  static world::World* world_;
  static Store* store_;
  static DemandSet* daily_;
};
world::World* ForecastBatchTest::world_ = nullptr;
Store* ForecastBatchTest::store_ = nullptr;
DemandSet* ForecastBatchTest::daily_ = nullptr;

DemandOptions weekly_options() {
  DemandOptions o;
  o.level = DemandLevel::kWeekly;
  return o;
}

double total(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return sum;
}

TEST_F(ForecastBatchTest, DailySeriesTotalsEqualOrderLineTotals) {
  const auto units = order_line_units();
  ASSERT_EQ(daily_->series.size(), world_->products.size());
  ASSERT_EQ(daily_->periods, world_->config.days);
  double all = 0;
  for (const auto& s : daily_->series) {
    const auto it = units.find(s.product_id);
    EXPECT_DOUBLE_EQ(total(s.sales), it == units.end() ? 0.0 : it->second) << s.sku;
    all += total(s.sales);
  }
  EXPECT_GT(all, 1000);
}

// Weekly drops the leading partial week only: whole weeks end at the last history day.
TEST_F(ForecastBatchTest, WeeklySeriesSumTheTrailingWholeWeeks) {
  auto weekly = build_demand(*store_, weekly_options());
  ASSERT_TRUE(weekly.is_ok());
  ASSERT_EQ(weekly->periods, daily_->periods / 7);
  const int dropped = daily_->periods - weekly->periods * 7;
  for (std::size_t i = 0; i < daily_->series.size(); ++i) {
    const auto& d = daily_->series[i].sales;
    EXPECT_DOUBLE_EQ(total(weekly->series[i].sales), total({d.begin() + dropped, d.end()}));
  }
}

// A day the generator's ground truth says opened empty must reach the model as missing, not
// as zero demand — for the first 56 days of a stock-out (data/demand.cpp); later days of a
// longer one read as the product no longer being stocked, and their zeros count.
TEST_F(ForecastBatchTest, CensoredDaysAreMissingNotZero) {
  long checked = 0, abandoned = 0, censored_days = 0;
  ASSERT_EQ(world_->locations.size(), 1u) << "runs below are per product";
  auto stockouts = world_->truth.stockouts;
  std::sort(stockouts.begin(), stockouts.end(), [](const auto& a, const auto& b) {
    return std::tie(a.product_id, a.date) < std::tie(b.product_id, b.date);
  });
  std::map<Id, std::pair<Date, int>> run;  // product -> (last empty day, days empty so far)
  for (const auto& so : stockouts) {
    if (so.on_hand_at_open != 0) continue;
    auto& [last, length] = run[so.product_id];
    length = (last != 0 && so.date == last + 1) ? length + 1 : 1;
    last = so.date;
    const std::ptrdiff_t i = so.product_id - daily_->series.front().product_id;
    ASSERT_GE(i, 0);
    const DemandSeries& s = daily_->series[i];
    const int day = so.date - daily_->grid_start;
    // Before its first stock a launched product is cut off the model input altogether.
    if (day < s.first || day >= daily_->periods || s.sales[day] > 0) continue;
    if (length > 57) {  // 56 empty days before this one (the run may have opened the day before)
      EXPECT_EQ(s.censored[day], 0) << s.sku << " day " << day << " of a " << length << "-day stock-out";
      ++abandoned;
    } else if (length <= 56) {
      EXPECT_GT(s.censored[day], 0) << s.sku << " day " << day;
      EXPECT_TRUE(std::isnan(s.values[day])) << s.sku << " day " << day;
      ++checked;
    }
  }
  for (const auto& s : daily_->series)
    for (int d = 0; d < daily_->periods; ++d) {
      if (!s.censored[d]) continue;
      ++censored_days;
      EXPECT_TRUE(std::isnan(s.values[d]));
    }
  EXPECT_GT(checked, 0) << "the world should have stock-outs";
  EXPECT_GE(censored_days, checked);
  std::printf("checked %ld censored stock-out days, %ld abandoned ones\n", checked, abandoned);
}

void expect_ordered_and_finite(const SkuForecast& f, int horizon) {
  ASSERT_TRUE(f.status.is_ok()) << f.sku << ": " << f.status.to_string();
  const auto& x = f.forecast;
  ASSERT_EQ(static_cast<int>(x.mean.size()), horizon) << f.sku;
  ASSERT_EQ(x.lo95.size(), x.mean.size());
  for (int h = 0; h < horizon; ++h) {
    EXPECT_TRUE(std::isfinite(x.lo95[h]) && std::isfinite(x.hi95[h])) << f.sku;
    EXPECT_LE(x.lo95[h], x.lo80[h] + 1e-9) << f.sku << " h" << h;
    EXPECT_LE(x.lo80[h], x.mean[h] + 1e-9) << f.sku << " h" << h;
    EXPECT_LE(x.mean[h], x.hi80[h] + 1e-9) << f.sku << " h" << h;
    EXPECT_LE(x.hi80[h], x.hi95[h] + 1e-9) << f.sku << " h" << h;
    EXPECT_GE(x.mean[h], 0) << f.sku;
  }
}

TEST_F(ForecastBatchTest, EverySkuGetsAFiniteForecastWithOrderedIntervals) {
  BatchOptions options;
  options.horizon = 14;
  const BatchResult r = forecast_demand(*daily_, options);
  ASSERT_EQ(r.items.size(), daily_->series.size());
  for (const auto& f : r.items) expect_ordered_and_finite(f, options.horizon);
  EXPECT_EQ(r.data_date, world_->end_date - 1);

  const auto dir = std::filesystem::temp_directory_path() / "oiis_forecast_batch_test";
  auto path = write_artefact(r, *daily_, dir.string());
  ASSERT_TRUE(path.is_ok()) << path.status().to_string();
  std::ifstream in(*path);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["forecasts"].size(), daily_->series.size());
  EXPECT_EQ(j["data_date"], format_date(r.data_date));
  EXPECT_TRUE(j["forecasts"][0].contains("model"));
  std::filesystem::remove_all(dir);
}

TEST_F(ForecastBatchTest, BacktestScoresAllAndAClass) {
  auto weekly = build_demand(*store_, weekly_options());
  ASSERT_TRUE(weekly.is_ok());
  BacktestOptions options;
  options.holdout = 4;
  options.batch.method = forecast::Method::kSes;  // fast; auto is exercised above
  auto r = backtest(*weekly, options);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_GT(r->a_class.series, 0);
  EXPECT_LT(r->a_class.series, r->all.series);
  EXPECT_GT(r->a_class.wape, 0);
  EXPECT_LT(r->a_class.wape, 1);
  EXPECT_GE(r->all.coverage95, r->all.coverage80);
  options.holdout = weekly->periods;
  EXPECT_EQ(backtest(*weekly, options).status().field(), "holdout");
}

// Two products of one category over two weeks, one location, no price changes: the same
// daily shape (a Saturday-like peak on day 5 of each week), product 0 sold out on the peak of
// week 0 (closes empty, partial sales recorded).
InventorySnapshot two_week_snapshot() {
  InventorySnapshot s;
  s.first_day = date_from_civil(2024, 3, 4);
  s.end_day = s.first_day + 14;
  for (Id id : {1, 2}) {
    Product p;
    p.id = id;
    p.sku = "SKU-" + std::to_string(id);
    p.category = "toys";
    p.price = 10;
    s.products.push_back(p);
  }
  Location l;
  l.id = 1;
  s.locations.push_back(l);
  const std::vector<double> shape = {10, 10, 10, 10, 10, 40, 10};
  s.demand.assign(2, std::vector<double>(14));
  s.revenue.assign(2, std::vector<double>(14, 0.0));
  s.price_changes.assign(2, {});
  for (int d = 0; d < 14; ++d) s.demand[0][d] = s.demand[1][d] = shape[d % 7];
  s.demand[0][5] = 5;  // sold out early on the peak day
  return s;
}

// The missing share of a partly censored week is read from the category's daily shape: a
// stock-out on the peak day hides more than one seventh of the week.
TEST(DemandFromSnapshot, PartlyCensoredWeekScalesByTheCategoryDailyShape) {
  const InventorySnapshot s = two_week_snapshot();
  std::vector<std::vector<double>> closing(2, std::vector<double>(14, 50.0));
  closing[0][5] = 0;
  const DemandSet weekly = demand_from_snapshot(s, closing, weekly_options());
  ASSERT_EQ(weekly.periods, 2);
  const DemandSeries& sold_out = weekly.series[0];
  EXPECT_EQ(sold_out.censored[0], 1);
  EXPECT_DOUBLE_EQ(sold_out.sales[0], 65);
  // True demand was 100; a day count would give 60 * 7 / 6 = 70. The category's other
  // product shows the peak day carries 45 of the week's 165 units.
  EXPECT_NEAR(sold_out.values[0], 60.0 * 165 / 120, 1e-9);
  EXPECT_DOUBLE_EQ(sold_out.values[1], 100);  // uncensored week: recorded sales
  EXPECT_DOUBLE_EQ(weekly.series[1].values[0], 100);
}

// Price changes dated after the history become the plan; a markdown starts clearance.
TEST(DemandFromSnapshot, PricePlanRunsPastTheHistory) {
  InventorySnapshot s = two_week_snapshot();
  PriceChange promo{.product_id = 1,
                    .old_price = 10,
                    .new_price = 7,
                    .reason = "promotion",
                    .at = timestamp_of(s.end_day + 7)};
  PriceChange markdown{.product_id = 2,
                       .old_price = 10,
                       .new_price = 6,
                       .reason = "markdown",
                       .at = timestamp_of(s.first_day + 7)};
  s.price_changes[0] = {promo};
  s.price_changes[1] = {markdown};
  DemandOptions options = weekly_options();
  options.prices = true;
  options.plan_periods = 2;
  const DemandSet weekly = demand_from_snapshot(s, {}, options);
  const DemandSeries& a = weekly.series[0];
  ASSERT_EQ(a.price.size(), 4u);  // 2 weeks of history + 2 of plan
  ASSERT_EQ(a.promo.size(), 4u);
  ASSERT_EQ(a.clearance.size(), 4u);
  EXPECT_EQ(a.sales.size(), 2u);
  EXPECT_DOUBLE_EQ(a.price[2], 10);  // plan week 0: no change recorded
  EXPECT_DOUBLE_EQ(a.price[3], 7);   // plan week 1: the promotion
  EXPECT_DOUBLE_EQ(a.promo[3], 1);
  EXPECT_DOUBLE_EQ(a.promo[2], 0);
  const DemandSeries& b = weekly.series[1];
  EXPECT_DOUBLE_EQ(b.clearance[0], 0);
  EXPECT_DOUBLE_EQ(b.clearance[1], 1);
  EXPECT_DOUBLE_EQ(b.clearance[3], 1);  // clearance carries on into the plan
  EXPECT_DOUBLE_EQ(b.price[3], 6);
}

// Two warehouses: one series per product and location; they add up to the product's series,
// and a stock-out at one location censors only that location's series.
TEST(DemandByLocation, SeriesPerLocationAddUpAndCensorAlone) {
  GeneratorConfig config;
  config.seed = 21;
  config.products = 20;
  config.customers = 800;
  config.days = 120;
  config.locations = 2;
  const world::World world = world::build_world(config);
  auto store = open_store(":memory:");
  ASSERT_TRUE(store.is_ok());
  ASSERT_TRUE(write_world_to_store(world, **store).is_ok());
  DemandOptions options = weekly_options();
  auto whole = build_demand(**store, options);
  options.by_location = true;
  auto split = build_demand(**store, options);
  ASSERT_TRUE(whole.is_ok() && split.is_ok());
  ASSERT_GT(split->series.size(), whole->series.size());
  std::map<Id, std::vector<double>> summed;
  std::map<std::string, int> keys;
  long censored_here_only = 0;
  for (const DemandSeries& s : split->series) {
    ASSERT_FALSE(s.location.empty());
    ASSERT_GT(s.location_id, 0);
    ++keys[s.key()];
    auto& sum = summed.try_emplace(s.product_id, split->periods, 0.0).first->second;
    for (int p = 0; p < split->periods; ++p) sum[p] += s.sales[p];
  }
  for (const auto& [key, count] : keys) EXPECT_EQ(count, 1) << key;
  for (const DemandSeries& s : whole->series) {
    ASSERT_TRUE(s.location.empty());
    const auto it = summed.find(s.product_id);
    const std::vector<double> none(whole->periods, 0.0);
    const auto& parts = it == summed.end() ? none : it->second;
    for (int p = 0; p < whole->periods; ++p) EXPECT_DOUBLE_EQ(parts[p], s.sales[p]) << s.sku;
  }
  // A week censored at one location only: the product's summed series is censored there too
  // (any location out censors it), the other location's series is not.
  for (std::size_t i = 0; i + 1 < split->series.size(); ++i) {
    const DemandSeries &a = split->series[i], &b = split->series[i + 1];
    if (a.product_id != b.product_id) continue;
    for (int p = 0; p < split->periods; ++p)
      censored_here_only += (a.censored[p] > 0) != (b.censored[p] > 0);
  }
  EXPECT_GT(censored_here_only, 0) << "stock-outs should differ between the warehouses";
}

}  // namespace
}  // namespace oiis::services
