// The global model's feature rows (forecast/global_model.cpp), apart so that the model file
// stays readable: the panel as seen from a training window, per-series trailing base prices,
// causal group profiles and per-SKU price elasticities. Internal to the forecast module.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "forecast/global_model.h"

namespace oiis::forecast::global_detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr int kRecent = 13;             // periods in a series' level, the target's scale
inline constexpr int kTrailing = 8;            // periods behind a price move that set its baseline
inline constexpr double kMinPriceMove = 0.03;  // |log price ratio| below this is not a price move
inline constexpr double kResponsePrior = 0.5;  // weight of the pooled elasticity, in (log ratio)^2

inline bool finite(double v) {
  return std::isfinite(v);
}

// Mean of the finite values of v[a..b] clipped to [0, end); NaN when there are none.
inline double mean_finite(const std::vector<double>& v, int a, int b, int end) {
  a = std::max(a, 0);
  b = std::min(b, end - 1);
  double sum = 0;
  int n = 0;
  for (int i = a; i <= b; ++i)
    if (finite(v[i])) {
      sum += v[i];
      ++n;
    }
  return n ? sum / n : kNaN;
}

inline double ratio(double a, double b) {
  return finite(a) && finite(b) && b > 0 ? a / b : kNaN;
}

// The panel as seen from its first `end` periods, and what every feature row shares.
class Features {
 public:
  Features(const Panel& panel, int end, int season_length, bool planned)
      : panel_(panel), end_(end), m_(season_length), planned_(planned) {
    const std::size_t n = panel.series.size();
    base_price_.assign(n, {});
    first_.assign(n, end);
    int groups = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const PanelSeries& s = panel.series[i];
      groups = std::max(groups, s.group + 1);
      for (int p = 0; p < end; ++p)
        if (finite(s.y[p])) {
          first_[i] = p;
          break;
        }
      if (!s.price.empty()) base_price_[i] = trailing_medians(s.price, end);
    }
    group_profiles(groups);
    if (planned_) price_response();
  }

  int width() const { return kPerStep + (planned_ ? kPlanned : 0) + calendar_width() + kPerOrigin; }
  int end() const { return end_; }
  int first(std::size_t i) const { return first_[i]; }

  // The target's scale at origin o: mean of the last kRecent observed periods, else of the
  // whole history; NaN or 0 when the series has shown no demand.
  double level(std::size_t i, int o) const {
    const auto& y = panel_.series[i].y;
    const double recent = mean_finite(y, o - kRecent + 1, o, end_);
    return recent > 0 ? recent : mean_finite(y, 0, o, end_);
  }

  // Row for series i, origin o (last period known), step h, scaled by `level`.
  void row(std::size_t i, int o, int h, double level, float* out) const {
    const PanelSeries& s = panel_.series[i];
    const int t = o + h;
    int k = 0;
    auto put = [&](double v) { out[k++] = static_cast<float>(v); };
    put(h);
    const double last_year = m_ > 0 ? mean_finite(s.y, t - m_ - 1, t - m_ + 1, o + 1) : kNaN;
    const double last_year_origin = m_ > 0 ? mean_finite(s.y, o - m_ - 1, o - m_ + 1, o + 1) : kNaN;
    put(last_year / level);
    put(ratio(last_year, last_year_origin));
    put(m_ > 0 ? ratio(profile(s.group, t - m_, o), profile(s.group, o - m_, o)) : kNaN);
    // Unsmoothed, so that a one-week peak (Black Friday) a year before keeps its height.
    put(m_ > 0 && t - m_ >= 0 && t - m_ <= o ? s.y[t - m_] / level : kNaN);
    put(m_ > 0
            ? ratio(group_at(s.group, t - m_, o), group_mean(s.group, o - m_ - kRecent + 1, o - m_))
            : kNaN);
    if (planned_) {
      const bool known = static_cast<int>(s.price.size()) > t;
      put(known ? s.price[t] / base_price_[i][o] : 1.0);
      put(known ? s.price[t] / s.price[o] : 1.0);
      put(known ? s.promo[t] : 0.0);
      put(known && !s.clearance.empty() ? s.clearance[t] : 0.0);
      const double e = elasticity(i, o);
      put(e);
      put(known ? std::pow(s.price[t] / regular_price(s, o), e) : 1.0);
    }
    for (double v : panel_.calendar[t]) put(v);

    put(s.group);
    put(s.y[o] / level);
    put(mean_finite(s.y, o - 3, o, end_) / level);
    put(mean_finite(s.y, o - 25, o, end_) / level);
    put(mean_finite(s.y, o - 51, o, end_) / level);
    put(std::log(level));
    int unobserved = 0;
    for (int p = std::max(first_[i], o - kRecent + 1); p <= o; ++p) unobserved += !finite(s.y[p]);
    put(static_cast<double>(unobserved) / kRecent);
    put(std::min(o - first_[i], 104));
    put(s.price.empty() ? 1.0 : s.price[o] / base_price_[i][o]);
    put(s.price.empty() ? 1.0 : s.price[o] / mean_finite(s.price, o - 4, o - 1, end_));
    put(s.promo.empty() ? 0.0 : s.promo[o]);
    put(s.promo.empty() || o == 0 ? 0.0 : s.promo[o - 1]);
    put(clearance_periods(s, o));
    put(m_ > 0 ? ratio(group_mean(s.group, o - kRecent + 1, o),
                       group_mean(s.group, o - m_ - kRecent + 1, o - m_))
               : kNaN);
  }

 private:
  static constexpr int kPerStep = 6, kPlanned = 6, kPerOrigin = 14;
  static constexpr int kBaseWindow = 52;  // periods behind a base price or a level: a year
  int calendar_width() const { return static_cast<int>(panel_.calendar.front().size()); }

  // Per period o, the median price of [o - kBaseWindow + 1, o]: the price the product was
  // normally sold at as known at origin o (a median over the whole training window, used
  // before, let earlier rows see later price levels).
  static std::vector<double> trailing_medians(const std::vector<double>& price, int end) {
    std::vector<double> out(end, kNaN), window;
    for (int o = 0; o < end; ++o) {
      window.assign(price.begin() + std::max(0, o - kBaseWindow + 1), price.begin() + o + 1);
      std::nth_element(window.begin(), window.begin() + window.size() / 2, window.end());
      out[o] = window[window.size() / 2];
    }
    return out;
  }

  // Per group and period p: mean over its series of y[p] / the series' mean of the year up to
  // p (causal: a profile value uses nothing after its period), 3-period centred.
  void group_profiles(int groups) {
    std::vector<std::vector<double>> sum(groups, std::vector<double>(end_, 0.0));
    std::vector<std::vector<int>> count(groups, std::vector<int>(end_, 0));
    for (const PanelSeries& s : panel_.series) {
      for (int p = 0; p < end_; ++p) {
        if (!finite(s.y[p])) continue;
        const double mean = mean_finite(s.y, p - kBaseWindow + 1, p, end_);
        if (!(mean > 0)) continue;
        sum[s.group][p] += s.y[p] / mean;
        ++count[s.group][p];
      }
    }
    raw_.assign(groups, std::vector<double>(end_, kNaN));
    smooth_.assign(groups, std::vector<double>(end_, kNaN));
    for (int g = 0; g < groups; ++g) {
      for (int p = 0; p < end_; ++p)
        if (count[g][p]) raw_[g][p] = sum[g][p] / count[g][p];
      for (int p = 0; p < end_; ++p) smooth_[g][p] = mean_finite(raw_[g], p - 1, p + 1, end_);
    }
  }
  // Per series, running sums for a through-the-origin regression of log(demand / trailing
  // level) on log(price / trailing price), over the periods whose price moved: the SKU's own
  // price elasticity as known at each origin. The global model cannot tell a price-sensitive
  // SKU from a loyal one otherwise, and elasticities differ several-fold between SKUs.
  void price_response() {
    const std::size_t n = panel_.series.size();
    response_num_.assign(n, {});
    response_den_.assign(n, {});
    double pooled_num = 0, pooled_den = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const PanelSeries& s = panel_.series[i];
      if (s.price.empty()) continue;
      auto& num = response_num_[i];
      auto& den = response_den_[i];
      num.assign(end_, 0.0);
      den.assign(end_, 0.0);
      for (int p = 0; p < end_; ++p) {
        num[p] = p ? num[p - 1] : 0.0;
        den[p] = p ? den[p - 1] : 0.0;
        const double level = mean_finite(s.y, p - kTrailing, p - 1, end_);
        const double price = mean_finite(s.price, p - kTrailing, p - 1, end_);
        if (!finite(s.y[p]) || !(s.y[p] > 0) || !(level > 0) || !(price > 0)) continue;
        const double lr = std::log(s.price[p] / price);
        if (std::abs(lr) < kMinPriceMove) continue;
        num[p] += lr * std::log(s.y[p] / level);
        den[p] += lr * lr;
      }
      pooled_num += num.back();
      pooled_den += den.back();
    }
    pooled_response_ = pooled_den > 0 ? pooled_num / pooled_den : 0.0;
  }
  // The SKU's elasticity at origin o, shrunk towards the panel's pooled one.
  double elasticity(std::size_t i, int o) const {
    if (response_num_[i].empty()) return pooled_response_;
    return (response_num_[i][o] + kResponsePrior * pooled_response_) /
           (response_den_[i][o] + kResponsePrior);
  }
  // Periods in clearance up to origin o (a product marked down fades out), capped at a year.
  static double clearance_periods(const PanelSeries& s, int o) {
    double sum = 0;
    for (int p = o; p >= 0 && p > o - 52 && !s.clearance.empty(); --p) sum += s.clearance[p];
    return sum;
  }
  // Median price of the last kRecent periods: the regular price the level was earned at.
  static double regular_price(const PanelSeries& s, int o) {
    std::vector<double> recent(s.price.begin() + std::max(0, o - kRecent + 1),
                               s.price.begin() + o + 1);
    std::nth_element(recent.begin(), recent.begin() + recent.size() / 2, recent.end());
    return recent[recent.size() / 2];
  }

  // Smoothed profile at period p as known at origin o (the centred window stops at o).
  double profile(int g, int p, int o) const {
    if (p < 0 || p > o) return kNaN;
    return p < o ? smooth_[g][p] : mean_finite(raw_[g], p - 1, p, end_);
  }
  double group_at(int g, int p, int o) const { return p >= 0 && p <= o ? raw_[g][p] : kNaN; }
  double group_mean(int g, int a, int b) const { return mean_finite(raw_[g], a, b, end_); }

  const Panel& panel_;
  int end_, m_;
  bool planned_;
  std::vector<std::vector<double>> base_price_;  // [series][origin], trailing_medians
  std::vector<int> first_;
  std::vector<std::vector<double>> raw_, smooth_;
  std::vector<std::vector<double>> response_num_, response_den_;
  double pooled_response_ = 0;
};

}  // namespace oiis::forecast::global_detail
