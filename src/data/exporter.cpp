#include "data/exporter.h"

#include "data/csv.h"
#include "data/import_support.h"
#include "domain/json.h"

namespace oiis {
namespace {

using import_detail::for_each_page;

// Buffers output and flushes in large writes; remembers the first write error.
class Output {
 public:
  explicit Output(std::FILE* f) : f_(f) { buf_.reserve(kFlushAt + 4096); }
  std::string& buf() { return buf_; }
  void maybe_flush() {
    if (buf_.size() >= kFlushAt) flush();
  }
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size())
      failed_ = true;
    buf_.clear();
  }
  Status finish() {
    flush();
    if (std::fflush(f_) != 0 || failed_) return internal_error("writing the export failed");
    return Status::ok();
  }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  std::FILE* f_;
  std::string buf_;
  bool failed_ = false;
};

template <typename V>
void append_header(std::string& out, const Columns<V>& columns, bool& first) {
  for (const auto& c : columns) {
    if (!c.format) continue;
    if (!first) out += ',';
    first = false;
    out += c.name;
  }
}

// Formats each column into `cell` and appends it CSV-quoted as needed.
template <typename V>
void append_cells(std::string& out, const Columns<V>& columns, const V& value, bool& first,
                  std::string& cell) {
  for (const auto& c : columns) {
    if (!c.format) continue;
    if (!first) out += ',';
    first = false;
    cell.clear();
    c.format(value, cell);
    append_csv_field(out, cell);
  }
}

// Writes items of type T in the chosen format; CSV rows follow CsvLayout<T>.
template <typename T>
class EntityWriter {
 public:
  EntityWriter(ExportFormat format, Output& out, ExportSummary& summary, ProgressSink* progress)
      : format_(format), out_(out), summary_(summary), progress_(progress) {}

  void header() {
    if (format_ != ExportFormat::kCsv) return;
    bool first = true;
    append_header(out_.buf(), CsvLayout<T>::header(), first);
    if constexpr (HasLines<T>) append_header(out_.buf(), CsvLayout<T>::line_columns(), first);
    out_.buf() += '\n';
  }

  void write(const T& v) {
    ++summary_.items;
    if (format_ == ExportFormat::kJsonl) {
      out_.buf() += to_json(v).dump();
      out_.buf() += '\n';
      ++summary_.rows;
    } else if constexpr (HasLines<T>) {
      for (const auto& line : v.*CsvLayout<T>::lines) {
        bool first = true;
        append_cells(out_.buf(), CsvLayout<T>::header(), v, first, cell_);
        append_cells(out_.buf(), CsvLayout<T>::line_columns(), line, first, cell_);
        out_.buf() += '\n';
        ++summary_.rows;
      }
    } else {
      bool first = true;
      append_cells(out_.buf(), CsvLayout<T>::header(), v, first, cell_);
      out_.buf() += '\n';
      ++summary_.rows;
    }
    out_.maybe_flush();
    if (progress_ && (summary_.items & 1023) == 0) progress_->update(summary_.items, 0);
  }

 private:
  ExportFormat format_;
  Output& out_;
  ExportSummary& summary_;
  ProgressSink* progress_;
  std::string cell_;
};

template <typename T, typename Scan>
Status export_with(Scan scan, ExportFormat format, Output& out, ExportSummary& summary,
                   ProgressSink* progress) {
  EntityWriter<T> writer(format, out, summary, progress);
  writer.header();
  return scan([&](const T& v) { writer.write(v); });
}

// Adapts a cursor-paginated list method to a scan over every item.
template <typename List>
auto paged(List list) {
  return [list](auto fn) { return for_each_page(list, fn); };
}

Status run_export(Store& s, Entity entity, ExportFormat f, Output& out, ExportSummary& sum,
                  ProgressSink* p) {
  switch (entity) {
    case Entity::kProducts:
      return export_with<Product>(
          paged([&](const PageRequest& r) { return s.list_products({}, r); }), f, out, sum, p);
    case Entity::kSuppliers:
      return export_with<Supplier>(
          paged([&](const PageRequest& r) { return s.list_suppliers({}, r); }), f, out, sum, p);
    case Entity::kCustomers:
      return export_with<Customer>(
          paged([&](const PageRequest& r) { return s.list_customers({}, r); }), f, out, sum, p);
    case Entity::kLocations:
      return export_with<Location>(
          [&](auto fn) -> Status {
            auto all = s.list_locations();
            if (!all) return all.status();
            for (const auto& l : *all) fn(l);
            return Status::ok();
          },
          f, out, sum, p);
    case Entity::kOrders:
      return export_with<Order>(
          [&](auto fn) {
            return s.scan_orders({}, [&](const Order& o) {
              fn(o);
              return true;
            });
          },
          f, out, sum, p);
    case Entity::kStock:
      return export_with<StockLevel>(
          paged([&](const PageRequest& r) { return s.list_stock({}, r); }), f, out, sum, p);
    case Entity::kMovements:
      return export_with<StockMovement>(
          paged([&](const PageRequest& r) { return s.list_movements({}, r); }), f, out, sum, p);
    case Entity::kPriceChanges:
      // No store-wide listing of price changes: walk each product's history.
      return export_with<PriceChange>(
          [&](auto fn) -> Status {
            Status failed;
            OIIS_RETURN_IF_ERROR(
                for_each_page([&](const PageRequest& r) { return s.list_products({}, r); },
                              [&](const Product& prod) {
                                auto history = s.price_history(prod.id);
                                if (!history && failed.is_ok()) failed = history.status();
                                if (history)
                                  for (const auto& c : *history) fn(c);
                              }));
            return failed;
          },
          f, out, sum, p);
    case Entity::kPurchaseOrders:
      return export_with<PurchaseOrder>(
          paged([&](const PageRequest& r) { return s.list_purchase_orders({}, r); }), f, out, sum,
          p);
  }
  return internal_error("unhandled entity");
}

}  // namespace

Result<ExportFormat> parse_export_format(std::string_view name) {
  if (name == "csv") return ExportFormat::kCsv;
  if (name == "jsonl") return ExportFormat::kJsonl;
  return invalid_argument("unknown format '" + std::string(name) + "' (expected csv or jsonl)",
                          "format");
}

Result<ExportSummary> export_entity(Store& store, Entity entity, ExportFormat format,
                                    std::FILE* out, ProgressSink* progress) {
  Output output(out);
  ExportSummary summary;
  OIIS_RETURN_IF_ERROR(run_export(store, entity, format, output, summary, progress));
  OIIS_RETURN_IF_ERROR(output.finish());
  if (progress) {
    progress->update(summary.items, summary.items);
    progress->finish();
  }
  return summary;
}

}  // namespace oiis
