#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace oiis {

// `url` is a libpq connection URL ("postgresql://user@127.0.0.1:5432/db").
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url,
                                                   const StoreOptions& options);

}  // namespace oiis
