#include "base/calendar.h"

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "base/calendar_files.h"

#include <gtest/gtest.h>

namespace gk {
namespace {

#ifndef GK_SOURCE_DIR
#error "GK_SOURCE_DIR must name the project root"
#endif

Date D(const char* iso) {
  Result<Date> d = Date::Parse(iso);
  EXPECT_TRUE(d.ok()) << iso;
  return d.ok() ? *d : Date{};
}

// The calendar from data/calendar, loaded once.
const WorkdayCalendar& Shipped() {
  static const WorkdayCalendar* calendar = [] {
    Result<WorkdayCalendar> loaded =
        LoadCalendarDirectory(std::string(GK_SOURCE_DIR) + "/data/calendar");
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    return new WorkdayCalendar(loaded.ok() ? std::move(loaded).value() : WorkdayCalendar());
  }();
  return *calendar;
}

// ---- the shipped data ---------------------------------------------------------

TEST(ShippedCalendarTest, CoversExactly2024To2026) {
  EXPECT_EQ(Shipped().Years(), (std::vector<int>{2024, 2025, 2026}));
  EXPECT_TRUE(Shipped().Covers(2025));
  EXPECT_FALSE(Shipped().Covers(2023));
  EXPECT_FALSE(Shipped().Covers(2027));
  ASSERT_NE(Shipped().FindYear(2024), nullptr);
  EXPECT_EQ(Shipped().FindYear(2024)->notice, "国办发明电〔2023〕7号");
  EXPECT_EQ(Shipped().FindYear(2025)->notice, "国办发明电〔2024〕12号");
  EXPECT_EQ(Shipped().FindYear(2026)->notice, "国办发明电〔2025〕7号");
  EXPECT_EQ(Shipped().FindYear(2027), nullptr);
}

TEST(ShippedCalendarTest, TwentyWorkingDaysAcrossNationalDay2025) {
  Result<Date> end = Shipped().AddWorkdays(D("2025-09-26"), 20);
  ASSERT_TRUE(end.ok()) << end.status().ToString();
  EXPECT_EQ(*end, D("2025-10-30"));
}

struct ClassifyCase {
  const char* date;
  DayKind kind;
  const char* name;
};

// Every adjusted workday of the three notices, with the holiday it makes up for,
// and the days around the big holidays.
const ClassifyCase kClassifyCases[] = {
    // 2024
    {"2024-01-01", DayKind::kHoliday, "元旦"},
    {"2024-01-02", DayKind::kWorkday, ""},
    {"2024-02-04", DayKind::kAdjustedWorkday, "春节"},
    {"2024-02-08", DayKind::kWorkday, ""},
    {"2024-02-09", DayKind::kWorkday, ""},  // 除夕, officially a working day
    {"2024-02-10", DayKind::kHoliday, "春节"},
    {"2024-02-17", DayKind::kHoliday, "春节"},
    {"2024-02-18", DayKind::kAdjustedWorkday, "春节"},
    {"2024-02-19", DayKind::kWorkday, ""},
    {"2024-04-07", DayKind::kAdjustedWorkday, "清明节"},
    {"2024-04-28", DayKind::kAdjustedWorkday, "劳动节"},
    {"2024-05-11", DayKind::kAdjustedWorkday, "劳动节"},
    {"2024-05-12", DayKind::kWeekend, ""},
    {"2024-06-10", DayKind::kHoliday, "端午节"},
    {"2024-09-14", DayKind::kAdjustedWorkday, "中秋节"},
    {"2024-09-29", DayKind::kAdjustedWorkday, "国庆节"},
    {"2024-10-12", DayKind::kAdjustedWorkday, "国庆节"},
    // 2025
    {"2025-01-01", DayKind::kHoliday, "元旦"},
    {"2025-01-26", DayKind::kAdjustedWorkday, "春节"},
    {"2025-01-27", DayKind::kWorkday, ""},
    {"2025-01-28", DayKind::kHoliday, "春节"},  // 除夕 is a holiday from 2025 on
    {"2025-02-04", DayKind::kHoliday, "春节"},
    {"2025-02-05", DayKind::kWorkday, ""},
    {"2025-02-08", DayKind::kAdjustedWorkday, "春节"},
    {"2025-02-09", DayKind::kWeekend, ""},
    {"2025-04-27", DayKind::kAdjustedWorkday, "劳动节"},
    {"2025-05-05", DayKind::kHoliday, "劳动节"},
    {"2025-06-02", DayKind::kHoliday, "端午节"},
    {"2025-09-27", DayKind::kWeekend, ""},
    {"2025-09-28", DayKind::kAdjustedWorkday, "国庆节、中秋节"},
    {"2025-09-30", DayKind::kWorkday, ""},
    {"2025-10-09", DayKind::kWorkday, ""},
    {"2025-10-11", DayKind::kAdjustedWorkday, "国庆节、中秋节"},
    {"2025-10-12", DayKind::kWeekend, ""},
    // 2026
    {"2026-01-01", DayKind::kHoliday, "元旦"},
    {"2026-01-04", DayKind::kAdjustedWorkday, "元旦"},
    {"2026-02-13", DayKind::kWorkday, ""},
    {"2026-02-14", DayKind::kAdjustedWorkday, "春节"},
    {"2026-02-15", DayKind::kHoliday, "春节"},
    {"2026-02-23", DayKind::kHoliday, "春节"},
    {"2026-02-24", DayKind::kWorkday, ""},
    {"2026-02-28", DayKind::kAdjustedWorkday, "春节"},
    {"2026-05-09", DayKind::kAdjustedWorkday, "劳动节"},
    {"2026-06-19", DayKind::kHoliday, "端午节"},
    {"2026-09-20", DayKind::kAdjustedWorkday, "国庆节"},  // not the nearer 中秋节
    {"2026-09-25", DayKind::kHoliday, "中秋节"},
    {"2026-10-10", DayKind::kAdjustedWorkday, "国庆节"},
    {"2026-10-11", DayKind::kWeekend, ""},
    {"2026-12-31", DayKind::kWorkday, ""},
};

TEST(ShippedCalendarTest, ClassifiesKnownDays) {
  for (const ClassifyCase& c : kClassifyCases) {
    Result<DayInfo> info = Shipped().Classify(D(c.date));
    ASSERT_TRUE(info.ok()) << c.date << ": " << info.status().ToString();
    EXPECT_EQ(info->date, D(c.date));
    EXPECT_EQ(DayKindName(info->kind), std::string(DayKindName(c.kind))) << c.date;
    EXPECT_EQ(info->holiday_name, c.name) << c.date;
    Result<bool> working = Shipped().IsWorkday(D(c.date));
    ASSERT_TRUE(working.ok());
    EXPECT_EQ(*working, IsWorkingKind(c.kind)) << c.date;
  }
}

TEST(ShippedCalendarTest, EveryAdjustedWorkdayIsWorkingAndNamed) {
  for (int year : Shipped().Years()) {
    for (Date d : Shipped().FindYear(year)->adjusted_workdays) {
      Result<DayInfo> info = Shipped().Classify(d);
      ASSERT_TRUE(info.ok());
      EXPECT_EQ(info->kind, DayKind::kAdjustedWorkday) << d;
      EXPECT_FALSE(info->holiday_name.empty()) << d;
    }
  }
}

TEST(ShippedCalendarTest, NationalDay2025IsOffFromFirstToEighth) {
  for (Date d = D("2025-10-01"); d <= D("2025-10-08"); d = d.AddDays(1)) {
    Result<DayInfo> info = Shipped().Classify(d);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->kind, DayKind::kHoliday) << d;
    EXPECT_EQ(info->holiday_name, "国庆节、中秋节") << d;
  }
}

TEST(ShippedCalendarTest, SpringFestivalDaysOff) {
  struct Case {
    const char* from;
    const char* to;
  };
  for (const Case& c : {Case{"2024-02-10", "2024-02-17"}, Case{"2025-01-28", "2025-02-04"},
                        Case{"2026-02-15", "2026-02-23"}}) {
    Result<int> working = Shipped().WorkdaysBetween(D(c.from).AddDays(-1), D(c.to));
    ASSERT_TRUE(working.ok());
    EXPECT_EQ(*working, 0) << c.from;
    EXPECT_EQ(*Shipped().IsWorkday(D(c.from).AddDays(-1)), true) << c.from;
    EXPECT_EQ(*Shipped().IsWorkday(D(c.to).AddDays(1)), true) << c.to;
  }
}

TEST(ShippedCalendarTest, HolidayDaysPerYear) {
  // Days off that are not weekends anyway, and weekend days worked.
  struct Case {
    int year;
    int weekday_holidays;
    int adjusted;
  };
  for (const Case& c : {Case{2024, 19, 8}, Case{2025, 18, 5}, Case{2026, 19, 6}}) {
    int weekday_holidays = 0, adjusted = 0;
    for (Date d{c.year, 1, 1}; d.year == c.year; d = d.AddDays(1)) {
      const DayInfo info = *Shipped().Classify(d);
      weekday_holidays += info.kind == DayKind::kHoliday && !d.IsWeekend();
      adjusted += info.kind == DayKind::kAdjustedWorkday;
    }
    EXPECT_EQ(weekday_holidays, c.weekday_holidays) << c.year;
    EXPECT_EQ(adjusted, c.adjusted) << c.year;
  }
}

// ---- AddWorkdays, WorkdaysBetween, SkippedDays ------------------------------------

TEST(AddWorkdaysTest, Examples) {
  struct Case {
    const char* start;
    int n;
    const char* want;
  };
  const Case kCases[] = {
      {"2025-09-26", 20, "2025-10-30"},
      {"2025-09-26", 1, "2025-09-28"},  // Sunday worked
      {"2025-09-26", 0, "2025-09-26"},
      {"2025-10-01", 0, "2025-10-01"},  // n == 0 returns a holiday start unchanged
      {"2025-10-01", 1, "2025-10-09"},  // start on a holiday
      {"2025-10-04", 1, "2025-10-09"},  // start on a Saturday inside the holiday
      {"2025-10-12", 1, "2025-10-13"},  // start on an ordinary Sunday
      {"2025-10-10", 1, "2025-10-11"},  // Friday -> adjusted Saturday
      {"2025-10-11", 1, "2025-10-13"},  // start on an adjusted workday
      {"2024-02-08", 1, "2024-02-09"},  // 除夕 2024 is a working day
      {"2024-02-09", 1, "2024-02-18"},  // then the Spring Festival and the adjusted Sunday
      {"2024-02-03", 1, "2024-02-04"},  // adjusted Sunday 2024-02-04
      {"2026-02-13", 1, "2026-02-14"},  // adjusted Saturday before Spring Festival 2026
      {"2026-02-14", 1, "2026-02-24"},
      {"2026-02-27", 1, "2026-02-28"},
      {"2025-12-25", 5, "2026-01-04"},  // across the year into 2026's adjusted Sunday
      {"2025-12-31", 1, "2026-01-04"},
      {"2023-12-31", 1, "2024-01-02"},  // the start day is not looked at
      {"2026-12-30", 1, "2026-12-31"},
  };
  for (const Case& c : kCases) {
    Result<Date> got = Shipped().AddWorkdays(D(c.start), c.n);
    ASSERT_TRUE(got.ok()) << c.start << " + " << c.n << ": " << got.status().ToString();
    EXPECT_EQ(*got, D(c.want)) << c.start << " + " << c.n;
  }
}

TEST(AddWorkdaysTest, ReachingIntoAnUnknownYearIsOutOfRange) {
  const std::string kMessage2027 =
      "no working-day calendar for 2027: load the State Council holiday notice for 2027 first";
  for (auto [start, n] :
       {std::pair{"2026-12-31", 1}, std::pair{"2026-12-25", 10}, std::pair{"2026-11-20", 40}}) {
    Result<Date> got = Shipped().AddWorkdays(D(start), n);
    ASSERT_FALSE(got.ok()) << start;
    EXPECT_EQ(got.status().code(), Code::kOutOfRange);
    EXPECT_EQ(got.status().message(), kMessage2027);
    Result<std::vector<DayInfo>> skipped = Shipped().SkippedDays(D(start), n);
    ASSERT_FALSE(skipped.ok());
    EXPECT_EQ(skipped.status().message(), kMessage2027);
  }
}

TEST(AddWorkdaysTest, DaysIn2023AreOutOfRange) {
  const std::string kMessage2023 =
      "no working-day calendar for 2023: load the State Council holiday notice for 2023 first";
  Result<Date> got = Shipped().AddWorkdays(D("2023-06-01"), 5);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Code::kOutOfRange);
  EXPECT_EQ(got.status().message(), kMessage2023);
  // 2023-12-30 lies in 2024's 元旦 range, but 2024's file does not decide 2023's days.
  for (const char* day : {"2023-06-01", "2023-12-30", "2023-12-31"}) {
    Result<DayInfo> info = Shipped().Classify(D(day));
    ASSERT_FALSE(info.ok()) << day;
    EXPECT_EQ(info.status().code(), Code::kOutOfRange);
    EXPECT_EQ(info.status().message(), kMessage2023);
    EXPECT_FALSE(Shipped().IsWorkday(D(day)).ok());
  }
  EXPECT_EQ(Shipped().AddWorkdays(D("2023-12-29"), 1).status().code(), Code::kOutOfRange);
  EXPECT_EQ(Shipped().WorkdaysBetween(D("2023-12-30"), D("2024-01-05")).status().code(),
            Code::kOutOfRange);
}

