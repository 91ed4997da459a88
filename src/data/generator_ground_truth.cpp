// Ground truth files: what the generator decided, for scoring models later. CSV with a
// header row (RFC 4180 quoting where needed), dates as YYYY-MM-DD, empty = not applicable.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "data/csv.h"
#include "data/generator_writer.h"

namespace oiis {
namespace {

using world::World;

class CsvFile {
 public:
  CsvFile(const std::filesystem::path& path, std::initializer_list<std::string_view> header)
      : path_(path), file_(std::fopen(path.c_str(), "wb")) {
    if (!file_) return;
    for (auto h : header) field(h);
    end_row();
  }
  ~CsvFile() {
    if (file_) std::fclose(file_);
  }
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;

  CsvFile& field(std::string_view text) {
    separator();
    scratch_.clear();
    append_csv_field(scratch_, text);
    std::fwrite(scratch_.data(), 1, scratch_.size(), file_);
    return *this;
  }
  CsvFile& field(std::int64_t v) {
    separator();
    std::fprintf(file_, "%lld", static_cast<long long>(v));
    return *this;
  }
  CsvFile& field(int v) { return field(static_cast<std::int64_t>(v)); }
  CsvFile& field(double v) {
    separator();
    std::fprintf(file_, "%.6g", v);
    return *this;
  }
  CsvFile& date(std::optional<Date> d) { return field(d ? format_date(*d) : std::string()); }
  CsvFile& id(Id v) { return v ? field(v) : field(std::string_view()); }  // 0 = n/a
  void end_row() {
    std::fputc('\n', file_);
    first_ = true;
  }
  Status close() {
    if (!file_)
      return internal_error("cannot create " + path_.string() + ": " + std::strerror(errno));
    bool failed = std::ferror(file_) != 0;
    failed |= std::fclose(file_) != 0;
    file_ = nullptr;
    if (failed) return internal_error("cannot write " + path_.string());
    return Status::ok();
  }
  bool ok() const { return file_ != nullptr; }

