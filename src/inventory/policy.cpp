// Order quantities, safety stock and the per item (R, S) levels shared by the plan and the
// simulator; the forecasters that feed them.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "forecast/forecast.h"
#include "inventory/inventory.h"

namespace oiis::inventory {

Result<double> eoq(double annual_demand, double order_cost, double unit_cost, double holding_rate) {
  if (!(annual_demand >= 0) || !std::isfinite(annual_demand))
    return invalid_argument("must be finite and >= 0", "annual_demand");
  if (!(order_cost >= 0) || !std::isfinite(order_cost))
    return invalid_argument("must be finite and >= 0", "order_cost");
  if (!(unit_cost > 0) || !std::isfinite(unit_cost))
    return invalid_argument("must be finite and > 0", "unit_cost");
  if (!(holding_rate > 0) || !std::isfinite(holding_rate))
    return invalid_argument("must be finite and > 0", "holding_rate");
  return std::sqrt(2 * annual_demand * order_cost / (holding_rate * unit_cost));
}

Quantity round_order_quantity(double quantity, Quantity min_order_qty, Quantity pack_size) {
  if (!(quantity > 0)) return 0;
  pack_size = std::max<Quantity>(pack_size, 1);
  auto to_packs = [&](double q) {
    return static_cast<Quantity>(std::ceil(q / pack_size - 1e-9)) * pack_size;
  };
  return std::max(to_packs(quantity), to_packs(static_cast<double>(std::max<Quantity>(min_order_qty, 1))));
}

DemandOverPeriod lead_time_demand(double daily_mean, double daily_sd, double lead_time_mean,
                                  double lead_time_sd) {
  double var = lead_time_mean * daily_sd * daily_sd +
               daily_mean * daily_mean * lead_time_sd * lead_time_sd;
  return {daily_mean * lead_time_mean, std::sqrt(std::max(var, 0.0))};
}

double safety_factor(const ServiceTarget& target, double sigma, double order_quantity) {
  double level = std::clamp(target.level, 1e-6, 1 - 1e-6);
  if (target.kind == ServiceKind::kCycle) return normal_quantile(level);
  if (!(sigma > 0)) return 0;
  // G(k) falls from G(-1) ~ 1.083 to 0; bisection finds the k whose expected shortage per
  // cycle sigma G(k) equals (1 - beta) Q.
  double wanted = (1 - level) * std::max(order_quantity, 0.0) / sigma;
  double lo = -1, hi = 8;
  if (normal_loss(lo) <= wanted) return lo;
  for (int i = 0; i < 60; ++i) {
    double mid = 0.5 * (lo + hi);
    (normal_loss(mid) > wanted ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

DemandOverPeriod forecast_over(const DailyForecast& f, double days) {
  if (f.mean.empty() || !(days > 0)) return {};
  DemandOverPeriod out;
  double var = 0;
  const int whole = static_cast<int>(std::floor(days));
  const double frac = days - whole;
  auto at = [](const std::vector<double>& v, int h) {
    return v.empty() ? 0.0 : v[std::min<std::size_t>(h, v.size() - 1)];
  };
  for (int h = 0; h <= whole; ++h) {
    double w = h < whole ? 1.0 : frac;
    if (w == 0) break;
    out.mean += w * at(f.mean, h);
    var += w * at(f.sd, h) * at(f.sd, h);
  }
  out.sd = std::sqrt(var);
  return out;
}

Forecaster engine_forecaster(std::string method) {
  return [method](std::span<const double> history, int horizon) -> Result<DailyForecast> {
    auto parsed = forecast::parse_method(method);
    if (!parsed) return invalid_argument("unknown forecast method '" + method + "'", "method");
    forecast::ForecastOptions options;
    options.horizon = horizon;
    options.season_length = history.size() >= 28 ? 7 : 1;
    options.method = *parsed;
    auto f = forecast::forecast(history, options);
    if (!f) return f.status();
    DailyForecast out;
    out.mean = f->mean;
    out.sd.resize(out.mean.size());
    const double z80 = normal_quantile(0.9);
    for (std::size_t h = 0; h < out.mean.size(); ++h)
      out.sd[h] = f->hi80.empty() ? 0.0 : std::max(0.0, (f->hi80[h] - f->mean[h]) / z80);
    return out;
  };
}

Forecaster profile_forecaster(int window) {
  return [window](std::span<const double> history, int horizon) -> Result<DailyForecast> {
    if (horizon < 1) return invalid_argument("must be >= 1", "horizon");
    const std::size_t n = history.size();
    const std::size_t w = std::min<std::size_t>(std::max(window, 7), n);
    DailyForecast out;
    out.mean.assign(horizon, 0.0);
    out.sd.assign(horizon, 0.0);
    if (w == 0) return out;
    const auto recent = history.subspan(n - w);
    const double level = std::accumulate(recent.begin(), recent.end(), 0.0) / w;
    // Weekday factors, shrunk toward 1 with a prior worth 4 observations (thin data is noisy).
    std::array<double, 7> sum{}, count{}, factor{};
    for (std::size_t i = 0; i < w; ++i) {
      sum[(n - w + i) % 7] += recent[i];
      count[(n - w + i) % 7] += 1;
    }
    for (int k = 0; k < 7; ++k)
      factor[k] = level > 0 ? (sum[k] + 4 * level) / ((count[k] + 4) * level) : 1.0;
    double ss = 0;
    for (std::size_t i = 0; i < w; ++i) {
      double e = recent[i] - level * factor[(n - w + i) % 7];
      ss += e * e;
    }
    const double sd = std::sqrt(ss / std::max<std::size_t>(w - 1, 1));
    for (int h = 0; h < horizon; ++h) {
      out.mean[h] = level * factor[(n + h) % 7];
      out.sd[h] = sd;
    }
    return out;
  };
}

ItemLevels compute_levels(const DailyForecast& forecast, double lead_time_mean, double lead_time_sd,
                          double review_days, const ServiceTarget& target, double multiplier,
                          double unit_cost, double order_cost, double holding_rate) {
  ItemLevels l;
  l.review_days = review_days;
  const double protection = lead_time_mean + review_days;
  const DemandOverPeriod over_p = forecast_over(forecast, protection);
  const DemandOverPeriod over_l = forecast_over(forecast, lead_time_mean);
  l.daily_demand = protection > 0 ? over_p.mean / protection
                                  : (forecast.mean.empty() ? 0.0 : forecast.mean[0]);
  l.annual_demand = 365 * l.daily_demand;
  // Demand uncertainty from the forecast's own errors, lead-time uncertainty as d^2 Var[L].
  auto with_lead_spread = [&](double sd) {
    return multiplier * std::sqrt(sd * sd + l.daily_demand * l.daily_demand * lead_time_sd * lead_time_sd);
  };
  l.sigma = with_lead_spread(over_p.sd);
  const double k = safety_factor(target, l.sigma, std::max(l.daily_demand * review_days, 1.0));
  l.safety_stock = std::max(0.0, k * l.sigma);
  l.lead_demand = over_l.mean;
  l.reorder_point = over_l.mean + std::max(0.0, k * with_lead_spread(over_l.sd));
  l.order_up_to = over_p.mean + l.safety_stock;
  if (auto q = eoq(l.annual_demand, order_cost, std::max(unit_cost, 1e-9), holding_rate)) l.eoq = *q;
  return l;
}

int review_period_days(double order_cost, double annual_holding_of_demand, const PolicyConfig& c) {
  if (!(annual_holding_of_demand > 0)) return c.max_review_days;
  double days = 365.0 * std::sqrt(2 * order_cost / annual_holding_of_demand);
  return std::clamp(static_cast<int>(std::lround(days)), c.min_review_days, c.max_review_days);
}

Quantity order_quantity(const ItemLevels& levels, double position, Quantity min_order_qty,
                        Quantity pack_size) {
  if (position >= levels.order_up_to || levels.daily_demand <= 0) return 0;
  return round_order_quantity(levels.order_up_to - position, min_order_qty, pack_size);
}

}  // namespace oiis::inventory
