// Administration: users, departments, agency settings (系统管理员).
#include "base/strings.h"
#include "web/page.h"
#include "web/render.h"

namespace gk::web {
namespace {

using accounts::Permission;

Response Denied(Ctx& c, Permission p) { return c.Error(accounts::Require(c.who(), p)); }

// ---------------------------------------------------------------- users

View RoleChoices(const std::set<accounts::Role>& selected) {
  View list = View::MakeList();
  for (const auto& r : accounts::AllRoles()) {
    if (r.role == accounts::Role::kPlatformAdmin) continue;  // the platform's, not the agency's (CLI)
    View item;
    item["key"] = r.key;
    item["label"] = r.label;
    item["checked"] = selected.count(r.role) > 0;
    list.Push(std::move(item));
  }
  return list;
}

Result<accounts::UserInput> ReadUserForm(Ctx& c) {
  accounts::UserInput in;
  in.username = std::string(Trim(c.Field("username")));
  in.display_name = c.Field("display_name");
  in.active = c.Field("active") == "1";
  if (std::string d = c.Field("department_id"); !d.empty()) {
    char* end = nullptr;
    long long id = std::strtoll(d.c_str(), &end, 10);
    if (*end != '\0' || id <= 0) return InvalidArgument("所选部门无效");
    in.department_id = id;
  }
  for (auto [it, end] = c.form.equal_range("roles"); it != end; ++it) {
    auto role = accounts::RoleFromKey(it->second);
    if (!role) return InvalidArgument("未知角色：" + it->second);
    in.roles.insert(*role);
  }
  return in;
}

Response UserForm(Ctx& c, const accounts::UserInput& in, std::optional<int64_t> id, const std::string& error,
                  int status) {
  View v = c.Base(c.renderer.Text(id ? "user_edit_title" : "user_new_title"), "users");
  v["error"] = error;
  v["is_new"] = !id;
  v["action"] = id ? "/staff/admin/users/" + std::to_string(*id) : std::string("/staff/admin/users");
  if (id) v["id"] = *id;
  v["username"] = in.username;
  v["display_name"] = in.display_name;
  v["active"] = in.active;
  v["roles"] = RoleChoices(in.roles);
  v["departments"] = DepartmentChoices(c, in.department_id);
  v["min_length"] = c.config.security.min_password_length;
  return c.Page("staff/user_form", std::move(v), status);
}

Response ListUsers(Ctx& c) {
  auto users = c.directory().Users(c.who());
  if (!users.ok()) return c.Error(users.status());
  View v = c.Base(c.renderer.Text("users_title"), "users");
  for (const auto& u : *users) {
    View row;
    row["id"] = u.id;
    row["username"] = u.username;
    row["display_name"] = u.display_name;
    row["department"] = u.department_name;
    row["active"] = u.active;
    std::string roles;
    for (auto r : u.roles) roles += (roles.empty() ? "" : "、") + std::string(accounts::RoleLabel(r));
    row["roles"] = roles;
    v["users"].Push(std::move(row));
  }
  return c.Page("staff/users", std::move(v));
}

Response NewUser(Ctx& c) {
  if (!c.who().Can(Permission::kManageUsers)) return Denied(c, Permission::kManageUsers);
  accounts::UserInput in;
  in.roles = {accounts::Role::kClerk};
  return UserForm(c, in, std::nullopt, "", 200);
}

Response CreateUser(Ctx& c) {
  if (!c.who().Can(Permission::kManageUsers)) return Denied(c, Permission::kManageUsers);
  auto in = ReadUserForm(c);
  if (!in.ok()) {
    return Refused(c, in.status(),
                   [&](const std::string& m, int st) { return UserForm(c, accounts::UserInput{}, std::nullopt, m, st); });
  }
  if (c.Field("password") != c.Field("password2")) return UserForm(c, *in, std::nullopt, "两次输入的密码不一致", 400);
  auto id = c.directory().CreateUser(c.who(), *in, c.Field("password"));
  if (!id.ok()) {
    return Refused(c, id.status(), [&](const std::string& m, int st) { return UserForm(c, *in, std::nullopt, m, st); });
  }
  return Response::Redirect("/staff/admin/users?ok=user_created");
}

// The stored user `id` in the form, with `error`.
Response StoredUserForm(Ctx& c, int64_t id, const std::string& error, int status) {
  auto u = c.directory().GetUser(c.who(), id);
  if (!u.ok()) return c.Error(u.status());
  accounts::UserInput in{u->username, u->display_name, u->department_id, u->roles, u->active};
  return UserForm(c, in, id, error, status);
}

Response EditUser(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  return StoredUserForm(c, *id, "", 200);
}

Response UpdateUser(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  if (!c.who().Can(Permission::kManageUsers)) return Denied(c, Permission::kManageUsers);
  auto in = ReadUserForm(c);
  if (!in.ok()) {
    return Refused(c, in.status(), [&](const std::string& m, int st) { return StoredUserForm(c, *id, m, st); });
  }
  Status s = c.directory().UpdateUser(c.who(), *id, *in);
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return UserForm(c, *in, *id, m, st); });
  return Response::Redirect("/staff/admin/users?ok=user_saved");
}

