// The statutory clock of applications across National Day 2025 and Spring
// Festival 2026, with restarts, pauses and the extension. Expected dates are
// counted by hand from the State Council notices (data/calendar).
#include "requests/clock.h"

#include <gtest/gtest.h>

#include "base/calendar_files.h"

namespace gk::requests {
namespace {

#ifndef GK_SOURCE_DIR
#error "GK_SOURCE_DIR must name the project root"
#endif

Date D(const char* s) { return *Date::Parse(s); }

class ClockTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto cal = LoadCalendarDirectory(std::string(GK_SOURCE_DIR) + "/data/calendar");
    ASSERT_TRUE(cal.ok()) << cal.status().message();
    calendar_ = new WorkdayCalendar(std::move(*cal));
  }
  static void TearDownTestSuite() { delete calendar_; }

  static ClockEvent Received(const char* d) { return {ClockEventKind::kReceived, D(d)}; }
  static ClockEvent Pause(const char* d, const char* name) {
    return {ClockEventKind::kPauseStart, D(d), 0, name, name};
  }
  static ClockEvent Resume(const char* d, const char* name) { return {ClockEventKind::kPauseEnd, D(d), 0, name}; }
  static ClockEvent Extend(const char* d, int days) { return {ClockEventKind::kExtended, D(d), days}; }

  Deadline Compute(const std::vector<ClockEvent>& events, const char* today = "2026-12-31") {
    auto c = ComputeClock(events, *calendar_, D(today));
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? *c : Deadline{};
  }

  static WorkdayCalendar* calendar_;
};

WorkdayCalendar* ClockTest::calendar_ = nullptr;

TEST_F(ClockTest, TwentyWorkingDaysAcrossNationalDay2025) {
  Deadline c = Compute({Received("2025-09-26")});
  EXPECT_EQ(c.status, ClockStatus::kRunning);
  ASSERT_TRUE(c.due);
  EXPECT_EQ(*c.due, D("2025-10-30"));
  // 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 worked.
  ASSERT_EQ(c.holidays.size(), 8u);
  EXPECT_EQ(c.holidays.front().date, D("2025-10-01"));
  EXPECT_EQ(c.holidays.back().date, D("2025-10-08"));
  EXPECT_EQ(c.adjusted_workdays, (std::vector<Date>{D("2025-09-28"), D("2025-10-11")}));
  EXPECT_EQ(c.weekend_days, 6);  // 09-27, 10-12, 10-18, 10-19, 10-25, 10-26
  EXPECT_EQ(c.counted, 20);
}

TEST_F(ClockTest, TwentyWorkingDaysAcrossSpringFestival2026) {
  Deadline c = Compute({Received("2026-02-10")});
  ASSERT_TRUE(c.due);
  EXPECT_EQ(*c.due, D("2026-03-16"));
  EXPECT_EQ(c.holidays.size(), 9u);  // 02-15..02-23
  EXPECT_EQ(c.adjusted_workdays, (std::vector<Date>{D("2026-02-14"), D("2026-02-28")}));
}

TEST_F(ClockTest, CountedDaysFollowToday) {
  Deadline c = Compute({Received("2025-09-26")}, "2025-10-10");
  EXPECT_EQ(c.counted, 5);  // 09-28, 09-29, 09-30, 10-09, 10-10
  EXPECT_EQ(*c.due, D("2025-10-30"));
}

TEST_F(ClockTest, ConsultationDaysAreNotCounted) {
  Deadline c = Compute({Received("2025-09-26"), Pause("2025-10-13", "第三方"), Resume("2025-10-17", "第三方")});
  ASSERT_EQ(c.pauses.size(), 1u);
  EXPECT_EQ(c.pauses[0].workdays, 4);  // 10-14..10-17
  EXPECT_EQ(*c.due, D("2025-11-05"));
}

TEST_F(ClockTest, OverlappingPausesCountOnce) {
  Deadline c = Compute({Received("2025-09-26"), Pause("2025-10-13", "第三方"), Pause("2025-10-15", "收费"),
                     Resume("2025-10-16", "第三方"), Resume("2025-10-17", "收费")});
  EXPECT_EQ(*c.due, D("2025-11-05"));  // 10-14..10-17 skipped once
}

TEST_F(ClockTest, OpenPauseHasNoDueDate) {
  Deadline c = Compute({Received("2025-09-26"), Pause("2025-10-13", "收费")}, "2025-10-20");
  EXPECT_EQ(c.status, ClockStatus::kPaused);
  EXPECT_FALSE(c.due);
  ASSERT_EQ(c.pauses.size(), 1u);
  EXPECT_FALSE(c.pauses[0].to);
  EXPECT_EQ(c.pauses[0].workdays, 5);  // 10-14..10-17, 10-20
  EXPECT_EQ(c.counted, 7);  // 09-28..09-30, 10-09..10-11, 10-13
}

