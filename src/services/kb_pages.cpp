// Catalogue pages (one per category) and supplier pages (one per supplier), generated from the
// store for the knowledge base. Each product is its own paragraph, so the chunker keeps a
// product's facts together and merges a few neighbours of the same category into one chunk.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/time.h"
#include "services/kb_report_facts.h"

namespace oiis::services::kb_docs {
namespace {

double history_revenue(const StoreFacts& f, std::size_t product) {
  double total = 0;
  for (const auto& month : f.revenue) total += month[product];
  return total;
}

double history_units(const StoreFacts& f, std::size_t product) {
  double total = 0;
  for (const auto& month : f.units) total += month[product];
  return total;
}

// "colour: teak; seats: 3" from a product's free-form attributes (empty when there are none).
std::string attribute_text(const std::string& attributes_json) {
  const auto j = nlohmann::json::parse(attributes_json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "";
  std::string out;
  for (const auto& [key, value] : j.items()) {
    if (value.is_null()) continue;
    out += (out.empty() ? "" : "; ") + key + ": " + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return out;
}

std::string history_span(const StoreFacts& f) {
  return format_date(f.snapshot.first_day) + " to " + format_date(f.snapshot.end_day - 1);
}

// One product's paragraph: what the catalogue knows, with nothing invented for missing fields.
std::string catalogue_entry(const StoreFacts& f, std::size_t p) {
  const Product& product = f.snapshot.products[p];
  std::string out = "**" + product_label(product) + ".**";
  if (!product.brand.empty()) out += " Brand: " + product.brand + ".";
  out += " List price " + money(product.price) + ".";
  out += product.supplier_id ? " Supplier: " + supplier_name(f, product.supplier_id) + "."
                             : " No supplier is recorded.";
  if (product.pack_size > 1) out += " Pack size " + whole(static_cast<double>(product.pack_size)) + ".";
  if (!product.active) out += " Discontinued (inactive).";
  if (!product.description.empty()) out += " " + product.description;
  if (const std::string attributes = attribute_text(product.attributes_json); !attributes.empty())
    out += " Attributes: " + attributes + ".";
  out += " Sold " + units(history_units(f, p)) + " for revenue " + money(history_revenue(f, p)) +
         " over the history.";
  return out + "\n\n";
}

// What no product of the category has, said once, since each entry leaves missing fields out.
std::string missing_fields(const StoreFacts& f, const std::vector<std::size_t>& products) {
  bool brand = false, description = false, attributes = false;
  std::size_t without_supplier = 0;
  for (std::size_t p : products) {
    const Product& product = f.snapshot.products[p];
    brand = brand || !product.brand.empty();
    description = description || !product.description.empty();
    attributes = attributes || !attribute_text(product.attributes_json).empty();
    without_supplier += !product.supplier_id;
  }
  std::vector<std::string> none;
  if (!brand) none.push_back("a brand");
  if (!description) none.push_back("a description");
  if (!attributes) none.push_back("attributes");
  std::string out;
  for (std::size_t i = 0; i < none.size(); ++i)
    out += (i == 0 ? " No product here has " : i + 1 == none.size() ? " or " : ", ") + none[i];
  if (!none.empty()) out += " recorded in the store.";
  if (without_supplier > 0)
    out += " " + whole(static_cast<double>(without_supplier)) + " of them have no supplier recorded.";
  return out;
}

GeneratedDocument catalogue_page(const StoreFacts& f, const std::string& category, const std::string& name,
                                 const std::vector<std::size_t>& products) {
  std::size_t active = 0;
  double low = 0, high = 0;
  for (std::size_t i = 0; i < products.size(); ++i) {
    const Product& p = f.snapshot.products[products[i]];
    active += p.active;
    low = i == 0 ? p.price : std::min(low, p.price);
    high = i == 0 ? p.price : std::max(high, p.price);
  }
  std::string md = "# Catalogue — " + category + "\n\n";
  md += "The " + category + " category holds " + whole(static_cast<double>(products.size())) + " products (" +
        whole(static_cast<double>(active)) + " active); list prices from " + money(low) + " to " + money(high) +
        ". Units and revenue are over the store's history, " + history_span(f) + "." +
        missing_fields(f, products) + "\n\n";
  md += "## Products in " + category + "\n\n";
  for (std::size_t p : products) md += catalogue_entry(f, p);
  return {name, md};
}

// Measured figures from the supplier scorecard, or plainly why there are none.
std::string measured_performance(const ScorecardRow& row) {
  const auto& card = row.card;
  const std::string& name = row.supplier.name;
  if (card.received_orders == 0) {
    // Self-contained: this passage may be cited without the terms section above it.
    char stated[64];
    std::snprintf(stated, sizeof stated, "%.1f days", row.supplier.lead_time_mean_days);
    return "No purchase order from " + name + " has been received in this store (" +
           whole(static_cast<double>(card.purchase_orders)) +
           " placed), so its lead time and fill rate have not been measured. The stated lead time of " + stated +
           " is the one entered with the supplier, not a measurement.\n\n";
  }
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "Measured over %lld received purchase orders (of %lld placed): the lead time from order to "
                "receipt was %.1f days on average (standard deviation %.1f days); %s of them arrived on time "
                "(by the expected date, one day's grace); the fill rate (units received / units ordered) was "
                "%s. Unit costs changed by %+.1f%% per year.\n\n",
                static_cast<long long>(card.received_orders), static_cast<long long>(card.purchase_orders),
                card.lead_time_mean, card.lead_time_sd, percent(card.on_time_rate).c_str(),
                percent(card.fill_rate).c_str(), std::abs(card.price_trend) < 5e-4 ? 0.0 : 100.0 * card.price_trend);
  return buf;
}

// The supplier's products, best-selling first, with the revenue each brought.
std::string supplied_products(const StoreFacts& f, const Supplier& s) {
  std::vector<std::pair<double, std::size_t>> supplied;  // revenue, product index
  double revenue = 0;
  for (std::size_t p = 0; p < f.snapshot.products.size(); ++p)
    if (f.snapshot.products[p].supplier_id == s.id) {
      supplied.emplace_back(history_revenue(f, p), p);
      revenue += supplied.back().first;
    }
  std::string md = "## Products supplied by " + s.name + "\n\n";
  if (supplied.empty()) return md + "No product in the store names " + s.name + " as its supplier.\n";
  std::stable_sort(supplied.begin(), supplied.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  md += s.name + " supplies " + whole(static_cast<double>(supplied.size())) + " products, which brought revenue " +
        money(revenue) + " over the history (" + history_span(f) + "); best-selling first:\n\n";
  for (const auto& [product_revenue, p] : supplied) {
    const Product& product = f.snapshot.products[p];
    md += "- " + product_label(product) + " (" + category_of(product) + "), list price " + money(product.price) +
          ", revenue " + money(product_revenue) + (product.active ? "" : ", discontinued") + ".\n\n";
  }
  return md;
}

GeneratedDocument supplier_page(const StoreFacts& f, const ScorecardRow& row) {
  const Supplier& s = row.supplier;
  std::string md = "# Supplier — " + s.name + "\n\n";
  md += s.name + " is supplier " + std::to_string(s.id) + " in the store. ";
  md += s.email.empty() ? "No email address is recorded for " + s.name + ".\n\n" : "Email: " + s.email + ".\n\n";
  char terms[400];
  std::snprintf(terms, sizeof terms,
                "Stated lead time %.1f days (standard deviation %.1f days), as entered with the supplier. "
                "Minimum order quantity %s per purchase-order line. Cost of placing one purchase order: %s.\n\n",
                s.lead_time_mean_days, s.lead_time_sd_days, units(static_cast<double>(s.min_order_qty)).c_str(),
                money(s.order_cost).c_str());
  md += "## Terms recorded for " + s.name + "\n\n" + terms;
  md += "## Measured lead time and fill rate of " + s.name + "\n\n" + measured_performance(row);
  return {"", md + supplied_products(f, s)};
}

}  // namespace

std::vector<GeneratedDocument> catalogue_pages(const StoreFacts& f) {
  std::map<std::string, std::vector<std::size_t>> by_category;
  for (std::size_t p = 0; p < f.snapshot.products.size(); ++p)
    by_category[category_of(f.snapshot.products[p])].push_back(p);
  std::vector<GeneratedDocument> out;
  std::set<std::string> names;
  for (const auto& [category, products] : by_category) {
    // Two categories that differ only in punctuation or case would share a slug.
    const std::string base = std::string(kGeneratedPrefix) + "catalogue/category-" + slug(category);
    std::string name = base + ".md";
    for (int n = 2; names.count(name); ++n) name = base + "-" + std::to_string(n) + ".md";
    names.insert(name);
    out.push_back(catalogue_page(f, category, name, products));
  }
  return out;
}

std::vector<GeneratedDocument> supplier_pages(const StoreFacts& f) {
  std::vector<GeneratedDocument> out;
  for (const ScorecardRow& row : f.scorecards) {
    GeneratedDocument doc = supplier_page(f, row);
    doc.name = std::string(kGeneratedPrefix) + "suppliers/supplier-" + std::to_string(row.supplier.id) + "-" +
               slug(row.supplier.name) + ".md";
    out.push_back(std::move(doc));
  }
  return out;
}

}  // namespace oiis::services::kb_docs
