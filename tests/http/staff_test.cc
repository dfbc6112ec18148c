// The staff area over HTTP: login, CSRF, access control, forms that refuse
// bad input without changing anything.
#include <gtest/gtest.h>

#include "support/http_client.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

class StaffTest : public ::testing::Test {
 protected:
  int64_t Count(const std::string& sql) { return testing::QueryInt(server_.db().db(), sql); }
  TestServer server_;
};

TEST_F(StaffTest, AnonymousIsSentToLogin) {
  HttpClient c = server_.Client();
  for (const char* path : {"/staff", "/staff/admin/users", "/staff/calendar", "/staff/audit"}) {
    auto r = c.Get(path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.Header("location").rfind("/staff/login?next=", 0), 0u) << path;
  }
  auto post = c.PostForm("/staff/admin/departments", {{"name", "x"}});
  EXPECT_EQ(post.status, 403) << "no CSRF token";
}

TEST_F(StaffTest, LoginShowsTheStaffHomeAndLogoutEndsTheSession) {
  HttpClient c = server_.LoggedIn("clerk");
  auto home = c.Get("/staff");
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("我的待办"), std::string::npos);
  EXPECT_NE(home.body.find("王承办"), std::string::npos);
  EXPECT_EQ(home.Header("cache-control"), "no-store");
  std::string session = c.cookies()["gk_session"];
  auto logout = c.PostForm("/staff/logout", {{"_csrf", HttpClient::CsrfFrom(home.body)}});
  EXPECT_EQ(logout.status, 303);
  EXPECT_FALSE(c.cookies().count("gk_session"));
  HttpClient replay = server_.Client();
  replay.cookies()["gk_session"] = session;
  EXPECT_EQ(replay.Get("/staff").status, 303) << "a logged-out session token must not work again";
}

TEST_F(StaffTest, SessionCookieIsHttpOnlyAndSameSite) {
  HttpClient c = server_.Client();
  auto page = c.Get("/staff/login");
  EXPECT_NE(page.Header("set-cookie").find("HttpOnly"), std::string::npos);
  auto r = c.PostForm("/staff/login", {{"_csrf", HttpClient::CsrfFrom(page.body)}, {"username", "clerk"},
                                       {"password", accounts::kDemoPassword}});
  ASSERT_EQ(r.status, 303);
  std::string cookie = r.Header("set-cookie");
  EXPECT_EQ(cookie.rfind("gk_session=", 0), 0u);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
}

