// The demand-forecast family for the MLOps pipeline: the store's demand series (data/demand.h),
// the forecasting method chosen among a few candidates on a validation backtest (the holdout
// before the test one), the test backtest scored once, and a prediction table of every SKU's
// forecast. The "model" is the chosen configuration (method, level, horizon, history): the
// per-SKU models are refitted on the data whenever it predicts, as `oiis forecast batch` does.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/crypto.h"
#include "services/forecast_backtest.h"
#include "services/model_families.h"

namespace oiis::services {
namespace {

using mlops::DataCheck;

constexpr std::string_view kArtefactKind = "oiis.forecast_config";

struct ForecastSettings {
  DemandLevel level = DemandLevel::kWeekly;
  int horizon = 13;  // also the test and validation holdouts
};

Result<ForecastSettings> parse_settings(const nlohmann::json& overrides) {
  ForecastSettings s;
  for (const auto& item : overrides.items()) {
    if (item.key() == "level") {
      if (!item.value().is_string() || !parse_level(item.value().get<std::string>()))
        return invalid_argument("level must be daily or weekly", "level");
      s.level = *parse_level(item.value().get<std::string>());
      s.horizon = s.level == DemandLevel::kDaily ? 28 : 13;
    } else if (item.key() != "horizon") {
      return invalid_argument("forecast has no setting '" + item.key() + "'", item.key());
    }
  }
  if (overrides.contains("horizon")) {
    if (!overrides["horizon"].is_number_integer() || overrides["horizon"].get<int>() < 1 ||
        overrides["horizon"].get<int>() > 104)
      return invalid_argument("horizon must be a whole number of periods, 1..104", "horizon");
    s.horizon = overrides["horizon"].get<int>();
  }
  return s;
}

std::vector<std::string> candidate_methods(DemandLevel level) {
  if (level == DemandLevel::kWeekly) return {default_store_method(level), "auto", "gbm+auto"};
  return {default_store_method(level), "theta"};
}

Result<BatchOptions> batch_options(const std::string& method, const ForecastSettings& s) {
  BatchOptions base;
  base.horizon = s.horizon;
  base.threads = 0;
  auto parsed = parse_batch_method(method, base);
  if (!parsed) return invalid_argument("unknown method '" + method + "'", "method");
  if (parsed->model != BatchOptions::Model::kUnivariate && s.level != DemandLevel::kWeekly)
    return invalid_argument(method + " needs weekly demand", "method");
  return *parsed;
}

std::string fingerprint_of(const DemandSet& d) {
  std::ostringstream rows;
  rows.precision(9);
  rows << static_cast<int>(d.level) << ' ' << d.grid_start << ' ' << d.periods << '\n';
  for (const DemandSeries& s : d.series) {
    rows << s.sku << ' ' << s.first;
    for (double v : s.values) rows << ' ' << v;
    rows << '\n';
  }
  return sha256_hex(rows.str());
}

nlohmann::json accuracy_json(const BacktestReport& r) {
  double best_baseline = 1e300;
  for (const auto& b : r.baselines) best_baseline = std::min(best_baseline, b.all.wape);
  return {{"cutoff", format_date(r.holdout_start)},
          {"series", r.all.series},
          {"wape", r.all.wape},
          {"mase", r.all.mase},
          {"a_class_wape", r.a_class.wape},
          {"coverage80", r.all.coverage80},
          {"best_baseline_wape", best_baseline}};
}

class ForecastRun final : public mlops::FamilyRun {
 public:
  ForecastRun(DemandSet demand, DemandSet validation, ForecastSettings settings)
      : demand_(std::move(demand)), validation_(std::move(validation)), settings_(settings) {
    fingerprint_ = fingerprint_of(demand_);
    long usable = 0;
    for (const auto& s : demand_.series) usable += demand_.periods - s.first >= 3 * settings_.horizon;
    checks_.push_back({"rows", !demand_.series.empty(),
                       std::to_string(demand_.series.size()) + " series of " +
                           std::to_string(demand_.periods) + " periods"});
    checks_.push_back({"history", usable > 0,
                       std::to_string(usable) + " series reach back three horizons (" +
                           std::to_string(3 * settings_.horizon) + " periods): validation, "
                           "test and something to learn from"});
    long negative = 0;
    for (const auto& s : demand_.series)
      negative += std::count_if(s.values.begin(), s.values.end(), [](double v) { return v < 0; });
    checks_.push_back({"ranges", negative == 0,
                       std::to_string(negative) + " negative demand values"});
    checks_.push_back({"freshness", demand_.data_date() <= date_of(now_utc()) + 1,
                       "last day " + format_date(demand_.data_date())});
    for (const auto& caveat : demand_caveats(demand_)) checks_.push_back({"caveat", true, caveat});
  }

  const std::vector<DataCheck>& checks() const override { return checks_; }
  std::string data_fingerprint() const override { return fingerprint_; }
  std::string data_date() const override { return format_date(demand_.data_date()); }

