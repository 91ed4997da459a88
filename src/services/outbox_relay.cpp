#include "services/outbox_relay.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/log.h"
#include "domain/json.h"

namespace oiis::services {
namespace {

// Sleeps up to `ms`, waking early when `stop` is set (so a shutdown is prompt).
void relay_pause(const std::atomic<bool>& stop, int ms) {
  for (int waited = 0; waited < ms && !stop.load(); waited += 20)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

}  // namespace

stream::Event to_stream_event(const OutboxEvent& e) {
  return stream::Event{e.id, e.topic, to_json(e).dump()};
}

OutboxRelay::OutboxRelay(Store& store, stream::Stream& stream, RelayOptions options)
    : store_(store), stream_(stream), options_(std::move(options)) {}

Result<Id> OutboxRelay::next_from(RelayTotals& totals) {
  auto delivered = store_.outbox_delivered(options_.relay_name);
  if (!delivered) return delivered.status();
  totals.delivered_to = *delivered;
  if (!stream_last_) {  // at the start and after a failure: what the stream holds now
    auto last = stream_.last_id();
    if (!last) return last.status();
    stream_last_ = *last;
    if (*last < *delivered)
      log_warn("outbox relay: " + stream_.describe() + " ends at event " + std::to_string(*last) +
               " but events up to " + std::to_string(*delivered) +
               " were confirmed: it lost them (a crash, a new stream); publishing them again");
  }
  return std::min<Id>(*delivered, *stream_last_);
}

Status OutboxRelay::relay_once(RelayTotals& totals) {
  ++totals.rounds;
  auto from = next_from(totals);
  if (!from) return from.status();
  auto rows = store_.read_outbox(*from, options_.batch);
  if (!rows) return rows.status();
  if (rows->empty()) return Status::ok();
  std::vector<stream::Event> events;
  events.reserve(rows->size());
  int already_there = 0;  // published before a crash that came before recording them
  for (const auto& row : *rows) {
    if (row.id <= *stream_last_) ++already_there;
    else events.push_back(to_stream_event(row));
  }
  auto report = events.empty() ? Result<stream::PublishReport>(stream::PublishReport{})
                               : stream_.publish(events);
  if (!report) {
    stream_last_.reset();
    return report.status();
  }
  report->duplicates += already_there;
  stream_last_ = std::max<Id>(*stream_last_, rows->back().id);
  // Only now, with every event confirmed by the stream, does the position move.
  OIIS_RETURN_IF_ERROR(store_.mark_outbox_delivered(options_.relay_name, rows->back().id));
  totals.read += static_cast<std::int64_t>(rows->size());
  totals.appended += report->appended;
  totals.duplicates += report->duplicates;
  totals.delivered_to = std::max<Id>(totals.delivered_to, rows->back().id);
  return Status::ok();
}

RelayTotals OutboxRelay::run(const std::atomic<bool>& stop, bool stop_when_drained) {
  RelayTotals totals;
  bool failing = false;
  while (!stop.load()) {
    const std::int64_t read_before = totals.read;
    Status round = relay_once(totals);
    if (!round.is_ok()) {
      ++totals.failures;
      if (!failing) log_warn("outbox relay to " + stream_.describe() + ": " + round.to_string());
      failing = true;
      relay_pause(stop, options_.retry_wait_ms);
      continue;
    }
    if (failing) log_info("outbox relay to " + stream_.describe() + ": working again");
    failing = false;
    if (totals.read == read_before) {
      if (stop_when_drained) break;
      relay_pause(stop, options_.idle_wait_ms);
    }
  }
  return totals;
}

}  // namespace oiis::services
