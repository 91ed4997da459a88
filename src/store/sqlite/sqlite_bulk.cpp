// BulkWriter: one long transaction on the write connection, borrowed from the writer thread
// for the writer's lifetime (other writes queue meanwhile; readers carry on and see nothing
// until commit).
#include <type_traits>
#include <vector>

#include "common/time.h"
#include "domain/validation.h"
#include "store/sqlite/sqlite_store_impl.h"

namespace oiis::sqlite {
namespace {

// Page cache while loading: large enough that index pages for ~1M rows stay in memory instead
// of spilling to the WAL mid-transaction. Restored when the load ends.
constexpr const char* kBulkCacheSize = "PRAGMA cache_size = -524288";  // 512 MiB
constexpr const char* kNormalCacheSize = "PRAGMA cache_size = -65536";

class SqliteBulkWriter final : public BulkWriter {
 public:
  explicit SqliteBulkWriter(std::unique_ptr<WriteQueue::ExclusiveLease> lease)
      : lease_(std::move(lease)), c_(lease_->connection()) {
    c_.exec(kBulkCacheSize);
    c_.exec("BEGIN IMMEDIATE");
    defer_secondary_indexes();
  }

  ~SqliteBulkWriter() override {
    if (!finished_ && c_.in_transaction()) {
      try {
        c_.exec("ROLLBACK");
      } catch (const SqliteError&) {
        // the lease's release path rolls back whatever is still open
      }
    }
    restore_cache();
  }

  Result<Id> add_supplier(const Supplier& s) override { return add_validated(s); }
  Result<Id> add_product(const Product& p) override { return add_validated(p); }
  Result<Id> add_customer(const Customer& cu) override { return add_validated(cu); }
  Result<Id> add_location(const Location& l) override { return add_validated(l); }
  Result<Id> add_movement(const StockMovement& m) override { return add_row(m); }
  Result<Id> add_price_change(const PriceChange& pc) override { return add_row(pc); }

  Result<Id> add_order(const Order& o) override {
    for (size_t i = 0; i < o.lines.size(); ++i)
      if (o.lines[i].product_id <= 0)
        return invalid_argument("product_id is required",
                                "lines[" + std::to_string(i) + "].product_id");
    return with_children(o, "order_lines", [&](Id id, std::vector<Id>& inserted) {
      for (OrderLine line : o.lines) {
        line.order_id = id;
        inserted.push_back(insert_row(c_, line));
      }
    });
  }

  Result<Id> add_purchase_order(const PurchaseOrder& po) override {
    OIIS_RETURN_IF_ERROR(validate(po));
    return with_children(po, "purchase_order_lines", [&](Id id, std::vector<Id>& inserted) {
      for (PurchaseOrderLine line : po.lines) {
        line.purchase_order_id = id;
        inserted.push_back(insert_row(c_, line));
      }
    });
  }

  Status set_stock(const StockLevel& level) override {
    return guarded([&]() -> Result<Id> {
             auto s = c_.prepare(Mapping<StockLevel>::kUpsert);
             Mapping<StockLevel>::bind(*s, level);
             s->run();
             return Id{0};
           })
        .status();
  }

  Status commit() override {
    if (finished_) return failed_precondition("bulk writer already finished");
    OIIS_RETURN_IF_ERROR(usable());
    try {
      for (const std::string& create_index : deferred_indexes_) c_.exec(create_index);
      c_.run(kBumpDataVersion);
      c_.exec("COMMIT");
    } catch (const SqliteError& e) {
      return to_status(e);
    }
    finished_ = true;
    restore_cache();
    Status durable = lease_->make_durable();  // COMMIT did not fsync (synchronous=NORMAL)
    lease_.reset();  // let queued writes run again
    return durable;
  }

 private:
  template <typename T>
  Result<Id> add_validated(const T& v) {
    OIIS_RETURN_IF_ERROR(validate(v));
    return add_row(v);
  }

  template <typename T>
  Result<Id> add_row(const T& v) {
    return guarded([&]() -> Result<Id> { return insert_row(c_, v); });
  }

  // Inserts a parent row and its children as one unit: when a child fails, the rows already
  // inserted are deleted again. (A SAVEPOINT per parent would do the same but makes a long
  // transaction several times slower: every page it touches goes to the statement journal.)
  template <typename T, typename Children>
  Result<Id> with_children(const T& parent, std::string_view child_table,
                           Children&& insert_children) {
    return guarded([&]() -> Result<Id> {
      Id id = insert_row(c_, parent);
      std::vector<Id> inserted;
      try {
        insert_children(id, inserted);
      } catch (const SqliteError&) {
        if (!c_.in_transaction()) throw;
        for (Id child : inserted)
          c_.run("DELETE FROM " + std::string(child_table) + " WHERE id = ?1", child);
        c_.run("DELETE FROM " + std::string(table_of<T>()) + " WHERE id = ?1", id);
        throw;
      }
      return id;
    });
  }

  template <typename T>
  static constexpr std::string_view table_of() {
    if constexpr (std::is_same_v<T, Order>)
      return "orders";
    else
      return "purchase_orders";
  }

  // Maintaining secondary indexes row by row halves the insert rate of a large load; building
  // them once at the end is much cheaper. That pays only while a table starts empty (else the
  // rebuild covers all old rows too), so only empty tables' non-unique indexes are dropped here
  // and re-created just before COMMIT. Both happen inside the transaction: a rollback restores
  // the indexes, and readers never see the schema without them. Unique indexes stay, so
  // duplicates are still reported on the row that causes them.
  void defer_secondary_indexes() {
    for (const char* table : {"orders", "order_lines", "stock_movements", "price_changes"}) {
      if (c_.query_int("SELECT 1 FROM " + std::string(table) + " LIMIT 1")) continue;
      std::vector<std::string> names;
      {
        auto s = c_.prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND "
            "sql LIKE 'CREATE INDEX %'");
        s->bind(1, table);
        while (s->step()) {
          names.push_back(s->text(0));
          deferred_indexes_.push_back(s->text(1));
        }
      }  // statement reset before the schema changes
      for (const auto& name : names) c_.exec("DROP INDEX \"" + name + "\"");
    }
  }

  // Runs one insert; a failed statement is undone alone and the load goes on. If SQLite had to
  // abandon the whole transaction (I/O error, disk full) the writer refuses further work.
  template <typename Fn>
  Result<Id> guarded(Fn&& fn) {
    OIIS_RETURN_IF_ERROR(usable());
    try {
      return fn();
    } catch (const SqliteError& e) {
      if (!c_.in_transaction()) broken_ = true;
      return to_status(e);
    }
  }

  Status usable() const {
    if (finished_) return failed_precondition("bulk writer already committed");
    if (broken_) return internal_error("bulk load aborted by an earlier storage error");
    return Status::ok();
  }

  void restore_cache() {
    try {
      if (lease_) c_.exec(kNormalCacheSize);
    } catch (const SqliteError&) {
    }
  }

  std::unique_ptr<WriteQueue::ExclusiveLease> lease_;
  Connection& c_;
  bool finished_ = false;
  bool broken_ = false;
  std::vector<std::string> deferred_indexes_;  // CREATE INDEX statements to run at commit
};

}  // namespace

Result<std::unique_ptr<BulkWriter>> SqliteStore::begin_bulk() {
  auto lease = writes_->acquire_exclusive();
  if (!lease) return lease.status();
  try {
    return std::unique_ptr<BulkWriter>(new SqliteBulkWriter(std::move(*lease)));
  } catch (const SqliteError& e) {
    return to_status(e);
  }
}

}  // namespace oiis::sqlite
