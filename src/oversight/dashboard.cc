#include "oversight/dashboard.h"


#include <algorithm>
#include <map>

#include "documents/workbook.h"
#include "accounts/workdays.h"
#include "base/clock.h"
#include "base/strings.h"
#include "disclosure/access.h"
#include "disclosure/chain.h"
#include "oversight/feedback_flow.h"
#include "oversight/order_flow.h"
#include "requests/access.h"
#include "requests/applications.h"

namespace gk::oversight {
namespace {

constexpr int kProactiveLimit = 20;  // working days, 条例 Art. 26
constexpr int kDueSoon = 3;          // working days
constexpr size_t kMaxWaiting = 20;

std::string Day(const std::string& utc) {
  auto t = ParseUtc(utc);
  return t.ok() ? ChinaDate(*t).ToString() : utc.substr(0, 10);
}

bool In(const std::string& day, const Date& from, const Date& to) {
  return day >= from.ToString() && day <= to.ToString();
}

// Working days from `from` to `to`, or calendar days when the calendar does
// not cover them (never decides "late" on a guess: callers check ok()).
Result<int> Workdays(const WorkdayCalendar& cal, const std::string& from, const std::string& to) {
  auto a = Date::Parse(from), b = Date::Parse(to);
  if (!a.ok() || !b.ok()) return InvalidArgument("bad date");
  return cal.WorkdaysBetween(*a, *b);
}

struct Builder {
  store::Tx& tx;
  const accounts::Principal& who;
  int64_t agency_id;
  Date from, to, today;
  WorkdayCalendar cal;
  Supervision s;
  std::map<int64_t, size_t> dept_index;
  std::map<std::string, size_t> month_index;
  DepartmentFigures unassigned{-1, "未分办的申请"};  // applications not yet assigned

  DepartmentFigures* Dept(int64_t id) {
    auto it = dept_index.find(id);
    return it == dept_index.end() ? nullptr : &s.departments[it->second];
  }
  MonthFigures* Month(const std::string& day) {
    auto it = month_index.find(day.substr(0, 7));
    return it == month_index.end() ? nullptr : &s.months[it->second];
  }

  Status Departments() {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, name FROM departments WHERE agency_id = ? ORDER BY sort_order, id",
                                         {agency_id}));
    for (const auto& r : rows) {
      dept_index[r.Int("id")] = s.departments.size();
      s.departments.push_back({r.Int("id"), r.Str("name")});
    }
    for (Date m{from.year, from.month, 1}; m <= to;) {
      std::string key = m.ToString().substr(0, 7);
      month_index[key] = s.months.size();
      s.months.push_back({key});
      m = m.month == 12 ? Date{m.year + 1, 1, 1} : Date{m.year, m.month + 1, 1};
    }
    return Status::Ok();
  }

