// The real server over loopback: limits, errors, headers, health, static files.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

#include "support/http_client.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

ServerConfig SmallLimits() {
  ServerConfig s;
  s.max_body_bytes = 4096;
  s.threads = 2;
  return s;
}

class ServerTest : public ::testing::Test {
 protected:
  TestServer server_{SmallLimits()};
};

TEST_F(ServerTest, HealthAndPortal) {
  HttpClient c = server_.Client();
  auto h = c.Get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body, "{\"status\":\"ok\"}");
  auto home = c.Get("/");
  EXPECT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("静安寺街道办事处"), std::string::npos);
  for (const char* label : {"公开指南", "公开目录", "依申请公开", "公开年报", "监督投诉"}) {
    EXPECT_NE(home.body.find(label), std::string::npos) << label;
  }
  EXPECT_EQ(home.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(home.Header("x-frame-options"), "DENY");
  EXPECT_NE(home.Header("content-security-policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(home.body.find("{{"), std::string::npos) << "unrendered template tag";
}

TEST_F(ServerTest, GuideIsGeneratedFromAgencySettings) {
  auto g = server_.Client().Get("/guide");
  ASSERT_EQ(g.status, 200);
  for (const char* s : {"办公地址", "办公时间", "咨询电话", "传真", "电子邮箱", "021-0000 0000（演示）",
                        "20 个工作日"}) {
    EXPECT_NE(g.body.find(s), std::string::npos) << s;
  }
}

// The portal shows the public contact data of 条例 Art. 12 and nothing the
// office keeps for itself (usernames, document codes, limits, gateways).
TEST_F(ServerTest, ThePortalShowsOnlyPublicSettings) {
  HttpClient c = server_.Client();
  for (const char* path : {"/", "/guide", "/supervision", "/apply", "/apply/status"}) {
    auto page = c.Get(path);
    ASSERT_EQ(page.status, 200) << path;
    for (const char* internal : {"政府信息公开工作机构负责人的用户名", "发文机关代字", "索引号格式", "同一地址",
                                 "推送网关", "行政诉讼管辖法院（", "保密抽查"}) {
      EXPECT_EQ(page.body.find(internal), std::string::npos) << path << " shows " << internal;
    }
  }
  auto home = c.Get("/");
  EXPECT_NE(home.body.find("咨询电话"), std::string::npos);
  EXPECT_NE(home.body.find("021-0000 0000（演示）"), std::string::npos);
}

TEST_F(ServerTest, EveryPortalSectionRenders) {
  HttpClient c = server_.Client();
  for (const char* path : {"/guide", "/catalog", "/apply", "/reports", "/supervision"}) {
    auto r = c.Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_NE(r.body.find("<h1>"), std::string::npos) << path;
    EXPECT_NE(r.body.find("aria-current=\"page\""), std::string::npos) << path;
  }
}

TEST_F(ServerTest, StaticFilesAndNoTraversal) {
  HttpClient c = server_.Client();
  auto css = c.Get("/static/site.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.Header("content-type"), "text/css; charset=utf-8");
  EXPECT_NE(css.body.find(".masthead"), std::string::npos);
  EXPECT_EQ(c.Get("/static/../CMakeLists.txt").status, 404);
  EXPECT_EQ(c.Get("/static/%2e%2e/CMakeLists.txt").status, 404);
}

TEST_F(ServerTest, UnknownPageIs404Page) {
  auto r = server_.Client().Get("/no/such/page");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("页面不存在"), std::string::npos);
  EXPECT_NE(r.body.find("/static/site.css"), std::string::npos) << "error pages keep the site look";
}

TEST_F(ServerTest, OversizeBodyGets413) {
  std::string body(10000, 'a');
  std::string raw = server_.Client().Raw("POST /staff/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                         "application/x-www-form-urlencoded\r\nContent-Length: " +
                                         std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(raw.rfind("HTTP/1.1 413", 0), 0u) << raw.substr(0, 80);
}

TEST_F(ServerTest, MalformedRequestsGet400) {
  HttpClient c = server_.Client();
  EXPECT_EQ(c.Raw("THIS IS NOT HTTP\r\n\r\n").rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(c.Raw("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n").rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(c.Raw("GET /?q=%FF HTTP/1.1\r\nHost: x\r\n\r\n").rfind("HTTP/1.1 400", 0), 0u);
  std::string huge_header = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n";
  EXPECT_EQ(c.Raw(huge_header).rfind("HTTP/1.1 431", 0), 0u);
}

TEST_F(ServerTest, WrongMethodIs405AndHeadWorks) {
  HttpClient c = server_.Client();
  EXPECT_EQ(c.Send("DELETE", "/guide", "", {}).status, 405);
  auto head = c.Send("HEAD", "/", "", {});
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string raw = server_.Client().Raw(req + req + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  size_t count = 0;
  for (size_t p = raw.find("HTTP/1.1 200"); p != std::string::npos; p = raw.find("HTTP/1.1 200", p + 1)) ++count;
  EXPECT_EQ(count, 3u);
}

TEST(ServerLifecycleTest, StopFinishesAndReturns) {
  for (int i = 0; i < 2; ++i) {
    TestServer s;
    EXPECT_EQ(s.Client().Get("/healthz").status, 200);
  }  // destructor: Stop() + join must return
}


// A client that starts a request and never finishes it is disconnected once
// the request time limit passes, without an answer.
TEST(ServerTimeoutTest, SlowClientIsDisconnected) {
  ServerConfig cfg;
  cfg.request_timeout_seconds = 1;
  TestServer server(cfg);
  namespace net = boost::asio;
  net::io_context ioc;
  net::ip::tcp::socket s(ioc);
  s.connect({net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server.port())});
  net::write(s, net::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n")));  // headers never end
  auto started = std::chrono::steady_clock::now();
  char buf[256];
  boost::system::error_code ec;
  size_t n = s.read_some(net::buffer(buf), ec);  // blocks until the server closes
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(n, 0u);
  EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
  EXPECT_GE(waited, 0.5);
  EXPECT_LT(waited, 10.0);
}

}  // namespace
}  // namespace gk::web