 private:
  void separator() {
    if (!first_) std::fputc(',', file_);
    first_ = false;
  }
  std::filesystem::path path_;
  std::FILE* file_;
  std::string scratch_;  // one quoted field, reused
  bool first_ = true;
};

Status write_customers(const World& w, const std::filesystem::path& dir) {
  CsvFile csv(dir / "customers.csv",
              {"customer_id", "external_id", "segment", "region", "signup_date", "churn_date",
               "visits_per_year", "basket_lines", "preferred_channel", "preferred_payment",
               "favourite_categories", "home_location_id"});
  if (!csv.ok()) return csv.close();
  const auto& cats = world::categories();
  for (std::size_t i = 0; i < w.truth.customers.size(); ++i) {
    const auto& t = w.truth.customers[i];
    const Customer& c = w.customers[i];
    bool fraud = t.segment == world::Segment::kFraudster;
    std::string favourites = fraud ? ""
                                   : std::string(cats[t.favourite_categories[0]].name) + ";" +
                                         std::string(cats[t.favourite_categories[1]].name);
    csv.field(t.customer_id)
        .field(c.external_id)
        .field(world::segment_name(t.segment))
        .field(c.region);
    csv.date(t.signup).date(t.churn).field(t.visits_per_year).field(t.basket_lines);
    csv.field(fraud ? "web" : world::kChannels[t.preferred_channel]);
    csv.field(fraud ? "" : world::kPayments[t.preferred_payment]);
    csv.field(favourites).field(t.home_location);
    csv.end_row();
  }
  return csv.close();
}

Status write_products(const World& w, const std::filesystem::path& dir) {
  CsvFile csv(dir / "products.csv", {"product_id",
                                     "sku",
                                     "name",
                                     "category",
                                     "supplier_id",
                                     "ref_price",
                                     "final_price",
                                     "cost",
                                     "elasticity",
                                     "base_demand",
                                     "annual_trend",
                                     "dispersion",
                                     "mean_line_qty",
                                     "intermittent",
                                     "popularity_rank",
                                     "launch_date",
                                     "launch_ramp_days",
                                     "decline_start",
                                     "decline_days",
                                     "discontinued_date",
                                     "expected_abc"});
  if (!csv.ok()) return csv.close();
  for (std::size_t i = 0; i < w.products.size(); ++i) {
    const auto& t = w.truth.products[i];
    const Product& p = w.products[i];
    csv.field(p.id).field(p.sku).field(p.name).field(p.category).field(p.supplier_id.value_or(0));
    csv.field(t.ref_price).field(p.price).field(p.cost).field(t.elasticity).field(t.base_demand);
    csv.field(t.annual_trend)
        .field(t.dispersion)
        .field(t.mean_line_qty)
        .field(t.intermittent ? 1 : 0);
    csv.field(t.popularity_rank)
        .date(t.launch)
        .field(t.launch >= w.config.start_date ? t.launch_ramp_days : 0.0);
    csv.date(t.decline_start).field(t.decline_start ? t.decline_days : 0.0).date(t.discontinued);
    csv.field(std::string_view(&t.expected_abc, 1));
    csv.end_row();
  }
  return csv.close();
}

Status write_suppliers(const World& w, const std::filesystem::path& dir) {
  CsvFile csv(dir / "suppliers.csv",
              {"supplier_id", "name", "stated_lead_time_mean", "stated_lead_time_sd",
               "true_lead_time_mean", "true_lead_time_sd", "reliability", "late_delay_mean",
               "chronically_late", "min_order_qty", "order_cost"});
  if (!csv.ok()) return csv.close();
  for (std::size_t i = 0; i < w.suppliers.size(); ++i) {
    const auto& t = w.truth.suppliers[i];
    const Supplier& s = w.suppliers[i];
    csv.field(s.id).field(s.name).field(s.lead_time_mean_days).field(s.lead_time_sd_days);
    csv.field(t.lead_time_mean).field(t.lead_time_sd).field(t.reliability).field(t.late_delay_mean);
    csv.field(t.chronically_late ? 1 : 0).field(s.min_order_qty).field(s.order_cost);
    csv.end_row();
  }
  return csv.close();
}

Status write_pairs(const World& w, const std::filesystem::path& dir) {
  CsvFile csv(dir / "complementary_pairs.csv",
              {"anchor_product_id", "anchor_sku", "accessory_product_id", "accessory_sku",
               "attach_probability"});
  if (!csv.ok()) return csv.close();
  for (const auto& p : w.truth.pairs) {
    csv.field(p.anchor_product).field(w.products[p.anchor_product - 1].sku);
    csv.field(p.accessory_product).field(w.products[p.accessory_product - 1].sku);
    csv.field(p.attach_probability);
    csv.end_row();
  }
  return csv.close();
}

Status write_promotions(const World& w, const std::filesystem::path& dir) {
  CsvFile csv(dir / "promotions.csv",
              {"promotion_id", "product_id", "sku", "start_date", "end_date", "regular_price",
               "promo_price", "discount_pct", "featured", "uplift"});
  if (!csv.ok()) return csv.close();
  for (const auto& p : w.truth.promotions) {
    csv.field(p.promotion_id).field(p.product_id).field(w.products[p.product_id - 1].sku);
    csv.date(p.start).date(p.end).field(p.regular_price).field(p.promo_price);
    csv.field(std::round((1.0 - p.promo_price / p.regular_price) * 1000) / 10);
    csv.field(p.featured ? 1 : 0).field(p.uplift);
    csv.end_row();
  }
  return csv.close();
}

Status write_anomalies(const World& w, const std::filesystem::path& dir) {
  CsvFile csv(dir / "anomalies.csv",
              {"anomaly_id", "type", "entity", "entity_id", "date", "product_id", "location_id",
               "supplier_id", "customer_id", "detail"});
  if (!csv.ok()) return csv.close();
  Id id = 0;
  for (const auto& a : w.truth.anomalies) {
    csv.field(++id).field(world::to_string(a.type)).field(a.entity).field(a.entity_id).date(a.date);
    csv.id(a.product_id).id(a.location_id).id(a.supplier_id).id(a.customer_id).field(a.detail);
    csv.end_row();
  }
  return csv.close();
}

Status write_stockouts(const World& w, const std::filesystem::path& dir) {
  CsvFile csv(dir / "stockouts.csv",
              {"product_id", "location_id", "date", "on_hand_at_open", "lost_lines", "lost_units"});
  if (!csv.ok()) return csv.close();
  for (const auto& s : w.truth.stockouts) {
    csv.field(s.product_id).field(s.location_id).date(s.date).field(s.on_hand_at_open);
    csv.field(s.lost_lines).field(s.lost_units);
    csv.end_row();
  }
  return csv.close();
}

Status write_weekly_demand(const World& w, const std::filesystem::path& dir) {
  CsvFile csv(dir / "demand_weekly.csv",
              {"product_id", "week_start", "expected_units", "sold_units", "lost_units"});
  if (!csv.ok()) return csv.close();
  for (const auto& d : w.truth.weekly_demand) {
    csv.field(d.product_id)
        .date(d.week_start)
        .field(d.expected_units)
        .field(d.sold_units)
        .field(d.lost_units);
    csv.end_row();
  }
  return csv.close();
}

nlohmann::json world_description(const World& w) {
  using nlohmann::json;
  json categories = json::array();
  for (const auto& c : world::categories()) {
    json bumps = json::array();
    for (const auto& b : c.yearly)
      if (b.amplitude > 0)
        bumps.push_back({{"peak_day_of_year", b.peak_day},
                         {"width_days", b.width_days},
                         {"amplitude", b.amplitude}});
    categories.push_back({{"name", c.name},
                          {"price_range", {c.price_min, c.price_max}},
                          {"margin_range", {c.margin_min, c.margin_max}},
                          {"elasticity_range", {c.elasticity_min, c.elasticity_max}},
                          {"intermittent_share", c.intermittent_share},
                          {"weekly_profile_mon_to_sun", c.weekly},
                          {"yearly_bumps", bumps}});
  }
  json segments = json::array();
  for (const auto& s : world::segments())
    segments.push_back({{"name", s.name},
                        {"share", s.share},
                        {"visits_per_year", s.visits_per_year},
                        {"basket_lines", s.basket_lines},
                        {"promo_affinity", s.promo_affinity},
                        {"annual_churn", s.annual_churn}});
  json holidays = json::array();
  for (const auto& h : w.truth.holidays) {
    json per_category = json::object();
    for (std::size_t c = 0; c < world::categories().size(); ++c)
      per_category[std::string(world::categories()[c].name)] = h.factor_for(c);
    holidays.push_back({{"name", h.name},
                        {"date", format_date(h.date)},
                        {"lead_days", h.lead_days},
                        {"factor_by_category", per_category}});
  }
  GenerationSummary s = summarize(w);
  return {
      {"generator", "oiis synthetic world v1"},
      {"config",
       {{"seed", w.config.seed},
        {"products", w.config.products},
        {"customers", w.config.customers},
        {"days", w.config.days},
        {"start_date", format_date(w.config.start_date)},
        {"end_date_exclusive", format_date(w.end_date)},
        {"suppliers", w.config.suppliers},
        {"locations", w.config.locations}}},
      {"counts",
       {{"suppliers", s.suppliers},
        {"products", s.products},
        {"customers", s.customers},
        {"locations", s.locations},
        {"orders", s.orders},
        {"order_lines", s.order_lines},
        {"stock_movements", s.stock_movements},
        {"price_changes", s.price_changes},
        {"purchase_orders", s.purchase_orders},
        {"stockout_days", s.stockout_days},
        {"anomalies", s.anomalies},
        {"promotions", w.truth.promotions.size()},
        {"complementary_pairs", w.truth.pairs.size()}}},
      {"demand_model",
       "expected lines(p,d) = scale(d) * popularity(p) * weekly(cat,d) * yearly(cat,d) * "
       "holidays(cat,d) * "
       "exp(annual_trend*t) * lifecycle(p,d) * min(10, (price(p,d)/ref_price(p))^elasticity) * "
       "promo_uplift; "
       "lines ~ NegBin(mean, dispersion); units per line 1 + Geometric(1/mean_line_qty); "
       "scale(d) follows the active customer base"},
      {"categories", categories},
      {"segments", segments},
      {"holidays", holidays},
  };
}

Status write_world_json(const World& w, const std::filesystem::path& dir) {
  std::ofstream out(dir / "world.json");
  out << world_description(w).dump(2) << '\n';
  if (!out) return internal_error("cannot write " + (dir / "world.json").string());
  return Status::ok();
}

}  // namespace

Status write_ground_truth(const World& w, const std::string& dir_name) {
  std::filesystem::path dir(dir_name);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return internal_error("cannot create " + dir.string() + ": " + ec.message());
  for (auto write :
       {write_customers, write_products, write_suppliers, write_pairs, write_promotions,
        write_anomalies, write_stockouts, write_weekly_demand, write_world_json})
    OIIS_RETURN_IF_ERROR(write(w, dir));
  return Status::ok();
}

}  // namespace oiis
