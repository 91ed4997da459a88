// SQL migrations per dialect, embedded at build time from src/store/migrations/<dialect>/.
// Applied in version order at open; each backend records applied versions in schema_migrations.
#pragma once

#include <string>
#include <vector>

namespace oiis {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& sqlite_migrations();
const std::vector<Migration>& postgres_migrations();

}  // namespace oiis
