// Pieces shared by the entity importer, the Online Retail importer and the exporter:
// catalogue lookups loaded from the store, the rejects sink, progress throttling, paging.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "common/progress.h"
#include "data/importer.h"
#include "store/store.h"

namespace oiis::import_detail {

struct StringHash {
  using is_transparent = void;  // lets string_view look up std::string keys, no allocation
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// What the store (and the file so far) already holds; sized by the catalogue.
struct Catalog {
  StringMap<Id> sku_to_id;
  std::unordered_map<Id, std::string> product_sku;  // id -> sku
  std::unordered_set<Id> supplier_ids;
  StringMap<Id> customer_by_external_id;
  std::unordered_set<Id> customer_ids;
  StringMap<Id> location_by_code;
  std::unordered_set<Id> location_ids;
  Id default_location = 0;  // lowest location id, like place_order's default
  StringSet order_external_ids;
  std::unordered_set<Id> order_ids;
};

enum CatalogPart : unsigned {
  kProductsPart = 1,
  kSuppliersPart = 2,
  kCustomersPart = 4,
  kLocationsPart = 8,
  kOrdersPart = 16,  // external ids and ids; scans orders only when the store has some
};
Status load_catalog(Store& store, unsigned parts, Catalog& catalog);

// Calls fn(item) for every item of a cursor-paginated list, 1000 at a time.
template <typename List, typename Fn>
Status for_each_page(List list, Fn fn) {
  PageRequest page;
  page.limit = 1000;
  for (;;) {
    auto result = list(page);
    if (!result) return result.status();
    for (const auto& item : result->items) fn(item);
    if (result->next_cursor.empty()) return Status::ok();
    page.cursor = result->next_cursor;
  }
}

// Collects rejections into the report (counts by reason, the first few) and streams them to
// the rejects file as CSV "line,reason,field,raw".
class RejectSink {
 public:
  explicit RejectSink(ImportReport& report) : report_(report) {}
  ~RejectSink();
  Status open(const std::string& path);  // empty: no file
  // `invalid`: an error that blocks an all-or-nothing import (vs. a policy exclusion).
  void reject(std::int64_t line, std::int64_t rows, const std::string& reason_key,
              const std::string& field, const std::string& reason, std::string_view raw,
              bool invalid = true);
  Status close();

 private:
  ImportReport& report_;
  std::FILE* file_ = nullptr;
  std::string path_, buffer_;
  bool write_failed_ = false;
};

// Feeds a ProgressSink at most every `every` calls, so hot loops can tick per row.
class ProgressTicker {
 public:
  explicit ProgressTicker(ProgressSink* sink, std::int64_t total, std::int64_t offset = 0)
      : sink_(sink), total_(total), offset_(offset) {}
  void tick(std::int64_t done) {
    if (sink_ && (++n_ & 1023) == 0) sink_->update(offset_ + done, total_);
  }
  void force(std::int64_t done) {
    if (sink_) sink_->update(offset_ + done, total_);
  }

 private:
  ProgressSink* sink_;
  std::int64_t total_, offset_, n_ = 0;
};

constexpr size_t kFirstRejections = 10;

}  // namespace oiis::import_detail
