// The annual report over HTTP: the 公开办 writes and publishes it, others
// only read it, the portal shows the published report (texts escaped) in the
// national format, and a published report no longer changes.
#include <gtest/gtest.h>

#include "support/http_client.h"
#include "support/pdf_text.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

TEST(AnnualReportHttpTest, OfficeDraftsAndPublishesThePortalShowsIt) {
  TestServer server;
  server.clock().Set(1768881600);  // 2026-01-20, 12:00 in Shanghai
  HttpClient visitor = server.Client();
  EXPECT_NE(visitor.Get("/reports").body.find("暂无已发布的年度报告"), std::string::npos);
  EXPECT_EQ(visitor.Get("/reports/2025").status, 404);

  HttpClient clerk = server.LoggedIn("clerk");
  auto read = clerk.Get("/staff/reports/annual?year=2025");
  ASSERT_EQ(read.status, 200);
  EXPECT_NE(read.body.find("三、本年度办理结果"), std::string::npos);
  EXPECT_NE(read.body.find("属于四类过程性信息"), std::string::npos);
  EXPECT_NE(read.body.find("（七）总计"), std::string::npos);
  EXPECT_NE(read.body.find("未经复议直接起诉"), std::string::npos);
  EXPECT_NE(read.body.find("2026-01-31"), std::string::npos) << "the default deadline";
  EXPECT_EQ(read.body.find("id=\"report-form\""), std::string::npos) << "only the 公开办 edits";
  auto refused = clerk.PostForm("/staff/reports/annual/2025",
                                {{"_csrf", HttpClient::CsrfFrom(read.body)}, {"overview", "x"}});
  EXPECT_EQ(refused.status, 403);

  HttpClient office = server.LoggedIn("office");
  EXPECT_NE(office.Get("/staff").body.find("公布期限 2026-01-31，还有 <strong>11</strong> 天"), std::string::npos)
      << "the dashboard counts down";
  server.clock().Set(1770091200);  // 2026-02-03 (sessions have expired meanwhile)
  office = server.LoggedIn("office");
  EXPECT_NE(office.Get("/staff").body.find("已超过公布期限 2026-01-31 3 天，尚未发布"), std::string::npos);
  auto page = office.Get("/staff/reports/annual?year=2025");
  ASSERT_NE(page.body.find("id=\"report-form\""), std::string::npos);
  std::string csrf = HttpClient::CsrfFrom(page.body);
  auto early = office.PostForm("/staff/reports/annual/2025/publish", {{"_csrf", csrf}});
  EXPECT_EQ(early.status, 409) << "nothing saved yet";
  auto bad = office.PostForm("/staff/reports/annual/2025", {{"_csrf", csrf},
                                                            {"overview", "总体情况"},
                                                            {"permits", "十二"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("不小于 0 的整数"), std::string::npos);
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT count(*) FROM annual_reports"), 0) << "nothing stored";
  auto empty = office.PostForm("/staff/reports/annual/2025", {{"_csrf", csrf}, {"permits", "3"}});
  EXPECT_EQ(empty.status, 303);
  EXPECT_EQ(office.PostForm("/staff/reports/annual/2025/publish", {{"_csrf", csrf}}).status, 409)
      << "section 一 must be written";
  auto saved = office.PostForm("/staff/reports/annual/2025",
                               {{"_csrf", csrf},
                                {"overview", "2025年，本街道认真贯彻<script>alert(1)</script>条例。\n第二段。"},
                                {"permits", "12"},
                                {"penalties", "0"},
                                {"coercions", "1"},
                                {"charges_yuan", "15000"},
                                {"problems", "公开内容的及时性有待提高。"}});
  EXPECT_EQ(saved.status, 303);
  auto draft = office.Get("/staff/reports/annual?year=2025");
  EXPECT_NE(draft.body.find("value=\"12\""), std::string::npos);
  EXPECT_NE(draft.body.find("<td colspan=\"3\">1.5</td>"), std::string::npos) << "15000 元 = 1.5 万元";
  auto draft_pdf = office.Get("/staff/reports/annual/2025/pdf");
  ASSERT_EQ(draft_pdf.status, 200);
  EXPECT_EQ(draft_pdf.Header("content-type"), "application/pdf");
  std::string draft_text = testing::PdfText(draft_pdf.body);
  EXPECT_NE(draft_text.find("草稿（未发布）"), std::string::npos) << draft_text;
  EXPECT_EQ(visitor.Get("/reports/2025/pdf").status, 404) << "a draft is not public";
  EXPECT_EQ(office.PostForm("/staff/reports/annual/2025/publish", {{"_csrf", csrf}}).status, 303);

  EXPECT_NE(office.Get("/staff").body.find("2025年度政府信息公开工作年度报告：已于"), std::string::npos);
  auto list = visitor.Get("/reports");
  EXPECT_NE(list.body.find("/reports/2025"), std::string::npos);
  auto report = visitor.Get("/reports/2025");
  ASSERT_EQ(report.status, 200);
  EXPECT_NE(report.body.find("2025年度政府信息公开工作年度报告"), std::string::npos);
  EXPECT_NE(report.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << "texts are escaped";
  EXPECT_EQ(report.body.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(report.body.find("<p>第二段。</p>"), std::string::npos);
  EXPECT_NE(report.body.find("<th scope=\"row\">行政许可</th><td colspan=\"3\">12</td>"), std::string::npos);
  EXPECT_NE(report.body.find("<td colspan=\"3\">1.5</td>"), std::string::npos) << "the frozen figures keep the charges";
  EXPECT_NE(report.body.find("四、结转下年度继续办理"), std::string::npos);
  EXPECT_NE(report.body.find("本年度未收取信息处理费"), std::string::npos);

  auto pdf = visitor.Get("/reports/2025/pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  std::string text = testing::PdfText(pdf.body);
  for (const char* s : {"2025年度政府信息公开工作年度报告", "一、总体情况", "认真贯彻<script>alert(1)</script>条例。",
                        "二、主动公开政府信息情况", "行政许可12", "行政事业性收费1.5", "三、收到和处理政府信息公开申请情况",
                        "（七）总计", "四、结转下年度继续办理", "未经复议直接起诉", "五、存在的主要问题及改进情况",
                        "公开内容的及时性有待提高。", "本年度未收取信息处理费。"}) {
    EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text;
  }
  EXPECT_EQ(text.find("草稿"), std::string::npos);
  EXPECT_EQ(visitor.Get("/reports/2024/pdf").status, 404);

  auto late = office.PostForm("/staff/reports/annual/2025", {{"_csrf", csrf}, {"overview", "改"}});
  EXPECT_EQ(late.status, 409);
  EXPECT_NE(late.body.find("已经发布"), std::string::npos);
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT count(*) FROM audit_log WHERE action = "
                                                "'annual_report.publish'"),
            1);
}

}  // namespace
}  // namespace gk::web
