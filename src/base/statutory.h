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

}  // namespace gk
