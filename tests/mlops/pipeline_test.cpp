// The MLOps pipeline with a small family whose "model" is a number: registration, promotion on
// the same held-out rows, data checks that stop a run, failures that leave the registry and the
// prediction table as they were, rollback, abandoned jobs and artefact tampering.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/crypto.h"
#include "mlops/pipeline.h"
#include "mlops/prediction_cache.h"
#include "store/model_tables.h"

namespace oiis::mlops {
namespace {

// The model is its seed as text; its held-out "score" is that number divided by 10. Knobs make
// the data check fail or prediction fail, as a broken data feed or a crash would.
struct Knobs {
  bool bad_data = false;
  bool predict_fails = false;
};

class NumberRun final : public FamilyRun {
 public:
  NumberRun(const TrainSettings& s, const Knobs& knobs) : seed_(s.seed), knobs_(knobs) {
    checks_.push_back({"rows", !knobs.bad_data, knobs.bad_data ? "no rows" : "3 rows"});
  }
  const std::vector<DataCheck>& checks() const override { return checks_; }
  std::string data_fingerprint() const override { return "data-1"; }
  std::string data_date() const override { return "2026-01-31"; }
  Result<TrainedModel> train(const ProgressFn& progress) override {
    progress(0.5, "counting");
    TrainedModel m;
    m.artefact = std::to_string(seed_);
    m.params = {{"seed", seed_}};
    m.metrics = {{"test", {{"score", seed_ / 10.0}}}};
    m.held_out_metric = "score";
    return m;
  }
  Result<nlohmann::json> evaluate(const std::string& artefact) override {
    return nlohmann::json{{"score", std::stoi(artefact) / 10.0}};
  }
  Result<FeatureSample> inputs() override { return FeatureSample{{"seed"}, {float(seed_)}}; }
  Result<std::vector<double>> scores(const std::string& artefact) override {
    return std::vector<double>{std::stod(artefact)};
  }
  Result<std::vector<PredictionRow>> predict(const std::string& artefact) override {
    if (knobs_.predict_fails) return internal_error("the process died while predicting");
    std::vector<PredictionRow> rows;
    for (const char* e : {"a", "b", "c"})
      rows.push_back({"number", e, 0, data_date(), "{\"value\":" + artefact + "}"});
    return rows;
  }

 private:
  int seed_;
  Knobs knobs_;
  std::vector<DataCheck> checks_;
};

class NumberFamily final : public ModelFamily {
 public:
  Knobs knobs;
  std::string name() const override { return "number"; }
  std::string description() const override { return "a number"; }
  Status check_settings(const TrainSettings&) const override { return Status::ok(); }
  Result<std::unique_ptr<FamilyRun>> prepare(Store&, const TrainSettings& s) override {
    return std::unique_ptr<FamilyRun>(new NumberRun(s, knobs));
  }
};

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_store(":memory:");
    ASSERT_TRUE(opened) << opened.status().to_string();
    store_ = std::move(*opened);
    dir_ = std::filesystem::temp_directory_path() /
           ("oiis-mlops-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    registry_ = std::make_unique<Registry>(store_->models(), dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Result<TrainOutcome> train_with(int seed) {
    TrainSettings s;
    s.seed = seed;
    return train(*store_, family_, *registry_, s);
  }
  std::string published(const std::string& entity) {
    auto row = store_->models().get_prediction("number", entity);
    return row ? std::to_string(row->model_version) + ":" + row->payload_json : "none";
  }

  std::unique_ptr<Store> store_;
  std::filesystem::path dir_;
  std::unique_ptr<Registry> registry_;
  NumberFamily family_;
};

TEST_F(PipelineTest, FirstModelIsPromotedAndOnlyABetterOneReplacesIt) {
  auto first = train_with(5);
  ASSERT_TRUE(first) << first.status().to_string();
  EXPECT_TRUE(first->promoted);
  EXPECT_EQ(first->version->version, 1);
  EXPECT_EQ(first->job.status, JobStatus::kSucceeded);
  EXPECT_EQ(published("b"), "1:{\"value\":5}");
  EXPECT_EQ(first->version->model_fingerprint, sha256_hex("5"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / first->version->artefact));

  auto worse = train_with(3);
  ASSERT_TRUE(worse);
  EXPECT_FALSE(worse->promoted);
  EXPECT_EQ(worse->version->stage, ModelStage::kCandidate);
  EXPECT_NE(worse->version->note.find("does not beat"), std::string::npos) << worse->version->note;
  EXPECT_EQ(published("b"), "1:{\"value\":5}");

  auto same = train_with(5);  // a tie does not promote
  ASSERT_TRUE(same);
  EXPECT_FALSE(same->promoted);

  auto better = train_with(8);
  ASSERT_TRUE(better);
  EXPECT_TRUE(better->promoted);
  EXPECT_EQ(published("b"), "4:{\"value\":8}");
  EXPECT_EQ(better->metrics["production_on_same_test"]["version"], 1);
  auto v1 = store_->models().get_model_version("number", 1);
  EXPECT_EQ(v1->stage, ModelStage::kArchived);
}

TEST_F(PipelineTest, AFailedDataCheckStopsTheRunAndChangesNothing) {
  ASSERT_TRUE(train_with(5));
  family_.knobs.bad_data = true;
  auto refused = train_with(9);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("rows: no rows"), std::string::npos);
  auto jobs = store_->models().list_jobs(10);
  ASSERT_EQ(jobs->size(), 2u);
  EXPECT_EQ((*jobs)[0].status, JobStatus::kFailed);
  EXPECT_EQ(store_->models().list_model_versions("number")->size(), 1u);
  EXPECT_EQ(published("a"), "1:{\"value\":5}");
}

