#include "store/job_partitions.h"

#include "store/postgres/pg_job_partitions.h"
#include "store/sqlite/sqlite_job_partitions.h"

namespace oiis {

Result<std::unique_ptr<JobPartitions>> open_job_partitions(const std::string& store_url) {
  if (store_url.rfind("postgresql://", 0) == 0 || store_url.rfind("postgres://", 0) == 0)
    return pg::open_pg_job_partitions(store_url);
  if (store_url.empty() || store_url == ":memory:")
    return invalid_argument("job partitions need a store shared by its workers (a file or "
                            "PostgreSQL), not '" + store_url + "'",
                            "store");
  const std::string path = store_url.rfind("sqlite:", 0) == 0 ? store_url.substr(7) : store_url;
  return sqlite::open_sqlite_job_partitions(path);
}

}  // namespace oiis
