// `oiis train <family>`, `oiis models list|show|promote|rollback`, `oiis jobs`: the model
// registry from the command line, over the same services/model_service the routes call.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/progress.h"
#include "services/model_families.h"
#include "services/model_service.h"

namespace oiis::cli {
namespace {

struct ModelArgs {
  StoreArgs store;
  std::string family;
  int version = 0;
  int seed = 0;
  int window_days = 0;
  int limit = 20;
  std::string note;
  std::string as_of;
  std::string level;
  int horizon = 0;
  bool json = false;
};

// Opens the store and runs `fn(service)`; returns the exit code.
template <typename Fn>
int with_service(const ModelArgs& a, Fn&& fn) {
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  services::ModelService service(*store, a.store.data_dir);
  return fn(service);
}

void print_version_line(const ModelVersion& v) {
  auto metrics = nlohmann::json::parse(v.metrics_json, nullptr, false);
  std::string held_out = "-";
  if (metrics.is_object() && metrics.contains("test")) held_out = metrics["test"].dump();
  std::printf("%-10s v%-4d %-10s data %-10s %s  test %s\n", v.family.c_str(), v.version,
              std::string(to_string(v.stage)).c_str(), v.data_date.c_str(),
              v.model_fingerprint.substr(0, 12).c_str(), held_out.c_str());
}

int run_train(const ModelArgs& a) {
  return with_service(a, [&](services::ModelService& service) {
    mlops::TrainSettings settings;
    settings.seed = a.seed;
    if (a.window_days != 0) settings.overrides["window_days"] = a.window_days;
    if (!a.level.empty()) settings.overrides["level"] = a.level;
    if (a.horizon != 0) settings.overrides["horizon"] = a.horizon;
    if (!a.as_of.empty()) {
      auto day = parse_date(a.as_of);
      if (!day) return fail(invalid_argument("as_of must be a date YYYY-MM-DD", "as_of"));
      settings.as_of = *day;
    }
    TerminalProgressBar bar("training " + a.family);  // stderr, only on a terminal
    auto outcome = service.train(a.family, settings, [&](double f, const std::string&) {
      bar.update(static_cast<std::int64_t>(f * 100), 100);
    });
    bar.finish();
    if (!outcome) return fail(outcome.status());
    if (a.json) {
      std::printf("%s\n", services::to_json(*outcome).dump(2).c_str());
      return 0;
    }
    for (const auto& c : outcome->checks)
      std::printf("check %-15s %s  %s\n", c.name.c_str(), c.passed ? "ok  " : "FAIL",
                  c.detail.c_str());
    print_version_line(*outcome->version);
    std::printf("%s\n", outcome->job.message.c_str());
    return 0;
  });
}

int run_list(const ModelArgs& a) {
  return with_service(a, [&](services::ModelService& service) {
    auto versions = service.versions(a.family);
    if (!versions) return fail(versions.status());
    if (a.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& v : *versions) out.push_back(services::to_json(v));
      std::printf("%s\n", out.dump(2).c_str());
      return 0;
    }
    if (versions->empty()) std::printf("no models registered yet (train one: oiis train churn)\n");
    for (const auto& v : *versions) print_version_line(v);
    return 0;
  });
}

int run_show(const ModelArgs& a) {
  return with_service(a, [&](services::ModelService& service) {
    auto v = service.version(a.family, a.version);
    if (!v) return fail(v.status());
    std::printf("%s\n", services::to_json(*v).dump(2).c_str());
    return 0;
  });
}

int run_promote(const ModelArgs& a, bool rollback) {
  return with_service(a, [&](services::ModelService& service) {
    auto v = rollback ? service.rollback(a.family) : service.promote(a.family, a.version, a.note);
    if (!v) return fail(v.status());
    if (a.json)
      std::printf("%s\n", services::to_json(*v).dump(2).c_str());
    else
      print_version_line(*v);
    return 0;
  });
}

int run_jobs(const ModelArgs& a) {
  return with_service(a, [&](services::ModelService& service) {
    auto jobs = service.jobs(a.limit);
    if (!jobs) return fail(jobs.status());
    if (a.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& j : *jobs) out.push_back(services::to_json(j));
      std::printf("%s\n", out.dump(2).c_str());
      return 0;
    }
    for (const auto& j : *jobs)
      std::printf("%-5lld %-6s %-10s %-10s %3.0f%%  %s\n", static_cast<long long>(j.id),
                  j.kind.c_str(), j.family.c_str(), std::string(to_string(j.status)).c_str(),
                  100 * j.progress, j.message.c_str());
    return 0;
  });
}