  Status Publications() {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT p.published_at, i.formed_on, i.department_id, p.item_id FROM "
                                         "publications p JOIN items i ON i.id = p.item_id WHERE p.agency_id = ? AND "
                                         "p.published_at >= ? AND p.published_at < ?",
                                         {agency_id, from.AddDays(-1).ToString(), to.AddDays(2).ToString()}));
    for (const auto& r : rows) {
      std::string day = Day(r.Str("published_at"));
      if (!In(day, from, to)) continue;
      auto days = Workdays(cal, r.Str("formed_on"), day);
      bool late = days.ok() && *days > kProactiveLimit;
      if (DepartmentFigures* d = Dept(r.Int("department_id"))) {
        ++d->published;
        d->published_on_time += days.ok() && !late;
        d->published_late += late;
      }
      if (MonthFigures* m = Month(day)) {
        ++m->published;
        m->published_late += late;
      }
    }
    return Status::Ok();
  }

  Status OpenItems() {
    // Every open item counts; the lists link only what the viewer may open.
    store::Filter readable = disclosure::ReadableItems(who);
    std::vector<store::Value> params = readable.params;
    params.emplace_back(agency_id);
    ASSIGN_OR_RETURN(auto rows,
                     tx.Query("SELECT i.id, i.index_no, i.title, d.name AS department_name, i.state, i.state_since, "
                              "i.formed_on, i.attribute, i.department_id, CASE WHEN " +
                                  readable.sql +
                                  " THEN 1 ELSE 0 END AS readable FROM items i JOIN departments d ON d.id = "
                                  "i.department_id WHERE i.agency_id = ? AND i.state NOT IN "
                                  "('published', 'withdrawn') ORDER BY i.state_since, i.id",
                              params));
    for (const auto& r : rows) {
      auto state = disclosure::StateFromKey(r.Str("state"));
      if (!state) continue;
      WaitingItem w{
          r.Int("id"), r.Str("index_no"),     r.Str("title"), r.Str("department_name"), disclosure::StateLabel(*state),
          0,           r.Int("readable") != 0};
      auto since = Date::Parse(Day(r.Str("state_since")));
      if (since.ok()) w.waited_days = static_cast<int>(today.DaysSinceEpoch() - since->DaysSinceEpoch());
      const bool in_chain = *state != disclosure::State::kDraft && *state != disclosure::State::kApproved;
      DepartmentFigures* d = Dept(r.Int("department_id"));
      if (in_chain) {
        if (d) {
          ++d->waiting_in_chain;
          d->longest_wait_days = std::max(d->longest_wait_days, w.waited_days);
        }
        if (s.waiting.size() < kMaxWaiting) s.waiting.push_back(w);
      }
      if (r.Str("attribute") == "proactive") {
        auto days = Workdays(cal, r.Str("formed_on"), today.ToString());
        if (days.ok() && *days > kProactiveLimit) {
          if (d) ++d->unpublished_late;
          WaitingItem late = w;
          late.waited_days = *days;  // working days since formation
          s.late_unpublished.push_back(std::move(late));
        }
      }
    }
    std::stable_sort(s.waiting.begin(), s.waiting.end(),
                     [](const WaitingItem& a, const WaitingItem& b) { return a.waited_days > b.waited_days; });
    std::stable_sort(s.late_unpublished.begin(), s.late_unpublished.end(),
                     [](const WaitingItem& a, const WaitingItem& b) { return a.waited_days > b.waited_days; });
    return Status::Ok();
  }

  Status Applications() {
    // Every case counts; the list links only what the viewer may open.
    store::Filter readable = requests::ReadableCases(who);
    std::vector<store::Value> params = readable.params;
    params.insert(params.end(), {agency_id, from.ToString(), from.ToString()});
    ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(
            "SELECT a.id, a.ref, a.info_title, a.department_id, a.received_on, "
            "COALESCE(a.due_on, '') AS due_on, COALESCE(a.closed_on, '') AS closed_on, "
            "COALESCE(d.name, '') AS department_name, "
            "CASE WHEN " +
                readable.sql +
                " THEN 1 ELSE 0 END AS readable FROM applications a "
                "LEFT JOIN departments d ON d.id = a.department_id WHERE a.agency_id = ? "
                "AND (a.closed_on IS NULL OR a.closed_on >= ? OR a.received_on >= ?)",
            params));
    for (const auto& r : rows) {
      DepartmentFigures* d = r.IsNull("department_id") ? &unassigned : Dept(r.Int("department_id"));
      const std::string received = r.Str("received_on"), due = r.Str("due_on"), closed = r.Str("closed_on");
      if (In(received, from, to)) {
        if (d) ++d->applications_received;
        if (MonthFigures* m = Month(received)) ++m->applications_received;
      }
      if (!closed.empty() && In(closed, from, to)) {
        bool late = !due.empty() && closed > due;
        if (d) {
          ++d->applications_closed;
          d->applications_closed_late += late;
        }
        if (MonthFigures* m = Month(closed)) {
          ++m->applications_closed;
          m->applications_closed_late += late;
        }
      }
      if (closed.empty()) {
        if (d) ++d->applications_open;
        if (due.empty()) continue;
        int left = 0;
        if (due >= today.ToString()) {
          auto n = Workdays(cal, today.ToString(), due);
          if (!n.ok()) continue;
          left = *n;
        } else {
          auto n = Workdays(cal, due, today.ToString());
          left = n.ok() ? -*n : -1;
        }
        if (left > kDueSoon) continue;
        if (d) {
          d->applications_due_soon += left >= 0;
          d->applications_overdue += left < 0;
        }
        s.applications.push_back({r.Int("id"), r.Str("ref"), r.Str("info_title"), r.Str("department_name"), due, left,
                                  r.Int("readable") != 0});
      }
    }
    std::stable_sort(s.applications.begin(), s.applications.end(),
                     [](const DueApplication& a, const DueApplication& b) { return a.due_on < b.due_on; });
    return Status::Ok();
  }

  Status Feedback() {
    ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("SELECT f.received_on, f.state, COALESCE(f.due_on, '') AS due_on, f.department_id, "
                 "i.department_id AS item_department_id FROM feedback_cases f LEFT JOIN items i ON i.id = f.item_id "
                 "WHERE f.agency_id = ?",
                 {agency_id}));
    for (const auto& r : rows) {
      const std::string received = r.Str("received_on"), due = r.Str("due_on");
      const auto state = FeedbackStateFromKey(r.Str("state"));
      const bool open = state && FeedbackOpen(*state);
      if (open) {
        ++s.feedback_open;
        s.feedback_overdue += !due.empty() && due < today.ToString();
      }
      if (!In(received, from, to)) continue;
      if (MonthFigures* m = Month(received)) ++m->feedback_received;
      std::optional<int64_t> dept = r.OptInt("department_id");
      if (!dept) dept = r.OptInt("item_department_id");
      if (dept) {
        if (DepartmentFigures* d = Dept(*dept)) ++d->feedback_about;
      }
    }
    return Status::Ok();
  }

  Status Orders() {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT department_id, ordered_at, state, due_on, closed_at FROM "
                                         "rectification_orders WHERE agency_id = ?", {agency_id}));
    for (const auto& r : rows) {
      DepartmentFigures* d = Dept(r.Int("department_id"));
      const std::string ordered = Day(r.Str("ordered_at")), due = r.Str("due_on");
      const std::string closed = r.IsNull("closed_at") ? "" : Day(r.Str("closed_at"));
      if (OrderStateFromKey(r.Str("state")) != OrderState::kClosed) {
        ++s.orders_open;
        if (due < today.ToString()) {
          ++s.orders_overdue;
          if (d) ++d->orders_overdue;
        }
      }
      if (In(ordered, from, to)) {
        if (d) ++d->orders_issued;
        if (MonthFigures* m = Month(ordered)) ++m->orders_issued;
      }
      if (!closed.empty() && In(closed, from, to) && d) ++d->orders_closed;
    }
    return Status::Ok();
  }

  void Total() {
    if (unassigned.applications_received + unassigned.applications_closed + unassigned.applications_open > 0) {
      s.departments.push_back(unassigned);
    }
    DepartmentFigures t{0, "合计"};
    for (const auto& d : s.departments) AddFigures(&t, d);
    s.departments.push_back(t);
  }
};

