// The staff home ("my tasks"), the user's own account, and the audit log view.
#include <spdlog/spdlog.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/statutory.h"
#include "base/strings.h"
#include "oversight/feedback.h"
#include "oversight/orders.h"
#include "records/annual_reports.h"
#include "requests/applications.h"
#include "web/page.h"
#include "web/pager.h"
#include "web/pages/application_views.h"
#include "web/render.h"

namespace gk::web {
namespace {

// Today's date in China and the statutory dates that start today, so that
// staff see the calendar at work (or why it cannot answer); for those who
// keep the calendar, the holiday notice to load and the cases waiting for it.
View TodayFacts(Ctx& c) {
  View v;
  Date today = ChinaDate(c.services.clock.Now());
  v["today"] = today.ToString();
  auto cal = c.workdays().Calendar(c.agency.id);
  if (!cal.ok()) {
    spdlog::error("staff home: calendar: {}", cal.status().ToString());
    v["calendar_error"] = c.renderer.Text("calendar_unreadable");
    return v;
  }
  if (auto year = MissingNoticeYear(*cal, today); year && c.who().Can(accounts::Permission::kEditCalendar)) {
    View notice;
    notice["year"] = *year;
    notice["provisional"] = cal->IsProvisional(*year);
    auto count = c.services.db.Read<int64_t>(
        [&](store::Tx& tx) { return requests::CountProvisionalDueDates(tx, c.agency.id); });
    if (count.ok()) notice["cases"] = std::to_string(*count);
    v["missing_notice"] = std::move(notice);
  }
  auto info = cal->Classify(today);
  if (!info.ok()) {
    v["calendar_error"] = c.renderer.Text("calendar_not_loaded");
    return v;
  }
  v["today_is_workday"] = info->kind == DayKind::kWorkday || info->kind == DayKind::kAdjustedWorkday;
  v["today_holiday"] = info->holiday_name;
  struct Due {
    const char* label;
    int days;
  };
  std::optional<int> provisional;
  for (const Due& d : {Due{"补正告知截止", 7}, Due{"答复期限", 20}, Due{"延期后最迟", 40}}) {
    View row;
    row["label"] = d.label;
    row["days"] = d.days;
    auto due = cal->AddWorkdays(today, d.days);
    if (due.ok()) {
      row["date"] = MarkedDate(*cal, *due);
      if (cal->IsProvisional(*due)) provisional = due->year;
    } else {
      row["missing"] = c.renderer.Text("calendar_not_loaded");
    }
    v["dues"].Push(std::move(row));
  }
  if (provisional) v["provisional_note"] = ProvisionalNote(*provisional);
  return v;
}

// The countdown to the deadline of last year's annual report (Art. 49).
View ReportDeadline(Ctx& c) {
  View v;
  Date today = ChinaDate(c.services.clock.Now());
  int year = today.year - 1;
  auto d = records::AnnualReports(c.services).DeadlineOf(c.who(), year);
  if (!d.ok()) return v;
  v["year"] = std::to_string(year);
  v["due"] = d->due.ToString();
  v["published_at"] = d->published_at;
  int64_t left = d->due.DaysSinceEpoch() - today.DaysSinceEpoch();
  if (d->published_at.empty()) {
    if (left >= 0) {
      v["days_left"] = std::to_string(left);
    } else {
      v["days_late"] = std::to_string(-left);
    }
  }
  return v;
}

// Complaints and rectification orders waiting for the user: cases for the
// 公开办 to handle or forwarded to the user's department; orders to report on
// (the ordered department) or to review (领导小组, 监察办). Overdue first.
View OversightTasks(Ctx& c) {
  View list = View::MakeList();
  auto cases = oversight::Feedback(c.services).List(c.who(), {true, std::nullopt});
  if (cases.ok()) {
    for (const auto& f : *cases) {
      if (f.allowed.empty()) continue;  // nothing for this user to do on it
      View row;
      row["href"] = "/staff/feedback/" + std::to_string(f.id);
      row["title"] = std::string(oversight::FeedbackKindLabel(f.kind)) + " " + f.ref + "：" + Utf8Clip(f.content, 30);
      row["state"] = oversight::FeedbackStateLabel(f.state);
      row["due_on"] = f.due_on;
      row["late"] = f.overdue;
      list.Push(std::move(row));
    }
  }
  auto orders = oversight::Orders(c.services).List(c.who(), {true, false});
  if (orders.ok()) {
    for (const auto& o : *orders) {
      bool report = Offers(o.allowed, oversight::OrderAction::kReport);
      bool review = Offers(o.allowed, oversight::OrderAction::kClose);
      if (!report && !review) continue;
      View row;
      row["href"] = "/staff/orders/" + std::to_string(o.id);
      row["title"] = "整改通知 " + o.ref + "：" + Utf8Clip(o.problem, 30);
      row["state"] = report ? "待报告整改情况" : "待审核销号";
      row["due_on"] = o.due_on;
      row["late"] = o.overdue;
      list.Push(std::move(row));
    }
  }
  return list;
}

// For those who watch over the work (监察办, 领导小组, leadership, 公开办):
// open and overdue complaints and orders, escalated on the home page.
View SupervisionAlerts(Ctx& c) {
  View v;
  if (!oversight::SeesAllFeedback(c.who()) && !oversight::SeesAllOrders(c.who())) return v;
  int64_t open_cases = 0, late_cases = 0;
  int late_orders = 0;
  if (oversight::SeesAllFeedback(c.who())) {
    auto counts = oversight::Feedback(c.services).Count(c.who(), {});
    if (counts.ok()) {
      open_cases = counts->open;
      late_cases = counts->overdue;
    }
  }
  auto orders = oversight::Orders(c.services).List(c.who(), {false, true});
  if (orders.ok()) {
    for (const auto& o : *orders) {
      ++late_orders;
      View row;
      row["href"] = "/staff/orders/" + std::to_string(o.id);
      row["text"] = o.ref + " " + o.department + "：" + Utf8Clip(o.problem, 30) + "（期限 " + o.due_on + "，已超期 " +
                    std::to_string(-o.days_left) + " 天）";
      v["late_orders"].Push(std::move(row));
    }
  }
  v["show"] = true;
  v["open_cases"] = std::to_string(open_cases);
  v["late_cases"] = std::to_string(late_cases);
  v["has_late_cases"] = late_cases > 0;
  v["late_order_count"] = std::to_string(late_orders);
  v["has_late_orders"] = late_orders > 0;
  return v;
}

Response Home(Ctx& c) {
  // The 平台管理员 has no business inside an agency: their home is the platform's.
  if (c.who().Can(accounts::Permission::kManagePlatform)) return Response::Redirect("/staff/platform");
  View v = c.Base(c.renderer.Text("staff_home_title"), "home");
  v["today"] = TodayFacts(c);
  v["report"] = ReportDeadline(c);
  v["tasks"] = TaskList(c);
  // At most kHomeApplicationTasks applications, the most urgent; the count
  // says how many the inbox holds.
  constexpr int kShown = application_views::kHomeApplicationTasks;
  v["application_tasks"] = ApplicationTasks(c, kShown);
  if (int64_t waiting = ApplicationsWaiting(c); waiting > kShown) {
    v["application_waiting"] = std::to_string(waiting);
    v["application_shown"] = kShown;
  }
  v["oversight_tasks"] = OversightTasks(c);
  v["alerts"] = SupervisionAlerts(c);
  return c.Page("staff/home", std::move(v));
}

Response Account(Ctx& c, const std::string& error, int status) {
  View v = c.Base(c.renderer.Text("account_title"), "account");
  v["error"] = error;
  v["min_length"] = c.config.security.min_password_length;
  return c.Page("staff/account", std::move(v), status);
}

Response ChangePassword(Ctx& c) {
  if (c.Field("new_password") != c.Field("new_password2")) return Account(c, "两次输入的新密码不一致", 400);
  Status s = c.directory().ChangeOwnPassword(c.who(), c.Field("current_password"), c.Field("new_password"),
                                             c.session->token_hash);
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return Account(c, m, st); });
  return Response::Redirect("/staff/account?ok=password_changed");
}

