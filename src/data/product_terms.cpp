#include "data/product_terms.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "data/import_support.h"

namespace oiis {
namespace {

using import_detail::for_each_page;

// Column positions in the header; -1 = absent.
struct Columns {
  int sku = -1, supplier_id = -1, supplier_name = -1, cost = -1, pack_size = -1;
};

Result<Columns> read_header(const std::vector<std::string_view>& header) {
  Columns c;
  for (int i = 0; i < static_cast<int>(header.size()); ++i) {
    const std::string_view h = header[i];
    if (h == "sku") c.sku = i;
    else if (h == "supplier_id") c.supplier_id = i;
    else if (h == "supplier_name") c.supplier_name = i;
    else if (h == "cost") c.cost = i;
    else if (h == "pack_size") c.pack_size = i;
    else return invalid_argument("unknown column '" + std::string(h) +
                                 "' (sku, supplier_id, supplier_name, cost, pack_size)", "header");
  }
  if (c.sku < 0) return invalid_argument("the header needs a sku column", "sku");
  if (c.supplier_id < 0 && c.supplier_name < 0 && c.cost < 0 && c.pack_size < 0)
    return invalid_argument("the header needs supplier_id, supplier_name, cost or pack_size",
                            "header");
  return c;
}

std::optional<double> number(std::string_view text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string_view field(const CsvReader& csv, int column) {
  return column >= 0 && column < static_cast<int>(csv.size()) ? csv[column] : std::string_view{};
}

// What one row changes, or the reason it cannot.
struct RowCheck {
  std::string field, reason;
};

class TermsReader {
 public:
  TermsReader(Store& store, Columns columns) : store_(store), c_(columns) {}

  Status load_suppliers() {
    return for_each_page([&](const PageRequest& p) { return store_.list_suppliers({}, p); },
                         [&](const Supplier& s) {
                           ids_.insert(s.id);
                           auto [it, fresh] = by_name_.emplace(s.name, s.id);
                           if (!fresh) ambiguous_.insert(s.name);
                         });
  }

  // Fills `product` from the row; a RowCheck when the row is wrong.
  std::optional<RowCheck> apply(const CsvReader& csv, Product& product, ProductTermsReport& r) {
    const std::string sku(field(csv, c_.sku));
    if (sku.empty()) return RowCheck{"sku", "is empty"};
    if (!seen_.insert(sku).second) return RowCheck{"sku", "'" + sku + "' appears twice"};
    auto found = store_.get_product_by_sku(sku);
    if (!found) return RowCheck{"sku", "no product with sku '" + sku + "'"};
    product = *found;
    if (auto check = apply_supplier(csv, product, r)) return check;
    if (auto text = field(csv, c_.cost); !text.empty()) {
      auto cost = number(text);
      if (!cost || *cost < 0) return RowCheck{"cost", "must be a number >= 0"};
      product.cost = *cost;
      ++r.costs_set;
    }
    if (auto text = field(csv, c_.pack_size); !text.empty()) {
      auto pack = number(text);
      if (!pack || *pack < 1 || *pack != std::floor(*pack))
        return RowCheck{"pack_size", "must be a whole number >= 1"};
      product.pack_size = static_cast<Quantity>(*pack);
      ++r.packs_set;
    }
    return std::nullopt;
  }

 private:
  std::optional<RowCheck> apply_supplier(const CsvReader& csv, Product& product,
                                         ProductTermsReport& r) {
    const std::string_view id_text = field(csv, c_.supplier_id);
    const std::string name(field(csv, c_.supplier_name));
    if (!id_text.empty()) {
      auto id = number(id_text);
      if (!id || !ids_.count(static_cast<Id>(*id)))
        return RowCheck{"supplier_id", "no supplier with id " + std::string(id_text)};
      product.supplier_id = static_cast<Id>(*id);
      ++r.suppliers_set;
    } else if (!name.empty()) {
      if (ambiguous_.count(name)) return RowCheck{"supplier_name", "several suppliers are named '" + name + "': use supplier_id"};
      auto it = by_name_.find(name);
      if (it == by_name_.end()) return RowCheck{"supplier_name", "no supplier named '" + name + "'"};
      product.supplier_id = it->second;
      ++r.suppliers_set;
    }
    return std::nullopt;
  }

  Store& store_;
  Columns c_;
  std::unordered_set<Id> ids_;
  std::unordered_map<std::string, Id> by_name_;
  std::unordered_set<std::string> ambiguous_, seen_;
};

}  // namespace

std::string ProductTermsReport::to_text() const {
  std::string out = std::to_string(rows) + " rows: " + std::to_string(products_updated) +
                    " products updated (supplier " + std::to_string(suppliers_set) + ", cost " +
                    std::to_string(costs_set) + ", pack size " + std::to_string(packs_set) + ")\n";
  constexpr std::size_t kShown = 20;
  for (std::size_t i = 0; i < rejections.size() && i < kShown; ++i)
    out += "  line " + std::to_string(rejections[i].line) + ": " + rejections[i].field + " " +
           rejections[i].reason + "\n";
  if (!rejections.empty())
    out += std::to_string(rejections.size()) + " rows rejected: nothing was written\n";
  return out;
}

Result<ProductTermsReport> import_product_terms(Store& store, std::unique_ptr<ByteSource> source) {
  CsvReader csv(std::move(source));
  if (!csv.next()) {
    if (!csv.status().is_ok()) return csv.status();
    return invalid_argument("the file is empty (expected a header row)", "header");
  }
  auto columns = read_header(csv.fields());
  if (!columns) return columns.status();
  TermsReader reader(store, *columns);
  OIIS_RETURN_IF_ERROR(reader.load_suppliers());
  ProductTermsReport report;
  std::vector<Product> updates;
  while (csv.next()) {
    ++report.rows;
    if (!csv.record_error().is_ok()) {
      report.rejections.push_back({csv.line(), "record", csv.record_error().message()});
      continue;
    }
    Product product;
    if (auto bad = reader.apply(csv, product, report))
      report.rejections.push_back({csv.line(), bad->field, bad->reason});
    else
      updates.push_back(std::move(product));
  }
  if (!csv.status().is_ok()) return csv.status();
  if (!report.committed()) return report;
  for (const Product& p : updates) {
    auto updated = store.update_product(p);
    if (!updated) return updated.status();
    ++report.products_updated;
  }
  return report;
}

}  // namespace oiis