TEST_F(StaffTest, WrongPasswordShowsAnErrorOnTheForm) {
  HttpClient c = server_.Client();
  auto page = c.Get("/staff/login");
  auto r = c.PostForm("/staff/login", {{"_csrf", HttpClient::CsrfFrom(page.body)}, {"username", "clerk"},
                                       {"password", "not-the-password"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("用户名或密码错误"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"clerk\""), std::string::npos) << "username kept in the form";
}

TEST_F(StaffTest, LoginWithoutCsrfIsRefused) {
  HttpClient c = server_.Client();
  c.Get("/staff/login");
  auto r = c.PostForm("/staff/login", {{"username", "clerk"}, {"password", accounts::kDemoPassword}});
  EXPECT_EQ(r.status, 403);
  EXPECT_FALSE(c.cookies().count("gk_session"));
}

TEST_F(StaffTest, CsrfIsCheckedOnEveryStateChange) {
  HttpClient c = server_.LoggedIn("admin");
  int64_t before = Count("SELECT COUNT(*) FROM departments");
  auto missing = c.PostForm("/staff/admin/departments", {{"name", "无令牌部门"}});
  EXPECT_EQ(missing.status, 403);
  auto wrong = c.PostForm("/staff/admin/departments", {{"_csrf", "forged-token-value-123456"}, {"name", "伪造部门"}});
  EXPECT_EQ(wrong.status, 403);
  auto page = c.Get("/staff/admin/departments");
  auto cross = c.PostForm("/staff/admin/departments", {{"_csrf", HttpClient::CsrfFrom(page.body)}, {"name", "跨站"}},
                          {{"Origin", "http://evil.example"}});
  EXPECT_EQ(cross.status, 403) << "foreign Origin";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM departments"), before);
  auto ok = c.PostForm("/staff/admin/departments", {{"_csrf", HttpClient::CsrfFrom(page.body)},
                                                    {"name", "信息中心"}, {"sort_order", "90"}});
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM departments"), before + 1);
  EXPECT_NE(c.Get("/staff/admin/departments").body.find("信息中心"), std::string::npos);
}

TEST_F(StaffTest, ClerkIsRefusedAdministrationInTheServiceLayer) {
  HttpClient c = server_.LoggedIn("clerk");
  auto home = c.Get("/staff");
  EXPECT_EQ(home.body.find("/staff/admin/users"), std::string::npos) << "admin links hidden from a clerk";
  EXPECT_EQ(c.Get("/staff/admin/users").status, 403);
  EXPECT_EQ(c.Get("/staff/audit").status, 403);
  int64_t users = Count("SELECT COUNT(*) FROM users");
  auto r = c.PostForm("/staff/admin/users", {{"_csrf", HttpClient::CsrfFrom(home.body)}, {"username", "evil"},
                                             {"display_name", "恶意"}, {"roles", "admin"},
                                             {"password", "Secret-pass-1"}, {"password2", "Secret-pass-1"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users"), users);
}

TEST_F(StaffTest, AdminCreatesAUserWhoCanLogIn) {
  HttpClient c = server_.LoggedIn("admin");
  auto form = c.Get("/staff/admin/users/new");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("<label for=\"username\">"), std::string::npos);
  auto r = c.PostForm("/staff/admin/users", {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"username", "liu.qing"},
                                             {"display_name", "刘青"}, {"roles", "clerk"}, {"roles", "dept_head"},
                                             {"active", "1"}, {"password", "Liu-qing-2026"},
                                             {"password2", "Liu-qing-2026"}});
  ASSERT_EQ(r.status, 303) << r.body;
  HttpClient liu = server_.Client();
  auto page = liu.Get("/staff/login");
  auto login = liu.PostForm("/staff/login", {{"_csrf", HttpClient::CsrfFrom(page.body)}, {"username", "liu.qing"},
                                             {"password", "Liu-qing-2026"}});
  EXPECT_EQ(login.status, 303);
  EXPECT_NE(liu.Get("/staff").body.find("刘青"), std::string::npos);
}

// Separation of duties: the administrator holds no business role, grants
// none to themselves, and every grant of a sensitive role names its granter.
TEST_F(StaffTest, TheAdministratorCannotHoldOrGrantThemselvesABusinessRole) {
  HttpClient c = server_.LoggedIn("admin");
  int64_t admin_id = Count("SELECT id FROM users WHERE username = 'admin'");
  std::string path = "/staff/admin/users/" + std::to_string(admin_id);
  auto form = c.Get(path);
  ASSERT_EQ(form.status, 200);
  std::string csrf = HttpClient::CsrfFrom(form.body);
  auto self = c.PostForm(path, {{"_csrf", csrf}, {"username", "admin"}, {"display_name", "系统管理员"},
                                {"roles", "admin"}, {"roles", "disclosure_office"}, {"active", "1"}});
  EXPECT_EQ(self.status, 400);
  EXPECT_NE(self.body.find("系统管理员不能同时担任其他角色"), std::string::npos);
  auto swap = c.PostForm(path, {{"_csrf", csrf}, {"username", "admin"}, {"display_name", "系统管理员"},
                                {"roles", "disclosure_office"}, {"active", "1"}});
  EXPECT_EQ(swap.status, 409);
  EXPECT_NE(swap.body.find("不能修改自己的角色"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM user_roles WHERE user_id = " + std::to_string(admin_id)), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM user_roles WHERE user_id = " + std::to_string(admin_id) +
                  " AND role = 'admin'"),
            1);
  auto mixed = c.PostForm("/staff/admin/users", {{"_csrf", csrf}, {"username", "mixed"}, {"display_name", "混合"},
                                                 {"roles", "admin"}, {"roles", "clerk"}, {"active", "1"},
                                                 {"password", "Mixed-2026-pass"}, {"password2", "Mixed-2026-pass"}});
  EXPECT_EQ(mixed.status, 400);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE username = 'mixed'"), 0);
  // Granting the 公开办 role to the clerk is audited with who granted it.
  int64_t clerk_id = Count("SELECT id FROM users WHERE username = 'clerk'");
  int64_t dept = Count("SELECT department_id FROM users WHERE username = 'clerk'");
  auto grant = c.PostForm("/staff/admin/users/" + std::to_string(clerk_id),
                          {{"_csrf", csrf}, {"username", "clerk"}, {"display_name", "王承办"},
                           {"department_id", std::to_string(dept)}, {"roles", "clerk"},
                           {"roles", "disclosure_office"}, {"active", "1"}});
  EXPECT_EQ(grant.status, 303) << grant.body.substr(0, 1000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.grant_role' AND actor_id = " +
                  std::to_string(admin_id) + " AND object_id = '" + std::to_string(clerk_id) + "'"),
            1);
}

TEST_F(StaffTest, MalformedFormGets400AndChangesNothing) {
  HttpClient c = server_.LoggedIn("admin");
  auto page = c.Get("/staff/admin/departments");
  std::string csrf = HttpClient::CsrfFrom(page.body);
  int64_t before = Count("SELECT COUNT(*) FROM departments");
  int64_t audit = Count("SELECT COUNT(*) FROM audit_log");
  auto bad_utf8 = c.Send("POST", "/staff/admin/departments", "_csrf=" + csrf + "&name=%FF%FE",
                         {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(bad_utf8.status, 400);
  EXPECT_NE(bad_utf8.body.find("无效字符"), std::string::npos);
  auto bad_escape = c.Send("POST", "/staff/admin/departments", "_csrf=" + csrf + "&name=%Z1",
                           {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(bad_escape.status, 400);
  auto wrong_type = c.Send("POST", "/staff/admin/departments", "<x/>", {{"Content-Type", "text/xml"}});
  EXPECT_EQ(wrong_type.status, 400);
  auto empty_name = c.PostForm("/staff/admin/departments", {{"_csrf", csrf}, {"name", "   "}});
  EXPECT_EQ(empty_name.status, 400);
  EXPECT_NE(empty_name.body.find("部门名称不能为空"), std::string::npos);
  auto bad_id = c.PostForm("/staff/admin/departments/abc", {{"_csrf", csrf}, {"name", "x"}});
  EXPECT_EQ(bad_id.status, 400);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM departments"), before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), audit);
}

TEST_F(StaffTest, OpenRedirectIsNotFollowed) {
  HttpClient c = server_.Client();
  auto page = c.Get("/staff/login?next=//evil.example/");
  auto r = c.PostForm("/staff/login", {{"_csrf", HttpClient::CsrfFrom(page.body)}, {"username", "clerk"},
                                       {"password", accounts::kDemoPassword}, {"next", "//evil.example/"}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.Header("location"), "/staff");
}

TEST_F(StaffTest, CalendarScreenShowsAndAddsAYear) {
  HttpClient c = server_.LoggedIn("office");
  auto y = c.Get("/staff/calendar?year=2025");
  ASSERT_EQ(y.status, 200);
  EXPECT_NE(y.body.find("国庆节、中秋节"), std::string::npos);
  EXPECT_NE(y.body.find("2025-09-28"), std::string::npos);
  auto provisional = c.Get("/staff/calendar?year=2027");
  EXPECT_NE(provisional.body.find("id=\"provisional-year\""), std::string::npos);
  EXPECT_NE(provisional.body.find("2027（暂定）"), std::string::npos) << "the year list marks it";
  EXPECT_NE(provisional.body.find("《全国年节及纪念日放假办法》"), std::string::npos);
  auto missing = c.Get("/staff/calendar?year=2028");
  EXPECT_NE(missing.body.find("尚未载入"), std::string::npos);
  EXPECT_EQ(missing.body.find("id=\"provisional-year\""), std::string::npos);
  auto form = c.Get("/staff/calendar/new");
  ASSERT_EQ(form.status, 200);
  std::string csrf = HttpClient::CsrfFrom(form.body);
  auto bad = c.PostForm("/staff/calendar", {{"_csrf", csrf}, {"year", "2027"}, {"notice", "测试通知"},
                                            {"holidays", "春节 2027-02-06 2027-02-31"}, {"workdays", ""}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("第1行"), std::string::npos) << bad.body.substr(bad.body.find("form-error"), 300);
  auto ok = c.PostForm("/staff/calendar", {{"_csrf", csrf}, {"year", "2027"}, {"notice", "测试通知"},
                                           {"holidays", "元旦 2027-01-01 2027-01-03\n春节 2027-02-06 2027-02-12"},
                                           {"workdays", "2027-02-20"}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  auto loaded = c.Get("/staff/calendar?year=2027");
  EXPECT_NE(loaded.body.find("2027-02-20"), std::string::npos);
  EXPECT_EQ(loaded.body.find("id=\"provisional-year\""), std::string::npos);
  EXPECT_NE(loaded.body.find("2028（暂定）"), std::string::npos) << "the next year is now the provisional one";

  HttpClient clerk = server_.LoggedIn("clerk");
  EXPECT_EQ(clerk.Get("/staff/calendar/new").status, 403);
  EXPECT_EQ(clerk.Get("/staff/calendar?year=2026").status, 200);
}

TEST_F(StaffTest, SessionExpiresOnTheServer) {
  HttpClient c = server_.LoggedIn("clerk");
  EXPECT_EQ(c.Get("/staff").status, 200);
  server_.clock().Advance(3 * 3600);
  EXPECT_EQ(c.Get("/staff").status, 303);
}

TEST_F(StaffTest, EscapesUserSuppliedText) {
  HttpClient c = server_.LoggedIn("admin");
  auto page = c.Get("/staff/admin/departments");
  auto r = c.PostForm("/staff/admin/departments", {{"_csrf", HttpClient::CsrfFrom(page.body)},
                                                   {"name", "<script>alert(1)</script>"}});
  ASSERT_EQ(r.status, 303);
  auto list = c.Get("/staff/admin/departments");
  EXPECT_EQ(list.body.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(list.body.find("&lt;script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace gk::web
