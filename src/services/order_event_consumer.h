// Orders from an existing order system, published as events on a stream, placed through the
// same service as POST /api/v1/orders (order_placement.h). Exactly once: the order's
// idempotency key is "stream:<stream>:<event id>", so a redelivered event (a consumer that died
// before acking) finds its order instead of placing another; an event is acked only after its
// order is stored.
//
// An event of type `order_type` carries the order request's JSON as its body (the fields of
// POST /api/v1/orders). Other types are acked and counted as skipped. An event the store
// refuses for good (bad fields, unknown sku, short stock) is logged, acked and counted as
// rejected, so that it is not redelivered forever; a store that is down leaves the event
// unacked for a later round.
#pragma once

#include <atomic>
#include <string>

#include "common/status.h"
#include "store/store.h"
#include "stream/stream.h"

namespace oiis::services {

struct ConsumeOptions {
  std::string stream_name;                  // part of the idempotency key
  std::string order_type = "order.placed";  // the event type that carries an order
  int batch = 100;
  int wait_ms = 500;  // how long one fetch waits for events
};

struct ConsumeTotals {
  std::int64_t delivered = 0, placed = 0, replayed = 0, rejected = 0, skipped = 0, failures = 0;
};

class OrderEventConsumer {
 public:
  OrderEventConsumer(Store& store, stream::Stream& stream, ConsumeOptions options);
  // One fetch and its events: how many came. kUnavailable (nothing acked from there on) when
  // the store or the stream failed.
  Result<int> consume_once(ConsumeTotals& totals);
  // Rounds until `stop` is set, or, with `stop_when_idle`, until a fetch brings nothing.
  ConsumeTotals run(const std::atomic<bool>& stop, bool stop_when_idle = false);

 private:
  Status apply(const stream::Delivery& d, ConsumeTotals& totals);

  Store& store_;
  stream::Stream& stream_;
  ConsumeOptions options_;
};

}  // namespace oiis::services
