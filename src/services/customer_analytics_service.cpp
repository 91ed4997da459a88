#include "services/customer_analytics_service.h"

#include <algorithm>
#include <limits>

namespace oiis::services {

const CustomerHistory::Person* AnalyticsHistory::person(const std::string& key) const {
  auto it = row_of_key.find(key);
  return it == row_of_key.end() ? nullptr : &history.customers[it->second];
}

CustomerAnalyticsService::CustomerAnalyticsService(Store& store) : store_(store) {}

CustomerAnalyticsService::Entry CustomerAnalyticsService::lookup(const std::string& key) {
  std::lock_guard lock(cache_mutex_);
  for (auto it = cache_.begin(); it != cache_.end(); ++it)
    if (it->first == key) {
      cache_.splice(cache_.begin(), cache_, it);  // most recently used first
      return cache_.front().second;
    }
  return nullptr;
}

void CustomerAnalyticsService::remember(const std::string& key, Entry entry) {
  std::lock_guard lock(cache_mutex_);
  cache_.emplace_front(key, std::move(entry));
  if (cache_.size() > kCapacity) cache_.pop_back();
}

// Answers are keyed by data version and question; a new version simply misses, and the old
// answers age out of the bounded list. Builds are serialised so that concurrent requests for
// the same answer fit it once.
template <typename T, typename Build>
Result<std::shared_ptr<const T>> CustomerAnalyticsService::cached(const std::string& key,
                                                                  Build build) {
  if (auto hit = lookup(key)) return std::static_pointer_cast<const T>(hit);
  std::lock_guard lock(build_mutex_);
  if (auto hit = lookup(key)) return std::static_pointer_cast<const T>(hit);
  Result<std::shared_ptr<const T>> made = build();
  if (made) remember(key, *made);
  return made;
}

namespace {

std::string day_key(std::optional<Date> as_of) {
  return as_of ? format_date(*as_of) : std::string("latest");
}

Status check_days(int value, const char* field) {
  if (value < 1 || value > CustomerAnalyticsService::kMaxDays)
    return invalid_argument(std::string("must be 1..") +
                                std::to_string(CustomerAnalyticsService::kMaxDays),
                            field);
  return Status::ok();
}

}  // namespace

Result<std::shared_ptr<const AnalyticsHistory>> CustomerAnalyticsService::history(
    std::optional<Date> as_of, std::string& version) {
  auto current = store_.data_version();
  if (!current) return current.status();
  version = *current;
  return cached<AnalyticsHistory>(version + "|history|" + day_key(as_of), [&]()
                                      -> Result<std::shared_ptr<const AnalyticsHistory>> {
    auto loaded = load_customer_history(store_, {as_of});
    if (!loaded) return loaded.status();
    auto h = std::make_shared<AnalyticsHistory>();
    h->data_version = version;
    h->history = std::move(loaded).value();
    h->purchases = h->history.purchases();
    h->as_of = as_of.value_or(std::numeric_limits<Date>::min());
    if (!as_of)
      for (const auto& o : h->history.orders) h->as_of = std::max(h->as_of, o.day);
    for (std::size_t i = 0; i < h->history.customers.size(); ++i)
      h->row_of_key.emplace(h->history.customers[i].key, static_cast<std::uint32_t>(i));
    return std::shared_ptr<const AnalyticsHistory>(std::move(h));
  });
}

Result<std::shared_ptr<const RfmAnswer>> CustomerAnalyticsService::rfm(const AnalyticsQuery& q) {
  std::string version;
  auto base = history(q.as_of, version);
  if (!base) return base.status();
  return cached<RfmAnswer>(version + "|rfm|" + day_key(q.as_of),
                           [&]() -> Result<std::shared_ptr<const RfmAnswer>> {
                             auto r = customer_rfm((*base)->purchases, (*base)->as_of);
                             if (!r) return r.status();
                             return std::make_shared<const RfmAnswer>(
                                 RfmAnswer{*base, std::move(r).value()});
                           });
}

Result<std::shared_ptr<const SegmentAnswer>> CustomerAnalyticsService::segments(
    const AnalyticsQuery& q) {
  std::string version;
  auto base = history(q.as_of, version);
  if (!base) return base.status();
  return cached<SegmentAnswer>(version + "|segments|" + day_key(q.as_of),
                               [&]() -> Result<std::shared_ptr<const SegmentAnswer>> {
                                 SegmentRequest request;
                                 request.as_of = (*base)->as_of;
                                 auto r = segment_history((*base)->history, request);
                                 if (!r) return r.status();
                                 return std::make_shared<const SegmentAnswer>(
                                     SegmentAnswer{*base, std::move(r).value()});
                               });
}

Result<std::shared_ptr<const ClvAnswer>> CustomerAnalyticsService::clv(const AnalyticsQuery& q) {
  OIIS_RETURN_IF_ERROR(check_days(q.horizon_days, "horizon_days"));
  std::string version;
  auto base = history(q.as_of, version);
  if (!base) return base.status();
  const std::string key =
      version + "|clv|" + day_key(q.as_of) + "|" + std::to_string(q.horizon_days);
  return cached<ClvAnswer>(key, [&]() -> Result<std::shared_ptr<const ClvAnswer>> {
    auto r = customer_value((*base)->purchases, {(*base)->as_of, q.horizon_days / 7.0, {}});
    if (!r) return r.status();
    return std::make_shared<const ClvAnswer>(ClvAnswer{*base, q.horizon_days, std::move(r->fit)});
  });
}

Result<std::shared_ptr<const ChurnAnswer>> CustomerAnalyticsService::churn(
    const AnalyticsQuery& q) {
  OIIS_RETURN_IF_ERROR(check_days(q.window_days, "window_days"));
  std::string version;
  auto base = history(q.as_of, version);
  if (!base) return base.status();
  const std::string key =
      version + "|churn|" + day_key(q.as_of) + "|" + std::to_string(q.window_days);
  return cached<ChurnAnswer>(key, [&]() -> Result<std::shared_ptr<const ChurnAnswer>> {
    customers::ChurnOptions options;
    options.window_days = q.window_days;
    auto r = customer_churn((*base)->purchases, (*base)->as_of, options);
    if (!r) return r.status();
    return std::make_shared<const ChurnAnswer>(ChurnAnswer{*base, std::move(r).value()});
  });
}

namespace {

// Why a part of a profile is missing, in words.
std::string reason(const Status& s) {
  return s.field().empty() ? s.message() : s.field() + ": " + s.message();
}

template <typename Row, typename Key>
const Row* find_sorted(const std::vector<Row>& rows, const std::string& key, Key key_of) {
  auto it = std::lower_bound(rows.begin(), rows.end(), key,
                             [&](const Row& r, const std::string& k) { return key_of(r) < k; });
  return it != rows.end() && key_of(*it) == key ? &*it : nullptr;
}

void add_segment(CustomerProfile& p, const SegmentAnswer& a, const std::string& key) {
  const auto& table = a.report.table;
  auto row = a.base->row_of_key.find(key);
  if (row == a.base->row_of_key.end()) return;
  auto it = std::lower_bound(table.customer_index.begin(), table.customer_index.end(), row->second);
  if (it == table.customer_index.end() || *it != row->second) return;
  const int segment = a.report.segmentation.assignment[it - table.customer_index.begin()];
  p.segment = segment;
  p.segment_name = a.report.segmentation.segments[segment].name;
}

void add_churn(CustomerProfile& p, const ChurnAnswer& a, const std::string& key) {
  const auto& rows = a.churn.customers;  // by probability
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i].customer == key) {
      p.churn = rows[i];
      p.churn_rank = i + 1;
      break;
    }
  p.churn_ranked = rows.size();
  p.window_days = a.churn.window_days;
  if (p.churn && p.churn_rank > a.churn.explained)
    p.unavailable.emplace_back("churn drivers", "computed for the " +
                                                    std::to_string(a.churn.explained) +
                                                    " customers most likely to churn only");
}

}  // namespace

