// Redis Streams vs NATS JetStream through OIIS's stream interface (stream/stream.h), on one
// machine: publish rate (pipelined batches, and one event per round trip as a quiet relay
// does), consume rate (fetch + one ack per event), and end-to-end latency (publish -> a
// consumer has it). bench/stream_compare.sh starts the servers and runs this once per back end.
// Usage: stream_compare URL rate|fill|check|window [events (20000)] [stream name]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "stream/stream.h"

using namespace oiis;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// About the size of an order.placed outbox event with two lines.
std::string event_body(std::int64_t id, std::int64_t sent_ns) {
  std::string body = R"({"id":)" + std::to_string(id) + R"(,"sent_ns":)" + std::to_string(sent_ns) +
                     R"(,"topic":"order.placed","aggregate":"order","payload":{"order_id":)" +
                     std::to_string(id) + R"(,"customer_id":17,"location_id":1,"total":59.8,)" +
                     R"("lines":[{"sku":"SKU-00017","quantity":2,"unit_price":19.9},)" +
                     R"({"sku":"SKU-00230","quantity":1,"unit_price":20.0}]}})";
  return body;
}

std::unique_ptr<stream::Stream> open_or_die(const std::string& url, const std::string& name,
                                            const std::string& group) {
  stream::StreamOptions o;
  o.name = name;
  o.group = group;
  auto s = stream::open_stream(url, o);
  if (!s) {
    std::fprintf(stderr, "%s: %s\n", url.c_str(), s.status().to_string().c_str());
    std::exit(1);
  }
  return std::move(s).value();
}

double publish_rate(stream::Stream& s, std::int64_t first, std::int64_t n, int batch) {
  const auto start = Clock::now();
  for (std::int64_t id = first; id < first + n; id += batch) {
    std::vector<stream::Event> events;
    for (std::int64_t i = id; i < std::min(first + n, id + batch); ++i)
      events.push_back({i, "order.placed", event_body(i, 0)});
    auto r = s.publish(events);
    if (!r || r->appended != static_cast<int>(events.size())) {
      std::fprintf(stderr, "publish failed: %s\n", r ? "duplicates" : r.status().to_string().c_str());
      std::exit(1);
    }
  }
  return static_cast<double>(n) / seconds_since(start);
}

double consume_rate(stream::Stream& s, std::int64_t n) {
  const auto start = Clock::now();
  std::int64_t got = 0;
  while (got < n) {
    auto batch = s.fetch(500, 1000);
    if (!batch || batch->empty()) break;
    for (const auto& d : *batch)
      if (s.ack(d).is_ok()) ++got;
  }
  if (got != n) std::fprintf(stderr, "consumed %lld of %lld\n", (long long)got, (long long)n);
  return static_cast<double>(got) / seconds_since(start);
}

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// One event every 2 ms; a consumer thread records when each arrives.
std::vector<double> end_to_end_ms(const std::string& url, int n) {
  auto publisher = open_or_die(url, "bench-latency", "unused");
  auto consumer = open_or_die(url, "bench-latency", "latency");
  (void)consumer->fetch(1, 0);  // creates the consumer before the first event
  std::vector<double> out;
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done && static_cast<int>(out.size()) < n) {
      auto got = consumer->fetch(100, 200);
      if (!got) continue;
      for (const auto& d : *got) {
        const auto at = now_ns();
        const auto pos = d.event.body.find("\"sent_ns\":");
        out.push_back(static_cast<double>(at - std::stoll(d.event.body.substr(pos + 10))) / 1e6);
        (void)consumer->ack(d);
      }
    }
  });
  for (int i = 1; i <= n; ++i) {
    (void)publisher->publish({{i, "order.placed", event_body(i, now_ns())}});
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (static_cast<int>(out.size()) < n && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  done = true;
  reader.join();
  std::sort(out.begin(), out.end());
  return out;
}

double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(q * sorted.size()))];
}

