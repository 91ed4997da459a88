// The model registry, jobs and real-time predictions over HTTP (services/model_service.h):
// list and show versions, train a family as a background job, promote and roll back, follow
// jobs, and read one entity's published prediction from the cache.
#include <string>

#include "server/api.h"
#include "services/model_service.h"

namespace oiis::server {
namespace {

std::string path_text(const Ctx& c, std::size_t i) { return std::string(c.path[i]); }

// ?limit= 1..1000, `fallback` when absent.
Result<int> limit_param(const Ctx& c, int fallback) {
  std::optional<std::int64_t> limit;
  OIIS_RETURN_IF_ERROR(query_int(c, "limit", limit));
  if (limit && (*limit < 1 || *limit > 1000))
    return invalid_argument("limit must be between 1 and 1000", "limit");
  return static_cast<int>(limit.value_or(fallback));
}

Status models_list(Ctx& c) {
  std::optional<std::string> family;
  OIIS_RETURN_IF_ERROR(query_text(c, "family", family));
  auto versions = c.api.models().versions(family.value_or(""));
  if (!versions) return versions.status();
  Json items = Json::array();
  for (const auto& v : *versions) items.push_back(services::to_json(v));
  return reply(c, {{"items", items}});
}

Result<int> path_version(const Ctx& c) {
  auto id = path_id(c, 1, "version");
  if (!id) return id.status();
  if (*id > 1000000) return invalid_argument("version is too large", "version");
  return static_cast<int>(*id);
}

Status model_show(Ctx& c) {
  auto version = path_version(c);
  if (!version) return version.status();
  auto v = c.api.models().version(path_text(c, 0), *version);
  if (!v) return v.status();
  return reply(c, services::to_json(*v));
}

// {"seed": int, "as_of": "YYYY-MM-DD", ...the family's own settings} (all optional). The
// family's settings are checked by the family (ModelFamily::check_settings), which names an
// unknown or bad one, so each family's settings need nothing here.
Result<mlops::TrainSettings> train_settings(const Ctx& c) {
  mlops::TrainSettings s;
  if (c.req.body.empty()) return s;
  auto body = body_json(c);
  if (!body) return body.status();
  if (!body->is_object()) return invalid_argument("the body must be a JSON object", "body");
  for (const auto& [key, value] : body->items()) {
    if (key == "seed") {
      if (!value.is_number_integer()) return invalid_argument("must be an integer", key);
      s.seed = value.get<int>();
    } else if (key == "as_of") {
      if (!value.is_string()) return invalid_argument("as_of must be a date YYYY-MM-DD", key);
      auto day = parse_date(value.get<std::string>());
      if (!day) return invalid_argument("as_of must be a date YYYY-MM-DD", key);
      s.as_of = *day;
    } else {
      s.overrides[key] = value;
    }
  }
  return s;
}

Status model_train(Ctx& c) {
  auto settings = train_settings(c);
  if (!settings) return settings.status();
  auto job = c.api.models().start_training(path_text(c, 0), *settings);
  if (!job) return job.status();
  return reply(c, services::to_json(*job), 202);
}

Status model_promote(Ctx& c) {
  auto body = body_json(c);
  if (!body) return body.status();
  if (!body->is_object() || !body->contains("version") || !(*body)["version"].is_number_integer())
    return invalid_argument("version (an integer) is required", "version");
  if (body->contains("note") && !(*body)["note"].is_string())
    return invalid_argument("note must be a string", "note");
  auto v = c.api.models().promote(path_text(c, 0), (*body)["version"].get<int>(),
                                  body->value("note", ""));
  if (!v) return v.status();
  return reply(c, services::to_json(*v));
}

Status model_rollback(Ctx& c) {
  auto v = c.api.models().rollback(path_text(c, 0));
  if (!v) return v.status();
  return reply(c, services::to_json(*v));
}

Status jobs_list(Ctx& c) {
  auto limit = limit_param(c, 50);
  if (!limit) return limit.status();
  auto jobs = c.api.models().jobs(*limit);
  if (!jobs) return jobs.status();
  Json items = Json::array();
  for (const auto& j : *jobs) items.push_back(services::to_json(j));
  return reply(c, {{"items", items}});
}

Status job_show(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto job = c.api.models().job(*id);
  if (!job) return job.status();
  return reply(c, services::to_json(*job));
}

Status model_monitor(Ctx& c) {
  auto report = c.api.models().monitor(path_text(c, 0));
  if (!report) return report.status();
  return reply(c, services::to_json(*report), 201);
}

Status monitor_reports(Ctx& c) {
  std::optional<std::string> family;
  OIIS_RETURN_IF_ERROR(query_text(c, "family", family));
  auto limit = limit_param(c, 20);
  if (!limit) return limit.status();
  auto reports = c.api.models().monitor_reports(family.value_or(""), *limit);
  if (!reports) return reports.status();
  Json items = Json::array();
  for (const auto& r : *reports) items.push_back(services::to_json(r));
  return reply(c, {{"items", items}});
}

Status predict_one(Ctx& c) {
  auto row = c.api.models().predict(path_text(c, 0), path_text(c, 1));
  if (!row) return row.status();
  return reply(c, services::to_json(**row));
}

}  // namespace

void add_model_routes(RouteTable& t) {
  const char* tag = "models";
  t.push_back({"GET", "/api/v1/models", Role::kRead, tag,
               "Registered model versions, newest first: stage, parameters, validation and "
               "held-out metrics, data and model fingerprints",
               "", "", 200, {{"family", "string", "Only this family (e.g. churn)"}}, models_list});
  t.push_back({"GET", "/api/v1/models/{family}/{version}", Role::kRead, tag,
               "One registered version", "", "", 200, {}, model_show});
  t.push_back({"POST", "/api/v1/models/{family}/train", Role::kAdmin, tag,
               "Train the family as a background job (data checks, search, held-out test, "
               "register; promoted only when it beats production). Body, all optional: seed, "
               "as_of, and the family's settings (churn: window_days; forecast: level, horizon); "
               "answers the job (follow it at /api/v1/jobs/{id})",
               "", "", 202, {}, model_train});
  t.push_back({"POST", "/api/v1/models/{family}/promote", Role::kAdmin, tag,
               "Make a version production: its predictions are recomputed on the current data "
               "and published with it. Body {version, note}",
               "", "", 200, {}, model_promote});
  t.push_back({"POST", "/api/v1/models/{family}/rollback", Role::kAdmin, tag,
               "Return to the version that was production before the current one (predictions "
               "republished with it)", "", "", 200, {},
               model_rollback});
  t.push_back({"POST", "/api/v1/models/{family}/monitor", Role::kWrite, tag,
               "Monitor the production model on today's data: PSI of each monitored input and of "
               "its scores against those at training, accuracy on actuals that arrived since; "
               "stored as a report (alert when a threshold is crossed)",
               "", "", 201, {}, model_monitor});
  t.push_back({"GET", "/api/v1/monitor", Role::kRead, tag,
               "Monitoring reports, newest first", "", "", 200,
               {{"family", "string", "Only this family"},
                {"limit", "integer", "How many (1..1000, default 20)"}},
               monitor_reports});
  t.push_back({"GET", "/api/v1/jobs", Role::kRead, tag,
               "Training jobs, newest first: status, progress, message (dead ones marked "
               "abandoned)",
               "", "", 200, {{"limit", "integer", "How many (1..1000, default 50)"}}, jobs_list});
  t.push_back({"GET", "/api/v1/jobs/{id}", Role::kRead, tag, "One job", "", "", 200, {},
               job_show});
  t.push_back({"GET", "/api/v1/predict/{family}/{entity}", Role::kRead, tag,
               "One entity's prediction from the family's production model (e.g. "
               "/api/v1/predict/churn/42 for customer 42), with its model version and data date; "
               "served from an in-process cache that a promotion clears",
               "", "", 200, {}, predict_one});
}

}  // namespace oiis::server
