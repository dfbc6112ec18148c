// Confidentiality supervision (oversight/secrecy.h): spot checks with their
// findings and immediate withdrawals, and leak incidents with the item's
// responsibility chain.
#include "oversight/secrecy.h"

#include "base/strings.h"
#include "web/page.h"
#include "web/pager.h"
#include "web/render.h"

namespace gk::web {

namespace {

oversight::Secrecy Service(Ctx& c) { return oversight::Secrecy(c.services, c.ref); }

std::string Num(int64_t v) { return std::to_string(v); }

std::optional<int> SmallInt(const std::string& text) {
  std::string s(Trim(text));
  if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(s);
}

Response Home(Ctx& c, const std::string& error = "", int status = 200) {
  PageSpec asked = PageRequested(c.req);
  auto checks = Service(c).List(c.who(), asked);
  if (!checks.ok()) return c.Error(checks.status());
  auto incidents = Service(c).Incidents(c.who());
  if (!incidents.ok()) return c.Error(incidents.status());
  View v = c.Base("保密监督", "secrecy");
  v["error"] = error;
  for (const auto& s : checks->rows) {
    View o;
    o["id"] = Num(s.id);
    o["ref"] = s.ref;
    o["period"] = s.period_from + " 至 " + s.period_to;
    o["size"] = Num(s.size);
    o["population"] = Num(s.population);
    o["checked"] = Num(s.checked);
    o["problems"] = Num(s.problems);
    o["has_problems"] = s.problems > 0;
    o["drawn_by"] = s.drawn_by;
    o["drawn_at"] = s.drawn_at;
    v["checks"].Push(std::move(o));
  }
  v["has_checks"] = !checks->rows.empty();
  SetPager(v, ListBase(c.req), asked, checks->next);
  for (const auto& x : *incidents) {
    View o;
    o["id"] = Num(x.id);
    o["ref"] = x.ref;
    o["index_no"] = x.index_no;
    o["title"] = x.title;
    o["discovered_on"] = x.discovered_on;
    o["open"] = x.open();
    v["incidents"].Push(std::move(o));
  }
  v["has_incidents"] = !incidents->empty();
  v["can_draw"] = c.who().Has(accounts::Role::kSecrecySupervisor);
  v["can_record"] = c.who().Has(accounts::Role::kSecrecySupervisor) || c.who().Has(accounts::Role::kDisclosureOffice);
  v["index_no"] = c.req.method == "POST" ? c.Field("index_no") : c.req.QueryParam("index_no");
  v["description"] = c.Field("description");
  v["discovered_on"] = c.req.method == "POST" ? c.Field("discovered_on") : ChinaDate(c.services.clock.Now()).ToString();
  return c.Page("staff/secrecy", std::move(v), status);
}

Response Draw(Ctx& c) {
  auto id = Service(c).Draw(c.who(), SmallInt(c.Field("size")), SmallInt(c.Field("days")));
  if (!id.ok()) return Refused(c, id.status(), [&](const std::string& m, int st) { return Home(c, m, st); });
  return Response::Redirect("/staff/secrecy/checks/" + Num(*id) + "?ok=spot_check_drawn");
}

Response ShowCheck(Ctx& c, const std::string& error = "", int status = 200) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto s = Service(c).Get(c.who(), *id);
  if (!s.ok()) return c.Error(s.status());
  View v = c.Base("保密抽查 " + s->ref, "secrecy");
  v["error"] = error;
  v["ref"] = s->ref;
  v["id"] = Num(s->id);
  v["period"] = s->period_from + " 至 " + s->period_to;
  v["population"] = Num(s->population);
  v["size"] = Num(s->size);
  v["drawn_by"] = s->drawn_by;
  v["drawn_at"] = s->drawn_at;
  const bool supervisor = c.who().Has(accounts::Role::kSecrecySupervisor);
  for (const auto& l : s->lines) {
    View o;
    o["line_id"] = Num(l.line_id);
    o["item_id"] = Num(l.item_id);
    o["index_no"] = l.index_no;
    o["title"] = l.title;
    o["published_on"] = l.published_on;
    o["department"] = l.department;
    o["pending"] = l.finding.empty();
    o["ok"] = l.finding == "ok";
    o["problem"] = l.finding == "problem";
    o["note"] = l.note;
    o["checked_by"] = l.checked_by;
    o["checked_at"] = l.checked_at;
    o["withdrawn"] = l.withdrawn;
    o["can_record"] = supervisor && l.finding.empty();
    v["lines"].Push(std::move(o));
  }
  return c.Page("staff/spot_check", std::move(v), status);
}

Response RecordLine(Ctx& c) {
  auto id = c.IdParam("id");
  auto line = c.IdParam("lid");
  if (!id.ok() || !line.ok()) return c.Error(InvalidArgument("编号无效"));
  Status s = Service(c).Record(c.who(), *id, *line, c.Field("finding"), c.Field("note"), c.Field("withdraw") == "1");
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return ShowCheck(c, m, st); });
  return Response::Redirect("/staff/secrecy/checks/" + Num(*id) + "?ok=spot_check_recorded");
}

