// Reading the store once for the generated knowledge-base documents, and their number format.
#include "services/kb_report_facts.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "common/time.h"
#include "data/demand.h"

namespace oiis::services::kb_docs {
namespace {

std::vector<MonthSpan> months_between(Date first_day, Date end_day) {
  std::vector<MonthSpan> out;
  for (Date d = first_day; d < end_day;) {
    const CivilDate c = civil_from_date(d);
    const Date month_start = date_from_civil(c.year, c.month, 1);
    const Date next = c.month == 12 ? date_from_civil(c.year + 1, 1, 1) : date_from_civil(c.year, c.month + 1, 1);
    MonthSpan m{c.year, c.month, d, std::min(next, end_day), false};
    m.partial = m.first != month_start || m.end != next;
    out.push_back(m);
    d = m.end;
  }
  return out;
}

// Revenue and units per month and product, summed from the snapshot's days.
void sum_months(StoreFacts& f) {
  const InventorySnapshot& s = f.snapshot;
  const std::size_t n = s.products.size(), locations = s.locations.size();
  f.revenue.assign(f.months.size(), std::vector<double>(n, 0.0));
  f.units.assign(f.months.size(), std::vector<double>(n, 0.0));
  for (std::size_t m = 0; m < f.months.size(); ++m)
    for (std::size_t p = 0; p < n; ++p)
      for (Date d = f.months[m].first; d < f.months[m].end; ++d) {
        const int day = d - s.first_day;
        f.revenue[m][p] += s.revenue[p][day];
        for (std::size_t l = 0; l < locations; ++l) f.units[m][p] += s.demand[s.slot(p, l)][day];
      }
}

// Stock-out days per month and product: the days the demand definition censors (a location
// that had held the product closed the day empty; long-abandoned slots excluded).
Status count_stockouts(Store& store, StoreFacts& f) {
  const InventorySnapshot& s = f.snapshot;
  auto closing = closing_stock(store, s);
  if (!closing) return closing.status();
  for (const auto& slot : *closing) f.stock_ledger = f.stock_ledger || !slot.empty();
  f.stockout_days.assign(f.months.size(), std::vector<int>(s.products.size(), 0));
  if (!f.stock_ledger) return Status::ok();
  const DemandSet demand = demand_from_snapshot(s, *closing, DemandOptions{});
  for (const DemandSeries& series : demand.series) {
    const std::ptrdiff_t p = s.product_index(series.product_id);
    if (p < 0 || !series.stock_tracked) continue;
    for (int period = 0; period < demand.periods; ++period) {
      const int m = month_of(f, demand.period_start(period));
      if (m >= 0) f.stockout_days[m][p] += series.censored[period] > 0;
    }
  }
  return Status::ok();
}

Status count_orders(Store& store, StoreFacts& f) {
  f.orders.assign(f.months.size(), 0);
  OrderFilter filter;
  filter.placed_from = timestamp_of(f.snapshot.first_day);
  filter.placed_to = timestamp_of(f.snapshot.end_day);
  return store.scan_orders(filter, [&](const Order& o) {
    const int m = month_of(f, date_of(o.placed_at));
    if (m >= 0 && o.status != OrderStatus::kCancelled && o.status != OrderStatus::kReturned) ++f.orders[m];
    return true;
  });
}

// 1234567.891 -> "1,234,567.89" (decimals 2) or "1,234,568" (decimals 0).
std::string grouped(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(value));
  std::string digits(buf);
  const std::size_t point = digits.find('.');
  std::string whole_part = digits.substr(0, point), out;
  for (std::size_t i = 0; i < whole_part.size(); ++i) {
    if (i > 0 && (whole_part.size() - i) % 3 == 0) out += ',';
    out += whole_part[i];
  }
  if (point != std::string::npos) out += digits.substr(point);
  const bool negative = value < 0 && out.find_first_not_of("0.,") != std::string::npos;
  return negative ? "-" + out : out;
}

}  // namespace

Result<StoreFacts> read_store_facts(Store& store) {
  StoreFacts f;
  auto snapshot = build_snapshot(store, {std::nullopt, false});
  if (!snapshot) return snapshot.status();
  f.snapshot = std::move(snapshot).value();
  f.months = months_between(f.snapshot.first_day, f.snapshot.end_day);
  sum_months(f);
  OIIS_RETURN_IF_ERROR(count_orders(store, f));
  OIIS_RETURN_IF_ERROR(count_stockouts(store, f));
  for (bool recorded : f.snapshot.stock_recorded) f.stock_levels = f.stock_levels || recorded;
  f.scorecards = supplier_scorecards(f.snapshot);
  return f;
}

int month_of(const StoreFacts& facts, Date day) {
  for (std::size_t m = 0; m < facts.months.size(); ++m)
    if (day >= facts.months[m].first && day < facts.months[m].end) return static_cast<int>(m);
  return -1;
}

double month_revenue(const StoreFacts& facts, std::size_t month) {
  double total = 0;
  for (double r : facts.revenue[month]) total += r;
  return total;
}

double month_units(const StoreFacts& facts, std::size_t month) {
  double total = 0;
  for (double u : facts.units[month]) total += u;
  return total;
}

std::string category_of(const Product& product) {
  return product.category.empty() ? "Uncategorised" : product.category;
}

std::string supplier_name(const StoreFacts& facts, std::optional<Id> id) {
  if (!id) return "no supplier";
  const std::ptrdiff_t i = facts.snapshot.supplier_index(*id);
  return i < 0 ? "supplier " + std::to_string(*id) : facts.snapshot.suppliers[i].name;
}

std::string money(double amount) { return grouped(amount, 2); }
std::string whole(double count) { return grouped(count, 0); }
std::string units(double count) { return whole(count) + (whole(count) == "1" ? " unit" : " units"); }

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * share);
  return buf;
}

std::string change(double now, double before) {
  if (before <= 0) return now > 0 ? "new" : "none either time";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", 100.0 * (now - before) / before);
  return buf;
}

std::string month_key(const MonthSpan& m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", m.year, m.month);
  return buf;
}

std::string month_title(const MonthSpan& m) {
  static const char* const names[] = {"January", "February", "March",     "April",   "May",      "June",
                                      "July",    "August",   "September", "October", "November", "December"};
  return std::string(names[(m.month - 1) % 12]) + " " + std::to_string(m.year);
}

std::string month_days(const MonthSpan& m) { return format_date(m.first) + " to " + format_date(m.end - 1); }

std::string slug(std::string_view text) {
  std::string out;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) && c < 128) out += static_cast<char>(std::tolower(c));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "unnamed" : out;
}

std::string product_label(const Product& product) {
  const std::size_t first = product.name.find_first_not_of(' '), last = product.name.find_last_not_of(' ');
  return product.sku + " — " + (first == std::string::npos ? std::string() : product.name.substr(first, last - first + 1));
}

}  // namespace oiis::services::kb_docs
