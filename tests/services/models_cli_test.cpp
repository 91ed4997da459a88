// `oiis train`, `oiis models`, `oiis jobs` end to end on a generated world: the same data and
// seed give the same model fingerprint and metrics; a training killed (SIGKILL) at any moment
// leaves the registry and the prediction table whole (every version's artefact intact, every
// published row of the production version) and its job is later shown abandoned; the next run
// completes; bad input exits 2 naming the field.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/crypto.h"
#include "services/model_service.h"
#include "store/model_tables.h"
#include "store/store.h"
#include "support/required_part.h"
#include "support/run_command.h"

extern char** environ;

namespace oiis::testing {
namespace {

using Json = nlohmann::json;

std::pair<int, std::string> oiis(const std::string& args) {
  return run_command(oiis_binary_path() + " " + args);
}

class ModelsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (oiis_binary_path().empty())
      OIIS_SKIP_UNLESS_REQUIRED("no oiis binary beside the test binary");
    dir_ = std::filesystem::temp_directory_path() /
           ("oiis-models-cli-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto [status, out] = oiis("generate --data " + dir_.string() +
                              " --seed 5 --customers 1500 --products 100 --days 450");
    ASSERT_EQ(status, 0) << out;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Json json_of(const std::string& args) {
    auto [status, out] = oiis(args + " --data " + dir_.string() + " --json");
    EXPECT_EQ(status, 0) << out;
    return Json::parse(out, nullptr, false);
  }

  // Every registered version's artefact matches its fingerprint, and the published table is
  // entirely the production version's (or empty before the first production model).
  void expect_whole(const std::string& when) {
    auto store = open_store((dir_ / "oiis.db").string());
    ASSERT_TRUE(store) << store.status().to_string();
    auto versions = (*store)->models().list_model_versions("churn");
    ASSERT_TRUE(versions);
    int production = 0;
    for (const auto& v : *versions) {
      std::ifstream in(dir_ / v.artefact, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      EXPECT_EQ(sha256_hex(bytes), v.model_fingerprint) << when << ": v" << v.version;
      if (v.stage == ModelStage::kProduction) production = v.version;
    }
    auto rows = (*store)->models().list_predictions("churn", "", 10000);
    ASSERT_TRUE(rows);
    EXPECT_EQ(rows->empty(), production == 0) << when;
    for (const auto& r : *rows) ASSERT_EQ(r.model_version, production) << when;
  }

  std::filesystem::path dir_;
};

TEST_F(ModelsCli, SameDataAndSeedGiveTheSameModel) {
  Json first = json_of("train churn --seed 3");
  Json second = json_of("train churn --seed 3");
  ASSERT_TRUE(first.is_object()) << first;
  EXPECT_EQ(first["version"]["model_fingerprint"], second["version"]["model_fingerprint"]);
  EXPECT_EQ(first["version"]["data_fingerprint"], second["version"]["data_fingerprint"]);
  EXPECT_EQ(first["version"]["metrics"]["test"], second["version"]["metrics"]["test"]);
  EXPECT_TRUE(first["promoted"].get<bool>());
  EXPECT_FALSE(second["promoted"].get<bool>());  // a tie never replaces production
  for (const auto& check : first["checks"]) EXPECT_TRUE(check["passed"].get<bool>()) << check;
  Json listed = json_of("models list");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["stage"], "candidate");
  EXPECT_EQ(listed[1]["stage"], "production");
}

TEST_F(ModelsCli, AKilledTrainingLeavesRegistryAndPredictionsWhole) {
  int killed = 0;
  for (int i = 0; i < 8; ++i) {
    const std::string seed = std::to_string(i);
    const std::string data = dir_.string();
    std::vector<std::string> args = {oiis_binary_path(), "train", "churn", "--data", data,
                                     "--seed", seed};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(40 + 110 * i));
    killed += kill(pid, SIGKILL) == 0;
    int status = 0;
    waitpid(pid, &status, 0);
    expect_whole("after the kill at " + std::to_string(40 + 110 * i) + " ms");
  }
  EXPECT_GT(killed, 0);
  auto [status, out] = oiis("train churn --seed 99 --data " + dir_.string());
  EXPECT_EQ(status, 0) << out;
  expect_whole("after the run that completed");
  Json jobs = json_of("jobs --limit 50");
  int abandoned = 0;
  for (const auto& j : jobs) {
    EXPECT_NE(j["status"], "running") << j;
    abandoned += j["status"] == "abandoned";
  }
  EXPECT_GT(abandoned, 0) << jobs;
}

