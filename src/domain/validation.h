// Field-level validation of domain values. Each returns the first problem found, with the
// offending field named, or OK. Referential checks (does the supplier exist?) are the store's.
#pragma once

#include "common/status.h"
#include "domain/types.h"

namespace oiis {

Status validate(const Supplier& s);
Status validate(const Product& p);
Status validate(const Customer& c);
Status validate(const Location& l);
Status validate(const PurchaseOrder& po);

}  // namespace oiis