int run_monitor(const ModelArgs& a) {
  return with_service(a, [&](services::ModelService& service) {
    auto report = service.monitor(a.family);
    if (!report) return fail(report.status());
    const nlohmann::json body = services::to_json(*report);
    if (a.json) {
      std::printf("%s\n", body.dump(2).c_str());
      return 0;
    }
    const auto& r = body["report"];
    std::printf("%s v%d (data to %s) on data to %s: %s\n", a.family.c_str(),
                report->model_version, r["model_data_date"].get<std::string>().c_str(),
                r["data_date"].get<std::string>().c_str(),
                report->alert ? "ALERT" : "no alert");
    for (const auto& f : r["drift"]["features"])
      std::printf("  %-24s PSI %6.3f  %s\n", f["feature"].get<std::string>().c_str(),
                  f["psi"].get<double>(), f["level"].get<std::string>().c_str());
    std::printf("  accuracy: %s\n", r["accuracy"].value("status", "").c_str());
    return 0;
  });
}

std::string families_help() {
  std::string out;
  for (const auto& name : services::model_family_names()) out += (out.empty() ? "" : ", ") + name;
  return "model family (" + out + ")";
}

}  // namespace

void add_models_commands(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ModelArgs>();
  CLI::App* train = app.add_subcommand(
      "train", "Train a model family: data checks, search, held-out test, register; promoted "
               "when it beats production");
  train->add_option("family", args->family, families_help())->required();
  train->add_option("--seed", args->seed, "random seed (same data and seed: same model)");
  train->add_option("--window-days", args->window_days, "churn: the prediction window (90)");
  train->add_option("--level", args->level, "forecast: daily or weekly (weekly)");
  train->add_option("--horizon", args->horizon, "forecast: periods ahead, also the test holdout");
  train->add_option("--as-of", args->as_of, "learn from the orders placed until this day only");
  train->add_flag("--json", args->json, "print the outcome as JSON");
  add_store_options(*train, args->store);
  train->callback([args, &exit_code] { exit_code = run_train(*args); });

  CLI::App* models = app.add_subcommand("models", "The model registry: versions, stages, promotion");
  models->require_subcommand(1);
  CLI::App* list = models->add_subcommand("list", "Registered versions, newest first");
  list->add_option("--family", args->family, families_help());
  list->add_flag("--json", args->json, "print JSON");
  add_store_options(*list, args->store);
  list->callback([args, &exit_code] { exit_code = run_list(*args); });
  CLI::App* show = models->add_subcommand("show", "One version: parameters, metrics, fingerprints");
  show->add_option("family", args->family, families_help())->required();
  show->add_option("version", args->version, "version number")->required();
  add_store_options(*show, args->store);
  show->callback([args, &exit_code] { exit_code = run_show(*args); });
  CLI::App* promote = models->add_subcommand(
      "promote", "Make a version production (predictions republished with it)");
  promote->add_option("family", args->family, families_help())->required();
  promote->add_option("version", args->version, "version number")->required();
  promote->add_option("--note", args->note, "why (kept with the version)");
  promote->add_flag("--json", args->json, "print JSON");
  add_store_options(*promote, args->store);
  promote->callback([args, &exit_code] { exit_code = run_promote(*args, false); });
  CLI::App* rollback = models->add_subcommand(
      "rollback", "Return to the version that was production before the current one (predictions "
               "republished with it)");
  rollback->add_option("family", args->family, families_help())->required();
  rollback->add_flag("--json", args->json, "print JSON");
  add_store_options(*rollback, args->store);
  rollback->callback([args, &exit_code] { exit_code = run_promote(*args, true); });

  CLI::App* monitor = app.add_subcommand(
      "monitor", "Input drift (PSI per feature) and accuracy on new actuals of a family's "
                 "production model; stored as a report, alert when a threshold is crossed");
  monitor->add_option("family", args->family, families_help())->required();
  monitor->add_flag("--json", args->json, "print JSON");
  add_store_options(*monitor, args->store);
  monitor->callback([args, &exit_code] { exit_code = run_monitor(*args); });

  CLI::App* jobs = app.add_subcommand("jobs", "Training jobs: status, progress, how they ended");
  jobs->add_option("--limit", args->limit, "how many, newest first (20)");
  jobs->add_flag("--json", args->json, "print JSON");
  add_store_options(*jobs, args->store);
  jobs->callback([args, &exit_code] { exit_code = run_jobs(*args); });
}

}  // namespace oiis::cli
