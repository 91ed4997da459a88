// A Store decorator that times every call into StoreMetrics (oiis_store_operation_* metrics).
#pragma once

#include "server/metrics.h"
#include "store/model_tables.h"
#include "store/store.h"

namespace oiis::server {

class InstrumentedStore final : public Store {
 public:
  explicit InstrumentedStore(Store& inner);
  StoreMetrics& metrics() { return metrics_; }

  std::string backend_name() const override { return inner_.backend_name(); }
  Result<Supplier> create_supplier(const Supplier& s) override;
  Result<Supplier> get_supplier(Id id) override;
  Result<Supplier> update_supplier(const Supplier& s) override;
  Result<Page<Supplier>> list_suppliers(const SupplierFilter& f, const PageRequest& p) override;
  Result<Product> create_product(const Product& p) override;
  Result<Product> get_product(Id id) override;
  Result<Product> get_product_by_sku(const std::string& sku) override;
  Result<Product> update_product(const Product& p, const std::string& reason) override;
  Result<Page<Product>> list_products(const ProductFilter& f, const PageRequest& p) override;
  Result<std::vector<PriceChange>> price_history(Id product_id) override;
  Result<Customer> create_customer(const Customer& c) override;
  Result<Customer> get_customer(Id id) override;
  Result<Customer> update_customer(const Customer& c) override;
  Result<Page<Customer>> list_customers(const CustomerFilter& f, const PageRequest& p) override;
  Result<Location> create_location(const Location& l) override;
  Result<Location> get_location(Id id) override;
  Result<Location> update_location(const Location& l) override;
  Result<std::vector<Location>> list_locations() override;
  Result<PlacedOrder> place_order(const OrderRequest& r) override;
  Result<Order> get_order(Id id) override;
  Result<Page<Order>> list_orders(const OrderFilter& f, const PageRequest& p) override;
  Result<Order> set_order_status(Id id, OrderStatus to, std::optional<Timestamp> at) override;
  Result<StockLevel> get_stock(Id product_id, Id location_id) override;
  Result<Page<StockLevel>> list_stock(const StockFilter& f, const PageRequest& p) override;
  Result<StockLevel> adjust_stock(const StockAdjustment& a) override;
  Result<Page<StockMovement>> list_movements(const MovementFilter& f,
                                             const PageRequest& p) override;
  Result<PurchaseOrder> create_purchase_order(const PurchaseOrder& po) override;
  Result<PurchaseOrder> get_purchase_order(Id id) override;
  Result<Page<PurchaseOrder>> list_purchase_orders(const PurchaseOrderFilter& f,
                                                   const PageRequest& p) override;
  Result<PurchaseOrder> receive_purchase_order(Id id, const std::vector<ReceiptLine>& lines,
                                               std::optional<Timestamp> at) override;
  Result<PurchaseOrder> submit_purchase_order(Id id) override;
  Result<PurchaseOrder> revise_purchase_order(Id id, const std::vector<PurchaseOrderLineChange>& changes) override;
  Result<std::vector<OutboxEvent>> read_outbox(Id after_id, int limit) override;
  Result<Id> outbox_delivered(const std::string& relay) override;
  Status mark_outbox_delivered(const std::string& relay, Id up_to) override;
  Result<ApiKey> create_api_key(const ApiKey& k) override;
  Result<ApiKey> find_api_key_by_hash(const std::string& key_hash) override;
  Result<std::vector<ApiKey>> list_api_keys() override;
  Result<ApiKey> revoke_api_key(Id id) override;
  Result<std::string> data_version() override;
  Result<std::unique_ptr<BulkWriter>> begin_bulk() override;
  Status scan_orders(const OrderFilter& f, const std::function<bool(const Order&)>& fn) override;
  Result<StoreStats> stats() override;
  ModelTables& models() override { return inner_.models(); }
  AgentTables& agents() override { return inner_.agents(); }
  AlertTables& alerts() override { return inner_.alerts(); }

 private:
  template <typename Fn>
  auto timed(std::size_t op, Fn&& fn);

  Store& inner_;
  StoreMetrics metrics_;
};

}  // namespace oiis::server
