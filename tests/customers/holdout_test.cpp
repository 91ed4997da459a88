// Holdout scoring: transactions counted by day, the naive past-rate baseline, the scores.
#include "customers/holdout.h"

#include <gtest/gtest.h>

#include <cmath>

namespace oiis::customers {
namespace {

TEST(Holdout, CountsDaysAndScoresBothPredictors) {
  ClvResult fit;
  fit.bgnbd = {0.24, 4.41, 0.79, 2.43, 0, {}};  // the CDNOW fit
  CustomerValue a, b;
  a.summary = {"a", 2, 10, 20, 30};  // 2 repeats in 20 weeks: naive 0.1 a week
  b.summary = {"b", 0, 0, 10, 0};
  fit.customers = {a, b};
  const Date end = date_from_civil(2024, 1, 1);
  const std::vector<Purchase> purchases = {
      {"a", end - 5, 10},  {"a", end + 1, 5}, {"a", end + 1, 5},  // one day, one transaction
      {"a", end + 8, 5},   {"a", end + 15, 5}, {"b", end + 70, 5}, {"b", end + 99, 5},  // b: one in, one after
  };
  auto h = evaluate_holdout(fit, purchases, end, end + 14 * 7);
  ASSERT_TRUE(h.is_ok());
  EXPECT_DOUBLE_EQ(h->weeks, 14);
  ASSERT_EQ(h->customers.size(), 2u);
  EXPECT_EQ(h->customers[0].actual, 3);
  EXPECT_EQ(h->customers[1].actual, 1);
  EXPECT_NEAR(h->customers[0].naive, 1.4, 1e-12);
  EXPECT_EQ(h->customers[1].naive, 0);
  EXPECT_NEAR(h->customers[0].predicted, expected_purchases(fit.bgnbd, a.summary, 14), 1e-12);
  EXPECT_NEAR(h->naive.mae, (1.6 + 1.0) / 2, 1e-12);
  EXPECT_NEAR(h->naive.correlation, 1.0, 1e-12);  // two points: perfectly in line
  EXPECT_EQ(h->actual_total, 4);
}

TEST(Holdout, RejectsAnEndBeforeTheCalibrationEnd) {
  auto h = evaluate_holdout(ClvResult{}, {}, 100, 100);
  ASSERT_FALSE(h.is_ok());
  EXPECT_EQ(h.status().field(), "holdout_end");
}

}  // namespace
}  // namespace oiis::customers
