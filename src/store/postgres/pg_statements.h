// The prepared statements of the PostgreSQL backend, prepared on every pooled connection.
#pragma once

#include <pqxx/pqxx>

namespace oiis::pg {

void prepare_statements(pqxx::connection& conn);

}  // namespace oiis::pg
