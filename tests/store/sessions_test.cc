// Sign-in, session expiry, throttling and sign-out, with a fake clock.
#include "accounts/sessions.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "accounts/demo.h"
#include "accounts/directory.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::accounts {
namespace {

class SessionsTest : public testing::StoreTest {
 protected:
  SessionsTest() : StoreTest(1764000000, testing::WithDataKey::kNo) {}
  Result<Session> Login(const std::string& user, const std::string& pw, const std::string& ip = "10.0.0.1") {
    return Sessions(ctx_).Login(agency_, user, pw, ip);
  }

  int64_t Count(const std::string& sql) { return testing::QueryInt(t_.db(), sql); }
};

// An account stored before separation of duties, holding the administrator
// role with a business role, acts as administrator only.
TEST_F(SessionsTest, ALegacyAdministratorWithABusinessRoleActsAsAdministratorOnly) {
  ASSERT_TRUE(t_.db().Transact([&](store::Tx& tx) -> Status {
    return tx.Exec("INSERT INTO user_roles (agency_id, user_id, role) SELECT agency_id, id, 'disclosure_office' "
                   "FROM users WHERE username = 'admin'").status();
  }).ok());
  auto s = Login("admin", kDemoPassword);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->principal.roles, (std::set<Role>{Role::kAdmin}));
  auto again = Sessions(ctx_).Authenticate(s->token);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->principal.Has(Role::kDisclosureOffice));
}

TEST_F(SessionsTest, LoginAuthenticateLogout) {
  auto s = Login("clerk", kDemoPassword);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->token.size(), 43u);
  EXPECT_TRUE(s->principal.Has(Role::kClerk));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sessions WHERE token_hash = '" + s->token + "'"), 0)
      << "the raw token must never be stored";
  auto again = Sessions(ctx_).Authenticate(s->token);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->principal.username, "clerk");
  EXPECT_EQ(again->csrf_token, s->csrf_token);
  ASSERT_TRUE(Sessions(ctx_).Logout(*again).ok());
  EXPECT_EQ(Sessions(ctx_).Authenticate(s->token).status().code(), Code::kUnauthenticated);
}

TEST_F(SessionsTest, WrongPasswordAndUnknownUserLookTheSame) {
  auto a = Login("clerk", "wrong-password");
  auto b = Login("nobody", "wrong-password");
  EXPECT_EQ(a.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(a.status().message(), "用户名或密码错误");
  EXPECT_EQ(b.status().message(), a.status().message());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM login_attempts WHERE success = 0"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'session.login_failed'"), 2);
}

