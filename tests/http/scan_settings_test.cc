// 保密审查设置 over HTTP: who may change it, and the check on pasted text
// with the findings highlighted (escaped) in context.
#include <gtest/gtest.h>

#include "ocr/ocr.h"
#include "support/http_client.h"
#include "support/scanned_pages.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

TEST(ScanSettingsHttpTest, OfficeEditsOthersOnlyRead) {
  TestServer server;
  HttpClient office = server.LoggedIn("office");
  auto page = office.Get("/staff/scan-settings");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("信访人"), std::string::npos) << "the shipped lexicon";
  auto saved = office.PostForm("/staff/scan-settings", {{"_csrf", HttpClient::CsrfFrom(page.body)},
                                                        {"severity_mobile", "block"},
                                                        {"lexicon", "拆迁名单\n信访件"}});
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT count(*) FROM scan_lexicon"), 2);
  HttpClient clerk = server.LoggedIn("clerk");
  auto clerk_page = clerk.Get("/staff/scan-settings");
  auto refused = clerk.PostForm("/staff/scan-settings", {{"_csrf", HttpClient::CsrfFrom(clerk_page.body)},
                                                         {"lexicon", "x"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT count(*) FROM scan_lexicon"), 2);
}

TEST(ScanSettingsHttpTest, TryHighlightsFindingsAndEscapesText) {
  TestServer server;
  HttpClient office = server.LoggedIn("office");
  auto page = office.Get("/staff/scan-settings");
  auto r = office.PostForm("/staff/scan-settings/try",
                           {{"_csrf", HttpClient::CsrfFrom(page.body)},
                            {"text", "<b>张三</b> 身份证号11010519491231002X，秘密★1年"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("&lt;b&gt;张三&lt;/b&gt;"), std::string::npos) << "user text is escaped";
  EXPECT_EQ(r.body.find("<b>张三</b>"), std::string::npos);
  EXPECT_NE(r.body.find("<mark class=\"finding finding-block\" title=\"居民身份证号码\">11010519491231002X</mark>"),
            std::string::npos);
  EXPECT_NE(r.body.find(">秘密★1年</mark>"), std::string::npos);
  EXPECT_NE(r.body.find("id=\"scan-verdict\" class=\"verdict-block\""), std::string::npos);
}

// The OCR budget is the agency's: the 公开办 sets it within its ranges, and
// a scan over it cannot be checked, so it blocks.
TEST(ScanSettingsHttpTest, OcrBudgetIsTheAgencysAndAScanOverItCannotBeChecked) {
  TestServer server;
  HttpClient office = server.LoggedIn("office");
  auto page = office.Get("/staff/scan-settings");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"ocr_pages\" min=\"1\" max=\"500\" value=\"50\""), std::string::npos)
      << "the default";
  const std::string csrf = HttpClient::CsrfFrom(page.body);
  auto save = [&](HttpClient& who, const std::string& pages) {
    return who.PostForm("/staff/scan-settings/ocr",
                        {{"_csrf", csrf}, {"ocr_pages", pages}, {"ocr_megapixels", "40"}, {"ocr_seconds", "300"}});
  };
  auto bad = save(office, "0");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("每个文件识别的页数应在 1 至 500 之间"), std::string::npos);
  EXPECT_EQ(save(office, "x").status, 400);
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT count(*) FROM scan_ocr_budget"), 0) << "nothing stored";
  HttpClient clerk = server.LoggedIn("clerk");
  auto clerk_page = clerk.Get("/staff/scan-settings");
  EXPECT_EQ(clerk.PostForm("/staff/scan-settings/ocr", {{"_csrf", HttpClient::CsrfFrom(clerk_page.body)},
                                                        {"ocr_pages", "9"},
                                                        {"ocr_megapixels", "40"},
                                                        {"ocr_seconds", "300"}})
                .status,
            403);
  EXPECT_EQ(save(office, "1").status, 303);
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT max_pages FROM scan_ocr_budget"), 1);
  EXPECT_NE(office.Get("/staff/scan-settings").body.find("name=\"ocr_pages\" min=\"1\" max=\"500\" value=\"1\""),
            std::string::npos);

  if (!ocr::Available()) GTEST_SKIP() << "the OCR models are not installed";
  const std::string tiff = testing::ScanTiff({{"第一页 附件说明"}, {"第二页 附件说明"}});
  auto up = clerk.Send("POST", "/staff/items/1/attachments",
                       testing::MultipartBody({{"_csrf", HttpClient::CsrfFrom(clerk.Get("/staff/items/1").body)}},
                                              {{"file", "两页扫描件.tif", tiff}}),
                       testing::kMultipartHeaders);
  ASSERT_EQ(up.status, 303) << up.body.substr(0, 1000);
  auto text = clerk.Get("/staff/items/1/attachments/1/text");
  ASSERT_EQ(text.status, 200);
  EXPECT_NE(text.body.find("class=\"verdict-error\">无法检查</span>"), std::string::npos)
      << "two pages over a budget of one cannot be checked";
  EXPECT_NE(text.body.find("<li class=\"finding-block\">无法检查的文件：<code>扫描页或图片超过 1 个"), std::string::npos)
      << "and blocks";
}

}  // namespace
}  // namespace gk::web