std::string Num(int v) { return std::to_string(v); }

}  // namespace

void AddFigures(DepartmentFigures* total, const DepartmentFigures& d) {
  total->published += d.published;
  total->published_on_time += d.published_on_time;
  total->published_late += d.published_late;
  total->unpublished_late += d.unpublished_late;
  total->waiting_in_chain += d.waiting_in_chain;
  total->longest_wait_days = std::max(total->longest_wait_days, d.longest_wait_days);
  total->applications_received += d.applications_received;
  total->applications_closed += d.applications_closed;
  total->applications_closed_late += d.applications_closed_late;
  total->applications_open += d.applications_open;
  total->applications_due_soon += d.applications_due_soon;
  total->applications_overdue += d.applications_overdue;
  total->feedback_about += d.feedback_about;
  total->orders_issued += d.orders_issued;
  total->orders_closed += d.orders_closed;
  total->orders_overdue += d.orders_overdue;
}

bool ReadsSupervision(const accounts::Principal& who) {
  return who.Can(accounts::Permission::kViewSupervision) ||
         (who.overseeing_from && who.Can(accounts::Permission::kOverseeSubordinates));
}

Result<Supervision> BuildSupervision(const accounts::Context& ctx, const accounts::Principal& who, const Date& from,
                                     const Date& to) {
  if (!ReadsSupervision(who)) RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kViewSupervision));
  if (to < from) return InvalidArgument("统计期间的结束日期早于开始日期");
  if (to.DaysSinceEpoch() - from.DaysSinceEpoch() > 3 * 366) return InvalidArgument("统计期间不能超过三年");
  return ctx.db.Read<Supervision>([&](store::Tx& tx) -> Result<Supervision> {
    Builder b{tx, who, who.agency_id, from, to, ChinaDate(ctx.clock.Now()), {}, {}, {}, {}};
    ASSIGN_OR_RETURN(b.cal, accounts::Workdays::Load(tx, who.agency_id));
    b.s.from = from;
    b.s.to = to;
    b.s.today = b.today;
    RETURN_IF_ERROR(b.Departments());
    RETURN_IF_ERROR(b.Publications());
    RETURN_IF_ERROR(b.OpenItems());
    RETURN_IF_ERROR(b.Applications());
    RETURN_IF_ERROR(b.Feedback());
    RETURN_IF_ERROR(b.Orders());
    b.s.provisional_year = b.cal.ProvisionalYear();
    ASSIGN_OR_RETURN(b.s.applications_provisional, requests::CountProvisionalDueDates(tx, who.agency_id));
    b.Total();
    return std::move(b.s);
  });
}

