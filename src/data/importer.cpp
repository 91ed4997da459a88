#include "data/importer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <type_traits>

#include "common/input_limits.h"
#include "common/json_reader.h"
#include "data/import_entity_rules.h"
#include "data/import_support.h"
#include "data/online_retail.h"
#include "domain/json.h"
#include "domain/validation.h"

namespace oiis {

using namespace import_detail;

namespace {

// ---------------------------------------------------------------------------------------
// Decoding: a source yields Items, one entity each (an order with all its CSV rows).

template <typename T>
struct Item {
  T value;
  std::int64_t line = 0;  // where the record starts, or the failing row of a multi-row one
  std::int64_t rows = 0;  // input records it was made of
  Status status;          // decoding problem, with the field named
  std::string raw;        // the input text, kept only when a rejects file is written
};

// Maps header positions to columns of the entity (and of its lines).
template <typename T, typename L>
struct HeaderBinding {
  std::vector<const Column<T>*> header;   // by position; nullptr where the column is a line's
  std::vector<const Column<L>*> line;     // by position
  int external_id_pos = -1, id_pos = -1;  // group keys of entities with lines
};

template <typename C>
const C* find_column(const std::vector<C>& columns, std::string_view name) {
  for (const auto& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

template <typename C>
void append_names(std::string& out, const std::vector<C>& columns) {
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + std::string(c.name);
}

template <typename T, typename L>
Status bind_header(const std::vector<std::string_view>& names, const Columns<T>& header,
                   const Columns<L>* lines, HeaderBinding<T, L>& b) {
  std::vector<std::string_view> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string_view name = names[i];
    const Column<T>* h = find_column(header, name);
    const Column<L>* l = (h == nullptr && lines) ? find_column(*lines, name) : nullptr;
    if (h == nullptr && l == nullptr) {
      std::string expected;
      append_names(expected, header);
      if (lines) append_names(expected, *lines);
      return invalid_argument(
          "unknown column '" + std::string(name) + "' (columns: " + expected + ")",
          std::string(name));
    }
    for (std::string_view s : seen)
      if (s == name)
        return invalid_argument("column '" + std::string(name) + "' appears twice",
                                std::string(name));
    seen.push_back(name);
    b.header.push_back(h);
    b.line.push_back(l);
    if (name == "external_id") b.external_id_pos = static_cast<int>(i);
    if (name == "id") b.id_pos = static_cast<int>(i);
  }
  auto require = [&](const auto& columns) -> Status {
    for (const auto& c : columns) {
      if (!c.required) continue;
      bool present = false;
      for (std::string_view s : seen) present = present || s == c.name;
      if (!present)
        return invalid_argument("missing column '" + std::string(c.name) + "'",
                                std::string(c.name));
    }
    return Status::ok();
  };
  OIIS_RETURN_IF_ERROR(require(header));
  if (lines) OIIS_RETURN_IF_ERROR(require(*lines));
  return Status::ok();
}

// Parses the bound columns of the reader's current record into `out`.
template <typename V>
Status parse_columns(const CsvReader& r, const std::vector<const Column<V>*>& columns, V& out) {
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column<V>* c = columns[i];
    if (c == nullptr) continue;
    Status s = c->parse(r[i], out);
    if (!s.is_ok())
      return invalid_argument(std::string(c->name) + ": " + s.message(), std::string(c->name));
  }
  return Status::ok();
}

Status check_shape(const CsvReader& r, size_t expected) {
  if (!r.record_error().is_ok()) return r.record_error();
  if (r.size() != expected)
    return invalid_argument("expected " + std::to_string(expected) + " fields, found " +
                            std::to_string(r.size()));
  return Status::ok();
}

// CSV, one record per entity; or one record per line for entities with lines, grouped by
// consecutive equal external_id (or id when external_id is empty).
template <typename T>
class CsvSource {
 public:
  using L = typename std::conditional_t<HasLines<T>, CsvLayout<T>, CsvLayout<Order>>::Line;

  CsvSource(std::unique_ptr<ByteSource> in, bool keep_raw)
      : reader_(std::move(in)), keep_raw_(keep_raw) {}

