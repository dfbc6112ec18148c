// Reading and writing calendar years: the year files (TOML, data/calendar/
// and the database's calendar_years.definition), the staff form on the
// calendar screen, and a directory of year files. Every reader checks a year
// by the same rules as WorkdayCalendar::AddYear (base/calendar_rules.h).
#pragma once

#include <string>
#include <string_view>

#include "base/calendar.h"
#include "base/status.h"

namespace gk {

// Parses one year file (TOML, see data/calendar/*.toml):
//   year = 2025
//   notice = "国办发明电〔2024〕12号"
//   holidays = [ { name = "元旦", from = "2025-01-01", to = "2025-01-01" }, ... ]
//   adjusted_workdays = ["2025-01-26", "2025-02-08"]
// year, notice and holidays are required, adjusted_workdays defaults to [],
// a holiday's `to` defaults to its `from`. Dates are strings. Unknown keys are
// errors. The result is validated as AddYear does. Errors are InvalidArgument
// and name `source` and the line: "2025.toml: line 7: ...".
Result<CalendarYear> ParseCalendarToml(std::string_view text, std::string_view source);

// A TOML text that ParseCalendarToml reads back as `year`.
std::string FormatCalendarToml(const CalendarYear& year);

// Parses the staff web form for adding a year. `holidays` has one line per
// holiday, "<name> <from> [<to>]" separated by spaces, tabs or full-width
// spaces (`to` defaults to `from`); `workdays` has one date per line; blank
// lines are ignored. The result is validated as AddYear does. Errors are
// InvalidArgument in Simplified Chinese naming the field and the 1-based line,
// e.g. "放假安排 第3行：日期 \"2027-13-01\" 无效".
Result<CalendarYear> ParseCalendarForm(int year, std::string_view notice, std::string_view holidays,
                                       std::string_view workdays);

// Loads every "<year>.toml" in `dir` (not recursive; other files are ignored),
// in year order. The `year` key must match the file name. NotFound if `dir`
// is not a directory; parse and validation errors as ParseCalendarToml.
Result<WorkdayCalendar> LoadCalendarDirectory(const std::string& dir);

}  // namespace gk
