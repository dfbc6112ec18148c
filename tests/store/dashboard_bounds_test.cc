// The supervision figures by date bounds, on both engines: "due within 3
// working days" and "unpublished past 20 working days" become dates from the
// agency's calendar and are compared in SQL; the lists are cut at
// kSupervisionListLimit while their totals count every case.
#include "oversight/dashboard.h"

#include <gtest/gtest.h>

#include "accounts/workdays.h"
#include "oversight/district.h"
#include "requests/import.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::oversight {
namespace {

constexpr UnixSeconds kMonday20260601 = 1780286400;  // 12:00 in Shanghai

class DashboardBoundsTest : public testing::StoreTest {
 protected:
  DashboardBoundsTest() : StoreTest(kMonday20260601) {}

  // `n` open applications received 2026-05-01, unassigned; refs P-0 …
  void Import(int n) {
    std::string jsonl;
    for (int i = 0; i < n; ++i) {
      jsonl += "{\"ref\": \"P-" + std::to_string(i) +
               "\", \"applicant\": {\"type\": \"natural\", \"name\": \"申请人\"}, \"channel\": \"online\", "
               "\"received\": \"2026-05-01\", \"request\": \"某项信息\", \"outcome\": null, \"closed\": null}\n";
    }
    auto imported = requests::ImportApplications(ctx_, User("office"), jsonl);
    ASSERT_TRUE(imported.ok()) << imported.status().message();
  }
  void SetDue(const std::string& ref, const std::string& due) {
    ASSERT_TRUE(t_.db().Transact([&](store::Tx& tx) {
      return tx.Exec("UPDATE applications SET due_on = ? WHERE ref = ?", {due, ref}).status();
    }).ok());
  }
};

TEST_F(DashboardBoundsTest, DueWithinThreeWorkingDaysAcrossAWeekend) {
  Import(6);
  // Today is Monday 2026-06-01: Thursday 06-04 is 3 working days away,
  // Friday 06-05 four; 05-29 has passed.
  SetDue("P-0", "2026-06-05");
  SetDue("P-1", "2026-06-04");
  SetDue("P-2", "2026-06-01");
  SetDue("P-3", "2026-05-29");
  SetDue("P-4", "2026-09-01");
  // P-5 has no due date: open, never due.
  ASSERT_TRUE(t_.db().Transact([&](store::Tx& tx) {
    return tx.Exec("UPDATE applications SET due_on = NULL WHERE ref = 'P-5'").status();
  }).ok());
  auto s = BuildSupervision(ctx_, User("supervisor"), {2026, 5, 1}, {2026, 6, 30});
  ASSERT_TRUE(s.ok()) << s.status().message();
  std::string listed;
  for (const auto& a : s->applications) listed += a.ref + " " + a.due_on + "; ";
  ASSERT_EQ(s->applications.size(), 3u) << listed;
  EXPECT_EQ(s->applications[0].ref, "P-3");
  EXPECT_LT(s->applications[0].working_days_left, 0);
  EXPECT_EQ(s->applications[1].ref, "P-2");
  EXPECT_EQ(s->applications[1].working_days_left, 0);
  EXPECT_EQ(s->applications[2].ref, "P-1");
  EXPECT_EQ(s->applications[2].working_days_left, 3);
  EXPECT_EQ(s->applications_due_total, 3);
  const DepartmentFigures& total = s->departments.back();
  EXPECT_EQ(total.applications_open, 6);
  EXPECT_EQ(total.applications_due_soon, 2);
  EXPECT_EQ(total.applications_overdue, 1);
  EXPECT_EQ(total.applications_received, 6);
}

TEST_F(DashboardBoundsTest, ListsAreCutAndTheirTotalsCountEveryCase) {
  const int n = static_cast<int>(kSupervisionListLimit) + 7;
  Import(n);
  for (int i = 0; i < n; ++i) SetDue("P-" + std::to_string(i), i % 2 ? "2026-05-20" : "2026-05-21");
  auto s = BuildSupervision(ctx_, User("supervisor"), {2026, 5, 1}, {2026, 6, 30});
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->applications.size(), kSupervisionListLimit);
  EXPECT_EQ(s->applications_due_total, n);
  EXPECT_EQ(s->departments.back().applications_overdue, n);
  EXPECT_EQ(s->applications.front().due_on, "2026-05-20") << "the longest overdue first";
  for (size_t i = 1; i < s->applications.size(); ++i) {
    EXPECT_LE(s->applications[i - 1].due_on, s->applications[i].due_on);
  }
  // The district's comparison reads the same figures without the lists.
  auto figures = t_.db().Read<Supervision>([&](store::Tx& tx) {
    return SupervisionFigures(tx, User("supervisor"), {2026, 6, 1}, {2026, 5, 1}, {2026, 6, 30});
  });
  ASSERT_TRUE(figures.ok()) << figures.status().message();
  EXPECT_TRUE(figures->applications.empty());
  EXPECT_EQ(figures->applications_due_total, n);
  EXPECT_EQ(figures->departments.back().applications_overdue, n);
  EXPECT_EQ(t_.db().Read<Supervision>([&](store::Tx& tx) {
              return SupervisionFigures(tx, User("clerk"), {2026, 6, 1}, {2026, 5, 1}, {2026, 6, 30});
            }).status().code(),
            Code::kPermissionDenied);
}

