// Rectification orders over HTTP: the 领导小组 orders a department to
// correct a problem; the department finds it in its tasks and reports with
// evidence; another department cannot see it; sent back, reported again; an
// overdue order is escalated on the supervisors' home page until it is closed.
#include <gtest/gtest.h>

#include "support/http_client.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

std::string IdFromLocation(const testing::HttpResponse& r) {
  std::string loc = r.Header("location");
  size_t at = loc.find("/staff/orders/");
  if (at == std::string::npos) return "";
  std::string rest = loc.substr(at + 14);
  return rest.substr(0, rest.find('?'));
}

TEST(OrdersHttpTest, OrderedReportedReturnedEscalatedClosed) {
  TestServer server;
  HttpClient group = server.LoggedIn("group");
  auto form = group.Get("/staff/orders/new");
  ASSERT_EQ(form.status, 200);
  std::string csrf = HttpClient::CsrfFrom(form.body);
  int64_t dept = testing::QueryInt(server.db().db(), "SELECT id FROM departments WHERE name = '社区服务办公室'");
  Date today = ChinaDate(server.clock().Now());
  std::string due = today.AddDays(3).ToString();
  auto late = group.PostForm("/staff/orders", {{"_csrf", csrf}, {"department", std::to_string(dept)},
                                               {"problem", "p"}, {"requirement", "r"},
                                               {"due_on", today.AddDays(-1).ToString()}});
  EXPECT_EQ(late.status, 400);
  EXPECT_NE(late.body.find("整改期限不能早于今天"), std::string::npos);
  auto issued = group.PostForm("/staff/orders", {{"_csrf", csrf},
                                                 {"department", std::to_string(dept)},
                                                 {"problem", "本部门2026年第二季度有3条信息超过20个工作日才公开。"},
                                                 {"requirement", "查明原因，建立公开时限提醒。"},
                                                 {"due_on", due},
                                                 {"source", "第二季度监督检查"}});
  ASSERT_EQ(issued.status, 303);
  std::string id = IdFromLocation(issued);
  ASSERT_FALSE(id.empty());

  HttpClient office = server.LoggedIn("office");
  EXPECT_EQ(office.PostForm("/staff/orders", {{"_csrf", HttpClient::CsrfFrom(office.Get("/staff").body)},
                                              {"department", std::to_string(dept)}, {"problem", "p"},
                                              {"requirement", "r"}, {"due_on", due}}).status,
            403)
      << "the 公开办 does not issue orders";
  HttpClient secrecy = server.LoggedIn("secrecy");
  EXPECT_EQ(secrecy.Get("/staff/orders/" + id).status, 404) << "another department";

  HttpClient clerk = server.LoggedIn("clerk");
  auto home = clerk.Get("/staff");
  EXPECT_NE(home.body.find("待报告整改情况"), std::string::npos) << "in the department's tasks";
  auto page = clerk.Get("/staff/orders/" + id);
  ASSERT_NE(page.body.find("id=\"report-form\""), std::string::npos);
  auto reported = clerk.Send("POST", "/staff/orders/" + id + "/report",
                             testing::MultipartBody({{"_csrf", HttpClient::CsrfFrom(page.body)},
                                                     {"text", "已补充公开，并设置每周提醒。"}},
                                                    {{"files", "整改台账.txt", "每周一核对未公开信息。\n"}}),
                             testing::kMultipartHeaders);
  ASSERT_EQ(reported.status, 303) << reported.body.substr(0, 1000);
  auto with_file = clerk.Get("/staff/orders/" + id);
  size_t link = with_file.body.find("/staff/orders/" + id + "/evidence/");
  ASSERT_NE(link, std::string::npos);
  std::string href = with_file.body.substr(link, with_file.body.find('"', link) - link);
  EXPECT_EQ(group.Get(href).body, "每周一核对未公开信息。\n");
  EXPECT_EQ(secrecy.Get(href).status, 404);

  auto review = group.Get("/staff/orders/" + id);
  EXPECT_NE(group.Get("/staff").body.find("待审核销号"), std::string::npos);
  ASSERT_EQ(group.PostForm("/staff/orders/" + id + "/return",
                           {{"_csrf", HttpClient::CsrfFrom(review.body)}, {"reason", "请附提醒记录。"}}).status,
            303);
  page = clerk.Get("/staff/orders/" + id);
  EXPECT_NE(page.body.find("请附提醒记录。"), std::string::npos);
  ASSERT_EQ(clerk.Send("POST", "/staff/orders/" + id + "/report",
                       testing::MultipartBody({{"_csrf", HttpClient::CsrfFrom(page.body)},
                                               {"text", "提醒记录见附件。"}},
                                              {{"files", "提醒记录.exe", "MZ"}}),
                       testing::kMultipartHeaders).status,
            400)
      << "not an accepted file type";

  // Past its date the order is escalated to the supervisors' home page.
  server.clock().Advance(5 * 86400);
  HttpClient supervisor = server.LoggedIn("supervisor");
  auto alert = supervisor.Get("/staff");
  EXPECT_NE(alert.body.find("超期未销号的整改通知 1 件"), std::string::npos) << alert.body;
  EXPECT_NE(supervisor.Get("/staff/orders?overdue=1").body.find("超期 2 天"), std::string::npos);
  clerk = server.LoggedIn("clerk");
  page = clerk.Get("/staff/orders/" + id);
  ASSERT_EQ(clerk.Send("POST", "/staff/orders/" + id + "/report",
                       testing::MultipartBody({{"_csrf", HttpClient::CsrfFrom(page.body)},
                                               {"text", "提醒记录见附件。"}},
                                              {{"files", "提醒记录.txt", "6月8日已提醒。"}}),
                       testing::kMultipartHeaders).status,
            303);
  group = server.LoggedIn("group");
  review = group.Get("/staff/orders/" + id);
  ASSERT_EQ(group.PostForm("/staff/orders/" + id + "/close",
                           {{"_csrf", HttpClient::CsrfFrom(review.body)}, {"note", "整改到位"}}).status,
            303);
  EXPECT_NE(group.Get("/staff/orders/" + id).body.find("已销号"), std::string::npos);
  EXPECT_NE(supervisor.Get("/staff").body.find("没有超期的整改通知"), std::string::npos);
}

}  // namespace
}  // namespace gk::web