  Status start() {
    if (!reader_.next()) {
      if (!reader_.status().is_ok()) return reader_.status();
      return invalid_argument("the file is empty: a header row is required", "header");
    }
    OIIS_RETURN_IF_ERROR(reader_.record_error());
    const Columns<L>* lines = nullptr;
    if constexpr (HasLines<T>) lines = &CsvLayout<T>::line_columns();
    // Copied: the reader's fields point into its buffer, which the next() below may move when
    // the first record is long (a 1 MiB field crashed the import, issue 11 row 10).
    const std::vector<std::string> owned(reader_.fields().begin(), reader_.fields().end());
    const std::vector<std::string_view> names(owned.begin(), owned.end());
    pending_ = reader_.next();
    return bind_header(names, CsvLayout<T>::header(), lines, binding_);
  }

  bool next(Item<T>& item) {
    if (!pending_) return false;
    item = Item<T>{};
    item.line = reader_.line();
    if constexpr (HasLines<T>) {
      read_group(item);
    } else {
      item.rows = 1;
      keep(item);
      item.status = check_shape(reader_, binding_.header.size());
      if (item.status.is_ok()) item.status = parse_columns(reader_, binding_.header, item.value);
      pending_ = reader_.next();
    }
    return true;
  }

  const Status& status() const { return reader_.status(); }
  std::int64_t bytes() const { return reader_.bytes_consumed(); }
  std::int64_t total() const { return reader_.total_bytes(); }

 private:
  void keep(Item<T>& item) {
    if (keep_raw_) append_csv_record(item.raw, reader_.fields());
  }

  // The group key of the current record ("" = not grouped: the record stands alone).
  std::string_view key() const {
    if (reader_.size() != binding_.header.size()) return {};
    if (binding_.external_id_pos >= 0 && !reader_[binding_.external_id_pos].empty())
      return reader_[binding_.external_id_pos];
    if (binding_.id_pos >= 0) return reader_[binding_.id_pos];
    return {};
  }

  void read_group(Item<T>& item) {
    key_.assign(key());
    for (;;) {
      ++item.rows;
      keep(item);
      if (item.status.is_ok()) {
        Status s = check_shape(reader_, binding_.header.size());
        if (s.is_ok() && item.rows == 1) s = parse_columns(reader_, binding_.header, item.value);
        if (s.is_ok()) {
          auto& lines = item.value.*CsvLayout<T>::lines;
          lines.emplace_back();
          s = parse_columns(reader_, binding_.line, lines.back());
        }
        if (!s.is_ok()) {
          item.status = s;
          item.line = reader_.line();
        }
      }
      pending_ = reader_.next();
      if (!pending_ || key_.empty() || key() != key_) return;
    }
  }

  CsvReader reader_;
  bool keep_raw_;
  HeaderBinding<T, L> binding_;
  bool pending_ = false;
  std::string key_;
};

// JSON Lines: one object per non-blank line, read strictly by domain/json.h.
template <typename T>
class JsonlSource {
 public:
  JsonlSource(std::unique_ptr<ByteSource> in, bool keep_raw)
      : reader_(std::move(in)), keep_raw_(keep_raw) {}
  Status start() { return Status::ok(); }

  bool next(Item<T>& item) {
    std::string_view line;
    do {
      if (!reader_.next(line)) return false;
    } while (line.find_first_not_of(" \t") == std::string_view::npos);
    item = Item<T>{};
    item.line = reader_.line();
    item.rows = 1;
    if (keep_raw_) item.raw.assign(line);
    auto json = parse_json(line, "line");
    if (!json) {
      item.status = json.status();
      return true;
    }
    if (!json->is_object()) {
      item.status = invalid_argument("each line must be a JSON object");
      return true;
    }
    item.status = read_json(*json, item.value);
    return true;
  }

  const Status& status() const { return reader_.status(); }
  std::int64_t bytes() const { return reader_.bytes_consumed(); }
  std::int64_t total() const { return reader_.total_bytes(); }

