#include "mlops/monitor.h"

#include "mlops/drift.h"
#include "mlops/pipeline.h"

namespace oiis::mlops {
namespace {

// Accuracy on actuals the model never saw: its held-out metric on today's test split, when
// that split starts on or after the model's data date; else when that will be possible.
Result<nlohmann::json> accuracy(FamilyRun& run, const std::string& artefact,
                                const ModelVersion& model, const nlohmann::json& metrics,
                                const MonitorSettings& settings, bool& alert) {
  auto now = run.evaluate(artefact);
  if (!now) return now.status();
  const auto metric = metrics.value("promotion_metric", nlohmann::json::object());
  const std::string name = metric.value("name", "");
  const bool higher = metric.value("higher_is_better", true);
  nlohmann::json out = {{"metric", name}, {"now", *now}};
  if (now->value("cutoff", "") < model.data_date) {
    out["status"] = "waiting: no full held-out split after the model's data date " +
                    model.data_date + " yet";
    return out;
  }
  const auto at_training = metrics.value("test", nlohmann::json::object());
  if (!now->contains(name) || !at_training.contains(name)) {
    out["status"] = "the metric is missing";
    return out;
  }
  const double drop = higher ? at_training[name].get<double>() - (*now)[name].get<double>()
                             : (*now)[name].get<double>() - at_training[name].get<double>();
  out["at_training"] = at_training[name];
  out["drop"] = drop;
  out["status"] = drop > settings.accuracy_drop ? "degraded" : "holding";
  alert = alert || drop > settings.accuracy_drop;
  return out;
}

}  // namespace

Result<MonitorReport> monitor(Store& store, ModelFamily& family, Registry& registry,
                              const MonitorSettings& settings) {
  auto production = registry.production(family.name());
  if (!production) return production.status();
  if (!*production)
    return failed_precondition("family '" + family.name() + "' has no production model to monitor",
                               "family");
  const ModelVersion& model = **production;
  const auto metrics = nlohmann::json::parse(model.metrics_json, nullptr, false);
  auto reference = reference_from_json(metrics.value("inputs", nlohmann::json()));
  if (!reference) return reference.status();
  auto run = family.prepare(store, settings_of(model));
  if (!run) return run.status();
  auto artefact = registry.read_artefact(model);
  if (!artefact) return artefact.status();
  auto inputs = monitored_sample(**run, *artefact);
  if (!inputs) return inputs.status();
  auto drift = compare_inputs(*reference, *inputs, settings.alert_psi);
  if (!drift) return drift.status();
  bool alert = drift->alert;
  auto held_out = accuracy(**run, *artefact, model, metrics, settings, alert);
  if (!held_out) return held_out.status();
  MonitorReport report;
  report.family = family.name();
  report.model_version = model.version;
  report.alert = alert;
  report.report_json = nlohmann::json{{"model_data_date", model.data_date},
                                      {"data_date", (*run)->data_date()},
                                      {"alert_psi", settings.alert_psi},
                                      {"drift", to_json(*drift)},
                                      {"accuracy", *held_out}}
                           .dump();
  return store.models().add_monitor_report(report);
}

}  // namespace oiis::mlops
