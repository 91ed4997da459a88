// Shrinkage on hand-made ledgers: the ledger's expected stock at each count, a theft found
// against ordinary one-unit count differences, the loss-rate CUSUM on a slot that keeps losing a
// little, and input that cannot be scored (bad options, counts with nothing expected).
#include "anomaly/shrinkage.h"

#include <gtest/gtest.h>

#include "anomaly/robust_stats.h"

namespace oiis::anomaly {
namespace {

// Builds a slot's ledger movement by movement (ids in order, one hour apart).
struct LedgerBuilder {
  std::vector<LedgerEntry> entries;
  LedgerBuilder& move(std::int64_t quantity) { return add(quantity, false); }
  LedgerBuilder& count(std::int64_t found) { return add(found, true); }
  LedgerBuilder& add(std::int64_t quantity, bool is_count) {
    const auto id = static_cast<std::int64_t>(entries.size() + 1);
    entries.push_back({id, id * 3600, quantity, is_count});
    return *this;
  }
};

// A month of a shelf of about 100: restocked, sold, then counted with the difference `found`.
void shrinkage_month(LedgerBuilder& b, std::int64_t found) {
  b.move(40).move(-12).move(-9).move(-15).move(-4).count(found);
}

const ShrinkageReason* shrinkage_reason_of(const ShrinkageFinding& f, const std::string& code) {
  for (const auto& r : f.reasons)
    if (r.code == code) return &r;
  return nullptr;
}

TEST(Shrinkage, CountChecksFollowTheLedger) {
  LedgerBuilder b;
  b.move(100).move(-30).move(-2).count(-3).move(5).count(0);  // receipt, sale, damage, count
  const auto checks = count_checks(b.entries);
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].entry, 3u);
  EXPECT_DOUBLE_EQ(checks[0].expected, 68);
  EXPECT_DOUBLE_EQ(checks[0].counted, 65);
  EXPECT_DOUBLE_EQ(checks[0].missing, 3);
  EXPECT_NEAR(checks[0].loss_share, 3.0 / 68, 1e-12);
  EXPECT_NEAR(checks[0].scored_share, 2.0 / 68, 1e-12) << "one unit of counting tolerance";
  EXPECT_DOUBLE_EQ(checks[1].expected, 70) << "the count resets the book stock";
  EXPECT_DOUBLE_EQ(checks[1].missing, 0);
}

TEST(Shrinkage, TheftIsFoundAndOrdinaryCountDifferencesAreNot) {
  LedgerBuilder b;
  b.move(100);
  // Ordinary differences: net -2 units over ten counts, so the theft month expects 98.
  for (std::int64_t found : {0, -1, 1, 0, 0, -1, 0, 1, -2, 0}) shrinkage_month(b, found);
  const std::size_t theft_entry = b.entries.size() + 5;
  shrinkage_month(b, -25);
  shrinkage_month(b, 0);
  const CountBaseline shop{0.0, 0.02, 1000};
  const SlotShrinkage result = slot_shrinkage(b.entries, shop);
  EXPECT_EQ(result.counts.size(), 12u);
  ASSERT_EQ(result.findings.size(), 1u);
  const ShrinkageFinding& f = result.findings[0];
  EXPECT_EQ(f.count.entry, theft_entry);
  EXPECT_DOUBLE_EQ(f.count.missing, 25);
  EXPECT_GT(f.score, 6);
  const ShrinkageReason* large = shrinkage_reason_of(f, "large_unexplained_loss");
  ASSERT_NE(large, nullptr);
  EXPECT_NE(large->text.find("25 of 98 expected units (26%) missing"), std::string::npos) << large->text;
  EXPECT_NE(f.what_to_check.find("recount"), std::string::npos);
}

TEST(Shrinkage, SmallShortCountsAtALowShelfAreCountingError) {
  LedgerBuilder b;
  for (int month = 0; month < 12; ++month) b.move(3).move(-1).count(-1);  // 1 of 2, every month
  const SlotShrinkage result = slot_shrinkage(b.entries, CountBaseline{0.0, 0.02, 1000});
  EXPECT_TRUE(result.findings.empty()) << "one unit off is within the count tolerance";
}

