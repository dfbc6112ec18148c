#include "accounts/directory.h"

#include "accounts/passwords.h"
#include "accounts/portal_generation.h"
#include "base/crypto.h"
#include "base/strings.h"

namespace gk::accounts {
namespace {

bool ValidUsername(const std::string& u) {
  if (u.size() < 2 || u.size() > 32) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(u[0])) return false;
  for (char c : u) if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

Status ValidateName(const std::string& value, const char* label, size_t max_chars) {
  if (!IsValidUtf8(value) || HasControlChars(value)) return InvalidArgument(std::string(label) + "含有无效字符");
  if (Trim(value).empty()) return InvalidArgument(std::string(label) + "不能为空");
  if (Utf8Length(value) > max_chars) {
    return InvalidArgument(std::string(label) + "不能超过 " + std::to_string(max_chars) + " 个字");
  }
  return Status::Ok();
}

Status ValidateUser(const UserInput& in) {
  if (!ValidUsername(in.username)) {
    return InvalidArgument("用户名须为 2–32 位小写字母、数字或 . _ -，并以字母或数字开头");
  }
  RETURN_IF_ERROR(ValidateName(in.display_name, "姓名", 40));
  if (in.roles.empty()) return InvalidArgument("至少需要一个角色");
  // Separation of duties (DESIGN §1): the administrators have no business powers.
  for (Role r : in.roles) {
    if (Administrative(r) && in.roles.size() > 1) {
      return InvalidArgument(std::string(RoleLabel(r)) + "不能同时担任其他角色（职责分离）");
    }
  }
  return Status::Ok();
}

// Roles whose grant is audited on its own: they open every case or sign for
// the agency.
bool Sensitive(Role r) {
  return r == Role::kDisclosureOffice || r == Role::kLeaderInCharge || r == Role::kPrincipal ||
         r == Role::kLeadingGroup || r == Role::kPlatformAdmin || r == Role::kUpperOffice;
}

// The 平台管理员's accounts are the platform's: only a 平台管理员 or the
// command line grants, changes or resets one.
Status RequirePlatformFor(const Principal& who, const std::set<Role>& roles) {
  if (!roles.count(Role::kPlatformAdmin) || who.user_id == 0 || who.Has(Role::kPlatformAdmin)) return Status::Ok();
  return PermissionDenied("平台管理员账号只能由平台管理员管理");
}

// One audit entry per sensitive role `after` holds and `before` did not,
// naming who granted it.
Status AuditGrants(store::Tx& tx, const Clock& clock, const Principal& who, int64_t agency_id,
                   const std::set<Role>& before, const User& after) {
  for (Role r : after.roles) {
    if (!Sensitive(r) || before.count(r)) continue;
    RETURN_IF_ERROR(audit::Append(tx, clock, {agency_id, who.ActorFor(), "user.grant_role", "user",
                                              std::to_string(after.id), "", RoleKey(r),
                                              who.display_name + "（" + who.username + "）授予用户 " +
                                                  after.username + "“" + RoleLabel(r) + "”角色"}));
  }
  return Status::Ok();
}

std::string CanonicalUser(const User& u) {
  std::string roles;
  for (Role r : u.roles) roles += std::string(RoleKey(r)) + ",";
  return "username=" + u.username + "\ndisplay_name=" + u.display_name + "\ndepartment=" +
         (u.department_id ? std::to_string(*u.department_id) : "") + "\nactive=" +
         (u.active ? "1" : "0") + "\nroles=" + roles + "\n";
}

std::string CanonicalDepartment(const Department& d) {
  return "name=" + d.name + "\nsort=" + std::to_string(d.sort_order) + "\nactive=" + (d.active ? "1" : "0") + "\n";
}

Status CheckDepartment(store::Tx& tx, int64_t agency_id, const std::optional<int64_t>& id) {
  if (!id) return Status::Ok();
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT active FROM departments WHERE id = ? AND agency_id = ?",
                                         {*id, agency_id}));
  if (!row) return InvalidArgument("所选部门不存在");
  return Status::Ok();
}

