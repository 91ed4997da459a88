// Stored alerts on PostgreSQL, in the store's transactions (no data-version trigger on this
// table: an alert is about the data, not part of it).
#pragma once

#include "store/alert_tables.h"

namespace oiis::pg {

class PostgresStore;

class PgAlertTables final : public AlertTables {
 public:
  explicit PgAlertTables(PostgresStore& store) : store_(store) {}

  Result<std::size_t> add_new(const std::vector<StoredAlert>& alerts, Timestamp now) override;
  Result<std::vector<StoredAlert>> list(const AlertFilter& filter) override;
  Result<StoredAlert> get(Id id) override;
  Result<std::map<std::string, std::int64_t>> counts(const AlertFilter& filter) override;
  Result<StoredAlert> set_status(Id id, AlertStatus to, const std::string& note,
                                 const std::string& by, Timestamp at) override;

 private:
  PostgresStore& store_;
};

}  // namespace oiis::pg
