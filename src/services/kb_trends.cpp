// The "Category trends" report generated for the knowledge base: each category's revenue per
// calendar quarter with the change from the quarter before, and which grew and fell the most,
// written as sentences so "which category grew last quarter?" finds a passage that answers it.
#include <algorithm>
#include <map>
#include <optional>

#include "services/kb_report_facts.h"

namespace oiis::services::kb_docs {
namespace {

struct Quarter {
  int year = 0, number = 0;           // 1..4
  std::vector<std::size_t> months;    // indices into StoreFacts::months
  bool partial = false;               // the history covers only part of it
  std::map<std::string, double> revenue;  // by category
  std::string key() const { return std::to_string(year) + "-Q" + std::to_string(number); }
};

std::vector<Quarter> quarters_of(const StoreFacts& f) {
  std::vector<Quarter> out;
  for (std::size_t m = 0; m < f.months.size(); ++m) {
    const MonthSpan& span = f.months[m];
    const int number = (span.month - 1) / 3 + 1;
    if (out.empty() || out.back().year != span.year || out.back().number != number)
      out.push_back({span.year, number, {}, false, {}});
    Quarter& q = out.back();
    q.months.push_back(m);
    q.partial = q.partial || span.partial;
    for (std::size_t p = 0; p < f.snapshot.products.size(); ++p)
      q.revenue[category_of(f.snapshot.products[p])] += f.revenue[m][p];
  }
  for (Quarter& q : out) q.partial = q.partial || q.months.size() < 3;
  return out;
}

std::string quarter_span(const StoreFacts& f, const Quarter& q) {
  const std::string first = month_title(f.months[q.months.front()]), last = month_title(f.months[q.months.back()]);
  return first == last ? first : first + " to " + last;
}

// The category that changed most in `direction` (+1 grew, -1 fell) among those sold in both.
std::optional<std::string> most_changed(const Quarter& now, const Quarter& before, int direction) {
  std::optional<std::string> best;
  double best_change = 0;
  for (const auto& [category, revenue] : now.revenue) {
    const auto it = before.revenue.find(category);
    if (it == before.revenue.end() || it->second <= 0) continue;
    const double relative = direction * (revenue - it->second) / it->second;
    if (relative > best_change) {
      best_change = relative;
      best = category;
    }
  }
  return best;
}

std::string partial_warning(const Quarter& now, const Quarter& before) {
  if (!now.partial && !before.partial) return "";
  return " Careful: " + std::string(now.partial ? now.key() : before.key()) +
         " is only partly covered by the history, so the change compares unequal spans.";
}

std::string headline(const Quarter& now, const Quarter& before, bool latest) {
  std::string md = "In " + now.key() + (latest ? " (the latest quarter in the history)" : "");
  if (now.revenue.size() == 1) {  // one category: "grew the most" would be empty praise
    const auto& [category, revenue] = *now.revenue.begin();
    const auto it = before.revenue.find(category);
    return md + " the shop's revenue (every product is in " + category + ") was " + money(revenue) + ", " +
           change(revenue, it == before.revenue.end() ? 0 : it->second) + " on " + before.key() + "." +
           partial_warning(now, before) + "\n\n";
  }
  const auto grew = most_changed(now, before, +1), fell = most_changed(now, before, -1);
  if (grew)
    md += " the category that grew the most was " + *grew + ": revenue " + money(now.revenue.at(*grew)) + ", " +
          change(now.revenue.at(*grew), before.revenue.at(*grew)) + " on " + before.key() + ".";
  else
    md += " no category grew on " + before.key() + ".";
  if (fell)
    md += " The category that fell the most was " + *fell + ": " +
          change(now.revenue.at(*fell), before.revenue.at(*fell)) + ".";
  return md + partial_warning(now, before) + "\n\n";
}

std::string quarter_section(const StoreFacts& f, const std::vector<Quarter>& qs, std::size_t i) {
  const Quarter& q = qs[i];
  std::string md = "## " + q.key() + " (" + quarter_span(f, q) + "): category revenue";
  md += i > 0 ? " and growth vs " + qs[i - 1].key() + "\n\n" : "\n\n";
  if (i > 0) md += headline(q, qs[i - 1], i + 1 == qs.size());
  std::vector<std::pair<std::string, double>> ranked(q.revenue.begin(), q.revenue.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [category, revenue] : ranked) {
    md += "- " + category + ": revenue " + money(revenue) + " in " + q.key();
    if (i > 0) {
      const auto it = qs[i - 1].revenue.find(category);
      const double before = it == qs[i - 1].revenue.end() ? 0 : it->second;
      md += ", " + change(revenue, before) + " vs " + qs[i - 1].key() + " (" + money(before) + ")";
    }
    md += ".\n\n";
  }
  return md;
}

}  // namespace

GeneratedDocument category_trends_report(const StoreFacts& f) {
  const auto qs = quarters_of(f);
  std::string md = "# Category trends by quarter\n\n";
  md += "Revenue of each product category per calendar quarter, " + qs.front().key() + " to " + qs.back().key() +
        ", with the change from the quarter before (revenue as in the monthly performance reports).";
  for (const Quarter& q : qs)
    if (q.partial) md += " " + q.key() + " is only partly covered by the history.";
  if (!qs.empty() && qs.front().revenue.size() == 1)
    md += " Every product is in one category (" + qs.front().revenue.begin()->first +
          "), so there are no category trends to compare: the figures are the whole shop's.";
  md += "\n\n";
  for (std::size_t i = qs.size(); i-- > 0;) md += quarter_section(f, qs, i);  // latest first
  return {std::string(kGeneratedPrefix) + "reports/category-trends.md", md};
}

}  // namespace oiis::services::kb_docs
