#include "services/shrinkage_scan.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "data/import_support.h"

namespace oiis::services {
namespace {

using ShrinkageSlotKey = std::pair<Id, Id>;  // product, location
using ShrinkageLedgers = std::map<ShrinkageSlotKey, std::vector<anomaly::LedgerEntry>>;

// Every movement, grouped by product x location, each ledger in movement id order.
Result<ShrinkageLedgers> read_shrinkage_ledgers(Store& store, std::size_t& movements) {
  ShrinkageLedgers ledgers;
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_movements({}, p); },
      [&](const StockMovement& m) {
        ++movements;
        ledgers[{m.product_id, m.location_id}].push_back(
            {m.id, m.at, m.quantity, m.type == MovementType::kCount});
      }));
  for (auto& entry : ledgers)
    std::stable_sort(entry.second.begin(), entry.second.end(),
                     [](const auto& a, const auto& b) { return a.movement_id < b.movement_id; });
  return ledgers;
}

struct ShrinkageNames {
  std::unordered_map<Id, std::pair<std::string, std::string>> products;  // sku, name
  std::unordered_map<Id, std::string> locations;                         // code
};

Result<ShrinkageNames> read_shrinkage_names(Store& store) {
  ShrinkageNames names;
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_products({}, p); },
      [&](const Product& p) { names.products[p.id] = {p.sku, p.name}; }));
  auto locations = store.list_locations();
  if (!locations) return locations.status();
  for (const auto& l : *locations) names.locations[l.id] = l.code;
  return names;
}

ShrinkageAlert shrinkage_alert_of(const ShrinkageSlotKey& slot, const anomaly::LedgerEntry& count,
                        anomaly::ShrinkageFinding&& f, const ShrinkageNames& names) {
  ShrinkageAlert a;
  a.product_id = slot.first;
  a.location_id = slot.second;
  if (auto p = names.products.find(slot.first); p != names.products.end())
    std::tie(a.sku, a.name) = p->second;
  if (auto l = names.locations.find(slot.second); l != names.locations.end()) a.location = l->second;
  a.movement_id = count.movement_id;
  a.at = count.at;
  a.day = date_of(count.at);
  a.expected = f.count.expected;
  a.counted = f.count.counted;
  a.missing = f.count.missing;
  a.loss_share = f.count.loss_share;
  a.usual_share = f.count.usual_share;
  a.score = f.score;
  a.reasons = std::move(f.reasons);
  a.what_to_check = std::move(f.what_to_check);
  return a;
}

}  // namespace

Result<ShrinkageScan> scan_shrinkage(Store& store, const anomaly::ShrinkageOptions& options) {
  OIIS_RETURN_IF_ERROR(anomaly::validate(options));
  ShrinkageScan scan;
  auto ledgers = read_shrinkage_ledgers(store, scan.movements);
  if (!ledgers) return ledgers.status();
  auto names = read_shrinkage_names(store);
  if (!names) return names.status();
  scan.slots = ledgers->size();
  std::vector<anomaly::CountCheck> all_counts;
  for (const auto& entry : *ledgers) {
    auto counts = anomaly::count_checks(entry.second, options.count_tolerance);
    all_counts.insert(all_counts.end(), counts.begin(), counts.end());
  }
  scan.counts = all_counts.size();
  scan.shop = anomaly::count_baseline(all_counts, options);
  for (const auto& [slot, ledger] : *ledgers) {
    auto result = anomaly::slot_shrinkage(ledger, scan.shop, options);
    for (auto& f : result.findings)
      scan.alerts.push_back(shrinkage_alert_of(slot, ledger[f.count.entry], std::move(f), *names));
  }
  return scan;
}

ShrinkageEvaluation evaluate_shrinkage_scan(const ShrinkageScan& scan,
                                            const std::vector<LabelledShrinkage>& labels) {
  std::set<Id> labelled_ids;
  std::set<std::tuple<Id, Id, Date>> labelled_days;
  for (const auto& l : labels) {
    labelled_ids.insert(l.movement_id);
    labelled_days.insert({l.product_id, l.location_id, l.day});
  }
  std::set<Id> caught_ids;
  ShrinkageEvaluation e;
  e.labelled = labels.size();
  for (const auto& a : scan.alerts) {
    if (labelled_ids.count(a.movement_id)) {
      caught_ids.insert(a.movement_id);
      continue;
    }
    if (labelled_days.count({a.product_id, a.location_id, a.day})) {
      // the same product and place that day: the label's count, renumbered (an import)
      for (const auto& l : labels)
        if (l.product_id == a.product_id && l.location_id == a.location_id && l.day == a.day)
          caught_ids.insert(l.movement_id);
      continue;
    }
    ++e.false_alarms;
  }
  e.caught = caught_ids.size();
  e.other_counts = scan.counts > e.labelled ? scan.counts - e.labelled : 0;
  return e;
}

}  // namespace oiis::services