Response AuditLog(Ctx& c) {
  if (Status s = accounts::Require(c.who(), accounts::Permission::kViewAuditLog); !s.ok()) return c.Error(s);
  PageSpec asked = PageRequested(c.req);
  PageOf<audit::Record> records;
  Status s = c.services.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(records, audit::Recent(tx, c.agency.id, asked));
    return Status::Ok();
  });
  if (!s.ok()) return c.Error(s);
  View v = c.Base(c.renderer.Text("audit_title"), "audit");
  for (const auto& r : records.rows) {
    View row;
    row["seq"] = r.seq;
    auto at = ParseUtc(r.at);
    row["at"] = at.ok() ? FormatChinaTime(*at) : r.at;
    row["actor"] = r.actor;
    row["action"] = r.action;
    row["object"] = r.object_type + " " + r.object_id;
    row["detail"] = r.detail;
    row["hash"] = r.hash.substr(0, 12);
    v["records"].Push(std::move(row));
  }
  SetPager(v, ListBase(c.req), asked, records.next);
  return c.Page("staff/audit", std::move(v));
}

}  // namespace

std::vector<Route> StaffHomeRoutes() {
  return {
      {"GET", "/staff", Access::kStaff, Home},
      {"GET", "/staff/account", Access::kStaff, [](Ctx& c) { return Account(c, "", 200); }},
      {"POST", "/staff/account/password", Access::kStaff, ChangePassword},
      {"GET", "/staff/audit", Access::kStaff, AuditLog},
  };
}

}  // namespace gk::web
