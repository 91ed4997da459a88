#include "data/online_retail.h"

#include <array>
#include <set>

#include "data/import_support.h"

namespace oiis {

using namespace import_detail;

namespace {

constexpr std::array<std::string_view, 8> kColumns = {"InvoiceNo",   "InvoiceDate", "StockCode",
                                                      "Description", "Quantity",    "UnitPrice",
                                                      "CustomerID",  "Country"};
enum Col { kInvoice, kDate, kCode, kDescription, kQuantity, kPrice, kCustomer, kCountry };

// Postage, carriage, fees, discounts, manual corrections and donations: money lines, not goods.
bool is_service_code(std::string_view code) {
  static const std::set<std::string_view, std::less<>> kService = {
      "POST", "DOT", "C2", "M", "m", "D", "S", "B", "CRUK", "PADS", "AMAZONFEE", "BANK CHARGES"};
  return kService.contains(code) || code.starts_with("gift_");
}

// "17850.0" -> "17850" (the source stores customer numbers as floats).
std::string_view customer_key(std::string_view id) {
  if (id.ends_with(".0")) id.remove_suffix(2);
  return id;
}

struct Row {
  std::string_view invoice, code, description, customer, country;
  std::int64_t quantity = 0;
  double price = 0;
  Timestamp at = 0;
  bool cancellation = false;
  bool has_fields = false;  // the record had the header's width (source counts apply)
};

struct Verdict {
  const char* reason = nullptr;  // nullptr: take the row
  bool invalid = false;          // an error rather than a policy exclusion
  std::string field, message;
};

// Decides each row's fate. Deterministic, so the write pass repeats the check pass exactly.
class Classifier {
 public:
  Classifier(const Catalog& cat, bool reject_guests) : cat_(cat), reject_guests_(reject_guests) {}

  Status bind(const CsvReader& r) {
    pos_.fill(-1);
    for (size_t i = 0; i < r.size(); ++i) {
      size_t k = 0;
      while (k < kColumns.size() && kColumns[k] != r[i]) ++k;
      if (k == kColumns.size())
        return invalid_argument("unknown column '" + std::string(r[i]) +
                                    "' for online-retail (expected InvoiceNo, StockCode, "
                                    "Description, Quantity, InvoiceDate, UnitPrice, CustomerID, "
                                    "Country)",
                                std::string(r[i]));
      pos_[k] = static_cast<int>(i);
    }
    for (size_t k = 0; k < kColumns.size(); ++k)
      if (pos_[k] < 0)
        return invalid_argument("missing column '" + std::string(kColumns[k]) + "'",
                                std::string(kColumns[k]));
    width_ = r.size();
    return Status::ok();
  }

  Verdict classify(const CsvReader& r, Row& row) {
    if (!r.record_error().is_ok()) return bad("", r.record_error().message());
    if (r.size() != width_)
      return bad(
          "", "expected " + std::to_string(width_) + " fields, found " + std::to_string(r.size()));
    row.has_fields = true;
    row.invoice = r[pos_[kInvoice]];
    row.code = r[pos_[kCode]];
    row.description = r[pos_[kDescription]];
    row.customer = customer_key(r[pos_[kCustomer]]);
    row.country = r[pos_[kCountry]];
    row.cancellation = row.invoice.starts_with('C') || row.invoice.starts_with('c');
    if (row.invoice.empty()) return bad("InvoiceNo", "InvoiceNo is empty");
    if (row.code.empty()) return bad("StockCode", "StockCode is empty");
    if (Status s = parse_int_field(r[pos_[kQuantity]], row.quantity); !s.is_ok())
      return bad("Quantity", s.message());
    if (Status s = parse_double_field(r[pos_[kPrice]], row.price); !s.is_ok())
      return bad("UnitPrice", s.message());
    auto at = parse_timestamp(r[pos_[kDate]]);
    if (!at) return bad("InvoiceDate", at.status().message());
    row.at = *at;
    if (Verdict v = check_invoice(row.invoice); v.reason) return v;
    if (is_service_code(row.code))
      return policy("service_line", "StockCode", "service line (postage, fee, discount, manual)");
    if (row.quantity == 0) return policy("zero_quantity", "Quantity", "quantity is zero");
    if (row.price <= 0)
      return policy("non_positive_price", "UnitPrice", "unit price is not positive");
    if (!row.cancellation && row.quantity < 0)
      return policy("stock_adjustment", "Quantity",
                    "negative quantity on a sales invoice (stock adjustment in the source)");
    if (row.cancellation && row.quantity > 0)
      return policy("cancellation_positive_quantity", "Quantity",
                    "positive quantity on a cancellation invoice");
    if (row.customer.empty() && reject_guests_)
      return policy("guest", "CustomerID", "no CustomerID (--reject-guests)");
    return {};
  }

  std::int64_t distinct_invoices() const { return static_cast<std::int64_t>(seen_.size()); }

 private:
  static Verdict bad(std::string field, std::string message) {
    return {"malformed", true, std::move(field), std::move(message)};
  }
  static Verdict policy(const char* reason, std::string field, std::string message) {
    return {reason, false, std::move(field), std::move(message)};
  }

