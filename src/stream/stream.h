// Events on a durable stream, published exactly once and consumed with explicit acks. Two back
// ends behind one interface: Redis Streams (hiredis) and NATS JetStream (our own client of the
// NATS text protocol, nats_connection.h). docs/scale-out.md "Event stream" compares them.
//
// Exactly once, publishing: every event carries the publisher's id (the outbox id for OIIS's
// own events), positive and increasing in publishing order. The stream refuses an id it already
// holds (Redis: the entry id "<id>-0" must be greater than the last one; JetStream: the
// Nats-Msg-Id header within the stream's duplicate window), so a publisher that crashed after
// publishing but before recording it publishes again harmlessly: the report counts those as
// duplicates.
// Exactly once, consuming: a delivery stays pending until acked and is handed out again after
// a restart (or to another consumer once `redeliver_after_ms` passed); the consumer applies it
// idempotently on the event id and acks only after it is applied.
//
// A Stream is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace oiis::stream {

struct Event {
  std::int64_t id = 0;  // > 0, increasing in publishing order
  std::string type;     // "order.placed", ...: letters, digits, '.', '_', '-'
  std::string body;     // JSON text
};

struct PublishReport {
  int appended = 0;    // new entries
  int duplicates = 0;  // ids the stream already held: not appended again
};

// An event handed to a consumer; ack it once it is applied.
struct Delivery {
  Event event;
  std::string ack_token;  // Redis entry id, or JetStream's ack subject
};

struct StreamOptions {
  std::string name = "oiis-events";  // Redis key; JetStream stream (subjects "<name>.<type>")
  std::string group = "oiis";        // durable consumer (Redis group, JetStream durable name)
  std::string consumer = "oiis-1";   // Redis: this reader within the group
  int redeliver_after_ms = 30000;    // an unacked delivery is handed out again after this
  int timeout_ms = 3000;             // one round trip to the server
  // JetStream only, when it creates the stream: how long it remembers a Nats-Msg-Id. A
  // re-publish later than this is appended again (Redis remembers the last id for good).
  int duplicate_window_ms = 120000;
};

class Stream {
 public:
  virtual ~Stream() = default;
  // "redis 127.0.0.1:6379 stream oiis-events", for logs.
  virtual std::string describe() const = 0;
  // Appends `events` in order; returns once the server confirmed each one.
  virtual Result<PublishReport> publish(const std::vector<Event>& events) = 0;
  // Up to `max` deliveries for the durable consumer, waiting up to `wait_ms` for the first one
  // (an empty vector when none came). Deliveries pending from before a restart come first.
  virtual Result<std::vector<Delivery>> fetch(int max, int wait_ms) = 0;
  // The delivery is applied: it is not handed out again.
  virtual Status ack(const Delivery& d) = 0;
  // The id of the last event on the stream (0 when it holds none). A publisher that starts
  // again skips what is already there, so its exactly-once does not depend on how long the
  // stream remembers ids (JetStream's duplicate window).
  virtual Result<std::int64_t> last_id() = 0;
};

// "redis://HOST:PORT" or "nats://HOST:PORT" (kInvalidArgument, field "stream", otherwise).
// Connects, and creates the stream (and, at the first fetch, the consumer) when missing.
Result<std::unique_ptr<Stream>> open_stream(const std::string& url, const StreamOptions& options);

// Whether `type` may name an event (and so a JetStream subject token run).
bool valid_event_type(const std::string& type);

}  // namespace oiis::stream
