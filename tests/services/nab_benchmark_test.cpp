// The NAB benchmark's loader and split on a hand-made corpus: window timestamps become rows,
// bad files are named in the error, and a detector that catches the one clear anomaly scores
// above the null detector on both halves.
#include "services/nab_benchmark.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace oiis::services {
namespace {

namespace fs = std::filesystem;

// 2,000 five-minute values with a spike at row 600 and a drop from row 1,500; windows around both.
fs::path write_corpus(const std::string& bad_value = "") {
  const fs::path dir = fs::temp_directory_path() / ("oiis-nab-" + std::to_string(::getpid()));
  fs::create_directories(dir / "realKnownCause");
  std::ofstream csv(dir / "realKnownCause/tiny.csv");
  csv << "timestamp,value\n";
  const Timestamp start = *parse_timestamp("2014-01-01 00:00:00");
  for (int i = 0; i < 2000; ++i) {
    double v = 100 + 3 * std::sin(i * 1.3);
    if (i == 600) v = 250;
    if (i >= 1500) v = 20;
    std::string at = format_timestamp(start + 300 * i);
    at[10] = ' ';
    at.pop_back();  // "2014-01-01 00:05:00", as NAB writes it
    csv << at << "," << (i == 10 && !bad_value.empty() ? bad_value : std::to_string(v)) << "\n";
  }
  std::ofstream windows(dir / "combined_windows.json");
  windows << R"({"realKnownCause/tiny.csv": [["2014-01-03 01:00:00.000000", "2014-01-03 03:00:00.000000"],)"
          << R"( ["2014-01-06 04:00:00.000000", "2014-01-06 06:00:00.000000"]],)"
          << R"( "realKnownCause/absent.csv": [], "artificialNoAnomaly/x.csv": []})";
  return dir;
}

TEST(NabBenchmark, LoadsWindowsAsRowsAndScoresBothHalves) {
  const fs::path dir = write_corpus();
  auto series = load_nab_series(dir.string());
  ASSERT_TRUE(series.is_ok()) << series.status().to_string();
  ASSERT_EQ(series->size(), 1u);  // absent files and other subsets are left out
  const NabSeries& s = series->front();
  ASSERT_EQ(s.windows.size(), 2u);
  EXPECT_EQ(s.windows[0].first, 588u);  // 2 days + 1 hour of 5-minute rows
  EXPECT_EQ(s.windows[0].last, 612u);
  EXPECT_EQ(s.windows[1].first, 1488u);
  auto benchmark = run_nab_benchmark(*series);
  ASSERT_TRUE(benchmark.is_ok());
  const NabSeriesResult& r = benchmark->series.front();
  EXPECT_EQ(r.split, 1000u);
  EXPECT_EQ(r.validation.detected, 1u);
  EXPECT_EQ(r.held_out.detected, 1u);
  EXPECT_GT(benchmark->held_out_score, 50.0);
  EXPECT_GT(benchmark->whole_score, 50.0);
  fs::remove_all(dir);
}

TEST(NabBenchmark, BadInputNamesTheFile) {
  const fs::path dir = write_corpus("oops");
  auto series = load_nab_series(dir.string());
  ASSERT_FALSE(series.is_ok());
  EXPECT_NE(series.status().message().find("tiny.csv line"), std::string::npos);
  EXPECT_EQ(series.status().field(), "--dir");
  fs::remove_all(dir);
  EXPECT_EQ(load_nab_series("/nonexistent").status().field(), "--dir");
}

}  // namespace
}  // namespace oiis::services
