#include "data/world.h"

#include <bit>
#include <cstring>

#include "data/world_build.h"

namespace oiis::world {

std::string_view to_string(AnomalyType t) {
  switch (t) {
    case AnomalyType::kFraud:
      return "fraud";
    case AnomalyType::kShrinkage:
      return "shrinkage";
    case AnomalyType::kPriceError:
      return "price_error";
    case AnomalyType::kSupplierDelay:
      return "supplier_delay";
    case AnomalyType::kSupplierDrift:
      return "supplier_drift";
  }
  return "unknown";
}

std::int64_t World::order_lines() const {
  std::int64_t n = 0;
  for (const auto& o : orders) n += static_cast<std::int64_t>(o.lines.size());
  return n;
}

Status validate(const GeneratorConfig& c) {
  if (c.products < 1 || c.products > 1'000'000)
    return invalid_argument("products must be between 1 and 1000000", "products");
  if (c.customers < 1 || c.customers > 10'000'000)
    return invalid_argument("customers must be between 1 and 10000000", "customers");
  if (c.days < 7 || c.days > 3650)
    return invalid_argument("days must be between 7 and 3650", "days");
  if (c.locations < 1 || c.locations > 100)
    return invalid_argument("locations must be between 1 and 100", "locations");
  if (c.suppliers < 0 || c.suppliers > 100'000)
    return invalid_argument("suppliers must be between 0 (automatic) and 100000", "suppliers");
  if (static_cast<double>(c.products) * c.days > 200'000'000)
    return invalid_argument("products x days is too large (at most 200 million)", "days");
  if (!(c.drift_demand > 0 && c.drift_demand <= 20))
    return invalid_argument("drift_demand must be above 0 and at most 20", "drift_demand");
  if (c.cycle_count_days < 0 || c.cycle_count_days > 365)
    return invalid_argument("cycle_count_days must be between 0 (none) and 365", "cycle_count_days");
  return Status::ok();
}

namespace {

// Weekly x yearly x holiday factor of every category on every history day.
std::vector<double> category_day_factors(Date start, int days,
                                         const std::vector<Holiday>& holidays) {
  const auto& cats = categories();
  std::vector<double> table(cats.size() * days);
  for (std::size_t c = 0; c < cats.size(); ++c) {
    for (int d = 0; d < days; ++d) {
      Date date = start + d;
      double f = weekly_factor(cats[c], date) * yearly_factor(cats[c], date);
      for (const Holiday& h : holidays) {
        int before = h.date - date;
        if (before < 0 || before > h.lead_days) continue;
        double ramp = static_cast<double>(h.lead_days - before + 1) / (h.lead_days + 1);
        f *= 1.0 + (h.factor_for(c) - 1.0) * ramp;
      }
      table[c * days + d] = f;
    }
  }
  return table;
}

}  // namespace

BuildContext::BuildContext(const GeneratorConfig& c, World& w)
    : config(c),
      world(w),
      rng(c.seed),
      start(c.start_date),
      end(c.start_date + c.days),
      days(c.days) {
  world.truth.holidays = holidays_between(start, end - 1);
  category_day = category_day_factors(start, days, world.truth.holidays);
}

bool BuildContext::sellable(std::size_t product, int day) const {
  const ProductTruth& t = world.truth.products[product];
  Date date = start + day;
  return date >= t.launch && !(t.discontinued && date >= *t.discontinued);
}

World build_world(const GeneratorConfig& config, ProgressSink* progress) {
  World world;
  world.config = config;
  world.end_date = config.start_date + config.days;
  BuildContext ctx(config, world);
  build_catalog(ctx);
  build_price_calendar(ctx);
  build_customers(ctx);
  simulate(ctx, progress);
  return world;
}

namespace {

class Fnv {
 public:
  void add(std::int64_t v) { bytes(&v, sizeof v); }
  void add(double v) { add(std::bit_cast<std::int64_t>(v)); }
  void add(bool v) { add(static_cast<std::int64_t>(v)); }
  void add(const std::string& s) {
    add(static_cast<std::int64_t>(s.size()));
    bytes(s.data(), s.size());
  }
  template <typename T>
  void add(const std::optional<T>& v) {
    add(v.has_value());
    if (v) add(static_cast<std::int64_t>(*v));
  }
  template <typename... T>
  void all(const T&... v) {
    (add(v), ...);
  }
  std::uint64_t value() const { return hash_; }

 private:
  void bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) hash_ = (hash_ ^ p[i]) * 1099511628211ULL;
  }
  std::uint64_t hash_ = 14695981039346656037ULL;
};

}  // namespace

std::uint64_t fingerprint(const World& w) {
  Fnv h;
  for (const auto& s : w.suppliers)
    h.all(s.id, s.name, s.email, s.lead_time_mean_days, s.lead_time_sd_days, s.min_order_qty,
          s.order_cost, s.created_at);
  for (const auto& l : w.locations) h.all(l.id, l.code, l.name, l.kind);
  for (const auto& p : w.products)
    h.all(p.id, p.sku, p.name, p.category, p.brand, p.description, p.price, p.cost, p.supplier_id,
          p.pack_size, p.active, p.created_at, p.updated_at);
  for (const auto& c : w.customers)
    h.all(c.id, c.external_id, c.name, c.email, c.region, c.signup_at);
  for (const auto& c : w.price_changes)
    h.all(c.id, c.product_id, c.old_price, c.new_price, c.reason, c.at);
  for (const auto& o : w.orders) {
    h.all(o.id, o.customer_id, o.location_id, static_cast<std::int64_t>(o.status), o.payment_method,
          o.channel, o.placed_at, o.fulfilled_at);
    for (const auto& l : o.lines)
      h.all(l.id, l.product_id, l.sku, l.quantity, l.unit_price, l.discount);
  }
  for (const auto& po : w.purchase_orders) {
    h.all(po.id, po.supplier_id, po.location_id, static_cast<std::int64_t>(po.status),
          po.created_at, po.expected_at, po.received_at);
    for (const auto& l : po.lines)
      h.all(l.product_id, l.quantity, l.received_quantity, l.unit_cost);
  }
  for (const auto& m : w.movements)
    h.all(m.id, m.product_id, m.location_id, static_cast<std::int64_t>(m.type), m.quantity,
          m.reason, m.order_id, m.purchase_order_id, m.at);
  for (const auto& s : w.stock) h.all(s.product_id, s.location_id, s.on_hand, s.on_order);
  for (const auto& a : w.truth.anomalies)
    h.all(static_cast<std::int64_t>(a.type), a.entity_id, a.product_id,
          static_cast<std::int64_t>(a.date));
  for (const auto& s : w.truth.stockouts)
    h.all(s.product_id, s.location_id, static_cast<std::int64_t>(s.date), s.lost_units);
  return h.value();
}

}  // namespace oiis::world
