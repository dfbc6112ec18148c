// The 平台管理员's page: the platform's agencies, adding one, and giving it
// its first 系统管理员. Nothing here reads an agency's business data.
#include "accounts/directory.h"
#include "accounts/platform.h"
#include "base/strings.h"
#include "disclosure/demo.h"
#include "web/page.h"
#include "web/render.h"

namespace gk::web {
namespace {

using accounts::AgencyKind;

Response Home(Ctx& c, const std::string& error = "", int status = 200) {
  auto agencies = accounts::ListPlatform(c.services, c.who());
  if (!agencies.ok()) return c.Error(agencies.status());
  View v = c.Base("平台机关管理", "platform");
  v["error"] = error;
  View rows = View::MakeList();
  View parents = View::MakeList();
  for (const auto& a : *agencies) {
    View row;
    row["id"] = a.agency.id;
    row["code"] = a.agency.code;
    row["name"] = a.agency.name;
    row["kind"] = accounts::AgencyKindLabel(a.kind);
    row["parent"] = a.parent_code;
    rows.Push(row);
    if (a.kind == AgencyKind::kDistrict) parents.Push(std::move(row));
  }
  v["agencies"] = std::move(rows);
  v["parents"] = std::move(parents);
  View kinds = View::MakeList();
  for (auto k : {AgencyKind::kStreet, AgencyKind::kDepartment, AgencyKind::kDistrict}) {
    View o;
    o["key"] = accounts::AgencyKindKey(k);
    o["label"] = accounts::AgencyKindLabel(k);
    o["selected"] = c.Field("kind") == accounts::AgencyKindKey(k);
    kinds.Push(std::move(o));
  }
  v["kinds"] = std::move(kinds);
  for (const char* f : {"code", "name", "address", "phone", "office_hours", "admin_username", "admin_name"}) v[f] = c.Field(f);
  return c.Page("staff/platform", std::move(v), status);
}

Redisplay HomeAgain(Ctx& c) {
  return [&c](const std::string& message, int status) { return Home(c, message, status); };
}

Response AddAgency(Ctx& c) {
  auto kind = accounts::AgencyKindFromKey(c.Field("kind"));
  if (!kind) return Home(c, "请选择机关类型", 400);
  accounts::NewAgency in{std::string(Trim(c.Field("code"))), c.Field("name"), *kind, c.Field("parent"),
                         {{"address", c.Field("address")},
                          {"phone", c.Field("phone")},
                          {"office_hours", c.Field("office_hours")}}};
  for (const char* key : {"address", "phone", "office_hours"}) {
    if (Trim(in.settings[key]).empty()) in.settings.erase(key);  // then inherited, or required
  }
  auto added = accounts::AddAgency(c.services, c.who(), in);
  if (!added.ok()) return Refused(c, added.status(), HomeAgain(c));
  // Its own copy of the calendar and the default catalog.
  if (Status s = disclosure::ImportShippedData(c.services.db, c.services.clock, c.config.root); !s.ok()) {
    return c.Error(s);
  }
  return Response::Redirect("/staff/platform?ok=agency_added");
}

Response AddAdmin(Ctx& c) {
  auto agency = OptionalId(c.Field("agency_id"));
  if (!agency) return Home(c, "请选择机关", 400);
  if (c.Field("admin_password") != c.Field("admin_password2")) return Home(c, "两次输入的密码不一致", 400);
  auto id = c.directory().CreateAgencyAdmin(c.who(), *agency, c.Field("admin_username"), c.Field("admin_name"),
                                            c.Field("admin_password"));
  if (!id.ok()) return Refused(c, id.status(), HomeAgain(c));
  return Response::Redirect("/staff/platform?ok=agency_admin_added");
}

}  // namespace

std::vector<Route> PlatformRoutes() {
  return {
      {"GET", "/staff/platform", Access::kStaff, [](Ctx& c) { return Home(c); }},
      {"POST", "/staff/platform/agencies", Access::kStaff, AddAgency},
      {"POST", "/staff/platform/admins", Access::kStaff, AddAdmin},
  };
}

}  // namespace gk::web
