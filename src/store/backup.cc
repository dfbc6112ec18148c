#include "store/backup.h"

#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

extern char** environ;

namespace gk::store {
namespace {

namespace fs = std::filesystem;

// A SQLite connection of its own: VACUUM INTO cannot run inside the
// transactions Database opens.
class RawSqlite {
 public:
  RawSqlite(const std::string& path, int flags) { rc_ = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr); }
  ~RawSqlite() { sqlite3_close(db_); }
  bool ok() const { return rc_ == SQLITE_OK; }
  std::string error() const { return db_ ? sqlite3_errmsg(db_) : "out of memory"; }
  // Runs `sql` with `arg` bound to ?1 when given; the first column of the
  // first row, or an error.
  Result<std::string> Run(const char* sql, const std::string* arg = nullptr) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) return Unavailable(error());
    if (arg) sqlite3_bind_text(st, 1, arg->c_str(), static_cast<int>(arg->size()), SQLITE_TRANSIENT);
    sqlite3_busy_timeout(db_, 30000);
    int rc = sqlite3_step(st);
    std::string out;
    if (rc == SQLITE_ROW && sqlite3_column_text(st, 0)) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Unavailable(error());
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

// Runs `argv` (a PostgreSQL client tool) and waits; Unavailable naming the
// tool when it cannot be started or fails (its own message is on stderr).
Status RunTool(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) {
    return Unavailable(argv[0] + " cannot be started: install the Debian package postgresql-client-15");
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Unavailable("waiting for " + argv[0] + " failed");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return Unavailable(argv[0] + " failed (see its message above)");
  return Status::Ok();
}

std::string Magic(const std::string& file, size_t n) {
  std::ifstream in(file, std::ios::binary);
  std::string head(n, '\0');
  in.read(head.data(), static_cast<std::streamsize>(n));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

Status BackupSqlite(Database& db, const std::string& file) {
  RawSqlite src(SqlitePath(db.url()), SQLITE_OPEN_READONLY);
  if (!src.ok()) return Unavailable("cannot open the database: " + src.error());
  const std::string partial = file + ".partial";
  std::error_code ec;
  fs::remove(partial, ec);
  auto done = src.Run("VACUUM INTO ?1", &partial);
  if (!done.ok()) {
    fs::remove(partial, ec);
    return Unavailable("the copy could not be written: " + done.status().message());
  }
  fs::rename(partial, file, ec);
  if (ec) return Unavailable("cannot rename " + partial + " to " + file + ": " + ec.message());
  return Status::Ok();
}

Status RestoreSqlite(const std::string& file, const std::string& url) {
  const std::string target = SqlitePath(url);
  std::error_code ec;
  if (fs::exists(target, ec) && fs::file_size(target, ec) > 0) {
    return InvalidArgument(target + " exists: restore into a new file (move the old one away first)");
  }
  RawSqlite backup(file, SQLITE_OPEN_READONLY);
  if (!backup.ok()) return InvalidArgument(file + " cannot be opened: " + backup.error());
  auto check = backup.Run("PRAGMA quick_check");
  if (!check.ok() || *check != "ok") return InvalidArgument(file + " is damaged (PRAGMA quick_check)");
  auto schema = backup.Run("SELECT COUNT(*) FROM schema_migrations");
  if (!schema.ok()) return InvalidArgument(file + " is not a Gongkai database (no schema_migrations)");
  if (!target.empty() && fs::path(target).has_parent_path()) fs::create_directories(fs::path(target).parent_path(), ec);
  fs::remove(target, ec);  // an empty file
  auto done = backup.Run("VACUUM INTO ?1", &target);
  if (!done.ok()) {
    fs::remove(target, ec);
    return Unavailable("cannot write " + target + ": " + done.status().message());
  }
  return Status::Ok();
}

}  // namespace

Status Backup(Database& db, const std::string& file) {
  if (file.empty()) return InvalidArgument("name the backup file");
  if (db.dialect() == Dialect::kSqlite) return BackupSqlite(db, file);
  const std::string partial = file + ".partial";
  Status s = RunTool({"pg_dump", "--format=custom", "--no-owner", "--file=" + partial, "--dbname=" + db.url()});
  std::error_code ec;
  if (!s.ok()) {
    fs::remove(partial, ec);
    return s;
  }
  fs::rename(partial, file, ec);
  if (ec) return Unavailable("cannot rename " + partial + " to " + file + ": " + ec.message());
  return Status::Ok();
}

Status Restore(const std::string& file, const std::string& url) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return InvalidArgument(file + " is not a file");
  const std::string magic = Magic(file, 16);
  const bool sqlite_file = magic == std::string("SQLite format 3\0", 16);
  const bool pg_dump = magic.rfind("PGDMP", 0) == 0;
  if (!sqlite_file && !pg_dump) return InvalidArgument(file + " is not a backup (neither SQLite nor pg_dump's format)");
  const bool to_sqlite = url.rfind("sqlite:", 0) == 0;
  if (sqlite_file != to_sqlite) {
    return InvalidArgument(std::string("a ") + (sqlite_file ? "SQLite" : "PostgreSQL") + " backup restores into a " +
                           (sqlite_file ? "sqlite:" : "postgresql://") + " database only");
  }
  if (sqlite_file) return RestoreSqlite(file, url);
  ASSIGN_OR_RETURN(auto db, Database::Open(url, 1));
  ASSIGN_OR_RETURN(int64_t tables, db->Read<int64_t>([](Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) AS n FROM information_schema.tables WHERE "
                                           "table_schema = 'public'"));
    return row->Int("n");
  }));
  if (tables > 0) return InvalidArgument("the target database has tables: restore into a new, empty database");
  return RunTool({"pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", "--dbname=" + url, file});
}

}  // namespace gk::store
