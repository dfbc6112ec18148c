#include "support/test_db.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "base/calendar.h"
#include "base/calendar_files.h"
#include "base/crypto.h"
#include "base/strings.h"
#include "disclosure/demo.h"
#include "store/migrate.h"

namespace gk::testing {
namespace {

std::string Env(const char* name, const char* fallback = "") {
  const char* v = std::getenv(name);
  return v ? v : fallback;
}

std::string PgUrl(const std::string& dbname) {
  return "postgresql://postgres@/" + dbname + "?host=" + Env("GK_TEST_PG_HOST", "/tmp") +
         "&port=" + Env("GK_TEST_PG_PORT", "5432");
}

// Runs `sql` on the server's postgres database; false (and a message on
// stderr) if it cannot.
bool TryPgAdmin(const std::string& sql) {
  PGconn* c = PQconnectdb(PgUrl("postgres").c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::fprintf(stderr, "cannot reach the test PostgreSQL server: %s\n", PQerrorMessage(c));
    PQfinish(c);
    return false;
  }
  PGresult* r = PQexec(c, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok) std::fprintf(stderr, "%s failed: %s\n", sql.c_str(), PQerrorMessage(c));
  PQclear(r);
  PQfinish(c);
  return ok;
}

void PgAdmin(const std::string& sql) {
  if (!TryPgAdmin(sql)) std::abort();
}

}  // namespace

std::string UniqueSuffix() {
  static std::atomic<int> n{0};
  return std::to_string(getpid()) + "_" + std::to_string(++n) + "_" + Blake2bHex(RandomToken(8)).substr(0, 8);
}

namespace {

// Migrating from nothing is most of a small test's time, so each test
// process migrates one template once and every test starts from a copy of it
// (PostgreSQL: CREATE DATABASE ... TEMPLATE; SQLite: a copy of the file). The
// copy is the database Migrate makes; the migration tests migrate their own.
std::unique_ptr<store::Database> OpenMigrated(const std::string& url) {
  auto db = store::Database::Open(url, 4);
  if (!db.ok()) {
    std::fprintf(stderr, "cannot open test database %s: %s\n", url.c_str(), db.status().ToString().c_str());
    std::abort();
  }
  auto applied = store::Migrate(**db);
  if (!applied.ok()) {
    std::fprintf(stderr, "migration failed: %s\n", applied.status().ToString().c_str());
    std::abort();
  }
  return std::move(*db);
}

std::string TemplatePath(const std::string& dir) { return dir + "/template.db"; }

const std::string& PgTemplate() {
  static const std::string name = [] {
    std::string n = "gk_tmpl_" + UniqueSuffix();
    PgAdmin("CREATE DATABASE " + n);
    OpenMigrated(PgUrl(n)).reset();  // closes every connection: a template must have none
    static std::string dropped = n;
    std::atexit([] { TryPgAdmin("DROP DATABASE IF EXISTS " + dropped + " WITH (FORCE)"); });
    return n;
  }();
  return name;
}

const std::string& SqliteTemplate() {
  static const std::string file = [] {
    static std::string dir = (std::filesystem::temp_directory_path() / ("gk_tmpl_" + UniqueSuffix())).string();
    std::filesystem::create_directories(dir);
    OpenMigrated("sqlite:" + TemplatePath(dir)).reset();  // the last close checkpoints the WAL into the file
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    });
    return TemplatePath(dir);
  }();
  return file;
}

}  // namespace

TestDb::TestDb() {
  if (Env("GK_TEST_DB", "sqlite") == "postgres") {
    pg_name_ = "gk_test_" + UniqueSuffix();
    PgAdmin("CREATE DATABASE " + pg_name_ + " TEMPLATE " + PgTemplate());
    url_ = PgUrl(pg_name_);
  } else {
    const std::string& tmpl = SqliteTemplate();
    dir_ = (std::filesystem::temp_directory_path() / ("gk_test_" + UniqueSuffix())).string();
    std::filesystem::create_directories(dir_);
    std::filesystem::copy_file(tmpl, dir_ + "/test.db");
    url_ = "sqlite:" + dir_ + "/test.db";
  }
  // Migrate finds nothing to do on the copy; it stays as the check that the
  // copy is a current database.
  db_ = OpenMigrated(url_);
}


TestDb::~TestDb() {
  db_.reset();
  if (!pg_name_.empty()) PgAdmin("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

int64_t QueryInt(store::Database& db, const std::string& sql, const std::vector<store::Value>& params) {
  int64_t n = -1;
  Status s = db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, params));
    if (!row) return NotFound("no row for " + sql);
    n = row->Int(0);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return n;
}

void SetAgencySetting(store::Database& db, const std::string& key, const std::string& value) {
  Status s = db.Transact([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.Exec("DELETE FROM agency_settings WHERE key = ?", {key}).status());
    return tx.Exec("INSERT INTO agency_settings (agency_id, key, value) SELECT id, ?, ? FROM agencies", {key, value})
        .status();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
}

SecurityConfig TestSecurity() {
  SecurityConfig s;
  s.password_cost = PasswordCost::kTest;
  s.data_key = DataKey::Random().ToBase64();
  return s;
}

std::vector<CalendarYear> ShippedYears() {
  auto cal = LoadCalendarDirectory(std::string(GK_SOURCE_DIR) + "/data/calendar");
  if (!cal.ok()) {
    std::fprintf(stderr, "%s\n", cal.status().ToString().c_str());
    std::abort();
  }
  std::vector<CalendarYear> out;
  for (int y : cal->Years()) out.push_back(*cal->FindYear(y));
  return out;
}

int64_t SeedDemoDistrict(store::Database& db, const Clock& clock) {
  SecurityConfig sec = TestSecurity();
  auto summary = accounts::SeedDemoDistrict({db, clock, sec}, ShippedYears());
  auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
  if (!summary.ok() || !summary->created || !ref.ok() || !disclosure::ImportCatalogs(db, *ref).ok()) {
    std::fprintf(stderr, "seeding the demo district failed\n");
    std::abort();
  }
  return QueryInt(db, "SELECT id FROM agencies WHERE code = ?", {std::string(accounts::kDemoDistrictCode)});
}

int64_t SeedDemoAgency(store::Database& db, const Clock& clock) {
  SecurityConfig sec = TestSecurity();
  auto summary = accounts::SeedDemo({db, clock, sec}, ShippedYears());
  if (!summary.ok()) {
    std::fprintf(stderr, "seed failed: %s\n", summary.status().ToString().c_str());
    std::abort();
  }
  auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
  if (!ref.ok() || !disclosure::ImportCatalogs(db, *ref).ok() ||
      !disclosure::SeedDemoItem({db, clock, sec}, *ref).ok()) {
    std::fprintf(stderr, "seeding the catalog or the demo item failed\n");
    std::abort();
  }
  int64_t id = 0;
  (void)db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id FROM agencies WHERE code = ?",
                                           {std::string(accounts::kDemoAgencyCode)}));
    id = row ? row->Int(0) : 0;
    return Status::Ok();
  });
  return id;
}

}  // namespace gk::testing
