#include "store/postgres/pg_job_partitions.h"

#include <mutex>
#include <pqxx/pqxx>

#include "store/postgres/pg_support.h"

namespace oiis::pg {
namespace {

// The database's clock in ms: every worker's lease is measured on it, whatever theirs say.
constexpr const char* kDbNowMs = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

constexpr const char* kClaimSql =
    "WITH next AS (SELECT job_id, part FROM job_partitions WHERE status = 'pending' OR "
    "(status = 'leased' AND lease_until_ms < {now}) ORDER BY job_id, part LIMIT 1 "
    "FOR UPDATE SKIP LOCKED) "
    "UPDATE job_partitions p SET status = 'leased', lease_owner = $1, "
    "lease_token = p.lease_token + 1, lease_until_ms = {now} + $2, claims = p.claims + 1 "
    "FROM next, batch_jobs j WHERE p.job_id = next.job_id AND p.part = next.part AND "
    "j.id = p.job_id "
    "RETURNING j.id, j.kind, j.params_json, j.partitions, j.created_at, p.part, p.lease_token";

std::string with_db_clock(std::string sql) {
  for (auto at = sql.find("{now}"); at != std::string::npos; at = sql.find("{now}"))
    sql.replace(at, 5, kDbNowMs);
  return sql;
}

PartitionedJob read_batch_job(const pqxx::row& r) {
  return {r[0].as<Id>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<int>(),
          r[4].as<Timestamp>()};
}

class PgJobPartitions final : public JobPartitions {
 public:
  explicit PgJobPartitions(std::string url) : url_(std::move(url)) {}

  Result<PartitionedJob> submit(const std::string& kind, const std::string& params_json,
                                int partitions) override {
    return run([&](pqxx::work& txn) -> Result<PartitionedJob> {
      auto row = txn.exec_params1(
          "INSERT INTO batch_jobs (kind, params_json, partitions, created_at) VALUES ($1, $2, $3, "
          "$4) RETURNING id, kind, params_json, partitions, created_at",
          kind, params_json, partitions, now_utc());
      PartitionedJob job = read_batch_job(row);
      txn.exec_params("INSERT INTO job_partitions (job_id, part) SELECT $1, g FROM "
                      "generate_series(0, $2 - 1) AS g",
                      job.id, partitions);
      return job;
    });
  }

  Result<std::optional<PartitionLease>> claim(const std::string& worker,
                                              std::chrono::milliseconds lease) override {
    static const std::string sql = with_db_clock(kClaimSql);
    return run([&](pqxx::work& txn) -> Result<std::optional<PartitionLease>> {
      auto rows = txn.exec_params(sql, worker, static_cast<std::int64_t>(lease.count()));
      if (rows.empty()) return std::optional<PartitionLease>();
      return std::optional<PartitionLease>(
          PartitionLease{read_batch_job(rows[0]), rows[0][5].as<int>(), rows[0][6].as<std::int64_t>()});
    });
  }

  Result<bool> renew(const PartitionLease& lease, std::chrono::milliseconds lease_for) override {
    static const std::string sql = with_db_clock(
        "UPDATE job_partitions SET lease_until_ms = {now} + $4 WHERE job_id = $1 AND part = $2 "
        "AND lease_token = $3 AND status = 'leased'");
    return run([&](pqxx::work& txn) -> Result<bool> {
      return txn.exec_params(sql, lease.job.id, lease.part, lease.token,
                             static_cast<std::int64_t>(lease_for.count()))
                 .affected_rows() == 1;
    });
  }

  Result<bool> complete(const PartitionLease& lease, const std::string& worker,
                        const std::string& result_json) override {
    return run([&](pqxx::work& txn) -> Result<bool> {
      return txn.exec_params(
                    "UPDATE job_partitions SET status = 'done', result_json = $4, done_by = $5, "
                    "lease_until_ms = 0 WHERE job_id = $1 AND part = $2 AND lease_token = $3 AND "
                    "status = 'leased'",
                    lease.job.id, lease.part, lease.token, result_json, worker)
                 .affected_rows() == 1;
    });
  }

  Result<JobProgress> progress(Id job_id) override {
    return run([&](pqxx::work& txn) -> Result<JobProgress> {
      auto job = txn.exec_params(
          "SELECT id, kind, params_json, partitions, created_at FROM batch_jobs WHERE id = $1",
          job_id);
      if (job.empty()) return not_found("job " + std::to_string(job_id) + " not found", "job");
      auto row = txn.exec_params1(
          "SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = "
          "'leased'), count(*) FILTER (WHERE status = 'done'), coalesce(sum(claims), 0) FROM "
          "job_partitions WHERE job_id = $1",
          job_id);
      return JobProgress{read_batch_job(job[0]), row[0].as<int>(), row[1].as<int>(),
                         row[2].as<int>(), row[3].as<std::int64_t>()};
    });
  }

  Result<std::int64_t> unfinished_partitions() override {
    return run([&](pqxx::work& txn) -> Result<std::int64_t> {
      return txn.exec1("SELECT count(*) FROM job_partitions WHERE status <> 'done'")[0]
          .as<std::int64_t>();
    });
  }

  Result<std::vector<std::string>> results(Id job_id) override {
    return run([&](pqxx::work& txn) -> Result<std::vector<std::string>> {
      std::vector<std::string> out;
      for (const auto& row : txn.exec_params("SELECT result_json FROM job_partitions WHERE "
                                             "job_id = $1 AND status = 'done' ORDER BY part",
                                             job_id))
        out.push_back(row[0].as<std::string>());
      return out;
    });
  }

 private:
  // Runs `fn` in one transaction on this object's connection (reopened after it broke).
  template <typename Fn>
  auto run(Fn&& fn) -> decltype(fn(std::declval<pqxx::work&>())) {
    std::lock_guard lock(mutex_);
    try {
      if (!conn_ || !conn_->is_open()) conn_ = std::make_unique<pqxx::connection>(url_);
      pqxx::work txn(*conn_);
      auto result = fn(txn);
      if (result.is_ok()) txn.commit();
      return result;
    } catch (const pqxx::broken_connection& e) {
      conn_.reset();
      return status_from_exception(e);
    } catch (const std::exception& e) {
      return status_from_exception(e);
    }
  }

  const std::string url_;
  std::mutex mutex_;
  std::unique_ptr<pqxx::connection> conn_;
};

}  // namespace

Result<std::unique_ptr<JobPartitions>> open_pg_job_partitions(const std::string& url) {
  return std::unique_ptr<JobPartitions>(std::make_unique<PgJobPartitions>(url));
}

}  // namespace oiis::pg
