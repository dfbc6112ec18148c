#include "store/db.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "base/metrics.h"

namespace gk::store {

// SOCI's SQLite header declares the SQLite API in this namespace.
using namespace sqlite_api;  // NOLINT(google-build-using-namespace)

Filter AnyOf(const std::vector<std::string>& conditions, std::vector<Value> params) {
  if (conditions.empty()) return Filter::None();
  std::string sql = "(";
  for (size_t i = 0; i < conditions.size(); ++i) sql += (i ? " OR " : "") + conditions[i];
  return {sql + ")", std::move(params)};
}

// ---------------------------------------------------------------- Row

int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::strtoll(p->c_str(), nullptr, 10);
  return 0;
}

std::string Row::Str(size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  return "";
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

std::optional<std::string> Row::OptStr(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Str(i);
}

bool Row::Has(std::string_view name) const {
  if (!names_) return false;
  for (const std::string& n : *names_) {
    if (n == name) return true;
  }
  return false;
}

size_t Row::Index(std::string_view name) const {
  size_t found = values_.size();
  int matches = 0;
  if (names_) {
    for (size_t i = 0; i < names_->size(); ++i) {
      if ((*names_)[i] == name && matches++ == 0) found = i;
    }
  }
  if (matches == 1 && found < values_.size()) return found;
  // A query and the code reading it disagree: a bug, never caused by input.
  std::string columns;
  if (names_) {
    for (const std::string& n : *names_) columns += (columns.empty() ? "" : ", ") + n;
  }
  std::fprintf(stderr, "store::Row: %s column \"%.*s\" (columns: %s)\n",
               matches ? "ambiguous" : "no", static_cast<int>(name.size()), name.data(), columns.c_str());
  std::abort();
}

// ---------------------------------------------------------------- helpers

namespace {

// `?` placeholders as `prefix`1, `prefix`2, … outside quoted literals.
std::string NumberedPlaceholders(std::string_view sql, std::string_view prefix) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += prefix;
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string NumberPlaceholders(std::string_view sql) { return NumberedPlaceholders(sql, ":p"); }

std::string SqlitePath(const std::string& url) {
  return url.rfind("sqlite:", 0) == 0 ? url.substr(7) : "";
}

namespace {

// The beginnings of the messages of two kinds of Unavailable: a lock not
// had in time or a transaction that lost a conflict (worth running the
// whole transaction again), and a write refused for lack of space.
constexpr std::string_view kBusy = "database is busy: ";
constexpr std::string_view kStorageFull = "no space left for the database: ";

bool StartsWith(const Status& s, std::string_view prefix) {
  return s.code() == Code::kUnavailable && s.message().rfind(prefix, 0) == 0;
}

// The engine's message without the statement and its bound values (SOCI
// appends "while executing … with :1=…", PostgreSQL a DETAIL with the key),
// which can hold personal data and must not reach users or logs.
std::string EngineMessage(std::string msg) {
  for (const char* cut : {" while executing", "\nDETAIL:", "DETAIL:", "\nCONTEXT:"}) {
    size_t p = msg.find(cut);
    if (p != std::string::npos) msg.resize(p);
  }
  while (!msg.empty() && (msg.back() == ' ' || msg.back() == '\n' || msg.back() == '.')) msg.pop_back();
  return msg;
}

Status FromSociError(const std::exception& e, Dialect dialect) {
  std::string msg = EngineMessage(e.what());
  if (dialect == Dialect::kPostgres) {
    if (auto pe = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
      std::string state = pe->sqlstate();
      if (state == "23505") return Conflict("duplicate value: " + msg);
      if (state.rfind("23", 0) == 0) return FailedPrecondition("constraint violated: " + msg);
      if (state == "40001" || state == "40P01") return Unavailable(std::string(kBusy) + msg);
      if (state == "53100") return Unavailable(std::string(kStorageFull) + msg);
      if (state.rfind("08", 0) == 0 || state == "57P01") return Unavailable("database temporarily unavailable: " + msg);
    }
  } else if (auto se = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    int rc = se->result() & 0xff;
    if (rc == SQLITE_CONSTRAINT) {
      if (msg.find("UNIQUE") != std::string::npos) return Conflict("duplicate value: " + msg);
      return FailedPrecondition("constraint violated: " + msg);
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return Unavailable(std::string(kBusy) + msg);
    if (rc == SQLITE_FULL) return Unavailable(std::string(kStorageFull) + msg);
  }
  if (msg.find("UNIQUE constraint failed") != std::string::npos) return Conflict("duplicate value: " + msg);
  return Internal("database error: " + msg);
}

// The result set's column names as Row reads them: lowercase on both engines
// (PostgreSQL folds unquoted names, SQLite keeps them as written).
ColumnNames ColumnNamesOf(const soci::row& r) {
  auto names = std::make_shared<std::vector<std::string>>();
  names->reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    std::string n = r.get_properties(i).get_name();
    for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    names->push_back(std::move(n));
  }
  return names;
}

Value ColumnValue(const soci::row& r, size_t i) {
  if (r.get_indicator(i) == soci::i_null) return nullptr;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer: return static_cast<int64_t>(r.get<int>(i));
    case soci::dt_long_long: return static_cast<int64_t>(r.get<long long>(i));
    case soci::dt_unsigned_long_long: return static_cast<int64_t>(r.get<unsigned long long>(i));
    case soci::dt_double: return r.get<double>(i);
    case soci::dt_date: {
      std::tm t = r.get<std::tm>(i);
      char buf[32];
      std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &t);
      return std::string(buf);
    }
    default: return r.get<std::string>(i);
  }
}

// Storage for bound values that outlives the statement's use of them.
struct Bindings {
  explicit Bindings(const std::vector<Value>& params) {
    ints.reserve(params.size());
    doubles.reserve(params.size());
    strings.reserve(params.size());
    inds.reserve(params.size());
  }
  std::vector<long long> ints;
  std::vector<double> doubles;
  std::vector<std::string> strings;
  std::vector<soci::indicator> inds;

  void Bind(soci::statement& st, const Value& v) {
    if (std::holds_alternative<std::nullptr_t>(v)) {
      strings.emplace_back();
      inds.push_back(soci::i_null);
      st.exchange(soci::use(strings.back(), inds.back()));
    } else if (auto p = std::get_if<int64_t>(&v)) {
      ints.push_back(*p);
      st.exchange(soci::use(ints.back()));
    } else if (auto p = std::get_if<double>(&v)) {
      doubles.push_back(*p);
      st.exchange(soci::use(doubles.back()));
    } else {
      strings.push_back(std::get<std::string>(v));
      st.exchange(soci::use(strings.back()));
    }
  }
};

}  // namespace

