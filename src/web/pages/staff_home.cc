// The staff home ("my tasks"), the user's own account, and the audit log view.
#include "audit/audit.h"
#include "base/clock.h"
#include "records/annual_reports.h"
#include "web/page.h"
#include "web/render.h"

namespace gk::web {
namespace {

// Today's date in China and the statutory dates that start today, so that
// staff see the calendar at work (or why it cannot answer).
View TodayFacts(Ctx& c) {
  View v;
  Date today = ChinaDate(c.services.clock.Now());
  v["today"] = today.ToString();
  auto cal = c.workdays().Calendar(c.agency.id);
  if (!cal.ok()) {
    v["calendar_error"] = cal.status().message();
    return v;
  }
  auto info = cal->Classify(today);
  if (!info.ok()) {
    v["calendar_error"] = info.status().message();
    return v;
  }
  v["today_is_workday"] = info->kind == DayKind::kWorkday || info->kind == DayKind::kAdjustedWorkday;
  v["today_holiday"] = info->holiday_name;
  struct Due {
    const char* label;
    int days;
  };
  for (const Due& d : {Due{"补正告知截止", 7}, Due{"答复期限", 20}, Due{"延期后最迟", 40}}) {
    View row;
    row["label"] = d.label;
    row["days"] = d.days;
    auto due = cal->AddWorkdays(today, d.days);
    if (due.ok()) {
      row["date"] = due->ToString();
    } else {
      row["missing"] = c.renderer.Text("calendar_not_loaded");
    }
    v["dues"].Push(std::move(row));
  }
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

Response Home(Ctx& c) {
  View v = c.Base(c.renderer.Text("staff_home_title"), "home");
  v["today"] = TodayFacts(c);
  v["report"] = ReportDeadline(c);
  v["tasks"] = TaskList(c);
  v["application_tasks"] = ApplicationTasks(c);
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
  if (!s.ok()) return Account(c, s.message(), HttpStatusFor(s.code()));
  return Response::Redirect("/staff/account?ok=password_changed");
}

Response AuditLog(Ctx& c) {
  if (Status s = accounts::Require(c.who(), accounts::Permission::kViewAuditLog); !s.ok()) return c.Error(s);
  int page = std::max(1, std::atoi(c.req.QueryParam("page").c_str()));
  constexpr int kPerPage = 50;
  std::vector<audit::Record> records;
  Status s = c.services.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(records, audit::Recent(tx, c.agency.id, kPerPage + 1, (page - 1) * kPerPage));
    return Status::Ok();
  });
  if (!s.ok()) return c.Error(s);
  View v = c.Base(c.renderer.Text("audit_title"), "audit");
  bool more = records.size() > kPerPage;
  if (more) records.pop_back();
  for (const auto& r : records) {
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
  if (page > 1) v["prev_page"] = page - 1;
  if (more) v["next_page"] = page + 1;
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
