// PostgreSQL BulkWriter: rows are buffered per table and streamed with COPY inside one
// transaction. Foreign keys are deferred to commit, so rows may be added in any order.
#include <array>
#include <map>
#include <sstream>
#include <unordered_set>

#include "domain/validation.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_store.h"

namespace oiis::pg {
namespace {

// Any constant; only one bulk writer may hold it per database.
constexpr std::int64_t kBulkLockKey = 0x6f696973'62756c6b;  // "oiisbulk"
constexpr size_t kFlushRows = 20000;

std::vector<std::string> split_columns(const char* cols) {
  std::vector<std::string> out;
  std::stringstream in(cols);
  for (std::string c; std::getline(in, c, ',');) out.push_back(c.substr(c.find_first_not_of(' ')));
  return out;
}

// Rows of one table waiting for COPY, each the id followed by the entity's `*_values`.
template <typename Values>
class CopyBuffer {
 public:
  using Row = decltype(std::tuple_cat(std::make_tuple(Id{}), std::declval<Values>()));
  CopyBuffer(const char* table, const char* cols) : table_(table), columns_(split_columns(cols)) {}

  void add(Id id, const Values& values) {
    rows_.push_back(std::tuple_cat(std::make_tuple(id), values));
  }
  size_t size() const { return rows_.size(); }
  void flush(pqxx::work& txn) {
    if (rows_.empty()) return;
    pqxx::stream_to copy(txn, table_, columns_);
    for (const auto& row : rows_) copy << row;
    copy.complete();
    rows_.clear();
  }

 private:
  const char* table_;
  std::vector<std::string> columns_;
  std::vector<Row> rows_;
};

// Hands out ids: given ones are kept, the rest continue after the highest seen.
class IdCounter {
 public:
  void start_after(Id max_existing) { next_ = max_existing + 1; }
  Id take(Id given) {
    if (given == 0) return next_++;
    next_ = std::max(next_, given + 1);
    return given;
  }

 private:
  Id next_ = 1;
};

constexpr std::array<const char*, 10> kIdTables = {
    "suppliers",   "products",        "customers",     "locations",       "orders",
    "order_lines", "stock_movements", "price_changes", "purchase_orders", "purchase_order_lines"};

class PgBulkWriter final : public BulkWriter {
 public:
  explicit PgBulkWriter(ConnectionPool::Lease lease) : lease_(std::move(lease)) {}
  // An uncommitted transaction aborts when txn_ is destroyed, before the lease returns.
  ~PgBulkWriter() override = default;

  Status start();
  Result<Id> add_supplier(const Supplier& s) override;
  Result<Id> add_product(const Product& p) override;
  Result<Id> add_customer(const Customer& c) override;
  Result<Id> add_location(const Location& l) override;
  Result<Id> add_order(const Order& o) override;
  Result<Id> add_movement(const StockMovement& m) override;
  Result<Id> add_price_change(const PriceChange& c) override;
  Result<Id> add_purchase_order(const PurchaseOrder& po) override;
  Status set_stock(const StockLevel& level) override;
  Status commit() override;

 private:
  enum Table {
    kSuppliers,
    kProducts,
    kCustomers,
    kLocations,
    kOrders,
    kOrderLines,
    kMovements,
    kPriceChanges,
    kPurchaseOrders,
    kPoLines
  };

  // Unique keys must fail at add time, as single inserts do, though COPY only runs later:
  // remember the keys of this load, and for the small catalog tables also ask the database.
  struct UniqueKey {
    const char* field;
    const char* existing_sql;  // "SELECT 1 FROM t WHERE col = $1", or null: checked at commit
    std::unordered_set<std::string> seen;
  };
  Status claim(UniqueKey& key, const std::string& value);

  Status usable() const;
  Status flush_if_full();
  void flush_all();  // parents first, though deferred keys would accept any order
  void merge_stock();
  void finish_load();
  Status fail(const std::exception& e);

