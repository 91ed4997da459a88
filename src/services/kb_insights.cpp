// Insight reports generated from the history for the knowledge base: one "Monthly performance"
// report per month (figures, comparisons, top products and categories, top movers, stock-outs)
// and one "Category trends" report by quarter. Headings name the month or quarter in words, so
// a question such as "top movers in October" meets them in the indexed section path.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>

#include "services/kb_report_facts.h"

namespace oiis::services::kb_docs {
namespace {

constexpr std::size_t kTopProducts = 5, kTopMovers = 5, kListedStockouts = 10;

struct MonthFigures {
  double revenue = 0, units = 0;
  long orders = 0;
  double average_order() const { return orders > 0 ? revenue / static_cast<double>(orders) : 0; }
};

MonthFigures figures_of(const StoreFacts& f, std::size_t m) {
  return {month_revenue(f, m), month_units(f, m), f.orders[m]};
}

std::optional<std::size_t> year_earlier(const StoreFacts& f, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i)
    if (f.months[i].year == f.months[m].year - 1 && f.months[i].month == f.months[m].month) return i;
  return std::nullopt;
}

std::string partial_note(const MonthSpan& m) {
  return m.partial ? " (a partial month: the history covers " + month_days(m) + " only)" : "";
}

std::string comparison(const StoreFacts& f, std::size_t m, std::size_t other, const std::string& which) {
  const MonthFigures now = figures_of(f, m), then = figures_of(f, other);
  return "Compared with " + month_title(f.months[other]) + " (" + which + ")" + partial_note(f.months[other]) +
         ": revenue " + change(now.revenue, then.revenue) + " (from " + money(then.revenue) + "), orders " +
         change(static_cast<double>(now.orders), static_cast<double>(then.orders)) + " (from " +
         whole(static_cast<double>(then.orders)) + "), units " + change(now.units, then.units) +
         ", average order value " + change(now.average_order(), then.average_order()) + " (from " +
         money(then.average_order()) + ").";
}

std::string summary_section(const StoreFacts& f, std::size_t m) {
  const MonthSpan& span = f.months[m];
  const MonthFigures now = figures_of(f, m);
  std::string md = "## Summary of " + month_title(span) + "\n\n";
  md += "In " + month_title(span) + partial_note(span) + " the shop's total revenue (sales) was " +
        money(now.revenue) + " from " +
        whole(static_cast<double>(now.orders)) + " orders and " + whole(now.units) +
        " units sold; the average order value was " +
        (now.orders > 0 ? money(now.average_order()) : std::string("not defined (no orders)")) + ".\n\n";
  md += m > 0 ? comparison(f, m, m - 1, "the month before")
              : "There is no earlier month in the history to compare with.";
  md += "\n\n";
  if (const auto earlier = year_earlier(f, m))
    md += comparison(f, m, *earlier, "the same month a year earlier");
  else
    md += "The history does not reach " + month_title({span.year - 1, span.month}) +
          ", so there is no comparison with the same month a year earlier.";
  return md + "\n\n";
}

// Product indices by `key` (descending), keeping those where keep(p) holds, at most `limit`.
template <typename Key, typename Keep>
std::vector<std::size_t> ranked_products(std::size_t n, Key key, Keep keep, std::size_t limit) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
  std::vector<std::size_t> out;
  for (std::size_t p : order)
    if (out.size() < limit && keep(p)) out.push_back(p);
  return out;
}

std::string top_products_section(const StoreFacts& f, std::size_t m) {
  const auto& revenue = f.revenue[m];
  const double total = month_revenue(f, m);
  const auto top = ranked_products(
      revenue.size(), [&](std::size_t p) { return revenue[p]; }, [&](std::size_t p) { return revenue[p] > 0; },
      kTopProducts);
  std::string md = "## Top products by revenue in " + month_title(f.months[m]) + "\n\n";
  if (top.empty()) return md + "No product had revenue in " + month_title(f.months[m]) + ".\n\n";
  md += "The best-selling product of " + month_title(f.months[m]) + " by revenue was " +
        product_label(f.snapshot.products[top[0]]) + ". The top " + std::to_string(top.size()) + ":\n\n";
  for (std::size_t i = 0; i < top.size(); ++i) {
    const Product& p = f.snapshot.products[top[i]];
    md += std::to_string(i + 1) + ". " + product_label(p) + " (" + category_of(p) + "): revenue " +
          money(revenue[top[i]]) + ", " + percent(total > 0 ? revenue[top[i]] / total : 0) + " of the month, " +
          units(f.units[m][top[i]]) + ".\n\n";
  }
  return md;
}

std::map<std::string, double> category_revenue(const StoreFacts& f, std::size_t m) {
  std::map<std::string, double> out;
  for (std::size_t p = 0; p < f.snapshot.products.size(); ++p)
    out[category_of(f.snapshot.products[p])] += f.revenue[m][p];
  return out;
}

