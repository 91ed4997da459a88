// Drains the store's outbox to an event stream exactly once. A round reads the events after
// the position the store recorded for this relay, publishes them in order, and only once the
// stream confirmed every one records the new position. A relay that dies between publishing
// and recording finds them on the stream at its next start (Stream::last_id) and skips them;
// events a concurrent relay publishes twice are refused by id (stream/stream.h): each event is
// on the stream once, without relying on how long JetStream remembers ids. A stream that holds less than the
// recorded position (a Redis without fsync that crashed, a new stream) is sent the missing
// events again, from its last id (Stream::last_id) on.
//
// Event types are the outbox topics: order.placed, order.<status> (cancelled, ...),
// stock.adjusted, stock.changed, alert.raised, reorder.suggested,
// purchase_order.<created|ordered|received> (store/rules/outbox_events.h). The body is the event as
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
  // Where this round reads from: the recorded position, or the stream's last event id when
  // the stream holds less than that (it lost its tail in a crash, or it is a new stream).
  Result<Id> next_from(RelayTotals& totals);

  Store& store_;
  stream::Stream& stream_;
  RelayOptions options_;
  // The stream's last event id, read when the relay starts and again after a failure, then
  // kept up to date by the relay's own publishing.
  std::optional<std::int64_t> stream_last_;
};

// The stream event for an outbox row: id, type = topic, body = its JSON.
stream::Event to_stream_event(const OutboxEvent& e);

}  // namespace oiis::services
