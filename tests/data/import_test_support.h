// Helpers shared by the import and export tests: in-memory stores and string inputs.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "data/csv.h"
#include "data/importer.h"
#include "store/store.h"

namespace oiis::testing {

inline std::unique_ptr<Store> memory_store() {
  auto store = open_store(":memory:");
  EXPECT_TRUE(store.is_ok()) << store.status().to_string();
  return store ? std::move(store).value() : nullptr;
}

inline Result<ImportReport> import_text(Store& store, const std::string& text,
                                        ImportOptions options) {
  return import_from(
      store, [text]() -> Result<std::unique_ptr<ByteSource>> { return string_source(text); },
      "test", options);
}

inline ImportOptions csv_of(Entity e) {
  ImportOptions o;
  o.entity = e;
  return o;
}

inline std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A unique scratch file path under the test temp dir, removed at scope exit.
class TempPath {
 public:
  explicit TempPath(const std::string& name)
      : path_(std::filesystem::path(::testing::TempDir()) /
              (std::to_string(::getpid()) + "_" + name)) {}
  ~TempPath() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace oiis::testing
