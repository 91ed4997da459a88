#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace oiis {

Result<std::unique_ptr<Store>> open_store(const std::string& url, const StoreOptions& options) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return open_postgres_store(url, options);
  if (url.rfind("sqlite:", 0) == 0) return open_sqlite_store(url.substr(7), options);
  if (url.empty()) return invalid_argument("store URL is empty", "store");
  return open_sqlite_store(url, options);
}

}  // namespace oiis
