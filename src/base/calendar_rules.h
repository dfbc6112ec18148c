// The rules a calendar year must satisfy (what WorkdayCalendar::AddYear,
// the TOML reader and the staff form all check), found in one place so that
// the three readers cannot disagree; each reader words the violation for its
// own audience (English for files and logs, Chinese with line numbers for the
// staff form). Internal to base/.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "base/calendar.h"

namespace gk::calendar_rules {

inline constexpr int kMinYear = 1949;
inline constexpr int kMaxYear = 2200;
// How far a holiday range may reach into the previous or next year.
inline constexpr int kMaxSpillDays = 7;

inline constexpr const char* kWeekdayEn[] = {"",         "Monday", "Tuesday",  "Wednesday",
                                             "Thursday", "Friday", "Saturday", "Sunday"};
inline constexpr const char* kWeekdayZh[] = {"",       "星期一", "星期二", "星期三",
                                             "星期四", "星期五", "星期六", "星期日"};

enum class Problem {
  kYearRange,           // the year itself
  kBadNotice,           // the notice
  kHolidayBadDate,      // a: holiday
  kEmptyName,           // a: holiday
  kBadName,             // a: holiday
  kFromAfterTo,         // a: holiday
  kOutsideYear,         // a: holiday
  kOverlap,             // a: the later holiday, b: the earlier one
  kWorkdayBadDate,      // a: workday
  kWorkdayOutsideYear,  // a: workday
  kWorkdayNotWeekend,   // a: workday
  kWorkdayInHoliday,    // a: workday, b: holiday
  kWorkdayDuplicate,    // a: the later workday, b: the earlier one
};

struct Violation {
  Problem problem;
  size_t a = 0;
  size_t b = 0;
};

bool IsWorkdayProblem(Problem p);
bool IsValidDate(Date d);
bool InRange(const HolidayRange& r, Date d);

// The first thing wrong with `y`, in a fixed order: year, notice, each
// holiday, overlaps, each adjusted workday.
std::optional<Violation> FindViolation(const CalendarYear& y);

// The violation in English, naming the holiday or date (files and logs).
std::string EnglishMessage(const CalendarYear& y, const Violation& v);

}  // namespace gk::calendar_rules
