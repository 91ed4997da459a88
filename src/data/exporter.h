// `oiis export`: writes one entity of the store as CSV (the layout the importer reads, orders
// one row per line) or JSON Lines (domain/json.h), streaming page by page.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "common/progress.h"
#include "data/import_schema.h"
#include "store/store.h"

namespace oiis {

enum class ExportFormat { kCsv, kJsonl };
Result<ExportFormat> parse_export_format(std::string_view name);  // csv | jsonl

struct ExportSummary {
  std::int64_t items = 0;  // entities written
  std::int64_t rows = 0;   // data rows / lines written (orders in CSV: one per order line)
};

// Writes to `out` (not closed). `progress` counts items; may be null.
Result<ExportSummary> export_entity(Store& store, Entity entity, ExportFormat format,
                                    std::FILE* out, ProgressSink* progress = nullptr);

}  // namespace oiis
