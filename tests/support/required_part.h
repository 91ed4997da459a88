// A part the test command installs (PostgreSQL, the oiis binary) must not be skipped where it
// should run: under CI=true or OIIS_REQUIRE_PARTS=1 (scripts/test sets it) an unavailable part
// fails the test; elsewhere (a developer's partial setup) the test skips and says why.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string_view>

namespace oiis::testing {

inline bool parts_required() {
  for (const char* name : {"CI", "OIIS_REQUIRE_PARTS"}) {
    const char* v = std::getenv(name);
    if (v && std::string_view(v) != "" && std::string_view(v) != "0" &&
        std::string_view(v) != "false")
      return true;
  }
  return false;
}

}  // namespace oiis::testing

// Skips with `message`, or fails with it where every part must run. Use in a void function
// (a TEST body or SetUp), as GTEST_SKIP.
#define OIIS_SKIP_UNLESS_REQUIRED(message)                                           \
  do {                                                                               \
    if (::oiis::testing::parts_required())                                           \
      GTEST_FAIL() << message << " (this part must run here: CI or OIIS_REQUIRE_PARTS)"; \
    else                                                                             \
      GTEST_SKIP() << message;                                                       \
  } while (0)
