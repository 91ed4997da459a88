// /api/v1/models, /api/v1/jobs and /api/v1/predict on a world of 80 regular buyers over two
// years, half of whom stop buying: training runs as a background job, the first model is
// published, predictions come from the cache, a promotion through the API clears the cache
// (the next answer names the new version), and bad requests name their field.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "server/lapsing_buyers.h"
#include "server/server_fixture.h"

namespace oiis::testing {
namespace {


class ModelRoutesTest : public ServerTest {
 protected:
  void SetUp() override {
    data_dir_ = std::filesystem::temp_directory_path() /
                ("oiis-model-routes-" + std::to_string(getpid()));
    std::filesystem::remove_all(data_dir_);
    ServerConfig config;
    config.data_dir = data_dir_.string();
    start(config);
    add_lapsing_buyers(*store_, location_id_);
  }
  void TearDown() override {
    ServerTest::TearDown();
    std::filesystem::remove_all(data_dir_);
  }

  static bool lapsed(Id id) { return lapsing_buyer_lapsed(id); }

  // Starts a training and waits for its job to end; returns the finished job.
  Json train(const Json& body) {
    Reply started = post("/api/v1/models/churn/train", body);
    EXPECT_EQ(started.status, 202) << started.body;
    const auto id = started.json.value("id", 0);
    for (int i = 0; i < 600; ++i) {
      Reply job = get("/api/v1/jobs/" + std::to_string(id), kReadKey);
      if (job.json.value("status", "") != "running") return job.json;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "job " << id << " still running after 30 s";
    return {};
  }

  std::filesystem::path data_dir_;
};

TEST_F(ModelRoutesTest, TrainPublishPredictAndPromotionClearsTheCache) {
  Json first = train({{"seed", 1}});
  ASSERT_EQ(first.value("status", ""), "succeeded") << first.dump();
  EXPECT_EQ(first["model_version"], 1);

  Reply models = get("/api/v1/models?family=churn", kReadKey);
  ASSERT_EQ(models.status, 200) << models.body;
  ASSERT_EQ(models.json["items"].size(), 1u);
  const Json& v1 = models.json["items"][0];
  EXPECT_EQ(v1["stage"], "production");
  EXPECT_GT(v1["metrics"]["test"]["auc"].get<double>(), 0.5);
  EXPECT_EQ(v1["model_fingerprint"].get<std::string>().size(), 64u);
  EXPECT_TRUE(std::filesystem::exists(data_dir_ / v1["artefact"].get<std::string>()));

  double lapsed_sum = 0, active_sum = 0;
  for (int i = 0; i < kLapsingCustomers; ++i) {
    const Id id = 1000 + i;
    Reply p = get("/api/v1/predict/churn/" + std::to_string(id), kReadKey);
    ASSERT_EQ(p.status, 200) << p.body;
    EXPECT_EQ(p.json["model_version"], 1);
    const double churn = p.json["prediction"]["churn_probability"].get<double>();
    ASSERT_GE(churn, 0.0);
    ASSERT_LE(churn, 1.0);
    (lapsed(id) ? lapsed_sum : active_sum) += churn;
  }
  EXPECT_GT(lapsed_sum, active_sum);  // the model learnt something real

  // A second model, then whichever version is not production is promoted by hand: the
  // cached answers of version 1 must not outlive the promotion.
  Json second = train({{"seed", 2}, {"window_days", 60}});
  ASSERT_EQ(second.value("status", ""), "succeeded") << second.dump();
  Reply listed = get("/api/v1/models?family=churn", kReadKey);
  int target = 0;
  for (const auto& v : listed.json["items"])
    if (v["stage"] != "production") target = v["version"];
  ASSERT_NE(target, 0) << listed.body;
  Reply promoted = post("/api/v1/models/churn/promote", {{"version", target}, {"note", "test"}});
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(promoted.json["stage"], "production");
  Reply after = get("/api/v1/predict/churn/1001", kReadKey);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.json["model_version"], target);

