// The supervision dashboard (oversight/dashboard.h) for the 领导小组 and the
// 监察办: figures now and over a period, per department and per month, with
// SVG charts drawn here; the printable supervision report (PDF) and the
// annual assessment workbook (XLSX).
#include "oversight/dashboard.h"

#include "base/strings.h"
#include "web/page.h"
#include "web/render.h"
#include "web/svg_chart.h"

namespace gk::web {

namespace {

std::string Num(int v) { return std::to_string(v); }

struct Period {
  Date from, to;
};

// ?from=&to= (dates), ?month=YYYY-MM or ?year=YYYY; default: the twelve
// months up to today.
Result<Period> ReadPeriod(Ctx& c) {
  Date today = ChinaDate(c.services.clock.Now());
  std::string year(Trim(c.req.QueryParam("year"))), month(Trim(c.req.QueryParam("month")));
  if (!year.empty()) {
    auto first = Date::Parse(year + "-01-01");
    if (year.size() != 4 || !first.ok()) return InvalidArgument("年度无效");
    return Period{*first, Date{first->year, 12, 31}};
  }
  if (!month.empty()) {
    auto first = Date::Parse(month + "-01");
    if (month.size() != 7 || !first.ok()) return InvalidArgument("月份无效");
    Date next = first->month == 12 ? Date{first->year + 1, 1, 1} : Date{first->year, first->month + 1, 1};
    return Period{*first, next.AddDays(-1)};
  }
  std::string from(Trim(c.req.QueryParam("from"))), to(Trim(c.req.QueryParam("to")));
  if (!from.empty() || !to.empty()) {
    auto f = Date::Parse(from), t = Date::Parse(to);
    if (!f.ok() || !t.ok()) return InvalidArgument("统计期间的日期无效");
    return Period{*f, *t};
  }
  Date start = today.month == 12 ? Date{today.year, 1, 1} : Date{today.year - 1, today.month + 1, 1};
  return Period{start, today};
}

Result<oversight::Supervision> Load(Ctx& c) {
  ASSIGN_OR_RETURN(Period p, ReadPeriod(c));
  return oversight::BuildSupervision(c.services, c.who(), p.from, p.to);
}

View Dashboard(Ctx& c, const oversight::Supervision& s) {
  View v = c.Base("监督看板", "dashboard");
  v["from"] = s.from.ToString();
  v["to"] = s.to.ToString();
  v["today"] = s.today.ToString();
  const oversight::DepartmentFigures& t = s.departments.back();
  v["waiting"] = Num(t.waiting_in_chain);
  v["unpublished_late"] = Num(t.unpublished_late);
  v["applications_due"] = Num(s.applications_due_total);
  v["applications_provisional"] = std::to_string(s.applications_provisional);
  if (s.provisional_year) v["provisional_year"] = std::to_string(*s.provisional_year);
  v["feedback_open"] = Num(s.feedback_open);
  v["feedback_overdue"] = Num(s.feedback_overdue);
  v["orders_open"] = Num(s.orders_open);
  v["orders_overdue"] = Num(s.orders_overdue);
  v["has_late"] = t.unpublished_late > 0 || s.orders_overdue > 0 || s.feedback_overdue > 0 || t.applications_overdue > 0;

  std::vector<std::string> months, departments;
  std::vector<int> published, late, received, closed, closed_late, feedback;
  for (const auto& m : s.months) {
    months.push_back(m.month.substr(2));  // "26-06"
    published.push_back(m.published);
    late.push_back(m.published_late);
    received.push_back(m.applications_received);
    closed.push_back(m.applications_closed);
    closed_late.push_back(m.applications_closed_late);
    feedback.push_back(m.feedback_received);
  }
  std::vector<int> d_wait, d_late, d_apps_over, d_orders_over;
  for (size_t i = 0; i + 1 < s.departments.size(); ++i) {
    const auto& d = s.departments[i];
    if (d.department_id < 0) continue;  // unassigned applications: in the table, not the chart
    departments.push_back(d.department);
    d_wait.push_back(d.waiting_in_chain);
    d_late.push_back(d.unpublished_late);
    d_apps_over.push_back(d.applications_overdue);
    d_orders_over.push_back(d.orders_overdue);
  }
  v["chart_disclosure"] = BarChartSvg("每月主动公开", months, {{"公开条数", published}, {"超期公开", late}});
  v["chart_applications"] = BarChartSvg("每月依申请公开", months,
                                        {{"收到", received}, {"办结", closed}, {"超期办结", closed_late}});
  v["chart_feedback"] = BarChartSvg("每月收到的意见投诉", months, {{"意见投诉", feedback}});
  v["chart_departments"] = BarChartSvg("各部门待办（现）", departments,
                                       {{"审查中", d_wait}, {"逾期未公开", d_late}, {"申请已超期", d_apps_over},
                                        {"整改超期", d_orders_over}});
  for (const auto& d : s.departments) {
    View row;
    row["department"] = d.department;
    row["total"] = d.department_id == 0;
    row["published"] = Num(d.published);
    row["on_time"] = Num(d.published_on_time);
    row["late"] = Num(d.published_late);
    row["unpublished_late"] = Num(d.unpublished_late);
    row["waiting"] = Num(d.waiting_in_chain);
    row["longest"] = Num(d.longest_wait_days);
    row["received"] = Num(d.applications_received);
    row["closed"] = Num(d.applications_closed);
    row["closed_late"] = Num(d.applications_closed_late);
    row["due_soon"] = Num(d.applications_due_soon);
    row["overdue"] = Num(d.applications_overdue);
    row["feedback"] = Num(d.feedback_about);
    row["orders"] = Num(d.orders_issued);
    row["orders_overdue"] = Num(d.orders_overdue);
    v["departments"].Push(std::move(row));
  }
  auto items = [](const std::vector<oversight::WaitingItem>& list) {
    View out = View::MakeList();
    for (const auto& w : list) {
      View row;
      row["id"] = std::to_string(w.item_id);
      row["index_no"] = w.index_no;
      row["title"] = w.title;
      row["department"] = w.department;
      row["state"] = w.state_label;
      row["days"] = Num(w.waited_days);
      row["readable"] = w.readable;
      out.Push(std::move(row));
    }
    return out;
  };
  v["waiting_items"] = items(s.waiting);
  v["late_items"] = items(s.late_unpublished);
  // A cut list says how many there are in all.
  if (s.late_unpublished.size() < static_cast<size_t>(s.late_unpublished_total)) {
    v["late_items_total"] = Num(s.late_unpublished_total);
    v["late_items_shown"] = Num(static_cast<int>(s.late_unpublished.size()));
  }
  if (s.applications.size() < static_cast<size_t>(s.applications_due_total)) {
    v["due_applications_total"] = Num(s.applications_due_total);
    v["due_applications_shown"] = Num(static_cast<int>(s.applications.size()));
  }
  for (const auto& a : s.applications) {
    View row;
    row["id"] = std::to_string(a.id);
    row["ref"] = a.ref;
    row["title"] = a.title;
    row["department"] = a.department.empty() ? "未分办" : a.department;
    row["due_on"] = a.due_on;
    row["overdue"] = a.working_days_left < 0;
    row["left"] = Num(a.working_days_left);
    row["readable"] = a.readable;
    v["due_applications"].Push(std::move(row));
  }
  Date last_month = s.today.month == 1 ? Date{s.today.year - 1, 12, 1} : Date{s.today.year, s.today.month - 1, 1};
  v["last_month"] = last_month.ToString().substr(0, 7);
  v["this_year"] = std::to_string(s.today.year);
  v["last_year"] = std::to_string(s.today.year - 1);
  return v;
}

Response Page(Ctx& c) {
  auto s = Load(c);
  if (!s.ok()) return c.Error(s.status());
  return c.Page("staff/supervision", Dashboard(c, *s));
}

Response ReportPdf(Ctx& c) {
  auto s = Load(c);
  if (!s.ok()) return c.Error(s.status());
  auto pdf = documents::RenderPrintPdf(oversight::SupervisionReport(*s, c.agency.name));
  if (!pdf.ok()) return c.Error(pdf.status());
  return FileResponse("政府信息公开工作监督情况报告_" + s->from.ToString() + "_" + s->to.ToString() + ".pdf",
                      "application/pdf", std::move(*pdf));
}

Response AssessmentXlsx(Ctx& c) {
  auto s = Load(c);
  if (!s.ok()) return c.Error(s.status());
  auto book = oversight::AssessmentXlsx(*s, c.agency.name);
  if (!book.ok()) return c.Error(book.status());
  return FileResponse("政府信息公开工作考核数据_" + s->from.ToString() + "_" + s->to.ToString() + ".xlsx",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", std::move(*book));
}

}  // namespace

std::vector<Route> SupervisionRoutes() {
  return {
      {"GET", "/staff/supervision", Access::kStaff, Page},
      {"GET", "/staff/supervision/report.pdf", Access::kStaff, ReportPdf},
      {"GET", "/staff/supervision/assessment.xlsx", Access::kStaff, AssessmentXlsx},
  };
}

}  // namespace gk::web
