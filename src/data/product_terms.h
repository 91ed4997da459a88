// Bulk purchasing terms for products already in the store: which supplier each is bought
// from, at what unit cost, in what pack size. An Online Retail import (or any sales export)
// leaves these empty; reorder plans and pricing need them. CSV with a header row:
//   sku (required), supplier_id or supplier_name, cost, pack_size (at least one of these)
// All-or-nothing: every row is checked first (unknown SKU or supplier, bad number, repeated
// SKU), and nothing is written unless all rows pass.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "data/csv.h"
#include "store/store.h"

namespace oiis {

struct ProductTermsReport {
  std::int64_t rows = 0, products_updated = 0, suppliers_set = 0, costs_set = 0, packs_set = 0;
  struct Rejection {
    std::int64_t line = 0;
    std::string field, reason;
  };
  std::vector<Rejection> rejections;  // every bad row (nothing written when not empty)
  bool committed() const { return rejections.empty(); }
  std::string to_text() const;
};

// Reads the CSV from `source` and, when every row passes, updates the products. kInvalidArgument
// naming the column for a header without `sku` or without any term column; store errors as
// they come. Row errors are in the report, not the status.
Result<ProductTermsReport> import_product_terms(Store& store, std::unique_ptr<ByteSource> source);

}  // namespace oiis
