#include "agents/reply.h"

#include <cmath>
#include <cstdio>

namespace oiis::agents {

Result<ToolResult> ToolCaller::call(const std::string& tool, const nlohmann::json& args) {
  const auto& allowed = agent_tools(agent_);
  if (!allowed.count(tool))
    return Status(ErrorCode::kPermissionDenied, "the " + agent_ + " agent may not use " + tool, "tool");
  auto result = builtin_tools().call(tool, args, env_);
  if (!result.is_ok()) return result;
  Citation c;
  c.id = static_cast<int>(citations_.size()) + 1;
  c.tool = tool;
  c.args = args;
  c.sources = result.value().sources;
  citations_.push_back(std::move(c));
  return result;
}

std::string ToolCaller::marker() const {
  return citations_.empty() ? "" : "[" + std::to_string(citations_.back().id) + "]";
}

namespace {
std::string group_thousands(long long v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}
}  // namespace

std::string money_text(double v) {
  long long cents = std::llround(std::abs(v) * 100);
  std::string out = group_thousands(cents / 100);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%02lld", cents % 100);
  return (v < 0 && cents ? "-" : "") + out + frac;
}

std::string count_text(long long v) { return group_thousands(v); }

std::string one_decimal_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", std::round(v * 10) / 10);
  return buf;
}

std::string percent_text(double v) { return one_decimal_text(v) + "%"; }

nlohmann::json range_args(const Period& p) {
  return {{"from", format_date(p.first)}, {"to", format_date(p.last)}};
}

std::string period_text(const Period& p) { return p.label + " (" + period_range(p) + ")"; }

Period last_days(const ToolEnvironment& env, int days) {
  Period p;
  p.last = env.today;
  p.first = env.today - days + 1;
  p.unit = PeriodUnit::kDays;
  p.length_days = days;
  p.label = "the last " + std::to_string(days) + " days";
  return p;
}

Period period_or(const Plan& plan, const Period& fallback, std::vector<std::string>& notes) {
  if (plan.period) return *plan.period;
  notes.push_back("No period named, so this is " + fallback.label + " (" + period_range(fallback) + ").");
  return fallback;
}

Result<ToolResult> call_over_period(const Plan& plan, ToolCaller& tools, const std::string& tool, int default_days,
                                    Reply& r, Period& period, nlohmann::json extra) {
  period = period_or(plan, last_days(tools.env(), default_days), r.caveats);
  nlohmann::json args = range_args(period);
  args.update(extra);
  return tools.call(tool, args);
}

}  // namespace oiis::agents
