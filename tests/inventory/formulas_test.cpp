// EOQ, rounding, safety stock and reorder levels against hand-computed values; ABC/XYZ cut-offs.
#include <gtest/gtest.h>

#include <cmath>

#include "inventory/inventory.h"

namespace oiis::inventory {
namespace {

TEST(NormalTest, QuantileCdfAndLoss) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959964, 1e-6);
  EXPECT_NEAR(normal_quantile(0.95), 1.644854, 1e-6);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232, 1e-6);
  EXPECT_NEAR(normal_cdf(1.959964), 0.975, 1e-6);
  EXPECT_NEAR(normal_loss(0), 0.398942, 1e-6);  // pdf(0)
}

TEST(EoqTest, HarrisFormula) {
  // sqrt(2 * 1200 * 50 / (0.25 * 10)) = sqrt(48000)
  auto q = eoq(1200, 50, 10, 0.25);
  ASSERT_TRUE(q.is_ok());
  EXPECT_NEAR(*q, 219.0890, 1e-4);
  EXPECT_EQ(*eoq(0, 50, 10, 0.25), 0.0);
  auto bad = eoq(100, 50, 0, 0.25);
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().field(), "unit_cost");
  EXPECT_EQ(eoq(-1, 50, 10, 0.25).status().field(), "annual_demand");
}

TEST(EoqTest, RoundsToPacksAndMinimumOrder) {
  EXPECT_EQ(round_order_quantity(13, 12, 6), 18);   // two packs of 6
  EXPECT_EQ(round_order_quantity(5, 12, 5), 15);    // MOQ 12 needs three packs of 5
  EXPECT_EQ(round_order_quantity(219.09, 1, 1), 220);
  EXPECT_EQ(round_order_quantity(24, 12, 6), 24);   // exact stays
  EXPECT_EQ(round_order_quantity(0, 12, 6), 0);
}

TEST(SafetyStockTest, LeadTimeDemandCombinesBothUncertainties) {
  // mean 10*4 = 40; var = 4 * 3^2 + 10^2 * 1^2 = 136
  DemandOverPeriod d = lead_time_demand(10, 3, 4, 1);
  EXPECT_DOUBLE_EQ(d.mean, 40);
  EXPECT_NEAR(d.sd, std::sqrt(136.0), 1e-12);
}

TEST(SafetyStockTest, SafetyFactorForCycleAndFillRate) {
  EXPECT_NEAR(safety_factor({ServiceKind::kCycle, 0.95}, 10, 100), 1.644854, 1e-6);
  // Fill rate 98% with Q = 100, sigma = 10: G(k) = 0.02 * 100 / 10 = 0.2.
  double k = safety_factor({ServiceKind::kFill, 0.98}, 10, 100);
  EXPECT_NEAR(normal_loss(k), 0.2, 1e-9);
  EXPECT_NEAR(k, 0.4928, 1e-3);
}

TEST(SafetyStockTest, LevelsFromAConstantForecast) {
  DailyForecast f{std::vector<double>(30, 10.0), std::vector<double>(30, 2.0)};
  ItemLevels l = compute_levels(f, 4, 1, 3, {ServiceKind::kCycle, 0.95}, 1.0, 10, 50, 0.25);
  // Protection period 7 days: mean 70, demand var 7 * 4 = 28, lead-time var 100 * 1.
  EXPECT_NEAR(l.daily_demand, 10, 1e-12);
  EXPECT_NEAR(l.sigma, std::sqrt(128.0), 1e-9);
  EXPECT_NEAR(l.safety_stock, 1.644854 * std::sqrt(128.0), 1e-5);
  EXPECT_NEAR(l.order_up_to, 70 + 1.644854 * std::sqrt(128.0), 1e-5);
  EXPECT_NEAR(l.reorder_point, 40 + 1.644854 * std::sqrt(116.0), 1e-5);
  EXPECT_NEAR(l.eoq, std::sqrt(2 * 3650 * 50 / 2.5), 1e-9);
  EXPECT_EQ(order_quantity(l, 60, 12, 6), 30);  // 88.6 - 60 = 28.6 -> five packs of 6 >= MOQ 12
  EXPECT_EQ(order_quantity(l, 90, 1, 1), 0);
}

TEST(SafetyStockTest, ForecastOverFractionalDays) {
  DailyForecast f{{1, 2, 3}, {1, 1, 1}};
  EXPECT_DOUBLE_EQ(forecast_over(f, 2.5).mean, 1 + 2 + 1.5);
  EXPECT_DOUBLE_EQ(forecast_over(f, 5).mean, 1 + 2 + 3 + 3 + 3);  // repeats the last day
  EXPECT_NEAR(forecast_over(f, 4).sd, 2.0, 1e-12);
}

TEST(ReviewPeriodTest, JointEoqCycle) {
  PolicyConfig c;
  c.max_review_days = 28;
  // T = sqrt(2 * 100 / 7300) years = 0.1655 y = 60.4 days -> capped at 28.
  EXPECT_EQ(review_period_days(100, 7300, c), 28);
  // T = sqrt(2 * 50 / 365000) y = 6.04 days.
  EXPECT_EQ(review_period_days(50, 365000, c), 6);
  EXPECT_EQ(review_period_days(50, 365000, PolicyConfig{}), 6);  // inside the default bounds
  EXPECT_EQ(review_period_days(100, 7300, PolicyConfig{}), PolicyConfig{}.max_review_days);
}

TEST(ClassifyTest, AbcParetoCutOffs) {
  std::vector<double> revenue{5, 50, 3, 30, 10, 2, 0};
  // Ranked 50 (0% before), 30 (50%), 10 (80%), 5 (90%), 3 (95%), 2 (98%), 0.
  auto abc = classify_abc(revenue);
  ASSERT_TRUE(abc.is_ok());
  EXPECT_EQ(std::string(abc->begin(), abc->end()), "BACABCC");
  ClassificationConfig wide;
  wide.a_share = 0.9;
  wide.b_share = 0.08;
  abc = classify_abc(revenue, wide);
  EXPECT_EQ(std::string(abc->begin(), abc->end()), "BABAACC");
}

TEST(ClassifyTest, RejectsNegativeRevenueNamingTheItem) {
  std::vector<double> revenue{1, -2};
  auto abc = classify_abc(revenue);
  ASSERT_FALSE(abc.is_ok());
  EXPECT_EQ(abc.status().field(), "revenue[1]");
}

TEST(ClassifyTest, XyzByCoefficientOfVariation) {
  EXPECT_EQ(classify_xyz(0.2), 'X');
  EXPECT_EQ(classify_xyz(0.5), 'X');
  EXPECT_EQ(classify_xyz(0.8), 'Y');
  EXPECT_EQ(classify_xyz(3.0), 'Z');
  std::vector<double> steady{10, 10, 10, 10}, erratic{0, 0, 0, 40};
  EXPECT_DOUBLE_EQ(coefficient_of_variation(steady), 0.0);
  EXPECT_NEAR(coefficient_of_variation(erratic), std::sqrt(3.0), 1e-12);
  std::vector<std::vector<double>> demand{steady, erratic};
  std::vector<double> revenue{100, 1};
  auto cells = abc_xyz(revenue, demand);
  ASSERT_TRUE(cells.is_ok());
  EXPECT_EQ((*cells)[0].abc, 'A');
  EXPECT_EQ((*cells)[0].xyz, 'X');
  EXPECT_EQ((*cells)[1].abc, 'C');
  EXPECT_EQ((*cells)[1].xyz, 'Z');
}

}  // namespace
}  // namespace oiis::inventory
