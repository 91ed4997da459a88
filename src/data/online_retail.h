// Import of the public UCI "Online Retail" layout (InvoiceNo, StockCode, Description,
// Quantity, InvoiceDate, UnitPrice, CustomerID, Country): derives products, customers, one
// location and historical orders. The policy (which rows become what, which are rejected and
// why) is documented in docs/import-formats.md.
#pragma once

#include "data/importer.h"

namespace oiis {

// Reads the input twice: pass 1 checks every row and learns products (latest name and
// price) and customers; pass 2 writes orders once products and customers exist. Nothing is
// written when a row is invalid (malformed, duplicate invoice) unless skip_invalid is set;
// policy exclusions never block the import.
Result<ImportReport> import_online_retail(Store& store, const SourceOpener& open,
                                          const ImportOptions& options, ImportReport report);

}  // namespace oiis
