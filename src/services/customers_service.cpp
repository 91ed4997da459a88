#include "services/customers_service.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "data/import_support.h"
#include "data/snapshots.h"

namespace oiis::services {
namespace {

// A counted order before credits are netted (the time orders the netting).
struct RawOrder {
  CustomerOrder order;
  Timestamp at = 0;
  bool returned = false;
};
struct Credit {
  std::uint32_t customer = 0;
  Timestamp at = 0;
  double amount = 0;  // positive: money handed back
};

std::uint32_t index_of(std::vector<std::string>& names, std::unordered_map<std::string, int>& seen,
                       const std::string& name) {
  auto it = seen.find(name);  // found almost always: no node built per order
  if (it == seen.end()) {
    it = seen.emplace(name, static_cast<int>(names.size())).first;
    names.push_back(name);
  }
  return static_cast<std::uint32_t>(it->second);
}

// What the order scan needs to know of a product.
struct ProductFacts {
  int category = -1;  // index into CustomerHistory::categories; -1 when uncategorised
  double list_price = 0;
};

// Loads customers (id -> row) and products.
Status load_people_and_products(Store& store, CustomerHistory& h,
                                std::unordered_map<Id, std::uint32_t>& customer_row,
                                std::unordered_map<Id, ProductFacts>& product_facts) {
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(  // the data module's pager
      [&](const PageRequest& p) { return store.list_customers(CustomerFilter{}, p); },
      [&](const Customer& c) {
        customer_row[c.id] = static_cast<std::uint32_t>(h.customers.size());
        h.customers.push_back(
            {c.external_id.empty() ? std::to_string(c.id) : c.external_id, c.name, c.id, c.email});
      }));
  std::unordered_map<std::string, int> seen;
  return import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_products(ProductFilter{}, p); },
      [&](const Product& p) {
        product_facts[p.id] = {
            p.category.empty() ? -1 : static_cast<int>(index_of(h.categories, seen, p.category)),
            p.price};
      });
}

// Each credit takes money back from the customer's most recent purchases at or before it;
// a purchase taken back in full no longer counts.
void net_credits(CustomerHistory& h, std::vector<RawOrder>& orders, std::vector<Credit>& credits) {
  std::sort(orders.begin(), orders.end(), [](const RawOrder& a, const RawOrder& b) {
    return a.order.customer != b.order.customer ? a.order.customer < b.order.customer
                                                : a.at < b.at;
  });
  for (const Credit& c : credits) {
    auto it = std::upper_bound(orders.begin(), orders.end(), std::pair(c.customer, c.at),
                               [](const std::pair<std::uint32_t, Timestamp>& key, const RawOrder& o) {
                                 return key.first != o.order.customer ? key.first < o.order.customer
                                                                      : key.second < o.at;
                               });
    double left = c.amount;
    while (left > 0 && it != orders.begin() && std::prev(it)->order.customer == c.customer) {
      RawOrder& o = *--it;
      const double take = std::min(left, o.order.amount);
      o.order.amount -= take;
      left -= take;
      h.credited_amount += take;
    }
    h.unmatched_credit_amount += left;
  }
  for (const RawOrder& o : orders) {
    if (!o.returned && o.order.amount <= 1e-9) {
      ++h.refunded_orders;
      continue;
    }
    h.orders.push_back(o.order);
  }
}

}  // namespace

std::vector<customers::Purchase> CustomerHistory::purchases() const {
  std::vector<customers::Purchase> out;
  out.reserve(orders.size());
  for (const auto& o : orders) out.push_back({customers[o.customer].key, o.day, o.amount});
  return out;
}

std::vector<std::string> CustomerHistory::caveats() const {
  std::vector<std::string> out;
  if (guest_orders > 0)
    out.push_back(std::to_string(guest_orders) +
                  " guest orders (no customer) left out: they cannot be followed over time");
  if (cancelled_orders > 0)
    out.push_back(std::to_string(cancelled_orders) + " cancelled orders left out");
  if (credit_notes > 0 || credited_amount > 0)
    out.push_back(std::to_string(credit_notes) + " credit notes netted against earlier purchases (" +
                  std::to_string(static_cast<long>(std::lround(credited_amount))) + " money); " +
                  std::to_string(refunded_orders) + " purchases refunded in full left out; " +
                  std::to_string(static_cast<long>(std::lround(unmatched_credit_amount))) +
                  " credited with no earlier purchase in the history ignored");
  if (returned_orders > 0)
    out.push_back(std::to_string(returned_orders) +
                  " orders returned after delivery count as purchases with no revenue");
  return out;
}