Status WriteRoles(store::Tx& tx, int64_t agency_id, int64_t user_id, const std::set<Role>& roles) {
  RETURN_IF_ERROR(tx.Exec("DELETE FROM user_roles WHERE user_id = ?", {user_id}).status());
  for (Role r : roles) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO user_roles (agency_id, user_id, role) VALUES (?, ?, ?)",
                            {agency_id, user_id, std::string(RoleKey(r))}).status());
  }
  return Status::Ok();
}

store::Value OptId(const std::optional<int64_t>& id) {
  return id ? store::Value(*id) : store::Value(nullptr);
}

Status MapDuplicate(Status s, const std::string& message) {
  if (s.code() == Code::kConflict) return Conflict(message);
  return s;
}

}  // namespace

Result<User> LoadUser(store::Tx& tx, int64_t agency_id, int64_t user_id) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne(
      "SELECT u.id, u.username, u.display_name, u.department_id, COALESCE(d.name, '') AS department_name, u.active "
      "FROM users u LEFT JOIN departments d ON d.id = u.department_id "
      "WHERE u.id = ? AND u.agency_id = ?", {user_id, agency_id}));
  if (!row) return NotFound("用户不存在");
  User u{row->Int("id"),
         row->Str("username"),
         row->Str("display_name"),
         row->OptInt("department_id"),
         row->Str("department_name"),
         row->Int("active") != 0,
         {}};
  ASSIGN_OR_RETURN(auto roles, tx.Query("SELECT role FROM user_roles WHERE user_id = ?", {user_id}));
  for (const auto& r : roles) {
    if (auto role = RoleFromKey(r.Str("role"))) u.roles.insert(*role);
  }
  return u;
}

Result<std::vector<Department>> LoadDepartments(store::Tx& tx, int64_t agency_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, name, sort_order, active FROM departments "
                                       "WHERE agency_id = ? ORDER BY sort_order, id", {agency_id}));
  std::vector<Department> out;
  for (const auto& r : rows)
    out.push_back({r.Int("id"), r.Str("name"), static_cast<int>(r.Int("sort_order")), r.Int("active") != 0});
  return out;
}

Result<std::vector<Department>> Directory::Departments(const Principal& who) {
  RETURN_IF_ERROR(Require(who, Permission::kStaffArea));
  return ctx_.db.Read<std::vector<Department>>(
      [&](store::Tx& tx) -> Result<std::vector<Department>> { return LoadDepartments(tx, who.agency_id); });
}

Result<int64_t> Directory::CreateDepartment(const Principal& who, const std::string& name, int sort_order) {
  RETURN_IF_ERROR(Require(who, Permission::kManageDepartments));
  RETURN_IF_ERROR(ValidateName(name, "部门名称", 60));
  std::string clean(Trim(name));
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    auto id = tx.Insert("INSERT INTO departments (agency_id, name, sort_order, active, created_at) "
                        "VALUES (?, ?, ?, 1, ?) RETURNING id",
                        {who.agency_id, clean, int64_t{sort_order}, Now(ctx_.clock)});
    if (!id.ok()) return MapDuplicate(id.status(), "已有同名部门：" + clean);
    RETURN_IF_ERROR(TouchPortal(tx, who.agency_id));
    Department d{*id, clean, sort_order, true};
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "department.create",
                                                   "department", std::to_string(*id), "",
                                                   CanonicalDepartment(d), "新建部门 " + clean}));
    return *id;
  });
}

Status Directory::UpdateDepartment(const Principal& who, int64_t id, const std::string& name,
                                   int sort_order, bool active) {
  RETURN_IF_ERROR(Require(who, Permission::kManageDepartments));
  RETURN_IF_ERROR(ValidateName(name, "部门名称", 60));
  std::string clean(Trim(name));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT name, sort_order, active FROM departments "
                                           "WHERE id = ? AND agency_id = ?", {id, who.agency_id}));
    if (!row) return NotFound("部门不存在");
    Department before{id, row->Str("name"), static_cast<int>(row->Int("sort_order")), row->Int("active") != 0};
    Department after{id, clean, sort_order, active};
    auto r = tx.Exec("UPDATE departments SET name = ?, sort_order = ?, active = ? WHERE id = ? AND agency_id = ?",
                     {clean, int64_t{sort_order}, int64_t{active}, id, who.agency_id});
    if (!r.ok()) return MapDuplicate(r.status(), "已有同名部门：" + clean);
    RETURN_IF_ERROR(TouchPortal(tx, who.agency_id));
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "department.update", "department",
                                          std::to_string(id), CanonicalDepartment(before),
                                          CanonicalDepartment(after), "修改部门 " + clean});
  });
}