void run_rates(const std::string& url, std::int64_t n) {
  auto s = open_or_die(url, "bench-rate", "rate");
  const double batched = publish_rate(*s, 1, n, 500);
  const std::int64_t singles = std::min<std::int64_t>(n / 10, 2000);
  const double single = publish_rate(*s, n + 1, singles, 1);
  // A relay restarted from an old position: the first 500 again, all duplicates.
  const auto again_start = Clock::now();
  std::vector<stream::Event> again;
  for (std::int64_t i = 1; i <= 500; ++i) again.push_back({i, "order.placed", event_body(i, 0)});
  auto dup = s->publish(again);
  const double dup_ms = seconds_since(again_start) * 1e3;
  const double consumed = consume_rate(*s, n + singles);
  auto latency = end_to_end_ms(url, 1000);
  std::printf("%s: publish %.0f events/s (batches of 500), %.0f events/s (one per round trip); "
              "re-publish of 500 already there: %d duplicates, %d appended, %.1f ms; "
              "consume %.0f events/s (fetch 500, ack each); end-to-end latency over %zu events "
              "p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              url.substr(0, url.find(':')).c_str(), batched, single, dup ? dup->duplicates : -1,
              dup ? dup->appended : -1, dup_ms, consumed, latency.size(), quantile(latency, 0.5),
              quantile(latency, 0.99), latency.empty() ? 0 : latency.back());
}

// The server restart check, in two runs around a kill -9 of the server: "fill" publishes
// 1..n (each confirmed); "check" publishes 1..n again and reads everything back.
void run_fill(const std::string& url, std::int64_t n, const std::string& name) {
  auto s = open_or_die(url, name, "unused");
  publish_rate(*s, 1, n, 500);
  std::printf("fill: %lld events confirmed\n", static_cast<long long>(n));
}

void run_check(const std::string& url, std::int64_t n, const std::string& name) {
  auto s = open_or_die(url, name, "after-restart");
  std::vector<stream::Event> again;
  for (std::int64_t i = 1; i <= n; ++i) again.push_back({i, "order.placed", event_body(i, 0)});
  auto dup = s->publish(again);
  std::int64_t present = 0, highest = 0;
  for (;;) {
    auto got = s->fetch(500, 500);
    if (!got || got->empty()) break;
    for (const auto& d : *got) {
      ++present;
      highest = std::max(highest, d.event.id);
      (void)s->ack(d);
    }
  }
  std::printf("after the server's kill -9 and restart: %lld events on the stream (highest id %lld); "
              "re-publishing 1..%lld: %s %d duplicates, %d appended\n",
              static_cast<long long>(present), static_cast<long long>(highest),
              static_cast<long long>(n), dup ? "" : dup.status().to_string().c_str(),
              dup ? dup->duplicates : -1, dup ? dup->appended : -1);
}

// How long the stream refuses a repeated id: JetStream forgets a Nats-Msg-Id after its
// duplicate window (1 s here), Redis compares with the stream's last id for good.
void run_window(const std::string& url) {
  stream::StreamOptions o;
  o.name = "bench-window";
  o.duplicate_window_ms = 1000;
  auto s = stream::open_stream(url, o);
  if (!s) std::exit(1);
  std::vector<stream::Event> events;
  for (std::int64_t i = 1; i <= 10; ++i) events.push_back({i, "order.placed", event_body(i, 0)});
  auto first = (*s)->publish(events);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  auto late = (*s)->publish(events);
  std::printf("%s: 10 events, then the same 10 again 2.5 s later (JetStream window 1 s): "
              "first %d appended; later %d appended, %d duplicates\n",
              url.substr(0, url.find(':')).c_str(), first ? first->appended : -1,
              late ? late->appended : -1, late ? late->duplicates : -1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: stream_compare URL rate|fill|check|window [events]\n");
    return 2;
  }
  const std::string url = argv[1], mode = argv[2];
  const std::int64_t n = argc > 3 ? std::stoll(argv[3]) : 20000;
  const std::string name = argc > 4 ? argv[4] : "bench-restart";
  if (mode == "rate") run_rates(url, n);
  else if (mode == "fill") run_fill(url, n, name);
  else if (mode == "check") run_check(url, n, name);
  else if (mode == "window") run_window(url);
  else return 2;
  return 0;
}