Response RecordIncident(Ctx& c) {
  auto id = Service(c).RecordIncident(c.who(), c.Field("index_no"), c.Field("description"), c.Field("discovered_on"));
  if (!id.ok()) return Refused(c, id.status(), [&](const std::string& m, int st) { return Home(c, m, st); });
  return Response::Redirect("/staff/secrecy/incidents/" + Num(*id) + "?ok=incident_recorded");
}

std::string PeopleText(const std::vector<oversight::Responsible>& people) {
  std::string out;
  for (const auto& p : people) {
    out += (out.empty() ? "" : "；") + p.person + (p.department.empty() ? "" : "（" + p.department + "）") + " " +
           p.basis;
  }
  return out.empty() ? "（暂无）" : out;
}

Response ShowIncident(Ctx& c, const std::string& error = "", int status = 200) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto x = Service(c).GetIncident(c.who(), *id);
  if (!x.ok()) return c.Error(x.status());
  View v = c.Base("泄密事件 " + x->ref, "secrecy");
  v["error"] = error;
  v["id"] = Num(x->id);
  v["ref"] = x->ref;
  v["item_id"] = Num(x->item_id);
  v["index_no"] = x->index_no;
  v["title"] = x->title;
  v["description"] = x->description;
  v["discovered_on"] = x->discovered_on;
  v["withdrawn"] = x->withdrawn;
  v["open"] = x->open();
  v["outcome"] = x->outcome;
  v["recorded_by"] = x->recorded_by;
  v["recorded_at"] = x->recorded_at;
  v["closed_by"] = x->closed_by;
  v["closed_at"] = x->closed_at;
  v["handler"] = PeopleText(x->responsibility.handler);
  v["direct"] = PeopleText(x->responsibility.direct);
  v["overall"] = PeopleText(x->responsibility.overall);
  v["can_close"] = x->open() && (c.who().Has(accounts::Role::kSecrecySupervisor) ||
                                          c.who().Has(accounts::Role::kDisclosureOffice));
  return c.Page("staff/incident", std::move(v), status);
}

Response CloseIncident(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  Status s = Service(c).CloseIncident(c.who(), *id, c.Field("outcome"));
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return ShowIncident(c, m, st); });
  return Response::Redirect("/staff/secrecy/incidents/" + Num(*id) + "?ok=incident_closed");
}

}  // namespace

std::vector<Route> SecrecyRoutes() {
  return {
      {"GET", "/staff/secrecy", Access::kStaff, [](Ctx& c) { return Home(c); }},
      {"POST", "/staff/secrecy/checks", Access::kStaff, Draw},
      {"GET", "/staff/secrecy/checks/{id}", Access::kStaff, [](Ctx& c) { return ShowCheck(c); }},
      {"POST", "/staff/secrecy/checks/{id}/lines/{lid}", Access::kStaff, RecordLine},
      {"POST", "/staff/secrecy/incidents", Access::kStaff, RecordIncident},
      {"GET", "/staff/secrecy/incidents/{id}", Access::kStaff, [](Ctx& c) { return ShowIncident(c); }},
      {"POST", "/staff/secrecy/incidents/{id}/close", Access::kStaff, CloseIncident},
  };
}

}  // namespace gk::web
