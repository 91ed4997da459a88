// The streaming detector: a spike and a level drop alarm once each; noise and a value inside
// the recent spread do not; the cooldown keeps one incident to one alarm.
#include "anomaly/stream_detector.h"

#include <cmath>
#include <gtest/gtest.h>

namespace oiis::anomaly {
namespace {

std::vector<double> noisy_level(std::size_t n, double level) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = level + std::sin(static_cast<double>(i) * 1.7) * 2.0;
  return v;
}

StreamDetectorOptions small_options() {
  StreamDetectorOptions o;
  o.history = 50;
  o.threshold = 6;
  o.cooldown = 30;
  return o;
}

TEST(StreamDetector, QuietOnNoiseAlarmsOnASpikeAndADrop) {
  auto values = noisy_level(400, 100);
  EXPECT_TRUE(stream_alarms(stream_scores(values, small_options()), 6, 30).empty());
  values[200] = 160;                                   // a spike
  for (std::size_t i = 300; i < 400; ++i) values[i] = 20;  // the feed almost stops
  const auto alarms = stream_alarms(stream_scores(values, small_options()), 6, 30);
  ASSERT_EQ(alarms.size(), 2u);  // one each: the cooldown swallows the rest of the drop
  EXPECT_EQ(alarms[0], 200u);
  EXPECT_EQ(alarms[1], 300u);
}

TEST(StreamDetector, ObserveMatchesTheBatchHelpers) {
  auto values = noisy_level(300, 50);
  values[120] = 5;
  values[250] = 95;
  StreamDetector detector(small_options());
  std::vector<std::size_t> streamed;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (detector.observe(values[i])) streamed.push_back(i);
  EXPECT_EQ(streamed, stream_alarms(stream_scores(values, small_options()), 6, 30));
  EXPECT_EQ(streamed.size(), 2u);
}

TEST(StreamDetector, SmoothingCatchesASmallSustainedShiftNotOneBlip) {
  auto values = noisy_level(300, 100);
  values[100] = 112;                                         // one blip, 6 above the noise
  for (std::size_t i = 200; i < 300; ++i) values[i] += 10;  // a sustained shift
  StreamDetectorOptions o = small_options();
  o.smooth = 6;
  o.threshold = 4;
  const auto alarms = stream_alarms(stream_scores(values, o), o.threshold, o.cooldown);
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_GE(alarms[0], 200u);
  EXPECT_LE(alarms[0], 206u);
}

TEST(StreamDetector, ASeasonMakesTheDailyPatternNormalAndABrokenDayNot) {
  // 24 values a day peaking at noon, with noise 0-10 from a fixed LCG (periodic noise would
  // make the day-to-day changes constant); day 12 is a holiday: flat at the night level.
  std::vector<double> values;
  std::uint32_t state = 12345;
  for (int day = 0; day < 16; ++day)
    for (int hour = 0; hour < 24; ++hour) {
      state = state * 1103515245u + 12345u;
      const double noise = static_cast<double>((state >> 16) % 1000) / 100.0;
      const double pattern = 100 + 80 * std::sin(3.14159265 * hour / 24.0) + noise;
      values.push_back(day == 12 ? 100 : pattern);
    }
  StreamDetectorOptions o;
  o.history = 72;
  o.smooth = 3;
  o.threshold = 6;
  o.cooldown = 48;
  o.season = 24;
  const auto alarms = stream_alarms(stream_scores(values, o), o.threshold, o.cooldown);
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_GE(alarms[0], 12u * 24);
  EXPECT_LT(alarms[0], 12u * 24 + 12);
  o.season = -1;
  EXPECT_EQ(validate(o).field(), "season");
}

TEST(StreamDetector, RejectsBadOptions) {
  StreamDetectorOptions o;
  o.history = 2;
  EXPECT_EQ(validate(o).field(), "history");
  o = {};
  o.threshold = 0;
  EXPECT_EQ(validate(o).field(), "threshold");
  o = {};
  o.smooth = 0;
  EXPECT_EQ(validate(o).field(), "smooth");
}

}  // namespace
}  // namespace oiis::anomaly
