// The working-day calendar of an agency, kept in the database one year per
// row (the year's TOML definition), seeded from data/calendar/ and extended by
// staff when the State Council publishes the next year's holidays.
#pragma once

#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/calendar.h"
#include "base/status.h"

namespace gk::accounts {

class Workdays {
 public:
  explicit Workdays(const Context& ctx) : ctx_(ctx) {}

  // The agency's calendar (no permission needed: deadlines are public facts):
  // the loaded notices plus, for the year right after the latest of them,
  // the provisional year derived from the law (CalendarYear::provisional).
  Result<WorkdayCalendar> Calendar(int64_t agency_id);
  // The same, inside an open transaction.
  static Result<WorkdayCalendar> Load(store::Tx& tx, int64_t agency_id);
  // The loaded notices only, without a provisional year.
  static Result<WorkdayCalendar> LoadNotices(store::Tx& tx, int64_t agency_id);
  // Adds a year; requires kEditCalendar; Conflict if the year exists.
  Status AddYear(const Principal& who, const CalendarYear& year);

  // Inside `tx`: adds every year of `shipped` that the agency lacks; returns
  // how many were added.
  // Inside `tx`: sets `table`.due_on to `days` working days after
  // received_on for the agency's rows matching `open_sql` (a condition over
  // the table's own columns) whose due date may have followed the calendar:
  // none yet, or one in or after the latest notice year (computed over the
  // provisional year before that notice was loaded). Returns how many changed.
  // For records whose limit is a fixed count of working days from receipt.
  static Result<int> RecomputeStoredDueDates(store::Tx& tx, int64_t agency_id, const std::string& table,
                                             const std::string& open_sql, int days);

  static Result<int> ImportMissing(store::Tx& tx, const Clock& clock, int64_t agency_id,
                                   const std::vector<CalendarYear>& shipped, const audit::Actor& actor);

 private:
  Context ctx_;
};

}  // namespace gk::accounts