// ---------------------------------------------------------------- Connection

// A pooled connection. SOCI opens it (and reconnects it); statements run on
// the engines' own interfaces: on SQLite through a cache of prepared
// statements keyed by their text (a page runs the same few dozen statements
// on every request, and compiling one costs more than running it), on
// PostgreSQL as one PQexecParams round trip (SOCI prepares, executes and
// deallocates a named statement: three).
class Connection {
 public:
  Connection(Dialect d, std::unique_ptr<soci::session> s) : dialect(d), session(std::move(s)) {}
  ~Connection() { ClearStatements(); }
  Dialect dialect;
  std::unique_ptr<soci::session> session;

  sqlite3* Sqlite() const {
    return static_cast<soci::sqlite3_session_backend*>(session->get_backend())->conn_;
  }
  // Null while the connection is lost: a failed reconnect leaves SOCI's
  // session without a backend until the next one succeeds.
  PGconn* Postgres() const {
    auto* backend = static_cast<soci::postgresql_session_backend*>(session->get_backend());
    return backend != nullptr ? backend->conn_ : nullptr;
  }

  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    ColumnNames names;  // of its result set, once it has been read
  };
  // The prepared statement for `sql` (compiled on first use).
  Result<Cached*> Statement(std::string_view sql);
  void ClearStatements() {
    for (auto& [text, c] : statements_) sqlite3_finalize(c.stmt);
    statements_.clear();
  }

 private:
  // Statements built with a varying number of placeholders would grow the
  // cache without end; past this many it starts afresh.
  static constexpr size_t kMaxStatements = 512;
  std::unordered_map<std::string, Cached> statements_;
};