TEST(AddWorkdaysTest, RejectsNegativeCountsAndInvalidDates) {
  Result<Date> got = Shipped().AddWorkdays(D("2025-09-26"), -1);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(got.status().message(), "the number of working days must not be negative, got -1");
  EXPECT_EQ(Shipped().SkippedDays(D("2025-09-26"), -3).status().code(), Code::kInvalidArgument);
  Result<Date> bad = Shipped().AddWorkdays(Date{2025, 2, 30}, 1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "invalid date 2025-02-30");
  EXPECT_EQ(Shipped().Classify(Date{2025, 13, 1}).status().code(), Code::kInvalidArgument);
}

TEST(WorkdaysBetweenTest, Examples) {
  struct Case {
    const char* from;
    const char* to;
    int want;
  };
  const Case kCases[] = {
      {"2025-09-26", "2025-10-30", 20},
      {"2025-09-26", "2025-09-26", 0},
      {"2025-10-30", "2025-09-26", 0},
      {"2025-09-30", "2025-10-09", 1},
      {"2025-09-26", "2025-09-28", 1},
      {"2025-12-31", "2026-01-05", 2},
      {"2024-01-01", "2024-12-31", 251},
      {"2024-12-31", "2025-12-31", 248},
      {"2025-12-31", "2026-12-31", 248},
      {"2023-12-31", "2024-01-02", 1},  // (from, to]: 2023-12-31 is not looked at
      {"2030-01-01", "2020-01-01", 0},  // to <= from needs no calendar
  };
  for (const Case& c : kCases) {
    Result<int> got = Shipped().WorkdaysBetween(D(c.from), D(c.to));
    ASSERT_TRUE(got.ok()) << c.from << ".." << c.to << ": " << got.status().ToString();
    EXPECT_EQ(*got, c.want) << c.from << ".." << c.to;
  }
  Result<int> out = Shipped().WorkdaysBetween(D("2026-12-01"), D("2027-01-05"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), Code::kOutOfRange);
  EXPECT_NE(out.status().message().find("2027"), std::string::npos);
}

