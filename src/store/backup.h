// Backups of a live database and their restore (docs/operations.md,
// "Backups").
//
// SQLite: `VACUUM INTO` a temporary file beside the target, renamed when
// complete: one read transaction, so writers go on meanwhile (WAL), and the
// copy is compact and consistent. PostgreSQL: `pg_dump --format=custom`
// (the Debian package postgresql-client-15), restored with `pg_restore` in
// one transaction.
//
// The data key is never in a backup: sealed personal data needs the key
// file kept beside it (accounts/data_key.h).
#pragma once

#include <string>

#include "base/status.h"
#include "store/db.h"

namespace gk::store {

// Writes a consistent copy of `db` to `file` (replaced if it exists, only
// once the copy is complete). Unavailable if the copy cannot be written.
Status Backup(Database& db, const std::string& file);

// Restores `file` (a Backup of either engine) into `url`, the same engine:
// a SQLite file that does not exist yet, or a PostgreSQL database without
// tables. InvalidArgument for a file that is not a backup or a target that
// is not empty; nothing is changed then.
Status Restore(const std::string& file, const std::string& url);

}  // namespace gk::store
