// The forecasting service for callers that ask one question at a time (the HTTP API; later the
// agents' tools): one SKU's demand forecast and one node of the reconciled SKU -> category ->
// total hierarchy, from the store's latest data, by the same engine and options as the batch.
//
// It owns its caches, all bounded: the demand series of the latest data version per level and
// layout (building them scans every order and the stock ledger), the rendered answers, and the
// reconciled hierarchies. The data version is Store::data_version(), which changes with every
// committed write, so an answer is never older than the data it names.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>

#include "common/answer_cache.h"
#include "common/status.h"
#include "data/demand.h"
#include "forecast/hierarchy.h"
#include "services/forecast_hierarchy.h"
#include "store/store.h"

namespace oiis::services {

struct SkuForecastQuery {
  std::string sku;
  std::optional<std::string> location;  // a stock location's code; nullopt = all locations
  DemandLevel level = DemandLevel::kDaily;
  int horizon = 28;
};

struct HierarchyNodeQuery {
  std::optional<std::string> category;  // nullopt = the total
  DemandLevel level = DemandLevel::kDaily;
  int horizon = 28;
  forecast::Reconciliation method = forecast::Reconciliation::kMintShrink;
};

class ForecastingService {
 public:
  explicit ForecastingService(Store& store) : store_(store) {}
  ForecastingService(const ForecastingService&) = delete;
  ForecastingService& operator=(const ForecastingService&) = delete;

  // The forecast as JSON text (services::to_json of the SkuForecast, plus level, horizon,
  // data_date and data_version). kNotFound for an unknown SKU or location, or a SKU without
  // demand history there.
  Result<std::shared_ptr<const std::string>> sku_forecast(const SkuForecastQuery& query);
  // One node (node_json) with the reconciliation's name, shrinkage and note, data_date and
  // data_version. kNotFound for a category without demand history.
  Result<nlohmann::json> hierarchy_node(const HierarchyNodeQuery& query);

 private:
  struct Hierarchy {
    std::shared_ptr<const DemandSet> demand;
    std::shared_ptr<const HierarchyForecast> forecast;
  };
  Result<std::shared_ptr<const DemandSet>> demand(DemandLevel level, bool by_location,
                                                  const std::string& version);
  Result<Hierarchy> hierarchy(const std::string& key, std::shared_ptr<const DemandSet> demand,
                              const HierarchyOptions& options);
  Result<std::ptrdiff_t> series_index(const DemandSet& demand, const SkuForecastQuery& query);

  static constexpr std::size_t kMaxCachedAnswers = 20000;
  static constexpr std::size_t kMaxCachedAnswerBytes = 64 << 20;
  static constexpr std::size_t kMaxCachedHierarchies = 16;

  Store& store_;
  std::mutex demand_build_mutex_, demand_mutex_, hierarchy_mutex_;
  // Per level and layout (per SKU, or per SKU and location): the version and its series.
  std::map<std::tuple<DemandLevel, bool>, std::pair<std::string, std::shared_ptr<const DemandSet>>>
      demand_;
  std::map<std::string, Hierarchy> hierarchies_;
  AnswerCache answers_{kMaxCachedAnswers, kMaxCachedAnswerBytes};
};

}  // namespace oiis::services