TEST(Shrinkage, CusumFiresOnADriftingLossRate) {
  LedgerBuilder b;
  b.move(100);
  for (int month = 0; month < 8; ++month) shrinkage_month(b, 0);
  for (int month = 0; month < 8; ++month) shrinkage_month(b, -7);  // 7%: below the loss-alert share
  const SlotShrinkage result = slot_shrinkage(b.entries, CountBaseline{0.0, 0.02, 1000});
  ASSERT_FALSE(result.findings.empty());
  const ShrinkageFinding& first = result.findings.front();
  EXPECT_EQ(shrinkage_reason_of(first, "large_unexplained_loss"), nullptr);
  ASSERT_NE(shrinkage_reason_of(first, "loss_rate_drift"), nullptr);
  const ShrinkageReason* repeated = shrinkage_reason_of(first, "repeated_losses");
  ASSERT_NE(repeated, nullptr);
  EXPECT_NE(repeated->text.find("of the previous 6 counts"), std::string::npos) << repeated->text;
  EXPECT_GT(first.count.entry, 8u * 6) << "not before the drift";
  EXPECT_LE(first.count.entry, 8u * 6 + 3 * 6) << "within three drifting counts";
  EXPECT_NE(first.what_to_check.find("count it more often"), std::string::npos);
}

TEST(Shrinkage, CountsWithNothingExpectedAreNotScored) {
  LedgerBuilder b;
  b.count(5).move(-8).count(-2).count(0);  // an imported history: no opening stock in the ledger
  const SlotShrinkage result = slot_shrinkage(b.entries, CountBaseline{});
  ASSERT_EQ(result.counts.size(), 3u);
  for (const auto& c : result.counts) EXPECT_DOUBLE_EQ(c.robust_z, 0);
  EXPECT_TRUE(result.findings.empty());
  EXPECT_TRUE(slot_shrinkage({}, CountBaseline{}).counts.empty());
}

TEST(Shrinkage, ShopBaselineIsRobustAndFloored) {
  LedgerBuilder b;
  b.move(100);
  for (std::int64_t found : {0, 0, 0, -3, 0, -40}) b.count(found);
  const CountBaseline base = count_baseline(count_checks(b.entries));
  EXPECT_EQ(base.counts, 6u);
  EXPECT_DOUBLE_EQ(base.usual_share, 0) << "one theft does not move the median";
  EXPECT_DOUBLE_EQ(base.spread, 0.02) << "exact counts: the floor";
  EXPECT_DOUBLE_EQ(count_baseline({}).spread, 0.02);
}

TEST(Shrinkage, HabitualLossesAreNotExcused) {
  LedgerBuilder b;
  b.move(100);
  for (std::int64_t found : {-20, -25, -22, -30, -24, -21}) b.count(found).move(-found);
  ShrinkageOptions o;
  o.min_baseline_counts = 3;
  const CountBaseline shop = count_baseline(count_checks(b.entries), o);
  EXPECT_DOUBLE_EQ(shop.usual_share, o.max_usual_share) << "a quarter missing is never usual";
  o.min_baseline_counts = 30;
  const CountBaseline few = count_baseline(count_checks(b.entries), o);
  EXPECT_DOUBLE_EQ(few.usual_share, 0) << "six counts are too few for a shop baseline";
  EXPECT_EQ(slot_shrinkage(b.entries, few, o).findings.size(), 6u) << "every count found a quarter missing";
}

TEST(Shrinkage, BadOptionsNameTheirField) {
  ShrinkageOptions o;
  EXPECT_TRUE(validate(o).is_ok());
  o.min_loss_share = 0;
  EXPECT_NE(validate(o).to_string().find("min_loss_share"), std::string::npos);
  o = {};
  o.min_history = o.history + 1;
  EXPECT_NE(validate(o).to_string().find("min_history"), std::string::npos);
  o = {};
  o.cusum_clip = o.cusum_slack;
  EXPECT_NE(validate(o).to_string().find("cusum_clip"), std::string::npos);
  o = {};
  o.count_tolerance = -1;
  EXPECT_NE(validate(o).to_string().find("count_tolerance"), std::string::npos);
}

TEST(RobustStats, MedianAndSpread) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  const std::vector<double> values{1, 2, 3, 4, 100};
  EXPECT_NEAR(robust_spread(values, 3), kMadToSd * 1, 1e-12);
}

}  // namespace
}  // namespace oiis::anomaly