namespace {

struct Column {
  const char* header;
  int DepartmentFigures::*field;
};
const Column kColumns[] = {
    {"主动公开条数", &DepartmentFigures::published},
    {"按时公开", &DepartmentFigures::published_on_time},
    {"超期公开", &DepartmentFigures::published_late},
    {"逾期未公开（现）", &DepartmentFigures::unpublished_late},
    {"审查中（现）", &DepartmentFigures::waiting_in_chain},
    {"最长等待天数", &DepartmentFigures::longest_wait_days},
    {"收到申请", &DepartmentFigures::applications_received},
    {"办结申请", &DepartmentFigures::applications_closed},
    {"超期办结", &DepartmentFigures::applications_closed_late},
    {"办理中（现）", &DepartmentFigures::applications_open},
    {"临近期限（现）", &DepartmentFigures::applications_due_soon},
    {"已超期（现）", &DepartmentFigures::applications_overdue},
    {"意见投诉", &DepartmentFigures::feedback_about},
    {"整改通知", &DepartmentFigures::orders_issued},
    {"已销号", &DepartmentFigures::orders_closed},
    {"超期未销号（现）", &DepartmentFigures::orders_overdue},
};

}  // namespace

Result<std::string> AssessmentXlsx(const Supervision& s, const std::string& agency_name) {
  return documents::BuildWorkbook([&](lxw_workbook* book, lxw_format* bold) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, "部门考核");
    std::string title = agency_name + " 政府信息公开工作考核数据（" + s.from.ToString() + " 至 " + s.to.ToString() +
                        "；“现”为 " + s.today.ToString() + " 的情况）";
    worksheet_write_string(sheet, 0, 0, title.c_str(), bold);
    worksheet_write_string(sheet, 1, 0, "部门", bold);
    for (size_t c = 0; c < std::size(kColumns); ++c) {
      worksheet_write_string(sheet, 1, static_cast<lxw_col_t>(c + 1), kColumns[c].header, bold);
    }
    worksheet_set_column(sheet, 0, 0, 18, nullptr);
    lxw_row_t row = 2;
    for (const DepartmentFigures& d : s.departments) {
      worksheet_write_string(sheet, row, 0, d.department.c_str(), d.department_id == 0 ? bold : nullptr);
      for (size_t c = 0; c < std::size(kColumns); ++c) {
        worksheet_write_number(sheet, row, static_cast<lxw_col_t>(c + 1), d.*kColumns[c].field, nullptr);
      }
      ++row;
    }
    lxw_worksheet* months = workbook_add_worksheet(book, "按月");
    const char* const header[] = {"月份", "主动公开", "其中超期", "收到申请", "办结申请", "其中超期办结", "意见投诉",
                                  "整改通知"};
    for (size_t c = 0; c < std::size(header); ++c) {
      worksheet_write_string(months, 0, static_cast<lxw_col_t>(c), header[c], bold);
    }
    row = 1;
    for (const MonthFigures& m : s.months) {
      worksheet_write_string(months, row, 0, m.month.c_str(), nullptr);
      int values[] = {m.published, m.published_late, m.applications_received, m.applications_closed,
                      m.applications_closed_late, m.feedback_received, m.orders_issued};
      for (size_t c = 0; c < std::size(values); ++c) {
        worksheet_write_number(months, row, static_cast<lxw_col_t>(c + 1), values[c], nullptr);
      }
      ++row;
    }
  });
}