Result<CustomerHistory> load_customer_history(Store& store, const CustomerHistoryOptions& options) {
  CustomerHistory h;
  std::unordered_map<Id, std::uint32_t> customer_row;
  std::unordered_map<Id, ProductFacts> product_facts;
  OIIS_RETURN_IF_ERROR(load_people_and_products(store, h, customer_row, product_facts));
  h.category_spend.assign(h.customers.size(), std::vector<double>(h.categories.size(), 0.0));
  std::unordered_map<std::string, int> channel_seen;
  std::vector<RawOrder> orders;
  std::vector<Credit> credits;
  OrderFilter filter;
  if (options.until) filter.placed_to = timestamp_of(*options.until + 1);
  OIIS_RETURN_IF_ERROR(store.scan_orders(filter, [&](const Order& o) {
    if (!counts_as_demand(o.status)) return ++h.cancelled_orders, true;
    auto row = o.customer_id ? customer_row.find(*o.customer_id) : customer_row.end();
    if (row == customer_row.end()) return ++h.guest_orders, true;
    RawOrder raw{{row->second, date_of(o.placed_at), 0, 0, 0,
                  static_cast<int>(index_of(h.channels, channel_seen, o.channel))},
                 o.placed_at, o.status == OrderStatus::kReturned};
    double credited = 0;
    for (const auto& line : o.lines) {
      if (line.quantity < 0) {
        credited -= line.line_total();
        continue;
      }
      ++raw.order.lines;
      if (!raw.returned) raw.order.amount += line.line_total();
      auto facts = product_facts.find(line.product_id);
      const bool known = facts != product_facts.end();
      // Promotions show as a unit price below the list price as well as as line discounts.
      const double below_list = known ? std::max(0.0, facts->second.list_price - line.unit_price) : 0.0;
      raw.order.discount += line.discount + below_list * static_cast<double>(line.quantity);
      if (!known || facts->second.category < 0)
        ++h.uncategorised_lines;
      else if (!raw.returned)
        h.category_spend[row->second][facts->second.category] += line.line_total();
    }
    if (raw.order.lines == 0) ++h.credit_notes;  // a credit note, whatever its status
    else orders.push_back(raw), h.returned_orders += raw.returned;
    if (credited > 0) credits.push_back({row->second, o.placed_at, credited});
    return true;
  }));
  net_credits(h, orders, credits);
  if (h.orders.empty())
    return failed_precondition("the store holds no counted order of a known customer (" +
                               std::to_string(h.guest_orders) + " guest orders)");
  return h;
}

namespace {

// Per customer, what the orders up to as_of add up to.
struct Activity {
  int orders = 0;
  Date first = 0, last = 0;
  double amount = 0, discount = 0, lines = 0;
  std::vector<double> channel_orders;
};

std::vector<Activity> activity_until(const CustomerHistory& h, Date as_of) {
  std::vector<Activity> out(h.customers.size());
  for (const auto& o : h.orders) {
    if (o.day > as_of) continue;
    Activity& a = out[o.customer];
    if (a.orders++ == 0) a.first = o.day, a.channel_orders.assign(h.channels.size(), 0.0);
    a.last = std::max(a.last, o.day);
    a.amount += o.amount;
    a.discount += o.discount;
    a.lines += o.lines;
    a.channel_orders[o.channel] += 1;
  }
  return out;
}

}  // namespace

Result<ClvReport> customer_value(std::span<const customers::Purchase> purchases,
                                 const ClvRequest& request) {
  double weeks = request.horizon_weeks;
  if (request.holdout_end) {
    if (*request.holdout_end <= request.calibration_end)
      return invalid_argument("must be after the calibration end", "holdout_end");
    weeks = (*request.holdout_end - request.calibration_end) / 7.0;
  }
  auto summaries = customers::summarize(purchases, request.calibration_end);
  if (!summaries) return summaries.status();
  auto fit = customers::customer_lifetime_value(*summaries, weeks);
  if (!fit) return fit.status();
  ClvReport report{std::move(fit).value(), std::nullopt};
  if (request.holdout_end) {
    auto h = customers::evaluate_holdout(report.fit, purchases, request.calibration_end,
                                         *request.holdout_end);
    if (!h) return h.status();
    report.holdout = std::move(h).value();
  }
  return report;
}

namespace {
// The given cut-off, or the last purchase day.
Date cut_off(std::span<const customers::Purchase> purchases, std::optional<Date> as_of) {
  Date cut = as_of.value_or(std::numeric_limits<Date>::min());
  if (!as_of)
    for (const auto& p : purchases) cut = std::max(cut, p.day);
  return cut;
}
}  // namespace

Result<customers::RfmResult> customer_rfm(std::span<const customers::Purchase> purchases,
                                          std::optional<Date> as_of) {
  return customers::compute_rfm(purchases, cut_off(purchases, as_of));
}

Result<customers::ChurnResult> customer_churn(std::span<const customers::Purchase> purchases,
                                              std::optional<Date> as_of,
                                              const customers::ChurnOptions& options) {
  if (purchases.empty()) return invalid_argument("no purchases to learn from", "purchases");
  return customers::predict_churn(purchases, cut_off(purchases, as_of), options);
}

