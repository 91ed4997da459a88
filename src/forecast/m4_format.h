// The M4 competition's wide CSV layout (github.com/Mcompetitions/M4-methods, Dataset/):
// a header row, then one row per series: a quoted id, then the observations oldest first,
// ragged rows padded with trailing empty cells ("H1","605","586",...,"","").
// Parsing works on text already in memory so the module stays free of file access.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace oiis::forecast {

struct NamedSeries {
  std::string id;
  std::vector<double> values;  // trailing empty cells dropped; an interior empty cell is NaN
};

// kInvalidArgument naming "line N, column K" for a cell that is not a number, or for text
// with no header row.
Result<std::vector<NamedSeries>> parse_m4_wide(std::string_view text);

}  // namespace oiis::forecast
