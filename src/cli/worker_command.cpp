// `oiis worker`, `oiis batch submit|status`: batch jobs split into partitions that worker
// processes claim from the store with leases (services/batch_workers.h). Run one worker per
// machine (or core) against the same PostgreSQL; a worker killed mid-partition loses only
// that partition's lease, which another worker takes once it runs out.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "mlops/pipeline.h"
#include "services/batch_workers.h"

namespace oiis::cli {
namespace {

struct BatchArgs {
  StoreArgs store;
  std::string kind = "forecast", level = "weekly", name;
  int partitions = 8, horizon = 13;
  double lease_seconds = 30;
  bool forever = false, json = false;
  Id job = 0;
};

// The store opened and migrated, and its job tables; nullptr after printing why.
std::unique_ptr<JobPartitions> open_batch_jobs(const StoreArgs& args, std::unique_ptr<Store>& store) {
  store = open_store_or_report(args);
  if (!store) return nullptr;
  auto url = resolved_store_url(args);
  auto jobs = url ? open_job_partitions(*url) : Result<std::unique_ptr<JobPartitions>>(url.status());
  if (!jobs) {
    fail(jobs.status());
    return nullptr;
  }
  return std::move(*jobs);
}

// The service names its parameter ("partitions"); the user typed a flag ("--partitions").
Status as_typed_flag(const Status& s) {
  const std::string& field = s.field();
  if (s.code() != ErrorCode::kInvalidArgument || field.empty() || field.rfind("--", 0) == 0)
    return s;
  std::string message = s.message();
  if (message.rfind(field, 0) == 0) message = "--" + message;
  return invalid_argument(message, "--" + field);
}

int run_submit(const BatchArgs& a) {
  if (a.kind != "forecast") return fail(invalid_argument("--kind must be forecast", "--kind"));
  auto level = parse_level(a.level);
  if (!level) return fail(invalid_argument("--level must be daily or weekly", "--level"));
  std::unique_ptr<Store> store;
  auto jobs = open_batch_jobs(a.store, store);
  if (!jobs) return 1;
  auto job = services::submit_forecast_job(*jobs, {*level, a.horizon}, a.partitions);
  if (!job) return fail(as_typed_flag(job.status()));
  std::printf("job %lld: %s in %d partitions (%s)\n", static_cast<long long>(job->id),
              job->kind.c_str(), job->partitions, job->params_json.c_str());
  return 0;
}

int run_status(const BatchArgs& a) {
  std::unique_ptr<Store> store;
  auto jobs = open_batch_jobs(a.store, store);
  if (!jobs) return 1;
  auto progress = jobs->progress(a.job);
  if (!progress) return fail(progress.status());
  if (a.json) {
    nlohmann::json results = nlohmann::json::array();
    auto done = jobs->results(a.job);
    if (!done) return fail(done.status());
    for (const auto& r : *done) results.push_back(nlohmann::json::parse(r, nullptr, false));
    std::printf("%s\n", nlohmann::json{{"job", progress->job.id},
                                       {"kind", progress->job.kind},
                                       {"partitions", progress->job.partitions},
                                       {"pending", progress->pending},
                                       {"leased", progress->leased},
                                       {"done", progress->done},
                                       {"claims", progress->claims},
                                       {"results", std::move(results)}}
                            .dump()
                            .c_str());
    return 0;
  }
  std::printf("job %lld (%s): %d of %d partitions done, %d leased, %d pending; %lld claims\n",
              static_cast<long long>(progress->job.id), progress->job.kind.c_str(), progress->done,
              progress->job.partitions, progress->leased, progress->pending,
              static_cast<long long>(progress->claims));
  return 0;
}

int run_worker_command(const BatchArgs& a) {
  if (a.lease_seconds < 0.3 || a.lease_seconds > 3600)
    return fail(invalid_argument("--lease must be 0.3..3600 seconds", "--lease"));
  std::unique_ptr<Store> store;
  auto jobs = open_batch_jobs(a.store, store);
  if (!jobs) return 1;
  services::WorkerOptions options;
  options.name = a.name.empty() ? mlops::job_owner() : a.name;
  options.lease = std::chrono::milliseconds(static_cast<long>(a.lease_seconds * 1000));
  options.exit_when_done = !a.forever;
  auto report = services::run_worker(*jobs, *store, options, [](const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  });
  if (!report) return fail(report.status());
  std::printf("worker %s: %d partitions done, %d lost to another worker\n", options.name.c_str(),
              report->done, report->lost);
  return 0;
}

}  // namespace

void add_worker_commands(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<BatchArgs>();
  CLI::App* worker = app.add_subcommand(
      "worker", "Run partitions of batch jobs claimed from the store until none is left");
  add_store_options(*worker, args->store);
  worker->add_option("--lease", args->lease_seconds,
                     "Seconds a claimed partition stays this worker's without renewal (30)");
  worker->add_option("--name", args->name, "Worker name in the job tables (default host:pid)");
  worker->add_flag("--forever", args->forever, "Keep waiting for new jobs instead of exiting");
  worker->callback([args, &exit_code] { exit_code = run_worker_command(*args); });

  CLI::App* batch = app.add_subcommand("batch", "Partitioned batch jobs for `oiis worker`");
  batch->require_subcommand(1);
  CLI::App* submit = batch->add_subcommand("submit", "Split a job into partitions");
  add_store_options(*submit, args->store);
  submit->add_option("--kind", args->kind, "What to run: forecast (the catalogue's demand)");
  submit->add_option("--partitions", args->partitions, "How many partitions (8)");
  submit->add_option("--level", args->level, "daily or weekly (weekly)");
  submit->add_option("--horizon", args->horizon, "Periods ahead (13)");
  submit->callback([args, &exit_code] { exit_code = run_submit(*args); });
  CLI::App* status = batch->add_subcommand("status", "Progress of a job (and its results)");
  add_store_options(*status, args->store);
  status->add_option("job", args->job, "The job's id")->required();
  status->add_flag("--json", args->json, "print JSON with every done partition's result");
  status->callback([args, &exit_code] { exit_code = run_status(*args); });
}

}  // namespace oiis::cli
