// Internal to the generated knowledge-base documents (kb_reports.h): what the renderers read,
// gathered from the store once, and the number formatting they share. Not for other callers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "data/snapshots.h"
#include "services/inventory_service.h"
#include "services/kb_reports.h"

namespace oiis::services::kb_docs {

// A calendar month of the history, clipped to it: [first, end).
struct MonthSpan {
  int year = 0, month = 0;
  Date first = 0, end = 0;
  bool partial = false;  // the history starts or ends inside the month
};

struct StoreFacts {
  InventorySnapshot snapshot;  // products, suppliers, locations in id order
  std::vector<MonthSpan> months;
  // [month][product index]: revenue and units by the demand definition (data/snapshots.h).
  std::vector<std::vector<double>> revenue, units;
  // [month][product index]: days the product was out of stock at a location that keeps a
  // stock ledger (the forecasts' stock-out censoring). Meaningful only when stock_ledger.
  std::vector<std::vector<int>> stockout_days;
  std::vector<long> orders;  // [month]: orders neither cancelled nor returned
  bool stock_ledger = false;  // some product and location has stock movements
  bool stock_levels = false;  // some product and location has a stock level
  std::vector<ScorecardRow> scorecards;  // one per supplier, id order
};

Result<StoreFacts> read_store_facts(Store& store);

// Index of the month holding `day`, or -1.
int month_of(const StoreFacts& facts, Date day);
double month_revenue(const StoreFacts& facts, std::size_t month);
double month_units(const StoreFacts& facts, std::size_t month);
// The product's category as people read it ("Uncategorised" for none).
std::string category_of(const Product& product);
// A supplier's name by id ("no supplier" for none, "supplier N" for an unknown id).
std::string supplier_name(const StoreFacts& facts, std::optional<Id> id);

// Numbers for people: 12,345.67 (money), 12,345 (counts), +12.3% (change; "new" when the
// earlier value is zero or negative, since no percentage exists then).
std::string money(double amount);
std::string whole(double count);
std::string units(double count);  // "1 unit", "1,234 units"
std::string percent(double share);  // 0.234 -> 23.4%
std::string change(double now, double before);
// "2025-10", "October 2025", and the days a month covers ("2025-10-01 to 2025-10-31").
std::string month_key(const MonthSpan& m);
std::string month_title(const MonthSpan& m);
std::string month_days(const MonthSpan& m);
// Lowercase ASCII letters and digits joined by '-' (for document names).
std::string slug(std::string_view text);
// "SKU — name" as every document writes a product (names trimmed: imports keep trailing spaces).
std::string product_label(const Product& product);

// The renderers (kb_pages.cpp, kb_insights.cpp).
std::vector<GeneratedDocument> catalogue_pages(const StoreFacts& facts);
std::vector<GeneratedDocument> supplier_pages(const StoreFacts& facts);
std::vector<GeneratedDocument> monthly_reports(const StoreFacts& facts);
GeneratedDocument category_trends_report(const StoreFacts& facts);

}  // namespace oiis::services::kb_docs
