// Drains the store's outbox to an event stream exactly once. A round reads the events after
// the position the store recorded for this relay, publishes them in order, and only once the
// stream confirmed every one records the new position. A relay that dies between publishing
// and recording finds them on the stream at its next start (Stream::last_id) and skips them;
// events published concurrently by another relay are refused by id (stream/stream.h). So each
// event is on the stream once.
//
// Event types are the outbox topics: order.placed, order.<status> (cancelled, ...),
// stock.adjusted, purchase_order.<created|ordered|received>. The body is the event as
// GET /api/v1/outbox shows it ({"id", "topic", "aggregate", "aggregate_id", "payload", "at"}).
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "common/status.h"
#include "store/store.h"
#include "stream/stream.h"

namespace oiis::services {

struct RelayOptions {
  std::string relay_name = "stream";  // whose position the store keeps
  int batch = 500;                    // events per round
  int idle_wait_ms = 200;             // pause when the outbox has nothing new
  int retry_wait_ms = 1000;           // pause after a failed round
};

struct RelayTotals {
  std::int64_t rounds = 0, read = 0, appended = 0, duplicates = 0, failures = 0;
  Id delivered_to = 0;
};

class OutboxRelay {
 public:
  OutboxRelay(Store& store, stream::Stream& stream, RelayOptions options = {});
  // One round; adds what it did to `totals`. Reads nothing new: read == 0.
  Status relay_once(RelayTotals& totals);
  // Rounds until `stop` is set (failures logged and retried after a pause). Returns when the
  // outbox was drained and `stop_when_drained` is set, too.
  RelayTotals run(const std::atomic<bool>& stop, bool stop_when_drained = false);

 private:
  Store& store_;
  stream::Stream& stream_;
  RelayOptions options_;
  // The stream's last event id, read when the relay starts and again after a failure: events
  // up to it are already there and are not published again (which, with JetStream, would
  // rely on its duplicate window alone).
  std::optional<std::int64_t> stream_last_;
};

// The stream event for an outbox row: id, type = topic, body = its JSON.
stream::Event to_stream_event(const OutboxEvent& e);

}  // namespace oiis::services
