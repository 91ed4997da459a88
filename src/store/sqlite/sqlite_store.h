#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace oiis {

// `path` is a database file (created when missing) or ":memory:".
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const StoreOptions& options);

}  // namespace oiis
