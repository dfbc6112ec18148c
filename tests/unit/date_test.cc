#include "base/date.h"

#include "base/clock.h"

#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace gk {
namespace {

TEST(DateParseTest, AcceptsValidDates) {
  struct Case {
    const char* text;
    Date want;
  };
  const Case kCases[] = {
      {"2025-09-26", {2025, 9, 26}}, {"2024-02-29", {2024, 2, 29}}, {"2000-02-29", {2000, 2, 29}},
      {"1949-10-01", {1949, 10, 1}}, {"0001-01-01", {1, 1, 1}},     {"9999-12-31", {9999, 12, 31}},
      {"2025-01-31", {2025, 1, 31}}, {"2025-04-30", {2025, 4, 30}}, {"2025-12-31", {2025, 12, 31}},
  };
  for (const Case& c : kCases) {
    Result<Date> d = Date::Parse(c.text);
    ASSERT_TRUE(d.ok()) << c.text << ": " << d.status().ToString();
    EXPECT_EQ(*d, c.want) << c.text;
  }
}

TEST(DateParseTest, RejectsMalformedOrImpossibleDates) {
  const char* const kBad[] = {
      "2025-2-3",    "2025-02-29",  "20250203",   "2025-02-03x", "2025-02-30",
      "2025-13-01",  "2025-00-10",  "2025-01-00", "2025-04-31",  "1900-02-29",
      "2100-02-29",  "0000-01-01",  "",           "2025/02/03",  " 2025-02-03",
      "2025-02-3 ",  "+025-02-03",  "2025-0a-03", "2025-02-03T", "25-02-03",
      "2025--02-03", "-2025-02-03", "2025-1-1"};
  for (const char* text : kBad) {
    Result<Date> d = Date::Parse(text);
    ASSERT_FALSE(d.ok()) << "accepted \"" << text << "\"";
    EXPECT_EQ(d.status().code(), Code::kInvalidArgument) << text;
    EXPECT_EQ(d.status().message(),
              "invalid date \"" + std::string(text) + "\": expected YYYY-MM-DD");
  }
}

TEST(DateParseTest, LongInputIsCutInTheMessage) {
  const std::string long_text(100, '9');
  Result<Date> d = Date::Parse(long_text);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(),
            "invalid date \"" + std::string(40, '9') + "...\": expected YYYY-MM-DD");
}

TEST(DateTest, ToStringPadsWithZeros) {
  EXPECT_EQ((Date{2025, 9, 26}).ToString(), "2025-09-26");
  EXPECT_EQ((Date{5, 1, 2}).ToString(), "0005-01-02");
  std::ostringstream os;
  os << Date{2024, 2, 29};
  EXPECT_EQ(os.str(), "2024-02-29");
}

TEST(DateTest, LeapYearsAndMonthLengths) {
  EXPECT_TRUE(Date::IsLeapYear(2024));
  EXPECT_TRUE(Date::IsLeapYear(2000));
  EXPECT_FALSE(Date::IsLeapYear(1900));
  EXPECT_FALSE(Date::IsLeapYear(2025));
  EXPECT_EQ(Date::DaysInMonth(2024, 2), 29);
  EXPECT_EQ(Date::DaysInMonth(2025, 2), 28);
  EXPECT_EQ(Date::DaysInMonth(2025, 9), 30);
  EXPECT_EQ(Date::DaysInMonth(2025, 12), 31);
}

TEST(DateTest, DaysSinceEpochOfKnownDates) {
  struct Case {
    Date date;
    int64_t days;
  };
  const Case kCases[] = {
      {{1970, 1, 1}, 0},      {{1969, 12, 31}, -1},    {{2000, 3, 1}, 11017},
      {{2025, 9, 26}, 20357}, {{1949, 10, 1}, -7397},  {{2024, 2, 29}, 19782},
      {{2027, 1, 1}, 20819},  {{2023, 12, 31}, 19722},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(c.date.DaysSinceEpoch(), c.days) << c.date;
    EXPECT_EQ(Date::FromDaysSinceEpoch(c.days), c.date) << c.days;
  }
}

