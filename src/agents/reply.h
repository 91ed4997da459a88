// What an agent hands to synthesis: sentences whose figures carry citation markers ("[2]"),
// tables, chart specifications, caveats, proposed actions — and the tool calls behind them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agents/tools.h"
#include "agents/understand.h"

namespace oiis::agents {

struct Citation {
  int id = 0;  // the "[id]" in the text
  std::string tool;
  nlohmann::json args;
  std::vector<Source> sources;
};

struct Reply {
  std::vector<std::string> sentences;
  nlohmann::json tables = nlohmann::json::array();  // {title, columns, rows, citation}
  nlohmann::json charts = nlohmann::json::array();  // {type, title, x, series: [{name, values}]}
  std::vector<std::string> caveats;
  nlohmann::json actions = nlohmann::json::array();  // writes proposed, each needing approval
  nlohmann::json focus = nlohmann::json::object();   // what a follow-up may call "them"/"it"
  bool found = true;                                 // false: the tools had nothing to say
};

// Calls tools for one agent: only the tools that agent may use, each call recorded as a
// citation whose marker the agent puts beside the figures it took from it.
class ToolCaller {
 public:
  ToolCaller(std::string agent, ToolEnvironment& env, std::vector<Citation>& citations)
      : agent_(std::move(agent)), env_(env), citations_(citations) {}
  Result<ToolResult> call(const std::string& tool, const nlohmann::json& args);
  std::string marker() const;  // "[n]" of the last successful call
  ToolEnvironment& env() { return env_; }

 private:
  std::string agent_;
  ToolEnvironment& env_;
  std::vector<Citation>& citations_;
};

using AgentFn = Result<Reply> (*)(const Plan&, ToolCaller&);
Result<Reply> inventory_agent(const Plan& plan, ToolCaller& tools);
Result<Reply> customer_agent(const Plan& plan, ToolCaller& tools);
Result<Reply> bi_agent(const Plan& plan, ToolCaller& tools);
Result<Reply> operations_agent(const Plan& plan, ToolCaller& tools);
// No agent's intent fits: the closest knowledge-base passages, quoted, or "I don't know".
Result<Reply> documents_agent(const Plan& plan, ToolCaller& tools);

// Formatting figures as people read them.
std::string money_text(double v);            // "12,345.67"
std::string count_text(long long v);         // "1,234"
std::string one_decimal_text(double v);      // "4.2"
std::string percent_text(double v);          // "12.3%"
nlohmann::json range_args(const Period& p);  // {"from", "to"}
// "November 2025 (2025-11-01..2025-11-30)".
std::string period_text(const Period& p);
// The last `days` days of data, ending on the data's last day.
Period last_days(const ToolEnvironment& env, int days);
// Calls `tool` over the question's period (or the last `default_days` days, noted in
// r.caveats), with `extra` arguments beside from/to; the period used is returned in `period`.
Result<ToolResult> call_over_period(const Plan& plan, ToolCaller& tools, const std::string& tool, int default_days,
                                    Reply& r, Period& period, nlohmann::json extra = nlohmann::json::object());
// The period a question meant, or `fallback` with a note saying so.
Period period_or(const Plan& plan, const Period& fallback, std::vector<std::string>& notes);

}  // namespace oiis::agents
