// Issue 14, items 5 and 6 over HTTP: where the server sends things and what
// a crafted request can make it show or do — the address followed after
// login, the visitor's CSRF token, HSTS, links in the feed and sitemap, text
// in the query string, and the 公众号 gateway's allowed hosts.
#include <gtest/gtest.h>

#include "accounts/agencies.h"
#include "support/http_client.h"
#include "support/stub_endpoint.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

std::string LoginAndFollow(TestServer& server, const std::string& next) {
  HttpClient c = server.Client();
  auto page = c.Get("/staff/login");
  auto r = c.PostForm("/staff/login", {{"_csrf", HttpClient::CsrfFrom(page.body)}, {"username", "clerk"},
                                       {"password", accounts::kDemoPassword}, {"next", next}});
  EXPECT_EQ(r.status, 303) << next;
  return r.Header("location");
}

TEST(SecurityHttpTest, LoginFollowsOnlyLocalPaths) {
  TestServer server;
  static const struct {
    const char* next;
    const char* location;
  } kCases[] = {
      {"/staff/items", "/staff/items"},
      {"/staff/items?state=draft", "/staff/items?state=draft"},
      {"/staff/search?q=%E8%A1%A5%E8%B4%B4", "/staff/search?q=%E8%A1%A5%E8%B4%B4"},
      {"//evil.com", "/staff"},
      {"//evil.com/staff", "/staff"},
      {"/\\evil.com", "/staff"},
      {"/%2F%2Fevil.com", "/staff"},
      {"/%2f/evil.com", "/staff"},
      {"/%5Cevil.com", "/staff"},
      {"/%5c%5cevil.com", "/staff"},
      {"/%09/evil.com", "/staff"},
      {"/\t/evil.com", "/staff"},
      {"/staff/items\t", "/staff"},
      {"/\n/evil.com", "/staff"},
      {"/staff\\..\\evil", "/staff"},
      {"/\x7f", "/staff"},
      {"https://evil.com", "/staff"},
      {"http:/evil.com", "/staff"},
      {"evil.com", "/staff"},
      {"/", "/staff"},
      {"", "/staff"},
      {"/%zz", "/staff"},
  };
  for (const auto& c : kCases) EXPECT_EQ(LoginAndFollow(server, c.next), c.location) << "next=" << c.next;
  // The login form carries only a safe address on to the POST.
  auto page = server.Client().Get("/staff/login?next=" + UrlEncode("/%2F%2Fevil.com"));
  EXPECT_EQ(page.body.find("evil.com"), std::string::npos);
}

