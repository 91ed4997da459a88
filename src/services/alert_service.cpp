#include "services/alert_service.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/time.h"
#include "services/anomaly_service.h"
#include "services/shrinkage_scan.h"
#include "services/supplier_monitor.h"
#include "store/model_tables.h"

namespace oiis::services {
namespace {

constexpr Timestamp kAlertDay = 86400;
constexpr int kAlertWindowDays = 90;

std::string fixed(double v, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

Json reason(const std::string& code, const std::string& text) { return {{"code", code}, {"text", text}}; }

StoredAlert make_alert(const std::string& type, const std::string& fingerprint, const std::string& severity,
                       Timestamp occurred_at) {
  StoredAlert a;
  a.type = type;
  a.fingerprint = type + ":" + fingerprint;
  a.severity = severity;
  a.occurred_at = occurred_at;
  return a;
}

void point_at(StoredAlert& a, const char* kind, Id id, std::string key) {
  a.record_kind = kind;
  a.record_id = id;
  a.record_key = std::move(key);
}

Status price_alerts(Store& store, Timestamp since, std::vector<StoredAlert>& out, std::vector<std::string>&) {
  auto scan = scan_prices(store);
  if (!scan) return scan.status();
  if (scan->changes == 0) return failed_precondition("the store holds no price changes to check");
  for (const auto& p : scan->alerts) {
    if (p.at < since) continue;
    const double ratio = p.anomaly.ratio;
    const bool extreme = p.new_price <= 0 || ratio >= 5 || ratio <= 0.2;
    StoredAlert a = make_alert("price", std::to_string(p.product_id) + ":" + std::to_string(p.at),
                               extreme ? "high" : "medium", p.at);
    a.title = "Price of " + p.sku + " " + p.name + " changed from " + fixed(p.old_price) + " to " +
              fixed(p.new_price);
    a.detail = p.anomaly.reason + " (robust z " + fixed(p.anomaly.robust_z, 1) + ")";
    a.check = "Is " + fixed(p.new_price) + " intended? A misplaced decimal point or a wrong " +
              "field in the price change of " + format_date(date_of(p.at)) +
              (p.change_reason.empty() ? "" : " (logged as '" + p.change_reason + "')") + ".";
    a.score = std::abs(p.anomaly.robust_z);
    Json reasons = Json::array({reason(p.new_price <= 0 ? "price_not_positive"
                                                        : ratio > 1 ? "price_jump_up" : "price_jump_down",
                                       p.anomaly.reason)});
    a.reasons = reasons.dump();
    point_at(a, "product", p.product_id, p.sku);
    out.push_back(std::move(a));
  }
  return Status::ok();
}

}  // namespace

StoredAlert fraud_alert(const FraudFinding& f) {
  StoredAlert a = make_alert("fraud", std::to_string(f.order_id), f.strong ? "high" : "medium", f.placed_at);
  a.title = "Order " + std::to_string(f.order_id) + " (" + fixed(f.total) + ") breaks " +
            std::to_string(f.rules->size()) + " fraud rules";
  Json reasons = Json::array();
  std::string detail;
  for (const auto& hit : *f.rules) {
    reasons.push_back(reason(hit.code, hit.reason));
    detail += (detail.empty() ? "" : "; ") + hit.code + " (" + hit.reason + ")";
  }
  for (const auto& feature : *f.unusual) reasons.push_back(reason("unusual_feature", feature));
  a.detail = detail + "; isolation-forest score " + fixed(f.score, 3);
  a.check = "Hold the order until payment and delivery address are verified; check the "
            "customer's account age and other recent orders.";
  a.score = f.score;
  a.reasons = reasons.dump();
  point_at(a, "order", f.order_id, std::to_string(f.order_id));
  return a;
}

namespace {

Status fraud_alerts(Store& store, Timestamp since, std::vector<StoredAlert>& out, std::vector<std::string>& notes) {
  auto scan = scan_order_risk(store);
  if (!scan) return scan.status();
  // The forest's top 1% marks the strongest of the rule-flagged orders.
  std::vector<double> scores;
  for (const auto& r : scan->rows) scores.push_back(r.risk.score);
  std::sort(scores.begin(), scores.end());
  const double top_percent = scores.empty() ? 1 : scores[scores.size() * 99 / 100];
  // The rules were written for one kind of fraud; a shop where big night-time orders from new
  // accounts are normal (a wholesaler) breaks them all the time. So at most 1% of the window's
  // orders (10 at least) become alerts: those with the highest risk scores, and a note says so.
  std::vector<const OrderRiskRow*> flagged;
  std::size_t in_window = 0;
  for (const auto& r : scan->rows)
    if (r.placed_at >= since) {
      ++in_window;
      if (r.rules_flagged) flagged.push_back(&r);
    }
  const std::size_t cap = std::max<std::size_t>(10, (in_window + 99) / 100);
  if (flagged.size() > cap) {
    std::sort(flagged.begin(), flagged.end(), [](const OrderRiskRow* a, const OrderRiskRow* b) { return a->risk.score > b->risk.score; });
    notes.push_back("fraud: " + std::to_string(flagged.size()) + " of " + std::to_string(in_window) +
                    " orders broke two or more rules; only the " + std::to_string(cap) +
                    " with the highest risk scores (1% of orders) became alerts — the rules may not fit this shop");
    flagged.resize(cap);
  }
  for (const OrderRiskRow* row : flagged) {
    const OrderRiskRow& r = *row;
    out.push_back(fraud_alert({r.order_id, r.total, r.placed_at, r.risk.score, &r.rules, &r.risk.reasons,
                               r.rules.size() >= 3 || r.risk.score >= top_percent}));
  }
  return Status::ok();
}

Status delivery_alerts(Store& store, Timestamp since, std::vector<StoredAlert>& out, std::vector<std::string>&) {
  auto scan = scan_deliveries(store);
  if (!scan) return scan.status();
  if (scan->deliveries == 0) return failed_precondition("the store holds no purchase orders to check");
  for (const auto& d : scan->alerts) {
    const bool overdue = d.received_at == 0;
    const Timestamp at = overdue ? now_utc() : d.received_at;
    if (!overdue && at < since) continue;
    StoredAlert a = make_alert("supplier", "delivery:" + std::to_string(d.purchase_order_id),
                               d.anomaly.ratio >= 3 ? "high" : "medium", at);
    a.title = overdue ? "Purchase order " + std::to_string(d.purchase_order_id) + " from " + d.supplier +
                            " is overdue (" + fixed(d.lead_days, 0) + " days open)"
                      : "Purchase order " + std::to_string(d.purchase_order_id) + " from " + d.supplier +
                            " took " + fixed(d.lead_days, 0) + " days";
    a.detail = d.anomaly.reason;
    a.check = overdue ? "Ask " + d.supplier + " for a delivery date; check the stock it was meant to refill."
                      : "Ask " + d.supplier + " why; if it repeats, order earlier or from another supplier.";
    a.score = d.anomaly.robust_z;
    a.reasons = Json::array({reason(overdue ? "overdue" : "late_delivery", d.anomaly.reason)}).dump();
    point_at(a, "purchase_order", d.purchase_order_id, d.supplier);
    out.push_back(std::move(a));
  }
  return Status::ok();
}

Status supplier_drift_alerts(Store& store, Timestamp since, std::vector<StoredAlert>& out, std::vector<std::string>&) {
  auto charts = scan_supplier_drift(store);
  if (!charts) return charts.status();
  // One alert per supplier and metric: its latest alarm in the window, saying how many there were.
  for (const auto& chart : *charts)
    for (const char* metric : {"lead_time", "fill_rate"}) {
      const SupplierAlarm* latest = nullptr;
      int alarms = 0;
      for (const auto& alarm : chart.alarms)
        if (alarm.metric == metric && chart.deliveries[alarm.delivery].received_at >= since) {
          latest = &alarm;
          ++alarms;
        }
      if (!latest) continue;
      const SupplierAlarm& alarm = *latest;
      const SupplierDelivery& d = chart.deliveries[alarm.delivery];
      const bool lead = alarm.metric == "lead_time";
      StoredAlert a = make_alert("supplier", "drift:" + std::to_string(chart.supplier_id) + ":" + alarm.metric +
                                                 ":" + std::to_string(d.purchase_order_id),
                                 alarms >= 3 ? "high" : "medium", d.received_at);
      a.title = chart.supplier + (lead ? "'s lead times are drifting up" : "'s fill rate is drifting down");
      a.detail = lead ? "delivery took " + fixed(alarm.value, 1) + " days against a usual " + fixed(alarm.usual, 1)
                      : "filled " + fixed(alarm.value * 100, 0) + "% of the order against a usual " +
                            fixed(alarm.usual * 100, 0) + "%";
      a.detail += " (" + alarm.chart.chart + " chart at " + fixed(alarm.chart.statistic, 1) + " spreads; " +
                  std::to_string(alarms) + (alarms == 1 ? " alarm" : " alarms") + " since " +
                  format_date(date_of(since)) + ")";
      a.check = lead ? "Review reorder points for " + chart.supplier + "'s products (longer lead time) and ask the supplier."
                     : "Ask " + chart.supplier + " about short deliveries; check what is on back order.";
      a.score = alarm.chart.statistic;
      a.reasons = Json::array({reason(lead ? "lead_time_drift" : "fill_rate_drift", a.detail)}).dump();
      point_at(a, "supplier", chart.supplier_id, chart.supplier);
      out.push_back(std::move(a));
    }
  return Status::ok();
}

Status model_drift_alerts(Store& store, Timestamp since, std::vector<StoredAlert>& out, std::vector<std::string>&) {
  auto reports = store.models().list_monitor_reports("", 1000);
  if (!reports) return reports.status();
  for (const auto& r : *reports) {
    if (!r.alert || r.created_at < since) continue;
    StoredAlert a = make_alert("drift", std::to_string(r.id), "medium", r.created_at);
    a.title = "The " + r.family + " model (version " + std::to_string(r.model_version) +
              ") has drifted from its training data";
    Json report = Json::parse(r.report_json, nullptr, false);
    a.detail = "monitoring report " + std::to_string(r.id);
    if (report.is_object() && report.contains("reasons")) a.detail += ": " + report["reasons"].dump();
    a.check = "Read the monitoring report; retrain the " + r.family + " model if its accuracy fell.";
    a.reasons = Json::array({reason("model_drift", a.detail)}).dump();
    point_at(a, "model", r.id, r.family);
    out.push_back(std::move(a));
  }
  return Status::ok();
}

Status shrinkage_alerts(Store& store, Timestamp since, std::vector<StoredAlert>& out, std::vector<std::string>&) {
  auto scan = scan_shrinkage(store);
  if (!scan) return scan.status();
  if (scan->counts == 0) return failed_precondition("the store has no stock counts to compare with its ledger");
  for (const auto& s : scan->alerts) {
    if (s.at < since) continue;
    StoredAlert a = make_alert("shrinkage", std::to_string(s.movement_id),
                               s.loss_share >= 0.25 ? "high" : "medium", s.at);
    a.title = fixed(s.missing, 0) + " units of " + s.sku + " " + s.name + " missing at " + s.location;
    a.detail = "counted " + fixed(s.counted, 0) + " where the ledger expected " + fixed(s.expected, 0) + " (" +
               fixed(s.loss_share * 100, 0) + "% lost against a usual " + fixed(s.usual_share * 100, 1) + "%)";
    a.check = s.what_to_check;
    a.score = s.score;
    Json reasons = Json::array();
    for (const auto& r : s.reasons) reasons.push_back(reason(r.code, r.text));
    a.reasons = reasons.dump();
    point_at(a, "product", s.product_id, s.sku);
    out.push_back(std::move(a));
  }
  return Status::ok();
}

using Scanner = Status (*)(Store&, Timestamp, std::vector<StoredAlert>&, std::vector<std::string>& notes);

}  // namespace

bool is_alert_type(std::string_view type) {
  return std::find(std::begin(kAlertTypes), std::end(kAlertTypes), type) != std::end(kAlertTypes);
}

Result<AlertScanSummary> scan_and_store_alerts(Store& store, const AlertScanOptions& options) {
  for (const auto& t : options.types)
    if (!is_alert_type(t))
      return invalid_argument("unknown alert type '" + t + "' (fraud, price, supplier, shrinkage, drift)", "types");
  AlertScanSummary summary;
  if (options.since) {
    summary.since = *options.since;
  } else {
    auto stats = store.stats();
    if (!stats) return stats.status();
    summary.since = stats->last_order_at ? *stats->last_order_at - kAlertWindowDays * kAlertDay : 0;
  }
  const std::pair<const char*, std::vector<Scanner>> scans[] = {
      {"fraud", {fraud_alerts}},
      {"price", {price_alerts}},
      {"supplier", {delivery_alerts, supplier_drift_alerts}},
      {"shrinkage", {shrinkage_alerts}},
      {"drift", {model_drift_alerts}}};
  auto wanted = [&](const char* type) {
    return options.types.empty() ||
           std::find(options.types.begin(), options.types.end(), type) != options.types.end();
  };
  for (const auto& [type, scanners] : scans) {
    if (!wanted(type)) continue;
    std::vector<StoredAlert> found;
    for (Scanner scan : scanners)
      if (Status s = scan(store, summary.since, found, summary.notes); !s)
        summary.skipped.push_back(std::string(type) + ": " + s.message());
    summary.found[type] = found.size();
    auto added = store.alerts().add_new(found, now_utc());
    if (!added) return added.status();
    summary.added[type] = *added;
  }
  return summary;
}

Json alert_scan_json(const AlertScanSummary& s) {
  return {{"since", format_timestamp(s.since)}, {"found", s.found}, {"added", s.added}, {"skipped", s.skipped},
          {"notes", s.notes}};
}

Json alert_json(const StoredAlert& a) {
  Json reasons = Json::parse(a.reasons, nullptr, false);
  return {{"id", a.id},
          {"type", a.type},
          {"severity", a.severity},
          {"status", to_string(a.status)},
          {"title", a.title},
          {"detail", a.detail},
          {"check", a.check},
          {"score", std::round(a.score * 1000) / 1000},
          {"reasons", reasons.is_array() ? reasons : Json::array()},
          {"record", {{"kind", a.record_kind}, {"id", a.record_id}, {"key", a.record_key}}},
          {"occurred_at", format_timestamp(a.occurred_at)},
          {"created_at", format_timestamp(a.created_at)},
          {"updated_at", format_timestamp(a.updated_at)},
          {"note", a.note},
          {"updated_by", a.updated_by}};
}

Result<Json> alert_page_json(Store& store, const AlertFilter& filter) {
  AlertFilter one_more = filter;
  one_more.limit = filter.limit + 1;  // tells whether a next page exists
  auto alerts = store.alerts().list(one_more);
  if (!alerts) return alerts.status();
  auto counts = store.alerts().counts(filter);
  if (!counts) return counts.status();
  Json items = Json::array();
  for (std::size_t i = 0; i < alerts->size() && static_cast<int>(i) < filter.limit; ++i)
    items.push_back(alert_json((*alerts)[i]));
  const bool more = static_cast<int>(alerts->size()) > filter.limit;
  return Json{{"items", std::move(items)},
              {"next_cursor", more ? Json(std::to_string((*alerts)[filter.limit - 1].id)) : Json(nullptr)},
              {"counts", *counts}};
}

Result<Json> change_alert_status(Store& store, Id id, AlertStatus to, const std::string& note,
                                 const std::string& by) {
  auto changed = store.alerts().set_status(id, to, note, by, now_utc());
  if (!changed) return changed.status();
  return alert_json(*changed);
}

}  // namespace oiis::services
