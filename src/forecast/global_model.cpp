#include "forecast/global_model.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

namespace oiis::forecast {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kRecent = 13;     // periods in a series' level, the target's scale
constexpr int kVolumeBins = 5;  // conformal bins of series by level
constexpr int kMinBinResiduals = 30;
constexpr std::array<double, 4> kQuantiles = {0.025, 0.1, 0.9, 0.975};  // lo95 lo80 hi80 hi95

bool finite(double v) {
  return std::isfinite(v);
}

// Mean of the finite values of v[a..b] clipped to [0, end); NaN when there are none.
double mean_finite(const std::vector<double>& v, int a, int b, int end) {
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

double ratio(double a, double b) {
  return finite(a) && finite(b) && b > 0 ? a / b : kNaN;
}

Status check_series(const PanelSeries& s, std::size_t i, int periods) {
  const std::string field = "series[" + std::to_string(i) + "]";
  if (static_cast<int>(s.y.size()) != periods)
    return invalid_argument(
        "has " + std::to_string(s.y.size()) + " values, periods is " + std::to_string(periods),
        field + ".y");
  for (double v : s.y)
    if (std::isinf(v) || v < 0) return invalid_argument("values must be >= 0 or NaN", field + ".y");
  for (const auto& [v, name] : {std::pair{&s.price, ".price"}, std::pair{&s.promo, ".promo"}})
    if (!v->empty() && static_cast<int>(v->size()) != periods)
      return invalid_argument("must be empty or have one value per period", field + name);
  for (double p : s.price)
    if (!(p > 0) || !finite(p))
      return invalid_argument("prices must be positive", field + ".price");
  for (double p : s.promo)
    if (!(p >= 0 && p <= 1)) return invalid_argument("shares must be in 0..1", field + ".promo");
  if (s.group < 0) return invalid_argument("must be >= 0", field + ".group");
  return Status::ok();
}

Status validate(const Panel& panel, const GlobalModelOptions& o) {
  if (o.horizon < 1) return invalid_argument("must be >= 1", "horizon");
  if (o.season_length < 0) return invalid_argument("must be >= 0", "season_length");
  if (o.rounds < 1) return invalid_argument("must be >= 1", "rounds");
  if (o.max_depth < 1) return invalid_argument("must be >= 1", "max_depth");
  if (o.max_origins < 0) return invalid_argument("must be >= 0", "max_origins");
  if (!(o.learning_rate > 0 && o.learning_rate <= 1))
    return invalid_argument("must be in (0, 1]", "learning_rate");
  if (panel.periods < 1) return invalid_argument("must be >= 1", "periods");
  if (panel.series.empty()) return invalid_argument("no series", "series");
  const std::size_t rows = static_cast<std::size_t>(panel.periods + o.horizon);
  if (panel.calendar.size() != rows)
    return invalid_argument("needs periods + horizon = " + std::to_string(rows) + " rows, has " +
                                std::to_string(panel.calendar.size()),
                            "calendar");
  for (const auto& row : panel.calendar)
    if (row.size() != panel.calendar.front().size())
      return invalid_argument("rows differ in width", "calendar");
  for (std::size_t i = 0; i < panel.series.size(); ++i)
    if (Status st = check_series(panel.series[i], i, panel.periods); !st.is_ok()) return st;
  return Status::ok();
}

Status xgb(int rc, const char* what) {
  if (rc == 0) return Status::ok();
  return internal_error(std::string("xgboost ") + what + ": " + XGBGetLastError());
}

struct DMatrix {
  DMatrixHandle h = nullptr;
  DMatrix() = default;
  DMatrix(const DMatrix&) = delete;
  DMatrix& operator=(const DMatrix&) = delete;
  ~DMatrix() {
    if (h) XGDMatrixFree(h);
  }
};

struct Booster {
  BoosterHandle h = nullptr;
  Booster() = default;
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;
  ~Booster() {
    if (h) XGBoosterFree(h);
  }
};

// The panel as seen from its first `end` periods, and what every feature row shares.
class Features {
 public:
  Features(const Panel& panel, int end, int season_length)
      : panel_(panel), end_(end), m_(season_length) {
    const std::size_t n = panel.series.size();
    base_price_.assign(n, kNaN);
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
      if (!s.price.empty()) {
        std::vector<double> prices(s.price.begin(), s.price.begin() + end);
        std::nth_element(prices.begin(), prices.begin() + end / 2, prices.end());
        base_price_[i] = prices[end / 2];
      }
    }
    group_profiles(groups);
  }

  int width() const { return kPerStep + calendar_width() + kPerOrigin; }
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
    put(s.price.empty() ? 1.0 : s.price[o] / base_price_[i]);
    put(s.price.empty() ? 1.0 : s.price[o] / mean_finite(s.price, o - 4, o - 1, end_));
    put(s.promo.empty() ? 0.0 : s.promo[o]);
    put(s.promo.empty() || o == 0 ? 0.0 : s.promo[o - 1]);
    put(m_ > 0 ? ratio(group_mean(s.group, o - kRecent + 1, o),
                       group_mean(s.group, o - m_ - kRecent + 1, o - m_))
               : kNaN);
  }

