// The supervision figures (seed rules 五, 条例 Arts. 46–47) for the
// 领导小组 and the 监察办: what waits in the review chain and for how long,
// proactive disclosures late against the 20-working-day rule, applications
// near or past their due date, complaints open, rectification orders
// overdue — now, per department, and per month over a period — and the same
// per department over a year as the annual assessment (XLSX).
//
// Everything is computed from the records when asked; nothing is stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/calendar.h"
#include "base/date.h"
#include "base/status.h"
#include "documents/print.h"
#include "store/db.h"

namespace gk::oversight {

// One department's figures over a period (and its open work now).
struct DepartmentFigures {
  int64_t department_id = 0;
  std::string department;
  // Proactive disclosure.
  int published = 0, published_on_time = 0, published_late = 0;  // in the period (late: > 20 working days)
  int unpublished_late = 0;  // now: 主动公开 items not yet published, past their 20 working days
  int waiting_in_chain = 0, longest_wait_days = 0;  // now
  // Applications assigned to the department.
  int applications_received = 0, applications_closed = 0, applications_closed_late = 0;  // in the period
  int applications_open = 0, applications_due_soon = 0, applications_overdue = 0;        // now
  // Complaints and orders.
  int feedback_about = 0;  // received in the period about the department's items or forwarded to it
  int orders_issued = 0, orders_closed = 0, orders_overdue = 0;  // issued/closed in the period; overdue now
};

// Adds `d`'s figures to `total` (the longest wait is the longer of the two).
void AddFigures(DepartmentFigures* total, const DepartmentFigures& d);

struct MonthFigures {
  std::string month;  // "2026-06"
  int published = 0, published_late = 0, applications_received = 0, applications_closed = 0,
      applications_closed_late = 0, feedback_received = 0, orders_issued = 0;
};

struct WaitingItem {
  int64_t item_id = 0;
  std::string index_no, title, department, state_label;
  int waited_days = 0;
  bool readable = false;  // the viewer may open it (disclosure/access.h)
};

struct DueApplication {
  int64_t id = 0;
  std::string ref, title, department, due_on;
  int working_days_left = 0;  // negative when overdue
  bool readable = false;       // the viewer may open it (requests/access.h)
};

// How many entries the dashboard's lists show at most (their totals are
// counted in full).
inline constexpr size_t kSupervisionListLimit = 50;

struct Supervision {
  Date from, to, today;
  // By department order; then "未分办的申请" (id -1) when applications not yet
  // assigned to a department count; a last row "合计" (id 0) sums them all.
  std::vector<DepartmentFigures> departments;
  std::vector<MonthFigures> months;            // each month of [from, to]
  std::vector<WaitingItem> waiting;            // the 20 that have waited longest
  // Unpublished 主动公开 items past their 20 working days, longest first, at
  // most kSupervisionListLimit of late_unpublished_total.
  std::vector<WaitingItem> late_unpublished;
  int late_unpublished_total = 0;
  // Open applications due within 3 working days or overdue, soonest first, at
  // most kSupervisionListLimit of applications_due_total.
  std::vector<DueApplication> applications;
  int applications_due_total = 0;
  int feedback_open = 0, feedback_overdue = 0, orders_open = 0, orders_overdue = 0;
  // Open applications whose due date is 暂定 (in the year after the latest
  // holiday notice), and that year.
  int64_t applications_provisional = 0;
  std::optional<int> provisional_year;
};

// The 20-working-day rule of 条例 Art. 26 for 主动公开 items, in one place:
// the working days in (formed_on, day], an error when the calendar does not
// cover them (never "late" on a guess); late when more than 20.
Result<int> ProactiveWorkdays(const WorkdayCalendar& cal, const std::string& formed_on, const Date& day);
bool ProactiveLate(int workdays);
// Whether an item formed on `formed_on` and published on `day` kept that
// rule: on time without asking the calendar when no more calendar days than
// the limit passed (working days are never more than days), otherwise as the
// working days say; nullopt when they are unknown.
std::optional<bool> ProactiveOnTime(const WorkdayCalendar& cal, const std::string& formed_on, const Date& day);
// The same for a date of formation as the publication counters keep it: ''
// for one no more than the limit in calendar days before the day of
// publication (migrations/0034_counted_formation.sql).
std::optional<bool> CountedOnTime(const WorkdayCalendar& cal, const std::string& counted_formed_on, const Date& day);

// The formation dates ("YYYY-MM-DD") of items that are late on `today` by
// that rule: first <= formed_on <= last (the working days of every later
// formation date are at most 20, of every earlier one unknown); nullopt when
// none is.
struct FormationRange {
  std::string first, last;
};
std::optional<FormationRange> LateFormations(const WorkdayCalendar& cal, const Date& today);

// Whether `who` may see the figures: 领导小组, 监察办, 公开办, 保密监督 and the
// leadership (accounts Permission::kViewSupervision), and the upper office
// reading the agency through accounts::Oversee.
bool ReadsSupervision(const accounts::Principal& who);

// The figures, for those ReadsSupervision allows.
Result<Supervision> BuildSupervision(const accounts::Context& ctx, const accounts::Principal& who, const Date& from,
                                     const Date& to);

// The figures alone (the lists left empty; their totals counted), `today`
// given, inside the caller's read: for the district's comparison.
Result<Supervision> SupervisionFigures(store::Tx& tx, const accounts::Principal& who, const Date& today,
                                       const Date& from, const Date& to);

// The annual assessment workbook (条例 Art. 46): sheet 部门考核 with one row
// per department (and the total), sheet 按月 with the months.
Result<std::string> AssessmentXlsx(const Supervision& s, const std::string& agency_name);

// The monthly supervision report for the 人大 and the upper office (V.1).
documents::PrintDocument SupervisionReport(const Supervision& s, const std::string& agency_name);

}  // namespace gk::oversight