 private:
  LineReader reader_;
  bool keep_raw_;
};

template <typename T>
std::int64_t line_count(const T& v) {
  if constexpr (HasLines<T>) {
    return static_cast<std::int64_t>((v.*CsvLayout<T>::lines).size());
  } else {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------
// The one import loop, for every entity and format.

// Checked rows on their way from the checking thread to the writing one: batches through a
// short bounded queue, so memory stays constant however large the file.
template <typename T>
class Handoff {
 public:
  // Checking side. False once the writer has given up (stop reading).
  bool push(Item<T>&& item) {
    filling_.push_back(std::move(item));
    if (filling_.size() < kBatch) return true;
    return hand_over();
  }
  // Checking side: no more rows.
  void finish() {
    if (!filling_.empty()) hand_over();
    std::lock_guard lock(mutex_);
    finished_ = true;
    changed_.notify_all();
  }
  // Writing side: the next batch, or false when the checker has finished and all was taken.
  bool pop(std::vector<Item<T>>& batch) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !full_.empty() || finished_; });
    if (full_.empty()) return false;
    batch = std::move(full_.front());
    full_.pop_front();
    changed_.notify_all();
    return true;
  }
  // Writing side: the store failed; the checker's next hand-over returns false.
  void abandon() {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    full_.clear();
    changed_.notify_all();
  }

 private:
  static constexpr size_t kBatch = 256, kDepth = 8;

  bool hand_over() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return full_.size() < kDepth || abandoned_; });
    if (abandoned_) return false;
    full_.push_back(std::move(filling_));
    filling_ = {};
    filling_.reserve(kBatch);
    changed_.notify_all();
    return true;
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<Item<T>>> full_;
  std::vector<Item<T>> filling_;
  bool finished_ = false, abandoned_ = false;
};

// Catalogue entities import on one thread: a later row's checks see the ids the store
// assigned to earlier ones (an explicit id may clash with an assigned one). For the rest the
// checks need only the file's ids, so one thread decodes and checks while the calling thread
// writes to the store (the store's insert and index work is most of an import's time).
template <typename T>
constexpr bool kChecksSeeAssignedIds = std::is_same_v<T, Supplier> ||
                                       std::is_same_v<T, Product> ||
                                       std::is_same_v<T, Customer> || std::is_same_v<T, Location>;

template <typename T>
Id file_id(const T& v) {
  if constexpr (requires { v.id; }) return v.id;
  return 0;
}

template <typename T>
Status store_refused(const Item<T>& item, const Status& why) {
  return Status(why.code(),
                "line " + std::to_string(item.line) +
                    ": the store refused the row, nothing was imported: " + why.message(),
                why.field());
}

template <typename T, typename Source>
Result<ImportReport> import_entity(Store& store, Source& source, const ImportOptions& options,
                                   ImportReport report) {
  OIIS_RETURN_IF_ERROR(source.start());
  ImportState st;
  OIIS_RETURN_IF_ERROR(load_catalog(store, catalog_parts(options.entity), st.cat));
  auto writer = store.begin_bulk();
  if (!writer) return writer.status();
  BulkWriter& bulk = **writer;
  RejectSink rejects(report);
  OIIS_RETURN_IF_ERROR(rejects.open(options.rejects_path));
  ProgressTicker progress(options.progress, source.total());

  // Checks every row; passes accepted ones to `take` (which remembers them) while writing.
  // All-or-nothing stops writing at the first rejection but goes on checking. Stops early
  // when `take` returns false (the store failed).
  bool writing = true;
  auto check_rows = [&](auto&& take) {
    Item<T> item;
    while (source.next(item)) {
      report.rows_read += item.rows;
      Status s = item.status;
      if (s.is_ok()) s = check(item.value, st);
      if (!s.is_ok()) {
        rejects.reject(item.line, item.rows, s.field().empty() ? "row" : s.field(), s.field(),
                       s.message(), item.raw);
        writing = writing && options.skip_invalid;
        continue;
      }
      report.rows_taken += item.rows;
      ++report.items_taken;
      report.lines_taken += line_count(item.value);
      progress.tick(source.bytes());
      if (!writing) {
        remember(item.value, file_id(item.value), st);
      } else if (!take(item)) {
        return;
      }
    }
  };

  Status store_error;
  if constexpr (kChecksSeeAssignedIds<T>) {
    check_rows([&](Item<T>& item) {
      auto written = write(bulk, item.value);
      if (!written) {
        store_error = store_refused(item, written.status());
        return false;
      }
      remember(item.value, *written, st);
      return true;
    });
  } else {
    Handoff<T> handoff;
    std::thread checker([&] {
      check_rows([&](Item<T>& item) {
        remember(item.value, file_id(item.value), st);
        return handoff.push(std::move(item));
      });
      handoff.finish();
    });
    std::vector<Item<T>> batch;
    while (store_error.is_ok() && handoff.pop(batch)) {
      for (const Item<T>& item : batch) {
        auto written = write(bulk, item.value);
        if (written) continue;
        store_error = store_refused(item, written.status());
        handoff.abandon();
        break;
      }
    }
    checker.join();
  }
  OIIS_RETURN_IF_ERROR(store_error);
  OIIS_RETURN_IF_ERROR(source.status());
  progress.force(source.bytes());
  OIIS_RETURN_IF_ERROR(rejects.close());
  if (writing && (report.rows_rejected == 0 || options.skip_invalid)) {
    OIIS_RETURN_IF_ERROR(bulk.commit());
    report.committed = true;
  }
  return report;
}

