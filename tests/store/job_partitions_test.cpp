// Leased partitions of batch jobs (store/job_partitions.h) on both backends: claims hand out
// each partition once while its lease runs, an expired lease is claimed again with a new
// token, completion is fenced on the token (the replaced worker's result is refused), and
// progress counts what happened.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <unistd.h>

#include "store/job_partitions.h"
#include "store/store_contract.h"

namespace oiis::testing {
namespace {

using namespace std::chrono_literals;

struct JobTablesCase {
  std::string name;
  std::function<std::string(std::string*)> url;  // a migrated store's URL, "" when unavailable
};

std::string migrated_sqlite_file_url(std::string* why_not) {
  static int counter = 0;
  const auto path = std::filesystem::temp_directory_path() /
                    ("oiis-jobs-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".db");
  std::filesystem::remove(path);
  auto store = open_store("sqlite:" + path.string(), {});
  if (!store) {
    *why_not = store.status().to_string();
    return {};
  }
  return "sqlite:" + path.string();
}

class JobPartitionsTest : public ::testing::TestWithParam<JobTablesCase> {
 protected:
  void SetUp() override {
    std::string why;
    const std::string url = GetParam().url(&why);
    if (url.empty()) OIIS_SKIP_UNLESS_REQUIRED(GetParam().name << " unavailable: " << why);
    auto opened = open_job_partitions(url);
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    jobs_ = std::move(*opened);
  }
  void TearDown() override {
    jobs_.reset();
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
      if (entry.path().filename().string().rfind("oiis-jobs-" + std::to_string(::getpid()) + "-", 0) == 0)
        std::filesystem::remove(entry.path());
  }
  std::unique_ptr<JobPartitions> jobs_;
};

TEST_P(JobPartitionsTest, ClaimsEachPartitionOnceWhileItsLeaseRuns) {
  auto job = jobs_->submit("forecast", R"({"level":"weekly","horizon":4})", 3);
  ASSERT_TRUE(job.is_ok()) << job.status().to_string();
  std::vector<int> parts;
  for (int i = 0; i < 3; ++i) {
    auto lease = jobs_->claim(i % 2 ? "w1" : "w2", 60s);
    ASSERT_TRUE(lease.is_ok() && *lease) << i;
    EXPECT_EQ((*lease)->job.id, job->id);
    EXPECT_EQ((*lease)->job.partitions, 3);
    EXPECT_EQ((*lease)->token, 1);
    parts.push_back((*lease)->part);
  }
  EXPECT_EQ(parts, (std::vector<int>{0, 1, 2}));
  auto none = jobs_->claim("w3", 60s);
  ASSERT_TRUE(none.is_ok());
  EXPECT_FALSE(*none) << "every partition is leased";
  auto progress = jobs_->progress(job->id);
  ASSERT_TRUE(progress.is_ok());
  EXPECT_EQ(progress->leased, 3);
  EXPECT_EQ(*jobs_->unfinished_partitions(), 3);
  EXPECT_EQ(jobs_->progress(job->id + 100).status().code(), ErrorCode::kNotFound);
}

TEST_P(JobPartitionsTest, AnExpiredLeaseIsRetakenAndTheStaleHoldersResultRefused) {
  auto job = jobs_->submit("forecast", "{}", 1);
  ASSERT_TRUE(job.is_ok());
  auto first = jobs_->claim("stalled", 50ms);
  ASSERT_TRUE(first.is_ok() && *first);
  std::this_thread::sleep_for(120ms);
  auto second = jobs_->claim("fresh", 60s);
  ASSERT_TRUE(second.is_ok() && *second) << "the lease ran out: the partition is free again";
  EXPECT_EQ((*second)->part, (*first)->part);
  EXPECT_GT((*second)->token, (*first)->token);
  EXPECT_FALSE(*jobs_->renew(**first, 60s)) << "the stale holder lost its lease";
  EXPECT_FALSE(*jobs_->complete(**first, "stalled", R"({"by":"stalled"})")) << "fenced";
  EXPECT_TRUE(*jobs_->complete(**second, "fresh", R"({"by":"fresh"})"));
  EXPECT_FALSE(*jobs_->complete(**second, "fresh", R"({"by":"again"})")) << "done once";
  auto progress = jobs_->progress(job->id);
  ASSERT_TRUE(progress.is_ok());
  EXPECT_TRUE(progress->finished());
  EXPECT_EQ(progress->claims, 2);
  EXPECT_EQ(*jobs_->results(job->id), (std::vector<std::string>{R"({"by":"fresh"})"}));
  EXPECT_EQ(*jobs_->unfinished_partitions(), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, JobPartitionsTest,
    ::testing::Values(JobTablesCase{"sqlite", &migrated_sqlite_file_url},
                      JobTablesCase{"postgres", &fresh_postgres_database_url}),
    [](const ::testing::TestParamInfo<JobTablesCase>& info) { return info.param.name; });

TEST(JobPartitionsOpen, RefusesAStoreOnlyOneProcessCanSee) {
  EXPECT_EQ(open_job_partitions(":memory:").status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace oiis::testing
