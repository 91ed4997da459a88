// The entity importer's per-entity rules (data/importer.cpp's one loop calls them for every
// entity and format): check a decoded row (fill defaults, validate, resolve references, find
// duplicates against the store and the file so far), write it through the BulkWriter, and
// remember what was taken for later rows. Internal to the data module.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>

#include "common/status.h"
#include "data/import_schema.h"
#include "data/import_support.h"
#include "domain/types.h"
#include "store/store.h"

namespace oiis::import_detail {

struct ImportState {
  Catalog cat;
  std::unordered_set<Id> file_ids;  // ids given in the file, for entities not preloaded
  std::unordered_set<std::int64_t> stock_keys;
  StringSet order_keys;  // order external ids met in the file, taken or not
  Timestamp now = now_utc();
};

Status check(Supplier& row, ImportState& st);
Result<Id> write(BulkWriter& w, const Supplier& row);
void remember(const Supplier& row, Id id, ImportState& st);
Status check(Product& row, ImportState& st);
Result<Id> write(BulkWriter& w, const Product& row);
void remember(const Product& row, Id id, ImportState& st);
Status check(Customer& row, ImportState& st);
Result<Id> write(BulkWriter& w, const Customer& row);
void remember(const Customer& row, Id id, ImportState& st);
Status check(Location& row, ImportState& st);
Result<Id> write(BulkWriter& w, const Location& row);
void remember(const Location& row, Id id, ImportState& st);
Status check(Order& row, ImportState& st);
Result<Id> write(BulkWriter& w, const Order& row);
void remember(const Order& row, Id id, ImportState& st);
Status check(StockLevel& row, ImportState& st);
Result<Id> write(BulkWriter& w, const StockLevel& row);
void remember(const StockLevel& row, Id id, ImportState& st);
Status check(StockMovement& row, ImportState& st);
Result<Id> write(BulkWriter& w, const StockMovement& row);
void remember(const StockMovement& row, Id id, ImportState& st);
Status check(PriceChange& row, ImportState& st);
Result<Id> write(BulkWriter& w, const PriceChange& row);
void remember(const PriceChange& row, Id id, ImportState& st);
Status check(PurchaseOrder& row, ImportState& st);
Result<Id> write(BulkWriter& w, const PurchaseOrder& row);
void remember(const PurchaseOrder& row, Id id, ImportState& st);

// What each entity needs preloaded from the store.
unsigned catalog_parts(Entity e);

}  // namespace oiis::import_detail
