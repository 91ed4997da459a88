// The source tree the tests were built from (OIIS_SOURCE_DIR, set by CMake), for shipped files
// such as examples/; "." when unset.
#pragma once

#include <cstdlib>
#include <string>

namespace oiis::testing {

inline std::string source_dir() {
  const char* dir = std::getenv("OIIS_SOURCE_DIR");
  return dir ? dir : ".";
}

}  // namespace oiis::testing
