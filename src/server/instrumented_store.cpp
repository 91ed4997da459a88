#include "server/instrumented_store.h"

#include <chrono>

namespace oiis::server {
namespace {

// Operation names, indexed by Op.
enum Op : std::size_t {
  kCreateSupplier, kGetSupplier, kUpdateSupplier, kListSuppliers, kCreateProduct, kGetProduct,
  kGetProductBySku, kUpdateProduct, kListProducts, kPriceHistory, kCreateCustomer, kGetCustomer,
  kUpdateCustomer, kListCustomers, kCreateLocation, kGetLocation, kUpdateLocation,
  kListLocations, kPlaceOrder, kGetOrder, kListOrders, kSetOrderStatus, kGetStock, kListStock,
  kAdjustStock, kListMovements, kCreatePurchaseOrder, kGetPurchaseOrder, kListPurchaseOrders,
  kReceivePurchaseOrder, kSubmitPurchaseOrder, kRevisePurchaseOrder, kReadOutbox, kOutboxDelivered,
  kMarkOutboxDelivered, kCreateApiKey, kFindApiKeyByHash,
  kListApiKeys, kRevokeApiKey, kDataVersion, kBeginBulk, kScanOrders, kStats, kOpCount
};

std::vector<std::string_view> op_names() {
  return {"create_supplier", "get_supplier", "update_supplier", "list_suppliers",
          "create_product", "get_product", "get_product_by_sku", "update_product",
          "list_products", "price_history", "create_customer", "get_customer",
          "update_customer", "list_customers", "create_location", "get_location",
          "update_location", "list_locations", "place_order", "get_order", "list_orders",
          "set_order_status", "get_stock", "list_stock", "adjust_stock", "list_movements",
          "create_purchase_order", "get_purchase_order", "list_purchase_orders",
          "receive_purchase_order", "submit_purchase_order", "revise_purchase_order", "read_outbox", "outbox_delivered",
          "mark_outbox_delivered", "create_api_key",
          "find_api_key_by_hash", "list_api_keys", "revoke_api_key", "data_version",
          "begin_bulk", "scan_orders", "stats"};
}

}  // namespace

InstrumentedStore::InstrumentedStore(Store& inner) : inner_(inner), metrics_(op_names()) {
  static_assert(kOpCount == 43);
}

template <typename Fn>
auto InstrumentedStore::timed(std::size_t op, Fn&& fn) {
  const auto start = std::chrono::steady_clock::now();
  auto result = fn();
  metrics_.op(op).observe(std::chrono::duration_cast<std::chrono::nanoseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count());
  return result;
}

#define OIIS_TIMED(op, call) return timed(op, [&] { return inner_.call; })

Result<Supplier> InstrumentedStore::create_supplier(const Supplier& s) {
  OIIS_TIMED(kCreateSupplier, create_supplier(s));
}
Result<Supplier> InstrumentedStore::get_supplier(Id id) { OIIS_TIMED(kGetSupplier, get_supplier(id)); }
Result<Supplier> InstrumentedStore::update_supplier(const Supplier& s) {
  OIIS_TIMED(kUpdateSupplier, update_supplier(s));
}
Result<Page<Supplier>> InstrumentedStore::list_suppliers(const SupplierFilter& f,
                                                         const PageRequest& p) {
  OIIS_TIMED(kListSuppliers, list_suppliers(f, p));
}
Result<Product> InstrumentedStore::create_product(const Product& p) {
  OIIS_TIMED(kCreateProduct, create_product(p));
}
Result<Product> InstrumentedStore::get_product(Id id) { OIIS_TIMED(kGetProduct, get_product(id)); }
Result<Product> InstrumentedStore::get_product_by_sku(const std::string& sku) {
  OIIS_TIMED(kGetProductBySku, get_product_by_sku(sku));
}
Result<Product> InstrumentedStore::update_product(const Product& p, const std::string& reason) {
  OIIS_TIMED(kUpdateProduct, update_product(p, reason));
}
Result<Page<Product>> InstrumentedStore::list_products(const ProductFilter& f,
                                                       const PageRequest& p) {
  OIIS_TIMED(kListProducts, list_products(f, p));
}
Result<std::vector<PriceChange>> InstrumentedStore::price_history(Id product_id) {
  OIIS_TIMED(kPriceHistory, price_history(product_id));
}
Result<Customer> InstrumentedStore::create_customer(const Customer& c) {
  OIIS_TIMED(kCreateCustomer, create_customer(c));
}
Result<Customer> InstrumentedStore::get_customer(Id id) { OIIS_TIMED(kGetCustomer, get_customer(id)); }
Result<Customer> InstrumentedStore::update_customer(const Customer& c) {
  OIIS_TIMED(kUpdateCustomer, update_customer(c));
}
Result<Page<Customer>> InstrumentedStore::list_customers(const CustomerFilter& f,
                                                         const PageRequest& p) {
  OIIS_TIMED(kListCustomers, list_customers(f, p));
}
Result<Location> InstrumentedStore::create_location(const Location& l) {
  OIIS_TIMED(kCreateLocation, create_location(l));
}
Result<Location> InstrumentedStore::get_location(Id id) { OIIS_TIMED(kGetLocation, get_location(id)); }
Result<Location> InstrumentedStore::update_location(const Location& l) {
  OIIS_TIMED(kUpdateLocation, update_location(l));
}
Result<std::vector<Location>> InstrumentedStore::list_locations() {
  OIIS_TIMED(kListLocations, list_locations());
}
Result<PlacedOrder> InstrumentedStore::place_order(const OrderRequest& r) {
  OIIS_TIMED(kPlaceOrder, place_order(r));
}
Result<Order> InstrumentedStore::get_order(Id id) { OIIS_TIMED(kGetOrder, get_order(id)); }
Result<Page<Order>> InstrumentedStore::list_orders(const OrderFilter& f, const PageRequest& p) {
  OIIS_TIMED(kListOrders, list_orders(f, p));
}
Result<Order> InstrumentedStore::set_order_status(Id id, OrderStatus to,
                                                  std::optional<Timestamp> at) {
  OIIS_TIMED(kSetOrderStatus, set_order_status(id, to, at));
}
Result<StockLevel> InstrumentedStore::get_stock(Id product_id, Id location_id) {
  OIIS_TIMED(kGetStock, get_stock(product_id, location_id));
}
Result<Page<StockLevel>> InstrumentedStore::list_stock(const StockFilter& f, const PageRequest& p) {
  OIIS_TIMED(kListStock, list_stock(f, p));
}
Result<StockLevel> InstrumentedStore::adjust_stock(const StockAdjustment& a) {
  OIIS_TIMED(kAdjustStock, adjust_stock(a));
}
Result<Page<StockMovement>> InstrumentedStore::list_movements(const MovementFilter& f,
                                                              const PageRequest& p) {
  OIIS_TIMED(kListMovements, list_movements(f, p));
}
Result<PurchaseOrder> InstrumentedStore::create_purchase_order(const PurchaseOrder& po) {
  OIIS_TIMED(kCreatePurchaseOrder, create_purchase_order(po));
}
Result<PurchaseOrder> InstrumentedStore::get_purchase_order(Id id) {
  OIIS_TIMED(kGetPurchaseOrder, get_purchase_order(id));
}
Result<Page<PurchaseOrder>> InstrumentedStore::list_purchase_orders(const PurchaseOrderFilter& f,
                                                                    const PageRequest& p) {
  OIIS_TIMED(kListPurchaseOrders, list_purchase_orders(f, p));
}
Result<PurchaseOrder> InstrumentedStore::receive_purchase_order(
    Id id, const std::vector<ReceiptLine>& lines, std::optional<Timestamp> at) {
  OIIS_TIMED(kReceivePurchaseOrder, receive_purchase_order(id, lines, at));
}
Result<PurchaseOrder> InstrumentedStore::submit_purchase_order(Id id) {
  OIIS_TIMED(kSubmitPurchaseOrder, submit_purchase_order(id));
}
Result<PurchaseOrder> InstrumentedStore::revise_purchase_order(Id id,
                                                             const std::vector<PurchaseOrderLineChange>& changes) {
  OIIS_TIMED(kRevisePurchaseOrder, revise_purchase_order(id, changes));
}
Result<std::vector<OutboxEvent>> InstrumentedStore::read_outbox(Id after_id, int limit) {
  OIIS_TIMED(kReadOutbox, read_outbox(after_id, limit));
}
Result<Id> InstrumentedStore::outbox_delivered(const std::string& relay) {
  OIIS_TIMED(kOutboxDelivered, outbox_delivered(relay));
}
Status InstrumentedStore::mark_outbox_delivered(const std::string& relay, Id up_to) {
  OIIS_TIMED(kMarkOutboxDelivered, mark_outbox_delivered(relay, up_to));
}
Result<ApiKey> InstrumentedStore::create_api_key(const ApiKey& k) {
  OIIS_TIMED(kCreateApiKey, create_api_key(k));
}
Result<ApiKey> InstrumentedStore::find_api_key_by_hash(const std::string& key_hash) {
  OIIS_TIMED(kFindApiKeyByHash, find_api_key_by_hash(key_hash));
}
Result<std::vector<ApiKey>> InstrumentedStore::list_api_keys() {
  OIIS_TIMED(kListApiKeys, list_api_keys());
}
Result<ApiKey> InstrumentedStore::revoke_api_key(Id id) { OIIS_TIMED(kRevokeApiKey, revoke_api_key(id)); }
Result<std::string> InstrumentedStore::data_version() { OIIS_TIMED(kDataVersion, data_version()); }
Result<std::unique_ptr<BulkWriter>> InstrumentedStore::begin_bulk() {
  OIIS_TIMED(kBeginBulk, begin_bulk());
}
Status InstrumentedStore::scan_orders(const OrderFilter& f,
                                      const std::function<bool(const Order&)>& fn) {
  OIIS_TIMED(kScanOrders, scan_orders(f, fn));
}
Result<StoreStats> InstrumentedStore::stats() { OIIS_TIMED(kStats, stats()); }

#undef OIIS_TIMED

}  // namespace oiis::server