TEST(DateTest, EpochDaysRoundTripAndAreContiguous) {
  // 1600-ish to 2300-ish: every day maps to a valid date, one day after the previous one.
  Date previous = Date::FromDaysSinceEpoch(-135000);
  for (int64_t days = -134999; days <= 120000; ++days) {
    const Date d = Date::FromDaysSinceEpoch(days);
    ASSERT_TRUE(Date::IsValid(d.year, d.month, d.day)) << days;
    ASSERT_EQ(d.DaysSinceEpoch(), days) << d;
    ASSERT_LT(previous, d) << d;
    const bool next_day =
        d.year == previous.year && d.month == previous.month && d.day == previous.day + 1;
    const bool next_month =
        d.day == 1 && previous.day == Date::DaysInMonth(previous.year, previous.month);
    ASSERT_TRUE(next_day || next_month) << previous << " -> " << d;
    previous = d;
  }
}

TEST(DateTest, WeekdayOfKnownDates) {
  struct Case {
    Date date;
    int weekday;
  };
  const Case kCases[] = {
      {{1970, 1, 1}, 4},  {{2025, 9, 26}, 5},  {{2024, 2, 9}, 5},  {{2024, 2, 4}, 7},
      {{2000, 1, 1}, 6},  {{2025, 10, 1}, 3},  {{1949, 10, 1}, 6}, {{2026, 2, 23}, 1},
      {{2026, 2, 14}, 6}, {{1969, 12, 31}, 3}, {{2025, 9, 29}, 1}, {{2025, 9, 30}, 2},
  };
  for (const Case& c : kCases) EXPECT_EQ(c.date.Weekday(), c.weekday) << c.date;
  EXPECT_TRUE((Date{2025, 9, 28}).IsWeekend());
  EXPECT_TRUE((Date{2025, 9, 27}).IsWeekend());
  EXPECT_FALSE((Date{2025, 9, 26}).IsWeekend());
}

TEST(DateTest, AddDaysCrossesMonthsAndYears) {
  EXPECT_EQ((Date{2024, 2, 28}).AddDays(1), (Date{2024, 2, 29}));
  EXPECT_EQ((Date{2024, 2, 28}).AddDays(2), (Date{2024, 3, 1}));
  EXPECT_EQ((Date{2025, 2, 28}).AddDays(1), (Date{2025, 3, 1}));
  EXPECT_EQ((Date{2025, 12, 31}).AddDays(1), (Date{2026, 1, 1}));
  EXPECT_EQ((Date{2026, 1, 1}).AddDays(-1), (Date{2025, 12, 31}));
  EXPECT_EQ((Date{2025, 9, 26}).AddDays(34), (Date{2025, 10, 30}));
  EXPECT_EQ((Date{2025, 9, 26}).AddDays(0), (Date{2025, 9, 26}));
  EXPECT_EQ((Date{2024, 1, 1}).AddDays(366), (Date{2025, 1, 1}));
}

TEST(DateTest, OrdersByYearThenMonthThenDay) {
  EXPECT_LT((Date{2024, 12, 31}), (Date{2025, 1, 1}));
  EXPECT_LT((Date{2025, 1, 31}), (Date{2025, 2, 1}));
  EXPECT_LT((Date{2025, 2, 1}), (Date{2025, 2, 2}));
  EXPECT_EQ((Date{2025, 2, 1}), (Date{2025, 2, 1}));
  EXPECT_NE((Date{2025, 2, 1}), (Date{2025, 2, 2}));
  EXPECT_GE((Date{2025, 2, 2}), (Date{2025, 2, 1}));
}

// A China day starts at 16:00 UTC the day before; the text bounds every
// stored time of that day and no time of the day before.
TEST(ChinaDayStartUtcTest, IsTheFirstInstantOfTheChinaDay) {
  EXPECT_EQ(ChinaDayStartUtc(Date{2026, 1, 1}), "2025-12-31T16:00:00Z");
  EXPECT_EQ(ChinaDayStartUtc(Date{2024, 3, 1}), "2024-02-29T16:00:00Z");
  auto start = ParseUtc(ChinaDayStartUtc(Date{2026, 1, 1}));
  ASSERT_TRUE(start.ok());
  EXPECT_EQ(ChinaDate(*start), (Date{2026, 1, 1}));
  EXPECT_EQ(ChinaDate(*start - 1), (Date{2025, 12, 31}));
}

}  // namespace
}  // namespace gk
