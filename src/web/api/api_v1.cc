// JSON API under /api/v1, backed by the same services as the pages.
// State-changing calls need the session cookie and the X-CSRF-Token header.
// Signing in (POST /api/v1/session) has no session yet: it sends the gk_csrf
// cookie and, as X-CSRF-Token, the _csrf field of any page that set it.
#include <boost/json.hpp>

#include "accounts/platform.h"
#include "base/calendar.h"
#include "base/statutory.h"
#include "disclosure/portal.h"
#include "web/page.h"
#include "web/pager.h"

namespace gk::web {
namespace {

namespace json = boost::json;

Response Ok(const json::value& v, int status = 200) { return Response::Json(status, json::serialize(v)); }

Result<json::object> Body(Ctx& c) {
  json::error_code ec;
  json::value v = json::parse(c.req.body, ec);
  if (ec || !v.is_object()) return InvalidArgument("请求内容必须是一个 JSON 对象");
  return v.as_object();
}

std::string Str(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

json::object UserJson(const accounts::Principal& p) {
  json::array roles;
  for (auto r : p.roles) roles.push_back(json::string(accounts::RoleKey(r)));
  return {{"id", p.user_id}, {"username", p.username}, {"display_name", p.display_name},
          {"roles", roles}, {"agency_id", p.agency_id}};
}

Response Me(Ctx& c) {
  json::object o = UserJson(c.who());
  o["csrf_token"] = c.csrf_token;
  return Ok(o);
}

Response Login(Ctx& c) {
  auto body = Body(c);
  if (!body.ok()) return c.Error(body.status());
  // "office@jingansi" as on the login page: the agency's code after the name.
  auto typed = accounts::ParseLoginName(Str(*body, "username"));
  if (!typed.ok()) return c.Error(typed.status());
  accounts::Agency agency = c.agency;
  if (!typed->agency_code.empty()) {
    auto a = accounts::ResolveAgency(c.services.db, typed->agency_code);
    if (!a.ok()) return c.Error(Unauthenticated("用户名或密码错误"));
    agency = *a;
  }
  auto s = c.sessions().Login(agency.id, typed->username, Str(*body, "password"), c.ClientIp());
  if (!s.ok()) return c.Error(s.status());
  json::object o = UserJson(s->principal);
  o["csrf_token"] = s->csrf_token;
  Response res = Ok(o, 201);
  res.SetCookie("gk_session", s->token, ServedOverHttps(c.req, c.config.server), true);
  return res;
}

Response Logout(Ctx& c) {
  if (Status s = c.sessions().Logout(*c.session); !s.ok()) return c.Error(s);
  Response res = Ok(json::object{{"ok", true}});
  res.SetCookie("gk_session", "", ServedOverHttps(c.req, c.config.server), true, 0);
  return res;
}

// A refusal of the calendar over `from` in words for people: the first year
// from `from` on whose calendar is not loaded (the calendar's own message is
// for the log and the command line).
Status CalendarRefusal(const WorkdayCalendar& cal, Date from, const Status& s) {
  if (s.code() != Code::kOutOfRange) return s;
  int y = from.year;
  while (cal.Covers(y) && y < from.year + 3) ++y;
  std::string year = std::to_string(y);
  return OutOfRange(year + " 年的工作日历尚未载入，无法计算：请先载入国务院办公厅公布的 " + year + " 年放假安排");
}

Response AddWorkdays(Ctx& c) {
  auto from = Date::Parse(c.req.QueryParam("from"));
  if (!from.ok()) return c.Error(InvalidArgument("参数 from 应为 YYYY-MM-DD 格式的有效日期"));
  std::string days_text = c.req.QueryParam("days");
  char* end = nullptr;
  long days = std::strtol(days_text.c_str(), &end, 10);
  if (days_text.empty() || *end != '\0' || days < 0 || days > 366) {
    return c.Error(InvalidArgument("参数 days 必须是 0 至 366 之间的整数"));
  }
  auto cal = c.workdays().Calendar(c.agency.id);
  if (!cal.ok()) return c.Error(cal.status());
  auto due = cal->AddWorkdays(*from, static_cast<int>(days));
  if (!due.ok()) return c.Error(CalendarRefusal(*cal, *from, due.status()));
  json::array skipped;
  if (auto s = cal->SkippedDays(*from, static_cast<int>(days)); s.ok()) {
    for (const auto& d : *s) {
      skipped.push_back(json::object{{"date", d.date.ToString()},
                                     {"kind", d.kind == DayKind::kHoliday ? "holiday" : "weekend"},
                                     {"holiday", d.holiday_name}});
    }
  }
  json::object out{{"from", from->ToString()}, {"days", days}, {"due", due->ToString()},
                   {"provisional", cal->IsProvisional(*due)}, {"skipped", skipped}};
  if (cal->IsProvisional(*due)) out["provisional_note"] = ProvisionalNote(due->year);
  return Ok(std::move(out));
}

Response CalendarYearJson(Ctx& c) {
  int year = std::atoi(c.params["year"].c_str());
  auto cal = c.workdays().Calendar(c.agency.id);
  if (!cal.ok()) return c.Error(cal.status());
  const CalendarYear* y = cal->FindYear(year);
  if (!y) return c.Error(NotFound(c.params["year"] + " 年的工作日历尚未载入"));
  json::array holidays, adjusted;
  for (const auto& h : y->holidays) {
    holidays.push_back(json::object{{"name", h.name}, {"from", h.from.ToString()}, {"to", h.to.ToString()}});
  }
  for (const auto& d : y->adjusted_workdays) adjusted.push_back(json::string(d.ToString()));
  return Ok(json::object{{"year", year}, {"notice", y->notice}, {"provisional", y->provisional},
                         {"holidays", holidays}, {"adjusted_workdays", adjusted}});
}

Response ListDepartments(Ctx& c) {
  auto depts = c.directory().Departments(c.who());
  if (!depts.ok()) return c.Error(depts.status());
  json::array out;
  for (const auto& d : *depts) {
    out.push_back(json::object{{"id", d.id}, {"name", d.name}, {"sort_order", d.sort_order},
                               {"active", d.active}});
  }
  return Ok(json::object{{"departments", out}});
}

Response CreateDepartment(Ctx& c) {
  auto body = Body(c);
  if (!body.ok()) return c.Error(body.status());
  int sort = 0;
  if (auto it = body->find("sort_order"); it != body->end() && it->value().is_int64()) {
    sort = static_cast<int>(std::clamp<int64_t>(it->value().as_int64(), -100000, 100000));
  }
  auto id = c.directory().CreateDepartment(c.who(), Str(*body, "name"), sort);
  if (!id.ok()) return c.Error(id.status());
  return Ok(json::object{{"id", *id}}, 201);
}

Response ListUsers(Ctx& c) {
  auto users = c.directory().Users(c.who());
  if (!users.ok()) return c.Error(users.status());
  json::array out;
  for (const auto& u : *users) {
    json::array roles;
    for (auto r : u.roles) roles.push_back(json::string(accounts::RoleKey(r)));
    out.push_back(json::object{{"id", u.id}, {"username", u.username}, {"display_name", u.display_name},
                               {"department", u.department_name}, {"active", u.active}, {"roles", roles}});
  }
  return Ok(json::object{{"users", out}});
}


json::object PublicItemJson(const disclosure::PublicItem& p, bool full) {
  json::object o{{"id", p.id}, {"index_no", p.index_no}, {"title", p.title}, {"doc_no", p.doc_no},
                 {"department", p.department}, {"category", p.category}, {"category_code", p.category_code},
                 {"formed_on", p.formed_on}, {"published_on", p.published_at}, {"summary", p.summary},
                 {"url", "/items/" + std::to_string(p.id)}};
  if (full) {
    o["attribute"] = p.attribute;
    o["validity"] = p.validity;
    o["body"] = p.body;
    o["content_hash"] = p.content_hash;
    o["migrated"] = p.migrated;
    json::array interp;
    for (const auto& [id, title] : p.interpretations) interp.push_back(json::object{{"id", id}, {"title", title}});
    o["interpretations"] = interp;
    if (p.interprets) o["interprets"] = json::object{{"id", p.interprets->first}, {"title", p.interprets->second}};
  }
  return o;
}

Response PublishedItems(Ctx& c) {
  disclosure::PublicFilter f;
  if (std::string v = c.req.QueryParam("category"); !v.empty()) f.category_id = std::atoll(v.c_str());
  if (std::string v = c.req.QueryParam("year"); !v.empty()) f.year = std::atoi(v.c_str());
  // ?after=NEXT (the "next" of the previous answer) continues at any
  // depth; ?page= reaches kMaxPublicPageOffset rows deep.
  f.after = DecodeSeek(c.req.QueryParam("after"));
  f.page = std::max(1, std::atoi(c.req.QueryParam("page").c_str()));
  auto page = disclosure::ListPublished(c.services.db, c.agency.id, f);
  if (!page.ok()) return c.Error(page.status());
  json::array items;
  for (const auto& p : page->items) items.push_back(PublicItemJson(p, false));
  json::object out{{"total", page->total}, {"items", items}};
  if (!f.after) out["page"] = f.page;
  out["next"] = page->next ? json::value(EncodeSeek(*page->next)) : json::value(nullptr);
  return Ok(std::move(out));
}

Response PublishedItem(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(NotFound("该信息不存在或未公开"));
  auto p = disclosure::GetPublished(c.services.db, c.agency.id, *id);
  if (!p.ok()) return c.Error(p.status());
  return Ok(PublicItemJson(*p, true));
}

// Staff: one step of the review chain, the same service call as the item page.
Response ItemAction(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto body = Body(c);
  if (!body.ok()) return c.Error(body.status());
  std::string name = Str(*body, "action");
  // Editing changes the content, not the item's place in the chain: not an action here.
  auto action = disclosure::ActionFromKey(name);
  if (!action || *action == disclosure::Action::kEdit) return c.Error(InvalidArgument("未知的操作“" + name + "”"));
  disclosure::ActionInput in;
  in.opinion = Str(*body, "opinion");
  in.reason = Str(*body, "reason");
  auto flag = [&](const char* k) {
    auto it = body->find(k);
    return it != body->end() && it->value().is_bool() && it->value().as_bool();
  };
  in.check_process = flag("check_process");
  in.check_decision = flag("check_decision");
  in.check_result = flag("check_result");
  Status s = c.items().Act(c.who(), *id, *action, in);
  if (!s.ok()) return c.Error(s);
  auto d = c.items().Get(c.who(), *id);
  if (!d.ok()) return c.Error(d.status());
  return Ok(json::object{{"id", *id}, {"state", disclosure::StateKey(d->item.state)},
                         {"state_label", disclosure::StateLabel(d->item.state)}});
}

Response StaffItems(Ctx& c) {
  PageSpec asked = PageRequested(c.req, 500, 500);
  auto rows = c.items().List(c.who(), std::nullopt, asked);
  if (!rows.ok()) return c.Error(rows.status());
  json::array items;
  for (const auto& r : rows->rows) {
    items.push_back(json::object{{"id", r.id}, {"index_no", r.index_no}, {"title", r.title},
                                 {"department", r.department}, {"state", r.state_key}, {"formed_on", r.formed_on},
                                 {"due", r.clock.due}, {"overdue", r.clock.overdue}});
  }
  json::object out{{"items", items}};
  if (rows->next) out["next"] = EncodeSeek(*rows->next);
  return Ok(out);
}

}  // namespace

std::vector<Route> ApiV1Routes() {
  return {
      {"GET", "/api/v1/me", Access::kApiStaff, Me},
      {"POST", "/api/v1/session", Access::kApiPublic, Login},
      {"DELETE", "/api/v1/session", Access::kApiStaff, Logout},
      {"GET", "/api/v1/workdays/add", Access::kApiPublic, AddWorkdays},
      {"GET", "/api/v1/calendar/{year}", Access::kApiPublic, CalendarYearJson},
      {"GET", "/api/v1/departments", Access::kApiStaff, ListDepartments},
      {"POST", "/api/v1/departments", Access::kApiStaff, CreateDepartment},
      {"GET", "/api/v1/users", Access::kApiStaff, ListUsers},
      {"GET", "/api/v1/items", Access::kApiPublic, PublishedItems},
      {"GET", "/api/v1/items/{id}", Access::kApiPublic, PublishedItem},
      {"GET", "/api/v1/staff/items", Access::kApiStaff, StaffItems},
      {"POST", "/api/v1/staff/items/{id}/actions", Access::kApiStaff, ItemAction},
  };
}

}  // namespace gk::web
