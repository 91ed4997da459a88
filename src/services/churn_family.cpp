// The churn model family for the MLOps pipeline: the store's customer purchases (the demand
// definition of data/snapshots.h, guests left out), checked, searched on three time windows
// (customers/churn_model.h), and a prediction table of every customer's churn and purchase
// probability over the window.
#include "services/model_families.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "common/crypto.h"
#include "customers/churn_model.h"
#include "services/customers_service.h"

namespace oiis::services {
namespace {

using mlops::DataCheck;

constexpr int kDefaultWindowDays = 90;

std::string fingerprint_of(const std::vector<customers::Purchase>& purchases) {
  std::ostringstream rows;
  rows.precision(17);
  for (const customers::Purchase& p : purchases)
    rows << p.customer << '\t' << p.day << '\t' << p.amount << '\n';
  return sha256_hex(rows.str());
}

std::vector<DataCheck> check_purchases(const CustomerHistory& history,
                                       const std::vector<customers::Purchase>& purchases,
                                       Date last_day, int window) {
  std::vector<DataCheck> checks;
  checks.push_back({"rows", !purchases.empty(),
                    std::to_string(purchases.size()) + " purchases of " +
                        std::to_string(history.customers.size()) + " customers (" +
                        std::to_string(history.guest_orders) + " guest orders left out)"});
  const auto bad = std::count_if(purchases.begin(), purchases.end(), [](const auto& p) {
    return !std::isfinite(p.amount) || p.amount < 0;
  });
  checks.push_back({"ranges", bad == 0,
                    std::to_string(bad) + " purchases with a negative or non-finite amount"});
  const auto keyless = std::count_if(purchases.begin(), purchases.end(),
                                     [](const auto& p) { return p.customer.empty(); });
  checks.push_back({"missing values", keyless == 0,
                    std::to_string(keyless) + " purchases without a customer key"});
  std::set<std::string> keys;
  long duplicate_keys = 0;
  for (const auto& person : history.customers) duplicate_keys += !keys.insert(person.key).second;
  checks.push_back({"duplicates", duplicate_keys == 0,
                    std::to_string(duplicate_keys) + " customer keys used twice"});
  const Date today = date_of(now_utc());
  checks.push_back({"freshness", last_day <= today + 1,
                    "last purchase " + format_date(last_day) + ", " +
                        std::to_string(today - last_day) + " days before today" +
                        (last_day > today + 1 ? ": in the future" : "")});
  const Date first_day = purchases.empty() ? last_day : purchases.front().day;
  checks.push_back({"history", last_day - first_day >= 4 * window,
                    std::to_string(last_day - first_day) + " days of history; the three " +
                        std::to_string(window) + "-day windows need at least " +
                        std::to_string(4 * window)});
  return checks;
}

nlohmann::json options_json(const BoostedTreesOptions& o) {
  return {{"max_depth", o.max_depth},
          {"rounds", o.rounds},
          {"learning_rate", o.learning_rate},
          {"min_child_weight", o.min_child_weight},
          {"subsample", o.subsample},
          {"seed", o.seed}};
}

nlohmann::json held_out_json(const customers::ChurnHeldOut& h, Date cutoff) {
  return {{"cutoff", format_date(cutoff)}, {"customers", h.customers}, {"auc", h.auc},
          {"brier", h.brier}, {"baseline_auc", h.baseline_auc}, {"churn_rate", h.churn_rate}};
}

class ChurnRun final : public mlops::FamilyRun {
 public:
  ChurnRun(CustomerHistory history, const mlops::TrainSettings& settings)
      : history_(std::move(history)),
        purchases_(history_.purchases()),
        window_(settings.overrides.value("window_days", kDefaultWindowDays)),
        seed_(settings.seed) {
    std::sort(purchases_.begin(), purchases_.end(), [](const auto& a, const auto& b) {
      return std::tie(a.day, a.customer, a.amount) < std::tie(b.day, b.customer, b.amount);
    });
    last_day_ = purchases_.empty() ? 0 : purchases_.back().day;
    checks_ = check_purchases(history_, purchases_, last_day_, window_);
    fingerprint_ = fingerprint_of(purchases_);
    for (const auto& person : history_.customers) people_[person.key] = &person;
  }

  const std::vector<DataCheck>& checks() const override { return checks_; }
  std::string data_fingerprint() const override { return fingerprint_; }
  std::string data_date() const override { return format_date(last_day_); }

  Result<mlops::TrainedModel> train(const mlops::ProgressFn& progress) override {
    const auto grid = customers::churn_search_grid(seed_, 1);
    progress(0, "searching " + std::to_string(grid.size()) + " settings on the validation window");
    auto search = customers::search_churn_model(purchases_, last_day_, window_, grid);
    if (!search) return search.status();
    auto artefact = customers::save_churn_model(search->model);
    if (!artefact) return artefact.status();
    mlops::TrainedModel out;
    out.artefact = std::move(*artefact);
    out.held_out_metric = "auc";
    nlohmann::json tried = nlohmann::json::array();
    for (const auto& c : search->candidates)
      tried.push_back({{"settings", options_json(c.options)}, {"validation_auc", c.validation_auc}});
    out.params = {{"window_days", window_},
                  {"chosen", options_json(search->chosen)},
                  {"platt", {search->model.platt_a, search->model.platt_b}},
                  {"candidates", tried}};
    out.metrics = {
        {"train", {{"cutoff", format_date(search->train_cutoff)},
                   {"customers", search->train_customers}}},
        {"validation", {{"cutoff", format_date(search->validation_cutoff)},
                        {"customers", search->validation_customers},
                        {"auc", search->validation_auc}}},
        {"test", held_out_json(search->test, search->test_cutoff)}};
    return out;
  }

