// The supervision pages over HTTP: only those who watch over the work see the
// dashboard (with its SVG charts, report PDF and assessment workbook); the
// confidentiality supervisor draws a spot check and orders an item withdrawn
// at once; an incident keeps the item's responsibility chain.
#include <gtest/gtest.h>

#include "support/http_client.h"
#include "support/pdf_text.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

std::string Location(const testing::HttpResponse& r) { return r.Header("location").substr(0, r.Header("location").find('?')); }

TEST(SupervisionHttpTest, DashboardReportAndAssessment) {
  TestServer server;
  testing::PublishDemoItem(server);
  HttpClient clerk = server.LoggedIn("clerk");
  EXPECT_EQ(clerk.Get("/staff/supervision").status, 403);
  EXPECT_EQ(clerk.Get("/staff/supervision/assessment.xlsx?year=2026").status, 403);
  EXPECT_EQ(clerk.Get("/staff").body.find("监督看板"), std::string::npos) << "not in the clerk's navigation";

  HttpClient group = server.LoggedIn("group");
  auto page = group.Get("/staff/supervision");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("监督看板"), std::string::npos);
  EXPECT_NE(page.body.find("<svg "), std::string::npos) << "charts drawn on the server";
  EXPECT_NE(page.body.find("每月主动公开"), std::string::npos);
  EXPECT_NE(page.body.find("社区服务办公室"), std::string::npos);
  EXPECT_EQ(page.body.find("<script"), std::string::npos) << "no JavaScript needed";
  EXPECT_EQ(group.Get("/staff/supervision?from=2026-13-01&to=2026-12-31").status, 400);

  std::string year = std::to_string(ChinaDate(server.clock().Now()).year);
  auto pdf = group.Get("/staff/supervision/report.pdf?year=" + year);
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  std::string text = testing::PdfText(pdf.body);
  EXPECT_NE(text.find("政府信息公开工作监督情况报告"), std::string::npos) << text;
  EXPECT_NE(text.find("主动公开政府信息1条"), std::string::npos) << text;
  auto book = group.Get("/staff/supervision/assessment.xlsx?year=" + year);
  ASSERT_EQ(book.status, 200);
  EXPECT_EQ(book.body.substr(0, 2), "PK");
}

TEST(SupervisionHttpTest, SpotCheckWithdrawsAndIncidentNamesTheResponsible) {
  TestServer server;
  testing::PublishDemoItem(server);
  HttpClient visitor = server.Client();
  ASSERT_EQ(visitor.Get("/items/1").status, 200);

  HttpClient office = server.LoggedIn("office");
  auto office_home = office.Get("/staff/secrecy");
  ASSERT_EQ(office_home.status, 200);
  EXPECT_EQ(office_home.body.find("id=\"draw-form\""), std::string::npos) << "only the 保密监督 draws";
  const std::string office_csrf = HttpClient::CsrfFrom(office_home.body);

  HttpClient secrecy = server.LoggedIn("secrecy");
  auto home = secrecy.Get("/staff/secrecy");
  ASSERT_NE(home.body.find("id=\"draw-form\""), std::string::npos);
  auto drawn = secrecy.PostForm("/staff/secrecy/checks",
                                {{"_csrf", HttpClient::CsrfFrom(home.body)}, {"size", "5"}, {"days", "30"}});
  ASSERT_EQ(drawn.status, 303);
  std::string check = Location(drawn);
  auto lines = secrecy.Get(check);
  ASSERT_NE(lines.body.find("静安寺街道2026年既有多层住宅加装电梯工作实施方案"), std::string::npos);
  size_t at = lines.body.find(check + "/lines/");
  ASSERT_NE(at, std::string::npos);
  std::string action = lines.body.substr(at, lines.body.find('"', at) - at);
  EXPECT_EQ(office.PostForm(action, {{"_csrf", office_csrf}, {"finding", "ok"}}).status, 403)
      << "only the 保密监督 records findings";
  auto bad = secrecy.PostForm(action, {{"_csrf", HttpClient::CsrfFrom(lines.body)}, {"finding", "problem"}});
  EXPECT_EQ(bad.status, 400) << "a problem needs a note";
  ASSERT_EQ(secrecy.PostForm(action, {{"_csrf", HttpClient::CsrfFrom(lines.body)},
                                      {"finding", "problem"},
                                      {"note", "附件中含有居民姓名和电话"},
                                      {"withdraw", "1"}}).status,
            303);
  EXPECT_EQ(visitor.Get("/items/1").status, 404) << "withdrawn from the portal at once";
  EXPECT_NE(secrecy.Get(check).body.find("已责令撤回"), std::string::npos);

  EXPECT_NE(office.Get("/staff/items/1").body.find("/staff/secrecy?index_no=jingansi/2026-00001"), std::string::npos)
      << "the item page leads to the incident form";
  EXPECT_EQ(server.LoggedIn("clerk").Get("/staff/items/1").body.find("登记泄密事件"), std::string::npos);
  auto incident = office.PostForm("/staff/secrecy/incidents",
                                  {{"_csrf", office_csrf},
                                   {"index_no", "jingansi/2026-00001"},
                                   {"description", "居民反映附件中的电话被泄露。"},
                                   {"discovered_on", ChinaDate(server.clock().Now()).ToString()}});
  ASSERT_EQ(incident.status, 303) << incident.body.substr(0, 1500);
  auto shown = office.Get(Location(incident));
  for (const char* s : {"居民反映附件中的电话被泄露。", "王承办", "李主任", "陈主任", "赵分管"}) {
    EXPECT_NE(shown.body.find(s), std::string::npos) << s;
  }
  EXPECT_EQ(server.Client().Get(Location(incident)).status, 303) << "staff only";
  EXPECT_EQ(server.LoggedIn("clerk").Get(Location(incident)).status, 403);
}

}  // namespace
}  // namespace gk::web
