// A fresh, empty, migrated database per test: a temporary SQLite file, or —
// when GK_TEST_DB=postgres — a new database on the PostgreSQL server named by
// GK_TEST_PG_HOST / GK_TEST_PG_PORT (user postgres), dropped afterwards.
#pragma once

#include <memory>
#include <string>

#include "accounts/context.h"
#include "accounts/demo.h"
#include "base/clock.h"
#include "base/config.h"
#include "store/db.h"

namespace gk::testing {

class TestDb {
 public:
  // A fresh, migrated database: a temporary SQLite file, or - when
  // GK_TEST_DB=postgres - a new database on the server named by
  // GK_TEST_PG_HOST / GK_TEST_PG_PORT (user postgres), dropped afterwards.
  // Aborts the test run on failure.
  TestDb();
  ~TestDb();

  store::Database& db() { return *db_; }
  const std::string& url() const { return url_; }
  bool is_postgres() const { return db_->dialect() == store::Dialect::kPostgres; }

 private:
  std::string url_;
  std::string pg_name_;
  std::string dir_;
  std::unique_ptr<store::Database> db_;
};

// Security settings for tests: cheap Argon2id parameters.
SecurityConfig TestSecurity();

// The shipped calendar years (data/calendar).
std::vector<CalendarYear> ShippedYears();

// Seeds the demo agency into `db`; returns its id.
int64_t SeedDemoAgency(store::Database& db, const Clock& clock);
// Seeds the demo district (accounts::SeedDemoDistrict: jingan above
// jingansi, nanjingxilu and fgw, each with the demo users) and their
// catalogs into `db`; returns the district's id.
int64_t SeedDemoDistrict(store::Database& db, const Clock& clock);

// The first column of the first row of `sql` as an integer (a COUNT(*),
// an id); fails the test and returns -1 if the query fails or has no row.
int64_t QueryInt(store::Database& db, const std::string& sql, const std::vector<store::Value>& params = {});

// Sets agency setting `key` of every agency of `db` to `value` (fails the
// test on error).
void SetAgencySetting(store::Database& db, const std::string& key, const std::string& value);

// The client address service tests submit from (a documentation address,
// RFC 5737); per-address limits count it.
inline constexpr char kVisitor[] = "203.0.113.7";

// A unique-enough suffix for names in one test run.
std::string UniqueSuffix();

}  // namespace gk::testing