// The running counts against the days counted one by one, across year ends
// and for spans of any length (the years the shipped calendar covers).
TEST(WorkdaysBetweenTest, AgreesWithCountingDayByDay) {
  const std::vector<int> years = Shipped().Years();
  ASSERT_GE(years.size(), 2u);
  const Date first{years.front(), 1, 1}, last{years.back(), 12, 31};
  for (Date from = first.AddDays(-1); from < last; from = from.AddDays(5)) {
    int counted = 0;
    for (Date to = from.AddDays(1); to <= last && to.DaysSinceEpoch() - from.DaysSinceEpoch() <= 400;
         to = to.AddDays(1)) {
      counted += *Shipped().IsWorkday(to) ? 1 : 0;
      Result<int> got = Shipped().WorkdaysBetween(from, to);
      ASSERT_TRUE(got.ok()) << from << " " << to << ": " << got.status().message();
      ASSERT_EQ(*got, counted) << from << " → " << to;
    }
    EXPECT_EQ(*Shipped().WorkdaysBetween(from, from), 0);
    EXPECT_EQ(*Shipped().WorkdaysBetween(from.AddDays(3), from), 0) << "to before from";
  }
}

TEST(WorkdaysBetweenTest, AgreesWithAddWorkdaysForEveryStartIn2025) {
  for (Date start{2025, 1, 1}; start.year == 2025; start = start.AddDays(1)) {
    for (int n : {1, 7, 15, 20}) {
      Result<Date> end = Shipped().AddWorkdays(start, n);
      ASSERT_TRUE(end.ok()) << start << " + " << n;
      ASSERT_EQ(*Shipped().WorkdaysBetween(start, *end), n) << start << " + " << n;
      ASSERT_EQ(*Shipped().WorkdaysBetween(start, end->AddDays(-1)), n - 1) << start;
      ASSERT_TRUE(*Shipped().IsWorkday(*end)) << start << " + " << n;
      Result<std::vector<DayInfo>> skipped = Shipped().SkippedDays(start, n);
      ASSERT_TRUE(skipped.ok());
      ASSERT_EQ(static_cast<int64_t>(skipped->size()),
                end->DaysSinceEpoch() - start.DaysSinceEpoch() - n)
          << start << " + " << n;
      for (const DayInfo& day : *skipped) {
        ASSERT_FALSE(IsWorkingKind(day.kind)) << day.date;
        ASSERT_LT(start, day.date);
        ASSERT_LT(day.date, *end);
      }
    }
  }
}

