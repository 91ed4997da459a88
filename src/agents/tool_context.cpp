#include "agents/tool_context.h"

#include <ctime>

#include "services/customer_analytics_service.h"
#include "services/recommend_service.h"
#include "store/agent_tables.h"
#include "store/store.h"

namespace oiis::agents {

Result<DataDays> data_days(Store& store) {
  auto dates = store.agents().read_only_query("SELECT min(placed_at), max(placed_at) FROM orders", {},
                                              QueryLimits{});
  if (!dates.is_ok()) return dates.status();
  DataDays days;
  if (dates.value().rows.empty() || dates.value().rows[0].size() < 2) return days;
  const auto& row = dates.value().rows[0];
  days.has_orders = !row[1].is_null();
  days.today = days.has_orders ? date_of(row[1].get<Timestamp>()) : date_of(std::time(nullptr));
  days.first_day = days.has_orders ? date_of(row[0].get<Timestamp>()) : days.today;
  return days;
}

Result<ToolEnvironment> tool_environment(Store& store, const std::string& data_dir) {
  auto days = data_days(store);
  if (!days.is_ok()) return days.status();
  ToolEnvironment env;
  env.store = &store;
  env.data_dir = data_dir;
  env.today = days.value().today;
  env.first_day = days.value().first_day;
  return env;
}

struct ToolContext::Owned {
  std::unique_ptr<services::CustomerAnalyticsService> analytics;
  std::unique_ptr<services::RecommendationService> recommendations;
};

ToolContext::ToolContext(ToolEnvironment base) : env_(std::move(base)), owned_(std::make_unique<Owned>()) {
  if (!env_.store) return;  // environment() reports it: constructors do not fail here
  if (!env_.analytics) {
    owned_->analytics = std::make_unique<services::CustomerAnalyticsService>(*env_.store);
    env_.analytics = owned_->analytics.get();
  }
  if (!env_.recommendations) {
    owned_->recommendations = std::make_unique<services::RecommendationService>(*env_.store);
    env_.recommendations = owned_->recommendations.get();
  }
}

ToolContext::~ToolContext() = default;

Result<ToolEnvironment> ToolContext::environment() {
  if (!env_.store) return failed_precondition("the tools have no store");
  // The version is read before the days, so a write in between only causes one extra re-read.
  auto version = env_.store->data_version();
  if (!version.is_ok()) return version.status();
  if (version_.empty() || version.value() != version_) {
    auto days = data_days(*env_.store);
    if (!days.is_ok()) return days.status();
    env_.today = days.value().today;
    env_.first_day = days.value().first_day;
    version_ = version.value();
  }
  return env_;
}

}  // namespace oiis::agents