Result<CustomerProfile> CustomerAnalyticsService::profile(Id customer_id,
                                                          const AnalyticsQuery& q) {
  OIIS_RETURN_IF_ERROR(check_days(q.window_days, "window_days"));
  OIIS_RETURN_IF_ERROR(check_days(q.horizon_days, "horizon_days"));
  auto customer = store_.get_customer(customer_id);
  if (!customer) {
    if (customer.status().code() == ErrorCode::kNotFound)
      return not_found("no customer " + std::to_string(customer_id), "id");
    return customer.status();
  }
  CustomerProfile p;
  const std::string key =
      customer->external_id.empty() ? std::to_string(customer->id) : customer->external_id;
  p.person = {key, customer->name, customer->id, customer->email};
  p.horizon_days = q.horizon_days;
  p.window_days = q.window_days;
  auto rfm_answer = rfm(q);
  if (!rfm_answer) return rfm_answer.status();  // no history at all: nothing to profile
  p.data_version = (*rfm_answer)->base->data_version;
  p.as_of = (*rfm_answer)->base->as_of;
  p.caveats = (*rfm_answer)->base->history.caveats();
  if (auto* r = find_sorted((*rfm_answer)->rfm.customers, key, [](auto& c) { return c.customer; }))
    p.rfm = *r;
  if (auto s = segments(q)) add_segment(p, **s, key);
  else p.unavailable.emplace_back("segment", reason(s.status()));
  if (auto v = clv(q)) {
    const auto& rows = (*v)->clv.customers;
    if (auto* c = find_sorted(rows, key, [](auto& c) { return c.summary.customer; })) p.value = *c;
  } else {
    p.unavailable.emplace_back("lifetime_value", reason(v.status()));
  }
  if (auto c = churn(q)) add_churn(p, **c, key);
  else p.unavailable.emplace_back("churn", reason(c.status()));
  if (!p.rfm)
    p.unavailable.emplace_back("rfm", "no counted purchase on or before " + format_date(p.as_of));
  return p;
}

}  // namespace oiis::services
