// The storage layer on the engine GK_TEST_DB names (SQLite or PostgreSQL).
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <thread>

#include "store/db.h"
#include "support/test_db.h"

namespace gk::store {
namespace {

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(t_.db().Transact([](Tx& tx) {
      return tx.Exec("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT UNIQUE, score BIGINT, note TEXT)").status();
    }).ok());
  }
  testing::TestDb t_;
};

TEST(PlaceholderTest, NumbersQuestionMarksOutsideLiterals) {
  EXPECT_EQ(NumberPlaceholders("SELECT ? , '?' , \"a?\" , ?"), "SELECT :p1 , '?' , \"a?\" , :p2");
}

TEST_F(DbTest, RoundTripsValuesAndNulls) {
  ASSERT_TRUE(t_.db().Transact([](Tx& tx) {
    return tx.Exec("INSERT INTO t (id, name, score, note) VALUES (?, ?, ?, ?)",
                   {int64_t{1}, std::string("公开 'quoted'"), int64_t{9007199254740993}, nullptr}).status();
  }).ok());
  Status s = t_.db().Read([](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id, name, score, note FROM t WHERE name = ?",
                                           {std::string("公开 'quoted'")}));
    EXPECT_TRUE(row.has_value());
    EXPECT_EQ(row->Int(0), 1);
    EXPECT_EQ(row->Str(1), "公开 'quoted'");
    EXPECT_EQ(row->Int(2), 9007199254740993);
    EXPECT_TRUE(row->IsNull(3));
    EXPECT_FALSE(row->OptStr(3).has_value());
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST_F(DbTest, ReadsColumnsByName) {
  ASSERT_TRUE(t_.db().Transact([](Tx& tx) {
    return tx.Exec("INSERT INTO t (id, name, score, note) VALUES (?, ?, ?, ?)",
                   {int64_t{7}, std::string("甲"), int64_t{42}, nullptr}).status();
  }).ok());
  Status s = t_.db().Read([](Tx& tx) -> Status {
    // A table prefix is not part of the name, an alias is, and upper case
    // reads as lower case on both engines.
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT x.id, x.NAME, x.score AS points, x.note, "
                                           "COUNT(*) OVER () AS total FROM t x WHERE x.id = ?",
                                           {int64_t{7}}));
    EXPECT_TRUE(row.has_value());
    EXPECT_EQ(row->Int("id"), 7);
    EXPECT_EQ(row->Str("id"), "7");
    EXPECT_EQ(row->Str("name"), "甲");
    EXPECT_EQ(row->Int("points"), 42);
    EXPECT_EQ(row->OptInt("points"), std::optional<int64_t>(42));
    EXPECT_EQ(row->Int("total"), 1);
    EXPECT_TRUE(row->IsNull("note"));
    EXPECT_FALSE(row->IsNull("name"));
    EXPECT_FALSE(row->OptStr("note").has_value());
    EXPECT_EQ(row->OptStr("name"), std::optional<std::string>("甲"));
    EXPECT_TRUE(row->Has("points"));
    EXPECT_FALSE(row->Has("score"));
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST_F(DbTest, UnknownOrAmbiguousColumnNameAborts) {
  ASSERT_TRUE(t_.db().Transact([](Tx& tx) {
    return tx.Exec("INSERT INTO t (id, name) VALUES (1, 'a')").status();
  }).ok());
  std::optional<Row> row;
  ASSERT_TRUE(t_.db().Read([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT a.id, b.id, a.name FROM t a JOIN t b ON b.id = a.id"));
    return Status::Ok();
  }).ok());
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Str("name"), "a");
  EXPECT_DEATH(row->Str("title"), "no column \"title\"");
  EXPECT_DEATH(row->Int("id"), "ambiguous column \"id\"");
}

TEST_F(DbTest, FailedTransactionChangesNothing) {
  Status s = t_.db().Transact([](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO t (id, name) VALUES (1, 'a')").status());
    return InvalidArgument("stop");
  });
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  int64_t n = -1;
  ASSERT_TRUE(t_.db().Read([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM t"));
    n = row->Int(0);
    return Status::Ok();
  }).ok());
  EXPECT_EQ(n, 0);
}

TEST_F(DbTest, UniqueViolationIsConflict) {
  ASSERT_TRUE(t_.db().Transact([](Tx& tx) { return tx.Exec("INSERT INTO t (id, name) VALUES (1, 'a')").status(); }).ok());
  Status s = t_.db().Transact([](Tx& tx) { return tx.Exec("INSERT INTO t (id, name) VALUES (2, 'a')").status(); });
  EXPECT_EQ(s.code(), Code::kConflict) << s.ToString();
  Status bad = t_.db().Transact([](Tx& tx) { return tx.Exec("SELEC nonsense").status(); });
  EXPECT_EQ(bad.code(), Code::kInternal);
}

TEST_F(DbTest, ExecReportsChangedRows) {
  ASSERT_TRUE(t_.db().Transact([](Tx& tx) -> Status {
    for (int i = 1; i <= 3; ++i) RETURN_IF_ERROR(tx.Exec("INSERT INTO t (id, score) VALUES (?, 0)", {int64_t{i}}).status());
    auto n = tx.Exec("UPDATE t SET score = score + 1 WHERE id >= ?", {int64_t{2}});
    EXPECT_TRUE(n.ok());
    EXPECT_EQ(*n, 2);
    return Status::Ok();
  }).ok());
}

// Concurrent read-modify-write transactions must serialise: no lost updates.
TEST_F(DbTest, ConcurrentWritersDoNotLoseUpdates) {
  ASSERT_TRUE(t_.db().Transact([](Tx& tx) { return tx.Exec("INSERT INTO t (id, score) VALUES (1, 0)").status(); }).ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        Status s = t_.db().Transact([](Tx& tx) -> Status {
          std::string lock = tx.dialect() == Dialect::kPostgres ? " FOR UPDATE" : "";
          ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT score FROM t WHERE id = 1" + lock));
          return tx.Exec("UPDATE t SET score = ? WHERE id = 1", {row->Int(0) + 1}).status();
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  int64_t score = 0;
  ASSERT_TRUE(t_.db().Read([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT score FROM t WHERE id = 1"));
    score = row->Int(0);
    return Status::Ok();
  }).ok());
  EXPECT_EQ(score, 100);
}

// 32 writers on three handles (as three processes would be: each its own
// pool and its own lock waits) never see a busy database: the write lock is
// queued for (BEGIN IMMEDIATE with a busy timeout), and a transaction that
// still loses runs again.
TEST_F(DbTest, ThirtyTwoWritersNeverFail) {
  ASSERT_TRUE(t_.db().Transact([](Tx& tx) { return tx.Exec("INSERT INTO t (id, score) VALUES (1, 0)").status(); }).ok());
  auto second = Database::Open(t_.url(), 14);
  auto third = Database::Open(t_.url(), 14);
  ASSERT_TRUE(second.ok() && third.ok());
  Database* handles[] = {&t_.db(), second->get(), third->get()};
  std::atomic<int> failures{0};
  std::atomic<int64_t> next_id{100};
  std::vector<std::thread> threads;
  for (int w = 0; w < 32; ++w) {
    threads.emplace_back([&, w] {
      Database& db = *handles[w % 3];
      for (int i = 0; i < 10; ++i) {
        const int64_t id = next_id++;
        Status s = db.Transact([&](Tx& tx) -> Status {
          std::string lock = tx.dialect() == Dialect::kPostgres ? " FOR UPDATE" : "";
          ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT score FROM t WHERE id = 1" + lock));
          RETURN_IF_ERROR(tx.Exec("INSERT INTO t (id, score) VALUES (?, 0)", {id}).status());
          return tx.Exec("UPDATE t SET score = ? WHERE id = 1", {row->Int(0) + 1}).status();
        });
        if (!s.ok()) {
          ++failures;
          ADD_FAILURE() << s.ToString();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT score FROM t WHERE id = 1"), 320);
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT COUNT(*) FROM t"), 321);
}

// A full disk, as SQLite sees it (max_page_count reached: SQLITE_FULL): the
// write is Unavailable and marked as storage-full, nothing of it is stored,
// the database says it is full, and the first write that fits again clears
// that.
TEST_F(DbTest, AFullDatabaseRefusesWritesAndRecovers) {
  if (t_.is_postgres()) GTEST_SKIP() << "SQLite's page limit stands for a full disk; PostgreSQL's 53100 maps the same";
  auto db = Database::Open(t_.url(), 1);  // one connection: the page limit is per connection
  ASSERT_TRUE(db.ok());
  Database& one = **db;
  ASSERT_TRUE(one.Read([](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto pages, tx.QueryOne("PRAGMA page_count"));
    return tx.Query("PRAGMA max_page_count = " + std::to_string(pages->Int(0) + 1)).status();
  }).ok());
  const std::string big(64 * 1024, 'x');
  Status s = one.Transact([&](Tx& tx) {
    return tx.Exec("INSERT INTO t (id, name, note) VALUES (?, ?, ?)", {int64_t{7}, "full", big}).status();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kUnavailable) << s.ToString();
  EXPECT_TRUE(IsStorageFull(s)) << s.ToString();
  EXPECT_TRUE(one.StorageFull());
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT COUNT(*) FROM t WHERE id = 7"), 0);

  ASSERT_TRUE(one.Read([](Tx& tx) { return tx.Query("PRAGMA max_page_count = 1000000").status(); }).ok());
  ASSERT_TRUE(one.Transact([&](Tx& tx) {
    return tx.Exec("INSERT INTO t (id, name, note) VALUES (?, ?, ?)", {int64_t{7}, "room", big}).status();
  }).ok());
  EXPECT_FALSE(one.StorageFull());
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT COUNT(*) FROM t WHERE id = 7"), 1);
}

TEST(DbOpenTest, RejectsUnknownSchemes) {
  auto db = Database::Open("mysql://x", 1);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Database::Open("sqlite:", 1).status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace gk::store
