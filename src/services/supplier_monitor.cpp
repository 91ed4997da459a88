#include "services/supplier_monitor.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "data/import_support.h"

namespace oiis::services {
namespace {

SupplierDelivery delivery_of(const PurchaseOrder& po) {
  SupplierDelivery d;
  d.purchase_order_id = po.id;
  d.created_at = po.created_at;
  d.received_at = *po.received_at;
  d.lead_days = static_cast<double>(d.received_at - d.created_at) / 86400.0;
  double ordered = 0, received = 0;
  for (const auto& line : po.lines) {
    ordered += static_cast<double>(line.quantity);
    received += static_cast<double>(line.received_quantity);
  }
  d.fill_rate = ordered > 0 ? received / ordered : 1.0;
  return d;
}

void add_alarms(SupplierChart& chart, const std::string& metric, const std::vector<double>& values,
                anomaly::DriftSide side, const anomaly::ControlChartOptions& options, bool logged) {
  const anomaly::ChartResult result = anomaly::control_chart(values, side, options);
  for (const auto& alarm : result.alarms) {
    SupplierAlarm a;
    a.metric = metric;
    a.delivery = alarm.index;
    a.value = logged ? std::exp(values[alarm.index]) : values[alarm.index];
    a.usual = logged ? std::exp(result.level) : result.level;
    a.chart = alarm;
    chart.alarms.push_back(std::move(a));
  }
}

void chart_supplier(SupplierChart& chart, const SupplierChartOptions& options) {
  std::vector<double> log_lead, fill;
  for (const auto& d : chart.deliveries) {
    log_lead.push_back(std::log(std::max(d.lead_days, 1.0 / 24)));  // a same-hour receipt counts as 1 h
    fill.push_back(d.fill_rate);
  }
  add_alarms(chart, "lead_time", log_lead, anomaly::DriftSide::kHigh, options.lead, /*logged=*/true);
  add_alarms(chart, "fill_rate", fill, anomaly::DriftSide::kLow, options.fill, /*logged=*/false);
  std::stable_sort(chart.alarms.begin(), chart.alarms.end(),
                   [](const auto& a, const auto& b) { return a.delivery < b.delivery; });
}

}  // namespace

SupplierChartOptions default_supplier_chart_options() {
  SupplierChartOptions o;
  o.lead.min_spread = 0.05;
  o.fill.min_spread = 0.02;
  return o;
}

Result<std::vector<SupplierChart>> scan_supplier_drift(Store& store, const SupplierChartOptions& options) {
  OIIS_RETURN_IF_ERROR(anomaly::validate(options.lead));
  OIIS_RETURN_IF_ERROR(anomaly::validate(options.fill));
  std::map<Id, std::vector<SupplierDelivery>> by_supplier;
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_purchase_orders({}, p); },
      [&](const PurchaseOrder& po) {
        if (po.received_at) by_supplier[po.supplier_id].push_back(delivery_of(po));
      }));
  std::vector<SupplierChart> charts;
  for (auto& entry : by_supplier) {
    SupplierChart chart;
    chart.supplier_id = entry.first;
    auto supplier = store.get_supplier(entry.first);
    chart.supplier = supplier ? supplier->name : std::to_string(entry.first);
    chart.deliveries = std::move(entry.second);
    std::stable_sort(chart.deliveries.begin(), chart.deliveries.end(),
                     [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
    chart_supplier(chart, options);
    charts.push_back(std::move(chart));
  }
  return charts;
}

std::vector<SupplierDriftResult> evaluate_supplier_drift(const std::vector<SupplierChart>& charts,
                                                         const std::vector<LabelledSupplierDrift>& labels) {
  std::map<Id, Date> drift_from;
  for (const auto& l : labels) {
    auto [it, added] = drift_from.emplace(l.supplier_id, l.from);
    if (!added) it->second = std::min(it->second, l.from);
  }
  std::vector<SupplierDriftResult> results;
  for (const auto& chart : charts) {
    SupplierDriftResult r;
    r.supplier_id = chart.supplier_id;
    r.deliveries = chart.deliveries.size();
    const auto label = drift_from.find(chart.supplier_id);
    r.drifted = label != drift_from.end();
    for (std::size_t i = 0; r.drifted && i < chart.deliveries.size() && !r.start; ++i)
      if (date_of(chart.deliveries[i].created_at) >= label->second) r.start = i;
    for (const auto& alarm : chart.alarms) {
      if (!r.start || alarm.delivery < *r.start) {
        ++r.false_alarms;
      } else if (!r.delay) {
        r.delay = alarm.delivery - *r.start + 1;
      }
    }
    results.push_back(r);
  }
  return results;
}

}  // namespace oiis::services
