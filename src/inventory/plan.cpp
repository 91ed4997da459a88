// The reorder plan: what to order on a date, from whom, how much and why.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <unordered_map>

#include "inventory/inventory.h"

namespace oiis::inventory {

Status validate(const PolicyConfig& c) {
  const char* names[] = {"service.A", "service.B", "service.C"};
  for (int i = 0; i < 3; ++i) {
    if (!(c.service[i].level > 0 && c.service[i].level < 1))
      return invalid_argument("service level must be in (0, 1)", names[i]);
    if (!(c.safety_multiplier[i] >= 0)) return invalid_argument("must be >= 0", "safety_multiplier");
  }
  if (!(c.holding_rate > 0)) return invalid_argument("must be > 0", "holding_rate");
  if (c.min_review_days < 1 || c.max_review_days < c.min_review_days)
    return invalid_argument("need 1 <= min_review_days <= max_review_days", "max_review_days");
  if (c.plan_window_days < 1) return invalid_argument("must be >= 1", "plan_window_days");
  return Status::ok();
}

namespace {

Status validate_supplier(const SupplierInput& s, std::size_t i) {
  const std::string f = "suppliers[" + std::to_string(i) + "].";
  if (s.id <= 0) return invalid_argument("supplier id must be > 0", f + "id");
  if (!(s.lead_time_mean >= 0) || !std::isfinite(s.lead_time_mean))
    return invalid_argument("lead time must be finite and >= 0 days", f + "lead_time_mean");
  if (!(s.lead_time_sd >= 0) || !std::isfinite(s.lead_time_sd))
    return invalid_argument("lead time spread must be finite and >= 0 days", f + "lead_time_sd");
  if (!(s.order_cost >= 0) || !std::isfinite(s.order_cost))
    return invalid_argument("order cost must be finite and >= 0", f + "order_cost");
  if (s.min_order_qty < 1) return invalid_argument("must be >= 1", f + "min_order_qty");
  return Status::ok();
}

Status validate_product(const ProductInventoryInput& p, std::size_t i,
                        const std::unordered_map<Id, std::size_t>& suppliers) {
  const std::string f = "products[" + std::to_string(i) + "].";
  if (!(p.unit_price > 0) || !std::isfinite(p.unit_price))
    return invalid_argument("price must be > 0 (sku '" + p.sku + "')", f + "unit_price");
  if (!(p.unit_cost >= 0) || !std::isfinite(p.unit_cost))
    return invalid_argument("cost must be >= 0 (sku '" + p.sku + "')", f + "unit_cost");
  if (p.pack_size < 1) return invalid_argument("must be >= 1 (sku '" + p.sku + "')", f + "pack_size");
  if (p.supplier_id == 0)
    return invalid_argument("product has no supplier (sku '" + p.sku + "')", f + "supplier_id");
  if (!suppliers.contains(p.supplier_id))
    return invalid_argument("unknown supplier " + std::to_string(p.supplier_id) + " (sku '" + p.sku + "')",
                            f + "supplier_id");
  if (p.forecast.mean.size() != p.forecast.sd.size())
    return invalid_argument("mean and sd lengths differ", f + "forecast");
  for (double x : p.forecast.mean)
    if (!(x >= 0) || !std::isfinite(x)) return invalid_argument("must be finite and >= 0", f + "forecast.mean");
  return Status::ok();
}

// First day (offset from the plan date) on which cumulative forecast demand exceeds `stock`.
std::optional<int> days_until_stockout(const DailyForecast& f, double stock) {
  if (stock <= 0) return 0;
  double used = 0;
  for (std::size_t h = 0; h < f.mean.size(); ++h) {
    used += f.mean[h];
    if (used > stock) return static_cast<int>(h);
  }
  return std::nullopt;
}

std::string reason_for(const ReorderLine& l, double position, double lead_time) {
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "position %.0f below order-up-to %.0f (%.1f/day over lead %.1f d + review %.0f d, "
                "safety %.0f); %s",
                position, l.levels.order_up_to, l.levels.daily_demand, lead_time, l.levels.review_days,
                l.levels.safety_stock,
                l.stockout_date ? ("stock-out expected " + format_date(*l.stockout_date)).c_str()
                                : "no stock-out within the forecast");
  return buf;
}

}  // namespace