// The formation dates found late by LateFormations are exactly those that
// the 20-working-day rule finds late, day by day over three years (and the
// years the calendar does not cover are never late).
TEST_F(DashboardBoundsTest, LateFormationsAgreeWithTheRuleDayByDay) {
  auto cal = t_.db().Read<WorkdayCalendar>([&](store::Tx& tx) { return accounts::Workdays::Load(tx, agency_); });
  ASSERT_TRUE(cal.ok()) << cal.status().message();
  for (Date today : {Date{2026, 6, 1}, Date{2026, 1, 5}, Date{2026, 10, 9}}) {
    auto range = LateFormations(*cal, today);
    ASSERT_TRUE(range.has_value()) << today.ToString();
    int late = 0;
    for (Date f = today.AddDays(-3 * 366); f <= today; f = f.AddDays(1)) {
      auto days = ProactiveWorkdays(*cal, f.ToString(), today);
      const bool want = days.ok() && ProactiveLate(*days);
      const bool got = f.ToString() >= range->first && f.ToString() <= range->last;
      EXPECT_EQ(got, want) << today.ToString() << " formed " << f.ToString();
      late += want;
    }
    EXPECT_GT(late, 100) << today.ToString();
  }
}

// A publication no more than 20 calendar days after formation is on time
// whatever the calendar, even in a year it does not cover; after that the
// working days decide, and are unknown without the calendar. A formation
// counted as '' (the counters' form of the first case) is on time.
TEST_F(DashboardBoundsTest, OnTimeWithinTwentyDaysWithoutTheCalendar) {
  auto cal = t_.db().Read<WorkdayCalendar>([&](store::Tx& tx) { return accounts::Workdays::Load(tx, agency_); });
  ASSERT_TRUE(cal.ok()) << cal.status().message();
  for (Date day : {Date{2026, 6, 1}, Date{2026, 10, 9}, Date{2025, 2, 10}}) {
    for (int lag = -3; lag <= 60; ++lag) {
      const std::string formed = day.AddDays(-lag).ToString();
      auto days = ProactiveWorkdays(*cal, formed, day);
      ASSERT_TRUE(days.ok()) << formed;
      EXPECT_EQ(ProactiveOnTime(*cal, formed, day), std::optional<bool>(!ProactiveLate(*days)))
          << formed << " → " << day.ToString();
    }
    EXPECT_EQ(CountedOnTime(*cal, "", day), std::optional<bool>(true));
  }
  // Far beyond the calendar's years.
  const Date beyond{2099, 3, 1};
  ASSERT_FALSE(ProactiveWorkdays(*cal, "2099-02-20", beyond).ok()) << "the calendar should not cover 2099";
  EXPECT_EQ(ProactiveOnTime(*cal, "2099-02-20", beyond), std::optional<bool>(true));
  EXPECT_EQ(ProactiveOnTime(*cal, "2099-02-09", beyond), std::optional<bool>(true)) << "20 days";
  EXPECT_EQ(ProactiveOnTime(*cal, "2099-02-08", beyond), std::nullopt) << "21 days: the calendar would decide";
  EXPECT_EQ(ProactiveOnTime(*cal, "not a date", beyond), std::nullopt);
  EXPECT_EQ(CountedOnTime(*cal, "2099-01-01", beyond), std::nullopt);
}

}  // namespace
}  // namespace gk::oversight