namespace {

Status SqliteError(sqlite3* db, int rc) {
  std::string msg = sqlite3_errmsg(db);
  int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) {
    if (msg.find("UNIQUE") != std::string::npos) return Conflict("duplicate value: " + msg);
    return FailedPrecondition("constraint violated: " + msg);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Unavailable(std::string(kBusy) + msg);
  if (primary == SQLITE_FULL) return Unavailable(std::string(kStorageFull) + msg);
  return Internal("database error: " + msg);
}

// The message of a failed PostgreSQL result without its DETAIL (which can
// hold the key values, personal data) and the status it maps to.
Status PostgresError(PGconn* conn, const PGresult* res) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string msg = primary ? primary : EngineMessage(PQerrorMessage(conn));
  std::string code = state ? state : "";
  if (code == "23505") return Conflict("duplicate value: " + msg);
  if (code.rfind("23", 0) == 0) return FailedPrecondition("constraint violated: " + msg);
  if (code == "40001" || code == "40P01") return Unavailable(std::string(kBusy) + msg);
  if (code == "53100") return Unavailable(std::string(kStorageFull) + msg);
  if (code.rfind("08", 0) == 0 || code == "57P01" || PQstatus(conn) != CONNECTION_OK) {
    return Unavailable("database temporarily unavailable: " + msg);
  }
  return Internal("database error: " + msg);
}


ColumnNames LowerNames(int n, const std::function<const char*(int)>& name_of) {
  auto names = std::make_shared<std::vector<std::string>>();
  names->reserve(n);
  for (int i = 0; i < n; ++i) {
    const char* raw = name_of(i);
    std::string name = raw ? raw : "";
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    names->push_back(std::move(name));
  }
  return names;
}

// PostgreSQL type OIDs (catalog/pg_type.h) of the values read as numbers.
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kOidOid = 26, kFloat4Oid = 700,
              kFloat8Oid = 701, kNumericOid = 1700;

Value PostgresValue(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return nullptr;
  const char* text = PQgetvalue(res, row, col);
  switch (PQftype(res, col)) {
    case kBoolOid: return int64_t{text[0] == 't'};
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: return static_cast<int64_t>(std::strtoll(text, nullptr, 10));
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: return std::strtod(text, nullptr);
    default: return std::string(text, PQgetlength(res, row, col));
  }
}

Value SqliteValue(sqlite3_stmt* st, int col) {
  switch (sqlite3_column_type(st, col)) {
    case SQLITE_NULL: return nullptr;
    case SQLITE_INTEGER: return static_cast<int64_t>(sqlite3_column_int64(st, col));
    case SQLITE_FLOAT: return sqlite3_column_double(st, col);
    case SQLITE_BLOB: {
      const void* p = sqlite3_column_blob(st, col);
      return std::string(static_cast<const char*>(p), sqlite3_column_bytes(st, col));
    }
    default: {
      const unsigned char* p = sqlite3_column_text(st, col);
      return std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(st, col));
    }
  }
}

// Runs `sql` with `params`; puts the rows into `rows` when given. Returns the
// number of rows changed.
Result<int64_t> RunSqlite(Connection& c, std::string_view sql, const std::vector<Value>& params,
                          std::vector<Row>* rows) {
  sqlite3* db = c.Sqlite();
  ASSIGN_OR_RETURN(Connection::Cached * cached, c.Statement(sql));
  sqlite3_stmt* st = cached->stmt;
  struct Reset {
    sqlite3_stmt* st;
    ~Reset() {
      sqlite3_reset(st);
      sqlite3_clear_bindings(st);
    }
  } reset{st};
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(st)) {
    return Internal("statement has " + std::to_string(sqlite3_bind_parameter_count(st)) + " placeholders, " +
                    std::to_string(params.size()) + " values given");
  }
  for (size_t i = 0; i < params.size(); ++i) {
    int at = static_cast<int>(i) + 1, rc;
    const Value& v = params[i];
    if (std::holds_alternative<std::nullptr_t>(v)) {
      rc = sqlite3_bind_null(st, at);
    } else if (auto p = std::get_if<int64_t>(&v)) {
      rc = sqlite3_bind_int64(st, at, *p);
    } else if (auto p = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(st, at, *p);
    } else {
      const std::string& text = std::get<std::string>(v);
      rc = sqlite3_bind_text64(st, at, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    }
    if (rc != SQLITE_OK) return SqliteError(db, rc);
  }
  int columns = sqlite3_column_count(st);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (!rows) continue;
    if (!cached->names || static_cast<int>(cached->names->size()) != columns) {
      cached->names = LowerNames(columns, [st](int i) { return sqlite3_column_name(st, i); });
    }
    std::vector<Value> values;
    values.reserve(columns);
    for (int i = 0; i < columns; ++i) values.push_back(SqliteValue(st, i));
    rows->emplace_back(std::move(values), cached->names);
  }
  if (rc != SQLITE_DONE) return SqliteError(db, sqlite3_extended_errcode(db));
  return static_cast<int64_t>(sqlite3_changes64(db));
}