TEST(SkippedDaysTest, ListsWeekendsAndHolidaysInOrder) {
  Result<std::vector<DayInfo>> skipped = Shipped().SkippedDays(D("2025-09-26"), 20);
  ASSERT_TRUE(skipped.ok());
  std::vector<DayInfo> want = {{D("2025-09-27"), DayKind::kWeekend, ""}};
  for (Date d = D("2025-10-01"); d <= D("2025-10-08"); d = d.AddDays(1)) {
    want.push_back({d, DayKind::kHoliday, "国庆节、中秋节"});
  }
  for (const char* weekend :
       {"2025-10-12", "2025-10-18", "2025-10-19", "2025-10-25", "2025-10-26"}) {
    want.push_back({D(weekend), DayKind::kWeekend, ""});
  }
  EXPECT_EQ(*skipped, want);
  EXPECT_TRUE(Shipped().SkippedDays(D("2025-09-26"), 0)->empty());
  EXPECT_TRUE(Shipped().SkippedDays(D("2025-09-29"), 1)->empty());
}

// ---- AddYear validation ---------------------------------------------------------

CalendarYear Valid2025() {
  CalendarYear y;
  y.year = 2025;
  y.notice = "国办发明电〔2024〕12号";
  y.holidays = {{"春节", D("2025-01-28"), D("2025-02-04")},
                {"国庆节", D("2025-10-01"), D("2025-10-08")}};
  y.adjusted_workdays = {D("2025-01-26"), D("2025-02-08"), D("2025-09-28"), D("2025-10-11")};
  return y;
}

TEST(AddYearTest, AcceptsAValidYear) {
  WorkdayCalendar calendar;
  ASSERT_TRUE(calendar.AddYear(Valid2025()).ok());
  EXPECT_TRUE(calendar.Covers(2025));
  EXPECT_EQ(*calendar.FindYear(2025), Valid2025());
}

