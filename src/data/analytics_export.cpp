#include "data/analytics_export.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "data/csv.h"
#include "data/gzip_file.h"
#include "data/import_support.h"

namespace oiis {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ColumnType {
  const char* name;
  const char* type;  // BIGINT, INTEGER, DOUBLE, VARCHAR, TIMESTAMP (UTC)
};

// The columns of each table, in the order the row writers below append them.
const std::vector<ColumnType> kOrderColumns = {
    {"order_id", "BIGINT"},    {"external_id", "VARCHAR"}, {"customer_id", "BIGINT"},
    {"location_id", "BIGINT"}, {"status", "VARCHAR"},      {"payment_method", "VARCHAR"},
    {"channel", "VARCHAR"},    {"placed_at", "TIMESTAMP"}, {"fulfilled_at", "TIMESTAMP"},
    {"lines", "INTEGER"},      {"units", "BIGINT"},        {"total", "DOUBLE"}};
const std::vector<ColumnType> kOrderLineColumns = {
    {"order_id", "BIGINT"}, {"line_id", "BIGINT"},     {"product_id", "BIGINT"},
    {"sku", "VARCHAR"},     {"quantity", "BIGINT"},    {"unit_price", "DOUBLE"},
    {"discount", "DOUBLE"}, {"placed_at", "TIMESTAMP"}};
const std::vector<ColumnType> kMovementColumns = {
    {"movement_id", "BIGINT"}, {"product_id", "BIGINT"},        {"location_id", "BIGINT"},
    {"type", "VARCHAR"},       {"quantity", "BIGINT"},          {"reason", "VARCHAR"},
    {"order_id", "BIGINT"},    {"purchase_order_id", "BIGINT"}, {"at", "TIMESTAMP"}};

// "2024-03-05 14:07:09": the layout every CSV reader takes for a timestamp without asking.
std::string sql_time(Timestamp ts) {
  std::string t = format_timestamp(ts);
  if (t.size() == 20 && t[10] == 'T' && t[19] == 'Z') {
    t[10] = ' ';
    t.pop_back();
  }
  return t;
}

// Appends the cells of one row, comma-separated, then a newline.
class RowBuilder {
 public:
  explicit RowBuilder(std::string& out) : out_(out) {}
  RowBuilder& text(std::string_view v) {
    sep();
    append_csv_field(out_, v);
    return *this;
  }
  template <typename N>
  RowBuilder& number(N v) {
    sep();
    if constexpr (std::is_floating_point_v<N>) {
      char buf[32];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
      out_.append(buf, end);
    } else {
      out_ += std::to_string(v);
    }
    return *this;
  }
  template <typename N>
  RowBuilder& maybe(const std::optional<N>& v) {
    if (!v) return text("");
    return number(*v);
  }
  RowBuilder& time(std::optional<Timestamp> ts) { return text(ts ? sql_time(*ts) : ""); }
  void end() { out_ += '\n'; }

 private:
  void sep() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

// One table's file of one month, written beside its final name and renamed over it.
class MonthPart {
 public:
  static Result<std::unique_ptr<MonthPart>> open(const fs::path& out_dir, const std::string& table,
                                                 const std::string& month,
                                                 const std::vector<ColumnType>& columns) {
    auto part = std::unique_ptr<MonthPart>(new MonthPart);
    part->file_.table = table;
    part->file_.month = month;
    part->file_.path = table + "/month=" + month + "/part-0.csv.gz";
    part->final_ = out_dir / part->file_.path;
    part->temp_ = part->final_.parent_path() / ".part-0.csv.gz.tmp";
    std::error_code ec;
    fs::create_directories(part->final_.parent_path(), ec);
    if (ec)
      return invalid_argument("cannot create '" + part->final_.parent_path().string() + "'",
                              "--out");
    auto gz = GzipFile::create(part->temp_.string(), "--out");
    if (!gz) return gz.status();
    part->gz_ = std::move(*gz);
    RowBuilder header(part->gz_->buffer());
    for (const auto& c : columns) header.text(c.name);
    header.end();
    return part;
  }
  ~MonthPart() {
    std::error_code ignored;
    if (gz_) fs::remove(temp_, ignored);  // not finished: leave the old month as it was
  }
  std::string& row() { return gz_->buffer(); }
  Status row_done() {
    ++file_.rows;
    return gz_->flush_if_full();
  }
  Result<AnalyticsFile> finish() {
    Status closed = gz_->close();
    gz_.reset();
    std::error_code ec;
    if (closed.is_ok()) fs::rename(temp_, final_, ec);
    if (!closed.is_ok() || ec) {
      fs::remove(temp_, ec);
      return closed.is_ok() ? internal_error("cannot rename to '" + final_.string() + "'") : closed;
    }
    file_.bytes = static_cast<std::int64_t>(fs::file_size(final_, ec));
    return file_;
  }

