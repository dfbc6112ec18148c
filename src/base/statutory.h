// The public holidays that 《全国年节及纪念日放假办法》 fixes for every year,
// without the State Council's yearly arrangement (which joins them to
// weekends and adds 调休 working days). They are the basis of a provisional
// calendar for a year whose holiday notice is not out yet.
//
//   from 2025 (revision of 2024, in force 1 January 2025):
//     元旦 1 day (1 January); 春节 4 days (除夕, 正月初一 to 初三);
//     清明节 1 day (the day of the 清明 solar term); 劳动节 2 days (1–2 May);
//     端午节 1 day (五月初五); 中秋节 1 day (八月十五); 国庆节 3 days (1–3 October);
//   2014–2024 (revision of 2013): the same, but 春节 3 days (初一 to 初三) and
//     劳动节 1 day (1 May).
//
// Lunar dates: which month is 正月, 五月 and 八月 comes from ICU's Chinese
// calendar; the day each starts (初一) from the new moon computed after Meeus
// (Astronomical Algorithms, ch. 49) in Beijing time, because ICU places new
// moons near midnight a day off (2027, 2030). The 清明 day comes from the
// solar-term formula for the 21st century (day of April = ⌊Y·0.2422 + 4.81⌋
// − ⌊Y/4⌋, Y = year mod 100). All are checked against every shipped State
// Council notice and published dates (tests/unit/statutory_test.cc).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/calendar.h"
#include "base/date.h"
#include "base/status.h"

namespace gk {

struct StatutoryHoliday {
  std::string name;  // 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节
  Date from, to;     // inclusive
  friend bool operator==(const StatutoryHoliday&, const StatutoryHoliday&) = default;
};

// The statutory holidays of `year`, in date order. InvalidArgument outside
// 2014..2099 (the laws and the formula this implements); Internal if ICU
// fails.
Result<std::vector<StatutoryHoliday>> StatutoryHolidays(int year);

// A calendar year made of the statutory holidays alone, with no 调休
// working days: what can be known of `year` before its notice is out. The
// notice field says so ("暂定：依《全国年节及纪念日放假办法》推算").
Result<CalendarYear> ProvisionalCalendarYear(int year);

// Adds to `cal` the provisional year right after its latest year, the only
// year that is ever provisional. Nothing happens for an empty calendar or
// when that year is outside what ProvisionalCalendarYear covers: a date
// there stays an error naming the missing year.
Status AddProvisionalYear(WorkdayCalendar& cal);

// The year whose holiday notice staff should load now, if any: the current
// year when it has no notice, or from 1 October the next year when it has
// none (notices come out in late autumn). A provisional year counts as
// having no notice.
std::optional<int> MissingNoticeYear(const WorkdayCalendar& cal, Date today);

// How a date in the provisional year is shown: after the date on pages and
// in lists, and in letters, where the date is printed for the applicant.
inline constexpr const char* kProvisionalMark = "（暂定）";
inline constexpr const char* kProvisionalLetterMark = "（暂定，以国务院办公厅公布的放假安排为准）";
// The explanation of a provisional date, naming its year: "2027年的放假安排
// 尚未公布，该年日期依……推算（不含调休），以国务院办公厅公布的放假安排为准".
std::string ProvisionalNote(int year);
// `d` as YYYY-MM-DD followed by kProvisionalMark if it is provisional in `cal`.
std::string MarkedDate(const WorkdayCalendar& cal, Date d);

}  // namespace gk
