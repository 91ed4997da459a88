// The one door to persistent state. Two backends implement it: SQLite (embedded default)
// and PostgreSQL (scale-out). Callers never see SQL. Start reading here.
//
// Thread-safety: every method may be called concurrently from many threads.
// Errors: kInvalidArgument (bad input, `field` set), kNotFound, kAlreadyExists, kConflict
// (e.g. short stock), kFailedPrecondition (illegal status change), kUnavailable, kInternal.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/types.h"

namespace oiis {

class ModelTables;  // store/model_tables.h
class AgentTables;  // store/agent_tables.h
class AlertTables;  // store/alert_tables.h

// Cursor pagination: `cursor` is opaque (empty = from the start); results are in id order.
struct PageRequest {
  std::string cursor;
  int limit = 50;  // clamped to 1..1000
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;  // empty when there is nothing more
};

struct ProductFilter {
  std::optional<std::string> category;
  std::optional<std::string> brand;
  std::optional<Id> supplier_id;
  std::optional<bool> active;
  std::optional<std::string> query;  // case-insensitive substring of sku or name
};

struct SupplierFilter {
  std::optional<std::string> query;  // substring of name
};

struct CustomerFilter {
  std::optional<std::string> region;
  std::optional<std::string> query;  // substring of name, email or external id
};

struct OrderFilter {
  std::optional<Id> customer_id;
  std::optional<OrderStatus> status;
  std::optional<std::string> channel;
  std::optional<Timestamp> placed_from;  // inclusive
  std::optional<Timestamp> placed_to;    // exclusive
};

struct StockFilter {
  std::optional<Id> product_id;
  std::optional<Id> location_id;
  std::optional<Quantity> max_available;  // only levels with available <= this
};

struct MovementFilter {
  std::optional<Id> product_id;
  std::optional<Id> location_id;
  std::optional<MovementType> type;
  std::optional<Timestamp> from;  // inclusive
  std::optional<Timestamp> to;    // exclusive
};

struct PurchaseOrderFilter {
  std::optional<Id> supplier_id;
  std::optional<PurchaseOrderStatus> status;
};

struct OrderRequestLine {
  std::string sku;
  Quantity quantity = 0;                // > 0
  std::optional<double> unit_price;     // default: the product's current price
  double discount = 0.0;                // money off the whole line, 0 <= discount <= qty*price
};

struct OrderRequest {
  std::optional<Id> customer_id;        // empty = guest order
  std::optional<Id> location_id;        // default: the first location (by id)
  std::string external_id;              // optional, unique when set
  std::string payment_method = "card";
  std::string channel = "web";
  std::optional<Timestamp> placed_at;   // default: now
  std::string idempotency_key;          // optional; a repeat returns the first order
  std::vector<OrderRequestLine> lines;  // 1..1000 lines
};

struct PlacedOrder {
  Order order;
  bool replayed = false;  // true when the idempotency key matched an earlier placement
};

// Stock change by hand. kAdjustment/kTransfer-free types only: kAdjustment adds `quantity`
// (signed) to on_hand; kCount sets on_hand to `quantity` and records the delta found;
// kReceipt adds a positive quantity. Never drives on_hand below zero (kConflict).
struct StockAdjustment {
  Id product_id = 0;
  Id location_id = 0;
  MovementType type = MovementType::kAdjustment;
  Quantity quantity = 0;
  std::string reason;  // required for adjustments
  std::optional<Timestamp> at;
};

struct ReceiptLine {
  Id product_id = 0;
  Quantity quantity = 0;  // > 0, at most what is still outstanding on that PO line
};

// A person's change to one line of a draft purchase order: its new quantity, 0 to drop it.
struct PurchaseOrderLineChange {
  Id line_id = 0;
  Quantity quantity = 0;
};

struct StoreStats {
  std::int64_t products = 0, suppliers = 0, customers = 0, locations = 0, orders = 0,
               order_lines = 0, stock_levels = 0, stock_movements = 0, price_changes = 0,
               purchase_orders = 0, outbox_events = 0;
  double revenue = 0.0;  // sum of line totals of orders not cancelled/returned
  std::optional<Timestamp> first_order_at, last_order_at;
  std::string backend;  // "sqlite" | "postgres"
};

// Fast, all-or-nothing loading for the generator and importers: one transaction, no stock
// checks, no outbox events, ids kept when given (non-zero) else assigned. Nothing is visible
// to readers until commit(); destroying an uncommitted writer rolls everything back.
// Not thread-safe: one thread drives a writer. Only one writer at a time per store.
class BulkWriter {
 public:
  virtual ~BulkWriter() = default;
  virtual Result<Id> add_supplier(const Supplier& s) = 0;
  virtual Result<Id> add_product(const Product& p) = 0;
  virtual Result<Id> add_customer(const Customer& c) = 0;
  virtual Result<Id> add_location(const Location& l) = 0;
  // Writes the order and its lines as given (status, prices, times). Lines need product_id.
  virtual Result<Id> add_order(const Order& o) = 0;
  virtual Result<Id> add_movement(const StockMovement& m) = 0;
  virtual Result<Id> add_price_change(const PriceChange& c) = 0;
  virtual Result<Id> add_purchase_order(const PurchaseOrder& po) = 0;
  // Inserts or replaces the level for (product_id, location_id).
  virtual Status set_stock(const StockLevel& level) = 0;
  virtual Status commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual std::string backend_name() const = 0;

