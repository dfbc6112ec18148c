// The working-day calendar: a year at a glance, and adding a year when the
// State Council publishes its holiday notice.
#include "base/calendar.h"
#include "base/calendar_files.h"
#include "base/clock.h"
#include "oversight/due_dates.h"
#include "web/page.h"
#include "web/render.h"

namespace gk::web {
namespace {

const char* KindClass(DayKind k) {
  switch (k) {
    case DayKind::kWorkday: return "workday";
    case DayKind::kWeekend: return "weekend";
    case DayKind::kHoliday: return "holiday";
    case DayKind::kAdjustedWorkday: return "adjusted";
  }
  return "";
}

View Month(const WorkdayCalendar& cal, int year, int month) {
  View m;
  m["name"] = std::to_string(month) + " 月";
  Date first{year, month, 1};
  View weeks = View::MakeList();
  View week = View::MakeList();
  for (int i = 1; i < first.Weekday(); ++i) week.Push(View(false));
  for (Date d = first; d.month == month && d.year == year; d = d.AddDays(1)) {
    View cell;
    cell["day"] = d.day;
    auto info = cal.Classify(d);
    if (info.ok()) {
      cell["kind"] = KindClass(info->kind);
      cell["title"] = d.ToString() + (info->holiday_name.empty() ? "" : " " + info->holiday_name);
    }
    week.Push(std::move(cell));
    if (d.Weekday() == 7) {
      weeks.Push(std::move(week));
      week = View::MakeList();
    }
  }
  if (!week.list().empty()) weeks.Push(std::move(week));
  m["weeks"] = std::move(weeks);
  return m;
}

Response ShowYear(Ctx& c) {
  if (Status s = accounts::Require(c.who(), accounts::Permission::kViewCalendar); !s.ok()) return c.Error(s);
  auto cal = c.workdays().Calendar(c.agency.id);
  if (!cal.ok()) return c.Error(cal.status());
  int year = std::atoi(c.req.QueryParam("year").c_str());
  if (year == 0) year = ChinaDate(c.services.clock.Now()).year;
  View v = c.Base(c.renderer.Text("calendar_title"), "calendar");
  v["year"] = year;
  v["can_edit"] = c.who().Can(accounts::Permission::kEditCalendar);
  for (int y : cal->Years()) {
    View item;
    item["year"] = y;
    item["current"] = y == year;
    item["provisional"] = cal->IsProvisional(y);
    v["years"].Push(std::move(item));
  }
  if (const CalendarYear* data = cal->FindYear(year)) {
    v["covered"] = true;
    v["provisional"] = data->provisional;
    v["notice"] = data->notice;
    for (const auto& h : data->holidays) {
      View row;
      row["name"] = h.name;
      row["from"] = h.from.ToString();
      row["to"] = h.to.ToString();
      row["days"] = static_cast<int>(h.to.DaysSinceEpoch() - h.from.DaysSinceEpoch() + 1);
      v["holidays"].Push(std::move(row));
    }
    for (const auto& d : data->adjusted_workdays) {
      View row;
      row["date"] = d.ToString();
      row["weekday"] = d.Weekday() == 6 ? "星期六" : "星期日";
      v["adjusted"].Push(std::move(row));
    }
    for (int m = 1; m <= 12; ++m) v["months"].Push(Month(*cal, year, m));
  }
  return c.Page("staff/calendar", std::move(v));
}

Response YearForm(Ctx& c, const std::string& error, int status) {
  View v = c.Base(c.renderer.Text("calendar_new_title"), "calendar");
  v["error"] = error;
  v["year"] = c.Field("year");
  v["notice"] = c.Field("notice");
  v["holidays"] = c.Field("holidays");
  v["workdays"] = c.Field("workdays");
  return c.Page("staff/calendar_new", std::move(v), status);
}

Response NewYear(Ctx& c) {
  if (Status s = accounts::Require(c.who(), accounts::Permission::kEditCalendar); !s.ok()) return c.Error(s);
  return YearForm(c, "", 200);
}

Response AddYear(Ctx& c) {
  if (Status s = accounts::Require(c.who(), accounts::Permission::kEditCalendar); !s.ok()) return c.Error(s);
  std::string year_text = c.Field("year");
  char* end = nullptr;
  long year = std::strtol(year_text.c_str(), &end, 10);
  if (year_text.empty() || *end != '\0') return YearForm(c, "年份无效", 400);
  auto parsed = ParseCalendarForm(static_cast<int>(year), c.Field("notice"), c.Field("holidays"),
                                  c.Field("workdays"));
  if (!parsed.ok()) return Refused(c, parsed.status(), [&](const std::string& m, int st) { return YearForm(c, m, st); });
  Status s = c.workdays().AddYear(c.who(), *parsed);
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return YearForm(c, m, st); });
  // Open cases whose due date depends on the new year move now (a
  // provisional date is confirmed or moved); each application records the
  // change in its timeline.
  auto moved = oversight::RecomputeDueDates(c.services, *c.services.data_key, c.who());
  if (!moved.ok()) return c.Error(moved.status());
  return Response::Redirect("/staff/calendar?year=" + std::to_string(year) + "&ok=" +
                            (moved->Total() > 0 ? "year_added_moved" : "year_added"));
}

}  // namespace

std::vector<Route> CalendarRoutes() {
  return {
      {"GET", "/staff/calendar", Access::kStaff, ShowYear},
      {"GET", "/staff/calendar/new", Access::kStaff, NewYear},
      {"POST", "/staff/calendar", Access::kStaff, AddYear},
  };
}

}  // namespace gk::web
