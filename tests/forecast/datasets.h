// The public forecasting data sets beside the repository (../shared/datasets, or
// /work/shared/datasets): located and read for the tests that score on them.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "forecast/m4_format.h"

namespace oiis::forecast::test_data {

// shared/datasets/<name> next to the source tree (OIIS_SOURCE_DIR), else under /work; the
// returned folder may not exist (callers skip then).
inline std::filesystem::path dataset_dir(const std::string& name, const std::string& probe) {
  if (const char* src = std::getenv("OIIS_SOURCE_DIR")) {
    const auto p = std::filesystem::path(src) / ".." / "shared" / "datasets" / name;
    if (std::filesystem::exists(p / probe)) return p;
  }
  return std::filesystem::path("/work/shared/datasets") / name;
}

// Every series of an M4-layout file; a parse failure fails the calling test.
inline std::vector<NamedSeries> read_m4_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  auto rows = parse_m4_wide(ss.str());
  EXPECT_TRUE(rows.is_ok()) << p << ": " << rows.status().to_string();
  return rows ? std::move(rows).value() : std::vector<NamedSeries>{};
}

}  // namespace oiis::forecast::test_data