std::string top_categories_section(const StoreFacts& f, std::size_t m) {
  const auto now = category_revenue(f, m);
  const std::optional<std::map<std::string, double>> before =
      m > 0 ? std::optional(category_revenue(f, m - 1)) : std::nullopt;
  std::vector<std::pair<std::string, double>> ranked(now.begin(), now.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  const double total = month_revenue(f, m);
  std::string md = "## Top categories by revenue in " + month_title(f.months[m]) + "\n\n";
  for (const auto& [category, revenue] : ranked) {
    md += "- " + category + ": revenue " + money(revenue) + ", " + percent(total > 0 ? revenue / total : 0) +
          " of the month";
    if (before) md += ", " + change(revenue, before->at(category)) + " vs " + month_title(f.months[m - 1]);
    md += ".\n\n";
  }
  return md;
}

std::string mover_line(const StoreFacts& f, std::size_t m, std::size_t p) {
  const double now = f.revenue[m][p], then = f.revenue[m - 1][p];
  return "- " + product_label(f.snapshot.products[p]) + " (" + category_of(f.snapshot.products[p]) +
         "): revenue " + money(now) + ", " + (now >= then ? "up " : "down ") + money(std::abs(now - then)) +
         " from " + money(then) + " (" + change(now, then) + ").\n\n";
}

std::string movers_section(const StoreFacts& f, std::size_t m) {
  const std::string title = month_title(f.months[m]);
  std::string md = "## Top movers in " + title + "\n\n";
  if (m == 0) return md + "There is no earlier month in the history, so no risers or fallers can be named.\n\n";
  const auto& now = f.revenue[m];
  const auto& then = f.revenue[m - 1];
  const std::size_t n = now.size();
  const auto risers = ranked_products(
      n, [&](std::size_t p) { return now[p] - then[p]; }, [&](std::size_t p) { return now[p] > then[p]; },
      kTopMovers);
  const auto fallers = ranked_products(
      n, [&](std::size_t p) { return then[p] - now[p]; }, [&](std::size_t p) { return now[p] < then[p]; },
      kTopMovers);
  // Paragraphs, not subsections: a subsection would leave this intro as a chunk of its own that
  // matches "top movers in <month>" and names no product.
  const std::string vs = " from " + month_title(f.months[m - 1]) + " to " + title + partial_note(f.months[m]);
  md += "Biggest risers: the products whose revenue rose most" + vs + ".\n\n";
  for (std::size_t p : risers) md += mover_line(f, m, p);
  if (risers.empty()) md += "No product's revenue rose.\n\n";
  md += "Biggest fallers: the products whose revenue fell most" + vs + ".\n\n";
  for (std::size_t p : fallers) md += mover_line(f, m, p);
  if (fallers.empty()) md += "No product's revenue fell.\n\n";
  return md;
}

std::string stockouts_section(const StoreFacts& f, std::size_t m) {
  const std::string title = month_title(f.months[m]);
  std::string md = "## Stock-outs in " + title + "\n\n";
  if (!f.stock_ledger)
    return md + "This store keeps no stock ledger (no stock movements are recorded" +
           (f.stock_levels ? std::string(", only current stock levels") : std::string(" and no stock levels")) +
           "), so stock-outs in " + title + " cannot be seen. This is not a report of zero stock-outs.\n\n";
  const auto& days = f.stockout_days[m];
  const auto out = ranked_products(
      days.size(), [&](std::size_t p) { return days[p]; }, [&](std::size_t p) { return days[p] > 0; },
      days.size());
  if (out.empty())
    return md + "No product ran out of stock in " + title + " at a location that keeps a stock ledger.\n\n";
  md += whole(static_cast<double>(out.size())) + " products were out of stock on at least one day of " + title +
        " at a location that had stocked them (from the stock-movement ledger). The longest:\n\n";
  for (std::size_t i = 0; i < out.size() && i < kListedStockouts; ++i)
    md += "- " + product_label(f.snapshot.products[out[i]]) + ": out of stock " +
          whole(static_cast<double>(days[out[i]])) + " of " + whole(static_cast<double>(f.months[m].end - f.months[m].first)) +
          " days.\n\n";
  return md;
}

std::string definitions_section() {
  return "## How these figures are computed\n\n"
         "Revenue is the order lines of orders neither cancelled nor returned (quantity x unit price - "
         "discount), less sales that later credit notes cancelled; units include orders returned after "
         "delivery; orders count those neither cancelled nor returned (docs/data-model.md, \"Demand\").\n";
}

GeneratedDocument monthly_report(const StoreFacts& f, std::size_t m) {
  const MonthSpan& span = f.months[m];
  std::string md = "# Monthly performance — " + month_key(span) + "\n\n";
  md += "Performance report for " + month_title(span) + " (" + month_days(span) + "), generated from the store.\n\n";
  md += summary_section(f, m) + top_products_section(f, m) + top_categories_section(f, m) + movers_section(f, m) +
        stockouts_section(f, m) + definitions_section();
  return {std::string(kGeneratedPrefix) + "reports/monthly-" + month_key(span) + ".md", md};
}

}  // namespace

std::vector<GeneratedDocument> monthly_reports(const StoreFacts& f) {
  std::vector<GeneratedDocument> out;
  for (std::size_t m = 0; m < f.months.size(); ++m) out.push_back(monthly_report(f, m));
  return out;
}

}  // namespace oiis::services::kb_docs
