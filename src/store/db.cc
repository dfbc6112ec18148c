#include "store/db.h"

#include <libpq-fe.h>
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

namespace gk::store {

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

std::string NumberPlaceholders(std::string_view sql) {
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
      out += ":p" + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

std::string SqlitePath(const std::string& url) {
  return url.rfind("sqlite:", 0) == 0 ? url.substr(7) : "";
}

namespace {

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
      if (state == "40001" || state == "40P01" || state.rfind("08", 0) == 0 || state == "57P01") {
        return Unavailable("database temporarily unavailable: " + msg);
      }
    }
  } else if (auto se = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    int rc = se->result() & 0xff;
    if (rc == SQLITE_CONSTRAINT) {
      if (msg.find("UNIQUE") != std::string::npos) return Conflict("duplicate value: " + msg);
      return FailedPrecondition("constraint violated: " + msg);
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return Unavailable("database is busy: " + msg);
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

class Connection {
 public:
  Connection(Dialect d, std::unique_ptr<soci::session> s) : dialect(d), session(std::move(s)) {}
  Dialect dialect;
  std::unique_ptr<soci::session> session;
};

Dialect Tx::dialect() const { return c_->dialect; }

Result<int64_t> Tx::Exec(std::string_view sql, const std::vector<Value>& params) {
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

Result<std::vector<Row>> Tx::Query(std::string_view sql, const std::vector<Value>& params) {
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
  auto* be = static_cast<soci::postgresql_session_backend*>(c_->session->get_backend());
  PGresult* res = PQexec(be->conn_, script.c_str());
  ExecStatusType st = PQresultStatus(res);
  std::string msg = PQresultErrorMessage(res);
  PQclear(res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Internal("script failed: " + msg);
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
    : dialect_(d), url_(std::move(url)), pool_(std::move(pool)) {}

Database::~Database() = default;

Status Database::Transact(const std::function<Status(Tx&)>& fn) { return Run(true, fn); }
Status Database::Read(const std::function<Status(Tx&)>& fn) { return Run(false, fn); }

Status Database::Run(bool write, const std::function<Status(Tx&)>& fn) {
  Connection* c = pool_->Acquire();
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
      return Unavailable(std::string("cannot reconnect to the database: ") + e.what());
    }
    if (auto again = tx.Exec(begin); !again.ok()) return again.status();
  }
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
