// Shared by the stream tests: a real stream server of either kind (redis-server or nats-server
// with JetStream, started here on 127.0.0.1), a small SQLite store that can place orders, and
// the `oiis` binary run as a child process that a test may kill -9.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "stream/stream.h"
#include "support/child_process.h"
#include "support/nats_server.h"
#include "support/redis_server.h"
#include "support/required_part.h"
#include "support/run_command.h"

namespace oiis::stest {

// One running stream server; `kind` is "redis" or "nats".
struct StreamServer {
  std::unique_ptr<testing::RedisServer> redis;
  std::unique_ptr<testing::NatsServer> nats;
  std::string url;

  static std::unique_ptr<StreamServer> start(const std::string& kind, std::string* why) {
    auto s = std::make_unique<StreamServer>();
    if (kind == "redis") {
      s->redis = testing::RedisServer::start(why);
      if (!s->redis) return nullptr;
      s->url = s->redis->url();
    } else {
      s->nats = testing::NatsServer::start(why);
      if (!s->nats) return nullptr;
      s->url = s->nats->url();
    }
    return s;
  }
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

// A fresh folder under the system's temporary one, removed on destruction.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "oiis-stream-XXXXXX").string();
    path = mkdtemp(pattern.data()) ? pattern : "";
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

// An SQLite store at `path` with one location and products "S1".."S5", each with plenty of
// stock, so that every order a test places is accepted.
inline std::unique_ptr<Store> store_with_products(const std::string& path) {
  auto opened = open_store("sqlite:" + path);
  EXPECT_TRUE(opened.is_ok()) << opened.status().to_string();
  if (!opened) return nullptr;
  auto store = std::move(opened).value();
  Location loc;
  loc.code = "MAIN";
  loc.name = "Main";
  auto location = store->create_location(loc);
  EXPECT_TRUE(location.is_ok()) << location.status().to_string();
  for (int i = 1; i <= 5; ++i) {
    Product p;
    p.sku = "S" + std::to_string(i);
    p.name = "product " + p.sku;
    p.price = 10;
    auto product = store->create_product(p);
    EXPECT_TRUE(product.is_ok()) << product.status().to_string();
    if (!product || !location) continue;
    StockAdjustment a;
    a.product_id = product->id;
    a.location_id = location->id;
    a.type = MovementType::kReceipt;
    a.quantity = 1'000'000;
    EXPECT_TRUE(store->adjust_stock(a).is_ok());
  }
  return store;
}

// The order request JSON another order system would publish.
inline std::string order_json(int n) {
  return R"({"external_id":"ext-)" + std::to_string(n) + R"(","channel":"shop-b","lines":[{"sku":"S)" +
         std::to_string(1 + n % 5) + R"(","quantity":)" + std::to_string(1 + n % 3) + "}]}";
}

// Every event on the stream, read by a fresh durable consumer `group` (acked as read).
inline std::vector<stream::Event> read_everything(const std::string& url, const std::string& group) {
  stream::StreamOptions o;
  o.group = group;
  auto s = stream::open_stream(url, o);
  EXPECT_TRUE(s.is_ok()) << s.status().to_string();
  std::vector<stream::Event> out;
  if (!s) return out;
  for (;;) {
    auto got = (*s)->fetch(500, 300);
    EXPECT_TRUE(got.is_ok()) << got.status().to_string();
    if (!got || got->empty()) return out;
    for (const auto& d : *got) {
      out.push_back(d.event);
      EXPECT_TRUE((*s)->ack(d).is_ok());
    }
  }
}

// `oiis <args>` as a child process (output appended to `log`), for tests that kill it.
inline testing::ChildProcess spawn_oiis(std::vector<std::string> args, const std::string& log) {
  args.insert(args.begin(), testing::oiis_binary_path());
  return testing::ChildProcess::spawn(args, log);
}

}  // namespace oiis::stest