// The forecast family: the method with the lowest validation WAPE is the one registered, its
// test backtest is recorded beside the best baseline's, and every SKU's forecast is published.
TEST_F(ModelsCli, ForecastFamilyChoosesItsMethodOnValidationAndPublishesEverySku) {
  Json out = json_of("train forecast --seed 1");
  ASSERT_TRUE(out.is_object()) << out;
  const Json& v = out["version"];
  double best = 1e300;
  std::string best_method;
  for (const auto& c : v["params"]["candidates"])
    if (c["validation"]["wape"].get<double>() < best)
      best = c["validation"]["wape"], best_method = c["method"];
  EXPECT_EQ(v["params"]["method"], best_method);
  const Json& test = v["metrics"]["test"];
  EXPECT_GT(test["wape"].get<double>(), 0.0);
  EXPECT_GT(test["best_baseline_wape"].get<double>(), 0.0);
  EXPECT_LT(test["cutoff"].get<std::string>(), v["data_date"].get<std::string>());
  auto store = open_store((dir_ / "oiis.db").string());
  ASSERT_TRUE(store);
  auto rows = (*store)->models().list_predictions("forecast", "", 10000);
  ASSERT_TRUE(rows);
  EXPECT_EQ(static_cast<long>(rows->size()), test["series"].get<long>());
  const Json first = Json::parse(rows->front().payload_json);
  EXPECT_EQ(first["mean"].size(), 13u) << first.dump().substr(0, 400);
  EXPECT_EQ(first["level"], "weekly");
}

// Two worlds from one seed, one with customers shopping 2.5 times as often over its last month:
// a model trained until that month, monitored a month later, alerts only on the drifted world.
TEST_F(ModelsCli, ADriftedMonthRaisesADriftAlertAndAnUnchangedOneDoesNot) {
  const std::string drifted = dir_.string() + "-drifted";
  std::filesystem::remove_all(drifted);
  auto [status, out] = oiis("generate --data " + drifted +
                            " --seed 5 --customers 1500 --products 100 --days 450 "
                            "--drift-from 2024-02-26 --drift-demand 2.5");
  ASSERT_EQ(status, 0) << out;
  for (const std::string& data : {dir_.string(), drifted}) {
    std::tie(status, out) = oiis("train churn --as-of 2024-02-25 --data " + data);
    ASSERT_EQ(status, 0) << out;
    std::tie(status, out) = oiis("monitor churn --json --data " + data);
    ASSERT_EQ(status, 0) << out;
    const Json report = Json::parse(out, nullptr, false);
    ASSERT_TRUE(report.is_object()) << out;
    const Json& drift = report["report"]["drift"];
    EXPECT_EQ(report["report"]["data_date"], "2024-03-25");
    EXPECT_EQ(report["alert"].get<bool>(), data == drifted) << drift.dump(1);
    EXPECT_EQ(drift["features"].size(), 10u);  // 9 monitored inputs and the prediction
  }
  // The schedule's monitoring task: the alert retrains on all the data at once.
  {
    auto store = open_store(drifted + "/oiis.db");
    ASSERT_TRUE(store) << store.status().to_string();
    services::ModelService service(**store, drifted);
    service.scheduled_monitor(/*retrain_on_alert=*/true);
    auto versions = (*store)->models().list_model_versions("churn");
    ASSERT_TRUE(versions);
    ASSERT_EQ(versions->size(), 2u);
    EXPECT_EQ((*versions)[0].data_date, "2024-03-25");
    EXPECT_TRUE((*store)->models().list_monitor_reports("churn", 10)->front().alert);
  }
  std::filesystem::remove_all(drifted);
}

TEST_F(ModelsCli, BadInputIsNamedAndExitsTwo) {
  auto [status, out] = oiis("train nope --data " + dir_.string());
  EXPECT_EQ(status, 1) << out;  // not found, naming the field and the known families
  EXPECT_NE(out.find("(known: churn, forecast) (field family)"), std::string::npos) << out;
  std::tie(status, out) = oiis("train churn --window-days 2 --data " + dir_.string());
  EXPECT_EQ(status, 2) << out;
  EXPECT_NE(out.find("window_days"), std::string::npos) << out;
  std::tie(status, out) = oiis("models show churn 4 --data " + dir_.string());
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("not found"), std::string::npos) << out;
  std::tie(status, out) = oiis("monitor churn --data " + dir_.string());
  EXPECT_EQ(status, 1) << out;  // nothing to monitor before a production model
  EXPECT_NE(out.find("no production model"), std::string::npos) << out;
  std::tie(status, out) = oiis("train churn --as-of 2024-13-01 --data " + dir_.string());
  EXPECT_EQ(status, 2) << out;
  EXPECT_NE(out.find("as_of"), std::string::npos) << out;
  std::tie(status, out) = oiis("models --help");
  EXPECT_EQ(status, 0);
  for (const char* sub : {"list", "show", "promote", "rollback"})
    EXPECT_NE(out.find(sub), std::string::npos) << out;
}

}  // namespace
}  // namespace oiis::testing
