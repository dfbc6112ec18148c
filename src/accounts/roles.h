// Roles (DESIGN §1), permissions, and the Principal a request acts as.
// Permissions are checked in the service layer with Require(); the UI only
// hides what a user may not do.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "base/status.h"

namespace gk::accounts {

enum class Role {
  kClerk,              // 承办人
  kDeptHead,           // 部门负责人
  kLeaderInCharge,     // 分管领导
  kPrincipal,          // 主要领导
  kDisclosureOffice,   // 公开办（党政办）
  kLeadingGroup,       // 领导小组成员
  kSupervision,        // 纪工委监察办
  kSecrecySupervisor,  // 保密监督
  kAdmin,              // 系统管理员
  kPlatformAdmin,      // 平台管理员: the platform's agencies and their first administrator, nothing inside them
  kUpperOffice,        // 区政务公开办: oversees the agencies below its own (read-only), receives their filings, orders corrections
};

struct RoleInfo {
  Role role;
  const char* key;    // stable, stored in user_roles.role: "clerk", "dept_head", …
  const char* label;  // Simplified Chinese label
};

const std::vector<RoleInfo>& AllRoles();
const char* RoleKey(Role r);
const char* RoleLabel(Role r);
std::optional<Role> RoleFromKey(std::string_view key);

enum class Permission {
  kStaffArea,             // any staff role
  kManageUsers,           // admin
  kManageDepartments,     // admin
  kManageAgencySettings,  // admin
  kViewCalendar,          // any staff role
  kEditCalendar,          // admin, 公开办
  kViewAuditLog,          // admin, 监察办, 保密监督, 领导小组
  kManageCatalog,         // 公开办
  kViewSupervision,       // 领导小组, 监察办, 保密监督, 公开办, 分管领导, 主要领导: dashboards, spot checks
  kManagePlatform,        // 平台管理员: agencies on the platform
  kOverseeSubordinates,   // 区政务公开办: the agencies below its own agency (accounts/platform.h Oversee)
};

bool Allows(const std::set<Role>& roles, Permission p);

// The roles a signed-in user acts with: an administrative role (系统管理员,
// 平台管理员) is never held with another (Directory refuses it); an account
// stored before that rule holding both acts as administrator only, without
// business powers.
std::set<Role> ActingRoles(std::set<Role> stored);

// Whether `r` is administrative: held alone, and without business powers.
bool Administrative(Role r);

// Who a service call acts for: a signed-in user, or the command line.
struct Principal {
  int64_t user_id = 0;  // 0 for the command line
  int64_t agency_id = 0;
  std::string username;
  std::string display_name;
  std::optional<int64_t> department_id;
  std::set<Role> roles;
  // Set on a principal made by accounts::Oversee: the upper office of this
  // agency reading `agency_id`, one of the agencies below it. Such a
  // principal holds only Role::kUpperOffice there: it reads what oversight
  // needs and changes nothing but the records the upper office owns (its
  // filings' decisions, its orders).
  std::optional<int64_t> overseeing_from;

  bool Has(Role r) const { return roles.count(r) > 0; }
  bool Can(Permission p) const { return Allows(roles, p); }
  audit::Actor ActorFor() const;

  // The command line acting for `agency_id` with every administrative power.
  static Principal CommandLine(int64_t agency_id, std::string what);
};

// OK if `who` holds `p`; PermissionDenied with a message naming what is missing.
Status Require(const Principal& who, Permission p);

}  // namespace gk::accounts
