// gongkai migrate, audit verify, search rebuild: the database's schema, its
// audit chain and its search index.
#include "cli/cli_internal.h"

#include <iostream>

#include "audit/audit.h"
#include "search/search.h"
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

}  // namespace

namespace internal {

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
