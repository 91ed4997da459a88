#include "services/anomaly_service.h"

#include <set>

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

}  // namespace oiis::services
