#include "services/anomaly_service.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "common/stopwatch.h"
#include "data/import_support.h"

namespace oiis::services {

Result<PriceScan> scan_prices(Store& store, const anomaly::PriceAnomalyOptions& options) {
  OIIS_RETURN_IF_ERROR(anomaly::validate(options));
  std::vector<Product> products;
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_products({}, p); },
      [&](const Product& p) { products.push_back(p); }));
  PriceScan scan;
  scan.products = products.size();
  std::vector<double> prices;
  for (const Product& product : products) {
    auto history = store.price_history(product.id);
    if (!history) return history.status();
    if (history->empty()) continue;
    scan.changes += history->size();
    prices.assign(1, history->front().old_price);
    for (const auto& change : *history) prices.push_back(change.new_price);
    for (auto& a : anomaly::price_anomalies(prices, options)) {
      const PriceChange& change = (*history)[a.index - 1];
      scan.alerts.push_back({product.id, product.sku, product.name, change.at, change.old_price,
                             change.new_price, change.reason, std::move(a)});
    }
  }
  return scan;
}

PriceEvaluation evaluate_price_scan(const PriceScan& scan,
                                    const std::vector<LabelledPriceError>& labels) {
  std::set<std::pair<Id, Date>> labelled;
  for (const auto& l : labels) labelled.insert({l.product_id, l.day});
  std::set<std::pair<Id, Date>> caught;
  PriceEvaluation e;
  e.labelled = labelled.size();
  for (const auto& alert : scan.alerts) {
    const std::pair<Id, Date> key{alert.product_id, date_of(alert.at)};
    if (labelled.count(key))
      caught.insert(key);
    else
      ++e.flagged;
  }
  e.caught = caught.size();
  e.other_changes = scan.changes > e.labelled ? scan.changes - e.labelled : 0;
  return e;
}

Result<std::vector<anomaly::OrderRecord>> load_order_records(Store& store) {
  std::unordered_map<Id, Timestamp> signup;
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_customers({}, p); },
      [&](const Customer& c) { signup[c.id] = c.signup_at; }));
  std::vector<anomaly::OrderRecord> records;
  OIIS_RETURN_IF_ERROR(store.scan_orders({}, [&](const Order& o) {
    if (o.lines.empty()) return true;  // cancelled orders too: fraud is often cancelled later
    anomaly::OrderRecord r = order_record(o);
    if (o.customer_id)
      if (auto it = signup.find(*o.customer_id); it != signup.end()) r.signup_at = it->second;
    records.push_back(r);
    return true;
  }));
  std::stable_sort(records.begin(), records.end(),
                   [](const auto& a, const auto& b) { return a.placed_at < b.placed_at; });
  return records;
}

anomaly::OrderRecord order_record(const Order& o) {
  anomaly::OrderRecord r;
  r.order_id = o.id;
  r.customer_id = o.customer_id;
  r.placed_at = o.placed_at;
  r.total = o.total();
  r.lines = static_cast<int>(o.lines.size());
  for (const auto& line : o.lines) {
    r.quantity += static_cast<double>(line.quantity);
    r.max_unit_price = std::max(r.max_unit_price, line.unit_price);
  }
  return r;
}

Result<OrderRiskScan> scan_order_risk(Store& store, const anomaly::FraudRuleOptions& rules) {
  OIIS_RETURN_IF_ERROR(anomaly::validate(rules));
  auto loaded = load_order_records(store);
  if (!loaded) return loaded.status();
  const std::vector<anomaly::OrderRecord>& records = *loaded;
  OrderRiskScan scan;
  scan.features = anomaly::order_features(records);
  Stopwatch watch;
  auto risks = anomaly::score_features(scan.features, records);
  if (!risks) return risks.status();
  scan.model_seconds = watch.seconds();
  auto hits = anomaly::fraud_rule_hits(records, scan.features, rules);
  scan.rows.resize(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const bool flagged = static_cast<int>(hits[i].size()) >= rules.min_rules;
    scan.rows[i] = {records[i].order_id, records[i].customer_id, records[i].placed_at,
                    records[i].total, std::move((*risks)[i]), std::move(hits[i]), flagged};
  }
  return scan;
}