  // --- suppliers, products, customers, locations: create returns the stored row (id set).
  virtual Result<Supplier> create_supplier(const Supplier& s) = 0;
  virtual Result<Supplier> get_supplier(Id id) = 0;
  virtual Result<Supplier> update_supplier(const Supplier& s) = 0;
  virtual Result<Page<Supplier>> list_suppliers(const SupplierFilter& f, const PageRequest& p) = 0;

  virtual Result<Product> create_product(const Product& p) = 0;
  virtual Result<Product> get_product(Id id) = 0;
  virtual Result<Product> get_product_by_sku(const std::string& sku) = 0;
  // Replaces all fields but id/sku/created_at. A price change appends to price history with
  // `price_change_reason` ("manual" when empty) in the same transaction.
  virtual Result<Product> update_product(const Product& p,
                                         const std::string& price_change_reason = {}) = 0;
  virtual Result<Page<Product>> list_products(const ProductFilter& f, const PageRequest& p) = 0;
  virtual Result<std::vector<PriceChange>> price_history(Id product_id) = 0;

  virtual Result<Customer> create_customer(const Customer& c) = 0;
  virtual Result<Customer> get_customer(Id id) = 0;
  virtual Result<Customer> update_customer(const Customer& c) = 0;
  virtual Result<Page<Customer>> list_customers(const CustomerFilter& f, const PageRequest& p) = 0;

  virtual Result<Location> create_location(const Location& l) = 0;
  virtual Result<Location> get_location(Id id) = 0;
  // Replaces code, name and kind; kAlreadyExists (field "code") when another location has the code.
  virtual Result<Location> update_location(const Location& l) = 0;
  virtual Result<std::vector<Location>> list_locations() = 0;

  // --- orders
  // One transaction: validates customer, location, skus and quantities; takes stock or fails
  // with kConflict (field "lines[i].quantity") when short (unless backorders are allowed);
  // writes the order, its lines, sale movements and an "order.placed" outbox event. When it
  // returns OK the order is durable (survives a process crash).
  virtual Result<PlacedOrder> place_order(const OrderRequest& r) = 0;
  virtual Result<Order> get_order(Id id) = 0;
  virtual Result<Page<Order>> list_orders(const OrderFilter& f, const PageRequest& p) = 0;
  // Moves an order along its life cycle. Cancelling or returning puts the stock back
  // (return movements) and writes an outbox event; illegal moves are kFailedPrecondition.
  virtual Result<Order> set_order_status(Id id, OrderStatus to, std::optional<Timestamp> at = {}) = 0;

  // --- stock
  virtual Result<StockLevel> get_stock(Id product_id, Id location_id) = 0;
  virtual Result<Page<StockLevel>> list_stock(const StockFilter& f, const PageRequest& p) = 0;
  virtual Result<StockLevel> adjust_stock(const StockAdjustment& a) = 0;
  virtual Result<Page<StockMovement>> list_movements(const MovementFilter& f,
                                                     const PageRequest& p) = 0;

