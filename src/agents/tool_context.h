// How a caller outside the assistant fills a ToolEnvironment: the data's first and last order
// day (the tools' "today"), and services for callers that keep no warm ones (the CLI's
// `oiis mcp`). The assistant reads its days with data_days() too.
#pragma once

#include <memory>
#include <string>

#include "agents/tools.h"

namespace oiis::agents {

// The first and last days with orders. A store without orders has neither: both are the
// calendar's today, so periods default to one empty day rather than failing.
struct DataDays {
  Date first_day = 0;
  Date today = 0;
  bool has_orders = false;
};
Result<DataDays> data_days(Store& store);

// store, data_dir and the days; the service pointers stay null (the caller adds warm ones, or
// the customer tools report that analytics are not available).
Result<ToolEnvironment> tool_environment(Store& store, const std::string& data_dir);

// A ToolEnvironment for a long-lived caller without services of its own: it builds the
// customer analytics and recommendation services the base lacks and owns them, and re-reads
// the days whenever the store's data_version moves (an import in another process changes
// "today"). Not thread-safe: one caller at a time.
class ToolContext {
 public:
  explicit ToolContext(ToolEnvironment base);
  ~ToolContext();
  ToolContext(const ToolContext&) = delete;
  ToolContext& operator=(const ToolContext&) = delete;

  // The environment for the next tool call, its days current.
  Result<ToolEnvironment> environment();

 private:
  struct Owned;
  ToolEnvironment env_;
  std::string version_;  // the data_version env_'s days were read at ("" before the first read)
  std::unique_ptr<Owned> owned_;
};

}  // namespace oiis::agents