TEST(AddYearTest, RejectsInvalidYearsWithClearMessages) {
  struct Case {
    const char* label;
    std::function<void(CalendarYear&)> mutate;
    std::string want;
  };
  const Case kCases[] = {
      {"year too small", [](CalendarYear& y) { y.year = 1900; },
       "year 1900 is outside the supported range 1949..2200"},
      {"year too large", [](CalendarYear& y) { y.year = 2201; },
       "year 2201 is outside the supported range 1949..2200"},
      {"notice with newline", [](CalendarYear& y) { y.notice = "a\nb"; },
       "the notice contains control characters or invalid UTF-8"},
      {"empty name", [](CalendarYear& y) { y.holidays[1].name = ""; },
       "holiday #2 2025-10-01..2025-10-08: the name is empty"},
      {"blank name", [](CalendarYear& y) { y.holidays[0].name = "  "; },
       "holiday #1 2025-01-28..2025-02-04: the name is empty"},
      {"bad UTF-8 name", [](CalendarYear& y) { y.holidays[0].name = "\xff"; },
       "holiday #1 2025-01-28..2025-02-04: the name contains control characters or invalid "
       "UTF-8"},
      {"from after to", [](CalendarYear& y) { std::swap(y.holidays[1].from, y.holidays[1].to); },
       "holiday \"国庆节\" 2025-10-08..2025-10-01: ends before it starts"},
      {"invalid holiday date",
       [](CalendarYear& y) {
         y.holidays[0].to = Date{2025, 2, 30};
       },
       "holiday \"春节\" 2025-01-28..2025-02-30: invalid date"},
      {"holiday in the next year",
       [](CalendarYear& y) {
         y.holidays[0] = {"春节", D("2026-02-15"), D("2026-02-23")};
       },
       "holiday \"春节\" 2026-02-15..2026-02-23 is not within 2025 (a range may reach at most 7 "
       "days into the neighbouring years)"},
      {"spills 8 days back",
       [](CalendarYear& y) {
         y.holidays.push_back({"元旦", D("2024-12-24"), D("2025-01-01")});
       },
       "holiday \"元旦\" 2024-12-24..2025-01-01 is not within 2025 (a range may reach at most 7 "
       "days into the neighbouring years)"},
      {"spills 8 days forward",
       [](CalendarYear& y) {
         y.holidays.push_back({"元旦", D("2025-12-31"), D("2026-01-08")});
       },
       "holiday \"元旦\" 2025-12-31..2026-01-08 is not within 2025 (a range may reach at most 7 "
       "days into the neighbouring years)"},
      {"overlap",
       [](CalendarYear& y) {
         y.holidays.push_back({"补假", D("2025-02-04"), D("2025-02-05")});
       },
       "holiday \"补假\" 2025-02-04..2025-02-05 overlaps holiday \"春节\" 2025-01-28..2025-02-04"},
      {"workday in another year", [](CalendarYear& y) { y.adjusted_workdays[0] = D("2026-01-04"); },
       "adjusted workday 2026-01-04 is not in 2025"},
      {"workday on a Monday", [](CalendarYear& y) { y.adjusted_workdays[2] = D("2025-09-29"); },
       "adjusted workday 2025-09-29 is a Monday, not a Saturday or Sunday"},
      {"workday inside a holiday",
       [](CalendarYear& y) { y.adjusted_workdays.push_back(D("2025-10-04")); },
       "adjusted workday 2025-10-04 falls within holiday \"国庆节\" 2025-10-01..2025-10-08"},
      {"workday twice", [](CalendarYear& y) { y.adjusted_workdays.push_back(D("2025-09-28")); },
       "adjusted workday 2025-09-28 is listed twice"},
      {"invalid workday",
       [](CalendarYear& y) {
         y.adjusted_workdays[0] = Date{2025, 2, 29};
       },
       "adjusted workday 2025-02-29: invalid date"},
  };
  for (const Case& c : kCases) {
    CalendarYear y = Valid2025();
    c.mutate(y);
    WorkdayCalendar calendar;
    Status s = calendar.AddYear(y);
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << c.label;
    EXPECT_EQ(s.message(), c.want) << c.label;
    EXPECT_FALSE(calendar.Covers(y.year)) << c.label;
  }
}

TEST(AddYearTest, RejectsADuplicateYear) {
  WorkdayCalendar calendar;
  ASSERT_TRUE(calendar.AddYear(Valid2025()).ok());
  Status s = calendar.AddYear(Valid2025());
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(s.message(), "the working-day calendar for 2025 is already loaded");
}

TEST(AddYearTest, CrossYearRangesOnlyDecideTheirOwnYear) {
  CalendarYear y2025 = Valid2025();
  y2025.holidays.push_back({"元旦", D("2024-12-25"), D("2025-01-01")});  // 7 days back: allowed
  y2025.holidays.push_back({"跨年", D("2025-12-31"), D("2026-01-07")});  // 7 days on: allowed
  CalendarYear y2026;
  y2026.year = 2026;
  y2026.notice = "test";
  y2026.holidays = {{"元旦", D("2026-01-01"), D("2026-01-01")}};
  WorkdayCalendar calendar;
  ASSERT_TRUE(calendar.AddYear(y2025).ok());
  ASSERT_TRUE(calendar.AddYear(y2026).ok());
  EXPECT_EQ(calendar.Classify(D("2025-12-31"))->kind, DayKind::kHoliday);
  EXPECT_EQ(calendar.Classify(D("2026-01-01"))->holiday_name, "元旦");
  EXPECT_EQ(calendar.Classify(D("2026-01-02"))->kind, DayKind::kWorkday);  // 2026 decides
  EXPECT_EQ(calendar.Classify(D("2025-01-01"))->holiday_name, "元旦");
  EXPECT_FALSE(calendar.Classify(D("2024-12-31")).ok());
}

TEST(AddYearTest, StoresHolidaysAndWorkdaysSorted) {
  CalendarYear y = Valid2025();
  std::swap(y.holidays[0], y.holidays[1]);
  std::swap(y.adjusted_workdays[0], y.adjusted_workdays[3]);
  WorkdayCalendar calendar;
  ASSERT_TRUE(calendar.AddYear(y).ok());
  EXPECT_EQ(*calendar.FindYear(2025), Valid2025());
  EXPECT_EQ(calendar.Years(), std::vector<int>{2025});
}

