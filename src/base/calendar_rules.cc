#include "base/calendar_rules.h"

#include <algorithm>

#include "base/strings.h"

namespace gk::calendar_rules {
namespace {

bool HasAnyControlChar(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

// Single-line, valid UTF-8 text.
bool IsCleanText(std::string_view s) { return IsValidUtf8(s) && !HasAnyControlChar(s); }

bool Overlap(const HolidayRange& a, const HolidayRange& b) {
  return a.from <= b.to && b.from <= a.to;
}

std::string RangeText(const HolidayRange& r) { return r.from.ToString() + ".." + r.to.ToString(); }

// A range must contain a day of `year` and reach at most kMaxSpillDays beyond it.
bool WithinYear(const HolidayRange& r, int year) {
  const Date first{year, 1, 1};
  const Date last{year, 12, 31};
  return r.to >= first && r.from <= last && r.from >= first.AddDays(-kMaxSpillDays) &&
         r.to <= last.AddDays(kMaxSpillDays);
}

std::optional<Problem> CheckHoliday(const HolidayRange& r, int year) {
  if (!IsValidDate(r.from) || !IsValidDate(r.to)) return Problem::kHolidayBadDate;
  if (Trim(r.name).empty()) return Problem::kEmptyName;
  if (!IsCleanText(r.name)) return Problem::kBadName;
  if (r.from > r.to) return Problem::kFromAfterTo;
  if (!WithinYear(r, year)) return Problem::kOutsideYear;
  return std::nullopt;
}

std::optional<Violation> CheckWorkday(const CalendarYear& y, size_t k) {
  const Date d = y.adjusted_workdays[k];
  if (!IsValidDate(d)) return Violation{Problem::kWorkdayBadDate, k};
  if (d.year != y.year) return Violation{Problem::kWorkdayOutsideYear, k};
  if (!d.IsWeekend()) return Violation{Problem::kWorkdayNotWeekend, k};
  for (size_t i = 0; i < y.holidays.size(); ++i) {
    if (InRange(y.holidays[i], d)) return Violation{Problem::kWorkdayInHoliday, k, i};
  }
  for (size_t m = 0; m < k; ++m) {
    if (y.adjusted_workdays[m] == d) return Violation{Problem::kWorkdayDuplicate, k, m};
  }
  return std::nullopt;
}

std::string HolidayLabel(const CalendarYear& y, size_t i) {
  const HolidayRange& r = y.holidays[i];
  if (IsCleanText(r.name) && !Trim(r.name).empty()) {
    return "holiday \"" + r.name + "\" " + RangeText(r);
  }
  return "holiday #" + std::to_string(i + 1) + " " + RangeText(r);
}

std::string EnglishHolidayMessage(const CalendarYear& y, const Violation& v) {
  const std::string label = HolidayLabel(y, v.a);
  switch (v.problem) {
    case Problem::kHolidayBadDate: return label + ": invalid date";
    case Problem::kEmptyName: return label + ": the name is empty";
    case Problem::kBadName:
      return label + ": the name contains control characters or invalid UTF-8";
    case Problem::kFromAfterTo: return label + ": ends before it starts";
    case Problem::kOutsideYear:
      return label + " is not within " + std::to_string(y.year) + " (a range may reach at most " +
             std::to_string(kMaxSpillDays) + " days into the neighbouring years)";
    case Problem::kOverlap: return label + " overlaps " + HolidayLabel(y, v.b);
    default: return label;  // not reached
  }
}

std::string EnglishWorkdayMessage(const CalendarYear& y, const Violation& v) {
  const Date d = y.adjusted_workdays[v.a];
  const std::string label = "adjusted workday " + d.ToString();
  switch (v.problem) {
    case Problem::kWorkdayBadDate: return label + ": invalid date";
    case Problem::kWorkdayOutsideYear: return label + " is not in " + std::to_string(y.year);
    case Problem::kWorkdayNotWeekend:
      return label + " is a " + kWeekdayEn[d.Weekday()] + ", not a Saturday or Sunday";
    case Problem::kWorkdayInHoliday: return label + " falls within " + HolidayLabel(y, v.b);
    case Problem::kWorkdayDuplicate: return label + " is listed twice";
    default: return label;  // not reached
  }
}

}  // namespace

bool IsWorkdayProblem(Problem p) {
  return p == Problem::kWorkdayBadDate || p == Problem::kWorkdayOutsideYear ||
         p == Problem::kWorkdayNotWeekend || p == Problem::kWorkdayInHoliday ||
         p == Problem::kWorkdayDuplicate;
}

bool IsValidDate(Date d) { return Date::IsValid(d.year, d.month, d.day); }

bool InRange(const HolidayRange& r, Date d) { return r.from <= d && d <= r.to; }

std::optional<Violation> FindViolation(const CalendarYear& y) {
  if (y.year < kMinYear || y.year > kMaxYear) return Violation{Problem::kYearRange};
  if (!IsCleanText(y.notice)) return Violation{Problem::kBadNotice};
  for (size_t i = 0; i < y.holidays.size(); ++i) {
    if (auto p = CheckHoliday(y.holidays[i], y.year)) return Violation{*p, i};
  }
  for (size_t i = 1; i < y.holidays.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (Overlap(y.holidays[i], y.holidays[j])) return Violation{Problem::kOverlap, i, j};
    }
  }
  for (size_t k = 0; k < y.adjusted_workdays.size(); ++k) {
    if (auto v = CheckWorkday(y, k)) return v;
  }
  return std::nullopt;
}

std::string EnglishMessage(const CalendarYear& y, const Violation& v) {
  switch (v.problem) {
    case Problem::kYearRange:
      return "year " + std::to_string(y.year) + " is outside the supported range " +
             std::to_string(kMinYear) + ".." + std::to_string(kMaxYear);
    case Problem::kBadNotice: return "the notice contains control characters or invalid UTF-8";
    default: break;
  }
  return IsWorkdayProblem(v.problem) ? EnglishWorkdayMessage(y, v) : EnglishHolidayMessage(y, v);
}

}  // namespace gk::calendar_rules
