// The global gradient-boosted model over a small generated world: prices and promotions come
// from the store's price log, ground truth (lost sales) only scores, and the model beats a
// naive benchmark on held-out weeks of true demand.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "data/generator_writer.h"
#include "data/world.h"
#include "services/forecast_backtest.h"

namespace oiis::services {
namespace {

class GlobalForecastTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GeneratorConfig config;
    config.seed = 9;
    config.products = 60;
    config.customers = 2500;
    config.days = 455;  // 65 weeks: a year-ago week exists for the last quarter
    world_ = new world::World(world::build_world(config));
    auto store = open_store(":memory:");
    ASSERT_TRUE(store.is_ok());
    store_ = std::move(store).value().release();
    ASSERT_TRUE(write_world_to_store(*world_, *store_).is_ok());
    DemandOptions options;
    options.level = DemandLevel::kWeekly;
    options.prices = true;
    auto weekly = build_demand(*store_, options);
    ASSERT_TRUE(weekly.is_ok()) << weekly.status().to_string();
    weekly_ = new DemandSet(std::move(weekly).value());
  }
  static void TearDownTestSuite() {
    delete weekly_;
    delete store_;
    delete world_;
  }
  static std::vector<LostSales> lost_sales() {
    std::vector<LostSales> out;
    for (const auto& s : world_->truth.stockouts)
      out.push_back({s.product_id, s.date, static_cast<double>(s.lost_units)});
    return out;
  }
  static world::World* world_;
  static Store* store_;
  static DemandSet* weekly_;
};
world::World* GlobalForecastTest::world_ = nullptr;
Store* GlobalForecastTest::store_ = nullptr;
DemandSet* GlobalForecastTest::weekly_ = nullptr;

// Every promotion the generator ran shows as promotion days in the store-derived series.
TEST_F(GlobalForecastTest, PromotionsComeFromThePriceLog) {
  long checked = 0;
  for (const auto& promo : world_->truth.promotions) {
    const std::ptrdiff_t i = promo.product_id - weekly_->series.front().product_id;
    ASSERT_GE(i, 0);
    const DemandSeries& s = weekly_->series[i];
    ASSERT_EQ(s.promo.size(), static_cast<std::size_t>(weekly_->periods));
    const int day = promo.start - weekly_->grid_start;
    if (day < 0 || promo.start >= weekly_->end_day) continue;
    EXPECT_GT(s.promo[day / 7], 0) << s.sku << " promotion from " << format_date(promo.start);
    EXPECT_LT(s.price[day / 7], promo.regular_price) << s.sku;
    ++checked;
  }
  EXPECT_GT(checked, 0) << "the world should run promotions";
}

TEST_F(GlobalForecastTest, LostSalesLandOnTheGrid) {
  const auto lost = lost_sales();
  const auto grid = lost_on_grid(*weekly_, lost);
  ASSERT_EQ(grid.size(), weekly_->series.size());
  double on_grid = 0, expected = 0;
  for (const auto& row : grid)
    for (double v : row) on_grid += v;
  for (const auto& x : lost)
    if (x.date >= weekly_->grid_start && x.date < weekly_->end_day) expected += x.units;
  EXPECT_DOUBLE_EQ(on_grid, expected);
  EXPECT_GT(on_grid, 0);
}

// Held-out true demand (sales + lost): the global model beats last-value naive, and the
// combination with the univariate model also scores.
TEST_F(GlobalForecastTest, BeatsNaiveOnHeldOutTrueDemand) {
  BacktestOptions options;
  options.holdout = 8;
  options.lost_units = lost_on_grid(*weekly_, lost_sales());
  options.batch.threads = 1;
  options.batch.global_rounds = 60;
  auto naive_options = options;
  naive_options.batch.method = forecast::Method::kNaive;
  naive_options.batch.pooled_season = false;
  auto naive = backtest(*weekly_, naive_options);
  options.batch.model = BatchOptions::Model::kGlobal;
  auto gbm = backtest(*weekly_, options);
  ASSERT_TRUE(naive.is_ok()) << naive.status().to_string();
  ASSERT_TRUE(gbm.is_ok()) << gbm.status().to_string();
  EXPECT_EQ(gbm->method, "gbm");
  EXPECT_EQ(gbm->models.front().first, "GBM");
  EXPECT_GT(gbm->all_true.series, 0);
  EXPECT_GE(gbm->all_true.actual_units, gbm->all.actual_units);
  EXPECT_LT(gbm->all_true.wape, naive->all_true.wape);
  EXPECT_GT(gbm->all_true.coverage95, gbm->all_true.coverage80);

  options.batch.model = BatchOptions::Model::kCombined;
  options.batch.method = forecast::Method::kSes;
  auto combined = backtest(*weekly_, options);
  ASSERT_TRUE(combined.is_ok()) << combined.status().to_string();
  EXPECT_EQ(combined->method, "gbm+ses");
  EXPECT_EQ(combined->models.front().first, "Mean");
}

TEST_F(GlobalForecastTest, MethodNamesRoundTrip) {
  for (const char* name : {"gbm", "gbm+auto", "gbm+theta", "ets", "mlp", "mlp+theta"}) {
    const auto parsed = parse_batch_method(name, {});
    ASSERT_TRUE(parsed.has_value()) << name;
    EXPECT_EQ(batch_method_name(*parsed), name);
  }
  EXPECT_FALSE(parse_batch_method("gbm+nope", {}).has_value());
  EXPECT_FALSE(parse_batch_method("xgb", {}).has_value());
  EXPECT_FALSE(parse_batch_method("mlpx", {}).has_value());
  EXPECT_EQ(parse_batch_method("mlp", {})->global_learner, forecast::GlobalLearner::kNeuralNet);
}

TEST_F(GlobalForecastTest, DailyDemandIsRefused) {
  auto daily = build_demand(*store_, {});
  ASSERT_TRUE(daily.is_ok());
  BatchOptions options;
  options.model = BatchOptions::Model::kGlobal;
  options.horizon = 7;
  const BatchResult r = forecast_demand(*daily, options);
  ASSERT_FALSE(r.items.empty());
  EXPECT_EQ(r.items.front().status.field(), "level");
}

TEST(LostSalesFile, ReadsTheGroundTruthLayoutAndNamesBadRows) {
  const auto dir = std::filesystem::temp_directory_path() / "oiis_lost_sales_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "stockouts.csv").string();
  std::ofstream(path) << "product_id,location_id,date,on_hand_at_open,lost_lines,lost_units\n"
                      << "7,1,2024-03-05,0,2,3\n7,2,2024-03-06,1,0,0\n";
  auto ok = read_lost_sales(path);
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  ASSERT_EQ(ok->size(), 1u);  // zero-unit rows carry nothing
  EXPECT_EQ((*ok)[0].product_id, 7);
  EXPECT_EQ((*ok)[0].location_id, 1);
  EXPECT_EQ((*ok)[0].units, 3);
  std::ofstream(path) << "product_id,location_id,date,on_hand_at_open,lost_lines,lost_units\n"
                      << "7,1,not-a-date,0,2,3\n";
  auto bad = read_lost_sales(path);
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().to_string().find(":2"), std::string::npos) << bad.status().to_string();
  std::ofstream(path) << "product_id,date\n";
  EXPECT_EQ(read_lost_sales(path).status().field(), "ground_truth");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace oiis::services
