// What a statement costs through store::Tx: the engines' own interfaces
// (SQLite's prepared statements kept per connection, PostgreSQL's single
// PQexecParams round trip) against SOCI's prepare-execute-deallocate, which
// Tx used before, in the same run on the same database. A staff page runs a
// few dozen such statements, the portal's pages about ten.
//
//   build/bench/store_bench                      # SQLite (a temporary file)
//   GK_BENCH_PG=postgresql://… build/bench/store_bench   # and PostgreSQL
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "store/db.h"

namespace {

using gk::store::Database;
using gk::store::Row;
using gk::store::Tx;

constexpr int64_t kRows = 10000;

// A table shaped like a list's rows: an id, a key to seek on, a title.
std::unique_ptr<Database> Open(const std::string& url) {
  auto db = Database::Open(url, 1);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
    std::exit(1);
  }
  gk::Status s = (*db)->Transact([](Tx& tx) -> gk::Status {
    RETURN_IF_ERROR(tx.Exec("DROP TABLE IF EXISTS bench_rows").status());
    RETURN_IF_ERROR(tx.Exec("CREATE TABLE bench_rows (id BIGINT PRIMARY KEY, due_on TEXT NOT NULL, "
                            "title TEXT NOT NULL)").status());
    RETURN_IF_ERROR(tx.Exec("CREATE INDEX bench_rows_due ON bench_rows (due_on, id)").status());
    for (int64_t i = 1; i <= kRows; ++i) {
      char due[16];
      std::snprintf(due, sizeof due, "2026-%02d-%02d", static_cast<int>(i % 12 + 1), static_cast<int>(i % 28 + 1));
      RETURN_IF_ERROR(tx.Exec("INSERT INTO bench_rows (id, due_on, title) VALUES (?, ?, ?)",
                              {i, std::string(due), "关于加装电梯实施方案的申请 " + std::to_string(i)})
                          .status());
    }
    return gk::Status::Ok();
  });
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    std::exit(1);
  }
  return std::move(*db);
}

Database& Sqlite() {
  static std::unique_ptr<Database> db = [] {
    std::string path = (std::filesystem::temp_directory_path() / "gk_store_bench.db").string();
    std::filesystem::remove(path);
    return Open("sqlite:" + path);
  }();
  return *db;
}

Database* Postgres() {
  static std::unique_ptr<Database> db = [] {
    const char* url = std::getenv("GK_BENCH_PG");
    return url ? Open(url) : nullptr;
  }();
  return db.get();
}

enum class Path { kDirect, kSoci };

// One row by primary key: what an item or case page does many times.
void ById(benchmark::State& state, Database* db, Path path) {
  if (!db) {
    state.SkipWithError("GK_BENCH_PG not set");
    return;
  }
  int64_t id = 0;
  for (auto _ : state) {
    id = id % kRows + 1;
    gk::Status s = db->Read([&](Tx& tx) -> gk::Status {
      const char* sql = "SELECT id, due_on, title FROM bench_rows WHERE id = ?";
      auto rows = path == Path::kDirect ? tx.Query(sql, {id}) : tx.SociQuery(sql, {id});
      if (!rows.ok()) return rows.status();
      benchmark::DoNotOptimize(rows->size());
      return gk::Status::Ok();
    });
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
}

// One keyset page of 50 rows: what a list page reads.
void Page(benchmark::State& state, Database* db, Path path) {
  if (!db) {
    state.SkipWithError("GK_BENCH_PG not set");
    return;
  }
  for (auto _ : state) {
    gk::Status s = db->Read([&](Tx& tx) -> gk::Status {
      const char* sql =
          "SELECT id, due_on, title FROM bench_rows WHERE (due_on, id) > (?, ?) "
          "ORDER BY due_on, id LIMIT 51";
      std::vector<gk::store::Value> p = {std::string("2026-06-01"), int64_t{100}};
      auto rows = path == Path::kDirect ? tx.Query(sql, p) : tx.SociQuery(sql, p);
      if (!rows.ok()) return rows.status();
      benchmark::DoNotOptimize(rows->size());
      return gk::Status::Ok();
    });
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
}

BENCHMARK_CAPTURE(ById, sqlite_direct, &Sqlite(), Path::kDirect);
BENCHMARK_CAPTURE(ById, sqlite_soci, &Sqlite(), Path::kSoci);
BENCHMARK_CAPTURE(Page, sqlite_direct, &Sqlite(), Path::kDirect);
BENCHMARK_CAPTURE(Page, sqlite_soci, &Sqlite(), Path::kSoci);
BENCHMARK_CAPTURE(ById, postgres_direct, Postgres(), Path::kDirect);
BENCHMARK_CAPTURE(ById, postgres_soci, Postgres(), Path::kSoci);
BENCHMARK_CAPTURE(Page, postgres_direct, Postgres(), Path::kDirect);
BENCHMARK_CAPTURE(Page, postgres_soci, Postgres(), Path::kSoci);

}  // namespace
