// `oiis import`: loads CSV or JSON Lines files into the store through one BulkWriter.
// All-or-nothing by default: every row is checked (field validation, references, duplicates
// within the file), and the writer commits only when no row was rejected. With skip_invalid
// the good rows are committed and the bad ones reported (and written to the rejects file).
// Memory is bounded by the catalogue (sku/customer/location lookups) and one order's rows,
// plus one small key per imported row for duplicate detection; never by the file's bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/progress.h"
#include "common/status.h"
#include "data/csv.h"
#include "data/import_schema.h"
#include "store/store.h"

namespace oiis {

enum class ImportFormat { kCsv, kJsonl, kOnlineRetail };
Result<ImportFormat> parse_import_format(std::string_view name);  // csv | jsonl | online-retail

struct ImportOptions {
  Entity entity = Entity::kProducts;  // ignored for online-retail
  ImportFormat format = ImportFormat::kCsv;
  bool skip_invalid = false;         // commit the valid rows even when some are rejected
  std::string rejects_path;          // CSV "line,reason,field,raw"; empty = none
  bool reject_guests = false;        // online-retail: reject rows without CustomerID
  ProgressSink* progress = nullptr;  // by bytes read; may be null
};

struct Rejection {
  std::int64_t line = 0;  // physical line in the input where the rejected record starts
  std::string field;      // column/field at fault, empty when the whole row is
  std::string reason;
};

// Online Retail specifics; every row read ends up in exactly one bucket, so
// rows_read == rows_taken + sum(rows rejected by reason).
struct OnlineRetailSummary {
  std::int64_t invoices = 0;       // orders written (distinct InvoiceNo with a taken row)
  std::int64_t cancellations = 0;  // of which "C" invoices, imported as returned orders
  std::int64_t cancellation_rows = 0;
  std::int64_t guest_orders = 0;  // orders without customer
  std::int64_t guest_rows = 0;
  std::int64_t customers = 0;      // distinct customers on taken rows
  std::int64_t new_customers = 0;  // of which created by this import
  std::int64_t products = 0;       // distinct stock codes on taken rows
  std::int64_t new_products = 0;
  std::int64_t countries = 0;
  // Plain counts over every row read, for checking against the source.
  std::int64_t source_invoices = 0;           // distinct InvoiceNo
  std::int64_t source_cancellation_rows = 0;  // rows on "C" invoices
  std::int64_t source_guest_rows = 0;         // rows with empty CustomerID
  bool created_location = false;              // "MAIN" was created
  std::optional<Timestamp> first_invoice_at, last_invoice_at;
  double net_revenue = 0.0;  // sales minus cancellations, over taken rows
};

struct ImportReport {
  std::string entity;  // "products", ..., or "online-retail"
  std::string format;
  std::string file;
  std::int64_t rows_read = 0;      // data records (header excluded)
  std::int64_t rows_taken = 0;     // records accepted
  std::int64_t rows_rejected = 0;  // rows_read - rows_taken
  // Of the rejected rows, those that are errors (bad values, references, duplicates) and so
  // block an all-or-nothing import. Online-retail policy exclusions (service lines, stock
  // adjustments, ...) are rejected but not invalid: the layout defines them away.
  std::int64_t rows_invalid = 0;
  std::int64_t items_taken = 0;  // entities accepted (an order counts once, not per line)
  std::int64_t lines_taken = 0;  // order / purchase order lines accepted
  // Rejected rows by reason: the field at fault ("quantity", "sku", ...) for entity imports,
  // a policy name ("service_line", ...) for online-retail. Sums to rows_rejected.
  std::map<std::string, std::int64_t> rejected_by_reason;
  std::vector<Rejection> first_rejections;  // the first few, in file order
  bool committed = false;
  double seconds = 0.0;
  std::optional<OnlineRetailSummary> online_retail;

  // One paragraph: what happened, the first rejections, and what to do about them.
  std::string summary() const;
  // A readable multi-line report for the terminal.
  std::string to_text() const;
  nlohmann::json to_json() const;
};

// Opens the input afresh on each call (online-retail reads it twice).
using SourceOpener = std::function<Result<std::unique_ptr<ByteSource>>()>;

// Imports `path` ("-" = stdin, except for online-retail which reads the file twice).
// Errors (nothing committed): the file can't be read, the header is unusable (unknown or
// missing column, named), the CSV is broken beyond one record, the store fails. Rejected rows
// are not errors: see report.committed / rows_rejected.
Result<ImportReport> import_file(Store& store, const std::string& path,
                                 const ImportOptions& options);

// The same over any input (tests feed strings); `name` is reported as the file.
Result<ImportReport> import_from(Store& store, const SourceOpener& open, const std::string& name,
                                 const ImportOptions& options);

}  // namespace oiis
