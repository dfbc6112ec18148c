// The district platform over HTTP: each agency's portal column /{code}/…
// with its own pages and links, the old addresses of a one-agency
// deployment, and nothing of one agency shown in another's column.
#include "accounts/demo.h"
#include "accounts/directory.h"
#include "accounts/platform.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "base/strings.h"
#include "disclosure/reference.h"
#include "support/http_client.h"
#include "support/published.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

class PlatformHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = accounts::LoadDataKey(server_.config().security);
    ASSERT_TRUE(key.ok());
    key_.emplace(std::move(*key));
    agency_ = testing::QueryInt(server_.db().db(), "SELECT id FROM agencies WHERE code = 'jingansi'");
    ASSERT_GT(agency_, 0);
  }

  accounts::Context Ctx() {
    return accounts::Context{server_.db().db(), server_.clock(), server_.config().security, &*key_, GK_SOURCE_DIR};
  }

  // The district above the demo office, and a second street office.
  void AddDistrict() {
    audit::Actor actor{std::nullopt, "test:platform"};
    ASSERT_TRUE(
        server_.db()
            .db()
            .Transact([&](store::Tx& tx) -> Status {
              RETURN_IF_ERROR(
                  accounts::AddAgency(tx, server_.clock(),
                                      {"jingan",
                                       "上海市静安区人民政府",
                                       accounts::AgencyKind::kDistrict,
                                       "",
                                       {{"address", "常德路370号"}, {"phone", "021-1"}, {"office_hours", "工作日"}}},
                                      actor)
                      .status());
              return accounts::AddAgency(tx, server_.clock(),
                                         {"nanjingxilu",
                                          "南京西路街道办事处",
                                          accounts::AgencyKind::kStreet,
                                          "jingan",
                                          {{"address", "南京西路"}, {"phone", "021-2"}}},
                                         actor)
                  .status();
            })
            .ok());
  }

  TestServer server_;
  std::optional<DataKey> key_;
  int64_t agency_ = 0;
};

TEST_F(PlatformHttpTest, AnAgencysColumnServesItsPortalWithLinksThatStayInTheColumn) {
  auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
  ASSERT_TRUE(ref.ok());
  int64_t item = testing::PublishThroughChain(Ctx(), *ref, agency_, "07", "关于春节假期办事时间的公告", "2025-01-20",
                                              "正文：春节假期办事时间");
  ASSERT_GT(item, 0);
  HttpClient visitor = server_.Client();
  auto bare = visitor.Get("/jingansi");
  EXPECT_EQ(bare.status, 303);
  EXPECT_EQ(bare.Header("location"), "/jingansi/");
  auto home = visitor.Get("/jingansi/");
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("静安寺街道办事处政府信息公开"), std::string::npos);
  for (const std::string& link :
       std::vector<std::string>{"href=\"/jingansi/guide\"", "href=\"/jingansi/apply\"", "action=\"/jingansi/search\"",
                                "href=\"/jingansi/items/" + std::to_string(item) + "\""}) {
    EXPECT_NE(home.body.find(link), std::string::npos) << link;
  }
  EXPECT_EQ(home.body.find("href=\"/guide\""), std::string::npos) << "no link leaves the column";
  EXPECT_NE(home.body.find("<a href=\"/\">返回政府信息公开平台首页</a>"), std::string::npos) << "but the way up";
  EXPECT_EQ(visitor.Get("/jingansi/guide").status, 200);
  auto page = visitor.Get("/jingansi/items/" + std::to_string(item));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("关于春节假期办事时间的公告"), std::string::npos);
  auto found = visitor.Get("/jingansi/search?q=" + UrlEncode("春节"));
  EXPECT_NE(found.body.find("href=\"/jingansi/items/" + std::to_string(item) + "\""), std::string::npos);
  // The one-agency deployment's addresses keep working, with their own links.
  auto old_home = visitor.Get("/");
  EXPECT_EQ(old_home.status, 200);
  EXPECT_NE(old_home.body.find("href=\"/guide\""), std::string::npos);
  EXPECT_EQ(old_home.body.find("返回政府信息公开平台首页"), std::string::npos);
  EXPECT_EQ(visitor.Get("/items/" + std::to_string(item)).status, 200);
  // A column holds the portal only.
  EXPECT_EQ(visitor.Get("/jingansi/staff").status, 404);
  EXPECT_EQ(visitor.Get("/jingansi/api/v1/items").status, 404);
  EXPECT_EQ(visitor.Get("/nosuchoffice/").status, 404);
}