namespace {

// The line for one product, or none when its position covers the order-up-to level.
std::optional<ReorderLine> plan_line(const ProductInventoryInput& p, const SupplierInput& s,
                                     double holding, Date date, const PolicyConfig& config) {
  const int c = abc_index(p.abc);
  const int review = review_period_days(s.order_cost, holding, config);
  ReorderLine l;
  l.levels = compute_levels(p.forecast, s.lead_time_mean, s.lead_time_sd, review,
                            config.service[c], config.safety_multiplier[c], p.unit_cost,
                            s.order_cost, config.holding_rate);
  const double position = static_cast<double>(p.on_hand + p.on_order);
  l.quantity = order_quantity(l.levels, position, s.min_order_qty, p.pack_size);
  if (l.quantity <= 0) return std::nullopt;
  l.product_id = p.product_id;
  l.location_id = p.location_id;
  l.supplier_id = s.id;
  l.sku = p.sku;
  l.name = p.name;
  l.supplier_name = s.name;
  l.abc = p.abc;
  l.on_hand = p.on_hand;
  l.on_order = p.on_order;
  l.unit_cost = p.unit_cost;
  l.cost = static_cast<double>(l.quantity) * p.unit_cost;
  // Order by the day the position is expected to reach the reorder point.
  const double slack = l.levels.daily_demand > 0
                           ? (position - l.levels.reorder_point) / l.levels.daily_demand
                           : 0.0;
  l.order_by = date + std::max(0, static_cast<int>(std::floor(slack)));
  if (auto d = days_until_stockout(p.forecast, position)) l.stockout_date = date + *d;
  l.reason = reason_for(l, position, s.lead_time_mean);
  l.missing = p.missing;
  if (p.unit_cost == 0) l.missing.push_back("cost: unknown (the line's cost is not counted)");
  return l;
}

}  // namespace

Result<ReorderPlan> plan_reorders(std::span<const ProductInventoryInput> products,
                                  std::span<const SupplierInput> suppliers, Date date,
                                  const PolicyConfig& config) {
  OIIS_RETURN_IF_ERROR(validate(config));
  std::unordered_map<Id, std::size_t> supplier_index;
  for (std::size_t i = 0; i < suppliers.size(); ++i) {
    OIIS_RETURN_IF_ERROR(validate_supplier(suppliers[i], i));
    supplier_index[suppliers[i].id] = i;
  }
  ReorderPlan plan;
  plan.date = date;
  plan.products_reviewed = products.size();
  std::vector<bool> valid(products.size(), true);
  for (std::size_t i = 0; i < products.size(); ++i) {
    const Status st = validate_product(products[i], i, supplier_index);
    if (st.is_ok()) continue;
    valid[i] = false;
    const auto& p = products[i];
    plan.unplanned.push_back(
        {p.product_id, p.location_id, p.sku, p.name, st.field(), st.message()});
  }
  // Review interval per supplier from the forecast annual holding cost of its items.
  std::vector<double> holding(suppliers.size(), 0.0);
  for (std::size_t i = 0; i < products.size(); ++i) {
    if (!valid[i]) continue;
    const double daily = forecast_over(products[i].forecast, 28).mean / 28;
    holding[supplier_index[products[i].supplier_id]] +=
        config.holding_rate * products[i].unit_cost * 365 * daily;
  }
  for (std::size_t i = 0; i < products.size(); ++i) {
    if (!valid[i]) continue;
    const std::size_t si = supplier_index[products[i].supplier_id];
    auto line = plan_line(products[i], suppliers[si], holding[si], date, config);
    if (!line) continue;
    plan.total_cost += line->cost;
    plan.lines_without_cost += line->unit_cost == 0;
    plan.lines.push_back(std::move(*line));
  }
  std::sort(plan.lines.begin(), plan.lines.end(), [](const ReorderLine& a, const ReorderLine& b) {
    return a.order_by != b.order_by ? a.order_by < b.order_by : a.sku < b.sku;
  });
  std::map<std::pair<Id, Id>, PurchaseOrderDraft> drafts;
  for (const auto& l : plan.lines) {
    PurchaseOrderDraft& d = drafts[{l.supplier_id, l.location_id}];
    if (d.lines.empty()) {
      d.supplier_id = l.supplier_id;
      d.location_id = l.location_id;
      d.supplier_name = l.supplier_name;
      d.order_by = l.order_by;
    }
    d.order_by = std::min(d.order_by, l.order_by);
    d.total_cost += l.cost;
    d.lines.push_back(l);
  }
  for (auto& [key, d] : drafts) plan.drafts.push_back(std::move(d));
  return plan;
}

}  // namespace oiis::inventory
