// The database: one API over SQLite (embedded default) and PostgreSQL 15.
//
// SQL is written once, with `?` placeholders, in the common subset of the two
// dialects (TEXT, BIGINT, INTEGER, RETURNING). Every call returns a Status or
// a Result; driver exceptions never cross this header. A unique-constraint
// violation is Conflict, a lost connection or a lock time-out Unavailable,
// anything else Internal.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"

namespace gk::store {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter or a column value.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

// A condition for a WHERE clause with its parameters: a rule that a single
// read and a list must both apply is written once as a Filter.
struct Filter {
  std::string sql;  // e.g. "(a.department_id = ?)"; never empty
  std::vector<Value> params;

  // Every row, and no row.
  static Filter All() { return {"(1 = 1)", {}}; }
  static Filter None() { return {"(1 = 0)", {}}; }
  bool IsAll() const { return sql == All().sql; }
};

// The conditions joined with OR, parameters in order; Filter::None() for none.
Filter AnyOf(const std::vector<std::string>& conditions, std::vector<Value> params);

// The column names of one result set, in order, lowercase: the name a column
// is read by is its alias (`AS x`), or else its bare column name without the
// table ("a.title" is "title"). An expression without an alias has no name
// that both engines agree on, so give it one.
using ColumnNames = std::shared_ptr<const std::vector<std::string>>;

class Row {
 public:
  explicit Row(std::vector<Value> values, ColumnNames names = nullptr)
      : values_(std::move(values)), names_(std::move(names)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  // Integer column (a numeric string is converted; NULL is 0).
  int64_t Int(size_t i) const;
  // Text column (an integer is formatted; NULL is "").
  std::string Str(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<std::string> OptStr(size_t i) const;

  // The same, by column name (lowercase snake_case, see ColumnNames).
  // REQUIRES: the result set has exactly one column of that name; an unknown
  // or ambiguous name is a programming error and aborts naming the column.
  bool IsNull(std::string_view name) const { return IsNull(Index(name)); }
  int64_t Int(std::string_view name) const { return Int(Index(name)); }
  std::string Str(std::string_view name) const { return Str(Index(name)); }
  std::optional<int64_t> OptInt(std::string_view name) const { return OptInt(Index(name)); }
  std::optional<std::string> OptStr(std::string_view name) const { return OptStr(Index(name)); }
  // True if the result set has a column of that name.
  bool Has(std::string_view name) const;

 private:
  size_t Index(std::string_view name) const;

  std::vector<Value> values_;
  ColumnNames names_;
};

class Connection;

// A connection inside an open transaction. Valid only inside Database::Transact.
class Tx {
 public:
  explicit Tx(Connection* c) : c_(c) {}
  Dialect dialect() const;
  // Runs a statement; returns the number of rows it changed.
  Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params = {});
  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params = {});
  // The first row, or nullopt if none.
  Result<std::optional<Row>> QueryOne(std::string_view sql, const std::vector<Value>& params = {});
  // Runs an INSERT … RETURNING id and returns the id.
  Result<int64_t> Insert(std::string_view sql, const std::vector<Value>& params = {});
  // Runs a multi-statement script without parameters (migrations only).
  Status ExecScript(const std::string& script);
  // Exec and Query through SOCI's prepare-execute-deallocate, the path
  // Exec and Query replaced: the reference of bench/store_bench.
  Result<int64_t> SociExec(std::string_view sql, const std::vector<Value>& params = {});
  Result<std::vector<Row>> SociQuery(std::string_view sql, const std::vector<Value>& params = {});