 private:
  MonthPart() = default;
  AnalyticsFile file_;
  fs::path final_, temp_;
  std::unique_ptr<GzipFile> gz_;
};

void append_order(std::string& out, const Order& o) {
  Quantity units = 0;
  for (const auto& l : o.lines) units += l.quantity;
  RowBuilder(out)
      .number(o.id)
      .text(o.external_id)
      .maybe(o.customer_id)
      .number(o.location_id)
      .text(to_string(o.status))
      .text(o.payment_method)
      .text(o.channel)
      .time(o.placed_at)
      .time(o.fulfilled_at)
      .number(static_cast<int>(o.lines.size()))
      .number(units)
      .number(o.total())
      .end();
}

void append_order_line(std::string& out, const Order& o, const OrderLine& l) {
  RowBuilder(out)
      .number(o.id)
      .number(l.id)
      .number(l.product_id)
      .text(l.sku)
      .number(l.quantity)
      .number(l.unit_price)
      .number(l.discount)
      .time(o.placed_at)
      .end();
}

void append_movement(std::string& out, const StockMovement& m) {
  RowBuilder(out)
      .number(m.id)
      .number(m.product_id)
      .number(m.location_id)
      .text(to_string(m.type))
      .number(m.quantity)
      .text(m.reason)
      .maybe(m.order_id)
      .maybe(m.purchase_order_id)
      .time(m.at)
      .end();
}

Timestamp month_start(const YearMonth& m) {
  return timestamp_of(date_from_civil(m.year, m.month, 1));
}
YearMonth next_month(const YearMonth& m) {
  return m.month == 12 ? YearMonth{m.year + 1, 1} : YearMonth{m.year, m.month + 1};
}
YearMonth month_of(Timestamp ts) {
  CivilDate d = civil_from_date(date_of(ts));
  return {d.year, d.month};
}

// Writes the three files of one month; returns them.
Result<std::vector<AnalyticsFile>> export_month(Store& store, const fs::path& out,
                                                const YearMonth& m) {
  const std::string month = to_string(m);
  auto orders = MonthPart::open(out, "orders", month, kOrderColumns);
  if (!orders) return orders.status();
  auto lines = MonthPart::open(out, "order_lines", month, kOrderLineColumns);
  if (!lines) return lines.status();
  auto moves = MonthPart::open(out, "stock_movements", month, kMovementColumns);
  if (!moves) return moves.status();
  OrderFilter of;
  of.placed_from = month_start(m);
  of.placed_to = month_start(next_month(m));
  Status written;
  OIIS_RETURN_IF_ERROR(store.scan_orders(of, [&](const Order& o) {
    append_order((*orders)->row(), o);
    written = (*orders)->row_done();
    for (const auto& l : o.lines) {
      if (!written.is_ok()) break;
      append_order_line((*lines)->row(), o, l);
      written = (*lines)->row_done();
    }
    return written.is_ok();
  }));
  OIIS_RETURN_IF_ERROR(written);
  MovementFilter mf;
  mf.from = of.placed_from;
  mf.to = of.placed_to;
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& r) { return store.list_movements(mf, r); },
      [&](const StockMovement& mv) {
        if (!written.is_ok()) return;
        append_movement((*moves)->row(), mv);
        written = (*moves)->row_done();
      }));
  OIIS_RETURN_IF_ERROR(written);
  std::vector<AnalyticsFile> files;
  for (auto* part : {orders->get(), lines->get(), moves->get()}) {
    auto file = part->finish();
    if (!file) return file.status();
    files.push_back(std::move(*file));
  }
  return files;
}

json columns_json(const std::vector<ColumnType>& columns) {
  json out = json::array();
  for (const auto& c : columns) out.push_back({{"name", c.name}, {"type", c.type}});
  return out;
}