Result<int64_t> RunPostgres(Connection& c, std::string_view sql, const std::vector<Value>& params,
                            std::vector<Row>* rows) {
  PGconn* conn = c.Postgres();
  if (conn == nullptr) return Unavailable("not connected to the database");
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  std::vector<int> lengths(params.size(), 0);
  for (size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    if (std::holds_alternative<std::nullptr_t>(v)) continue;
    if (auto p = std::get_if<int64_t>(&v)) {
      texts[i] = std::to_string(*p);
    } else if (auto p = std::get_if<double>(&v)) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", *p);
      texts[i] = buf;
    } else {
      texts[i] = std::get<std::string>(v);
    }
    values[i] = texts[i].c_str();
    lengths[i] = static_cast<int>(texts[i].size());
  }
  std::string text = NumberedPlaceholders(sql, "$");
  PGresult* res = PQexecParams(conn, text.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                               lengths.data(), nullptr, 0);
  struct Clear {
    PGresult* r;
    ~Clear() { PQclear(r); }
  } clear{res};
  ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return PostgresError(conn, res);
  if (rows && status == PGRES_TUPLES_OK) {
    int n = PQntuples(res), columns = PQnfields(res);
    ColumnNames names = LowerNames(columns, [res](int i) { return PQfname(res, i); });
    rows->reserve(rows->size() + n);
    for (int r = 0; r < n; ++r) {
      std::vector<Value> vals;
      vals.reserve(columns);
      for (int i = 0; i < columns; ++i) vals.push_back(PostgresValue(res, r, i));
      rows->emplace_back(std::move(vals), names);
    }
  }
  const char* changed = PQcmdTuples(res);
  return static_cast<int64_t>(changed && *changed ? std::strtoll(changed, nullptr, 10) : 0);
}

}  // namespace

Result<Connection::Cached*> Connection::Statement(std::string_view sql) {
  std::string key(sql);
  if (auto it = statements_.find(key); it != statements_.end()) return &it->second;
  if (statements_.size() >= kMaxStatements) ClearStatements();
  sqlite3* db = Sqlite();
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v3(db, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &st,
                              nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(st);
    return SqliteError(db, rc);
  }
  if (!st) return Internal("database error: empty statement");
  return &statements_.emplace(std::move(key), Cached{st, nullptr}).first->second;
}

Dialect Tx::dialect() const { return c_->dialect; }

namespace {

// GONGKAI_SLOW_SQL_MS=N logs every statement that takes N ms or more to
// standard error: its duration, rows and text, never its values (they may
// hold personal data). Read once; unset or not a number means off.
int64_t SlowStatementMicros() {
  static const int64_t micros = [] {
    const char* env = std::getenv("GONGKAI_SLOW_SQL_MS");
    if (!env || !*env) return int64_t{-1};
    char* end = nullptr;
    long long ms = std::strtoll(env, &end, 10);
    return *end || ms < 0 ? int64_t{-1} : static_cast<int64_t>(ms) * 1000;
  }();
  return micros;
}

Result<int64_t> Run(Connection& c, std::string_view sql, const std::vector<Value>& params, std::vector<Row>* rows) {
  int64_t slow = SlowStatementMicros();
  if (slow < 0) {
    return c.dialect == Dialect::kSqlite ? RunSqlite(c, sql, params, rows) : RunPostgres(c, sql, params, rows);
  }
  auto start = std::chrono::steady_clock::now();
  Result<int64_t> r = c.dialect == Dialect::kSqlite ? RunSqlite(c, sql, params, rows) : RunPostgres(c, sql, params, rows);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
  if (micros >= slow) {
    std::string text(sql);
    for (char& ch : text) {
      if (ch == '\n' || ch == '\t') ch = ' ';
    }
    std::fprintf(stderr, "slow statement: %.1f ms, %zu rows: %s\n", static_cast<double>(micros) / 1000.0,
                 rows ? rows->size() : size_t{0}, text.c_str());
  }
  return r;
}

}  // namespace

