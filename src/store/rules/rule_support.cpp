#include "store/rules/rule_support.h"

#include "common/time.h"

namespace oiis::store_rules {

Status missing(std::string_view what, Id id, std::string field) {
  return not_found(std::string(what) + " " + std::to_string(id) + " not found", std::move(field));
}

Result<Id> resolve_location(RowOps& rows, const std::optional<Id>& requested) {
  if (requested) {
    if (!rows.location_exists(*requested)) return missing("location", *requested, "location_id");
    return *requested;
  }
  auto first = rows.first_location();
  if (!first) return failed_precondition("no location exists yet", "location_id");
  return *first;
}

Timestamp operation_time(const std::optional<Timestamp>& given) {
  return given ? *given : now_utc();
}

}  // namespace oiis::store_rules
