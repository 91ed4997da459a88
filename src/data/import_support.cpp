#include "data/import_support.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "data/csv.h"

namespace oiis::import_detail {

Status load_catalog(Store& store, unsigned parts, Catalog& c) {
  if (parts & kProductsPart) {
    OIIS_RETURN_IF_ERROR(
        for_each_page([&](const PageRequest& p) { return store.list_products({}, p); },
                      [&](const Product& p) {
                        c.sku_to_id.emplace(p.sku, p.id);
                        c.product_sku.emplace(p.id, p.sku);
                      }));
  }
  if (parts & kSuppliersPart) {
    OIIS_RETURN_IF_ERROR(
        for_each_page([&](const PageRequest& p) { return store.list_suppliers({}, p); },
                      [&](const Supplier& s) { c.supplier_ids.insert(s.id); }));
  }
  if (parts & kCustomersPart) {
    OIIS_RETURN_IF_ERROR(
        for_each_page([&](const PageRequest& p) { return store.list_customers({}, p); },
                      [&](const Customer& cu) {
                        c.customer_ids.insert(cu.id);
                        if (!cu.external_id.empty())
                          c.customer_by_external_id.emplace(cu.external_id, cu.id);
                      }));
  }
  if (parts & kLocationsPart) {
    auto locations = store.list_locations();
    if (!locations) return locations.status();
    for (const Location& l : *locations) {
      c.location_ids.insert(l.id);
      c.location_by_code.emplace(l.code, l.id);
      if (c.default_location == 0 || l.id < c.default_location) c.default_location = l.id;
    }
  }
  if (parts & kOrdersPart) {
    auto stats = store.stats();
    if (!stats) return stats.status();
    if (stats->orders > 0) {
      OIIS_RETURN_IF_ERROR(store.scan_orders({}, [&](const Order& o) {
        c.order_ids.insert(o.id);
        if (!o.external_id.empty()) c.order_external_ids.insert(o.external_id);
        return true;
      }));
    }
  }
  return Status::ok();
}

RejectSink::~RejectSink() {
  if (file_) std::fclose(file_);
}

Status RejectSink::open(const std::string& path) {
  if (path.empty()) return Status::ok();
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_)
    return invalid_argument("cannot write rejects file '" + path + "': " + std::strerror(errno),
                            "rejects");
  path_ = path;
  static const char kHeader[] = "line,reason,field,raw\n";
  std::fwrite(kHeader, 1, sizeof kHeader - 1, file_);
  return Status::ok();
}

void RejectSink::reject(std::int64_t line, std::int64_t rows, const std::string& reason_key,
                        const std::string& field, const std::string& reason, std::string_view raw,
                        bool invalid) {
  report_.rows_rejected += rows;
  if (invalid) report_.rows_invalid += rows;
  report_.rejected_by_reason[reason_key] += rows;
  if (report_.first_rejections.size() < kFirstRejections)
    report_.first_rejections.push_back({line, field, reason});
  if (!file_) return;
  buffer_.clear();
  buffer_ += std::to_string(line);
  buffer_ += ',';
  append_csv_field(buffer_, reason);
  buffer_ += ',';
  append_csv_field(buffer_, field);
  buffer_ += ',';
  // The raw record without its final newline (multi-row orders keep their inner ones).
  if (!raw.empty() && raw.back() == '\n') raw.remove_suffix(1);
  append_csv_field(buffer_, raw);
  buffer_ += '\n';
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) write_failed_ = true;
}

Status RejectSink::close() {
  if (!file_) return Status::ok();
  const bool failed = std::fclose(file_) != 0 || write_failed_;
  file_ = nullptr;
  if (failed) return internal_error("writing rejects file '" + path_ + "' failed");
  return Status::ok();
}

}  // namespace oiis::import_detail