TEST_F(PlatformHttpTest, OneAgencysColumnShowsNothingOfAnother) {
  auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
  ASSERT_TRUE(ref.ok());
  int64_t item = testing::PublishThroughChain(Ctx(), *ref, agency_, "07", "静安寺街道公告", "2025-01-20", "正文");
  ASSERT_GT(item, 0);
  AddDistrict();
  HttpClient visitor = server_.Client();
  auto other = visitor.Get("/nanjingxilu/");
  ASSERT_EQ(other.status, 200);
  EXPECT_NE(other.body.find("南京西路街道办事处政府信息公开"), std::string::npos);
  EXPECT_EQ(other.body.find("静安寺街道公告"), std::string::npos);
  EXPECT_EQ(visitor.Get("/nanjingxilu/items/" + std::to_string(item)).status, 404) << "not this office's item";
  EXPECT_EQ(visitor.Get("/jingansi/items/" + std::to_string(item)).status, 200);
  auto guide = visitor.Get("/nanjingxilu/guide");
  EXPECT_NE(guide.body.find("南京西路"), std::string::npos) << "its own address";
  EXPECT_EQ(guide.body.find("演示地址"), std::string::npos) << "not the demo office's";

  // The district home: every column, grouped, and the latest items of all.
  auto district = visitor.Get("/");
  ASSERT_EQ(district.status, 200);
  EXPECT_NE(district.body.find("上海市静安区人民政府政府信息公开"), std::string::npos);
  size_t streets = district.body.find("<h3>街道镇</h3>");
  ASSERT_NE(streets, std::string::npos);
  EXPECT_LT(district.body.find("<h3>区人民政府</h3>"), streets);
  for (const char* code : {"jingan", "jingansi", "nanjingxilu"}) {
    EXPECT_NE(district.body.find("href=\"/" + std::string(code) + "/\""), std::string::npos) << code;
  }
  EXPECT_GT(district.body.find("href=\"/nanjingxilu/\""), streets);
  size_t latest = district.body.find("href=\"/jingansi/items/" + std::to_string(item) + "\"");
  ASSERT_NE(latest, std::string::npos) << "the item, linked in its own agency's column";
  EXPECT_NE(district.body.find("静安寺街道办事处", latest), std::string::npos) << "named with its agency";

  // An application sent from a column is that agency's.
  auto form = visitor.Get("/nanjingxilu/apply");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("action=\"/nanjingxilu/apply\""), std::string::npos);
  auto sent = visitor.PostForm("/nanjingxilu/apply", {{"_csrf", HttpClient::CsrfFrom(form.body)},
                                                      {"applicant_type", "natural"},
                                                      {"name", "张三"},
                                                      {"id_type", "居民身份证"},
                                                      {"id_number", "11010519491231002X"},
                                                      {"phone", "13812345678"},
                                                      {"email", "zs@example.org"},
                                                      {"info_title", "南京西路街道2024年预算"},
                                                      {"form", "electronic"},
                                                      {"delivery", "online"},
                                                      {"consent", "1"}});
  EXPECT_EQ(sent.status, 200);
  EXPECT_EQ(testing::QueryInt(server_.db().db(),
                              "SELECT count(*) FROM applications a JOIN "
                              "agencies g ON g.id = a.agency_id "
                              "WHERE g.code = 'nanjingxilu' AND a.info_title = "
                              "'南京西路街道2024年预算'"),
            1);
  EXPECT_EQ(testing::QueryInt(server_.db().db(), "SELECT count(*) FROM applications WHERE agency_id = ?", {agency_}),
            0);
}

