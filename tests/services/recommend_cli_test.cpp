// `oiis recommend eval` end to end on a small generated world: the JSON the checks read
// ({"methods": {"popularity": {"hr@10", "ndcg@10", "coverage"}, "item_knn", "ease"}}), the
// validation grid, and a bad setting named with exit status 2. The binary sits beside this test
// binary in the build folder (or OIIS_BINARY).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/required_part.h"
#include "support/run_command.h"

namespace {


class RecommendCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (oiis::testing::oiis_binary_path().empty()) OIIS_SKIP_UNLESS_REQUIRED("no oiis binary beside the test binary");
    data_ = std::filesystem::temp_directory_path() / ("oiis-recommend-cli-" + std::to_string(::getpid()));
    auto [status, out] = run("generate --data " + data_.string() +
                             " --seed 3 --products 80 --customers 600 --days 240");
    ASSERT_EQ(status, 0) << out;
  }
  void TearDown() override { std::filesystem::remove_all(data_); }
  std::pair<int, std::string> run(const std::string& args) {
    return oiis::testing::run_command(oiis::testing::oiis_binary_path() + " " + args);
  }
  std::filesystem::path data_;
};

TEST_F(RecommendCli, EvalPrintsEveryMethodsMetrics) {
  auto [status, out] = run("recommend eval --data " + data_.string() + " --json");
  ASSERT_EQ(status, 0) << out;
  const auto json = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << out;
  EXPECT_GT(json["scored_customers"].get<int>(), 50) << out;
  for (const char* method : {"popularity", "item_knn", "ease"}) {
    ASSERT_TRUE(json["methods"].contains(method)) << out;
    const auto& m = json["methods"][method];
    for (const char* metric : {"hr@10", "ndcg@10", "coverage"}) {
      ASSERT_TRUE(m.contains(metric)) << method << " " << metric;
      EXPECT_GE(m[metric].get<double>(), 0) << method << " " << metric;
      EXPECT_LE(m[metric].get<double>(), 1) << method << " " << metric;
    }
    EXPECT_GT(m["hr@10"].get<double>(), 0.1) << method;  // 10 of 80 at random: far less
  }
  EXPECT_EQ(json["methods"]["ease"]["settings"], "lambda=1000");  // the frozen default

  auto [grid_status, grid] = run("recommend eval --data " + data_.string() + " --validation --json");
  ASSERT_EQ(grid_status, 0) << grid;
  const auto grid_json = nlohmann::json::parse(grid, nullptr, false);
  EXPECT_GT(grid_json["validation"].size(), 10u) << grid;
}

TEST_F(RecommendCli, BadSettingIsNamedWithStatusTwo) {
  auto [status, out] = run("recommend eval --data " + data_.string() + " --lambda 0");
  EXPECT_EQ(status, 2) << out;
  EXPECT_NE(out.find("--lambda"), std::string::npos) << out;
  auto [knn_status, knn] = run("recommend eval --data " + data_.string() + " --neighbours 0");
  EXPECT_EQ(knn_status, 2) << knn;
  EXPECT_NE(knn.find("--neighbours"), std::string::npos) << knn;
}

}  // namespace
