#include "base/calendar.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

#include "base/calendar_rules.h"

namespace gk {
namespace {

using calendar_rules::EnglishMessage;
using calendar_rules::FindViolation;
using calendar_rules::InRange;
using calendar_rules::IsValidDate;

// How far an adjusted workday may lie from the holiday it makes up for.
constexpr int kMaxMakeUpDistance = 14;

std::string MissingYearMessage(int year) {
  const std::string y = std::to_string(year);
  return "no working-day calendar for " + y + ": load the State Council holiday notice for " + y +
         " first";
}

Status CheckDate(Date d) {
  if (IsValidDate(d)) return Status::Ok();
  return InvalidArgument("invalid date " + d.ToString());
}

// ---- a year's day table --------------------------------------------------------

int WeekdaysOff(const HolidayRange& r) {
  int n = 0;
  for (Date d = r.from; d <= r.to; d = d.AddDays(1)) n += d.IsWeekend() ? 0 : 1;
  return n;
}

// The holiday an adjusted workday `d` makes up for; see DayInfo::holiday_name.
std::string MadeUpHoliday(const CalendarYear& y, Date d) {
  const std::string* best = nullptr;
  int64_t best_distance = kMaxMakeUpDistance + 1;
  for (const HolidayRange& r : y.holidays) {
    if (WeekdaysOff(r) < 2) continue;
    const int64_t distance = d < r.from ? r.from.DaysSinceEpoch() - d.DaysSinceEpoch()
                                        : d.DaysSinceEpoch() - r.to.DaysSinceEpoch();
    if (distance < best_distance) {
      best = &r.name;
      best_distance = distance;
    }
  }
  return best ? *best : std::string();
}

DayInfo ClassifyInYear(const CalendarYear& y, Date d) {
  for (const HolidayRange& r : y.holidays) {
    if (InRange(r, d)) return {d, DayKind::kHoliday, r.name};
  }
  const auto& adjusted = y.adjusted_workdays;
  if (std::find(adjusted.begin(), adjusted.end(), d) != adjusted.end()) {
    return {d, DayKind::kAdjustedWorkday, MadeUpHoliday(y, d)};
  }
  return {d, d.IsWeekend() ? DayKind::kWeekend : DayKind::kWorkday, ""};
}

std::vector<DayInfo> BuildDays(const CalendarYear& y) {
  const Date first{y.year, 1, 1};
  const int count = Date::IsLeapYear(y.year) ? 366 : 365;
  std::vector<DayInfo> days;
  days.reserve(count);
  for (int i = 0; i < count; ++i) days.push_back(ClassifyInYear(y, first.AddDays(i)));
  return days;
}

}  // namespace

const char* DayKindName(DayKind kind) {
  switch (kind) {
    case DayKind::kWorkday: return "workday";
    case DayKind::kWeekend: return "weekend";
    case DayKind::kHoliday: return "holiday";
    case DayKind::kAdjustedWorkday: return "adjusted workday";
  }
  return "unknown";
}

// ---- WorkdayCalendar ------------------------------------------------------------

Status WorkdayCalendar::AddYear(CalendarYear year) {
  if (auto v = FindViolation(year)) return InvalidArgument(EnglishMessage(year, *v));
  if (Covers(year.year)) {
    return Conflict("the working-day calendar for " + std::to_string(year.year) +
                    " is already loaded");
  }
  std::sort(year.holidays.begin(), year.holidays.end(),
            [](const HolidayRange& a, const HolidayRange& b) { return a.from < b.from; });
  std::sort(year.adjusted_workdays.begin(), year.adjusted_workdays.end());
  YearData data;
  data.days = BuildDays(year);
  data.working.reserve(data.days.size() + 1);
  data.working.push_back(0);
  for (const DayInfo& d : data.days) data.working.push_back(data.working.back() + (IsWorkingKind(d.kind) ? 1 : 0));
  data.source = std::move(year);
  const int key = data.source.year;
  years_.emplace(key, std::move(data));
  return Status::Ok();
}

std::vector<int> WorkdayCalendar::Years() const {
  std::vector<int> out;
  for (const auto& [year, data] : years_) out.push_back(year);
  return out;
}

bool WorkdayCalendar::IsProvisional(int year) const {
  auto it = years_.find(year);
  return it != years_.end() && it->second.source.provisional;
}

std::optional<int> WorkdayCalendar::ProvisionalYear() const {
  for (const auto& [year, data] : years_) {
    if (data.source.provisional) return year;
  }
  return std::nullopt;
}

const CalendarYear* WorkdayCalendar::FindYear(int year) const {
  auto it = years_.find(year);
  return it == years_.end() ? nullptr : &it->second.source;
}

Result<const DayInfo*> WorkdayCalendar::Lookup(Date d) const {
  RETURN_IF_ERROR(CheckDate(d));
  auto it = years_.find(d.year);
  if (it == years_.end()) return OutOfRange(MissingYearMessage(d.year));
  const int64_t index = d.DaysSinceEpoch() - Date{d.year, 1, 1}.DaysSinceEpoch();
  return &it->second.days[static_cast<size_t>(index)];
}

Result<DayInfo> WorkdayCalendar::Classify(Date d) const {
  ASSIGN_OR_RETURN(const DayInfo* info, Lookup(d));
  return *info;
}

Result<bool> WorkdayCalendar::IsWorkday(Date d) const {
  ASSIGN_OR_RETURN(const DayInfo* info, Lookup(d));
  return IsWorkingKind(info->kind);
}

Status WorkdayCalendar::Walk(Date start, int n, Date* end, std::vector<DayInfo>* skipped) const {
  RETURN_IF_ERROR(CheckDate(start));
  if (n < 0) {
    return InvalidArgument("the number of working days must not be negative, got " +
                           std::to_string(n));
  }
  // Walks the per-year day tables by index; a map lookup only when the walk
  // enters a new year.
  int64_t day = start.DaysSinceEpoch();
  const YearData* year = nullptr;
  int64_t year_first = 0;
  for (int left = n; left > 0;) {
    ++day;
    if (year == nullptr || day - year_first >= static_cast<int64_t>(year->days.size())) {
      Date d = Date::FromDaysSinceEpoch(day);
      auto it = years_.find(d.year);
      if (it == years_.end()) return OutOfRange(MissingYearMessage(d.year));
      year = &it->second;
      year_first = Date{d.year, 1, 1}.DaysSinceEpoch();
    }
    const DayInfo& info = year->days[static_cast<size_t>(day - year_first)];
    if (IsWorkingKind(info.kind)) {
      --left;
    } else if (skipped != nullptr) {
      skipped->push_back(info);
    }
  }
  *end = Date::FromDaysSinceEpoch(day);
  return Status::Ok();
}

Result<Date> WorkdayCalendar::AddWorkdays(Date start, int n) const {
  Date end;
  RETURN_IF_ERROR(Walk(start, n, &end, nullptr));
  return end;
}

Result<std::vector<DayInfo>> WorkdayCalendar::SkippedDays(Date start, int n) const {
  Date end;
  std::vector<DayInfo> skipped;
  RETURN_IF_ERROR(Walk(start, n, &end, &skipped));
  return skipped;
}

Result<int> WorkdayCalendar::WorkdaysBetween(Date from, Date to) const {
  RETURN_IF_ERROR(CheckDate(from));
  RETURN_IF_ERROR(CheckDate(to));
  if (to <= from) return 0;
  // The days (from, to] year by year: each year's part from its running counts.
  const Date first = from.AddDays(1);
  int count = 0;
  for (int year = first.year; year <= to.year; ++year) {
    auto it = years_.find(year);
    if (it == years_.end()) return OutOfRange(MissingYearMessage(year));
    const int64_t start = Date{year, 1, 1}.DaysSinceEpoch();
    const int64_t a = year == first.year ? first.DaysSinceEpoch() - start : 0;
    const int64_t b = year == to.year ? to.DaysSinceEpoch() - start + 1 : static_cast<int64_t>(it->second.days.size());
    count += WorkingBefore(it->second, b) - WorkingBefore(it->second, a);
  }
  return count;
}

}  // namespace gk
