#include "store/sqlite/sqlite_job_partitions.h"

#include <chrono>
#include <mutex>

#include "store/sqlite/sqlite_connection.h"

namespace oiis::sqlite {
namespace {

std::int64_t sqlite_jobs_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr const char* kBatchJobColumns = "j.id, j.kind, j.params_json, j.partitions, j.created_at";

PartitionedJob read_sqlite_batch_job(const Statement& s) {
  return {s.int64(0), s.text(1), s.text(2), static_cast<int>(s.int64(3)), s.int64(4)};
}

class SqliteJobPartitions final : public JobPartitions {
 public:
  explicit SqliteJobPartitions(const std::string& path)
      : conn_(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI) {
    conn_.exec("PRAGMA busy_timeout = 10000");
  }

  Result<PartitionedJob> submit(const std::string& kind, const std::string& params_json,
                                int partitions) override {
    return write([&]() -> Result<PartitionedJob> {
      PartitionedJob job{0, kind, params_json, partitions, now_utc()};
      conn_.run("INSERT INTO batch_jobs (kind, params_json, partitions, created_at) VALUES "
                "(?1, ?2, ?3, ?4)",
                kind, params_json, partitions, job.created_at);
      job.id = conn_.last_insert_id();
      for (int part = 0; part < partitions; ++part)
        conn_.run("INSERT INTO job_partitions (job_id, part) VALUES (?1, ?2)", job.id, part);
      return job;
    });
  }

  Result<std::optional<PartitionLease>> claim(const std::string& worker,
                                              std::chrono::milliseconds lease) override {
    return write([&]() -> Result<std::optional<PartitionLease>> {
      const std::int64_t now = sqlite_jobs_now_ms();
      auto s = conn_.prepare(std::string("SELECT ") + kBatchJobColumns +
                             ", p.part, p.lease_token FROM job_partitions p JOIN batch_jobs j ON "
                             "j.id = p.job_id WHERE p.status = 'pending' OR (p.status = 'leased' "
                             "AND p.lease_until_ms < ?1) ORDER BY p.job_id, p.part LIMIT 1");
      s->bind_all(now);
      if (!s->step()) return std::optional<PartitionLease>();
      PartitionLease claimed{read_sqlite_batch_job(*s), static_cast<int>(s->int64(5)),
                             s->int64(6) + 1};
      s->reset();
      conn_.run("UPDATE job_partitions SET status = 'leased', lease_owner = ?3, lease_token = ?4, "
                "lease_until_ms = ?5, claims = claims + 1 WHERE job_id = ?1 AND part = ?2",
                claimed.job.id, claimed.part, worker, claimed.token,
                now + static_cast<std::int64_t>(lease.count()));
      return std::optional<PartitionLease>(std::move(claimed));
    });
  }

  Result<bool> renew(const PartitionLease& lease, std::chrono::milliseconds lease_for) override {
    return write([&]() -> Result<bool> {
      return conn_.run("UPDATE job_partitions SET lease_until_ms = ?4 WHERE job_id = ?1 AND "
                       "part = ?2 AND lease_token = ?3 AND status = 'leased'",
                       lease.job.id, lease.part, lease.token,
                       sqlite_jobs_now_ms() + static_cast<std::int64_t>(lease_for.count())) == 1;
    });
  }

  Result<bool> complete(const PartitionLease& lease, const std::string& worker,
                        const std::string& result_json) override {
    return write([&]() -> Result<bool> {
      return conn_.run("UPDATE job_partitions SET status = 'done', result_json = ?4, done_by = "
                       "?5, lease_until_ms = 0 WHERE job_id = ?1 AND part = ?2 AND lease_token "
                       "= ?3 AND status = 'leased'",
                       lease.job.id, lease.part, lease.token, result_json, worker) == 1;
    });
  }

  Result<JobProgress> progress(Id job_id) override {
    return read([&]() -> Result<JobProgress> {
      auto s = conn_.prepare(std::string("SELECT ") + kBatchJobColumns +
                             ", (SELECT count(*) FROM job_partitions WHERE job_id = j.id AND "
                             "status = 'pending'), (SELECT count(*) FROM job_partitions WHERE "
                             "job_id = j.id AND status = 'leased'), (SELECT count(*) FROM "
                             "job_partitions WHERE job_id = j.id AND status = 'done'), (SELECT "
                             "coalesce(sum(claims), 0) FROM job_partitions WHERE job_id = j.id) "
                             "FROM batch_jobs j WHERE j.id = ?1");
      s->bind_all(job_id);
      if (!s->step()) return not_found("job " + std::to_string(job_id) + " not found", "job");
      return JobProgress{read_sqlite_batch_job(*s), static_cast<int>(s->int64(5)),
                         static_cast<int>(s->int64(6)), static_cast<int>(s->int64(7)), s->int64(8)};
    });
  }

  Result<std::int64_t> unfinished_partitions() override {
    return read([&]() -> Result<std::int64_t> {
      return conn_.query_int("SELECT count(*) FROM job_partitions WHERE status <> 'done'")
          .value_or(0);
    });
  }

  Result<std::vector<std::string>> results(Id job_id) override {
    return read([&]() -> Result<std::vector<std::string>> {
      auto s = conn_.prepare("SELECT result_json FROM job_partitions WHERE job_id = ?1 AND "
                             "status = 'done' ORDER BY part");
      s->bind_all(job_id);
      std::vector<std::string> out;
      while (s->step()) out.push_back(s->text(0));
      return out;
    });
  }

 private:
  // `fn` in a BEGIN IMMEDIATE transaction (the write lock first, so a claim's read and update
  // see no other writer in between), committed when it returns OK.
  template <typename Fn>
  auto write(Fn&& fn) -> decltype(fn()) {
    std::lock_guard lock(mutex_);
    try {
      conn_.exec("BEGIN IMMEDIATE");
      auto result = fn();
      conn_.exec(result.is_ok() ? "COMMIT" : "ROLLBACK");
      return result;
    } catch (const std::exception& e) {
      if (conn_.in_transaction()) conn_.exec("ROLLBACK");
      return unavailable(std::string("job partitions: ") + e.what());
    }
  }
  template <typename Fn>
  auto read(Fn&& fn) -> decltype(fn()) {
    std::lock_guard lock(mutex_);
    try {
      return fn();
    } catch (const std::exception& e) {
      return unavailable(std::string("job partitions: ") + e.what());
    }
  }

  std::mutex mutex_;
  Connection conn_;
};

}  // namespace

Result<std::unique_ptr<JobPartitions>> open_sqlite_job_partitions(const std::string& path) {
  try {
    return std::unique_ptr<JobPartitions>(std::make_unique<SqliteJobPartitions>(path));
  } catch (const std::exception& e) {
    return unavailable(std::string("cannot open job partitions: ") + e.what());
  }
}

}  // namespace oiis::sqlite