documents::PrintDocument SupervisionReport(const Supervision& s, const std::string& agency_name) {
  using documents::Block;
  using documents::CellAlign;
  using documents::Table;
  using documents::TableCell;
  documents::PrintDocument d;
  d.title = agency_name + "政府信息公开工作监督情况报告（" + s.from.ToString() + " 至 " + s.to.ToString() + "）";
  d.author = agency_name;
  d.date = s.today;
  d.landscape = true;
  d.body_pt = 12;
  d.head = {{Block::Kind::kTitle, agency_name + "\n政府信息公开工作监督情况报告", {}},
            {Block::Kind::kSubtitle, "统计期间：" + s.from.ToString() + " 至 " + s.to.ToString() + "　报告日期：" +
                                         s.today.ToString(), {}}};
  const DepartmentFigures& total = s.departments.back();
  d.body.push_back({Block::Kind::kHeading, "一、总体情况", {}});
  d.body.push_back({Block::Kind::kParagraph,
                    "统计期间主动公开政府信息 " + Num(total.published) + " 条，其中超过 20 个工作日公开 " +
                        Num(total.published_late) + " 条；收到政府信息公开申请 " + Num(total.applications_received) +
                        " 件，办结 " + Num(total.applications_closed) + " 件，其中超期办结 " +
                        Num(total.applications_closed_late) + " 件。截至报告日，审查中的信息 " +
                        Num(total.waiting_in_chain) + " 条，逾期未公开的主动公开信息 " + Num(total.unpublished_late) +
                        " 条，临近或超过答复期限的申请 " + Num(static_cast<int>(s.applications.size())) +
                        " 件，办理中的意见投诉 " + Num(s.feedback_open) + " 件（超期 " + Num(s.feedback_overdue) +
                        " 件），未销号的整改通知 " + Num(s.orders_open) + " 件（超期 " + Num(s.orders_overdue) + " 件）。",
                    {}});
  d.body.push_back({Block::Kind::kHeading, "二、各部门情况", {}});
  Table t;
  t.widths.assign(std::size(kColumns) + 1, 1);
  t.widths[0] = 2.2;
  t.header_rows = 1;
  t.font_pt = 8;
  std::vector<TableCell> header = {{"部门", 1, 1, true, CellAlign::kCenter}};
  for (const Column& c : kColumns) header.push_back({c.header, 1, 1, true, CellAlign::kCenter});
  t.rows.push_back(std::move(header));
  for (const DepartmentFigures& dep : s.departments) {
    std::vector<TableCell> row = {{dep.department, 1, 1, dep.department_id == 0, CellAlign::kLeft}};
    for (const Column& c : kColumns) row.push_back({Num(dep.*c.field), 1, 1, false, CellAlign::kCenter});
    t.rows.push_back(std::move(row));
  }
  d.body.push_back({Block::Kind::kTable, "", std::move(t)});
  d.body.push_back({Block::Kind::kHeading, "三、逾期未公开的主动公开信息", {}});
  if (s.late_unpublished.empty()) d.body.push_back({Block::Kind::kLine, "无。", {}});
  for (const WaitingItem& w : s.late_unpublished) {
    d.body.push_back({Block::Kind::kLine, w.index_no + " " + w.title + "（" + w.department + "，" + w.state_label +
                                              "，形成后已 " + Num(w.waited_days) + " 个工作日）",
                      {}});
  }
  d.body.push_back({Block::Kind::kHeading, "四、临近或超过答复期限的申请", {}});
  if (s.applications.empty()) d.body.push_back({Block::Kind::kLine, "无。", {}});
  for (const DueApplication& a : s.applications) {
    d.body.push_back({Block::Kind::kLine, a.ref + " " + a.title + "（" + (a.department.empty() ? "未分办" : a.department) +
                                              "，答复期限 " + a.due_on +
                                              (a.working_days_left < 0 ? "，已超期" : "，剩余 " + Num(a.working_days_left) +
                                                                                      " 个工作日") + "）",
                      {}});
  }
  d.footer = d.title;
  return d;
}

}  // namespace gk::oversight