RiskEvaluation evaluate_order_risk(const std::vector<OrderRiskRow>& rows,
                                   const std::vector<Id>& fraud_orders, double alert_rate) {
  const std::set<Id> fraud(fraud_orders.begin(), fraud_orders.end());
  std::vector<const OrderRiskRow*> ranked;
  for (const auto& r : rows) ranked.push_back(&r);
  std::sort(ranked.begin(), ranked.end(),
            [](const auto* a, const auto* b) { return a->risk.score > b->risk.score; });
  RiskEvaluation e;
  e.orders = rows.size();
  for (const auto* r : ranked) e.labelled += fraud.count(r->order_id);
  e.alerts = static_cast<std::size_t>(std::ceil(alert_rate * static_cast<double>(rows.size())));
  std::size_t hits = 0;
  double precision_sum = 0;
  for (std::size_t k = 0; k < ranked.size(); ++k) {
    if (!fraud.count(ranked[k]->order_id)) continue;
    ++hits;
    precision_sum += static_cast<double>(hits) / static_cast<double>(k + 1);
    if (k < e.alerts) ++e.caught;
  }
  e.recall = e.labelled ? static_cast<double>(e.caught) / e.labelled : 0;
  e.precision = e.alerts ? static_cast<double>(e.caught) / e.alerts : 0;
  e.average_precision = e.labelled ? precision_sum / e.labelled : 0;
  return e;
}

namespace {

// Median of the last `window` lead times (the supplier's usual), 0 when there are none.
double usual_lead(const std::vector<double>& lead, int window) {
  if (lead.empty()) return 0;
  std::vector<double> recent(lead.end() - std::min<std::ptrdiff_t>(window, lead.size()), lead.end());
  std::nth_element(recent.begin(), recent.begin() + recent.size() / 2, recent.end());
  return recent[recent.size() / 2];
}

}  // namespace

anomaly::PriceAnomalyOptions default_delivery_options() {
  anomaly::PriceAnomalyOptions o;
  o.min_robust_z = 4;
  return o;
}

Result<DeliveryScan> scan_deliveries(Store& store, const anomaly::PriceAnomalyOptions& options) {
  OIIS_RETURN_IF_ERROR(anomaly::validate(options));
  std::map<Id, std::vector<PurchaseOrder>> received, open;
  Timestamp now = 0;  // the data's end: the latest time any purchase order shows
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_purchase_orders({}, p); },
      [&](const PurchaseOrder& po) {
        now = std::max({now, po.created_at, po.received_at.value_or(0)});
        if (po.received_at)
          received[po.supplier_id].push_back(po);
        else if (po.status == PurchaseOrderStatus::kOrdered ||
                 po.status == PurchaseOrderStatus::kPartiallyReceived)
          open[po.supplier_id].push_back(po);
      }));
  DeliveryScan scan;
  for (auto& [supplier_id, orders] : received) {
    std::sort(orders.begin(), orders.end(),
              [](const auto& a, const auto& b) { return *a.received_at < *b.received_at; });
    std::vector<double> lead(orders.size());
    for (std::size_t i = 0; i < orders.size(); ++i)
      lead[i] = static_cast<double>(*orders[i].received_at - orders[i].created_at) / 86400.0;
    scan.deliveries += orders.size();
    auto supplier = store.get_supplier(supplier_id);
    const std::string name = supplier ? supplier->name : std::to_string(supplier_id);
    for (auto& a : anomaly::sequence_outliers(lead, options, true)) {
      const PurchaseOrder& po = orders[a.index];
      a.reason = "lead time " + a.reason;
      scan.alerts.push_back({po.id, supplier_id, name, *po.received_at, lead[a.index], std::move(a)});
    }
    // Still open and already later than min_ratio x the usual lead time: overdue, flagged now
    // rather than when it finally arrives.
    const double usual = usual_lead(lead, options.window);
    for (const PurchaseOrder& po : open[supplier_id]) {
      const double age = static_cast<double>(now - po.created_at) / 86400.0;
      if (!(usual > 0) || age < options.min_ratio * usual) continue;
      anomaly::PriceAnomaly a{0, age, usual, age / usual, 0, {}};
      char reason[128];
      std::snprintf(reason, sizeof reason, "overdue: open %.0f days, %.3gx the usual %.1f", age,
                    a.ratio, usual);
      a.reason = reason;
      scan.alerts.push_back({po.id, supplier_id, name, 0, age, std::move(a)});
      ++scan.deliveries;
    }
  }
  return scan;
}

RuleEvaluation evaluate_fraud_rules(const std::vector<OrderRiskRow>& rows, const std::vector<Id>& fraud_orders) {
  const std::set<Id> fraud(fraud_orders.begin(), fraud_orders.end());
  RuleEvaluation e;
  e.orders = rows.size();
  for (const auto& r : rows) {
    const bool labelled = fraud.count(r.order_id) > 0;
    e.labelled += labelled;
    e.flagged += r.rules_flagged;
    e.caught += labelled && r.rules_flagged;
  }
  e.recall = e.labelled ? static_cast<double>(e.caught) / e.labelled : 0;
  e.precision = e.flagged ? static_cast<double>(e.caught) / e.flagged : 0;
  e.flag_rate = e.orders ? static_cast<double>(e.flagged) / e.orders : 0;
  return e;
}

}  // namespace oiis::services