  Result<mlops::TrainedModel> train(const mlops::ProgressFn& progress) override {
    const auto methods = candidate_methods(settings_.level);
    nlohmann::json tried = nlohmann::json::array();
    std::string chosen;
    double best = 1e300;
    for (std::size_t i = 0; i < methods.size(); ++i) {
      progress(static_cast<double>(i) / (methods.size() + 1), "validating " + methods[i]);
      auto report = run_backtest(validation_, methods[i]);
      if (!report) return report.status();
      tried.push_back({{"method", methods[i]}, {"validation", accuracy_json(*report)}});
      if (report->all.wape < best) best = report->all.wape, chosen = methods[i];
    }
    progress(static_cast<double>(methods.size()) / (methods.size() + 1), "testing " + chosen);
    auto test = run_backtest(demand_, chosen);
    if (!test) return test.status();
    mlops::TrainedModel out;
    out.artefact = nlohmann::json{{"kind", kArtefactKind},
                                  {"method", chosen},
                                  {"level", std::string(level_name(settings_.level))},
                                  {"horizon", settings_.horizon}}
                       .dump();
    out.params = {{"method", chosen}, {"candidates", tried}};
    out.metrics = {{"validation", {{"wape", best}, {"cutoff", format_date(validation_.end_day - 1)}}},
                   {"test", accuracy_json(*test)}};
    out.held_out_metric = "wape";
    out.higher_is_better = false;
    return out;
  }

  Result<nlohmann::json> evaluate(const std::string& artefact) override {
    auto method = method_of(artefact);
    if (!method) return method.status();
    auto report = run_backtest(demand_, *method);
    if (!report) return report.status();
    return accuracy_json(*report);
  }

  // Per SKU: mean demand of the last horizon, and the share of its periods without a sale.
  Result<mlops::FeatureSample> inputs() override {
    mlops::FeatureSample out{{"recent_mean_log1p", "recent_zero_share"}, {}};
    for (const auto& s : demand_.series) {
      double sum = 0, zeros = 0, n = 0;
      for (int p = std::max(s.first, demand_.periods - settings_.horizon); p < demand_.periods; ++p) {
        if (std::isnan(s.values[p])) continue;
        sum += s.values[p], zeros += s.values[p] == 0, n += 1;
      }
      out.values.push_back(n > 0 ? static_cast<float>(std::log1p(sum / n)) : NAN);
      out.values.push_back(n > 0 ? static_cast<float>(zeros / n) : NAN);
    }
    return out;
  }

  Result<std::vector<double>> scores(const std::string& artefact) override {
    auto result = forecast_with(artefact);
    if (!result) return result.status();
    std::vector<double> out;
    for (const auto& item : result->items) {
      double total = 0;
      for (double v : item.forecast.mean) total += v;
      out.push_back(std::log1p(std::max(0.0, total)));
    }
    return out;
  }

  Result<std::vector<PredictionRow>> predict(const std::string& artefact) override {
    auto result = forecast_with(artefact);
    if (!result) return result.status();
    std::vector<PredictionRow> rows;
    for (const auto& item : result->items) {
      nlohmann::json payload = to_json(item, demand_, result->horizon);
      payload["level"] = std::string(level_name(settings_.level));
      payload["first_forecast_day"] = format_date(result->first_forecast_day);
      const std::string entity = item.location.empty() ? item.sku : item.sku + "@" + item.location;
      rows.push_back({"forecast", entity, 0, data_date(), payload.dump()});
    }
    return rows;
  }

 private:
  Result<std::string> method_of(const std::string& artefact) const {
    auto doc = nlohmann::json::parse(artefact, nullptr, false);
    if (!doc.is_object() || doc.value("kind", "") != kArtefactKind)
      return invalid_argument("not a forecast configuration artefact", "artefact");
    return doc.value("method", "");
  }
  Result<BacktestReport> run_backtest(const DemandSet& demand, const std::string& method) {
    auto batch = batch_options(method, settings_);
    if (!batch) return batch.status();
    BacktestOptions options;
    options.holdout = settings_.horizon;
    options.batch = *batch;
    return backtest(demand, options);
  }
  Result<BatchResult> forecast_with(const std::string& artefact) {
    auto method = method_of(artefact);
    if (!method) return method.status();
    auto batch = batch_options(*method, settings_);
    if (!batch) return batch.status();
    return forecast_demand(demand_, *batch);
  }

  DemandSet demand_, validation_;
  ForecastSettings settings_;
  std::vector<DataCheck> checks_;
  std::string fingerprint_;
};

Result<DemandSet> read_demand(Store& store, const ForecastSettings& s, std::optional<Date> as_of) {
  DemandOptions options;
  options.level = s.level;
  options.as_of = as_of;
  options.prices = s.level == DemandLevel::kWeekly;  // the global model reads prices
  options.plan_periods = options.prices ? s.horizon : 0;
  return build_demand(store, options);
}

class ForecastFamily final : public mlops::ModelFamily {
 public:
  std::string name() const override { return "forecast"; }
  std::string description() const override {
    return "every SKU's demand over the horizon (method chosen on a validation backtest)";
  }
  Status check_settings(const mlops::TrainSettings& settings) const override {
    return parse_settings(settings.overrides).status();
  }
  Result<std::unique_ptr<mlops::FamilyRun>> prepare(
      Store& store, const mlops::TrainSettings& settings) override {
    auto s = parse_settings(settings.overrides);
    if (!s) return s.status();
    auto demand = read_demand(store, *s, settings.as_of ? std::optional<Date>(*settings.as_of + 1)
                                                        : std::nullopt);
    if (!demand) return demand.status();
    // Validation: the same demand one holdout earlier, so its backtest never sees the test's
    // periods.
    const Date validation_end =
        demand->end_day - s->horizon * period_days(s->level);
    auto validation = read_demand(store, *s, validation_end);
    if (!validation) return validation.status();
    return std::unique_ptr<mlops::FamilyRun>(
        new ForecastRun(std::move(*demand), std::move(*validation), *s));
  }
};

}  // namespace

std::unique_ptr<mlops::ModelFamily> make_forecast_family() {
  return std::make_unique<ForecastFamily>();
}

}  // namespace oiis::services