Result<std::vector<User>> Directory::Users(const Principal& who) {
  RETURN_IF_ERROR(Require(who, Permission::kManageUsers));
  std::vector<User> out;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id FROM users WHERE agency_id = ? AND substr(username, 1, 1) <> '_' "
                                         "ORDER BY username",
                                         {who.agency_id}));
    for (const auto& r : rows) {
      ASSIGN_OR_RETURN(User u, LoadUser(tx, who.agency_id, r.Int("id")));
      out.push_back(std::move(u));
    }
    return Status::Ok();
  }));
  return out;
}

Result<User> Directory::GetUser(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(Require(who, Permission::kManageUsers));
  return ctx_.db.Transact<User>([&](store::Tx& tx) { return LoadUser(tx, who.agency_id, id); });
}

Result<User> Directory::FindByUsername(const Principal& who, const std::string& username) {
  RETURN_IF_ERROR(Require(who, Permission::kManageUsers));
  return ctx_.db.Transact<User>([&](store::Tx& tx) -> Result<User> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id FROM users WHERE agency_id = ? AND username = ?",
                                           {who.agency_id, username}));
    if (!row) return NotFound("用户 " + username + " 不存在");
    return LoadUser(tx, who.agency_id, row->Int("id"));
  });
}

Result<int64_t> Directory::CreateUser(const Principal& who, const UserInput& in, const std::string& password) {
  RETURN_IF_ERROR(Require(who, Permission::kManageUsers));
  RETURN_IF_ERROR(ValidateUser(in));
  RETURN_IF_ERROR(RequirePlatformFor(who, in.roles));
  RETURN_IF_ERROR(CheckPasswordPolicy(password, ctx_.security));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, ctx_.security.password_cost));
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    return InsertUser(tx, who, who.agency_id, in, hash);
  });
}

Result<int64_t> Directory::CreateAgencyAdmin(const Principal& who, int64_t agency_id, const std::string& username,
                                             const std::string& display_name, const std::string& password) {
  RETURN_IF_ERROR(Require(who, Permission::kManagePlatform));
  UserInput in{std::string(Trim(username)), display_name, std::nullopt, {Role::kAdmin}, true};
  RETURN_IF_ERROR(ValidateUser(in));
  RETURN_IF_ERROR(CheckPasswordPolicy(password, ctx_.security));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, ctx_.security.password_cost));
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto agency, tx.QueryOne("SELECT id FROM agencies WHERE id = ?", {agency_id}));
    if (!agency) return NotFound("机关不存在");
    return InsertUser(tx, who, agency_id, in, hash);
  });
}

Result<int64_t> Directory::InsertUser(store::Tx& tx, const Principal& who, int64_t agency_id, const UserInput& in,
                                      const std::string& hash) {
  RETURN_IF_ERROR(CheckDepartment(tx, agency_id, in.department_id));
  std::string now = Now(ctx_.clock);
  auto id = tx.Insert("INSERT INTO users (agency_id, username, display_name, department_id, password_hash, "
                      "active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {agency_id, in.username, std::string(Trim(in.display_name)), OptId(in.department_id), hash,
                       int64_t{in.active}, now, now});
  if (!id.ok()) return MapDuplicate(id.status(), "用户名 " + in.username + " 已被使用");
  RETURN_IF_ERROR(WriteRoles(tx, agency_id, *id, in.roles));
  ASSIGN_OR_RETURN(User u, LoadUser(tx, agency_id, *id));
  RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {agency_id, who.ActorFor(), "user.create", "user",
                                                 std::to_string(*id), "", CanonicalUser(u),
                                                 "新建用户 " + in.username}));
  RETURN_IF_ERROR(AuditGrants(tx, ctx_.clock, who, agency_id, {}, u));
  return *id;
}