 private:
  Connection* c_;
};

// SQLite's process-wide settings (multi-thread mode: the pool lends a
// connection to one transaction at a time, so connections need no mutex of
// their own; no global count of its memory, which costs a global mutex per
// allocation). They must precede SQLite's start: Database::Open calls this,
// and so must anything that starts SQLite before (search's registration of
// its functions at program start). Once SQLite has started it changes
// nothing: the defaults are as correct, only slower.
void ConfigureSqlite();

class Database {
 public:
  // Opens `url`: "sqlite:PATH" (file created if missing; WAL, foreign keys on)
  // or "postgresql://…" / "postgres://…" (libpq URI). InvalidArgument for
  // another scheme, Unavailable if the server cannot be reached.
  static Result<std::unique_ptr<Database>> Open(const std::string& url, int pool_size = 4);
  ~Database();

  Dialect dialect() const { return dialect_; }
  const std::string& url() const { return url_; }

  // Runs `fn` in one transaction on a pooled connection: commits if it returns
  // OK, rolls back otherwise (and if it throws). On SQLite the transaction
  // takes the write lock at BEGIN so that concurrent writers queue instead of
  // failing (for up to 30 s). A transaction that could not have its lock in
  // time or lost a conflict to another (PostgreSQL's serialization failure
  // or deadlock) runs again from the start, up to kMaxAttempts times in all:
  // `fn` may run more than once, so it acts on the database through `tx`
  // only. A write refused for lack of space is Unavailable (IsStorageFull).
  // Thread-safe.
  Status Transact(const std::function<Status(Tx&)>& fn);

  template <typename T>
  Result<T> Transact(const std::function<Result<T>(Tx&)>& fn) {
    std::optional<Result<T>> out;
    Status s = Transact([&](Tx& tx) -> Status {
      out.emplace(fn(tx));
      return out->status();
    });
    if (!s.ok()) return s;
    return std::move(*out);
  }

  // Like Transact, read-only (no write lock on SQLite).
  Status Read(const std::function<Status(Tx&)>& fn);

  // False from the moment a transaction could not begin because the server
  // cannot be reached (PostgreSQL down: a reconnect failed) until one begins
  // again. The log says so once at each change, not once per request; the
  // request itself gets Unavailable at once.
  bool Reachable() const { return reachable_.load(std::memory_order_relaxed); }

  // True for kStorageFullFor after a write failed for lack of space (disk
  // full; SQLITE_FULL, PostgreSQL's 53100), until a write succeeds again.
  // The log says it once when it starts and once when writes succeed again.
  bool StorageFull() const;

  static constexpr int kMaxAttempts = 3;
  static constexpr std::chrono::seconds kStorageFullFor{30};

  template <typename T>
  Result<T> Read(const std::function<Result<T>(Tx&)>& fn) {
    std::optional<Result<T>> out;
    Status s = Read([&](Tx& tx) -> Status {
      out.emplace(fn(tx));
      return out->status();
    });
    if (!s.ok()) return s;
    return std::move(*out);
  }

 private:
  struct Pool;
  Database(Dialect d, std::string url, std::unique_ptr<Pool> pool);
  Status Run(bool write, const std::function<Status(Tx&)>& fn);
  Status RunOnce(bool write, const std::function<Status(Tx&)>& fn);

  void NoteReachable(bool reachable, std::string_view why);
  // After a write: `has_room` false when it failed for lack of space;
  // `wrote` when it committed.
  void NoteStorage(bool has_room, bool wrote);

  Dialect dialect_;
  std::string url_;
  std::unique_ptr<Pool> pool_;
  std::atomic<bool> reachable_{true};
  std::atomic<int64_t> storage_full_until_{0};  // steady_clock ticks; 0: not full
  std::vector<int> gauges_;                     // metrics::Registry ids
};

// Whether `s` is a write refused for lack of space (Database::StorageFull).
bool IsStorageFull(const Status& s);

// "sqlite:PATH" → PATH (for tools that report where the file is); "" otherwise.
std::string SqlitePath(const std::string& url);

// Rewrites `?` placeholders as `:p1, :p2, …` outside quoted literals.
std::string NumberPlaceholders(std::string_view sql);

}  // namespace gk::store
