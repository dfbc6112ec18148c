// The audit chain: appended in the same transaction, verified end to end, and
// every kind of tampering found at the right link.
#include "audit/audit.h"

#include <gtest/gtest.h>

#include <thread>

#include "support/test_db.h"

namespace gk::audit {
namespace {

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override { agency_ = testing::SeedDemoAgency(t_.db(), clock_); }

  Status AppendN(int n) {
    for (int i = 0; i < n; ++i) {
      RETURN_IF_ERROR(t_.db().Transact([&](store::Tx& tx) {
        return Append(tx, clock_, {agency_, {std::nullopt, "test"}, "test.action", "thing", std::to_string(i),
                                   "before " + std::to_string(i), "after " + std::to_string(i), "note"});
      }));
    }
    return Status::Ok();
  }

  // Simulates an attacker with write access to the database file or server.
  void Tamper(const std::string& sql) {
    Status s = t_.db().Transact([&](store::Tx& tx) -> Status {
      if (tx.dialect() == store::Dialect::kSqlite) {
        RETURN_IF_ERROR(tx.Exec("DROP TRIGGER IF EXISTS audit_log_no_update").status());
        RETURN_IF_ERROR(tx.Exec("DROP TRIGGER IF EXISTS audit_log_no_delete").status());
      } else {
        RETURN_IF_ERROR(tx.Exec("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log").status());
      }
      return tx.Exec(sql).status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  int64_t HeadSeq() {
    int64_t seq = 0;
    EXPECT_TRUE(t_.db().Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT seq FROM audit_head WHERE agency_id = ?", {agency_}));
      seq = row->Int(0);
      return Status::Ok();
    }).ok());
    return seq;
  }

  testing::TestDb t_;
  FakeClock clock_{1764000000};
  int64_t agency_ = 0;
};

TEST_F(AuditTest, IntactChainVerifies) {
  ASSERT_TRUE(AppendN(10).ok());
  auto r = Verify(t_.db());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->first_break;
  EXPECT_EQ(r->entries_checked, HeadSeq());
  EXPECT_GE(r->entries_checked, 10);
}

TEST_F(AuditTest, AppendOnlyTriggersRefuseEdits) {
  ASSERT_TRUE(AppendN(1).ok());
  Status upd = t_.db().Transact([](store::Tx& tx) { return tx.Exec("UPDATE audit_log SET detail = 'x'").status(); });
  EXPECT_FALSE(upd.ok());
  Status del = t_.db().Transact([](store::Tx& tx) { return tx.Exec("DELETE FROM audit_log").status(); });
  EXPECT_FALSE(del.ok());
}

TEST_F(AuditTest, EditedRowIsTheFirstBreak) {
  ASSERT_TRUE(AppendN(6).ok());
  int64_t target = HeadSeq() - 3;
  Tamper("UPDATE audit_log SET detail = 'rewritten' WHERE seq = " + std::to_string(target));
  auto r = Verify(t_.db());
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_NE(r->first_break.find("seq " + std::to_string(target) + " "), std::string::npos) << r->first_break;
  EXPECT_NE(r->first_break.find("stored hash does not match"), std::string::npos) << r->first_break;
}

TEST_F(AuditTest, EditedDigestIsFound) {
  ASSERT_TRUE(AppendN(3).ok());
  int64_t target = HeadSeq() - 1;
  Tamper("UPDATE audit_log SET after_digest = 'ffff' WHERE seq = " + std::to_string(target));
  auto r = Verify(t_.db());
  ASSERT_FALSE(r->ok());
  EXPECT_NE(r->first_break.find("seq " + std::to_string(target) + " "), std::string::npos) << r->first_break;
}

TEST_F(AuditTest, DeletedMiddleRowIsFound) {
  ASSERT_TRUE(AppendN(5).ok());
  int64_t target = HeadSeq() - 2;
  Tamper("DELETE FROM audit_log WHERE seq = " + std::to_string(target));
  auto r = Verify(t_.db());
  ASSERT_FALSE(r->ok());
  EXPECT_NE(r->first_break.find("entry seq " + std::to_string(target) + " is missing"), std::string::npos)
      << r->first_break;
}

TEST_F(AuditTest, DeletedTailIsFound) {
  ASSERT_TRUE(AppendN(3).ok());
  Tamper("DELETE FROM audit_log WHERE seq = " + std::to_string(HeadSeq()));
  auto r = Verify(t_.db());
  ASSERT_FALSE(r->ok());
  EXPECT_NE(r->first_break.find("entries were removed from the end"), std::string::npos) << r->first_break;
}

TEST_F(AuditTest, RecomputedRowStillBreaksTheNextLink) {
  // An attacker who rewrites a row and its own hash still breaks the link to the next row.
  ASSERT_TRUE(AppendN(4).ok());
  int64_t target = HeadSeq() - 2;
  Tamper("UPDATE audit_log SET hash = '" + std::string(64, 'a') + "' WHERE seq = " + std::to_string(target));
  auto r = Verify(t_.db());
  ASSERT_FALSE(r->ok());
  EXPECT_NE(r->first_break.find("seq " + std::to_string(target) + " "), std::string::npos) << r->first_break;
}

TEST_F(AuditTest, RolledBackChangeLeavesNoEntry) {
  int64_t before = HeadSeq();
  Status s = t_.db().Transact([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(Append(tx, clock_, {agency_, {std::nullopt, "t"}, "x", "y", "1", "", "", ""}));
    return FailedPrecondition("the change itself failed");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(HeadSeq(), before);
  EXPECT_TRUE(Verify(t_.db())->ok());
}

TEST_F(AuditTest, ConcurrentAppendersKeepOneChain) {
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) threads.emplace_back([&] { EXPECT_TRUE(AppendN(10).ok()); });
  for (auto& th : threads) th.join();
  auto r = Verify(t_.db());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->first_break;
  EXPECT_EQ(r->entries_checked, HeadSeq());
}

TEST_F(AuditTest, RecentListsNewestFirst) {
  ASSERT_TRUE(AppendN(3).ok());
  Status s = t_.db().Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto page, Recent(tx, agency_, PageSpec{std::nullopt, 2}));
    const auto& records = page.rows;
    EXPECT_EQ(records.size(), 2u);
    EXPECT_GT(records[0].seq, records[1].seq);
    EXPECT_EQ(records[0].action, "test.action");
    EXPECT_EQ(records[0].at, "2025-11-24T16:00:00Z");
    EXPECT_TRUE(page.next.has_value());
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
}

// Page after page, the whole log comes out once, newest first, and the last
// page says there is no more.
TEST_F(AuditTest, RecentPagesWalkTheWholeLogOnce) {
  ASSERT_TRUE(AppendN(11).ok());
  std::vector<int64_t> seen;
  PageSpec spec{std::nullopt, 4};
  int pages = 0;
  for (;; ++pages) {
    ASSERT_LT(pages, 10);
    PageOf<Record> page;
    Status s = t_.db().Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(page, Recent(tx, agency_, spec));
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    for (const auto& r : page.rows) seen.push_back(r.seq);
    if (!page.next) break;
    spec.after = page.next;
  }
  EXPECT_EQ(pages, (HeadSeq() + 3) / 4 - 1);  // every page but the last says more follow
  ASSERT_EQ(static_cast<int64_t>(seen.size()), HeadSeq());
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], HeadSeq() - static_cast<int64_t>(i));
}

}  // namespace
}  // namespace gk::audit
