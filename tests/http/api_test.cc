// The JSON API under /api/v1 shares the services and their checks.
#include <gtest/gtest.h>

#include "support/http_client.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

class ApiTest : public ::testing::Test {
 protected:
  TestServer server_;
};

TEST_F(ApiTest, WorkdaysAddExplainsTheDeadline) {
  auto r = server_.Client().Get("/api/v1/workdays/add?from=2025-09-26&days=20");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"due\":\"2025-10-30\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"date\":\"2025-10-01\",\"kind\":\"holiday\""), std::string::npos) << r.body;
  auto loaded = server_.Client().Get("/api/v1/workdays/add?from=2025-09-26&days=20");
  EXPECT_NE(loaded.body.find("\"provisional\":false"), std::string::npos) << loaded.body;
  // 2027 has no notice yet: its dates come from the statutory holidays, marked as such.
  auto provisional = server_.Client().Get("/api/v1/workdays/add?from=2026-12-20&days=20");
  ASSERT_EQ(provisional.status, 200) << provisional.body;
  EXPECT_NE(provisional.body.find("\"due\":\"2027-01-18\",\"provisional\":true"), std::string::npos)
      << provisional.body;
  EXPECT_NE(provisional.body.find("以国务院办公厅公布的放假安排为准"), std::string::npos);
  // Beyond it nothing is guessed.
  auto out = server_.Client().Get("/api/v1/workdays/add?from=2027-12-20&days=20");
  EXPECT_EQ(out.status, 400);
  EXPECT_NE(out.body.find("\"code\":\"OutOfRange\""), std::string::npos) << out.body;
  EXPECT_NE(out.body.find("2028"), std::string::npos);
  EXPECT_EQ(server_.Client().Get("/api/v1/workdays/add?from=2025-02-30&days=2").status, 400);
  EXPECT_EQ(server_.Client().Get("/api/v1/workdays/add?from=2025-02-03&days=-1").status, 400);
}

TEST_F(ApiTest, CalendarYear) {
  auto r = server_.Client().Get("/api/v1/calendar/2026");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"adjusted_workdays\":[\"2026-01-04\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"provisional\":false"), std::string::npos) << r.body;
  auto next = server_.Client().Get("/api/v1/calendar/2027");
  ASSERT_EQ(next.status, 200);
  EXPECT_NE(next.body.find("\"provisional\":true"), std::string::npos) << next.body;
  EXPECT_NE(next.body.find("{\"name\":\"元旦\",\"from\":\"2027-01-01\",\"to\":\"2027-01-01\"}"), std::string::npos)
      << next.body;
  EXPECT_EQ(server_.Client().Get("/api/v1/calendar/2030").status, 404);
}

TEST_F(ApiTest, StaffEndpointsNeedASession) {
  HttpClient c = server_.Client();
  auto me = c.Get("/api/v1/me");
  EXPECT_EQ(me.status, 401);
  EXPECT_NE(me.body.find("\"code\":\"Unauthenticated\""), std::string::npos);
  EXPECT_EQ(c.Get("/api/v1/departments").status, 401);
}

TEST_F(ApiTest, LoginThenReadAndWriteWithCsrfHeader) {
  HttpClient c = server_.Client();
  std::string csrf = c.ApiLogin("admin");
  ASSERT_FALSE(csrf.empty());
  auto me = c.Get("/api/v1/me");
  EXPECT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("\"username\":\"admin\""), std::string::npos);
  auto no_token = c.Send("POST", "/api/v1/departments", "{\"name\":\"API部门\"}", {{"Content-Type", "application/json"}});
  EXPECT_EQ(no_token.status, 403);
  auto created = c.Send("POST", "/api/v1/departments", "{\"name\":\"API部门\",\"sort_order\":3}",
                        {{"Content-Type", "application/json"}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_NE(c.Get("/api/v1/departments").body.find("API部门"), std::string::npos);
  auto bad_json = c.Send("POST", "/api/v1/departments", "{\"name\": ",
                         {{"Content-Type", "application/json"}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(bad_json.status, 400);
  auto dup = c.Send("POST", "/api/v1/departments", "{\"name\":\"API部门\"}",
                    {{"Content-Type", "application/json"}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(dup.status, 409);
  auto out = c.Send("DELETE", "/api/v1/session", "", {{"X-CSRF-Token", csrf}});
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(c.Get("/api/v1/me").status, 401);
}

TEST_F(ApiTest, ClerkCannotListUsers) {
  HttpClient c = server_.Client();
  c.ApiLogin("clerk");
  auto r = c.Get("/api/v1/users");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("PermissionDenied"), std::string::npos);
}

}  // namespace
}  // namespace gk::web
