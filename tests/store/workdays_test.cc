// The agency calendar kept in the database.
#include "accounts/workdays.h"

#include <gtest/gtest.h>

#include "base/calendar_files.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::accounts {
namespace {

class WorkdaysTest : public testing::StoreTest {
 protected:
  WorkdaysTest() : StoreTest(1764000000, testing::WithDataKey::kNo) {}
  CalendarYear Year2027() {
    auto y = ParseCalendarForm(2027, "测试用通知", "元旦 2027-01-01 2027-01-03\n春节 2027-02-06 2027-02-12\n",
                               "2027-02-20\n");
    EXPECT_TRUE(y.ok()) << y.status().ToString();
    return *y;
  }
};

TEST_F(WorkdaysTest, SeededCalendarAnswersTheStatutoryExample) {
  auto cal = Workdays(ctx_).Calendar(agency_);
  ASSERT_TRUE(cal.ok()) << cal.status().ToString();
  EXPECT_EQ(cal->Years(), (std::vector<int>{2024, 2025, 2026, 2027}));
  EXPECT_EQ(cal->AddWorkdays(*Date::Parse("2025-09-26"), 20)->ToString(), "2025-10-30");
  EXPECT_FALSE(cal->IsProvisional(2026));
  EXPECT_EQ(cal->ProvisionalYear(), 2027) << "the year after the latest notice, from the law";
  auto notices = t_.db().Read<WorkdayCalendar>([&](store::Tx& tx) { return Workdays::LoadNotices(tx, agency_); });
  ASSERT_TRUE(notices.ok());
  EXPECT_EQ(notices->Years(), (std::vector<int>{2024, 2025, 2026}));
  EXPECT_EQ(notices->ProvisionalYear(), std::nullopt);
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
  auto before = w.Calendar(agency_);
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->IsProvisional(2027));
  EXPECT_EQ(before->AddWorkdays(*Date::Parse("2027-02-04"), 1)->ToString(), "2027-02-09")
      << "provisionally 春节 is 除夕 to 初三, 5–8 February 2027";
  ASSERT_TRUE(w.AddYear(office, Year2027()).ok());
  auto cal = w.Calendar(agency_);
  ASSERT_TRUE(cal.ok());
  EXPECT_TRUE(cal->Covers(2027));
  EXPECT_FALSE(cal->IsProvisional(2027));
  EXPECT_EQ(cal->ProvisionalYear(), 2028);
  // 2026-12-20 + 20 working days resolves into 2027 (元旦 1–3 Jan off).
  auto due = cal->AddWorkdays(*Date::Parse("2026-12-20"), 20);
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  EXPECT_EQ(due->ToString(), "2027-01-18");
  // The loaded notice decides: 春节 from 6 February in the test notice.
  EXPECT_EQ(cal->AddWorkdays(*Date::Parse("2027-02-04"), 1)->ToString(), "2027-02-05");
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
