// Departments, users, agency settings: validation, permissions in the service
// layer, agency isolation, and an audit entry for every change.
#include <gtest/gtest.h>

#include "accounts/agencies.h"
#include "accounts/directory.h"
#include "accounts/public_guard.h"
#include "audit/audit.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::accounts {
namespace {

class AccountsTest : public testing::StoreTest {
 protected:
  AccountsTest() : StoreTest(1764000000, testing::WithDataKey::kNo) {}
  void SetUp() override {
    StoreTest::SetUp();
    admin_ = Principal::CommandLine(agency_, "test");
    clerk_ = Load("clerk");
  }

  Principal Load(const std::string& username) {
    auto u = Directory(ctx_).FindByUsername(Principal::CommandLine(agency_, "test"), username);
    EXPECT_TRUE(u.ok()) << u.status().ToString();
    return Principal{u->id, agency_, u->username, u->display_name, u->department_id, u->roles};
  }

  int64_t AuditCount() {
    return testing::QueryInt(t_.db(), "SELECT COUNT(*) FROM audit_log WHERE agency_id = ?", {agency_});
  }

  Principal admin_, clerk_;
};

TEST_F(AccountsTest, DemoHasOneUserPerRole) {
  auto users = Directory(ctx_).Users(admin_);
  ASSERT_TRUE(users.ok());
  std::set<Role> covered;
  for (const auto& u : *users) covered.insert(u.roles.begin(), u.roles.end());
  // Every role but the district's 政务公开办, which oversees from the
  // district above the office (the demo district has that user).
  EXPECT_EQ(covered.size(), AllRoles().size() - 1);
  EXPECT_FALSE(covered.count(Role::kUpperOffice));
  auto depts = Directory(ctx_).Departments(admin_);
  ASSERT_TRUE(depts.ok());
  EXPECT_GE(depts->size(), 6u);
}

TEST_F(AccountsTest, CreateUserAuditsAndValidates) {
  Directory dir(ctx_);
  int64_t before = AuditCount();
  UserInput in{"zhang.san", "张三", clerk_.department_id, {Role::kClerk, Role::kDeptHead}, true};
  auto id = dir.CreateUser(admin_, in, "Secret-pass-1");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(AuditCount(), before + 1);
  auto u = dir.GetUser(admin_, *id);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->display_name, "张三");
  EXPECT_EQ(u->roles, (std::set<Role>{Role::kClerk, Role::kDeptHead}));

  auto dup = dir.CreateUser(admin_, in, "Secret-pass-1");
  EXPECT_EQ(dup.status().code(), Code::kConflict);
  EXPECT_EQ(dup.status().message(), "用户名 zhang.san 已被使用");

  struct {
    UserInput in;
    std::string password;
    std::string error;
  } bad[] = {
      {{"Zhang", "张三", std::nullopt, {Role::kClerk}}, "Secret-pass-1",
       "用户名须为 2–32 位小写字母、数字或 . _ -，并以字母或数字开头"},
      {{"x", "张三", std::nullopt, {Role::kClerk}}, "Secret-pass-1",
       "用户名须为 2–32 位小写字母、数字或 . _ -，并以字母或数字开头"},
      {{"lisi", "", std::nullopt, {Role::kClerk}}, "Secret-pass-1", "姓名不能为空"},
      {{"lisi", "李四", std::nullopt, {}}, "Secret-pass-1", "至少需要一个角色"},
      {{"lisi", "李四", std::nullopt, {Role::kClerk}}, "short", "密码至少需要 10 个字符"},
      {{"lisi", "李四", int64_t{999999}, {Role::kClerk}}, "Secret-pass-1", "所选部门不存在"},
      {{"lisi", "李\x01四", std::nullopt, {Role::kClerk}}, "Secret-pass-1", "姓名含有无效字符"},
  };
  for (const auto& c : bad) {
    int64_t n = AuditCount();
    auto r = dir.CreateUser(admin_, c.in, c.password);
    ASSERT_FALSE(r.ok()) << c.in.username;
    EXPECT_EQ(r.status().message(), c.error);
    EXPECT_EQ(AuditCount(), n) << "a refused change must write nothing";
  }
}

