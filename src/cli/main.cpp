// oiis — Orders & Inventory Intelligence System. One binary: server, generator, import/export.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"OIIS — Orders & Inventory Intelligence System", "oiis"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "oiis 0.1.0");
  int exit_code = 0;
  oiis::cli::add_serve_command(app, exit_code);
  oiis::cli::add_generate_command(app, exit_code);
  oiis::cli::add_import_command(app, exit_code);
  oiis::cli::add_export_command(app, exit_code);
  oiis::cli::add_stats_command(app, exit_code);
  oiis::cli::add_forecast_command(app, exit_code);
  oiis::cli::add_inventory_commands(app, exit_code);
  oiis::cli::add_backup_commands(app, exit_code);
  oiis::cli::add_customers_command(app, exit_code);
  oiis::cli::add_recommend_command(app, exit_code);
  oiis::cli::add_anomaly_command(app, exit_code);
  oiis::cli::add_kb_command(app, exit_code);
  oiis::cli::add_models_commands(app, exit_code);
  oiis::cli::add_worker_commands(app, exit_code);
  oiis::cli::add_ask_commands(app, exit_code);
  oiis::cli::add_mcp_command(app, exit_code);
  oiis::cli::add_alerts_command(app, exit_code);
  oiis::cli::add_stream_command(app, exit_code);
  oiis::cli::add_voice_command(app, exit_code);
  oiis::cli::add_api_docs_command(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