  Result<nlohmann::json> evaluate(const std::string& artefact) override {
    auto model = customers::load_churn_model(artefact);
    if (!model) return model.status();
    auto scored = customers::churn_held_out(*model, purchases_, last_day_);
    if (!scored) return scored.status();
    return held_out_json(*scored, last_day_ - model->window_days);
  }

  // The customers whose churn question is open (a purchase within the window) and every
  // feature but those that grow with the calendar for everyone: tenure, and the counts and
  // spend since the first purchase. Long-lapsed customers' features never change, and they
  // would dilute a shift among the active ones.
  Result<mlops::FeatureSample> inputs() override {
    const customers::ChurnFeatures f = customers::churn_features(purchases_, last_day_);
    const auto& names = customers::churn_feature_names();
    static const std::set<std::string> kCumulative = {"tenure_days", "purchase_days", "spend"};
    mlops::FeatureSample out;
    std::vector<std::size_t> kept;
    for (std::size_t j = 0; j < names.size(); ++j)
      if (!kCumulative.count(names[j])) kept.push_back(j), out.names.push_back(names[j]);
    for (std::size_t r : open_rows(f))
      for (std::size_t j : kept) out.values.push_back(f.x[r * names.size() + j]);
    return out;
  }

  Result<std::vector<double>> scores(const std::string& artefact) override {
    auto model = customers::load_churn_model(artefact);
    if (!model) return model.status();
    const customers::ChurnFeatures f = customers::churn_features(purchases_, last_day_);
    auto p = customers::churn_probabilities(*model, f);
    if (!p) return p.status();
    std::vector<double> out;
    for (std::size_t r : open_rows(f)) out.push_back((*p)[r]);
    return out;
  }

  // Rows of customers who bought within the last window (feature 0 is recency in days).
  std::vector<std::size_t> open_rows(const customers::ChurnFeatures& f) const {
    const std::size_t cols = customers::churn_feature_names().size();
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < f.customers.size(); ++r)
      if (f.x[r * cols] <= window_) rows.push_back(r);
    return rows;
  }

  Result<std::vector<PredictionRow>> predict(const std::string& artefact) override {
    auto model = customers::load_churn_model(artefact);
    if (!model) return model.status();
    const customers::ChurnFeatures features = customers::churn_features(purchases_, last_day_);
    auto p = customers::churn_probabilities(*model, features);
    if (!p) return p.status();
    std::vector<PredictionRow> rows;
    rows.reserve(features.customers.size());
    const std::size_t cols = customers::churn_feature_names().size();
    for (std::size_t i = 0; i < features.customers.size(); ++i) {
      const auto* person = people_.at(features.customers[i]);
      const float* x = features.x.data() + i * cols;
      nlohmann::json payload = {{"customer_id", person->id},
                                {"name", person->name},
                                {"churn_probability", (*p)[i]},
                                {"purchase_probability", 1 - (*p)[i]},
                                {"window_days", model->window_days},
                                {"recency_days", x[0]},
                                {"spend", x[6]}};
      rows.push_back({"churn", std::to_string(person->id), 0, data_date(), payload.dump()});
    }
    return rows;
  }

 private:
  CustomerHistory history_;
  std::vector<customers::Purchase> purchases_;
  int window_;
  int seed_;
  Date last_day_ = 0;
  std::vector<DataCheck> checks_;
  std::string fingerprint_;
  std::map<std::string, const CustomerHistory::Person*> people_;
};

class ChurnFamily final : public mlops::ModelFamily {
 public:
  std::string name() const override { return "churn"; }
  std::string description() const override {
    return "churn and purchase probability per customer over the next window (XGBoost, "
           "Platt-calibrated)";
  }
  Status check_settings(const mlops::TrainSettings& settings) const override {
    for (const auto& item : settings.overrides.items())
      if (item.key() != "window_days")
        return invalid_argument("churn has no setting '" + item.key() + "'", item.key());
    if (settings.overrides.contains("window_days") &&
        !settings.overrides["window_days"].is_number_integer())
      return invalid_argument("window_days must be a whole number of days", "window_days");
    const auto window = settings.overrides.value("window_days", kDefaultWindowDays);
    if (window < 7 || window > 365)
      return invalid_argument("window_days must be between 7 and 365", "window_days");
    return Status::ok();
  }
  Result<std::unique_ptr<mlops::FamilyRun>> prepare(
      Store& store, const mlops::TrainSettings& settings) override {
    OIIS_RETURN_IF_ERROR(check_settings(settings));
    CustomerHistoryOptions options;
    options.until = settings.as_of;  // learn from the orders placed until then only
    auto history = load_customer_history(store, options);
    if (!history) return history.status();
    return std::unique_ptr<mlops::FamilyRun>(new ChurnRun(std::move(*history), settings));
  }
};

}  // namespace

std::unique_ptr<mlops::ModelFamily> make_churn_family() { return std::make_unique<ChurnFamily>(); }

}  // namespace oiis::services