TEST(AddYearTest, AdjustedWorkdayFarFromAnyHolidayHasNoName) {
  CalendarYear y = Valid2025();
  y.adjusted_workdays.push_back(D("2025-07-05"));
  WorkdayCalendar calendar;
  ASSERT_TRUE(calendar.AddYear(y).ok());
  Result<DayInfo> info = calendar.Classify(D("2025-07-05"));
  EXPECT_EQ(info->kind, DayKind::kAdjustedWorkday);
  EXPECT_EQ(info->holiday_name, "");
}

// ---- TOML ---------------------------------------------------------------------------

constexpr const char* kSmallToml = R"(# comment
year = 2025
notice = "国办发明电〔2024〕12号"
holidays = [
  { name = "元旦", from = "2025-01-01" },
  { name = "春节", from = "2025-01-28", to = "2025-02-04" },
]
adjusted_workdays = ["2025-01-26", "2025-02-08"]
)";

TEST(ParseCalendarTomlTest, ReadsAllKeys) {
  Result<CalendarYear> y = ParseCalendarToml(kSmallToml, "2025.toml");
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  CalendarYear want;
  want.year = 2025;
  want.notice = "国办发明电〔2024〕12号";
  want.holidays = {{"元旦", D("2025-01-01"), D("2025-01-01")},
                   {"春节", D("2025-01-28"), D("2025-02-04")}};
  want.adjusted_workdays = {D("2025-01-26"), D("2025-02-08")};
  EXPECT_EQ(*y, want);
}

TEST(ParseCalendarTomlTest, AdjustedWorkdaysMayBeOmitted) {
  Result<CalendarYear> y = ParseCalendarToml(
      "year = 2025\nnotice = \"x\"\nholidays = [{ name = \"元旦\", from = \"2025-01-01\" }]\n",
      "2025.toml");
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  EXPECT_TRUE(y->adjusted_workdays.empty());
}

TEST(ParseCalendarTomlTest, SyntaxErrorsCarryTheLine) {
  Result<CalendarYear> y = ParseCalendarToml(
      "year = 2025\nnotice = \"x\"\nholidays = [ { name = \"元旦\" \n", "bad.toml");
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(y.status().message().rfind("bad.toml: line 3: ", 0), 0u) << y.status().message();

  Result<CalendarYear> z = ParseCalendarToml("year = 2025\n\n\n\nnotice = \"x\n", "bad.toml");
  ASSERT_FALSE(z.ok());
  EXPECT_EQ(z.status().message().rfind("bad.toml: line 5: ", 0), 0u) << z.status().message();
}

TEST(ParseCalendarTomlTest, RejectsBadContentWithLineNumbers) {
  const std::string kHead = "year = 2025\nnotice = \"n\"\n";  // lines 1-2
  struct Case {
    std::string text;
    std::string want;
  };
  const Case kCases[] = {
      {kHead + "holiday = []\n",
       "x.toml: line 3: unknown key \"holiday\" (expected year, notice, holidays, "
       "adjusted_workdays)"},
      {kHead +
           "holidays = [\n  { name = \"元旦\", from = \"2025-01-01\", too = \"2025-01-01\" },\n]\n",
       "x.toml: line 4: holiday #1: unknown key \"too\" (expected name, from, to)"},
      {kHead + "holidays = [\n  { name = \"元旦\", from = \"2025-02-30\" },\n]\n",
       "x.toml: line 4: holiday #1: from: invalid date \"2025-02-30\": expected YYYY-MM-DD"},
      {kHead + "holidays = [\n  { name = \"元旦\", from = 2025-01-01 },\n]\n",
       "x.toml: line 4: holiday #1: from: expected a date string like \"2025-01-01\""},
      {kHead + "holidays = [\n  { name = \"元旦\", to = \"2025-01-01\" },\n]\n",
       "x.toml: line 4: holiday #1: missing key \"from\""},
      {kHead + "holidays = [\n  { from = \"2025-01-01\" },\n]\n",
       "x.toml: line 4: holiday #1: missing key \"name\""},
      {kHead + "holidays = [\n  { name = 1, from = \"2025-01-01\" },\n]\n",
       "x.toml: line 4: holiday #1: name: expected a string"},
      {kHead + "holidays = [\n  \"元旦\",\n]\n",
       "x.toml: line 4: holiday #1: expected a table like { name = \"元旦\", from = "
       "\"2025-01-01\", to = \"2025-01-01\" }"},
      {kHead + "holidays = \"元旦\"\n", "x.toml: line 3: holidays: expected an array of tables"},
      {kHead + "holidays = []\nadjusted_workdays = [\"2025-01-26\",\n  \"2025-1-27\"]\n",
       "x.toml: line 5: adjusted workday #2: invalid date \"2025-1-27\": expected YYYY-MM-DD"},
      {kHead + "holidays = []\nadjusted_workdays = \"2025-01-26\"\n",
       "x.toml: line 4: adjusted_workdays: expected an array of date strings"},
      {"year = \"2025\"\nnotice = \"n\"\nholidays = []\n",
       "x.toml: line 1: year: expected an integer"},
      {"year = 1800\nnotice = \"n\"\nholidays = []\n",
       "x.toml: line 1: year 1800 is outside the supported range 1949..2200"},
      {"year = 99999999999\nnotice = \"n\"\nholidays = []\n",
       "x.toml: line 1: year 99999999999 is outside the supported range 1949..2200"},
      {"notice = \"n\"\nholidays = []\n", "x.toml: missing key \"year\""},
      {"year = 2025\nholidays = []\n", "x.toml: missing key \"notice\""},
      {kHead, "x.toml: missing key \"holidays\""},
      {"year = 2025\nnotice = 7\nholidays = []\n", "x.toml: line 2: notice: expected a string"},
      // Validation errors point at the offending entry.
      {kHead +
           "holidays = [\n  { name = \"国庆节\", from = \"2025-10-01\", to = \"2025-10-08\" },\n"
           "]\nadjusted_workdays = [\n  \"2025-09-28\",\n  \"2025-09-29\",\n]\n",
       "x.toml: line 8: adjusted workday 2025-09-29 is a Monday, not a Saturday or Sunday"},
      {kHead + "holidays = [\n  { name = \"A\", from = \"2025-10-01\", to = \"2025-10-08\" },\n"
               "  { name = \"B\", from = \"2025-10-08\" },\n]\n",
       "x.toml: line 5: holiday \"B\" 2025-10-08..2025-10-08 overlaps holiday \"A\" "
       "2025-10-01..2025-10-08"},
  };
  for (const Case& c : kCases) {
    Result<CalendarYear> y = ParseCalendarToml(c.text, "x.toml");
    ASSERT_FALSE(y.ok()) << c.text;
    EXPECT_EQ(y.status().code(), Code::kInvalidArgument) << c.text;
    EXPECT_EQ(y.status().message(), c.want) << c.text;
  }
}

