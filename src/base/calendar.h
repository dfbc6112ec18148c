// The Chinese working-day calendar: Monday-Friday, minus the public holidays,
// plus the weekend days that the State Council's yearly holiday notice turns
// into working days (调休上班). Years without a loaded notice are unknown:
// every query that touches them fails with OutOfRange instead of guessing.
// The one exception is a provisional year (CalendarYear::provisional): the
// year right after the latest notice, derived from the statutory holidays
// alone (base/statutory.h) so that cases received in December have a due
// date; dates over it are shown as 暂定 until the notice is loaded.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"

namespace gk {

// Days off of one holiday, both ends inclusive (放假).
struct HolidayRange {
  std::string name;
  Date from;
  Date to;
  friend bool operator==(const HolidayRange&, const HolidayRange&) = default;
};

// The content of one year's holiday notice.
struct CalendarYear {
  int year = 0;
  std::string notice;                   // e.g. "国办发明电〔2024〕12号"
  std::vector<HolidayRange> holidays;   // 放假
  std::vector<Date> adjusted_workdays;  // 调休上班 (weekend days that are working days)
  // Derived from the law, not from a notice (never stored or written as TOML).
  bool provisional = false;
  friend bool operator==(const CalendarYear&, const CalendarYear&) = default;
};

enum class DayKind { kWorkday, kWeekend, kHoliday, kAdjustedWorkday };

// "workday", "weekend", "holiday", "adjusted workday".
const char* DayKindName(DayKind kind);
// True for kWorkday and kAdjustedWorkday.
inline bool IsWorkingKind(DayKind kind) {
  return kind == DayKind::kWorkday || kind == DayKind::kAdjustedWorkday;
}

struct DayInfo {
  Date date;
  DayKind kind = DayKind::kWorkday;
  // For kHoliday the holiday's name. For kAdjustedWorkday the holiday the
  // working day makes up for: the nearest holiday of the same year (at most 14
  // days away) that takes at least two weekdays off, since a holiday taking at
  // most one weekday off never needs a make-up day; empty if there is none.
  std::string holiday_name;
  friend bool operator==(const DayInfo&, const DayInfo&) = default;
};

class WorkdayCalendar {
 public:
  // Adds one year. InvalidArgument if the year is malformed:
  //  - year outside 1949..2200; notice with control characters or bad UTF-8;
  //  - a holiday with an empty name (or control characters / bad UTF-8 in it),
  //    from > to, or not within the year: a range must contain a day of the
  //    year and may reach at most 7 days into the previous or next year (e.g.
  //    2023-12-30..2024-01-01); the days outside the year are ignored for
  //    lookups, the neighbouring year's own file decides them;
  //  - two overlapping holiday ranges;
  //  - an adjusted workday outside the year, not a Saturday or Sunday, inside
  //    a holiday range, or listed twice.
  // Conflict if the year is already present. Holidays and adjusted workdays
  // are stored sorted by date.
  Status AddYear(CalendarYear year);

  bool Covers(int year) const { return years_.count(year) != 0; }
  // True if `year` is covered by a provisional year. Since only the year
  // after the latest notice is ever provisional, a date computed by walking
  // forward is provisional exactly when its own year is.
  bool IsProvisional(int year) const;
  bool IsProvisional(Date d) const { return IsProvisional(d.year); }
  // The provisional year, if the calendar has one.
  std::optional<int> ProvisionalYear() const;
  // The covered years, ascending (provisional ones included).
  std::vector<int> Years() const;
  // The stored year, or nullptr if absent. Valid until the next AddYear.
  const CalendarYear* FindYear(int year) const;

  // What kind of day `d` is. OutOfRange if d.year is not covered.
  Result<DayInfo> Classify(Date d) const;
  Result<bool> IsWorkday(Date d) const;

  // The date that is `n` working days after `start`, the start day itself not
  // counted; n == 0 returns start. Every day that has to be looked at (start+1
  // up to the result) must lie in a covered year, otherwise OutOfRange with
  // "no working-day calendar for 2027: load the State Council holiday notice
  // for 2027 first". InvalidArgument for n < 0.
  Result<Date> AddWorkdays(Date start, int n) const;

  // The number of working days in (from, to]: `from` not counted, `to`
  // counted; 0 if to <= from. OutOfRange as above for any day in (from, to].
  // From running counts kept per year: the cost is the years spanned.
  Result<int> WorkdaysBetween(Date from, Date to) const;

  // The non-working days (weekends and holidays) passed over while computing
  // AddWorkdays(start, n), in date order; for explaining a deadline. Same
  // errors as AddWorkdays.
  Result<std::vector<DayInfo>> SkippedDays(Date start, int n) const;

 private:
  struct YearData {
    CalendarYear source;
    std::vector<DayInfo> days;  // days[i] is day i (0-based) of the year
    std::vector<int> working;   // working[i]: working days among days[0, i)
  };
  // Working days of the year before day `index` (0-based; 0 ≤ index ≤ size).
  static int WorkingBefore(const YearData& y, int64_t index) { return y.working[static_cast<size_t>(index)]; }

  // The classification of `d`, or OutOfRange.
  Result<const DayInfo*> Lookup(Date d) const;
  // Walks forward from `start` until `n` working days are passed; sets *end
  // and appends non-working days to *skipped if non-null.
  Status Walk(Date start, int n, Date* end, std::vector<DayInfo>* skipped) const;

  std::map<int, YearData> years_;
};

}  // namespace gk