// One username in two agencies: the login says which, by the chooser or as
// "name@code", and the session is that agency's.
TEST_F(PlatformHttpTest, TheSameUsernameInTwoAgenciesSignsInToTheOneNamed) {
  AddDistrict();
  int64_t other = testing::QueryInt(server_.db().db(), "SELECT id FROM agencies WHERE code = 'nanjingxilu'");
  auto created = accounts::Directory(Ctx()).CreateUser(accounts::Principal::CommandLine(other, "test"),
                                                       {"admin", "南京西路管理员", std::nullopt, {accounts::Role::kAdmin}, true},
                                                       "Nanjing-xilu-9");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  auto login = [&](HttpClient& c, const std::string& username, const std::string& password) {
    auto form = c.Get("/staff/login");
    return c.PostForm("/staff/login", {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"username", username},
                                       {"password", password}, {"next", "/staff/admin/agency"}});
  };
  HttpClient theirs = server_.Client();
  EXPECT_EQ(login(theirs, "admin@nanjingxilu", "Nanjing-xilu-9").status, 303);
  auto page = theirs.Get("/staff/admin/agency");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("南京西路"), std::string::npos) << "the session is the named agency's";
  EXPECT_EQ(page.body.find("演示地址"), std::string::npos);

  HttpClient ours = server_.Client();
  EXPECT_EQ(login(ours, "admin@nanjingxilu", accounts::kDemoPassword).status, 401)
      << "the demo office's password is not the other office's";
  EXPECT_EQ(login(ours, "admin@jingansi", accounts::kDemoPassword).status, 303);
  auto mine = ours.Get("/staff/admin/agency");
  EXPECT_NE(mine.body.find("演示地址"), std::string::npos);

  HttpClient stranger = server_.Client();
  auto unknown = login(stranger, "admin@nosuch", "x");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("所选机关不存在"), std::string::npos);
  EXPECT_EQ(login(stranger, "@jingansi", "x").status, 400);
}

// The 平台管理员 adds agencies and their first administrator, and reads
// nothing of any agency's business; an agency's 系统管理员 cannot take over
// the platform's account.
TEST_F(PlatformHttpTest, ThePlatformAdministratorManagesAgenciesAndNothingElse) {
  auto login = [&](HttpClient& c, const std::string& username, const std::string& password) {
    auto form = c.Get("/staff/login");
    return c.PostForm("/staff/login", {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"username", username},
                                       {"password", password}});
  };
  HttpClient platform = server_.Client();
  ASSERT_EQ(login(platform, "platform", accounts::kDemoPassword).status, 303);
  auto home = platform.Get("/staff");
  EXPECT_EQ(home.status, 303);
  EXPECT_EQ(home.Header("location"), "/staff/platform");
  auto page = platform.Get("/staff/platform");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("静安寺街道办事处"), std::string::npos);
  std::string csrf = HttpClient::CsrfFrom(page.body);
  auto add = [&](std::vector<std::pair<std::string, std::string>> f) {
    f.emplace_back("_csrf", csrf);
    return platform.PostForm("/staff/platform/agencies", f);
  };
  auto no_hours = add({{"code", "jingan"}, {"name", "上海市静安区人民政府"}, {"kind", "district"},
                       {"address", "常德路370号"}, {"phone", "021-1"}});
  EXPECT_EQ(no_hours.status, 400) << "a district inherits nothing";
  EXPECT_NE(no_hours.body.find("办公时间不能为空"), std::string::npos);
  EXPECT_NE(no_hours.body.find("value=\"上海市静安区人民政府\""), std::string::npos) << "the form keeps what was typed";
  EXPECT_EQ(add({{"code", "jingan"}, {"name", "上海市静安区人民政府"}, {"kind", "district"}, {"address", "常德路370号"},
                 {"phone", "021-1"}, {"office_hours", "工作日 9:00–17:00"}}).status,
            303);
  EXPECT_EQ(add({{"code", "nanjingxilu"}, {"name", "南京西路街道办事处"}, {"kind", "street"}, {"parent", "jingan"},
                 {"address", "南京西路"}, {"phone", "021-2"}}).status,
            303);
  int64_t other = testing::QueryInt(server_.db().db(), "SELECT id FROM agencies WHERE code = 'nanjingxilu'");
  ASSERT_GT(other, 0);
  EXPECT_GT(testing::QueryInt(server_.db().db(), "SELECT count(*) FROM calendar_years WHERE agency_id = ?", {other}), 0);
  EXPECT_GT(testing::QueryInt(server_.db().db(), "SELECT count(*) FROM catalog_categories WHERE agency_id = ?", {other}),
            0);
  auto admin = platform.PostForm("/staff/platform/admins",
                                 {{"_csrf", csrf}, {"agency_id", std::to_string(other)}, {"admin_username", "admin"},
                                  {"admin_name", "南京西路管理员"}, {"admin_password", "Nanjing-xilu-9"},
                                  {"admin_password2", "Nanjing-xilu-9"}});
  EXPECT_EQ(admin.status, 303);
  HttpClient theirs = server_.Client();
  EXPECT_EQ(login(theirs, "admin@nanjingxilu", "Nanjing-xilu-9").status, 303);
  EXPECT_EQ(theirs.Get("/staff/admin/users").status, 200);
  EXPECT_EQ(theirs.Get("/staff/platform").status, 403) << "an agency's administrator is not the platform's";

  // No business data for the platform's administrator.
  for (const char* path : {"/staff/items", "/staff/applications", "/staff/feedback", "/staff/search?q=公开",
                           "/staff/admin/users", "/staff/audit", "/staff/supervision", "/staff/ledger"}) {
    EXPECT_EQ(platform.Get(path).status, 403) << path;
  }

  // The demo office's administrator cannot take over the platform's account.
  int64_t platform_user = testing::QueryInt(server_.db().db(), "SELECT id FROM users WHERE username = 'platform'");
  HttpClient ours = server_.Client();
  ASSERT_EQ(login(ours, "admin@jingansi", accounts::kDemoPassword).status, 303);
  std::string ours_csrf = HttpClient::CsrfFrom(ours.Get("/staff/admin/users").body);
  auto reset = ours.PostForm("/staff/admin/users/" + std::to_string(platform_user) + "/password",
                             {{"_csrf", ours_csrf}, {"password", "Taken-over-1"}, {"password2", "Taken-over-1"}});
  EXPECT_EQ(reset.status, 403);
  HttpClient attacker = server_.Client();
  EXPECT_EQ(login(attacker, "platform", "Taken-over-1").status, 401) << "the password did not change";
  auto roles = ours.PostForm("/staff/admin/users", {{"_csrf", ours_csrf}, {"username", "second"}, {"display_name", "某人"},
                                                    {"roles", "platform_admin"}, {"active", "1"},
                                                    {"password", "Second-pass-1"}, {"password2", "Second-pass-1"}});
  EXPECT_EQ(roles.status, 403);
  EXPECT_EQ(testing::QueryInt(server_.db().db(), "SELECT count(*) FROM users WHERE username = 'second'"), 0);
}

}  // namespace
}  // namespace gk::web

