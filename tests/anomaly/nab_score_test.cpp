// NAB's scoring rules on hand-made windows: earlier hits score more, only a window's first
// alarm counts, a false alarm costs up to A_FP, a missed window costs A_FN, probation is ignored.
#include "anomaly/nab_score.h"

#include <gtest/gtest.h>

namespace oiis::anomaly {
namespace {

const std::vector<NabWindow> kOneWindow = {{100, 199}};  // 100 rows wide

double score_of(std::vector<std::size_t> alarms, std::vector<NabWindow> windows = kOneWindow) {
  auto s = nab_score(1000, windows, alarms, 0);
  EXPECT_TRUE(s.is_ok());
  return s->score;
}

TEST(NabScore, ScaledSigmoidMatchesNabsAnchors) {
  EXPECT_NEAR(nab_scaled_sigmoid(-1.0), 0.98661, 1e-5);
  EXPECT_NEAR(nab_scaled_sigmoid(-0.5), 0.84828, 1e-5);
  EXPECT_NEAR(nab_scaled_sigmoid(0.0), 0.0, 1e-12);
  EXPECT_EQ(nab_scaled_sigmoid(3.0), -1.0);
}

TEST(NabScore, AnEarlyHitScoresMoreThanALateOne) {
  const double first_row = score_of({100});
  const double middle = score_of({150});
  const double last_row = score_of({199});
  EXPECT_NEAR(first_row, 1.0, 1e-9);  // the window's first row earns the full A_TP
  EXPECT_GT(first_row, middle);
  EXPECT_GT(middle, last_row);
  EXPECT_GT(last_row, 0.0);
  EXPECT_NEAR(middle, nab_scaled_sigmoid(-0.5) / nab_scaled_sigmoid(-1.0), 1e-9);
}

TEST(NabScore, OnlyTheFirstAlarmInAWindowCounts) {
  auto s = nab_score(1000, kOneWindow, std::vector<std::size_t>{120, 130, 190}, 0);
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->detected, 1u);
  EXPECT_EQ(s->false_alarms, 0u);
  EXPECT_DOUBLE_EQ(s->score, score_of({120}));
}

TEST(NabScore, AFalseAlarmCostsAtMostAFpAndAMissCostsAFn) {
  EXPECT_DOUBLE_EQ(score_of({}), -1.0);             // the window missed: -A_FN
  EXPECT_NEAR(score_of({50}), -1.0 - 0.11, 1e-12);  // before any window: the full -A_FP
  // Just past the window the cost is small, far past it (3 widths) the full A_FP.
  const double just_after = score_of({200}) + 1.0;
  EXPECT_LT(just_after, 0.0);
  EXPECT_GT(just_after, -0.11 * 0.2);
  EXPECT_NEAR(score_of({600}) + 1.0, -0.11, 1e-12);
  auto s = nab_score(1000, kOneWindow, std::vector<std::size_t>{50, 600}, 0);
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->false_alarms, 2u);
  EXPECT_EQ(s->null_score, -1.0);
}

TEST(NabScore, ProbationIgnoresEarlyAlarmsAndWindows) {
  EXPECT_EQ(nab_probation_rows(1000), 150u);
  EXPECT_EQ(nab_probation_rows(100000), 750u);
  const std::vector<NabWindow> windows = {{10, 20}, {100, 199}};
  auto s = nab_score(1000, windows, std::vector<std::size_t>{5, 15, 100}, 50);
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->windows, 1u);  // the first window lies in probation
  EXPECT_EQ(s->false_alarms, 0u);
  EXPECT_NEAR(s->score, 1.0, 1e-9);
}

TEST(NabScore, NormalisedScoreRunsFromNullToPerfect) {
  EXPECT_DOUBLE_EQ(nab_normalised(-2.0, -2.0, 2), 0.0);
  EXPECT_DOUBLE_EQ(nab_normalised(2.0, -2.0, 2), 100.0);
  EXPECT_DOUBLE_EQ(nab_normalised(0.0, -2.0, 2), 50.0);
}

TEST(NabScore, RejectsBadWindowsAndAlarms) {
  const std::vector<NabWindow> overlapping = {{10, 20}, {15, 30}};
  EXPECT_EQ(nab_score(100, overlapping, {}, 0).status().field(), "windows");
  const std::vector<NabWindow> past_end = {{90, 100}};
  EXPECT_EQ(nab_score(100, past_end, {}, 0).status().field(), "windows");
  EXPECT_EQ(nab_score(100, {}, std::vector<std::size_t>{100}, 0).status().field(), "alarms");
}

}  // namespace
}  // namespace oiis::anomaly
