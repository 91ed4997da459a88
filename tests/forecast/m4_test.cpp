// The M4 reader, and the exactness check of the metrics: Naive2 and seasonal naive on the
// M4 Weekly and Hourly sets must reproduce the official figures (Makridakis et al. 2020,
// Evaluation_and_Ranks.xlsx) to the published three decimals.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "forecast/forecast.h"
#include "forecast/m4_format.h"
#include "forecast/metrics.h"
#include "forecast/datasets.h"

namespace oiis::forecast {
namespace {

TEST(M4Format, ParsesRaggedRows) {
  const std::string text =
      "\"V1\",\"V2\",\"V3\",\"V4\"\n"
      "\"W1\",\"1.5\",\"2\",\"3\"\r\n"
      "\"W2\",\"4\",\"\",\"\"\n"
      "\"W3\",\"4\",\"\",\"6\"\n";
  auto rows = parse_m4_wide(text);
  ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].id, "W1");
  EXPECT_EQ((*rows)[0].values, (std::vector<double>{1.5, 2, 3}));
  EXPECT_EQ((*rows)[1].values, (std::vector<double>{4}));  // trailing empties dropped
  ASSERT_EQ((*rows)[2].values.size(), 3u);
  EXPECT_TRUE(std::isnan((*rows)[2].values[1]));  // interior empty cell is missing
}

TEST(M4Format, RejectsNonNumbers) {
  auto rows = parse_m4_wide("\"V1\",\"V2\"\n\"W1\",\"abc\"\n");
  ASSERT_FALSE(rows.is_ok());
  EXPECT_EQ(rows.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(rows.status().field(), "line 2, column 2");
  EXPECT_FALSE(parse_m4_wide("").is_ok());
}

std::filesystem::path m4_dir() { return test_data::dataset_dir("m4", "Weekly-train.csv"); }

std::vector<NamedSeries> read(const std::filesystem::path& p) { return test_data::read_m4_file(p); }

struct Figures {
  double smape, mase;
};

Figures score(const std::string& set, int h, int m, Method method) {
  const auto dir = m4_dir();
  const auto train = read(dir / (set + "-train.csv"));
  const auto test = read(dir / (set + "-test.csv"));
  EXPECT_EQ(train.size(), test.size());
  MeanAccumulator smape_acc, mase_acc;
  ForecastOptions opt;
  opt.horizon = h;
  opt.season_length = m;
  opt.method = method;
  opt.intervals = false;
  for (size_t i = 0; i < train.size() && i < test.size(); ++i) {
    auto f = forecast(train[i].values, opt);
    EXPECT_TRUE(f.is_ok());
    if (!f) continue;
    const std::span<const double> actual = std::span(test[i].values).first(h);
    smape_acc.add(smape(actual, f->mean));
    mase_acc.add(mase(train[i].values, actual, f->mean, m));
  }
  return {smape_acc.mean(), mase_acc.mean()};
}

class M4Exactness : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(m4_dir() / "Hourly-train.csv")) {
      GTEST_SKIP() << "M4 dataset not found at " << m4_dir()
                   << " (set OIIS_SOURCE_DIR or provide /work/shared/datasets/m4)";
    }
  }
};

// Rounded as published: three decimals.
#define EXPECT_FIGURE(actual, expected) EXPECT_NEAR(actual, expected, 0.0005 + 1e-9)

TEST_F(M4Exactness, WeeklyNaive2AndSeasonalNaive) {
  for (Method m : {Method::kNaive2, Method::kSeasonalNaive}) {
    const Figures f = score("Weekly", 13, 1, m);
    EXPECT_FIGURE(f.smape, 9.161) << method_name(m);
    EXPECT_FIGURE(f.mase, 2.777) << method_name(m);
  }
}

TEST_F(M4Exactness, HourlyNaive2) {
  const Figures f = score("Hourly", 48, 24, Method::kNaive2);
  EXPECT_FIGURE(f.smape, 18.383);
  EXPECT_FIGURE(f.mase, 2.395);
}

TEST_F(M4Exactness, HourlySeasonalNaive) {
  const Figures f = score("Hourly", 48, 24, Method::kSeasonalNaive);
  EXPECT_FIGURE(f.smape, 13.912);
  EXPECT_FIGURE(f.mase, 1.193);
}

}  // namespace
}  // namespace oiis::forecast
