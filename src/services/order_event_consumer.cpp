#include "services/order_event_consumer.h"

#include <chrono>
#include <thread>

#include "common/log.h"
#include "domain/json.h"
#include "services/order_placement.h"

namespace oiis::services {
namespace {

// Failures that retrying cannot cure: the event itself is wrong for this store.
bool refused_for_good(const Status& s) {
  return s.code() == ErrorCode::kInvalidArgument || s.code() == ErrorCode::kNotFound ||
         s.code() == ErrorCode::kConflict || s.code() == ErrorCode::kFailedPrecondition ||
         s.code() == ErrorCode::kAlreadyExists;
}

void consumer_pause(const std::atomic<bool>& stop, int ms) {
  for (int waited = 0; waited < ms && !stop.load(); waited += 20)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

}  // namespace

OrderEventConsumer::OrderEventConsumer(Store& store, stream::Stream& stream,
                                       ConsumeOptions options)
    : store_(store), stream_(stream), options_(std::move(options)) {}

Status OrderEventConsumer::apply(const stream::Delivery& d, ConsumeTotals& totals) {
  const std::string what = "event " + std::to_string(d.event.id) + " from " + stream_.describe();
  if (d.event.type != options_.order_type) {
    ++totals.skipped;
    return stream_.ack(d);
  }
  OrderRequest request;
  Status parsed = d.event.id > 0 ? Status::ok()
                                 : invalid_argument("the event has no id to key the order on", "id");
  const Json body = Json::parse(d.event.body, nullptr, false);
  if (parsed.is_ok() && (body.is_discarded() || !body.is_object()))
    parsed = invalid_argument("the body is not a JSON object", "body");
  if (parsed.is_ok()) parsed = read_order_request(body, request);
  Status placed = parsed;
  if (parsed.is_ok()) {
    request.idempotency_key =
        "stream:" + options_.stream_name + ":" + std::to_string(d.event.id);
    auto order = place_order(store_, request, "event id");
    placed = order.status();
    if (order) ++(order->replayed ? totals.replayed : totals.placed);
  }
  if (!placed.is_ok()) {
    if (!refused_for_good(placed)) return placed;  // not acked: delivered again later
    log_warn("order " + what + " rejected: " + placed.to_string());
    ++totals.rejected;
  }
  return stream_.ack(d);
}

Result<int> OrderEventConsumer::consume_once(ConsumeTotals& totals) {
  auto deliveries = stream_.fetch(options_.batch, options_.wait_ms);
  if (!deliveries) return deliveries.status();
  for (const auto& d : *deliveries) {
    ++totals.delivered;
    OIIS_RETURN_IF_ERROR(apply(d, totals));
  }
  return static_cast<int>(deliveries->size());
}

ConsumeTotals OrderEventConsumer::run(const std::atomic<bool>& stop, bool stop_when_idle) {
  ConsumeTotals totals;
  while (!stop.load()) {
    auto round = consume_once(totals);
    if (!round) {
      ++totals.failures;
      log_warn("order events from " + stream_.describe() + ": " + round.status().to_string());
      consumer_pause(stop, 1000);
    } else if (*round == 0 && stop_when_idle) {
      break;
    }
  }
  return totals;
}

}  // namespace oiis::services