  ConnectionPool::Lease lease_;
  std::unique_ptr<pqxx::work> txn_;
  std::array<IdCounter, kIdTables.size()> ids_;
  bool lines_without_sku_ = false;
  CopyBuffer<decltype(supplier_values({}))> suppliers_{"suppliers", kSupplierCols};
  CopyBuffer<decltype(product_values({}))> products_{"products", kProductCols};
  CopyBuffer<decltype(customer_values({}))> customers_{"customers", kCustomerCols};
  CopyBuffer<decltype(location_values({}))> locations_{"locations", kLocationCols};
  CopyBuffer<decltype(order_values({}))> orders_{"orders", kOrderCols};
  CopyBuffer<decltype(order_line_values({}))> order_lines_{"order_lines", kOrderLineCols};
  CopyBuffer<decltype(purchase_order_values({}))> pos_{"purchase_orders", kPurchaseOrderCols};
  CopyBuffer<decltype(po_line_values({}))> po_lines_{"purchase_order_lines", kPoLineCols};
  CopyBuffer<decltype(movement_values({}))> movements_{"stock_movements", kMovementCols};
  CopyBuffer<decltype(price_change_values({}))> price_changes_{"price_changes", kPriceChangeCols};
  std::map<std::pair<Id, Id>, StockLevel> stock_;  // last set_stock per level wins
  UniqueKey skus_{"sku", "SELECT 1 FROM products WHERE sku = $1", {}};
  UniqueKey location_codes_{"code", "SELECT 1 FROM locations WHERE code = $1", {}};
  UniqueKey customer_external_ids_{"external_id", nullptr, {}};
  UniqueKey order_external_ids_{"external_id", nullptr, {}};
};

Status PgBulkWriter::claim(UniqueKey& key, const std::string& value) {
  if (value.empty()) return Status::ok();  // optional keys are unique only when set
  bool taken = !key.seen.insert(value).second;
  if (!taken && key.existing_sql) {
    try {
      taken = !txn_->exec_params(key.existing_sql, value).empty();
    } catch (const std::exception& e) {
      return fail(e);
    }
    if (taken) key.seen.erase(value);
  }
  if (taken)
    return already_exists(std::string(key.field) + " '" + value + "' already exists", key.field);
  return Status::ok();
}

Status PgBulkWriter::start() {
  try {
    txn_ = std::make_unique<pqxx::work>(lease_.conn());
    if (!txn_->exec_params1("SELECT pg_try_advisory_xact_lock($1)", kBulkLockKey)[0].as<bool>()) {
      txn_.reset();
      return failed_precondition("another bulk load into this database is in progress");
    }
    txn_->exec("SET CONSTRAINTS ALL DEFERRED");
    std::string sql = "SELECT ";
    for (size_t i = 0; i < kIdTables.size(); ++i)
      sql += std::string(i ? ", " : "") + "(SELECT COALESCE(MAX(id), 0) FROM " + kIdTables[i] + ")";
    auto row = txn_->exec1(sql);
    for (size_t i = 0; i < kIdTables.size(); ++i)
      ids_[i].start_after(row[static_cast<int>(i)].as<Id>());
    // Loading into empty tables (the usual case) needs no round trip per key.
    if (row[kProducts].as<Id>() == 0) skus_.existing_sql = nullptr;
    if (row[kLocations].as<Id>() == 0) location_codes_.existing_sql = nullptr;
    return Status::ok();
  } catch (const std::exception& e) {
    return fail(e);
  }
}

Status PgBulkWriter::usable() const {
  return txn_ ? Status::ok()
              : failed_precondition("this bulk writer is already committed or failed");
}

Status PgBulkWriter::fail(const std::exception& e) {
  txn_.reset();
  lease_.discard();
  return status_from_exception(e);
}

Status PgBulkWriter::flush_if_full() {
  size_t rows = suppliers_.size() + products_.size() + customers_.size() + locations_.size() +
                orders_.size() + order_lines_.size() + pos_.size() + po_lines_.size() +
                movements_.size() + price_changes_.size();
  if (rows < kFlushRows) return Status::ok();
  try {
    flush_all();
    return Status::ok();
  } catch (const std::exception& e) {
    return fail(e);
  }
}

void PgBulkWriter::flush_all() {
  suppliers_.flush(*txn_);
  products_.flush(*txn_);
  customers_.flush(*txn_);
  locations_.flush(*txn_);
  orders_.flush(*txn_);
  order_lines_.flush(*txn_);
  pos_.flush(*txn_);
  po_lines_.flush(*txn_);
  movements_.flush(*txn_);
  price_changes_.flush(*txn_);
}

Result<Id> PgBulkWriter::add_supplier(const Supplier& s) {
  OIIS_RETURN_IF_ERROR(usable());
  OIIS_RETURN_IF_ERROR(validate(s));
  Id id = ids_[kSuppliers].take(s.id);
  suppliers_.add(id, supplier_values(s));
  OIIS_RETURN_IF_ERROR(flush_if_full());
  return id;
}

Result<Id> PgBulkWriter::add_product(const Product& p) {
  OIIS_RETURN_IF_ERROR(usable());
  OIIS_RETURN_IF_ERROR(validate(p));
  OIIS_RETURN_IF_ERROR(claim(skus_, p.sku));
  Id id = ids_[kProducts].take(p.id);
  Product row = p;
  if (row.updated_at == 0) row.updated_at = row.created_at;
  products_.add(id, product_values(row));
  OIIS_RETURN_IF_ERROR(flush_if_full());
  return id;
}

Result<Id> PgBulkWriter::add_customer(const Customer& c) {
  OIIS_RETURN_IF_ERROR(usable());
  OIIS_RETURN_IF_ERROR(validate(c));
  OIIS_RETURN_IF_ERROR(claim(customer_external_ids_, c.external_id));
  Id id = ids_[kCustomers].take(c.id);
  customers_.add(id, customer_values(c));
  OIIS_RETURN_IF_ERROR(flush_if_full());
  return id;
}

Result<Id> PgBulkWriter::add_location(const Location& l) {
  OIIS_RETURN_IF_ERROR(usable());
  OIIS_RETURN_IF_ERROR(validate(l));
  OIIS_RETURN_IF_ERROR(claim(location_codes_, l.code));
  Id id = ids_[kLocations].take(l.id);
  locations_.add(id, location_values(l));
  OIIS_RETURN_IF_ERROR(flush_if_full());
  return id;
}

Result<Id> PgBulkWriter::add_order(const Order& o) {
  OIIS_RETURN_IF_ERROR(usable());
  if (o.location_id <= 0) return invalid_argument("location_id is required", "location_id");
  for (size_t i = 0; i < o.lines.size(); ++i)
    if (o.lines[i].product_id <= 0)
      return invalid_argument("product_id is required",
                              "lines[" + std::to_string(i) + "].product_id");
  OIIS_RETURN_IF_ERROR(claim(order_external_ids_, o.external_id));
  Id id = ids_[kOrders].take(o.id);
  orders_.add(id, order_values(o));
  for (OrderLine line : o.lines) {
    line.order_id = id;
    lines_without_sku_ = lines_without_sku_ || line.sku.empty();
    order_lines_.add(ids_[kOrderLines].take(line.id), order_line_values(line));
  }
  OIIS_RETURN_IF_ERROR(flush_if_full());
  return id;
}

Result<Id> PgBulkWriter::add_movement(const StockMovement& m) {
  OIIS_RETURN_IF_ERROR(usable());
  if (m.product_id <= 0) return invalid_argument("product_id is required", "product_id");
  if (m.location_id <= 0) return invalid_argument("location_id is required", "location_id");
  Id id = ids_[kMovements].take(m.id);
  movements_.add(id, movement_values(m));
  OIIS_RETURN_IF_ERROR(flush_if_full());
  return id;
}

Result<Id> PgBulkWriter::add_price_change(const PriceChange& c) {
  OIIS_RETURN_IF_ERROR(usable());
  if (c.product_id <= 0) return invalid_argument("product_id is required", "product_id");
  Id id = ids_[kPriceChanges].take(c.id);
  price_changes_.add(id, price_change_values(c));
  OIIS_RETURN_IF_ERROR(flush_if_full());
  return id;
}

Result<Id> PgBulkWriter::add_purchase_order(const PurchaseOrder& po) {
  OIIS_RETURN_IF_ERROR(usable());
  OIIS_RETURN_IF_ERROR(validate(po));
  if (po.location_id <= 0) return invalid_argument("location_id is required", "location_id");
  Id id = ids_[kPurchaseOrders].take(po.id);
  pos_.add(id, purchase_order_values(po));
  for (PurchaseOrderLine line : po.lines) {
    line.purchase_order_id = id;
    po_lines_.add(ids_[kPoLines].take(line.id), po_line_values(line));
  }
  OIIS_RETURN_IF_ERROR(flush_if_full());
  return id;
}

Status PgBulkWriter::set_stock(const StockLevel& level) {
  OIIS_RETURN_IF_ERROR(usable());
  if (level.product_id <= 0) return invalid_argument("product_id is required", "product_id");
  if (level.location_id <= 0) return invalid_argument("location_id is required", "location_id");
  stock_[{level.product_id, level.location_id}] = level;
  return Status::ok();
}

// COPY cannot upsert: stream the levels into a temporary table and merge from there.
void PgBulkWriter::merge_stock() {
  if (stock_.empty()) return;
  txn_->exec("CREATE TEMP TABLE bulk_stock (LIKE stock_levels) ON COMMIT DROP");
  {
    pqxx::stream_to copy(*txn_, "bulk_stock", split_columns(kStockCols));
    for (const auto& [key, level] : stock_) copy << stock_values(level);
    copy.complete();
  }
  txn_->exec(std::string("INSERT INTO stock_levels (") + kStockCols + ") SELECT " + kStockCols +
             " FROM bulk_stock ON CONFLICT (product_id, location_id) DO UPDATE SET "
             "on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved, "
             "on_order = EXCLUDED.on_order, updated_at = EXCLUDED.updated_at");
  stock_.clear();
}

// Fills denormalised skus and moves each id sequence past the highest id, so that ordinary
// inserts after the load do not collide with loaded ids.
void PgBulkWriter::finish_load() {
  if (lines_without_sku_)
    txn_->exec(
        "UPDATE order_lines l SET sku = p.sku FROM products p "
        "WHERE l.sku = '' AND p.id = l.product_id");
  for (const char* table : kIdTables)
    txn_->exec(std::string("SELECT setval(pg_get_serial_sequence('") + table +
               "', 'id'), COALESCE((SELECT MAX(id) FROM " + table + "), 1), (SELECT MAX(id) FROM " +
               table + ") IS NOT NULL)");
}

Status PgBulkWriter::commit() {
  OIIS_RETURN_IF_ERROR(usable());
  try {
    flush_all();
    merge_stock();
    finish_load();
    txn_->commit();  // deferred foreign keys are checked here
    txn_.reset();
    return Status::ok();
  } catch (const std::exception& e) {
    return fail(e);
  }
}

}  // namespace

Result<std::unique_ptr<BulkWriter>> PostgresStore::begin_bulk() {
  auto lease = lease_connection();
  if (!lease) return lease.status();
  auto writer = std::make_unique<PgBulkWriter>(std::move(lease).value());
  OIIS_RETURN_IF_ERROR(writer->start());
  return std::unique_ptr<BulkWriter>(std::move(writer));
}

}  // namespace oiis::pg