TEST_F(PipelineTest, AFailureBeforePublishingLeavesRegistryAndPredictionsAsTheyWere) {
  ASSERT_TRUE(train_with(5));
  family_.knobs.predict_fails = true;
  auto failed = train_with(9);
  ASSERT_FALSE(failed);
  EXPECT_EQ(store_->models().list_model_versions("number")->size(), 1u);
  EXPECT_EQ(published("a"), "1:{\"value\":5}");
  EXPECT_EQ((*store_->models().list_jobs(1))[0].status, JobStatus::kFailed);
}

TEST_F(PipelineTest, RollbackRepublishesTheOlderVersionsPredictions) {
  ASSERT_TRUE(train_with(5));
  ASSERT_TRUE(train_with(8));
  EXPECT_EQ(published("c"), "2:{\"value\":8}");
  auto back = rollback(*store_, family_, *registry_);
  ASSERT_TRUE(back) << back.status().to_string();
  EXPECT_EQ(back->version, 1);
  EXPECT_EQ(back->note, "rolled back from v2");
  EXPECT_EQ(published("c"), "1:{\"value\":5}");
  EXPECT_EQ(store_->models().get_model_version("number", 2)->stage, ModelStage::kArchived);
  EXPECT_EQ(store_->models().get_model_version("number", 1)->promotion, 3);
  // A second rollback undoes the first: v2 was production before v1's return.
  auto again = rollback(*store_, family_, *registry_);
  ASSERT_TRUE(again) << again.status().to_string();
  EXPECT_EQ(again->version, 2);
  EXPECT_EQ(published("c"), "2:{\"value\":8}");
  // A candidate that never was production is never a rollback target.
  ASSERT_TRUE(train_with(1));
  EXPECT_EQ(registry_->rollback_target("number")->version, 1);
}

TEST_F(PipelineTest, AnArtefactChangedOnDiskIsRefused) {
  auto first = train_with(5);
  ASSERT_TRUE(first);
  std::ofstream(dir_ / first->version->artefact) << "7";
  auto promoted = promote(*store_, family_, *registry_, 1, "again");
  ASSERT_FALSE(promoted);
  EXPECT_NE(promoted.status().message().find("fingerprint"), std::string::npos);
}

TEST_F(PipelineTest, JobsOfADeadProcessAreMarkedAbandoned) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  Job dead;
  dead.kind = "train";
  dead.family = "number";
  dead.status = JobStatus::kRunning;
  dead.owner = std::string(host) + ":999999999";  // above pid_max: no such process
  dead.message = "training";
  Job alive = dead;
  alive.owner = job_owner();
  ASSERT_TRUE(store_->models().create_job(dead));
  ASSERT_TRUE(store_->models().create_job(alive));
  auto reaped = reap_abandoned_jobs(store_->models());
  ASSERT_TRUE(reaped);
  EXPECT_EQ(*reaped, 1);
  auto jobs = store_->models().list_jobs(10);
  EXPECT_EQ((*jobs)[1].status, JobStatus::kAbandoned);
  EXPECT_NE((*jobs)[1].message.find("last step: training"), std::string::npos);
  EXPECT_EQ((*jobs)[0].status, JobStatus::kRunning);
}

TEST_F(PipelineTest, PredictionCacheAnswersRepeatsAndForgetsAFamilyOnPromotion) {
  PredictionCache cache(store_->models(), 2, 3600);
  registry_->on_promotion([&](const std::string& family) { cache.drop(family); });
  ASSERT_TRUE(train_with(5));
  auto a = cache.get("number", "a");
  ASSERT_TRUE(a);
  EXPECT_EQ((*a)->model_version, 1);
  ASSERT_TRUE(cache.get("number", "a"));
  EXPECT_EQ(cache.hits(), 1u);
  ASSERT_TRUE(cache.get("number", "b"));
  ASSERT_TRUE(cache.get("number", "c"));
  EXPECT_EQ(cache.size(), 2u);  // bounded: the least recently used went
  EXPECT_EQ(cache.get("number", "zzz").status().code(), ErrorCode::kNotFound);

  ASSERT_TRUE(train_with(8));  // promoted: the listener drops the family
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ((*cache.get("number", "a"))->model_version, 2);
}

}  // namespace
}  // namespace oiis::mlops