TEST(SecurityHttpTest, VisitorCsrfTokenIsBoundToTheServerKey) {
  TestServer server;
  // The attacker chooses the cookie and the field, equal to each other.
  HttpClient forged = server.Client();
  forged.cookies()["gk_csrf"] = "attacker-chosen-value-0123456789";
  auto refused = forged.PostForm("/apply/status", {{"_csrf", "attacker-chosen-value-0123456789"},
                                                   {"query_code", "X"}, {"phone", "13812345678"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("页面已过期或请求来源无效"), std::string::npos);
  // The token a page gives for that cookie passes.
  auto page = forged.Get("/apply/status");
  std::string token = HttpClient::CsrfFrom(page.body);
  ASSERT_FALSE(token.empty());
  EXPECT_NE(token, forged.cookies()["gk_csrf"]) << "the token is not the cookie";
  auto accepted = forged.PostForm("/apply/status", {{"_csrf", token}, {"query_code", "X"}, {"phone", "13812345678"}});
  EXPECT_NE(accepted.status, 403) << accepted.body;
  // …but not with another cookie.
  forged.cookies()["gk_csrf"] = "another-value-chosen-by-attacker";
  EXPECT_EQ(forged.PostForm("/apply/status", {{"_csrf", token}, {"query_code", "X"}, {"phone", "13812345678"}}).status,
            403);
}

TEST(SecurityHttpTest, HstsOnlyWithSecureCookies) {
  TestServer plain;
  EXPECT_EQ(plain.Client().Get("/").Header("strict-transport-security"), "");
  ServerConfig cfg;
  cfg.cookie_secure = true;
  TestServer secure(cfg);
  EXPECT_EQ(secure.Client().Get("/").Header("strict-transport-security"), "max-age=31536000");
  EXPECT_EQ(secure.Client().Get("/staff/login").Header("strict-transport-security"), "max-age=31536000");
}

std::string RawGet(TestServer& server, const std::string& path, const std::string& host) {
  return server.Client().Raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
}

TEST(SecurityHttpTest, FeedAndSitemapNeverLinkToTheHostHeader) {
  TestServer server;
  testing::PublishDemoItem(server);
  std::string feed = RawGet(server, "/feed.xml", "evil.example");
  EXPECT_NE(feed.find("200 OK"), std::string::npos);
  EXPECT_EQ(feed.find("evil.example"), std::string::npos) << feed;
  EXPECT_NE(feed.find("<link href=\"/items/1\"/>"), std::string::npos) << "relative without public_url";
  EXPECT_NE(feed.find("<id>urn:gongkai:jingansi:items/1</id>"), std::string::npos) << feed;
  std::string sitemap = RawGet(server, "/sitemap.xml", "evil.example");
  EXPECT_NE(sitemap.find("404 Not Found"), std::string::npos) << "no absolute address to give";
  EXPECT_EQ(sitemap.find("evil.example"), std::string::npos);

  ServerConfig cfg;
  cfg.public_url = "https://xxgk.example.gov.cn";
  TestServer configured(cfg);
  testing::PublishDemoItem(configured);
  for (const char* path : {"/feed.xml", "/sitemaps/1.xml"}) {
    std::string body = RawGet(configured, path, "evil.example");
    EXPECT_EQ(body.find("evil.example"), std::string::npos) << path;
    EXPECT_NE(body.find("https://xxgk.example.gov.cn/items/1"), std::string::npos) << path;
  }
  std::string index = RawGet(configured, "/sitemap.xml", "evil.example");
  EXPECT_EQ(index.find("evil.example"), std::string::npos);
  EXPECT_NE(index.find("https://xxgk.example.gov.cn/sitemaps/1.xml"), std::string::npos);
}

TEST(SecurityHttpTest, QueryStringTextIsNeverShown) {
  TestServer server;
  testing::PublishDemoItem(server);
  HttpClient office = server.LoggedIn("office");
  std::string csrf = HttpClient::CsrfFrom(office.Get("/staff/items/1").body);
  auto made = office.PostForm("/staff/items/1/channels", {{"_csrf", csrf}, {"channel", "board"}, {"place", "门口"}});
  ASSERT_EQ(made.status, 303);
  std::string release = made.Header("location").substr(0, made.Header("location").find('?'));
  const std::string crafted = "<script>alert(1)</script>请致电12345领取补贴";
  for (const std::string& target : {release + "?error=" + UrlEncode(crafted), release + "?ok=" + UrlEncode(crafted),
                                    "/staff/items/1?channel_error=" + UrlEncode(crafted),
                                    "/staff/items/1?error=" + UrlEncode(crafted), "/?error=" + UrlEncode(crafted),
                                    "/staff/login?error=" + UrlEncode(crafted)}) {
    auto page = office.Get(target);
    EXPECT_EQ(page.body.find("请致电12345"), std::string::npos) << target;
    EXPECT_EQ(page.body.find("alert(1)"), std::string::npos) << target;
  }
  // The refusals are shown on the answer itself, not through the address.
  auto no_reason = office.PostForm(release + "/take-down", {{"_csrf", csrf}, {"reason", ""}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_NE(no_reason.body.find("撤下原因不能为空"), std::string::npos);
  auto no_gateway = office.PostForm("/staff/items/1/channels", {{"_csrf", csrf}, {"channel", "wechat"}});
  EXPECT_EQ(no_gateway.status, 409);
  EXPECT_NE(no_gateway.body.find("微信公众号推送网关地址"), std::string::npos);
}

// Saves the agency settings through the admin page with `endpoint` as the
// 公众号 gateway address.
testing::HttpResponse SaveGateway(TestServer& server, HttpClient& admin, const std::string& endpoint) {
  int64_t agency = testing::QueryInt(server.db().db(), "SELECT id FROM agencies");
  auto settings = *accounts::LoadSettings(server.db().db(), agency);
  std::vector<std::pair<std::string, std::string>> form = {
      {"_csrf", HttpClient::CsrfFrom(admin.Get("/staff/admin/agency").body)}};
  for (const auto& info : accounts::AgencySettingKeys()) form.emplace_back(info.key, settings[info.key]);
  for (auto& [k, v] : form) {
    if (k == "wechat_endpoint") v = endpoint;
  }
  return admin.PostForm("/staff/admin/agency", form);
}

TEST(SecurityHttpTest, GatewayTokenGoesOnlyToAnAllowedHost) {
  ChannelsConfig channels;
  channels.gateway_allowed_hosts = {"127.0.0.1"};
  channels.wechat_token = "s3cret-token";
  TestServer server({}, channels);
  testing::PublishDemoItem(server);
  testing::StubEndpoint allowed, other;
  // The same kind of stub on loopback, named by a host that is not allowed.
  std::string elsewhere = "http://localhost:" + other.url().substr(other.url().rfind(':') + 1);

  HttpClient admin = server.LoggedIn("admin");
  auto refused = SaveGateway(server, admin, elsewhere);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("不在配置文件允许的网关主机"), std::string::npos);
  ASSERT_EQ(SaveGateway(server, admin, allowed.url()).status, 303);

  HttpClient office = server.LoggedIn("office");
  std::string csrf = HttpClient::CsrfFrom(office.Get("/staff/items/1").body);
  auto made = office.PostForm("/staff/items/1/channels", {{"_csrf", csrf}, {"channel", "wechat"}});
  ASSERT_EQ(made.status, 303);
  std::string release = made.Header("location").substr(0, made.Header("location").find('?'));

  // A gateway saved earlier, before the list left its host out.
  ASSERT_TRUE(server.db().db().Transact([&](store::Tx& tx) -> Status {
    return tx.Exec("UPDATE agency_settings SET value = ? WHERE key = 'wechat_endpoint'", {elsewhere}).status();
  }).ok());
  ASSERT_EQ(office.PostForm(release + "/retry", {{"_csrf", csrf}}).status, 303);
  EXPECT_TRUE(other.requests().empty()) << "nothing sent to a host not on the list";
  auto failed = office.Get(release);
  EXPECT_NE(failed.body.find("推送失败"), std::string::npos);
  EXPECT_NE(failed.body.find("不在配置文件允许的网关主机"), std::string::npos);

  ASSERT_TRUE(server.db().db().Transact([&](store::Tx& tx) -> Status {
    return tx.Exec("UPDATE agency_settings SET value = ? WHERE key = 'wechat_endpoint'", {allowed.url()}).status();
  }).ok());
  allowed.AnswerWith({200}, "ok\x1b[2J<img src=x onerror=alert(1)>");
  ASSERT_EQ(office.PostForm(release + "/retry", {{"_csrf", csrf}}).status, 303);
  ASSERT_EQ(allowed.requests().size(), 1u);
  EXPECT_EQ(allowed.requests()[0].Header("authorization"), "Bearer s3cret-token");
  EXPECT_TRUE(other.requests().empty());
  auto sent = office.Get(release);
  EXPECT_NE(sent.body.find("<td>200</td>"), std::string::npos);
  EXPECT_NE(sent.body.find("ok [2J&lt;img src"), std::string::npos) << "control characters gone, escaped";
  EXPECT_EQ(sent.body.find("<img src=x"), std::string::npos);
}

}  // namespace
}  // namespace gk::web
