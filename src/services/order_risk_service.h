// Scoring each order as it is placed (issue 13): the fraud model of anomaly/order_risk_model.h
// fitted on the store's orders, kept in memory with the running history its features read, so
// placing an order adds microseconds, not a scan. Refitted in the background (oiis serve
// --order-risk-every); orders placed while a refit reads the store are replayed onto the new
// model before it takes over. Several processes on one store each keep their own history, so a
// customer's orders through another process count from that process's next refit.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "anomaly/order_risk_model.h"
#include "common/status.h"
#include "domain/json.h"
#include "store/store.h"

namespace oiis::services {

// Placement replayed on history: the model fitted on the orders placed before the last `days`
// days (up to the newest order), then
// every later order scored as it would have been at placement, in order, and added to the
// history — what the server does, without the server. Times each score (features, forest,
// rules; not the store read of a new customer's signup, which the replay takes from the scan).
struct PlacementReplay {
  std::size_t fitted = 0, scored = 0;
  std::map<std::string, std::size_t> levels;  // low, medium, high
  Timestamp from = 0;                         // the first replayed day's start
  std::vector<Id> scored_ids, high, flagged;  // order ids
  double fit_seconds = 0;
  double p50_us = 0, p99_us = 0, max_us = 0;  // per order scored
};
Result<PlacementReplay> replay_placements(Store& store, int days);

class OrderRiskService {
 public:
  explicit OrderRiskService(Store& store) : store_(store) {}
  // Fits a model on every order in the store and swaps it in; the old one scores meanwhile.
  // A store without orders leaves scoring off, with the reason kept for the answers.
  Status refit();
  // A just-placed order's risk, and the order added to the history: {"score", "percentile",
  // "level" (low|medium|high), "flagged", "rules": [{"code", "reason"}], "unusual": [...],
  // "alert_id" (a high one is stored as a fraud alert at once), "model_orders"}. Before any
  // model: {"score": null, "reason": "..."}.
  Json score_placed(const Order& order);

 private:
  Store& store_;
  std::mutex mutex_;  // guards everything below
  std::unique_ptr<anomaly::OrderRiskModel> model_;
  std::string unavailable_ = "the order-risk model is being fitted on the store's orders";
  bool refitting_ = false;
  std::vector<anomaly::OrderRecord> placed_during_refit_;
};

}  // namespace oiis::services
