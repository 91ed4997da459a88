// Two `oiis worker` processes on one PostgreSQL share a partitioned forecast job; one is
// killed with SIGKILL while it holds a partition. The other must finish the job: every
// partition done exactly once (one "done" line across both workers' logs, a result whose SKUs
// appear in no other partition), the dead worker's partition claimed again after its lease
// ran out and completed by the survivor.
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "integration/server_process.h"
#include "support/child_process.h"
#include "support/postgres_server.h"
#include "support/required_part.h"
#include "support/run_command.h"

namespace oiis::itest {
namespace {

using namespace std::chrono_literals;

constexpr int kJobPartitions = 12;

// `oiis worker` as a child process with its output in a file; killed (and reaped) at the end.
class WorkerProcess {
 public:
  WorkerProcess(const std::vector<std::string>& args, const std::string& log_path) : log_(log_path) {
    std::vector<std::string> argv{oiis_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    process_ = testing::ChildProcess::spawn(argv, log_path);
  }
  void kill9() { process_.kill_hard(); }
  // True once it exited (reaped) within `limit`; its exit code in `code`.
  bool wait_exit(std::chrono::milliseconds limit, int* code = nullptr) {
    return process_.wait_exit(limit, code);
  }
  std::string log() const {
    std::ifstream in(log_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

 private:
  std::string log_;
  testing::ChildProcess process_;
};

// Partition -> how many "done job J partition P" lines the logs hold for job `job`.
void count_done_lines(const std::string& log, long long job, std::map<int, int>& done) {
  const std::regex line("done job " + std::to_string(job) + " partition ([0-9]+) token [0-9]+");
  for (std::sregex_iterator it(log.begin(), log.end(), line), end; it != end; ++it)
    ++done[std::stoi((*it)[1])];
}

long long query_count(pqxx::connection& db, const std::string& sql) {
  pqxx::work txn(db);
  return txn.exec1(sql)[0].as<long long>();
}

// Generates a small world into the store and submits a forecast job; the job's id.
long long submit_forecast_job_on(const std::string& url, const TempDir& dir) {
  const std::string oiis = oiis_binary();
  auto [generated, gen_out] = oiis::testing::run_command(
      oiis + " generate --data " + dir.path() + " --store " + url +
      " --seed 5 --products 60 --customers 300 --days 420");
  EXPECT_EQ(generated, 0) << gen_out;
  auto [submitted, submit_out] = oiis::testing::run_command(
      oiis + " batch submit --data " + dir.path() + " --store " + url + " --partitions " +
      std::to_string(kJobPartitions) + " --level weekly --horizon 8");
  EXPECT_EQ(submitted, 0) << submit_out;
  std::smatch id;
  if (!std::regex_search(submit_out, id, std::regex("job ([0-9]+):"))) return 0;
  return std::stoll(id[1]);
}

// Waits until a partition is done and worker-a holds another (mid-job, mid-partition) and
// kills it; how many partitions it held as it died.
long long kill_worker_a_mid_partition(pqxx::connection& db, WorkerProcess& a) {
  const auto give_up = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < give_up &&
         !(query_count(db, "SELECT count(*) FROM job_partitions WHERE status = 'done'") > 0 &&
           query_count(db, "SELECT count(*) FROM job_partitions WHERE status = 'leased' AND "
                           "lease_owner = 'worker-a'") > 0))
    std::this_thread::sleep_for(5ms);
  a.kill9();
  return query_count(db, "SELECT count(*) FROM job_partitions WHERE status = 'leased' AND "
                         "lease_owner = 'worker-a'");
}

// The SKUs in the job's results (from `oiis batch status --json`), with repeats.
std::multiset<std::string> forecast_skus_of(const std::string& url, const TempDir& dir, long long job) {
  auto [code, out] = oiis::testing::run_command(oiis_binary() + " batch status --data " +
                                                dir.path() + " --store " + url + " --json " +
                                                std::to_string(job));
  EXPECT_EQ(code, 0) << out;
  Json report;  // the one line of JSON among whatever the store logged
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line.front() == '{') report = Json::parse(line, nullptr, false);
  std::multiset<std::string> skus;
  for (const auto& part : report.value("results", Json::array()))
    for (const auto& sku : part.value("skus", Json::array())) skus.insert(sku.value("sku", ""));
  return skus;
}

TEST(BatchWorkers, OneOfTwoWorkersKilledMidJobEveryPartitionDoneExactlyOnce) {
  if (oiis_binary().empty())
    OIIS_SKIP_UNLESS_REQUIRED("no oiis binary: set OIIS_BINARY (ctest does)");
  std::string why;
  auto pg = oiis::testing::PostgresServer::start(&why);
  if (!pg) OIIS_SKIP_UNLESS_REQUIRED("PostgreSQL unavailable: " << why);
  ASSERT_TRUE(pg->create_database("batch", &why)) << why;
  TempDir dir;
  const std::string url = pg->url("batch");
  const long long job = submit_forecast_job_on(url, dir);
  ASSERT_GT(job, 0);
  auto worker = [&](const std::string& name) {
    return std::make_unique<WorkerProcess>(
        std::vector<std::string>{"worker", "--data", dir.path(), "--store", url, "--name", name,
                                 "--lease", "1.5"},
        dir.file(name + ".log"));
  };
  auto a = worker("worker-a");
  auto b = worker("worker-b");
  pqxx::connection db(url);
  const long long held_at_kill = kill_worker_a_mid_partition(db, *a);
  int b_exit = -1;
  ASSERT_TRUE(b->wait_exit(60s, &b_exit)) << "the survivor never finished\n" << b->log();
  ASSERT_EQ(b_exit, 0) << b->log();

  EXPECT_EQ(query_count(db, "SELECT count(*) FROM job_partitions WHERE status = 'done' AND "
                            "job_id = " + std::to_string(job)),
            kJobPartitions);
  std::map<int, int> done;
  count_done_lines(a->log(), job, done);
  count_done_lines(b->log(), job, done);
  ASSERT_EQ(done.size(), static_cast<std::size_t>(kJobPartitions)) << a->log() << b->log();
  for (const auto& [part, times] : done) EXPECT_EQ(times, 1) << "partition " << part;
  ASSERT_EQ(held_at_kill, 1) << "the kill was meant to land while worker-a held a partition";
  EXPECT_GT(query_count(db, "SELECT sum(claims) FROM job_partitions"), kJobPartitions)
      << "worker-a's partition was claimed again";
  EXPECT_EQ(query_count(db, "SELECT count(*) FROM job_partitions WHERE claims > 1 AND done_by = "
                            "'worker-b' AND lease_token > 1"),
            1);
  // Every SKU forecast by exactly one partition.
  const std::multiset<std::string> skus = forecast_skus_of(url, dir, job);
  const std::set<std::string> distinct(skus.begin(), skus.end());
  EXPECT_EQ(skus.size(), distinct.size()) << "a SKU was forecast by two partitions";
  EXPECT_EQ(static_cast<long long>(distinct.size()), query_count(db, "SELECT count(*) FROM products"));
  std::printf("[ workers  ] %d partitions, %lld claims, %zu SKUs forecast once each\n",
              kJobPartitions, query_count(db, "SELECT sum(claims) FROM job_partitions"),
              distinct.size());
}

}  // namespace
}  // namespace oiis::itest