Status Directory::UpdateUser(const Principal& who, int64_t id, const UserInput& in) {
  RETURN_IF_ERROR(Require(who, Permission::kManageUsers));
  RETURN_IF_ERROR(ValidateUser(in));
  if (id == who.user_id && !in.active) return FailedPrecondition("不能停用自己的账号");
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(User before, LoadUser(tx, who.agency_id, id));
    if (id == who.user_id && in.roles != before.roles) return FailedPrecondition("不能修改自己的角色");
    RETURN_IF_ERROR(RequirePlatformFor(who, before.roles));
    RETURN_IF_ERROR(RequirePlatformFor(who, in.roles));
    RETURN_IF_ERROR(CheckDepartment(tx, who.agency_id, in.department_id));
    auto r = tx.Exec("UPDATE users SET username = ?, display_name = ?, department_id = ?, active = ?, "
                     "updated_at = ? WHERE id = ? AND agency_id = ?",
                     {in.username, std::string(Trim(in.display_name)), OptId(in.department_id),
                      int64_t{in.active}, Now(ctx_.clock), id, who.agency_id});
    if (!r.ok()) return MapDuplicate(r.status(), "用户名 " + in.username + " 已被使用");
    RETURN_IF_ERROR(WriteRoles(tx, who.agency_id, id, in.roles));
    if (!in.active) RETURN_IF_ERROR(tx.Exec("DELETE FROM sessions WHERE user_id = ?", {id}).status());
    ASSIGN_OR_RETURN(User after, LoadUser(tx, who.agency_id, id));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "user.update", "user",
                                                   std::to_string(id), CanonicalUser(before), CanonicalUser(after),
                                                   "修改用户 " + in.username}));
    return AuditGrants(tx, ctx_.clock, who, who.agency_id, before.roles, after);
  });
}

Status Directory::ResetPassword(const Principal& who, int64_t id, const std::string& password) {
  RETURN_IF_ERROR(Require(who, Permission::kManageUsers));
  RETURN_IF_ERROR(CheckPasswordPolicy(password, ctx_.security));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, ctx_.security.password_cost));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(User u, LoadUser(tx, who.agency_id, id));
    RETURN_IF_ERROR(RequirePlatformFor(who, u.roles));
    RETURN_IF_ERROR(tx.Exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND agency_id = ?",
                            {hash, Now(ctx_.clock), id, who.agency_id}).status());
    RETURN_IF_ERROR(tx.Exec("DELETE FROM sessions WHERE user_id = ?", {id}).status());
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "user.password_reset", "user",
                                          std::to_string(id), "", "", "重置用户 " + u.username + " 的密码"});
  });
}

Status Directory::ChangeOwnPassword(const Principal& who, const std::string& current,
                                    const std::string& replacement, const std::string& keep_session_hash) {
  RETURN_IF_ERROR(Require(who, Permission::kStaffArea));
  std::string stored;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT password_hash FROM users WHERE id = ? AND agency_id = ?",
                                           {who.user_id, who.agency_id}));
    if (!row) return NotFound("用户不存在");
    stored = row->Str("password_hash");
    return Status::Ok();
  }));
  if (!VerifyPassword(current, stored)) return InvalidArgument("当前密码不正确");
  if (current == replacement) return InvalidArgument("新密码不能与当前密码相同");
  RETURN_IF_ERROR(CheckPasswordPolicy(replacement, ctx_.security));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(replacement, ctx_.security.password_cost));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.Exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND agency_id = ?",
                            {hash, Now(ctx_.clock), who.user_id, who.agency_id}).status());
    RETURN_IF_ERROR(tx.Exec("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?",
                            {who.user_id, keep_session_hash}).status());
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "user.password_change", "user",
                                          std::to_string(who.user_id), "", "", "修改本人密码"});
  });
}

}  // namespace gk::accounts