TEST_F(AccountsTest, PermissionsAreCheckedInTheService) {
  Directory dir(ctx_);
  UserInput in{"intruder", "入侵者", std::nullopt, {Role::kAdmin}, true};
  auto r = dir.CreateUser(clerk_, in, "Secret-pass-1");
  EXPECT_EQ(r.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(dir.Users(clerk_).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(dir.CreateDepartment(clerk_, "影子部门", 1).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(dir.ResetPassword(clerk_, clerk_.user_id, "Secret-pass-2").code(), Code::kPermissionDenied);
  std::map<std::string, std::string> settings = *LoadSettings(t_.db(), agency_);
  EXPECT_EQ(SaveSettings(ctx_, clerk_, settings).code(), Code::kPermissionDenied);
  EXPECT_TRUE(dir.Departments(clerk_).ok()) << "staff may list departments";
}

TEST_F(AccountsTest, AgenciesAreIsolated) {
  int64_t other = 0;
  ASSERT_TRUE(t_.db().Transact([&](store::Tx& tx) -> Status {
    std::map<std::string, std::string> s = {{"office_name", "办"}, {"address", "地址"}, {"office_hours", "工作日"},
                                            {"phone", "1"}};
    ASSIGN_OR_RETURN(Agency a, CreateAgency(tx, clock_, "other-street", "另一街道", s, {std::nullopt, "t"}));
    other = a.id;
    return Status::Ok();
  }).ok());
  Principal other_admin = Principal::CommandLine(other, "test");
  Directory dir(ctx_);
  EXPECT_EQ(dir.GetUser(other_admin, clerk_.user_id).status().code(), Code::kNotFound);
  EXPECT_EQ(dir.UpdateUser(other_admin, clerk_.user_id, {"clerk", "改名", std::nullopt, {Role::kClerk}, true}).code(),
            Code::kNotFound);
  auto users = dir.Users(other_admin);
  ASSERT_TRUE(users.ok());
  EXPECT_TRUE(users->empty());
  // Same username in two agencies is fine.
  EXPECT_TRUE(dir.CreateUser(other_admin, {"clerk", "他处承办", std::nullopt, {Role::kClerk}, true}, "Secret-pass-1").ok());
  // A department of another agency cannot be assigned.
  EXPECT_EQ(dir.CreateUser(other_admin, {"x2", "某", clerk_.department_id, {Role::kClerk}, true}, "Secret-pass-1")
                .status().message(), "所选部门不存在");
  EXPECT_EQ(ResolveAgency(t_.db(), "").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ResolveAgency(t_.db(), "other-street")->id, other);
  EXPECT_EQ(ResolveAgency(t_.db(), "nope").status().code(), Code::kNotFound);
}

TEST_F(AccountsTest, AdminCannotLockThemselvesOut) {
  Principal admin = Load("admin");
  Directory dir(ctx_);
  Status s = dir.UpdateUser(admin, admin.user_id, {"admin", "系统管理员", std::nullopt, {Role::kClerk}, true});
  EXPECT_EQ(s.code(), Code::kFailedPrecondition);
  s = dir.UpdateUser(admin, admin.user_id, {"admin", "系统管理员", std::nullopt, {Role::kAdmin}, false});
  EXPECT_EQ(s.code(), Code::kFailedPrecondition);
}

TEST_F(AccountsTest, DepartmentsCreateRenameDuplicate) {
  Directory dir(ctx_);
  auto id = dir.CreateDepartment(admin_, "  信息中心 ", 5);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(dir.CreateDepartment(admin_, "信息中心", 6).status().message(), "已有同名部门：信息中心");
  EXPECT_TRUE(dir.UpdateDepartment(admin_, *id, "信息与数据中心", 7, false).ok());
  auto depts = dir.Departments(admin_);
  bool found = false;
  for (const auto& d : *depts) {
    if (d.id == *id) {
      found = true;
      EXPECT_EQ(d.name, "信息与数据中心");
      EXPECT_FALSE(d.active);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(dir.CreateDepartment(admin_, "", 1).status().message(), "部门名称不能为空");
}

TEST_F(AccountsTest, SettingsValidated) {
  auto settings = *LoadSettings(t_.db(), agency_);
  settings["phone"] = "";
  EXPECT_EQ(SaveSettings(ctx_, admin_, settings).message(), "咨询电话不能为空");
  settings["phone"] = "021-1234";
  settings["bogus"] = "x";
  EXPECT_EQ(SaveSettings(ctx_, admin_, settings).message(), "未知的设置项：bogus");
  settings.erase("bogus");
  settings["name"] = "静安寺街道办事处（新）";
  ASSERT_TRUE(SaveSettings(ctx_, admin_, settings).ok());
  EXPECT_EQ(ResolveAgency(t_.db(), "")->name, "静安寺街道办事处（新）");
  EXPECT_EQ(LoadSettings(t_.db(), agency_)->at("phone"), "021-1234");
}

TEST_F(AccountsTest, PublicLimitsAreSettingsWithDefaults) {
  auto settings = *LoadSettings(t_.db(), agency_);
  for (const char* bad : {"5", "5/", "0/30", "5/30/1", "a/b", "５/30", "10001/20000"}) {
    settings["limit_apply"] = bad;
    EXPECT_EQ(SaveSettings(ctx_, admin_, settings).message(),
              "次数限制须写成“每 10 分钟次数/每天次数”，如 5/30（1–10000 的整数）") << bad;
  }
  settings["limit_apply"] = " 3/40 ";
  settings["limit_feedback"] = "2/9";
  ASSERT_TRUE(SaveSettings(ctx_, admin_, settings).ok());
  auto limit = [&](PublicAction a) {
    SubmissionLimit out;
    EXPECT_TRUE(t_.db().Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(out, LoadLimit(tx, agency_, a));
      return Status::Ok();
    }).ok());
    return std::pair(out.per_ten_minutes, out.per_day);
  };
  EXPECT_EQ(limit(PublicAction::kApply), std::pair(3, 40));
  EXPECT_EQ(limit(PublicAction::kFeedback), std::pair(2, 9)) << "the feedback limit is a setting too";
  EXPECT_EQ(limit(PublicAction::kLookup), std::pair(10, 50)) << "unset: the default";
  EXPECT_EQ(limit(PublicAction::kExplain), std::pair(5, 30));
}

}  // namespace
}  // namespace gk::accounts