TEST_F(ClockTest, ALimitedPauseEndsByItselfAndGivesAProvisionalDate) {
  ClockEvent consult = Pause("2025-10-13", "第三方");
  consult.days = 15;
  Deadline open = Compute({Received("2025-09-26"), consult}, "2025-10-20");
  EXPECT_EQ(open.status, ClockStatus::kPaused);
  ASSERT_TRUE(open.due);
  EXPECT_EQ(*open.due, D("2025-11-20"));  // 10-14..11-03 not counted, then 13 more working days
  // After the 15 working days the clock runs again even if nobody closed it.
  Deadline later = Compute({Received("2025-09-26"), consult}, "2025-11-05");
  EXPECT_EQ(later.status, ClockStatus::kRunning);
  EXPECT_EQ(*later.due, D("2025-11-20"));
  // Answered early: only the days up to the answer are not counted.
  Deadline answered = Compute({Received("2025-09-26"), consult, Resume("2025-10-17", "第三方")});
  EXPECT_EQ(*answered.due, D("2025-11-05"));
}

TEST_F(ClockTest, SupplementRestartsThePeriod) {
  std::vector<ClockEvent> events = {Received("2025-09-26"), {ClockEventKind::kCorrectionSent, D("2025-09-29")}};
  Deadline waiting = Compute(events);
  EXPECT_EQ(waiting.status, ClockStatus::kAwaitingCorrection);
  EXPECT_FALSE(waiting.due);
  events.push_back({ClockEventKind::kSupplementReceived, D("2025-10-10")});
  Deadline c = Compute(events);
  EXPECT_EQ(c.start, D("2025-10-10"));
  EXPECT_EQ(c.received, D("2025-09-26"));
  EXPECT_EQ(*c.due, D("2025-11-06"));
}

TEST_F(ClockTest, ExtensionAddsWorkingDays) {
  Deadline c = Compute({Received("2025-09-26"), Extend("2025-10-20", 20)});
  EXPECT_EQ(c.period, 40);
  EXPECT_EQ(*c.due, D("2025-11-27"));
}

TEST_F(ClockTest, DueHistoryShowsEveryChange) {
  std::vector<ClockEvent> events = {Received("2025-09-26"), Pause("2025-10-13", "第三方"),
                                    Resume("2025-10-17", "第三方"), Extend("2025-10-20", 20)};
  auto h = DueHistory(events, *calendar_, D("2025-12-31"));
  ASSERT_TRUE(h.ok()) << h.status().message();
  ASSERT_EQ(h->size(), 4u);
  EXPECT_EQ((*h)[0].after, D("2025-10-30"));
  EXPECT_FALSE((*h)[1].after);
  EXPECT_EQ((*h)[2].after, D("2025-11-05"));
  EXPECT_EQ((*h)[3].before, D("2025-11-05"));
  EXPECT_EQ((*h)[3].after, D("2025-12-03"));
}

TEST_F(ClockTest, YearWithoutCalendarIsOutOfRange) {
  auto c = ComputeClock({Received("2026-12-20")}, *calendar_, D("2026-12-20"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Code::kOutOfRange);
  EXPECT_NE(c.status().message().find("2027"), std::string::npos);
}

TEST_F(ClockTest, MalformedSequencesAreRefused) {
  auto bad = [&](std::vector<ClockEvent> events) {
    auto c = ComputeClock(events, *calendar_, D("2025-12-31"));
    return !c.ok() && c.status().code() == Code::kInvalidArgument;
  };
  EXPECT_TRUE(bad({}));
  EXPECT_TRUE(bad({Pause("2025-10-13", "x")}));
  EXPECT_TRUE(bad({Received("2025-09-26"), Extend("2025-10-01", 21)}));
  EXPECT_TRUE(bad({Received("2025-09-26"), Extend("2025-10-01", 0)}));
  EXPECT_TRUE(bad({Received("2025-09-26"), Extend("2025-10-01", 5), Extend("2025-10-02", 5)}));
  EXPECT_TRUE(bad({Received("2025-09-26"), Resume("2025-10-13", "x")}));
  EXPECT_TRUE(bad({Received("2025-09-26"), Pause("2025-10-13", "x"), Pause("2025-10-14", "x")}));
  EXPECT_TRUE(bad({Received("2025-09-26"), Pause("2025-09-20", "x")}));
  EXPECT_TRUE(bad({Received("2025-09-26"), {ClockEventKind::kSupplementReceived, D("2025-10-10")}}));
  EXPECT_TRUE(bad({Received("2025-09-26"), Received("2025-09-27")}));
}

TEST_F(ClockTest, UrgencyWarnsFiveAndOneWorkingDaysAhead) {
  auto u = [&](const char* today) { return *UrgencyOf(D("2025-10-30"), D(today), *calendar_); };
  EXPECT_EQ(u("2025-10-22"), Urgency::kNone);        // 6 left
  EXPECT_EQ(u("2025-10-23"), Urgency::kWithinFive);  // 10-24, 10-27..10-30
  EXPECT_EQ(u("2025-10-29"), Urgency::kWithinOne);
  EXPECT_EQ(u("2025-10-30"), Urgency::kWithinOne);
  EXPECT_EQ(u("2025-10-31"), Urgency::kOverdue);
  // Across the holiday: on 09-30 the due day 10-09 is one working day away.
  EXPECT_EQ(*UrgencyOf(D("2025-10-09"), D("2025-09-30"), *calendar_), Urgency::kWithinOne);
}

}  // namespace
}  // namespace gk::requests
