// BulkWriter: one long transaction on the write connection, borrowed from the writer thread
// for the writer's lifetime (other writes queue meanwhile; readers carry on and see nothing
// until commit).
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
    return with_children(o, [&](Id id) {
      for (OrderLine line : o.lines) {
        line.order_id = id;
        insert_row(c_, line);
      }
    });
  }

  Result<Id> add_purchase_order(const PurchaseOrder& po) override {
    OIIS_RETURN_IF_ERROR(validate(po));
    return with_children(po, [&](Id id) {
      for (PurchaseOrderLine line : po.lines) {
        line.purchase_order_id = id;
        insert_row(c_, line);
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
      c_.exec("COMMIT");
    } catch (const SqliteError& e) {
      return to_status(e);
    }
    finished_ = true;
    restore_cache();
    lease_.reset();  // let queued writes run again
    return Status::ok();
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

  // Inserts a parent row and its children as one unit: a failing child removes the parent too.
  template <typename T, typename Children>
  Result<Id> with_children(const T& parent, Children&& insert_children) {
    return guarded([&]() -> Result<Id> {
      c_.run("SAVEPOINT bulk_row");
      try {
        Id id = insert_row(c_, parent);
        insert_children(id);
        c_.run("RELEASE bulk_row");
        return id;
      } catch (const SqliteError&) {
        if (c_.in_transaction()) c_.exec("ROLLBACK TO bulk_row; RELEASE bulk_row");
        throw;
      }
    });
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
