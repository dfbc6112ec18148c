#include "accounts/workdays.h"

#include "base/calendar_files.h"
#include "base/statutory.h"

namespace gk::accounts {
namespace {

Status InsertYear(store::Tx& tx, const Clock& clock, int64_t agency_id, const CalendarYear& y,
                  const audit::Actor& actor) {
  std::string def = FormatCalendarToml(y);
  auto r = tx.Exec("INSERT INTO calendar_years (agency_id, year, notice, definition, created_by, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   {agency_id, int64_t{y.year}, y.notice, def, actor.label, Now(clock)});
  if (!r.ok() && r.status().code() == Code::kConflict) {
    return Conflict(std::to_string(y.year) + " 年的工作日历已存在");
  }
  RETURN_IF_ERROR(r.status());
  return audit::Append(tx, clock, {agency_id, actor, "calendar.add_year", "calendar_year",
                                   std::to_string(y.year), "", def,
                                   "添加 " + std::to_string(y.year) + " 年工作日历"});
}

}  // namespace

Result<WorkdayCalendar> Workdays::LoadNotices(store::Tx& tx, int64_t agency_id) {
  WorkdayCalendar cal;
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT year, definition FROM calendar_years WHERE agency_id = ? "
                                       "ORDER BY year", {agency_id}));
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(CalendarYear y, ParseCalendarToml(r.Str("definition"), "calendar year " + r.Str("year")));
    RETURN_IF_ERROR(cal.AddYear(std::move(y)));
  }
  return cal;
}

Result<WorkdayCalendar> Workdays::Load(store::Tx& tx, int64_t agency_id) {
  ASSIGN_OR_RETURN(WorkdayCalendar cal, LoadNotices(tx, agency_id));
  RETURN_IF_ERROR(AddProvisionalYear(cal));
  return cal;
}

Result<WorkdayCalendar> Workdays::Calendar(int64_t agency_id) {
  return ctx_.db.Read<WorkdayCalendar>([&](store::Tx& tx) { return Load(tx, agency_id); });
}

Status Workdays::AddYear(const Principal& who, const CalendarYear& year) {
  RETURN_IF_ERROR(Require(who, Permission::kEditCalendar));
  WorkdayCalendar check;
  RETURN_IF_ERROR(check.AddYear(year));  // validates
  return ctx_.db.Transact([&](store::Tx& tx) {
    return InsertYear(tx, ctx_.clock, who.agency_id, year, who.ActorFor());
  });
}

Result<int> Workdays::RecomputeStoredDueDates(store::Tx& tx, int64_t agency_id, const std::string& table,
                                              const std::string& open_sql, int days) {
  ASSIGN_OR_RETURN(WorkdayCalendar cal, Load(tx, agency_id));
  std::vector<int> years = cal.Years();
  std::optional<int> provisional = cal.ProvisionalYear();
  int latest_notice = 0;
  for (int y : years) {
    if (!provisional || y != *provisional) latest_notice = y;
  }
  if (latest_notice == 0) return 0;
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, received_on, COALESCE(due_on, '') AS due_on FROM " + table +
                                           " WHERE agency_id = ? AND (" + open_sql + ") AND (due_on IS NULL OR "
                                           "due_on >= ?)",
                                       {agency_id, Date{latest_notice, 1, 1}.ToString()}));
  int changed = 0;
  for (const auto& r : rows) {
    auto received = Date::Parse(r.Str("received_on"));
    if (!received.ok()) continue;
    auto due = cal.AddWorkdays(*received, days);
    std::string now = due.ok() ? due->ToString() : "";
    if (now == r.Str("due_on")) continue;
    RETURN_IF_ERROR(tx.Exec("UPDATE " + table + " SET due_on = ? WHERE id = ?",
                            {now.empty() ? store::Value(nullptr) : store::Value(now), r.Int("id")})
                        .status());
    ++changed;
  }
  return changed;
}

Result<int> Workdays::ImportMissing(store::Tx& tx, const Clock& clock, int64_t agency_id,
                                    const std::vector<CalendarYear>& shipped, const audit::Actor& actor) {
  int added = 0;
  for (const CalendarYear& y : shipped) {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT 1 FROM calendar_years WHERE agency_id = ? AND year = ?",
                                           {agency_id, int64_t{y.year}}));
    if (row) continue;
    RETURN_IF_ERROR(InsertYear(tx, clock, agency_id, y, actor));
    ++added;
  }
  return added;
}

}  // namespace gk::accounts
