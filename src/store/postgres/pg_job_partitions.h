// store/job_partitions.h on PostgreSQL: one connection of its own, used one call at a time.
#pragma once

#include <memory>
#include <string>

#include "store/job_partitions.h"

namespace oiis::pg {

Result<std::unique_ptr<JobPartitions>> open_pg_job_partitions(const std::string& url);

}  // namespace oiis::pg
