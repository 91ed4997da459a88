// `oiis customers clv | rfm | segment | churn` end to end on a small transaction file: --help, the JSON
// with its caveats, and bad input named with exit status 2. The binary sits beside this test
// binary in the build folder (or OIIS_BINARY).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "support/required_part.h"
#include "support/run_command.h"

namespace {


// Exit status and stdout + stderr of `oiis ARGS`.
std::pair<int, std::string> run(const std::string& args) {
  return oiis::testing::run_command(oiis::testing::oiis_binary_path() + " " + args);
}

class CustomersCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (oiis::testing::oiis_binary_path().empty()) OIIS_SKIP_UNLESS_REQUIRED("no oiis binary beside the test binary");
    file_ = std::filesystem::temp_directory_path() /
            ("oiis-customers-cli-" + std::to_string(::getpid()) + ".csv");
    std::ofstream out(file_);
    out << "customer_id,date,amount\n";
    // 30 weekly buyers through June, 30 one-off buyers in January.
    const oiis::Date start = oiis::date_from_civil(2024, 1, 1);
    for (int c = 0; c < 30; ++c) {
      for (int week = 0; week < 26; ++week)
        out << "w" << c << "," << oiis::format_date(start + 7 * week + c % 7) << ",20\n";
      out << "o" << c << "," << oiis::format_date(start + 9 + c % 20) << ",15\n";
    }
  }
  void TearDown() override { std::filesystem::remove(file_); }
  std::filesystem::path file_;
};

TEST_F(CustomersCli, EveryCommandHasHelp) {
  for (const char* command : {"clv", "rfm", "segment", "churn"}) {
    auto [status, out] = run(std::string("customers ") + command + " --help");
    EXPECT_EQ(status, 0) << command;
    EXPECT_NE(out.find("--transactions"), std::string::npos) << out;
    EXPECT_NE(out.find("--data"), std::string::npos) << out;
    EXPECT_NE(out.find("--json"), std::string::npos) << out;
  }
}

// One-off January buyers have churned, weekly buyers have not: a window of 30 days separates
// them on the later window, and the one-off buyers head the risk list with their drivers.
TEST_F(CustomersCli, ChurnJsonRanksTheLapsedBuyersFirst) {
  auto [status, out] = run("customers churn --json --window-days 30 --threads 1 --transactions " +
                           file_.string());
  ASSERT_EQ(status, 0) << out;
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j.at("window_days"), 30);
  EXPECT_GT(j.at("evaluation").at("auc").get<double>(), 0.9) << j.at("evaluation").dump();
  const auto& customers = j.at("customers");
  ASSERT_EQ(customers.size(), 60u);
  EXPECT_EQ(customers[0].at("customer_id").get<std::string>()[0], 'o') << customers[0].dump();
  EXPECT_EQ(customers[59].at("customer_id").get<std::string>()[0], 'w') << customers[59].dump();
  EXPECT_GT(customers[0].at("churn_probability").get<double>(),
            customers[59].at("churn_probability").get<double>());
  EXPECT_FALSE(customers[0].at("drivers").empty());
  std::tie(status, out) = run("customers churn --window-days 400 --transactions " + file_.string());
  EXPECT_EQ(status, 2) << out;
  EXPECT_NE(out.find("window_days"), std::string::npos) << out;
}

TEST_F(CustomersCli, RfmAndSegmentJsonFromAFile) {
  auto [status, out] = run("customers rfm --json --transactions " + file_.string());
  ASSERT_EQ(status, 0) << out;
  const auto rfm = nlohmann::json::parse(out);
  EXPECT_EQ(rfm["customers"], 60);
  ASSERT_EQ(rfm["scores"].size(), 60u);
  // Weekly buyers to the end are frequent (the best F, tied: 5) and recent: champions or loyal;
  // January's one-off buyers score F=1 and, five months on, are lost, hibernating or need
  // attention.
  for (const auto& c : rfm["scores"]) {
    const bool weekly = c["customer_id"].get<std::string>()[0] == 'w';
    const std::string group = c["group"];
    EXPECT_EQ(c["f"], weekly ? 5 : 1) << c;
    const auto allowed = weekly ? std::vector<std::string>{"champions", "loyal"}
                                : std::vector<std::string>{"lost", "hibernating", "need attention"};
    EXPECT_NE(std::find(allowed.begin(), allowed.end(), group), allowed.end()) << c;
  }
  EXPECT_FALSE(rfm["caveats"].empty());
  auto [seg_status, seg_out] =
      run("customers segment --json --k-min 2 --k-max 3 --transactions " + file_.string());
  ASSERT_EQ(seg_status, 0) << seg_out;
  const auto seg = nlohmann::json::parse(seg_out);
  EXPECT_EQ(seg["customers"].size(), 60u);
  EXPECT_NE(seg["caveats"].dump().find("basket size"), std::string::npos) << seg["caveats"];
}

TEST_F(CustomersCli, BadInputIsNamedWithStatusTwo) {
  const std::string file = " --transactions " + file_.string();
  auto [status, out] = run("customers clv --calibration-end 2024-13-01" + file);
  EXPECT_EQ(status, 2);
  EXPECT_NE(out.find("--calibration-end"), std::string::npos) << out;
  std::tie(status, out) = run("customers clv --calibration-end 2024-03-31 --holdout-end 2024-03-01" + file);
  EXPECT_EQ(status, 2);
  EXPECT_NE(out.find("--holdout-end"), std::string::npos) << out;
  std::tie(status, out) = run("customers segment --features nope" + file);
  EXPECT_EQ(status, 2);
  EXPECT_NE(out.find("--features"), std::string::npos) << out;
  std::tie(status, out) = run("customers rfm --data /nonexistent-dir-x" + file);
  EXPECT_EQ(status, 2);
  EXPECT_NE(out.find("not both"), std::string::npos) << out;
}

}  // namespace