TEST(FormatCalendarTomlTest, WritesTheDocumentedLayout) {
  CalendarYear y;
  y.year = 2025;
  y.notice = "国办发明电〔2024〕12号";
  y.holidays = {{"元旦", D("2025-01-01"), D("2025-01-01")}};
  y.adjusted_workdays = {D("2025-01-26"), D("2025-02-08")};
  EXPECT_EQ(FormatCalendarToml(y),
            "# Working-day calendar for 2025 (format: see src/base/calendar.h)\n"
            "year = 2025\n"
            "notice = \"国办发明电〔2024〕12号\"\n"
            "holidays = [\n"
            "  { name = \"元旦\", from = \"2025-01-01\", to = \"2025-01-01\" },\n"
            "]\n"
            "adjusted_workdays = [\"2025-01-26\", \"2025-02-08\"]\n");
}

TEST(FormatCalendarTomlTest, RoundTripsTheShippedYears) {
  for (int year : {2024, 2025, 2026}) {
    const CalendarYear* stored = Shipped().FindYear(year);
    ASSERT_NE(stored, nullptr) << year;
    Result<CalendarYear> back = ParseCalendarToml(FormatCalendarToml(*stored), "round-trip");
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, *stored) << year;
  }
}

TEST(FormatCalendarTomlTest, RoundTripsAwkwardText) {
  CalendarYear y = Valid2025();
  y.notice = "say \"hi\" \\ back\\slash 〔2024〕";
  y.holidays.clear();
  y.adjusted_workdays.clear();
  Result<CalendarYear> back = ParseCalendarToml(FormatCalendarToml(y), "round-trip");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, y);

  CalendarYear z = Valid2025();
  z.holidays[0].name = "a\"b\\c";
  back = ParseCalendarToml(FormatCalendarToml(z), "round-trip");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, z);
}

// ---- the staff form ---------------------------------------------------------------

TEST(ParseCalendarFormTest, ReadsLinesWithAnySpacing) {
  // A fictional schedule, not the real 2027 notice.
  Result<CalendarYear> y = ParseCalendarForm(
      2027, "  国办发明电〔2026〕99号 ",
      "春节 2027-02-06 2027-02-13\r\n\n  清明节\t2027-04-05  \n劳动节　2027-05-01　2027-05-05\n\n",
      "\n2027-02-20\r\n\n2027-02-21\n");
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  CalendarYear want;
  want.year = 2027;
  want.notice = "国办发明电〔2026〕99号";
  want.holidays = {{"春节", D("2027-02-06"), D("2027-02-13")},
                   {"清明节", D("2027-04-05"), D("2027-04-05")},
                   {"劳动节", D("2027-05-01"), D("2027-05-05")}};
  want.adjusted_workdays = {D("2027-02-20"), D("2027-02-21")};
  EXPECT_EQ(*y, want);
  WorkdayCalendar calendar;
  EXPECT_TRUE(calendar.AddYear(*y).ok());
}