namespace gk::web {
namespace {

// server.hosts: an agency's own host name serves its column without the
// prefix, while the platform's address keeps the district home.
TEST(PlatformHostTest, AnAgencysOwnHostNameServesItsColumnWithUnprefixedLinks) {
  ServerConfig config;
  config.hosts = {{"xxgk.jingansi.example", "jingansi"}, {"old.example", "nosuch"}};
  testing::TestServer server(config);
  audit::Actor actor{std::nullopt, "test:platform"};
  ASSERT_TRUE(server.db()
                  .db()
                  .Transact([&](store::Tx& tx) -> Status {
                    RETURN_IF_ERROR(accounts::AddAgency(tx, server.clock(),
                                                        {"jingan", "上海市静安区人民政府",
                                                         accounts::AgencyKind::kDistrict, "",
                                                         {{"address", "常德路370号"},
                                                          {"phone", "021-1"},
                                                          {"office_hours", "工作日"}}},
                                                        actor)
                                        .status());
                    return accounts::AddAgency(tx, server.clock(),
                                               {"nanjingxilu", "南京西路街道办事处", accounts::AgencyKind::kStreet,
                                                "jingan", {{"address", "南京西路"}, {"phone", "021-2"}}},
                                               actor)
                        .status();
                  })
                  .ok());
  testing::HttpClient visitor = server.Client();
  auto district = visitor.Get("/");
  ASSERT_EQ(district.status, 200);
  EXPECT_NE(district.body.find("href=\"/nanjingxilu/\""), std::string::npos) << "the district home";

  auto own = visitor.Get("/", {{"Host", "XXGK.jingansi.example:443"}});
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.body.find("href=\"/nanjingxilu/\""), std::string::npos) << "not the district home";
  EXPECT_NE(own.body.find("href=\"/guide\""), std::string::npos) << "links without the prefix";
  EXPECT_EQ(own.body.find("href=\"/jingansi/guide\""), std::string::npos);
  auto guide = visitor.Get("/guide", {{"Host", "xxgk.jingansi.example"}});
  ASSERT_EQ(guide.status, 200);
  EXPECT_NE(guide.body.find("静安寺"), std::string::npos);
  // A host mapped to no agency, and the staff area, are as without a mapping.
  EXPECT_NE(visitor.Get("/", {{"Host", "old.example"}}).body.find("href=\"/nanjingxilu/\""), std::string::npos);
  EXPECT_EQ(visitor.Get("/staff/login", {{"Host", "xxgk.jingansi.example"}}).status, 200);
}

}  // namespace
}  // namespace gk::web