Response ResetPassword(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  Status s = c.Field("password") != c.Field("password2")
                 ? InvalidArgument("两次输入的密码不一致")
                 : c.directory().ResetPassword(c.who(), *id, c.Field("password"));
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return StoredUserForm(c, *id, m, st); });
  return Response::Redirect("/staff/admin/users?ok=password_reset");
}

// ---------------------------------------------------------------- departments

Response Departments(Ctx& c, const std::string& error, int status) {
  if (!c.who().Can(Permission::kManageDepartments)) return Denied(c, Permission::kManageDepartments);
  auto depts = c.directory().Departments(c.who());
  if (!depts.ok()) return c.Error(depts.status());
  View v = c.Base(c.renderer.Text("departments_title"), "departments");
  v["error"] = error;
  for (const auto& d : *depts) {
    View row;
    row["id"] = d.id;
    row["name"] = d.name;
    row["sort_order"] = d.sort_order;
    row["active"] = d.active;
    v["departments"].Push(std::move(row));
  }
  v["new_name"] = c.Field("name");
  return c.Page("staff/departments", std::move(v), status);
}

int SortOrder(const std::string& s) { return std::clamp(std::atoi(s.c_str()), -100000, 100000); }

Response CreateDepartment(Ctx& c) {
  auto id = c.directory().CreateDepartment(c.who(), c.Field("name"), SortOrder(c.Field("sort_order")));
  if (!id.ok()) return Refused(c, id.status(), [&](const std::string& m, int st) { return Departments(c, m, st); });
  return Response::Redirect("/staff/admin/departments?ok=department_created");
}

Response UpdateDepartment(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  Status s = c.directory().UpdateDepartment(c.who(), *id, c.Field("name"), SortOrder(c.Field("sort_order")),
                                            c.Field("active") == "1");
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return Departments(c, m, st); });
  return Response::Redirect("/staff/admin/departments?ok=department_saved");
}

// ---------------------------------------------------------------- agency settings

Response AgencyForm(Ctx& c, const std::map<std::string, std::string>& values, const std::string& error,
                    int status) {
  View v = c.Base(c.renderer.Text("agency_title"), "agency");
  v["error"] = error;
  v["code"] = c.agency.code;
  for (const auto& info : accounts::AgencySettingKeys()) {
    View f;
    f["key"] = info.key;
    f["label"] = info.label;
    f["required"] = info.required;
    auto it = values.find(info.key);
    f["value"] = it == values.end() ? "" : it->second;
    v["fields"].Push(std::move(f));
  }
  return c.Page("staff/agency", std::move(v), status);
}

Response ShowAgency(Ctx& c) {
  if (!c.who().Can(Permission::kManageAgencySettings)) return Denied(c, Permission::kManageAgencySettings);
  auto settings = accounts::LoadSettings(c.services.db, c.agency.id);
  if (!settings.ok()) return c.Error(settings.status());
  return AgencyForm(c, *settings, "", 200);
}

Response SaveAgency(Ctx& c) {
  if (!c.who().Can(Permission::kManageAgencySettings)) return Denied(c, Permission::kManageAgencySettings);
  std::map<std::string, std::string> values;
  for (const auto& info : accounts::AgencySettingKeys()) values[info.key] = c.Field(info.key);
  Status s = accounts::SaveSettings(c.services, c.who(), values);
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return AgencyForm(c, values, m, st); });
  return Response::Redirect("/staff/admin/agency?ok=agency_saved");
}

}  // namespace

std::vector<Route> AdminRoutes() {
  return {
      {"GET", "/staff/admin/users", Access::kStaff, ListUsers},
      {"GET", "/staff/admin/users/new", Access::kStaff, NewUser},
      {"POST", "/staff/admin/users", Access::kStaff, CreateUser},
      {"GET", "/staff/admin/users/{id}", Access::kStaff, EditUser},
      {"POST", "/staff/admin/users/{id}", Access::kStaff, UpdateUser},
      {"POST", "/staff/admin/users/{id}/password", Access::kStaff, ResetPassword},
      {"GET", "/staff/admin/departments", Access::kStaff, [](Ctx& c) { return Departments(c, "", 200); }},
      {"POST", "/staff/admin/departments", Access::kStaff, CreateDepartment},
      {"POST", "/staff/admin/departments/{id}", Access::kStaff, UpdateDepartment},
      {"GET", "/staff/admin/agency", Access::kStaff, ShowAgency},
      {"POST", "/staff/admin/agency", Access::kStaff, SaveAgency},
  };
}

}  // namespace gk::web
