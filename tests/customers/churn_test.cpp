// Churn: on purchases drawn from a buy-till-you-die process (each customer buys at their own
// rate until an unseen drop-out day), the model ranks the customers who really stopped above
// the ones who did not, on a later window than it trained on, with calibrated probabilities.
#include "customers/churn.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace oiis::customers {
namespace {

constexpr Date kStart = 18000;  // 2019-04-14
constexpr int kDays = 720;

// Customer i joins on a random day, buys on each day with probability `rate`, and drops out
// for good on a day drawn from an exponential; some drop out early, some never in the span.
std::vector<Purchase> buy_till_you_die(int customers, unsigned seed) {
  std::mt19937 rng(seed);
  std::gamma_distribution<double> rate(2.0, 0.02);
  std::exponential_distribution<double> lifetime(1.0 / 300);
  std::uniform_int_distribution<int> join(0, kDays / 2);
  std::uniform_real_distribution<double> u(0, 1);
  std::lognormal_distribution<double> amount(3.5, 0.6);
  std::vector<Purchase> out;
  for (int i = 0; i < customers; ++i) {
    const std::string id = "C" + std::to_string(i);
    const double r = rate(rng);
    const int first = join(rng), dies = first + static_cast<int>(lifetime(rng));
    out.push_back({id, kStart + first, amount(rng)});
    for (int d = first + 1; d < std::min(dies, kDays); ++d) {
      if (u(rng) < r) out.push_back({id, kStart + d, amount(rng)});
    }
  }
  return out;
}

TEST(Churn, RanksTrueDropOutsFirstOnALaterWindowWithCalibratedProbabilities) {
  const auto purchases = buy_till_you_die(3000, 5);
  ChurnOptions options;
  options.threads = 1;
  auto r = predict_churn(purchases, kStart + kDays - 1, options);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  const ChurnEvaluation& e = r->evaluation;
  EXPECT_EQ(e.validation_cutoff - e.train_cutoff, 90);
  EXPECT_GE(e.validation_customers, e.train_customers);
  EXPECT_GE(e.auc, 0.80) << "recency alone " << e.baseline_auc;
  std::printf("churn AUC %.3f (recency alone %.3f), ECE %.3f, Brier %.3f\n", e.auc, e.baseline_auc,
              e.calibration_error, e.brier);
  EXPECT_GE(e.auc, e.baseline_auc - 0.01);
  EXPECT_LT(e.calibration_error, 0.06);
  EXPECT_LT(e.brier, 0.2);
  ASSERT_FALSE(r->customers.empty());
  for (std::size_t i = 1; i < r->customers.size(); ++i)
    EXPECT_GE(r->customers[i - 1].churn_probability, r->customers[i].churn_probability);
  for (const auto& c : r->customers) {
    EXPECT_NEAR(c.churn_probability + c.purchase_probability, 1.0, 1e-12);
    for (const auto& d : c.drivers) EXPECT_GT(d.contribution, 0) << d.feature;
  }
  // The riskiest customers have not bought for a long time; the safest bought recently.
  EXPECT_GT(r->customers.front().recency_days, r->customers.back().recency_days);
  ASSERT_EQ(r->importance.size(), churn_feature_names().size());
  EXPECT_GE(r->importance.front().second, r->importance.back().second);
}

// Drivers (TreeSHAP) only for the `explain` highest-risk customers; the scores are the same as
// when everyone is explained.
TEST(Churn, DriversForTheHighestRiskOnlyLeaveTheScoresAlone) {
  const auto purchases = buy_till_you_die(600, 7);
  ChurnOptions options;
  auto all = predict_churn(purchases, kStart + kDays - 1, options);
  ASSERT_TRUE(all.is_ok()) << all.status().message();
  EXPECT_EQ(all->explained, all->customers.size());
  options.explain = 5;
  auto few = predict_churn(purchases, kStart + kDays - 1, options);
  ASSERT_TRUE(few.is_ok()) << few.status().message();
  ASSERT_EQ(few->explained, 5u);
  ASSERT_EQ(few->customers.size(), all->customers.size());
  for (std::size_t i = 0; i < few->customers.size(); ++i) {
    EXPECT_EQ(few->customers[i].customer, all->customers[i].customer);
    EXPECT_DOUBLE_EQ(few->customers[i].churn_probability, all->customers[i].churn_probability);
    if (i >= 5) {
      EXPECT_TRUE(few->customers[i].drivers.empty());
    }
  }
  EXPECT_FALSE(few->customers[0].drivers.empty());
}

TEST(Churn, AHistoryShorterThanTwoWindowsIsRefusedNamingTheWindow) {
  const auto purchases = buy_till_you_die(300, 6);
  ChurnOptions options;
  options.window_days = 400;  // two windows reach back before anyone's first purchase
  auto r = predict_churn(purchases, kStart + kDays - 1, options);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().field(), "window_days");
  options.window_days = 0;
  EXPECT_EQ(predict_churn(purchases, kStart + kDays - 1, options).status().field(), "window_days");
}

TEST(Churn, FeaturesAtACutOffIgnoreLaterPurchases) {
  const std::vector<Purchase> p{{"a", 100, 10}, {"a", 110, 20}, {"a", 110, 5}, {"a", 200, 7},
                                {"b", 150, 3}};
  const ChurnFeatures f = churn_features(p, 120);
  ASSERT_EQ(f.customers, (std::vector<std::string>{"a"}));  // b's first purchase is later
  const auto& names = churn_feature_names();
  auto value = [&](const std::string& n) {
    return f.x[std::find(names.begin(), names.end(), n) - names.begin()];
  };
  EXPECT_EQ(value("recency_days"), 10);
  EXPECT_EQ(value("tenure_days"), 20);
  EXPECT_EQ(value("purchase_days"), 2);  // two purchases on day 110 are one purchase day
  EXPECT_FLOAT_EQ(value("spend"), 35);
  EXPECT_FLOAT_EQ(value("mean_gap_days"), 10);
}

TEST(Churn, RocAucCountsTiesAsHalf) {
  EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{0.1, 0.4, 0.35, 0.8}, std::vector<int>{0, 0, 1, 1}),
                   0.75);
  EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{0.5, 0.5}, std::vector<int>{0, 1}), 0.5);
  EXPECT_TRUE(std::isnan(roc_auc(std::vector<double>{0.5}, std::vector<int>{1})));
}

}  // namespace
}  // namespace oiis::customers
