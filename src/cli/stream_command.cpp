// `oiis stream relay|consume|tail`: the order events on a Redis Streams or NATS JetStream
// server (stream/stream.h). relay drains the outbox to the stream exactly once
// (services/outbox_relay.h); consume places orders published by another system
// (services/order_event_consumer.h); tail prints what a durable consumer receives.
// `oiis serve --stream URL` runs the relay in a background thread (RelayThread).
#include <csignal>
#include <cstdio>
#include <thread>

#include <pthread.h>

#include "cli/commands.h"
#include "common/log.h"
#include "domain/json.h"
#include "services/order_event_consumer.h"
#include "services/outbox_relay.h"

namespace oiis::cli {
namespace {

struct StreamCliArgs {
  StoreArgs store;
  StreamArgs stream;
  std::string relay_name = "stream";
  std::string group, consumer = "oiis-1";
  int batch = 500;
  int wait_ms = 1000;
  int redeliver_after_ms = 30000;
  std::int64_t max_events = 0;
  bool until_idle = false;
};

// Runs `work(stop)` until it returns or SIGINT/SIGTERM sets `stop`.
template <typename Work>
auto run_until_signal(Work work) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::atomic<bool> stop{false};
  std::thread waiter([&stop, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    stop = true;
  });
  auto result = work(stop);
  if (!stop) pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter to join it
  waiter.join();
  return result;
}

int run_relay(const StreamCliArgs& a) {
  int failed = 0;
  auto stream = open_stream_or_report(a.stream, {}, failed);
  if (!stream) return failed;
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  services::RelayOptions options;
  options.relay_name = a.relay_name;
  options.batch = a.batch;
  services::OutboxRelay relay(*store, *stream, options);
  auto totals = run_until_signal(
      [&](const std::atomic<bool>& stop) { return relay.run(stop, a.until_idle); });
  std::printf("relayed to %s: %lld events read, %lld appended, %lld already there; "
              "delivered up to outbox id %lld\n",
              stream->describe().c_str(), static_cast<long long>(totals.read),
              static_cast<long long>(totals.appended), static_cast<long long>(totals.duplicates),
              static_cast<long long>(totals.delivered_to));
  return totals.failures > 0 && a.until_idle ? 1 : 0;
}

int run_consume(const StreamCliArgs& a) {
  stream::StreamOptions so;
  so.group = a.group.empty() ? "oiis-orders" : a.group;
  so.consumer = a.consumer;
  so.redeliver_after_ms = a.redeliver_after_ms;
  int failed = 0;
  auto stream = open_stream_or_report(a.stream, so, failed);
  if (!stream) return failed;
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  services::ConsumeOptions options;
  options.stream_name = a.stream.name;
  options.batch = a.batch;
  options.wait_ms = a.wait_ms;
  services::OrderEventConsumer consumer(*store, *stream, options);
  auto totals = run_until_signal(
      [&](const std::atomic<bool>& stop) { return consumer.run(stop, a.until_idle); });
  std::printf("order events from %s: %lld delivered, %lld placed, %lld already placed, "
              "%lld rejected, %lld skipped\n",
              stream->describe().c_str(), static_cast<long long>(totals.delivered),
              static_cast<long long>(totals.placed), static_cast<long long>(totals.replayed),
              static_cast<long long>(totals.rejected), static_cast<long long>(totals.skipped));
  return 0;
}

// Prints each event as one JSON line ({"id", "type", "body"}) and acks it.
int run_tail(const StreamCliArgs& a) {
  stream::StreamOptions so;
  so.group = a.group.empty() ? "oiis-tail" : a.group;
  so.consumer = a.consumer;
  so.redeliver_after_ms = a.redeliver_after_ms;
  int failed = 0;
  auto stream = open_stream_or_report(a.stream, so, failed);
  if (!stream) return failed;
  std::int64_t shown = 0;
  Status ended = run_until_signal([&](const std::atomic<bool>& stop) -> Status {
    while (!stop && (a.max_events == 0 || shown < a.max_events)) {
      auto got = stream->fetch(a.batch, a.wait_ms);
      if (!got) return got.status();
      if (got->empty() && a.until_idle) break;
      for (const auto& d : *got) {
        Json body = Json::parse(d.event.body, nullptr, false);
        Json line = {{"id", d.event.id}, {"type", d.event.type},
                     {"body", body.is_discarded() ? Json(d.event.body) : body}};
        std::printf("%s\n", line.dump().c_str());
        OIIS_RETURN_IF_ERROR(stream->ack(d));
        ++shown;
      }
      std::fflush(stdout);
    }
    return Status::ok();
  });
  return ended.is_ok() ? 0 : fail(ended);
}

void add_common_options(CLI::App& cmd, StreamCliArgs& a, bool with_store) {
  add_stream_options(cmd, a.stream, true);
  if (with_store) add_store_options(cmd, a.store);
  cmd.add_option("--batch", a.batch, "Events per round")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  cmd.add_flag("--until-idle", a.until_idle, "Stop when there is nothing more to do");
}

void add_consumer_options(CLI::App& cmd, StreamCliArgs& a, const char* default_group) {
  cmd.add_option("--group", a.group,
                 std::string("Durable consumer (Redis group / JetStream durable) [") +
                     default_group + "]");
  cmd.add_option("--consumer", a.consumer, "This reader within a Redis group")
      ->capture_default_str();
  cmd.add_option("--wait-ms", a.wait_ms, "How long one fetch waits for events")
      ->check(CLI::Range(0, 60000))
      ->capture_default_str();
  cmd.add_option("--redeliver-after-ms", a.redeliver_after_ms,
                 "An event taken but not acked (its reader died) is delivered again after this")
      ->check(CLI::Range(100, 3600000))
      ->capture_default_str();
}

}  // namespace

