// The agency calendar kept in the database.
#include "accounts/workdays.h"

#include <gtest/gtest.h>

#include "support/test_db.h"

namespace gk::accounts {
namespace {

class WorkdaysTest : public ::testing::Test {
 protected:
  void SetUp() override { agency_ = testing::SeedDemoAgency(t_.db(), clock_); }

  CalendarYear Year2027() {
    auto y = ParseCalendarForm(2027, "测试用通知", "元旦 2027-01-01 2027-01-03\n春节 2027-02-06 2027-02-12\n",
                               "2027-02-20\n");
    EXPECT_TRUE(y.ok()) << y.status().ToString();
    return *y;
  }

  testing::TestDb t_;
  FakeClock clock_{1764000000};
  SecurityConfig sec_ = testing::TestSecurity();
  Context ctx_{t_.db(), clock_, sec_};
  int64_t agency_ = 0;
};

TEST_F(WorkdaysTest, SeededCalendarAnswersTheStatutoryExample) {
  auto cal = Workdays(ctx_).Calendar(agency_);
  ASSERT_TRUE(cal.ok()) << cal.status().ToString();
  EXPECT_EQ(cal->Years(), (std::vector<int>{2024, 2025, 2026}));
  EXPECT_EQ(cal->AddWorkdays(*Date::Parse("2025-09-26"), 20)->ToString(), "2025-10-30");
}

TEST_F(WorkdaysTest, AddingAYearNeedsPermissionAndIsAudited) {
  Workdays w(ctx_);
  Principal clerk;
  clerk.agency_id = agency_;
  clerk.user_id = 99;
  clerk.roles = {Role::kClerk};
  EXPECT_EQ(w.AddYear(clerk, Year2027()).code(), Code::kPermissionDenied);
  Principal office = clerk;
  office.roles = {Role::kDisclosureOffice};
  ASSERT_TRUE(w.AddYear(office, Year2027()).ok());
  auto cal = w.Calendar(agency_);
  ASSERT_TRUE(cal.ok());
  EXPECT_TRUE(cal->Covers(2027));
  // 2026-12-20 + 20 working days now resolves into 2027 (元旦 1–3 Jan off).
  auto due = cal->AddWorkdays(*Date::Parse("2026-12-20"), 20);
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  EXPECT_EQ(due->ToString(), "2027-01-18");
  EXPECT_EQ(w.AddYear(office, Year2027()).code(), Code::kConflict);
  int64_t n = 0;
  ASSERT_TRUE(t_.db().Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.add_year' "
                                           "AND object_id = '2027'"));
    n = row->Int(0);
    return Status::Ok();
  }).ok());
  EXPECT_EQ(n, 1);
}

TEST_F(WorkdaysTest, ImportMissingIsIdempotent) {
  int added = -1;
  ASSERT_TRUE(t_.db().Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(added, Workdays::ImportMissing(tx, clock_, agency_, testing::ShippedYears(),
                                                    {std::nullopt, "t"}));
    return Status::Ok();
  }).ok());
  EXPECT_EQ(added, 0);
}

}  // namespace
}  // namespace gk::accounts
