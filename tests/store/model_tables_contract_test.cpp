// The MLOps tables (store/model_tables.h) on every backend: version numbering, one production
// model per family, jobs, prediction tables replaced whole, and no data-version change.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/model_tables.h"
#include "store/store_contract.h"

namespace oiis::testing {
namespace {

ModelVersion candidate(const std::string& family, const std::string& fingerprint) {
  ModelVersion v;
  v.family = family;
  v.params_json = R"({"depth":3})";
  v.metrics_json = R"({"auc":0.8})";
  v.data_fingerprint = "data-" + fingerprint;
  v.model_fingerprint = fingerprint;
  v.code_version = "test";
  v.artefact = "models/" + family + "/" + fingerprint + ".json";
  v.data_date = "2026-01-31";
  return v;
}

TEST_P(StoreContract, ModelVersionsAreNumberedPerFamilyAndListedNewestFirst) {
  ModelVersion a1 = must(store_->models().add_model_version(candidate("churn", "a1"), nullptr));
  ModelVersion a2 = must(store_->models().add_model_version(candidate("churn", "a2"), nullptr));
  ModelVersion b1 = must(store_->models().add_model_version(candidate("forecast", "b1"), nullptr));
  EXPECT_EQ(a1.version, 1);
  EXPECT_EQ(a2.version, 2);
  EXPECT_EQ(b1.version, 1);
  EXPECT_GT(a1.created_at, 0);

  auto churn = must(store_->models().list_model_versions("churn"));
  ASSERT_EQ(churn.size(), 2u);
  EXPECT_EQ(churn[0].version, 2);
  EXPECT_EQ(churn[0].model_fingerprint, "a2");
  EXPECT_EQ(churn[0].params_json, R"({"depth":3})");
  EXPECT_EQ(churn[0].stage, ModelStage::kCandidate);
  EXPECT_EQ(must(store_->models().list_model_versions("")).size(), 3u);
  EXPECT_EQ(must(store_->models().get_model_version("forecast", 1)).data_date, "2026-01-31");
  EXPECT_EQ(store_->models().get_model_version("forecast", 2).status().code(),
            ErrorCode::kNotFound);

  ModelVersion bad = candidate("", "x");
  auto refused = store_->models().add_model_version(bad, nullptr);
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.status().field(), "family");
}

TEST_P(StoreContract, PromotingAVersionArchivesTheFamilysPreviousProduction) {
  for (const char* f : {"a1", "a2", "a3"})
    must(store_->models().add_model_version(candidate("churn", f), nullptr));
  must(store_->models().add_model_version(candidate("forecast", "b1"), nullptr));
  must(store_->models().set_model_stage("forecast", 1, ModelStage::kProduction, "first", nullptr));
  must(store_->models().set_model_stage("churn", 1, ModelStage::kProduction, "first", nullptr));
  ModelVersion two =
      must(store_->models().set_model_stage("churn", 2, ModelStage::kProduction, "better auc", nullptr));
  EXPECT_EQ(two.stage, ModelStage::kProduction);
  EXPECT_EQ(two.note, "better auc");

  EXPECT_EQ(must(store_->models().get_model_version("churn", 1)).stage, ModelStage::kArchived);
  EXPECT_EQ(must(store_->models().get_model_version("churn", 3)).stage, ModelStage::kCandidate);
  // Promotions are numbered per family in the order they happened.
  EXPECT_EQ(must(store_->models().get_model_version("churn", 1)).promotion, 1);
  EXPECT_EQ(two.promotion, 2);
  EXPECT_EQ(must(store_->models().get_model_version("churn", 3)).promotion, std::nullopt);
  EXPECT_EQ(must(store_->models().get_model_version("forecast", 1)).promotion, 1);
  // Another family's production model is left alone.
  EXPECT_EQ(must(store_->models().get_model_version("forecast", 1)).stage,
            ModelStage::kProduction);
  EXPECT_EQ(store_->models()
                .set_model_stage("churn", 9, ModelStage::kProduction, "", nullptr)
                .status()
                .code(),
            ErrorCode::kNotFound);
}

TEST_P(StoreContract, RegisteringAProductionModelPublishesItsPredictionsAtOnce) {
  std::vector<PredictionRow> first = {{"churn", "c1", 0, "2026-01-31", "{}"}};
  ModelVersion v1 = candidate("churn", "a1");
  v1.stage = ModelStage::kProduction;
  v1 = must(store_->models().add_model_version(v1, &first));
  EXPECT_EQ(must(store_->models().get_prediction("churn", "c1")).model_version, v1.version);

  std::vector<PredictionRow> second = {{"churn", "c2", 0, "2026-02-28", "{}"}};
  ModelVersion v2 = candidate("churn", "a2");
  v2.stage = ModelStage::kProduction;
  v2 = must(store_->models().add_model_version(v2, &second));
  EXPECT_EQ(must(store_->models().get_model_version("churn", v1.version)).stage,
            ModelStage::kArchived);
  EXPECT_EQ(store_->models().get_prediction("churn", "c1").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(must(store_->models().get_prediction("churn", "c2")).model_version, v2.version);

  // Rolling back to version 1 republishes its predictions with it.
  must(store_->models().set_model_stage("churn", v1.version, ModelStage::kProduction, "rollback",
                                        &first));
  EXPECT_EQ(must(store_->models().get_model_version("churn", v2.version)).stage,
            ModelStage::kArchived);
  EXPECT_EQ(must(store_->models().get_prediction("churn", "c1")).model_version, v1.version);
  EXPECT_EQ(store_->models().get_prediction("churn", "c2").status().code(),
            ErrorCode::kNotFound);
}

TEST_P(StoreContract, JobsRecordTheirProgressAndAreListedNewestFirst) {
  Job j;
  j.kind = "train";
  j.family = "churn";
  Job created = must(store_->models().create_job(j));
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.status, JobStatus::kQueued);
  created.status = JobStatus::kSucceeded;
  created.progress = 1;
  created.message = "registered version 1";
  created.model_version = 1;
  created.started_at = 100;
  created.finished_at = 200;
  Job updated = must(store_->models().update_job(created));
  EXPECT_EQ(updated.status, JobStatus::kSucceeded);
  EXPECT_EQ(updated.model_version, 1);
  EXPECT_EQ(updated.finished_at, 200);
  must(store_->models().create_job(j));
  auto jobs = must(store_->models().list_jobs(10));
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_GT(jobs[0].id, jobs[1].id);
  EXPECT_EQ(jobs[1].message, "registered version 1");

  j.progress = 2;
  auto refused = store_->models().create_job(j);
  EXPECT_EQ(refused.status().field(), "progress");
  Job missing = updated;
  missing.id = updated.id + 100;
  EXPECT_EQ(store_->models().update_job(missing).status().code(), ErrorCode::kNotFound);
}

TEST_P(StoreContract, PredictionTablesAreReplacedWholeWithoutChangingTheDataVersion) {
  const std::string version_before = must(store_->data_version());
  auto row = [](const std::string& entity, int version) {
    return PredictionRow{"churn", entity, version, "2026-01-31",
                         R"({"p":)" + std::to_string(version) + "}"};
  };
  ASSERT_TRUE(store_->models().replace_predictions("churn", {row("c1", 1), row("c2", 1)}).is_ok());
  ASSERT_TRUE(store_->models().replace_predictions("other", {}).is_ok());
  ASSERT_TRUE(store_->models().replace_predictions("churn", {row("c2", 2), row("c3", 2)}).is_ok());
  EXPECT_EQ(store_->models().get_prediction("churn", "c1").status().code(),
            ErrorCode::kNotFound);
  PredictionRow c2 = must(store_->models().get_prediction("churn", "c2"));
  EXPECT_EQ(c2.model_version, 2);
  EXPECT_EQ(c2.payload_json, R"({"p":2})");
  auto page = must(store_->models().list_predictions("churn", "c2", 10));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].entity, "c3");

  // A bad row refuses the whole table and leaves the old one.
  PredictionRow wrong = row("c9", 3);
  wrong.family = "forecast";
  auto refused = store_->models().replace_predictions("churn", {row("c4", 3), wrong});
  EXPECT_EQ(refused.field(), "rows[1].family");
  EXPECT_EQ(must(store_->models().list_predictions("churn", "", 10)).size(), 2u);

  MonitorReport report;
  report.family = "churn";
  report.model_version = 2;
  report.alert = true;
  report.report_json = R"({"psi":0.4})";
  must(store_->models().add_monitor_report(report));
  auto reports = must(store_->models().list_monitor_reports("churn", 5));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].alert);
  EXPECT_EQ(reports[0].report_json, R"({"psi":0.4})");

  must(store_->models().add_model_version(candidate("churn", "a1"), nullptr));
  EXPECT_EQ(must(store_->data_version()), version_before);
}

}  // namespace
}  // namespace oiis::testing