void add_stream_options(CLI::App& cmd, StreamArgs& args, bool required) {
  auto* url = cmd.add_option("--stream", args.url,
                             "Event stream: redis://HOST:PORT (Redis Streams) or nats://HOST:PORT "
                             "(NATS JetStream)");
  if (required) url->required();
  cmd.add_option("--stream-name", args.name, "Redis key / JetStream stream name")
      ->capture_default_str();
}

std::unique_ptr<stream::Stream> open_stream_or_report(const StreamArgs& args,
                                                      stream::StreamOptions options,
                                                      int& exit_code) {
  options.name = args.name;
  auto opened = stream::open_stream(args.url, options);
  if (!opened) {
    const Status& s = opened.status();
    const std::string field = s.field() == "stream-name" ? "--stream-name" : "--stream";
    exit_code = fail(s.code() == ErrorCode::kInvalidArgument
                         ? invalid_argument(s.message(), field)
                         : Status(s.code(), "--stream " + args.url + ": " + s.message()));
    return nullptr;
  }
  return std::move(opened).value();
}

RelayThread::RelayThread(Store& store, std::unique_ptr<stream::Stream> stream)
    : stream_(std::move(stream)), thread_([this, &store] {
        services::OutboxRelay relay(store, *stream_);
        relay.run(stop_);
      }) {
  log_info("relaying the outbox to " + stream_->describe());
}

RelayThread::~RelayThread() {
  stop_ = true;
  thread_.join();
}

void add_stream_command(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand("stream", "Order events on Redis Streams or NATS JetStream");
  group->require_subcommand(1);
  auto relay = std::make_shared<StreamCliArgs>();
  CLI::App* r = group->add_subcommand("relay", "Publish the outbox's events to the stream, exactly once");
  add_common_options(*r, *relay, true);
  r->add_option("--relay-name", relay->relay_name, "Whose delivered-up-to position the store keeps")
      ->capture_default_str();
  r->callback([relay, &exit_code] { exit_code = run_relay(*relay); });

  auto consume = std::make_shared<StreamCliArgs>();
  consume->batch = 100;
  CLI::App* c = group->add_subcommand(
      "consume", "Place the orders another system publishes (type order.placed), once each");
  add_common_options(*c, *consume, true);
  add_consumer_options(*c, *consume, "oiis-orders");
  c->callback([consume, &exit_code] { exit_code = run_consume(*consume); });

  auto tail = std::make_shared<StreamCliArgs>();
  tail->batch = 100;
  CLI::App* t = group->add_subcommand("tail", "Print the stream's events as JSON lines (and ack them)");
  add_common_options(*t, *tail, false);
  add_consumer_options(*t, *tail, "oiis-tail");
  t->add_option("--max", tail->max_events, "Stop after this many events (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  t->callback([tail, &exit_code] { exit_code = run_tail(*tail); });
}

}  // namespace oiis::cli
