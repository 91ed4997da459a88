// store/job_partitions.h on SQLite: one connection of its own to the store's file (several
// worker processes may share it: claims take the write lock with BEGIN IMMEDIATE).
#pragma once

#include <memory>
#include <string>

#include "store/job_partitions.h"

namespace oiis::sqlite {

Result<std::unique_ptr<JobPartitions>> open_sqlite_job_partitions(const std::string& path);

}  // namespace oiis::sqlite