TEST(ParseCalendarFormTest, ReportsTheFieldAndLineInChinese) {
  struct Case {
    int year;
    const char* notice;
    const char* holidays;
    const char* workdays;
    const char* want;
  };
  const Case kCases[] = {
      {2027, "n", "元旦 2027-01-01\n\n春节 2027-13-01 2027-02-12", "",
       "放假安排 第3行：日期 \"2027-13-01\" 无效"},
      {2027, "n", "春节 2027-02-06 2027-02-31", "", "放假安排 第1行：日期 \"2027-02-31\" 无效"},
      {2027, "n", "春节", "", "放假安排 第1行：格式应为“名称 开始日期 [结束日期]”"},
      {2027, "n", "元旦 2027-01-01\n春节 2027-02-06 2027-02-13 多余", "",
       "放假安排 第2行：格式应为“名称 开始日期 [结束日期]”"},
      {2027, "n", "2027-02-06 2027-02-13", "", "放假安排 第1行：缺少节日名称"},
      {2027, "n", "\xff\xfe 2027-02-06", "", "放假安排 第1行：节日名称含有无效字符"},
      {2027, "n", "元旦 2027-01-01\n春节 2027-02-13 2027-02-06", "",
       "放假安排 第2行：结束日期 2027-02-06 早于开始日期 2027-02-13"},
      {2027, "n", "春节 2028-01-26 2028-02-02", "",
       "放假安排 第1行：2028-01-26 至 2028-02-02 不在 2027 年内（跨年的假期最多延伸到相邻年份 "
       "7 天）"},
      {2027, "n", "春节 2027-02-06 2027-02-13\n\n补假 2027-02-13 2027-02-14", "",
       "放假安排 第3行：与第1行“春节”的日期重叠"},
      {2027, "n", "春节 2027-02-06 2027-02-13", "2027-02-20\n2027-02-30",
       "调休上班 第2行：日期 \"2027-02-30\" 无效"},
      {2027, "n", "春节 2027-02-06 2027-02-13", "2027-02-20 2027-02-21",
       "调休上班 第1行：每行只能填写一个日期"},
      {2027, "n", "春节 2027-02-06 2027-02-13", "2027-02-01",
       "调休上班 第1行：2027-02-01 是星期一，调休上班日只能是星期六或星期日"},
      {2027, "n", "春节 2027-02-06 2027-02-13", "2027-02-20\n2027-02-07",
       "调休上班 第2行：2027-02-07 在放假安排第1行“春节”的放假期间内"},
      {2027, "n", "春节 2027-02-06 2027-02-13", "2027-02-20\n\n2027-02-20",
       "调休上班 第3行：2027-02-20 与第1行重复"},
      {2027, "n", "春节 2027-02-06 2027-02-13", "2028-01-01",
       "调休上班 第1行：2028-01-01 不在 2027 年内"},
      {1900, "n", "春节 1900-01-31", "", "年份 1900 无效：应在 1949 至 2200 之间"},
      {2027, "  ", "春节 2027-02-06", "", "通知文号不能为空"},
      {2027, "n\x01", "春节 2027-02-06", "", "通知文号含有无效字符"},
      {2027, "n", " \n\n", "", "放假安排不能为空：请按通知逐行填写"},
  };
  for (const Case& c : kCases) {
    Result<CalendarYear> y = ParseCalendarForm(c.year, c.notice, c.holidays, c.workdays);
    ASSERT_FALSE(y.ok()) << c.want;
    EXPECT_EQ(y.status().code(), Code::kInvalidArgument) << c.want;
    EXPECT_EQ(y.status().message(), c.want);
  }
}

// ---- loading a directory ---------------------------------------------------------

class LoadCalendarDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gk_calendar_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::string Dir() const { return dir_.string(); }

  std::filesystem::path dir_;
};

TEST_F(LoadCalendarDirectoryTest, LoadsYearFilesAndIgnoresOthers) {
  Write("2026.toml", "year = 2026\nnotice = \"b\"\nholidays = []\n");
  Write("2025.toml", "year = 2025\nnotice = \"a\"\nholidays = []\n");
  Write("README.md", "not a calendar");
  Write("notes.toml", "not = [valid");
  Write("2024.toml.bak", "garbage");
  std::filesystem::create_directories(dir_ / "2023.toml");  // a directory, not a file
  Result<WorkdayCalendar> calendar = LoadCalendarDirectory(Dir());
  ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
  EXPECT_EQ(calendar->Years(), (std::vector<int>{2025, 2026}));
  EXPECT_EQ(calendar->FindYear(2026)->notice, "b");
}

TEST_F(LoadCalendarDirectoryTest, TheYearMustMatchTheFileName) {
  Write("2025.toml", "year = 2024\nnotice = \"a\"\nholidays = []\n");
  Result<WorkdayCalendar> calendar = LoadCalendarDirectory(Dir());
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(calendar.status().message(), "2025.toml: year = 2024 does not match the file name");
}

TEST_F(LoadCalendarDirectoryTest, ErrorsNameTheFile) {
  Write("2025.toml", "year = 2025\nnotice = \"a\"\nholidays = []\nextra = 1\n");
  Result<WorkdayCalendar> calendar = LoadCalendarDirectory(Dir());
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.status().message(),
            "2025.toml: line 4: unknown key \"extra\" (expected year, notice, holidays, "
            "adjusted_workdays)");
}

TEST_F(LoadCalendarDirectoryTest, EmptyDirectoryGivesAnEmptyCalendar) {
  Result<WorkdayCalendar> calendar = LoadCalendarDirectory(Dir());
  ASSERT_TRUE(calendar.ok());
  EXPECT_TRUE(calendar->Years().empty());
  EXPECT_EQ(calendar->Classify(D("2025-01-02")).status().code(), Code::kOutOfRange);
}

TEST_F(LoadCalendarDirectoryTest, MissingDirectoryIsNotFound) {
  Result<WorkdayCalendar> calendar = LoadCalendarDirectory(Dir() + "/nope");
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.status().code(), Code::kNotFound);
  EXPECT_EQ(calendar.status().message(),
            "calendar directory \"" + Dir() + "/nope\" does not exist");
}

}  // namespace
}  // namespace gk
