// Small pieces the order rules and the stock rules both use. Internal to store/rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/rules/row_ops.h"

namespace oiis::store_rules {

// "<what> <id> not found" naming `field`.
Status missing(std::string_view what, Id id, std::string field);

// The requested location when it exists, else the default one (the lowest id); kNotFound or
// kFailedPrecondition naming "location_id".
Result<Id> resolve_location(RowOps& rows, const std::optional<Id>& requested);

// The operation's time: the one the request gives, else the clock now (see store_rules.h).
Timestamp operation_time(const std::optional<Timestamp>& given);

}  // namespace oiis::store_rules
