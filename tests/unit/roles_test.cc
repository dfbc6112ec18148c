#include "accounts/roles.h"

#include <gtest/gtest.h>

namespace gk::accounts {
namespace {

TEST(RolesTest, KeysRoundTrip) {
  EXPECT_EQ(AllRoles().size(), 11u);
  for (const auto& r : AllRoles()) {
    EXPECT_EQ(RoleFromKey(r.key), r.role);
    EXPECT_STREQ(RoleLabel(r.role), r.label);
  }
  EXPECT_FALSE(RoleFromKey("root").has_value());
}

TEST(RolesTest, PermissionTable) {
  struct {
    std::set<Role> roles;
    Permission p;
    bool allowed;
  } cases[] = {
      {{}, Permission::kStaffArea, false},
      {{Role::kClerk}, Permission::kStaffArea, true},
      {{Role::kClerk}, Permission::kManageUsers, false},
      {{Role::kAdmin}, Permission::kManageUsers, true},
      {{Role::kPrincipal}, Permission::kManageUsers, false},
      {{Role::kDisclosureOffice}, Permission::kEditCalendar, true},
      {{Role::kClerk}, Permission::kEditCalendar, false},
      {{Role::kClerk}, Permission::kViewCalendar, true},
      {{Role::kSupervision}, Permission::kViewAuditLog, true},
      {{Role::kClerk, Role::kDeptHead}, Permission::kViewAuditLog, false},
      {{Role::kClerk, Role::kAdmin}, Permission::kManageAgencySettings, true},
      {{Role::kPlatformAdmin}, Permission::kManagePlatform, true},
      {{Role::kAdmin}, Permission::kManagePlatform, false},
      {{Role::kPlatformAdmin}, Permission::kStaffArea, false},
      {{Role::kPlatformAdmin}, Permission::kViewCalendar, false},
      {{Role::kPlatformAdmin}, Permission::kManageUsers, false},
      {{Role::kUpperOffice}, Permission::kOverseeSubordinates, true},
      {{Role::kUpperOffice}, Permission::kStaffArea, true},
      {{Role::kUpperOffice}, Permission::kViewSupervision, false},
      {{Role::kUpperOffice}, Permission::kManageCatalog, false},
      {{Role::kDisclosureOffice}, Permission::kOverseeSubordinates, false},
      {{Role::kPlatformAdmin}, Permission::kOverseeSubordinates, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Allows(c.roles, c.p), c.allowed) << static_cast<int>(c.p);
  }
}

TEST(RolesTest, RequireNamesTheMissingPermission) {
  Principal p;
  p.roles = {Role::kClerk};
  Status s = Require(p, Permission::kManageUsers);
  EXPECT_EQ(s.code(), Code::kPermissionDenied);
  EXPECT_EQ(s.message(), "没有“用户管理”权限");
  EXPECT_TRUE(Require(p, Permission::kStaffArea).ok());
}

TEST(RolesTest, AnAdministratorActsWithoutBusinessRoles) {
  EXPECT_EQ(ActingRoles({Role::kAdmin, Role::kDisclosureOffice, Role::kPrincipal}), (std::set<Role>{Role::kAdmin}));
  EXPECT_EQ(ActingRoles({Role::kClerk, Role::kDeptHead}), (std::set<Role>{Role::kClerk, Role::kDeptHead}));
  EXPECT_EQ(ActingRoles({Role::kAdmin}), (std::set<Role>{Role::kAdmin}));
  EXPECT_EQ(ActingRoles({Role::kPlatformAdmin, Role::kAdmin, Role::kClerk}), (std::set<Role>{Role::kPlatformAdmin}));
  EXPECT_TRUE(Administrative(Role::kPlatformAdmin));
  EXPECT_TRUE(Administrative(Role::kAdmin));
  EXPECT_FALSE(Administrative(Role::kDisclosureOffice));
}

}  // namespace
}  // namespace gk::accounts