// The manifest: the earlier one's files of other months, this run's, and the columns.
Status write_manifest(const fs::path& out, const std::vector<AnalyticsFile>& written,
                      const YearMonth& from, const YearMonth& to) {
  const fs::path path = out / "manifest.json";
  json files = json::array();
  if (std::ifstream in(path); in) {
    json earlier = json::parse(in, nullptr, false);
    if (earlier.is_object() && earlier["files"].is_array())
      for (const auto& f : earlier["files"]) {
        auto m = parse_year_month(f.value("month", ""), "month");
        if (m && (*m < from || to < *m)) files.push_back(f);
      }
  }
  for (const auto& f : written)
    files.push_back({{"table", f.table},
                     {"month", f.month},
                     {"path", f.path},
                     {"rows", f.rows},
                     {"bytes", f.bytes}});
  json manifest = {{"format", "csv.gz"},
                   {"header", true},
                   {"null", ""},
                   {"timezone", "UTC"},
                   {"partitioned_by", "month"},
                   {"tables",
                    {{"orders", columns_json(kOrderColumns)},
                     {"order_lines", columns_json(kOrderLineColumns)},
                     {"stock_movements", columns_json(kMovementColumns)}}},
                   {"files", std::move(files)}};
  const fs::path temp = out / ".manifest.json.tmp";
  {
    std::ofstream o(temp, std::ios::trunc);
    o << manifest.dump(2) << '\n';
    if (!o) return internal_error("cannot write '" + temp.string() + "'");
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) return internal_error("cannot rename to '" + path.string() + "': " + ec.message());
  return Status::ok();
}

// The months to export: the options' range, else the orders' first to last month.
Result<std::pair<YearMonth, YearMonth>> month_range(Store& store, const AnalyticsExportOptions& o) {
  std::optional<YearMonth> from = o.from, to = o.to;
  if (!from || !to) {
    auto stats = store.stats();
    if (!stats) return stats.status();
    if (!stats->first_order_at) {
      if (!from && !to)
        return invalid_argument("the store holds no orders: give --from and --to", "--from");
      from = from ? from : to;
      to = to ? to : from;
    } else {
      if (!from) from = month_of(*stats->first_order_at);
      if (!to) to = month_of(*stats->last_order_at);
    }
  }
  if (*to < *from) return invalid_argument("--to is before --from", "--to");
  return std::make_pair(*from, *to);
}

}  // namespace

Result<YearMonth> parse_year_month(std::string_view text, const std::string& field) {
  auto bad = [&] {
    return invalid_argument(field + " must be a month as YYYY-MM, got '" + std::string(text) + "'",
                            field);
  };
  if (text.size() != 7 || text[4] != '-') return bad();
  YearMonth m;
  auto [y_end, y_ec] = std::from_chars(text.data(), text.data() + 4, m.year);
  auto [m_end, m_ec] = std::from_chars(text.data() + 5, text.data() + 7, m.month);
  if (y_ec != std::errc() || y_end != text.data() + 4 || m_ec != std::errc() ||
      m_end != text.data() + 7 || m.year < 1970 || m.month < 1 || m.month > 12)
    return bad();
  return m;
}

std::string to_string(const YearMonth& m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", m.year, m.month);
  return buf;
}

Result<AnalyticsExportSummary> export_analytics(Store& store, const AnalyticsExportOptions& options,
                                                ProgressSink* progress) {
  if (options.out_dir.empty()) return invalid_argument("--out is required", "--out");
  const fs::path out(options.out_dir);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out))
    return invalid_argument("cannot create the folder '" + options.out_dir + "'", "--out");
  auto range = month_range(store, options);
  if (!range) return range.status();
  const auto [from, to] = *range;
  AnalyticsExportSummary summary;
  int total = 0;
  for (YearMonth m = from; !(to < m); m = next_month(m)) ++total;
  for (YearMonth m = from; !(to < m); m = next_month(m)) {
    auto files = export_month(store, out, m);
    if (!files) return files.status();
    summary.files.insert(summary.files.end(), files->begin(), files->end());
    ++summary.months;
    if (progress) progress->update(summary.months, total);
  }
  OIIS_RETURN_IF_ERROR(write_manifest(out, summary.files, from, to));
  if (progress) progress->finish();
  return summary;
}

}  // namespace oiis