Result<int64_t> Tx::Exec(std::string_view sql, const std::vector<Value>& params) {
  return Run(*c_, sql, params, nullptr);
}

Result<std::vector<Row>> Tx::Query(std::string_view sql, const std::vector<Value>& params) {
  std::vector<Row> rows;
  Result<int64_t> r = Run(*c_, sql, params, &rows);
  if (!r.ok()) return r.status();
  return rows;
}

// The SOCI paths, kept for reference by the store benchmark.
Result<int64_t> Tx::SociExec(std::string_view sql, const std::vector<Value>& params) {
  try {
    soci::statement st(*c_->session);
    Bindings b(params);
    for (const Value& v : params) b.Bind(st, v);
    st.alloc();
    st.prepare(NumberPlaceholders(sql));
    st.define_and_bind();
    st.execute(true);
    return static_cast<int64_t>(st.get_affected_rows());
  } catch (const std::exception& e) {
    return FromSociError(e, c_->dialect);
  }
}

Result<std::vector<Row>> Tx::SociQuery(std::string_view sql, const std::vector<Value>& params) {
  try {
    soci::statement st(*c_->session);
    Bindings b(params);
    for (const Value& v : params) b.Bind(st, v);
    soci::row r;
    st.exchange(soci::into(r));
    st.alloc();
    st.prepare(NumberPlaceholders(sql));
    st.define_and_bind();
    std::vector<Row> rows;
    bool got = st.execute(true);
    ColumnNames names;
    while (got) {
      if (!names) names = ColumnNamesOf(r);
      std::vector<Value> values;
      values.reserve(r.size());
      for (size_t i = 0; i < r.size(); ++i) values.push_back(ColumnValue(r, i));
      rows.emplace_back(std::move(values), names);
      got = st.fetch();
    }
    return rows;
  } catch (const std::exception& e) {
    return FromSociError(e, c_->dialect);
  }
}