 private:
  static constexpr int kPerStep = 4, kPerOrigin = 13;
  int calendar_width() const { return static_cast<int>(panel_.calendar.front().size()); }

  // Per group and period: mean over its series of y / the series' mean, 3-period centred.
  void group_profiles(int groups) {
    std::vector<std::vector<double>> sum(groups, std::vector<double>(end_, 0.0));
    std::vector<std::vector<int>> count(groups, std::vector<int>(end_, 0));
    for (const PanelSeries& s : panel_.series) {
      const double mean = mean_finite(s.y, 0, end_ - 1, end_);
      if (!(mean > 0)) continue;
      for (int p = 0; p < end_; ++p)
        if (finite(s.y[p])) {
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
  // Smoothed profile at period p as known at origin o (the centred window stops at o).
  double profile(int g, int p, int o) const {
    if (p < 0 || p > o) return kNaN;
    return p < o ? smooth_[g][p] : mean_finite(raw_[g], p - 1, p, end_);
  }
  double group_mean(int g, int a, int b) const { return mean_finite(raw_[g], a, b, end_); }

  const Panel& panel_;
  int end_, m_;
  std::vector<double> base_price_;
  std::vector<int> first_;
  std::vector<std::vector<double>> raw_, smooth_;
};

Status set_params(BoosterHandle h, const GlobalModelOptions& o) {
  const std::string threads = std::to_string(o.threads), depth = std::to_string(o.max_depth),
                    eta = std::to_string(o.learning_rate), seed = std::to_string(o.seed);
  const std::pair<const char*, const char*> params[] = {{"objective", "reg:squarederror"},
                                                        {"tree_method", "hist"},
                                                        {"max_depth", depth.c_str()},
                                                        {"eta", eta.c_str()},
                                                        {"subsample", "0.8"},
                                                        {"colsample_bytree", "0.8"},
                                                        {"min_child_weight", "5"},
                                                        {"seed", seed.c_str()},
                                                        {"verbosity", "0"},
                                                        {"nthread", threads.c_str()}};
  for (const auto& [key, value] : params) {
    if (key == std::string("nthread") && o.threads <= 0) continue;
    if (Status st = xgb(XGBoosterSetParam(h, key, value), "set_param"); !st.is_ok()) return st;
  }
  return Status::ok();
}

// Trains on every (series, origin, step) whose target lies inside the visible window.
Status train(const Panel& panel, const Features& f, const GlobalModelOptions& o, Booster& booster) {
  const int cols = f.width(), end = f.end();
  std::vector<float> x, label, weight;
  for (std::size_t i = 0; i < panel.series.size(); ++i) {
    const auto& y = panel.series[i].y;
    const int oldest =
        o.max_origins > 0 ? std::max(f.first(i), end - 1 - o.max_origins) : f.first(i);
    for (int o_ = oldest; o_ < end - 1; ++o_) {
      const double level = f.level(i, o_);
      if (!(level > 0)) continue;
      for (int h = 1; h <= o.horizon && o_ + h < end; ++h) {
        if (!finite(y[o_ + h])) continue;
        const std::size_t at = x.size();
        x.resize(at + cols);
        f.row(i, o_, h, level, x.data() + at);
        label.push_back(static_cast<float>(y[o_ + h] / level));
        weight.push_back(static_cast<float>(level));
      }
    }
  }
  if (label.empty())
    return invalid_argument("no series has an observed target after an observed level", "series");
  DMatrix data;
  if (Status st =
          xgb(XGDMatrixCreateFromMat(x.data(), label.size(), cols, kNaN, &data.h), "dmatrix");
      !st.is_ok())
    return st;
  if (Status st = xgb(XGDMatrixSetFloatInfo(data.h, "label", label.data(), label.size()), "label");
      !st.is_ok())
    return st;
  if (Status st =
          xgb(XGDMatrixSetFloatInfo(data.h, "weight", weight.data(), weight.size()), "weight");
      !st.is_ok())
    return st;
  if (Status st = xgb(XGBoosterCreate(&data.h, 1, &booster.h), "create"); !st.is_ok()) return st;
  if (Status st = set_params(booster.h, o); !st.is_ok()) return st;
  for (int round = 0; round < o.rounds; ++round)
    if (Status st = xgb(XGBoosterUpdateOneIter(booster.h, round, data.h), "train"); !st.is_ok())
      return st;
  return Status::ok();
}

// Point forecasts from the last visible period: mean[series][step] (>= 0), and the level
// each was scaled by (NaN or 0 = no demand seen: zeros).
struct PointForecasts {
  std::vector<std::vector<double>> mean;
  std::vector<double> level;
};

Result<PointForecasts> fit_predict(const Panel& panel, int end, const GlobalModelOptions& o) {
  const Features f(panel, end, o.season_length);
  Booster booster;
  if (Status st = train(panel, f, o, booster); !st.is_ok()) return st;
  const int cols = f.width(), origin = end - 1;
  PointForecasts out;
  out.mean.assign(panel.series.size(), std::vector<double>(o.horizon, 0.0));
  out.level.assign(panel.series.size(), kNaN);
  std::vector<float> x;
  std::vector<std::size_t> rows_of;  // series with a level, in row order
  for (std::size_t i = 0; i < panel.series.size(); ++i) {
    out.level[i] = f.level(i, origin);
    if (!(out.level[i] > 0)) continue;
    rows_of.push_back(i);
    for (int h = 1; h <= o.horizon; ++h) {
      const std::size_t at = x.size();
      x.resize(at + cols);
      f.row(i, origin, h, out.level[i], x.data() + at);
    }
  }
  if (rows_of.empty()) return out;
  DMatrix data;
  const bst_ulong rows = rows_of.size() * static_cast<bst_ulong>(o.horizon);
  if (Status st = xgb(XGDMatrixCreateFromMat(x.data(), rows, cols, kNaN, &data.h), "dmatrix");
      !st.is_ok())
    return st;
  bst_ulong len = 0;
  const float* pred = nullptr;
  if (Status st = xgb(XGBoosterPredict(booster.h, data.h, 0, 0, 0, &len, &pred), "predict");
      !st.is_ok())
    return st;
  if (len != rows) return internal_error("xgboost predict: unexpected output length");
  for (std::size_t r = 0; r < rows_of.size(); ++r)
    for (int h = 0; h < o.horizon; ++h)
      out.mean[rows_of[r]][h] =
          std::max(0.0, static_cast<double>(pred[r * o.horizon + h]) * out.level[rows_of[r]]);
  return out;
}

double quantile(std::vector<double> v, double q) {
  const double pos = q * static_cast<double>(v.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(pos);
  std::nth_element(v.begin(), v.begin() + lo, v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + lo + 1, v.end());
  return a + (pos - static_cast<double>(lo)) * (b - a);
}

// Scaled residual quantiles per volume bin (level thresholds from the calibration origin).
struct Calibration {
  std::vector<double> edges;  // upper level of bins 0..k-2
  std::vector<std::array<double, kQuantiles.size()>> q;
  std::size_t bin(double level) const {
    return std::upper_bound(edges.begin(), edges.end(), level) - edges.begin();
  }
};

// Refits on the panel without its last `tail` periods and scores that tail.
Result<Calibration> calibrate(const Panel& panel, int tail, GlobalModelOptions o) {
  o.horizon = tail;
  const int end = panel.periods - tail;
  auto fit = fit_predict(panel, end, o);
  if (!fit) return fit.status();
  std::vector<double> levels;
  for (double l : fit->level)
    if (l > 0) levels.push_back(l);
  if (levels.empty())
    return invalid_argument("no series has demand before the calibration tail", "series");
  std::sort(levels.begin(), levels.end());
  Calibration c;
  for (int b = 1; b < kVolumeBins; ++b) c.edges.push_back(levels[levels.size() * b / kVolumeBins]);
  std::vector<std::vector<double>> residuals(kVolumeBins + 1);  // last = all bins pooled
  for (std::size_t i = 0; i < panel.series.size(); ++i) {
    const double level = fit->level[i];
    if (!(level > 0)) continue;
    for (int h = 0; h < tail; ++h) {
      const double actual = panel.series[i].y[end + h];
      if (!finite(actual)) continue;
      const double r = (actual - fit->mean[i][h]) / level;
      residuals[c.bin(level)].push_back(r);
      residuals.back().push_back(r);
    }
  }
  if (residuals.back().empty())
    return invalid_argument("calibration tail is all unobserved", "series");
  for (int b = 0; b < kVolumeBins; ++b) {
    const auto& r = residuals[b].size() >= kMinBinResiduals ? residuals[b] : residuals.back();
    auto& q = c.q.emplace_back();
    for (std::size_t k = 0; k < kQuantiles.size(); ++k) q[k] = quantile(r, kQuantiles[k]);
  }
  return c;
}

void add_intervals(Forecast& f, double level, const Calibration* c) {
  const std::size_t n = f.mean.size();
  f.lo95.resize(n), f.lo80.resize(n), f.hi80.resize(n), f.hi95.resize(n);
  for (std::size_t h = 0; h < n; ++h) {
    const double m = f.mean[h];
    if (!c || !(level > 0)) {
      f.lo95[h] = f.lo80[h] = f.hi80[h] = f.hi95[h] = m;
      continue;
    }
    const auto& q = c->q[c->bin(level)];
    f.lo95[h] = std::clamp(m + q[0] * level, 0.0, m);
    f.lo80[h] = std::clamp(m + q[1] * level, f.lo95[h], m);
    f.hi80[h] = std::max(m + q[2] * level, m);
    f.hi95[h] = std::max(m + q[3] * level, f.hi80[h]);
  }
}

}  // namespace

Result<std::vector<Forecast>> forecast_global(const Panel& panel,
                                              const GlobalModelOptions& options) {
  if (Status st = validate(panel, options); !st.is_ok()) return st;
  auto fit = fit_predict(panel, panel.periods, options);
  if (!fit) return fit.status();
  std::optional<Calibration> calibration;
  const int tail = std::min(options.horizon, panel.periods / 4);
  if (options.intervals && tail >= 1) {
    auto c = calibrate(panel, tail, options);
    if (c)
      calibration = std::move(c).value();
    else if (c.status().code() == ErrorCode::kInternal)
      return c.status();
  }
  std::vector<Forecast> out(panel.series.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    Forecast& f = out[i];
    f.model = "GBM";
    f.mean = std::move(fit->mean[i]);
    f.params = {{"rounds", options.rounds},
                {"max_depth", options.max_depth},
                {"learning_rate", options.learning_rate}};
    if (!(fit->level[i] > 0)) f.note = "no demand observed: zero forecast";
    if (options.intervals) {
      add_intervals(f, fit->level[i], calibration ? &*calibration : nullptr);
      if (!calibration && f.note.empty()) f.note = "too little history to calibrate intervals";
    }
  }
  return out;
}

}  // namespace oiis::forecast
