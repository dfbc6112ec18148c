// Versioned schema migrations, compiled into the binary from migrations/*.sql.
//
// A migration file is SQL common to both engines, with these tokens replaced
// per dialect before it runs:
//   {{PK}}         an auto-increment BIGINT primary key column type
//   -- @sqlite … -- @end     lines kept for SQLite only
//   -- @postgres … -- @end   lines kept for PostgreSQL only
// Each migration runs in its own transaction together with its row in
// schema_migrations (version, name, checksum, applied_at). A migration already
// applied whose text has since changed is an error: migrations are immutable.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace gk::store {

struct MigrationSource {
  int version;
  const char* name;
  const char* sql;
};

// The migrations in the binary, ascending by version.
const std::vector<MigrationSource>& EmbeddedMigrations();

// The SQL of `m` for `dialect`.
std::string RenderMigration(const std::string& sql, Dialect dialect);

// Applies every migration not yet applied; returns how many it applied.
// Safe to run from several processes at once on PostgreSQL (advisory lock).
Result<int> Migrate(Database& db, const std::vector<MigrationSource>& migrations = EmbeddedMigrations());

// The highest applied version (0 for an empty database).
Result<int> SchemaVersion(Database& db);

}  // namespace gk::store
