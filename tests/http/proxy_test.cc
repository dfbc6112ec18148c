// Behind a reverse proxy: what the proxy says of the visitor (X-Forwarded-For,
// -Proto, -Host) is believed only from server.trusted_proxies — for the
// Origin check of forms, Secure cookies and HSTS, and the access log's
// address — and server.public_url is this site's origin whatever Host the
// proxy passes on (nginx's default `Host $proxy_host`).
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "accounts/directory.h"
#include "support/http_client.h"
#include "web/http.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;

using Headers = std::map<std::string, std::string>;

ServerConfig Trusting(const std::string& range, const std::string& public_url = "") {
  ServerConfig s;
  if (!range.empty()) s.trusted_proxies = {*ParseIpRange(range)};
  s.public_url = public_url;
  return s;
}

// What nginx sends with the configuration of docs/operations.md, for a
// visitor of https://xxgk.example.gov.cn at 203.0.113.9.
Headers FromNginx(const std::string& site = "xxgk.example.gov.cn") {
  return {{"Host", "gongkai_nodes"},
          {"X-Forwarded-For", "203.0.113.9"},
          {"X-Forwarded-Proto", "https"},
          {"X-Forwarded-Host", site},
          {"Origin", "https://" + site}};
}

// Signs in as the clerk through the login form with `headers` on both
// requests; the answer to the POST.
HttpResponse SignIn(TestServer& server, const Headers& headers) {
  HttpClient c = server.Client();
  auto form = c.Get("/staff/login", headers);
  return c.PostForm("/staff/login",
                    {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"username", "clerk"},
                     {"password", accounts::kDemoPassword}},
                    headers);
}

bool SecureCookie(const HttpResponse& r) {
  auto [from, to] = r.headers.equal_range("set-cookie");
  for (auto it = from; it != to; ++it) {
    if (it->second.rfind("gk_session=", 0) == 0) return it->second.find("; Secure") != std::string::npos;
  }
  ADD_FAILURE() << "no session cookie";
  return false;
}

TEST(ProxyTest, ATrustedProxySaysWhichSiteAndSchemeTheVisitorUsed) {
  TestServer server(Trusting("127.0.0.1/32"));
  auto r = SignIn(server, FromNginx());
  ASSERT_EQ(r.status, 303) << "the Origin is the site the proxy names";
  EXPECT_TRUE(SecureCookie(r)) << "X-Forwarded-Proto: https";
  EXPECT_NE(r.Header("strict-transport-security"), "");

  Headers elsewhere = FromNginx();
  elsewhere["Origin"] = "https://evil.example";
  EXPECT_EQ(SignIn(server, elsewhere).status, 403) << "another site's form";
  Headers plain = FromNginx();
  plain["X-Forwarded-Proto"] = "http";
  plain["Origin"] = "http://xxgk.example.gov.cn";
  auto over_http = SignIn(server, plain);
  ASSERT_EQ(over_http.status, 303);
  EXPECT_FALSE(SecureCookie(over_http));
  EXPECT_EQ(over_http.Header("strict-transport-security"), "");
}

TEST(ProxyTest, AnUntrustedPeerCannotNameTheSiteOrTheScheme) {
  TestServer server(Trusting("192.0.2.0/24"));  // not the loopback the test connects from
  EXPECT_EQ(SignIn(server, FromNginx()).status, 403) << "X-Forwarded-Host ignored: the Origin is not Host";
  Headers direct = FromNginx();
  direct["Host"] = "xxgk.example.gov.cn";
  direct["Origin"] = "http://xxgk.example.gov.cn";
  auto r = SignIn(server, direct);
  ASSERT_EQ(r.status, 303) << "the Host the request came with";
  EXPECT_FALSE(SecureCookie(r)) << "X-Forwarded-Proto ignored";
  EXPECT_EQ(r.Header("strict-transport-security"), "");
}

TEST(ProxyTest, ThePublicUrlIsThisSitesOriginWhateverTheHost) {
  TestServer server(Trusting("", "https://xxgk.example.gov.cn/"));
  Headers bare = {{"Host", "gongkai_nodes"}, {"Origin", "https://xxgk.example.gov.cn"}};
  EXPECT_EQ(SignIn(server, bare).status, 303);
  bare["Origin"] = "https://xxgk.example.gov.cn.evil.example";
  EXPECT_EQ(SignIn(server, bare).status, 403);
  bare["Origin"] = "null";
  EXPECT_EQ(SignIn(server, bare).status, 403);
}

// The access log names the visitor the proxy passed on, and only when the
// proxy is trusted.
TEST(ProxyTest, TheAccessLogNamesTheClientBehindATrustedProxy) {
  auto log = spdlog::get("access");
  if (!log) {
    log = spdlog::stdout_logger_mt("access");
    log->set_pattern("%v");
  }
  std::ostringstream lines;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines);
  sink->set_pattern("%v");
  log->sinks().push_back(sink);
  {
    TestServer trusting(Trusting("127.0.0.1/32"));
    EXPECT_EQ(trusting.Client().Get("/healthz", {{"X-Forwarded-For", "203.0.113.9"}}).status, 200);
    TestServer not_trusting;
    EXPECT_EQ(not_trusting.Client().Get("/healthz", {{"X-Forwarded-For", "203.0.113.7"}}).status, 200);
  }
  log->flush();
  log->sinks().pop_back();
  std::string all = lines.str();
  EXPECT_NE(all.find("\"ip\":\"203.0.113.9\""), std::string::npos) << all;
  EXPECT_EQ(all.find("203.0.113.7"), std::string::npos) << all;
  EXPECT_NE(all.find("\"ip\":\"127.0.0.1\""), std::string::npos) << all;
}

}  // namespace
}  // namespace gk::web