template <typename T>
Result<ImportReport> import_typed(Store& store, std::unique_ptr<ByteSource> in,
                                  const ImportOptions& options, ImportReport report) {
  const bool keep_raw = !options.rejects_path.empty();
  if (options.format == ImportFormat::kJsonl) {
    JsonlSource<T> source(std::move(in), keep_raw);
    return import_entity<T>(store, source, options, std::move(report));
  }
  CsvSource<T> source(std::move(in), keep_raw);
  return import_entity<T>(store, source, options, std::move(report));
}

Result<ImportReport> dispatch(Store& store, std::unique_ptr<ByteSource> in, const ImportOptions& o,
                              ImportReport r) {
  switch (o.entity) {
    case Entity::kProducts:
      return import_typed<Product>(store, std::move(in), o, std::move(r));
    case Entity::kSuppliers:
      return import_typed<Supplier>(store, std::move(in), o, std::move(r));
    case Entity::kCustomers:
      return import_typed<Customer>(store, std::move(in), o, std::move(r));
    case Entity::kLocations:
      return import_typed<Location>(store, std::move(in), o, std::move(r));
    case Entity::kOrders:
      return import_typed<Order>(store, std::move(in), o, std::move(r));
    case Entity::kStock:
      return import_typed<StockLevel>(store, std::move(in), o, std::move(r));
    case Entity::kMovements:
      return import_typed<StockMovement>(store, std::move(in), o, std::move(r));
    case Entity::kPriceChanges:
      return import_typed<PriceChange>(store, std::move(in), o, std::move(r));
    case Entity::kPurchaseOrders:
      return import_typed<PurchaseOrder>(store, std::move(in), o, std::move(r));
  }
  return internal_error("unhandled entity");
}

std::string_view format_name(ImportFormat f) {
  switch (f) {
    case ImportFormat::kCsv:
      return "csv";
    case ImportFormat::kJsonl:
      return "jsonl";
    case ImportFormat::kOnlineRetail:
      return "online-retail";
  }
  return "unknown";
}

}  // namespace

Result<ImportFormat> parse_import_format(std::string_view name) {
  if (name == "csv") return ImportFormat::kCsv;
  if (name == "jsonl") return ImportFormat::kJsonl;
  if (name == "online-retail") return ImportFormat::kOnlineRetail;
  return invalid_argument(
      "unknown format '" + std::string(name) + "' (expected csv, jsonl or online-retail)",
      "format");
}

Result<ImportReport> import_from(Store& store, const SourceOpener& open, const std::string& name,
                                 const ImportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ImportReport report;
  report.file = name;
  report.format = format_name(options.format);
  auto run = [&]() -> Result<ImportReport> {
    if (options.format == ImportFormat::kOnlineRetail) {
      report.entity = "online-retail";
      return import_online_retail(store, open, options, std::move(report));
    }
    report.entity = to_string(options.entity);
    auto in = open();
    if (!in) return in.status();
    return dispatch(store, std::move(in).value(), options, std::move(report));
  };
  Result<ImportReport> result = run();
  if (result)
    result->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (options.progress) options.progress->finish();
  return result;
}

Result<ImportReport> import_file(Store& store, const std::string& path,
                                 const ImportOptions& options) {
  if (path == "-" && options.format == ImportFormat::kOnlineRetail)
    return invalid_argument("online-retail reads its input twice: give a file, not stdin", "file");
  return import_from(
      store, [&] { return open_file_source(path); }, path, options);
}

}  // namespace oiis
