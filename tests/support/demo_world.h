// The demo world (`oiis serve`'s seed: 42, 300 products, 3,000 customers, 365 days, from
// 2023-01-01) in an in-memory SQLite store, for tests that guard figures measured on it.
// Header-only: only the test binaries that link the data module include it.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "data/generator_writer.h"
#include "data/world.h"
#include "store/store.h"

namespace oiis::testing {

struct DemoWorld {
  world::World world;
  std::unique_ptr<Store> store;  // null when it could not be built (the test has failed)
};

// The demo world's generator settings, for tests that change one of them.
inline GeneratorConfig demo_config() {
  GeneratorConfig config;
  config.seed = 42;
  config.products = 300;
  config.customers = 3000;
  config.days = 365;
  config.start_date = date_from_civil(2023, 1, 1);
  return config;
}

inline DemoWorld demo_world(const GeneratorConfig& config = demo_config()) {
  DemoWorld demo{world::build_world(config), nullptr};
  auto store = open_store(":memory:");
  EXPECT_TRUE(store.is_ok()) << store.status().to_string();
  if (!store) return demo;
  const Status written = write_world_to_store(demo.world, **store);
  EXPECT_TRUE(written.is_ok()) << written.to_string();
  if (written.is_ok()) demo.store = std::move(store).value();
  return demo;
}

}  // namespace oiis::testing