  // An invoice may not already be in the store. Its rows need not be adjacent (a file sorted
  // by date interleaves invoices of the same minute): the write pass gathers them.
  Verdict check_invoice(std::string_view invoice) {
    if (invoice != current_) {
      current_.assign(invoice);
      seen_.insert(current_);
    }
    if (cat_.order_external_ids.contains(invoice))
      return {"duplicate_invoice", true, "InvoiceNo",
              "invoice " + current_ + " is already in the store"};
    return {};
  }

  const Catalog& cat_;
  bool reject_guests_;
  std::array<int, 8> pos_{};
  size_t width_ = 0;
  StringSet seen_;
  std::string current_;
};

struct ProductSeen {
  std::string name;
  double price = 0;
  Timestamp at = 0;
};
struct CustomerSeen {
  std::string country;
  Timestamp first_at = 0;
};

// What pass 1 learns from the taken rows.
struct Learned {
  StringMap<ProductSeen> products;
  StringMap<CustomerSeen> customers;
  StringSet countries;
  // Per invoice, the line of its last taken row: where the write pass completes its order.
  StringMap<std::int64_t> last_line;
};

void learn(const Row& row, std::int64_t line, Learned& k, OnlineRetailSummary& s) {
  auto p = k.products.find(row.code);
  const bool fresh = p == k.products.end();
  if (fresh) p = k.products.emplace(std::string(row.code), ProductSeen{}).first;
  if (fresh || row.at >= p->second.at) {
    p->second.at = row.at;
    p->second.price = row.price;
    if (!row.description.empty()) p->second.name.assign(row.description);
  }
  if (!row.customer.empty()) {
    auto c = k.customers.find(row.customer);
    if (c == k.customers.end())
      k.customers.emplace(std::string(row.customer),
                          CustomerSeen{std::string(row.country), row.at});
    else
      c->second.first_at = std::min(c->second.first_at, row.at);
  }
  if (!row.country.empty()) k.countries.emplace(row.country);
  auto [last, first_row] = k.last_line.try_emplace(std::string(row.invoice), line);
  last->second = line;
  if (first_row) {
    ++s.invoices;
    if (row.cancellation) ++s.cancellations;
    if (row.customer.empty()) ++s.guest_orders;
  }
  if (row.cancellation) ++s.cancellation_rows;
  if (row.customer.empty()) ++s.guest_rows;
  s.net_revenue += static_cast<double>(row.quantity) * row.price;
  if (!s.first_invoice_at || row.at < *s.first_invoice_at) s.first_invoice_at = row.at;
  if (!s.last_invoice_at || row.at > *s.last_invoice_at) s.last_invoice_at = row.at;
}

Result<CsvReader> open_reader(const SourceOpener& open) {
  auto in = open();
  if (!in) return in.status();
  return CsvReader(std::move(in).value());
}

// Pass 1: classify and count every row, learn products and customers, record rejections.
Status check_pass(CsvReader& reader, Classifier& classifier, Learned& learned, bool keep_raw,
                  RejectSink& rejects, ImportReport& report, ProgressTicker& progress) {
  OnlineRetailSummary& s = *report.online_retail;
  Row row;
  std::string raw;
  while (reader.next()) {
    ++report.rows_read;
    row = Row{};
    const Verdict v = classifier.classify(reader, row);
    // Plain source counts, whatever the verdict.
    if (row.has_fields && row.cancellation) ++s.source_cancellation_rows;
    if (row.has_fields && row.customer.empty()) ++s.source_guest_rows;
    if (v.reason) {
      raw.clear();
      if (keep_raw) append_csv_record(raw, reader.fields());
      rejects.reject(reader.line(), 1, v.reason, v.field, v.message, raw, v.invalid);
    } else {
      ++report.rows_taken;
      learn(row, reader.line(), learned, s);
    }
    progress.tick(reader.bytes_consumed());
  }
  s.source_invoices = classifier.distinct_invoices();
  return reader.status();
}

// Creates the location, products and customers the orders will need.
Status write_reference_data(BulkWriter& w, Catalog& cat, const Learned& learned,
                            OnlineRetailSummary& s) {
  if (cat.default_location == 0) {
    Location main;
    main.code = "MAIN";
    main.name = "Main warehouse";
    auto id = w.add_location(main);
    if (!id) return id.status();
    cat.default_location = *id;
    s.created_location = true;
  }
  for (const auto& [sku, seen] : learned.products) {
    if (cat.sku_to_id.contains(sku)) continue;  // existing products keep their data
    Product p;
    p.sku = sku;
    p.name = seen.name.empty() ? sku : seen.name;
    p.category = "uncategorised";
    p.price = seen.price;
    p.created_at = p.updated_at = seen.at;
    auto id = w.add_product(p);
    if (!id) return Status(id.status().code(), "product " + sku + ": " + id.status().message());
    cat.sku_to_id.emplace(sku, *id);
    ++s.new_products;
  }
  for (const auto& [key, seen] : learned.customers) {
    if (cat.customer_by_external_id.contains(key)) continue;
    Customer c;
    c.external_id = key;
    c.region = seen.country;
    c.signup_at = seen.first_at;
    auto id = w.add_customer(c);
    if (!id) return Status(id.status().code(), "customer " + key + ": " + id.status().message());
    cat.customer_by_external_id.emplace(key, *id);
    ++s.new_customers;
  }
  return Status::ok();
}

// A new order for the invoice of `row` (its first taken row).
Order start_order(const Row& row, const Catalog& cat) {
  Order order;
  order.external_id.assign(row.invoice);
  if (!row.customer.empty())
    order.customer_id = cat.customer_by_external_id.find(row.customer)->second;
  order.location_id = cat.default_location;
  order.status = row.cancellation ? OrderStatus::kReturned : OrderStatus::kDelivered;
  order.payment_method = "card";
  order.channel = "web";
  order.placed_at = row.at;
  order.fulfilled_at = row.at;
  return order;
}

// Pass 2: the taken rows again. Each invoice's order is open from its first taken row and
// written at its last (pass 1 knows which line that is), so interleaved invoices of a
// date-sorted file are gathered whole; only invoices still open at a line are in memory.
Status write_pass(CsvReader& reader, Classifier& classifier, const Catalog& cat,
                  const Learned& learned, BulkWriter& w, ProgressTicker& progress) {
  StringMap<Order> open;
  Row row;
  while (reader.next()) {
    progress.tick(reader.bytes_consumed());
    row = Row{};
    if (classifier.classify(reader, row).reason) continue;
    auto it = open.find(row.invoice);
    if (it == open.end()) it = open.emplace(std::string(row.invoice), start_order(row, cat)).first;
    OrderLine& line = it->second.lines.emplace_back();
    line.sku.assign(row.code);
    line.product_id = cat.sku_to_id.find(row.code)->second;
    // A "C" invoice is a credit note: its negative quantities hand units back against
    // earlier sales (docs/data-model.md "Demand"), so the sale and its cancellation net out.
    line.quantity = row.quantity;
    line.unit_price = row.price;
    if (learned.last_line.find(row.invoice)->second != reader.line()) continue;
    auto id = w.add_order(it->second);
    if (!id)
      return Status(id.status().code(), "invoice " + it->first + ": " + id.status().message());
    open.erase(it);
  }
  OIIS_RETURN_IF_ERROR(reader.status());
  if (!open.empty()) return internal_error("the input changed between passes");
  return Status::ok();
}

}  // namespace

Result<ImportReport> import_online_retail(Store& store, const SourceOpener& open,
                                          const ImportOptions& options, ImportReport report) {
  report.online_retail.emplace();
  OnlineRetailSummary& summary = *report.online_retail;
  Catalog cat;
  OIIS_RETURN_IF_ERROR(
      load_catalog(store, kProductsPart | kCustomersPart | kLocationsPart | kOrdersPart, cat));

  auto reader = open_reader(open);
  if (!reader) return reader.status();
  if (!reader->next()) {
    if (!reader->status().is_ok()) return reader->status();
    return invalid_argument("the file is empty: a header row is required", "header");
  }
  Classifier classifier(cat, options.reject_guests);
  OIIS_RETURN_IF_ERROR(classifier.bind(*reader));

  const std::int64_t total = reader->total_bytes() * 2;  // two passes
  ProgressTicker progress1(options.progress, total);
  RejectSink rejects(report);
  OIIS_RETURN_IF_ERROR(rejects.open(options.rejects_path));
  Learned learned;
  OIIS_RETURN_IF_ERROR(check_pass(*reader, classifier, learned, !options.rejects_path.empty(),
                                  rejects, report, progress1));
  OIIS_RETURN_IF_ERROR(rejects.close());
  summary.products = static_cast<std::int64_t>(learned.products.size());
  summary.customers = static_cast<std::int64_t>(learned.customers.size());
  summary.countries = static_cast<std::int64_t>(learned.countries.size());
  report.items_taken = summary.invoices;
  if (report.rows_invalid > 0 && !options.skip_invalid) return report;

  auto writer = store.begin_bulk();
  if (!writer) return writer.status();
  OIIS_RETURN_IF_ERROR(write_reference_data(**writer, cat, learned, summary));
  const std::int64_t first_pass_bytes = reader->bytes_consumed();
  auto again = open_reader(open);
  if (!again) return again.status();
  if (!again->next()) return internal_error("the input changed between passes");
  Classifier replay(cat, options.reject_guests);
  OIIS_RETURN_IF_ERROR(replay.bind(*again));
  ProgressTicker progress2(options.progress, total, first_pass_bytes);
  OIIS_RETURN_IF_ERROR(write_pass(*again, replay, cat, learned, **writer, progress2));
  report.lines_taken = report.rows_taken;
  OIIS_RETURN_IF_ERROR((*writer)->commit());
  report.committed = true;
  return report;
}

}  // namespace oiis
