// `oiis` subcommands. Each command lives in its own file and registers itself on the app;
// commands call the same services the server calls and hold no business logic of their own.
#pragma once

#include <CLI/CLI.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "store/store.h"
#include "stream/stream.h"

namespace oiis::cli {

// Where the data lives, shared by every command that touches the store.
struct StoreArgs {
  std::string data_dir = "oiis-data";  // SQLite file <data_dir>/oiis.db, artefacts beside it
  std::string store_url;               // overrides data_dir: postgresql://... or sqlite:PATH
  bool allow_backorders = false;
};

// Every command reports a failure the same way: "error: <status>" on stderr. Returns the exit
// code: 2 for bad input (a field was wrong), 1 otherwise.
int fail(const Status& status);

// Adds --data and --store to `cmd`, bound to `args`.
void add_store_options(CLI::App& cmd, StoreArgs& args);
// Adds --allow-backorders: only commands that place orders (serve) take it.
void add_backorder_option(CLI::App& cmd, StoreArgs& args);
// The store URL the arguments name: --store, else DATA/oiis.db (creating DATA when needed).
Result<std::string> resolved_store_url(const StoreArgs& args);
// Opens the store (creating data_dir when needed); prints the error and returns nullptr on failure.
std::unique_ptr<Store> open_store_or_report(const StoreArgs& args);
// <data_dir>/inventory: where inventory reports are stored, by the CLI and by `oiis serve`.
std::string inventory_artefact_dir(const StoreArgs& args);

// Each registers one subcommand; the callback sets the process exit code through `exit_code`.
void add_serve_command(CLI::App& app, int& exit_code);
void add_generate_command(CLI::App& app, int& exit_code);
void add_import_command(CLI::App& app, int& exit_code);
void add_export_command(CLI::App& app, int& exit_code);
void add_stats_command(CLI::App& app, int& exit_code);
void add_forecast_command(CLI::App& app, int& exit_code);
// `forecast file` under the forecast group (forecast_file_command.cpp)
void add_forecast_file_command(CLI::App& group, int& exit_code);
// reorder, abc, simulate, pricing (inventory_commands.cpp)
void add_inventory_commands(CLI::App& app, int& exit_code);
// backup, restore (backup_command.cpp)
void add_backup_commands(CLI::App& app, int& exit_code);
// customers clv (customers_command.cpp)
void add_customers_command(CLI::App& app, int& exit_code);
// `customers churn`, registered by add_customers_command (customers_churn_command.cpp).
void add_churn_command(CLI::App& group, int& exit_code);
// recommend rules (recommend_command.cpp)
void add_recommend_command(CLI::App& app, int& exit_code);
// anomaly prices, orders, deliveries (anomaly_command.cpp)
void add_anomaly_command(CLI::App& app, int& exit_code);
// `anomaly nab`, registered by add_anomaly_command (anomaly_nab_command.cpp).
void add_anomaly_nab_command(CLI::App& group, int& exit_code);
// `anomaly suppliers`, registered by add_anomaly_command (anomaly_suppliers_command.cpp).
void add_anomaly_suppliers_command(CLI::App& group, int& exit_code);
// `anomaly shrinkage`, registered by add_anomaly_command (anomaly_shrinkage_command.cpp).
void add_anomaly_shrinkage_command(CLI::App& group, int& exit_code);
// `anomaly placement`, registered by add_anomaly_command (anomaly_placement_command.cpp).
void add_anomaly_placement_command(CLI::App& group, int& exit_code);
// The entity ids of one anomaly type in a generated world's ground_truth/anomalies.csv (orders
// for "fraud", purchase orders for "supplier_delay"); errors name --ground-truth.
Result<std::vector<Id>> read_labelled_ids(const std::string& dir, std::string_view wanted);
// kb add, remove, list, search, eval (kb_command.cpp)
void add_kb_command(CLI::App& app, int& exit_code);
// train, models list|show|promote|rollback, jobs (models_command.cpp)
void add_models_commands(CLI::App& app, int& exit_code);
// `worker`, `batch submit|status`: partitioned batch jobs (worker_command.cpp).
void add_worker_commands(CLI::App& app, int& exit_code);
// api-docs: the route reference and OpenAPI document (api_docs_command.cpp)
void add_api_docs_command(CLI::App& app, int& exit_code);
// `ask`, `chat` and `agents eval` (ask_command.cpp).
void add_ask_commands(CLI::App& app, int& exit_code);
// `mcp`: the tools to an MCP client over stdio (mcp_command.cpp).
void add_mcp_command(CLI::App& app, int& exit_code);
// `alerts list|scan|ack|resolve` (alerts_command.cpp).
void add_alerts_command(CLI::App& app, int& exit_code);
// `voice transcribe|speak|eval` (voice_command.cpp, voice_eval_command.cpp).
void add_voice_command(CLI::App& app, int& exit_code);

// `stream relay|consume|tail` (stream_command.cpp).
void add_stream_command(CLI::App& app, int& exit_code);

// --stream and --stream-name, shared by `oiis serve` and `oiis stream ...`.
struct StreamArgs {
  std::string url;
  std::string name = "oiis-events";
};
void add_stream_options(CLI::App& cmd, StreamArgs& args, bool required);
// Opens args.url with `options` (its name from args); on failure prints the error naming the
// option, sets `exit_code` (2 for a bad URL, 1 for a server that does not answer) and returns
// nullptr.
std::unique_ptr<stream::Stream> open_stream_or_report(const StreamArgs& args,
                                                      stream::StreamOptions options,
                                                      int& exit_code);

// `oiis serve --stream`: the outbox relay in a background thread, stopped (and joined) when
// this is destroyed.
class RelayThread {
 public:
  RelayThread(Store& store, std::unique_ptr<stream::Stream> stream);
  ~RelayThread();
  RelayThread(const RelayThread&) = delete;
  RelayThread& operator=(const RelayThread&) = delete;

 private:
  std::unique_ptr<stream::Stream> stream_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace oiis::cli
