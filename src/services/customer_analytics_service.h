// The customer analytics the API serves — RFM, segments, lifetime value, churn and one
// customer's profile — built from the store's history (customers_service.h) once per
// question and data version (Store::data_version) and kept in a small bounded cache, so a
// repeated question on unchanged data is answered without refitting anything.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "services/customers_service.h"

namespace oiis::services {

// The store's counted orders through one day, shared by every answer built from them.
struct AnalyticsHistory {
  std::string data_version;
  Date as_of = 0;  // the day asked for, or the last order day
  CustomerHistory history;
  std::vector<customers::Purchase> purchases;
  std::unordered_map<std::string, std::uint32_t> row_of_key;  // key -> history.customers index
  // The person behind a customer key (nullptr for a key the history does not know).
  const CustomerHistory::Person* person(const std::string& key) const;
};

// What every question may set; absent fields take the defaults.
struct AnalyticsQuery {
  std::optional<Date> as_of;  // default: the last order day
  int window_days = 90;       // churn: no purchase in this many days after as_of
  int horizon_days = 182;     // lifetime value: days ahead
};

struct RfmAnswer {
  std::shared_ptr<const AnalyticsHistory> base;
  customers::RfmResult rfm;
};
struct SegmentAnswer {
  std::shared_ptr<const AnalyticsHistory> base;
  SegmentReport report;
};
struct ClvAnswer {
  std::shared_ptr<const AnalyticsHistory> base;
  int horizon_days = 0;
  customers::ClvResult clv;
};
struct ChurnAnswer {
  std::shared_ptr<const AnalyticsHistory> base;
  customers::ChurnResult churn;
};

// One customer, every model's view of them; a part that could not be computed is absent and
// its reason is in `unavailable` (e.g. churn needs two windows of history).
struct CustomerProfile {
  CustomerHistory::Person person;
  std::string data_version;
  Date as_of = 0;
  std::optional<customers::RfmCustomer> rfm;
  std::optional<int> segment;
  std::string segment_name;
  std::optional<customers::CustomerValue> value;
  int horizon_days = 0;
  std::optional<customers::CustomerChurn> churn;
  std::size_t churn_rank = 0, churn_ranked = 0;  // 1 = the most likely to churn
  int window_days = 0;
  std::vector<std::pair<std::string, std::string>> unavailable;  // (part, why)
  std::vector<std::string> caveats;
};

class CustomerAnalyticsService {
 public:
  explicit CustomerAnalyticsService(Store& store);
  CustomerAnalyticsService(const CustomerAnalyticsService&) = delete;
  CustomerAnalyticsService& operator=(const CustomerAnalyticsService&) = delete;

  // kInvalidArgument naming "window_days" / "horizon_days" for a value out of 1..3650 (and
  // for a churn window the history is too short to learn from).
  Result<std::shared_ptr<const RfmAnswer>> rfm(const AnalyticsQuery& query);
  Result<std::shared_ptr<const SegmentAnswer>> segments(const AnalyticsQuery& query);
  Result<std::shared_ptr<const ClvAnswer>> clv(const AnalyticsQuery& query);
  Result<std::shared_ptr<const ChurnAnswer>> churn(const AnalyticsQuery& query);
  // kNotFound naming "id" for an unknown customer.
  Result<CustomerProfile> profile(Id customer_id, const AnalyticsQuery& query);

  static constexpr std::size_t kCapacity = 16;  // answers kept, most recently used first
  static constexpr int kMaxDays = 3650;

 private:
  using Entry = std::shared_ptr<const void>;
  template <typename T, typename Build>
  Result<std::shared_ptr<const T>> cached(const std::string& key, Build build);
  Entry lookup(const std::string& key);
  void remember(const std::string& key, Entry entry);
  Result<std::shared_ptr<const AnalyticsHistory>> history(std::optional<Date> as_of,
                                                          std::string& version);

  Store& store_;
  std::recursive_mutex build_mutex_;  // one build at a time (answers build on the history)
  std::mutex cache_mutex_;
  std::list<std::pair<std::string, Entry>> cache_;  // most recently used first
};

}  // namespace oiis::services
