// `oiis export analytics`: orders, order lines and stock movements as gzip-compressed CSV in
// Hive-style month folders, which BI tools and query engines read as partitioned tables:
//
//   OUT/orders/month=2024-01/part-0.csv.gz
//   OUT/order_lines/month=2024-01/part-0.csv.gz     (the month of the order)
//   OUT/stock_movements/month=2024-01/part-0.csv.gz
//   OUT/manifest.json                               (per file: rows, bytes; per table: columns and
//   types)
//
// One month at a time, read from the store in pages (memory bounded by a month's largest
// order and a page of movements, not by the history). Each file is written beside its final
// name (a hidden ".part-0.csv.gz.tmp", which partitioned readers skip) and renamed over it, so
// re-running a month replaces its files whole; the manifest keeps the other months' entries.
// Times are UTC, "YYYY-MM-DD HH:MM:SS"; an empty field is a null.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/progress.h"
#include "common/status.h"
#include "store/store.h"

namespace oiis {

struct YearMonth {
  int year = 0, month = 0;  // month 1..12
  friend bool operator<(const YearMonth& a, const YearMonth& b) {
    return a.year != b.year ? a.year < b.year : a.month < b.month;
  }
  friend bool operator==(const YearMonth& a, const YearMonth& b) = default;
};
// "YYYY-MM"; kInvalidArgument naming `field` otherwise.
Result<YearMonth> parse_year_month(std::string_view text, const std::string& field);
std::string to_string(const YearMonth& m);

struct AnalyticsExportOptions {
  std::string out_dir;
  // Inclusive. Left out: the months of the first and the last order (stock movements outside
  // them need an explicit range).
  std::optional<YearMonth> from, to;
};

struct AnalyticsFile {
  std::string table, month, path;  // path relative to out_dir
  std::int64_t rows = 0, bytes = 0;
};

struct AnalyticsExportSummary {
  std::vector<AnalyticsFile> files;  // this run's, month by month
  int months = 0;
};

// kInvalidArgument naming "--out" / "--from" / "--to" for a bad folder or range.
Result<AnalyticsExportSummary> export_analytics(Store& store, const AnalyticsExportOptions& options,
                                                ProgressSink* progress = nullptr);

}  // namespace oiis
