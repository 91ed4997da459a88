#include "services/order_risk_service.h"

#include <algorithm>

#include "common/stopwatch.h"
#include "common/time.h"
#include "services/alert_service.h"
#include "services/anomaly_service.h"
#include "store/alert_tables.h"

namespace oiis::services {
namespace {

// As the scan's strong alerts (alert_service.cpp): a flagged order breaking three rules or among
// the top 1% of risk scores is high and becomes an alert at once; the other flagged ones are
// medium and wait for the next scan, which caps fraud alerts at 1% of orders.
constexpr double kAlertPercentile = 0.99;

const char* level_of(const anomaly::PlacementRisk& r) {
  if (r.flagged && (r.rules.size() >= 3 || r.percentile >= kAlertPercentile)) return "high";
  if (r.flagged || r.percentile >= kAlertPercentile) return "medium";
  return "low";
}

Json risk_json(const anomaly::PlacementRisk& r, std::size_t model_orders) {
  Json rules = Json::array();
  for (const auto& hit : r.rules) rules.push_back({{"code", hit.code}, {"reason", hit.reason}});
  return {{"score", r.score},          {"percentile", r.percentile}, {"level", level_of(r)},
          {"flagged", r.flagged},      {"rules", std::move(rules)},  {"unusual", r.reasons},
          {"model_orders", model_orders}};
}

}  // namespace

Result<PlacementReplay> replay_placements(Store& store, int days) {
  if (days < 1) return invalid_argument("must be at least 1", "days");
  auto records = load_order_records(store);
  if (!records) return records.status();
  if (records->empty()) return invalid_argument("the store has no orders", "data");
  const Timestamp newest = records->back().placed_at;
  const Timestamp from = newest - newest % 86400 - static_cast<Timestamp>(days - 1) * 86400;
  const auto split = std::lower_bound(records->begin(), records->end(), from,
                                      [](const anomaly::OrderRecord& r, Timestamp t) { return r.placed_at < t; });
  if (split == records->begin()) return invalid_argument("no orders before the replayed days to fit on", "days");
  PlacementReplay replay;
  replay.from = from;
  replay.fitted = static_cast<std::size_t>(split - records->begin());
  Stopwatch fit_watch;
  auto model = anomaly::OrderRiskModel::fit(std::span(records->data(), replay.fitted));
  if (!model) return model.status();
  replay.fit_seconds = fit_watch.seconds();
  std::vector<double> micros;
  for (auto it = split; it != records->end(); ++it) {
    Stopwatch watch;
    const anomaly::PlacementRisk risk = model->score(*it);
    model->add(*it);
    micros.push_back(watch.seconds() * 1e6);
    replay.scored_ids.push_back(it->order_id);
    const std::string level = level_of(risk);
    ++replay.levels[level];
    if (level == "high") replay.high.push_back(it->order_id);
    if (risk.flagged) replay.flagged.push_back(it->order_id);
  }
  replay.scored = micros.size();
  std::sort(micros.begin(), micros.end());
  replay.p50_us = micros[micros.size() / 2];
  replay.p99_us = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
  replay.max_us = micros.back();
  return replay;
}

Status OrderRiskService::refit() {
  {
    std::lock_guard lock(mutex_);
    refitting_ = true;
    placed_during_refit_.clear();
  }
  auto records = load_order_records(store_);
  Result<anomaly::OrderRiskModel> fitted =
      records ? anomaly::OrderRiskModel::fit(*records) : Result<anomaly::OrderRiskModel>(records.status());
  const Id last_loaded = records && !records->empty() ? records->back().order_id : 0;
  std::lock_guard lock(mutex_);
  refitting_ = false;
  if (!fitted) {
    // Placements keep being answered without a score, saying why (not "being fitted" forever).
    if (!records || !records->empty()) {
      if (!model_) unavailable_ = "the order-risk model could not be fitted: " + fitted.status().message();
      return fitted.status();
    }
    unavailable_ = "the store has no orders to learn what is usual from; scoring starts at the next refit";
    return Status::ok();
  }
  auto model = std::make_unique<anomaly::OrderRiskModel>(std::move(*fitted));
  // Orders placed while the store was read: those the scan did not see join the new history.
  for (const auto& r : placed_during_refit_)
    if (r.order_id > last_loaded) model->add(r);
  placed_during_refit_.clear();
  model_ = std::move(model);
  return Status::ok();
}

Json OrderRiskService::score_placed(const Order& order) {
  anomaly::OrderRecord record = order_record(order);
  std::unique_lock lock(mutex_);
  if (!model_) {
    if (refitting_) placed_during_refit_.push_back(record);
    return {{"score", nullptr}, {"reason", unavailable_}};
  }
  if (record.customer_id && !model_->signup_of(*record.customer_id)) {
    // A customer the model has not seen: one read for the signup time (account age).
    lock.unlock();
    auto customer = store_.get_customer(*record.customer_id);
    if (customer) record.signup_at = customer->signup_at;
    lock.lock();
  }
  const anomaly::PlacementRisk risk = model_->score(record);
  model_->add(record);
  if (refitting_) placed_during_refit_.push_back(record);
  Json out = risk_json(risk, model_->fitted_orders());
  lock.unlock();
  if (std::string(level_of(risk)) != "high") return out;
  StoredAlert alert = fraud_alert({order.id, record.total, order.placed_at, risk.score, &risk.rules,
                                   &risk.reasons, true});
  if (!store_.alerts().add_new({alert}, now_utc())) return out;  // the next scan retries
  AlertFilter filter;
  filter.type = "fraud";
  filter.record_kind = "order";
  filter.record_id = order.id;
  filter.limit = 1;
  if (auto stored = store_.alerts().list(filter); stored && !stored->empty())
    out["alert_id"] = stored->front().id;
  return out;
}

}  // namespace oiis::services