BehaviourTable behaviour_features(const CustomerHistory& h, Date as_of) {
  BehaviourTable t;
  auto& f = t.features;
  f.columns = {"recency_days", "log_orders_per_year", "log_order_value", "tenure_days",
               "log_overdue"};
  if (h.has_lines) f.columns.insert(f.columns.end(), {"basket_lines", "discount_share"});
  else t.missing.push_back("basket size and discount share (no order lines)");
  const bool categories = h.categories.size() >= 2, channels = h.channels.size() >= 2;
  // Which categories are bought says little about behaviour; how spread the spend is does.
  if (categories) f.columns.push_back("top_category_share");
  else t.missing.push_back("category mix (fewer than two product categories)");
  if (channels)
    for (const auto& c : h.channels) f.columns.push_back("channel_" + c + "_share");
  else t.missing.push_back("channel mix (orders use fewer than two channels)");
  const std::vector<Activity> activity = activity_until(h, as_of);
  for (std::size_t c = 0; c < activity.size(); ++c) {
    const Activity& a = activity[c];
    if (a.orders == 0) continue;
    const double tenure = as_of - a.first + 1.0, recency = as_of - a.last;
    // A month's floor keeps a customer's first week from reading as 50 orders a year.
    const double per_year = a.orders * 365.0 / std::max(tenure, 30.0);
    f.customers.push_back(h.customers[c].key);
    // log_overdue: days since the last order in units of the customer's own mean gap (lapsed
    // for a weekly buyer is not lapsed for a yearly one).
    f.values.insert(f.values.end(), {recency, std::log(per_year), std::log1p(a.amount / a.orders),
                                     tenure, std::log1p(recency * a.orders / tenure)});
    if (h.has_lines) {
      const double gross = a.amount + a.discount;
      f.values.insert(f.values.end(), {a.lines / a.orders, gross > 0 ? a.discount / gross : 0.0});
    }
    if (categories) {
      double total = 0, top = 0;
      for (double v : h.category_spend[c]) total += std::max(v, 0.0), top = std::max(top, v);
      f.values.push_back(total > 0 ? top / total : 0.0);
    }
    if (channels)
      for (double n : a.channel_orders) f.values.push_back(n / a.orders);
    t.customer_index.push_back(static_cast<std::uint32_t>(c));
    t.revenue.push_back(a.amount);
  }
  return t;
}

CustomerHistory history_from_purchases(std::span<const customers::Purchase> purchases) {
  CustomerHistory h;
  h.has_lines = false;
  h.channels = {"unknown"};
  std::unordered_map<std::string, std::uint32_t> row;
  for (const auto& p : purchases) {
    auto [it, inserted] = row.emplace(p.customer, static_cast<std::uint32_t>(h.customers.size()));
    if (inserted) h.customers.push_back({p.customer, "", 0, ""});
    h.orders.push_back({it->second, p.day, p.amount, 0, 0, 0});
  }
  h.category_spend.assign(h.customers.size(), {});
  return h;
}

const std::vector<std::string>& default_segment_features() {
  static const std::vector<std::string> columns = {"log_overdue",     "log_orders_per_year",
                                                   "log_order_value", "basket_lines",
                                                   "discount_share",  "tenure_days"};
  return columns;
}

namespace {

// Revenue and mean of every table column per segment.
void profile_all_columns(SegmentReport& r) {
  const auto& s = r.segmentation;
  const std::size_t d = r.table.features.columns.size();
  r.segment_revenue.assign(s.k, 0.0);
  r.segment_means.assign(s.k, std::vector<double>(d, 0.0));
  for (std::size_t i = 0; i < s.assignment.size(); ++i) {
    const int k = s.assignment[i];
    r.segment_revenue[k] += r.table.revenue[i];
    for (std::size_t j = 0; j < d; ++j)
      r.segment_means[k][j] += r.table.features.at(i, j) / static_cast<double>(s.segments[k].size);
  }
}

}  // namespace

Result<SegmentReport> segment_history(CustomerHistory history, const SegmentRequest& request) {
  SegmentReport r;
  r.history = std::move(history);
  r.as_of = request.as_of.value_or(std::numeric_limits<Date>::min());
  if (!request.as_of)
    for (const auto& o : r.history.orders) r.as_of = std::max(r.as_of, o.day);
  r.table = behaviour_features(r.history, r.as_of);
  r.clustered = request.features;
  const auto& columns = r.table.features.columns;
  if (r.clustered.empty())  // the defaults this history has
    for (const auto& c : default_segment_features())
      if (std::find(columns.begin(), columns.end(), c) != columns.end()) r.clustered.push_back(c);
  auto clustered = customers::select_columns(r.table.features, r.clustered);
  if (!clustered) return invalid_argument(clustered.status().message(), "features");
  auto s = customers::segment_customers(*clustered, request.options);
  if (!s) return s.status();
  r.segmentation = std::move(s).value();
  profile_all_columns(r);
  r.caveats = r.history.caveats();
  for (const auto& m : r.table.missing) r.caveats.push_back("feature left out: " + m);
  return r;
}

Result<SegmentReport> segment_store_customers(Store& store, const SegmentRequest& request) {
  auto history = load_customer_history(store, {request.as_of});
  if (!history) return history.status();
  return segment_history(std::move(history).value(), request);
}

}  // namespace oiis::services
