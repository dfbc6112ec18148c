#include "accounts/roles.h"

namespace gk::accounts {

const std::vector<RoleInfo>& AllRoles() {
  static const std::vector<RoleInfo> kRoles = {
      {Role::kClerk, "clerk", "承办人"},
      {Role::kDeptHead, "dept_head", "部门负责人"},
      {Role::kLeaderInCharge, "leader_in_charge", "分管领导"},
      {Role::kPrincipal, "principal", "主要领导"},
      {Role::kDisclosureOffice, "disclosure_office", "公开办工作人员"},
      {Role::kLeadingGroup, "leading_group", "领导小组成员"},
      {Role::kSupervision, "supervision", "纪工委监察办"},
      {Role::kSecrecySupervisor, "secrecy_supervisor", "保密监督员"},
      {Role::kAdmin, "admin", "系统管理员"},
      {Role::kPlatformAdmin, "platform_admin", "平台管理员"},
      {Role::kUpperOffice, "upper_office", "区政务公开办（指导监督）"},
  };
  return kRoles;
}

const char* RoleKey(Role r) {
  for (const auto& i : AllRoles()) if (i.role == r) return i.key;
  return "";
}

const char* RoleLabel(Role r) {
  for (const auto& i : AllRoles()) if (i.role == r) return i.label;
  return "";
}

std::optional<Role> RoleFromKey(std::string_view key) {
  for (const auto& i : AllRoles()) if (key == i.key) return i.role;
  return std::nullopt;
}

namespace {

struct Grant {
  Permission permission;
  std::set<Role> roles;  // empty = any role of an agency's staff (not the 平台管理员)
  const char* label;
};

const std::vector<Grant>& Grants() {
  static const std::vector<Grant> kGrants = {
      {Permission::kStaffArea, {}, "工作人员"},
      {Permission::kManageUsers, {Role::kAdmin}, "用户管理"},
      {Permission::kManageDepartments, {Role::kAdmin}, "部门管理"},
      {Permission::kManageAgencySettings, {Role::kAdmin}, "机关信息设置"},
      {Permission::kViewCalendar, {}, "查看工作日历"},
      {Permission::kEditCalendar, {Role::kAdmin, Role::kDisclosureOffice}, "维护工作日历"},
      {Permission::kViewAuditLog,
       {Role::kAdmin, Role::kSupervision, Role::kSecrecySupervisor, Role::kLeadingGroup},
       "查看审计日志"},
      {Permission::kManageCatalog, {Role::kDisclosureOffice}, "维护公开目录"},
      {Permission::kViewSupervision,
       {Role::kLeadingGroup, Role::kSupervision, Role::kSecrecySupervisor, Role::kDisclosureOffice,
        Role::kLeaderInCharge, Role::kPrincipal},
       "查看监督情况"},
      {Permission::kManagePlatform, {Role::kPlatformAdmin}, "平台机关管理"},
      {Permission::kOverseeSubordinates, {Role::kUpperOffice}, "指导监督下级机关"},
  };
  return kGrants;
}

}  // namespace

bool Allows(const std::set<Role>& roles, Permission p) {
  for (const Grant& g : Grants()) {
    if (g.permission != p) continue;
    if (g.roles.empty()) {
      for (Role r : roles) if (r != Role::kPlatformAdmin) return true;
      return false;
    }
    for (Role r : roles) if (g.roles.count(r)) return true;
    return false;
  }
  return false;
}

bool Administrative(Role r) { return r == Role::kAdmin || r == Role::kPlatformAdmin; }

std::set<Role> ActingRoles(std::set<Role> stored) {
  if (stored.count(Role::kPlatformAdmin)) return {Role::kPlatformAdmin};
  if (stored.count(Role::kAdmin)) return {Role::kAdmin};
  return stored;
}

Status Require(const Principal& who, Permission p) {
  if (Allows(who.roles, p)) return Status::Ok();
  for (const Grant& g : Grants()) {
    if (g.permission == p) return PermissionDenied(std::string("没有“") + g.label + "”权限");
  }
  return PermissionDenied("没有权限");
}

audit::Actor Principal::ActorFor() const {
  if (user_id == 0) return audit::Actor{std::nullopt, username};
  return audit::Actor{user_id, username + "（" + display_name + "）"};
}

Principal Principal::CommandLine(int64_t agency_id, std::string what) {
  Principal p;
  p.agency_id = agency_id;
  p.username = "cli:" + what;
  p.display_name = "命令行";
  p.roles = {Role::kAdmin};
  return p;
}

}  // namespace gk::accounts