TEST_F(SessionsTest, IdleAndAbsoluteExpiry) {
  auto s = Login("clerk", kDemoPassword);
  ASSERT_TRUE(s.ok());
  // Used every 100 minutes: the idle limit (120) slides forward…
  for (int i = 0; i < 7; ++i) {
    clock_.Advance(100 * 60);
    ASSERT_TRUE(Sessions(ctx_).Authenticate(s->token).ok()) << "use " << i;
  }
  // …but never past the absolute limit of 12 hours.
  clock_.Advance(100 * 60);
  auto late = Sessions(ctx_).Authenticate(s->token);
  EXPECT_EQ(late.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(late.status().message(), "登录已过期，请重新登录");

  auto idle = Login("clerk", kDemoPassword);
  ASSERT_TRUE(idle.ok());
  clock_.Advance(121 * 60);
  EXPECT_EQ(Sessions(ctx_).Authenticate(idle->token).status().code(), Code::kUnauthenticated);
}

TEST_F(SessionsTest, ThrottlesRepeatedFailuresPerUser) {
  for (int i = 0; i < sec_.login_max_failures; ++i) {
    EXPECT_EQ(Login("clerk", "bad-" + std::to_string(i)).status().code(), Code::kUnauthenticated);
  }
  // Locked: even the right password is refused, and another user is not affected.
  auto locked = Login("clerk", kDemoPassword);
  EXPECT_EQ(locked.status().code(), Code::kTooManyRequests);
  EXPECT_EQ(locked.status().message(), "登录失败次数过多，请 15 分钟后再试");
  EXPECT_TRUE(Login("depthead", kDemoPassword).ok());
  clock_.Advance(16 * 60);
  EXPECT_TRUE(Login("clerk", kDemoPassword).ok());
}

TEST_F(SessionsTest, ThrottlesAnAddressTryingManyUsers) {
  sec_.ip_max_failures = 3;
  for (const char* u : {"a1", "a2", "a3"}) {
    EXPECT_EQ(Login(u, "x", "10.9.9.9").status().code(), Code::kUnauthenticated) << u;
  }
  // A user that already failed from the busy address is refused there, with
  // no password checked, and not elsewhere.
  EXPECT_EQ(Login("a1", "y", "10.9.9.9").status().code(), Code::kTooManyRequests);
  EXPECT_EQ(Login("a1", "y", "10.1.1.1").status().code(), Code::kUnauthenticated);
  // A user without failures of its own from there gets one guess checked…
  EXPECT_EQ(Login("depthead", "wrong", "10.9.9.9").status().code(), Code::kUnauthenticated);
  // …and after that wrong guess is refused there, even with the right password.
  EXPECT_EQ(Login("depthead", kDemoPassword, "10.9.9.9").status().code(), Code::kTooManyRequests);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM login_attempts WHERE ip = '10.9.9.9'"), 4) << "refusals are not recorded";
}

TEST_F(SessionsTest, SprayFromASharedAddressDoesNotLockOthersOut) {
  sec_.ip_max_failures = 3;
  for (int i = 0; i < 10; ++i) {
    (void)Login("sprayed" + std::to_string(i), "guess", "10.9.9.9");
  }
  EXPECT_GE(Count("SELECT COUNT(*) FROM login_attempts WHERE ip = '10.9.9.9' AND success = 0"), 3);
  // The address is far over its limit, but the clerk never failed from it.
  auto s = Login("clerk", kDemoPassword, "10.9.9.9");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
}

TEST_F(SessionsTest, ParallelWrongPasswordsNeverEvaluateMoreThanTheLimit) {
  constexpr int kThreads = 20;
  std::atomic<int> wrong{0}, throttled{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      Code c = Login("clerk", "wrong-" + std::to_string(i)).status().code();
      (c == Code::kUnauthenticated ? wrong : c == Code::kTooManyRequests ? throttled : other)++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(wrong.load(), sec_.login_max_failures) << "each wrong answer is a password that was checked";
  EXPECT_EQ(throttled.load(), kThreads - sec_.login_max_failures);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM login_attempts WHERE username = 'clerk'"), sec_.login_max_failures);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'session.login_failed'"), sec_.login_max_failures);
}

TEST_F(SessionsTest, DeactivationAndPasswordResetEndSessions) {
  auto s = Login("clerk", kDemoPassword);
  ASSERT_TRUE(s.ok());
  Principal admin = Principal::CommandLine(agency_, "test");
  Directory dir(ctx_);
  ASSERT_TRUE(dir.ResetPassword(admin, s->principal.user_id, "New-password-1").ok());
  EXPECT_FALSE(Sessions(ctx_).Authenticate(s->token).ok());
  EXPECT_FALSE(Login("clerk", kDemoPassword).ok());
  auto s2 = Login("clerk", "New-password-1");
  ASSERT_TRUE(s2.ok());
  UserInput off{"clerk", "王承办", s2->principal.department_id, s2->principal.roles, false};
  ASSERT_TRUE(dir.UpdateUser(admin, s2->principal.user_id, off).ok());
  EXPECT_FALSE(Sessions(ctx_).Authenticate(s2->token).ok());
  EXPECT_EQ(Login("clerk", "New-password-1").status().code(), Code::kUnauthenticated);
}

TEST_F(SessionsTest, ChangeOwnPasswordKeepsOnlyThisSession) {
  auto here = Login("clerk", kDemoPassword);
  auto there = Login("clerk", kDemoPassword);
  ASSERT_TRUE(here.ok() && there.ok());
  Directory dir(ctx_);
  EXPECT_EQ(dir.ChangeOwnPassword(here->principal, "wrong", "New-password-1", here->token_hash).message(),
            "当前密码不正确");
  ASSERT_TRUE(dir.ChangeOwnPassword(here->principal, kDemoPassword, "New-password-1", here->token_hash).ok());
  EXPECT_TRUE(Sessions(ctx_).Authenticate(here->token).ok());
  EXPECT_FALSE(Sessions(ctx_).Authenticate(there->token).ok());
}

TEST_F(SessionsTest, GarbageTokensAreRejected) {
  for (const std::string& t : {std::string(), std::string("x"), std::string(500, 'a')}) {
    EXPECT_EQ(Sessions(ctx_).Authenticate(t).status().code(), Code::kUnauthenticated);
  }
}

}  // namespace
}  // namespace gk::accounts