Result<std::optional<Row>> Tx::QueryOne(std::string_view sql, const std::vector<Value>& params) {
  ASSIGN_OR_RETURN(std::vector<Row> rows, Query(sql, params));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

Result<int64_t> Tx::Insert(std::string_view sql, const std::vector<Value>& params) {
  ASSIGN_OR_RETURN(std::vector<Row> rows, Query(sql, params));
  if (rows.size() != 1 || rows[0].size() < 1) return Internal("INSERT … RETURNING returned no id");
  return rows[0].Int(0);
}

Status Tx::ExecScript(const std::string& script) {
  if (c_->dialect == Dialect::kSqlite) {
    auto* be = static_cast<soci::sqlite3_session_backend*>(c_->session->get_backend());
    char* err = nullptr;
    if (sqlite_api::sqlite3_exec(be->conn_, script.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite_api::sqlite3_free(err);
      return Internal("script failed: " + msg);
    }
    return Status::Ok();
  }
  PGconn* conn = c_->Postgres();
  if (conn == nullptr) return Unavailable("not connected to the database");
  PGresult* res = PQexec(conn, script.c_str());
  ExecStatusType st = PQresultStatus(res);
  std::string msg = PQresultErrorMessage(res);
  PQclear(res);
  // PGRES_EMPTY_QUERY: nothing but comments, as a migration for the other
  // engine only is here.
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
    return Internal("script failed: " + msg);
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- Pool

struct Database::Pool {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::unique_ptr<Connection>> all;
  std::vector<Connection*> free;  // GUARDED_BY(mu)

  Connection* Acquire() {
    std::unique_lock lock(mu);
    if (!cv.wait_for(lock, std::chrono::seconds(30), [&] { return !free.empty(); })) return nullptr;
    Connection* c = free.back();
    free.pop_back();
    return c;
  }
  void Release(Connection* c) {
    {
      std::lock_guard lock(mu);
      free.push_back(c);
    }
    cv.notify_one();
  }
};

namespace {

Result<std::unique_ptr<soci::session>> OpenSession(Dialect d, const std::string& url) {
  try {
    if (d == Dialect::kSqlite) {
      ConfigureSqlite();
      std::string path = SqlitePath(url);
      auto s = std::make_unique<soci::session>(soci::sqlite3, "db=\"" + path + "\" timeout=30");
      *s << "PRAGMA journal_mode=WAL";
      *s << "PRAGMA synchronous=NORMAL";
      *s << "PRAGMA foreign_keys=ON";
      *s << "PRAGMA busy_timeout=30000";
      return s;
    }
    auto s = std::make_unique<soci::session>(soci::postgresql, url);
    *s << "SET client_min_messages TO WARNING";
    return s;
  } catch (const std::exception& e) {
    return Unavailable(std::string("cannot open database: ") + e.what());
  }
}

}  // namespace

void ConfigureSqlite() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& url, int pool_size) {
  Dialect d;
  if (url.rfind("sqlite:", 0) == 0) {
    d = Dialect::kSqlite;
    std::string path = SqlitePath(url);
    if (path.empty()) return InvalidArgument("database URL \"sqlite:\" needs a file path");
    if (path.find('"') != std::string::npos) return InvalidArgument("database path must not contain '\"'");
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    d = Dialect::kPostgres;
  } else {
    return InvalidArgument("database URL must start with \"sqlite:\" or \"postgresql://\"");
  }
  auto pool = std::make_unique<Pool>();
  for (int i = 0; i < std::max(1, pool_size); ++i) {
    ASSIGN_OR_RETURN(auto session, OpenSession(d, url));
    pool->all.push_back(std::make_unique<Connection>(d, std::move(session)));
    pool->free.push_back(pool->all.back().get());
  }
  return std::unique_ptr<Database>(new Database(d, url, std::move(pool)));
}

Database::Database(Dialect d, std::string url, std::unique_ptr<Pool> pool)
    : dialect_(d), url_(std::move(url)), pool_(std::move(pool)) {
  auto& r = metrics::Registry::Global();
  gauges_.push_back(r.AddGauge("gongkai_db_pool_connections", "Pooled database connections by state.",
                               [p = pool_.get()](std::string& out) {
                                 size_t free = 0, all = p->all.size();
                                 {
                                   std::lock_guard lock(p->mu);
                                   free = p->free.size();
                                 }
                                 metrics::AppendSample(out, "gongkai_db_pool_connections", "{state=\"free\"}",
                                                       static_cast<double>(free));
                                 metrics::AppendSample(out, "gongkai_db_pool_connections", "{state=\"in_use\"}",
                                                       static_cast<double>(all - free));
                               }));
  gauges_.push_back(r.AddGauge("gongkai_db_reachable", "1 while the database can be reached, 0 while it cannot.",
                               [this](std::string& out) {
                                 metrics::AppendSample(out, "gongkai_db_reachable", "", Reachable() ? 1 : 0);
                               }));
  gauges_.push_back(r.AddGauge("gongkai_db_storage_full", "1 while writes fail for lack of space.",
                               [this](std::string& out) {
                                 metrics::AppendSample(out, "gongkai_db_storage_full", "", StorageFull() ? 1 : 0);
                               }));
}

Database::~Database() {
  for (int id : gauges_) metrics::Registry::Global().RemoveGauge(id);
}

void Database::NoteReachable(bool reachable, std::string_view why) {
  if (reachable_.load(std::memory_order_relaxed) == reachable) return;
  if (reachable_.exchange(reachable) == reachable) return;  // another thread said it
  if (reachable) {
    spdlog::warn("the database is reachable again");
  } else {
    spdlog::error("the database is unreachable: {} (requests get 503 until it is back; said once)", why);
  }
}

Status Database::Transact(const std::function<Status(Tx&)>& fn) { return Run(true, fn); }
Status Database::Read(const std::function<Status(Tx&)>& fn) { return Run(false, fn); }

Status Database::Run(bool write, const std::function<Status(Tx&)>& fn) {
  static metrics::Histogram& took = metrics::Registry::Global().NewHistogram(
      "gongkai_db_transaction_duration_seconds",
      "Database transactions from asking for a connection to the end of COMMIT or ROLLBACK, by mode.", {"mode"});
  static metrics::Counter& count = metrics::Registry::Global().NewCounter(
      "gongkai_db_transactions_total",
      "Database transactions by mode and result (ok, retried: run again after a lost conflict, failed).",
      {"mode", "result"});
  const std::string_view mode = write ? "write" : "read";
  const auto started = std::chrono::steady_clock::now();
  Status s;
  for (int attempt = 1;; ++attempt) {
    s = RunOnce(write, fn);
    // A lock not had in time or a conflict lost to another transaction: the
    // engine rolled it back as a whole, so it runs again from the start.
    if (!StartsWith(s, kBusy) || attempt == kMaxAttempts) break;
    count.Add({mode, "retried"});
    std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt + std::rand() % 10));
  }
  if (write) NoteStorage(!StartsWith(s, kStorageFull), s.ok());
  count.Add({mode, s.ok() ? "ok" : "failed"});
  took.Observe({mode}, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return s;
}

void Database::NoteStorage(bool has_room, bool wrote) {
  using std::chrono::steady_clock;
  const int64_t now = steady_clock::now().time_since_epoch().count();
  if (!has_room) {
    const int64_t until = now + std::chrono::duration_cast<steady_clock::duration>(kStorageFullFor).count();
    if (storage_full_until_.exchange(until) < now) {
      spdlog::error("the database has no space left: writes fail with 503 until space is freed (said once)");
    }
  } else if (wrote && storage_full_until_.load(std::memory_order_relaxed) != 0) {
    if (storage_full_until_.exchange(0) != 0) spdlog::warn("the database stores writes again");
  }
}

bool Database::StorageFull() const {
  const int64_t until = storage_full_until_.load(std::memory_order_relaxed);
  return until != 0 && std::chrono::steady_clock::now().time_since_epoch().count() < until;
}

bool IsStorageFull(const Status& s) { return StartsWith(s, kStorageFull); }

Status Database::RunOnce(bool write, const std::function<Status(Tx&)>& fn) {
  static metrics::Histogram& waited = metrics::Registry::Global().NewHistogram(
      "gongkai_db_pool_wait_seconds", "Time a transaction waited for a free pooled connection.", {});
  const auto asked = std::chrono::steady_clock::now();
  Connection* c = pool_->Acquire();
  waited.Observe({}, std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count());
  if (!c) return Unavailable("no database connection free within 30 seconds");
  struct Releaser {
    Pool* p;
    Connection* c;
    ~Releaser() { p->Release(c); }
  } releaser{pool_.get(), c};
  Tx tx(c);
  const char* begin = dialect_ == Dialect::kSqlite && write ? "BEGIN IMMEDIATE" : "BEGIN";
  if (auto r = tx.Exec(begin); !r.ok()) {
    // A PostgreSQL server restart leaves pooled connections dead: reconnect once.
    if (dialect_ != Dialect::kPostgres) return r.status();
    try {
      c->session->reconnect();
    } catch (const std::exception& e) {
      Status down = Unavailable(std::string("cannot reconnect to the database: ") + EngineMessage(e.what()));
      NoteReachable(false, down.message());
      return down;
    }
    if (auto again = tx.Exec(begin); !again.ok()) return again.status();
  }
  NoteReachable(true, "");
  Status s;
  try {
    s = fn(tx);
  } catch (const std::exception& e) {
    s = Internal(std::string("unexpected exception in transaction: ") + e.what());
  }
  if (!s.ok()) {
    (void)tx.Exec("ROLLBACK");
    return s;
  }
  if (auto r = tx.Exec("COMMIT"); !r.ok()) {
    (void)tx.Exec("ROLLBACK");
    return r.status();
  }
  return Status::Ok();
}

}  // namespace gk::store
