// Stored alerts on SQLite: writes through the store's write queue without the data-version
// bump, reads on pooled readers.
#pragma once

#include "store/alert_tables.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/write_queue.h"

namespace oiis::sqlite {

class SqliteAlertTables final : public AlertTables {
 public:
  SqliteAlertTables(WriteQueue& writes, ReaderPool& readers) : writes_(writes), readers_(readers) {}

  Result<std::size_t> add_new(const std::vector<StoredAlert>& alerts, Timestamp now) override;
  Result<std::vector<StoredAlert>> list(const AlertFilter& filter) override;
  Result<StoredAlert> get(Id id) override;
  Result<std::map<std::string, std::int64_t>> counts(const AlertFilter& filter) override;
  Result<StoredAlert> set_status(Id id, AlertStatus to, const std::string& note,
                                 const std::string& by, Timestamp at) override;

 private:
  WriteQueue& writes_;
  ReaderPool& readers_;
};

}  // namespace oiis::sqlite
