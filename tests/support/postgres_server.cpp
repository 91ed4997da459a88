#include "support/postgres_server.h"

#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/free_port.h"

namespace oiis::testing {
namespace fs = std::filesystem;
namespace {

// Runs `command` through the shell; returns its exit status and puts stdout+stderr in *output.
int run_command(const std::string& command, std::string* output) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) output->append(buf.data(), n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string find_bin_dir() {
  if (const char* env = std::getenv("OIIS_PG_BIN"); env && *env) return env;
  for (int version = 20; version >= 11; --version) {
    std::string dir = "/usr/lib/postgresql/" + std::to_string(version) + "/bin";
    if (fs::exists(dir + "/initdb") && fs::exists(dir + "/pg_ctl")) return dir;
  }
  return {};
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool set_reason(std::string* why_not, std::string reason) {
  if (why_not) *why_not = std::move(reason);
  return false;
}

}  // namespace

std::string PostgresServer::as_postgres(const std::string& command) const {
  // PostgreSQL refuses to run as root; as any other user we just run the command.
  if (::geteuid() != 0) return command;
  return "runuser -u postgres -- sh -c " + shell_quote(command);
}

std::unique_ptr<PostgresServer> PostgresServer::start(std::string* why_not) {
  std::unique_ptr<PostgresServer> server(new PostgresServer());
  server->bin_dir_ = find_bin_dir();
  if (server->bin_dir_.empty()) {
    set_reason(why_not, "PostgreSQL server binaries (initdb, pg_ctl) not found; set OIIS_PG_BIN");
    return nullptr;
  }
  std::string tmpl = (fs::temp_directory_path() / "oiis-pg-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) {
    set_reason(why_not, "cannot create a temporary folder for PostgreSQL");
    return nullptr;
  }
  server->root_ = tmpl;
  if (::geteuid() == 0) {
    const passwd* pw = ::getpwnam("postgres");
    if (!pw || ::chown(tmpl.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      set_reason(why_not, "running as root but there is no usable 'postgres' user");
      return nullptr;
    }
  }
  const std::string& root = server->root_;
  std::string out;
  std::string initdb = server->bin_dir_ + "/initdb -D " + root + "/data --auth=trust -U postgres" +
                       " -E UTF8 --no-locale --no-sync";
  if (run_command(server->as_postgres(initdb), &out) != 0) {
    set_reason(why_not, "initdb failed: " + out);
    return nullptr;
  }
  for (int attempt = 0; attempt < 3 && !server->running_; ++attempt) {
    server->port_ = free_loopback_port();
    std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(server->port_) +
                          " -k " + root + " -c fsync=off -c synchronous_commit=off" +
                          " -c full_page_writes=off -c max_connections=300";
    std::string pg_ctl = server->bin_dir_ + "/pg_ctl -D " + root + "/data -l " + root +
                         "/server.log -o " + shell_quote(options) + " -w -t 60 start";
    out.clear();
    server->running_ = run_command(server->as_postgres(pg_ctl), &out) == 0;
  }
  if (!server->running_) {
    set_reason(why_not, "pg_ctl start failed: " + out + read_file(root + "/server.log"));
    return nullptr;
  }
  return server;
}

PostgresServer::~PostgresServer() {
  if (running_) {
    std::string out;
    (void)run_command(as_postgres(bin_dir_ + "/pg_ctl -D " + root_ + "/data -m fast -w stop"),
                      &out);
  }
  if (!root_.empty()) {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
}

std::string PostgresServer::url(const std::string& db) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + db;
}

bool PostgresServer::execute(const std::string& db, const std::string& sql, std::string* why_not) {
  std::string psql = bin_dir_ + "/psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " +
                     std::to_string(port_) + " -U postgres -d " + shell_quote(db) + " -c " +
                     shell_quote(sql);
  std::string out;
  if (run_command(psql, &out) != 0) return set_reason(why_not, "psql failed: " + out);
  return true;
}

bool PostgresServer::create_database(const std::string& name, std::string* why_not) {
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      return set_reason(why_not, "bad database name '" + name + "'");
  return execute("postgres", "CREATE DATABASE " + name, why_not);
}

}  // namespace oiis::testing