  // Rolling back returns to the production before the hand promotion.
  Reply rolled = post("/api/v1/models/churn/rollback", Json::object());
  ASSERT_EQ(rolled.status, 200) << rolled.body;
  EXPECT_NE(rolled.json["version"], target);
  EXPECT_EQ(rolled.json["note"].get<std::string>().rfind("rolled back from v", 0), 0u);
  EXPECT_EQ(get("/api/v1/predict/churn/1001", kReadKey).json["model_version"],
            rolled.json["version"]);

  Reply jobs = get("/api/v1/jobs?limit=5", kReadKey);
  ASSERT_EQ(jobs.status, 200);
  EXPECT_EQ(jobs.json["items"].size(), 2u);

  // Monitoring the same data the model saw: nothing moved.
  EXPECT_EQ(post("/api/v1/models/churn/monitor", Json::object(), kReadKey).status, 403);
  Reply monitored = post("/api/v1/models/churn/monitor", Json::object(), kWriteKey);
  ASSERT_EQ(monitored.status, 201) << monitored.body;
  EXPECT_FALSE(monitored.json["alert"].get<bool>()) << monitored.body;
  EXPECT_LT(monitored.json["report"]["drift"]["max_psi"].get<double>(), 1e-9);
  Reply reports = get("/api/v1/monitor?family=churn", kReadKey);
  ASSERT_EQ(reports.status, 200);
  EXPECT_EQ(reports.json["items"].size(), 1u);

  Reply metrics = get("/metrics", kReadKey);
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("oiis_model_production_version{family=\"churn\"} " +
                              rolled.json["version"].dump()),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("oiis_model_drift_alert{family=\"churn\"} 0"), std::string::npos);
  EXPECT_NE(metrics.body.find("oiis_prediction_cache_hits_total "), std::string::npos);
}

TEST_F(ModelRoutesTest, BadRequestsNameTheirFieldAndChangeNothing) {
  EXPECT_EQ(post("/api/v1/models/nope/train", Json::object()).status, 404);
  Reply bad_window = post("/api/v1/models/churn/train", {{"window_days", "x"}});
  EXPECT_EQ(bad_window.status, 400);
  EXPECT_EQ(bad_window.error_field(), "window_days");
  Reply unknown = post("/api/v1/models/churn/train", {{"bogus", 1}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.error_field(), "bogus");
  Reply short_window = post("/api/v1/models/churn/train", {{"window_days", 3}});
  EXPECT_EQ(short_window.status, 400);
  EXPECT_EQ(short_window.error_field(), "window_days");
  // Each family names its own settings: the route passes them on, the family checks them.
  Reply bad_level = post("/api/v1/models/forecast/train", {{"level", "hourly"}});
  EXPECT_EQ(bad_level.status, 400);
  EXPECT_EQ(bad_level.error_field(), "level");
  Reply churn_level = post("/api/v1/models/churn/train", {{"level", "weekly"}});
  EXPECT_EQ(churn_level.status, 400);
  EXPECT_EQ(churn_level.error_field(), "level");
  Reply bad_as_of = post("/api/v1/models/churn/train", {{"as_of", "2024-13-01"}});
  EXPECT_EQ(bad_as_of.status, 400);
  EXPECT_EQ(bad_as_of.error_field(), "as_of");
  EXPECT_EQ(post("/api/v1/models/churn/train", Json::object(), kReadKey).status, 403);
  Reply no_version = post("/api/v1/models/churn/promote", {{"note", "x"}});
  EXPECT_EQ(no_version.status, 400);
  EXPECT_EQ(no_version.error_field(), "version");
  EXPECT_EQ(post("/api/v1/models/churn/promote", {{"version", 7}}).status, 404);
  EXPECT_EQ(post("/api/v1/models/churn/rollback", Json::object()).status, 409);
  EXPECT_EQ(get("/api/v1/predict/churn/1001", kReadKey).status, 404);
  EXPECT_EQ(get("/api/v1/models/churn/abc", kReadKey).status, 400);
  EXPECT_EQ(get("/api/v1/jobs/99", kReadKey).status, 404);
  EXPECT_EQ(get("/api/v1/models", kReadKey).json["items"].size(), 0u);
  EXPECT_EQ(get("/api/v1/jobs", kReadKey).json["items"].size(), 0u);
}

}  // namespace
}  // namespace oiis::testing
