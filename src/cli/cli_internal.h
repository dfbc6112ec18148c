// Internal to the `gongkai` command (src/cli/): the table of commands, and
// what the commands share. Not for other modules.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "base/calendar.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/status.h"
#include "store/db.h"

namespace gk::cli::internal {

inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// The options every command that touches data takes.
struct Options {
  std::string config_path;
  std::string db_url;
  std::string agency;
};

// A top-level command. Main adds `name` with `usage` (which the usage text
// shows) and `add` gives it its options, its subcommands and the callback
// that sets `rc` to the exit code. The options stay bound to `o` and to
// storage the callbacks own.
struct Command {
  const char* name;
  const char* usage;
  void (*add)(CLI::App* cmd, Options& o, int& rc);
};

// --config, --db and --agency, bound to `o`.
void AddCommonOptions(CLI::App* sub, Options& o);

// The commands, by file.
void AddServe(CLI::App* cmd, Options& o, int& rc);      // cli_serve.cc
void AddMigrate(CLI::App* cmd, Options& o, int& rc);    // cli_database.cc
void AddAudit(CLI::App* cmd, Options& o, int& rc);      // cli_database.cc
void AddSearch(CLI::App* cmd, Options& o, int& rc);     // cli_database.cc
void AddBackup(CLI::App* cmd, Options& o, int& rc);     // cli_database.cc
void AddRestore(CLI::App* cmd, Options& o, int& rc);    // cli_database.cc
void AddKey(CLI::App* cmd, Options& o, int& rc);        // cli_key.cc
void AddSeedDemo(CLI::App* cmd, Options& o, int& rc);   // cli_demo.cc
void AddUser(CLI::App* cmd, Options& o, int& rc);       // cli_user.cc
void AddCheck(CLI::App* cmd, Options& o, int& rc);      // cli_documents.cc
void AddRedact(CLI::App* cmd, Options& o, int& rc);     // cli_documents.cc
void AddImport(CLI::App* cmd, Options& o, int& rc);     // cli_records.cc
void AddReport(CLI::App* cmd, Options& o, int& rc);     // cli_records.cc
void AddArchive(CLI::App* cmd, Options& o, int& rc);    // cli_records.cc
void AddFiling(CLI::App* cmd, Options& o, int& rc);     // cli_records.cc
void AddWorkdays(CLI::App* cmd, Options& o, int& rc);   // cli_workdays.cc
void AddAgency(CLI::App* cmd, Options& o, int& rc);     // cli_agency.cc

// ---- shared by the commands ---------------------------------------------------

// Prints "error: …" and returns the exit code for the status: 2 for
// InvalidArgument and OutOfRange, 1 otherwise.
int Fail(const Status& s);
// The configuration file (--config, ./gongkai.toml or GONGKAI_CONFIG) and
// the environment, with --db and --agency over them.
Result<Config> LoadEffectiveConfig(const Options& o);
// Refills a search index that a migration emptied (search::RebuildIfEmptied).
Status RefillSearchIndex(store::Database& db);
// The database, migrated to the current schema.
Result<std::unique_ptr<store::Database>> OpenMigrated(const Config& c);
// The calendar years shipped in data/calendar.
Result<std::vector<CalendarYear>> ShippedCalendar(const Config& c);
// Adds what shipped with this version and an agency lacks: calendar years,
// and the default catalog for an agency that has none.
Status ImportShippedData(store::Database& db, const Clock& clock, const Config& c);
// The whole content of the file at `path`; NotFound "cannot read PATH".
Result<std::string> ReadWholeFile(const std::string& path);
// The embedded default: the data key lives beside the SQLite file.
void DefaultDataKeyFile(Config& c);
// The command line acting for the agency of the configuration (`what`: the command).
Result<accounts::Principal> CliPrincipal(store::Database& db, const Config& c, const std::string& what);

}  // namespace gk::cli::internal
