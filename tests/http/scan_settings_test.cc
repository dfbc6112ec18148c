// 保密审查设置 over HTTP: who may change it, and the check on pasted text
// with the findings highlighted (escaped) in context.
#include <gtest/gtest.h>

#include "support/http_client.h"

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

}  // namespace
}  // namespace gk::web
