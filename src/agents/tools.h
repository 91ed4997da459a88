// Typed tools: what the agents (and MCP clients, and LLM backends) may ask of OIIS. Each tool has
// a JSON schema for its arguments (checked before it runs; the error names the field), says
// whether it writes (a writing tool runs only with an approval), and returns its numbers with
// their provenance: the SQL it ran, the model version or service behind them, the document
// chunk — so every figure in an answer can be cited.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "common/time.h"

namespace oiis {
class Store;
namespace services {
class CustomerAnalyticsService;
class RecommendationService;
class KbService;
}  // namespace services
}  // namespace oiis

namespace oiis::agents {

struct Source {
  std::string kind;    // "sql", "model", "service", "document"
  std::string detail;  // the SQL text, "churn model v3", "inventory reorder plan", a chunk id
  nlohmann::json params = nlohmann::json::array();  // the SQL's values, the model's inputs
};

struct ToolResult {
  nlohmann::json data = nlohmann::json::object();
  std::vector<Source> sources;
  std::vector<std::string> caveats;  // missing inputs behind the numbers, said plainly
};

struct ToolSpec {
  std::string name;
  std::string description;
  nlohmann::json input_schema;  // JSON Schema (object with properties, required, enum, bounds)
  bool writes = false;          // needs an approval to run
};

// What tools reach: the store, the data directory, and the long-lived services the server
// keeps warm (null ones are built on first use for the CLI).
struct ToolEnvironment {
  Store* store = nullptr;
  std::string data_dir;
  services::CustomerAnalyticsService* analytics = nullptr;
  services::RecommendationService* recommendations = nullptr;
  services::KbService* kb = nullptr;
  Date today = 0;      // the data's last day (the latest order's day)
  Date first_day = 0;  // the first order's day
};

using ToolFn = std::function<Result<ToolResult>(const nlohmann::json& args, ToolEnvironment& env)>;

class ToolRegistry {
 public:
  void add(ToolSpec spec, ToolFn fn);
  const ToolSpec* find(const std::string& name) const;
  std::vector<ToolSpec> list() const;

  // Checks `args` against the tool's schema, refuses a writing tool without `approved`, and
  // runs it. kNotFound for an unknown tool, kInvalidArgument naming the argument,
  // kPermissionDenied for an unapproved write.
  Result<ToolResult> call(const std::string& name, const nlohmann::json& args,
                          ToolEnvironment& env, bool approved = false) const;

 private:
  std::map<std::string, std::pair<ToolSpec, ToolFn>> tools_;
};

// Checks a JSON value against the schema subset tools use (type, properties, required,
// additionalProperties: false, enum, minimum, maximum, minLength, maxLength, items); the error's
// field is the path ("args.period.from").
Status check_schema(const nlohmann::json& value, const nlohmann::json& schema,
                    const std::string& path = "args");

// Every OIIS tool (tools_*.cpp), and the names each agent may call.
const ToolRegistry& builtin_tools();
const std::set<std::string>& agent_tools(const std::string& agent);

}  // namespace oiis::agents
