// gongkai migrate, audit verify, search rebuild, backup, restore: the
// database's schema, its audit chain, its search index and its copies.
#include "cli/cli_internal.h"

#include <chrono>
#include <filesystem>
#include <iostream>

#include "accounts/data_key.h"
#include "audit/audit.h"
#include "search/search.h"
#include "store/backup.h"
#include "store/migrate.h"

namespace gk::cli {
namespace {
using namespace internal;

int MigrateCmd(const Options& o) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto db = store::Database::Open(c->database.url, 1);
  if (!db.ok()) return Fail(db.status());
  auto applied = store::Migrate(**db);
  if (!applied.ok()) return Fail(applied.status());
  if (Status s = RefillSearchIndex(**db); !s.ok()) return Fail(s);
  if (Status s = ImportShippedData(**db, SystemClock(), *c); !s.ok()) return Fail(s);
  auto version = store::SchemaVersion(**db);
  if (!version.ok()) return Fail(version.status());
  std::cout << "database " << c->database.url << ": schema version " << *version << " (" << *applied
            << " migration(s) applied)\n";
  return 0;
}

int AuditVerify(const Options& o) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto report = audit::Verify(**db);
  if (!report.ok()) return Fail(report.status());
  if (!report->ok()) {
    std::cout << "audit chain BROKEN after " << report->entries_checked << " entries: " << report->first_break
              << "\n";
    return kExitFailure;
  }
  std::cout << "audit chain intact: " << report->entries_checked << " entries verified\n";
  return 0;
}

int SearchRebuild(const Options& o) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  Status s = (*db)->Transact([](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(search::Rebuild(tx));
    return search::Optimize(tx);
  });
  if (!s.ok()) return Fail(s);
  std::cout << "search index rebuilt\n";
  return 0;
}

int BackupCmd(const Options& o, const std::string& file) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  DefaultDataKeyFile(*c);
  auto db = store::Database::Open(c->database.url, 1);
  if (!db.ok()) return Fail(db.status());
  auto version = store::SchemaVersion(**db);
  if (!version.ok()) return Fail(version.status());
  const auto started = std::chrono::steady_clock::now();
  if (Status s = store::Backup(**db, file); !s.ok()) return Fail(s);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::error_code ec;
  std::cout << "backup written: " << file << " (" << std::filesystem::file_size(file, ec) << " bytes, schema version "
            << *version << ", " << seconds << " s)\n";
  std::cout << "the data key is not in the backup: keep "
            << (c->security.data_key_file.empty() ? std::string("the configured data key")
                                                  : c->security.data_key_file)
            << " with it; without the key the applicants' sealed data cannot be read\n";
  return 0;
}

// Restores, migrates to this binary's schema, verifies the audit chain and
// checks that the configured data key is the restored data's.
int RestoreCmd(const Options& o, const std::string& file) {
  auto c = LoadEffectiveConfig(o);
  if (!c.ok()) return Fail(c.status());
  DefaultDataKeyFile(*c);
  if (Status s = store::Restore(file, c->database.url); !s.ok()) return Fail(s);
  std::cout << "restored " << file << " into " << c->database.url << "\n";
  auto db = OpenMigrated(*c);
  if (!db.ok()) return Fail(db.status());
  auto report = audit::Verify(**db);
  if (!report.ok()) return Fail(report.status());
  if (!report->ok()) {
    std::cout << "audit chain BROKEN after " << report->entries_checked << " entries: " << report->first_break << "\n";
    return kExitFailure;
  }
  std::cout << "audit chain intact: " << report->entries_checked << " entries verified\n";
  auto key = accounts::OpenDataKey(**db, SystemClock(), c->security);
  if (!key.ok()) return Fail(key.status());
  std::cout << "the data key opens the restored personal data\n";
  return 0;
}

}  // namespace

namespace internal {

void AddBackup(CLI::App* cmd, Options& o, int& rc) {
  auto file = std::make_shared<std::string>();
  AddCommonOptions(cmd, o);
  cmd->add_option("-o,--output", *file, "the backup file to write")->required();
  cmd->callback([&o, &rc, file] { rc = BackupCmd(o, *file); });
}

void AddRestore(CLI::App* cmd, Options& o, int& rc) {
  auto file = std::make_shared<std::string>();
  AddCommonOptions(cmd, o);
  cmd->add_option("file", *file, "a file written by gongkai backup")->required();
  cmd->callback([&o, &rc, file] { rc = RestoreCmd(o, *file); });
}


void AddMigrate(CLI::App* cmd, Options& o, int& rc) {
  AddCommonOptions(cmd, o);
  cmd->callback([&o, &rc] { rc = MigrateCmd(o); });
}

void AddAudit(CLI::App* cmd, Options& o, int& rc) {
  cmd->require_subcommand(1);
  auto* verify = cmd->add_subcommand("verify", "recompute the chain; exit 1 and name the first broken link");
  AddCommonOptions(verify, o);
  verify->callback([&o, &rc] { rc = AuditVerify(o); });
}

void AddSearch(CLI::App* cmd, Options& o, int& rc) {
  cmd->require_subcommand(1);
  auto* rebuild = cmd->add_subcommand("rebuild", "re-tokenize every document (after a tokenizer or OpenCC change)");
  AddCommonOptions(rebuild, o);
  rebuild->callback([&o, &rc] { rc = SearchRebuild(o); });
}

}  // namespace internal
}  // namespace gk::cli