  // --- purchase orders
  // Creates with status kOrdered (or kDraft when given) and raises on_order for ordered ones.
  virtual Result<PurchaseOrder> create_purchase_order(const PurchaseOrder& po) = 0;
  virtual Result<PurchaseOrder> get_purchase_order(Id id) = 0;
  virtual Result<Page<PurchaseOrder>> list_purchase_orders(const PurchaseOrderFilter& f,
                                                           const PageRequest& p) = 0;
  // Receives some or all outstanding units: on_hand up, on_order down, receipt movements,
  // status kPartiallyReceived/kReceived, outbox event. kFailedPrecondition when cancelled/received.
  virtual Result<PurchaseOrder> receive_purchase_order(Id id, const std::vector<ReceiptLine>& lines,
                                                       std::optional<Timestamp> at = {}) = 0;
  // kDraft -> kOrdered (raises on_order), for approval flows.
  virtual Result<PurchaseOrder> submit_purchase_order(Id id) = 0;
  // Changes a draft's line quantities (0 drops the line; one line at least stays), with a
  // "purchase_order.revised" event: what a person edits before approving. kFailedPrecondition
  // when not a draft; kInvalidArgument naming "lines[i].id" for a line not on this order.
  virtual Result<PurchaseOrder> revise_purchase_order(Id id, const std::vector<PurchaseOrderLineChange>& changes) = 0;

  // --- outbox: events with id > after_id, oldest first.
  virtual Result<std::vector<OutboxEvent>> read_outbox(Id after_id, int limit) = 0;
  // How far the relay named `relay` has handed outbox events to a stream: the id of the last
  // event the stream confirmed (0 = none yet).
  virtual Result<Id> outbox_delivered(const std::string& relay) = 0;
  // Moves that position forward to `up_to`; a smaller `up_to` leaves it where it is, so two
  // relays racing never move it back.
  virtual Status mark_outbox_delivered(const std::string& relay, Id up_to) = 0;

  // --- API keys (hash = sha256_hex(secret))
  virtual Result<ApiKey> create_api_key(const ApiKey& k) = 0;
  virtual Result<ApiKey> find_api_key_by_hash(const std::string& key_hash) = 0;
  // Every key (revoked ones too) in id order.
  virtual Result<std::vector<ApiKey>> list_api_keys() = 0;
  // Marks the key revoked (idempotent) and returns it; kNotFound when there is no such key.
  virtual Result<ApiKey> revoke_api_key(Id id) = 0;

  // A cheap marker of the committed data: it changes whenever a write commits (in this
  // process or another one on the same database) and never returns to an earlier value, so
  // equal markers mean nothing changed in between. Opaque; read it before the data it tags.
  virtual Result<std::string> data_version() = 0;

  // --- bulk load and whole-table scans (for generator, import, export and snapshot builders)
  virtual Result<std::unique_ptr<BulkWriter>> begin_bulk() = 0;
  // Calls `fn` for every order (with lines) in id order; stops early if fn returns false.
  virtual Status scan_orders(const OrderFilter& f, const std::function<bool(const Order&)>& fn) = 0;
  virtual Result<StoreStats> stats() = 0;

  // --- MLOps: the model registry's rows, jobs, prediction tables, monitoring reports.
  virtual ModelTables& models() = 0;
  // The assistant's threads, checkpoints and read-only query (store/agent_tables.h).
  virtual AgentTables& agents() = 0;
  // Stored alerts with their status (store/alert_tables.h).
  virtual AlertTables& alerts() = 0;
};

struct StoreOptions {
  // Allow orders to drive on_hand negative instead of failing with kConflict.
  bool allow_backorders = false;
};

// Opens (creating and migrating when needed) the store named by `url`:
//   "postgresql://..." or "postgres://..."  -> PostgreSQL via libpqxx
//   "sqlite:PATH", or any other string      -> SQLite database file PATH
//   ":memory:"                              -> private in-memory SQLite (tests)
Result<std::unique_ptr<Store>> open_store(const std::string& url, const StoreOptions& options = {});

}  // namespace oiis
