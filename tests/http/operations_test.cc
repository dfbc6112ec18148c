// What operators use: /readyz beside /healthz, /metrics in the Prometheus
// text format for the configured addresses only, and a request id on every
// response (a trusted proxy's, or the server's own).
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "support/http_client.h"
#include "web/http.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

// The value of the sample `series` (name and labels) in `text`, or -1.
double Sample(const std::string& text, const std::string& series) {
  size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

TEST(OperationsTest, ReadyWhenTheDatabaseAnswersAndTheSchemaIsCurrent) {
  TestServer server;
  auto r = server.Client().Get("/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{\"status\":\"ready\"}");
  EXPECT_EQ(r.Header("cache-control"), "no-store");
}

TEST(OperationsTest, MetricsCountRequestsByRoutePattern) {
  TestServer server;
  HttpClient c = server.Client();
  auto before = c.Get("/metrics");
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string series = "gongkai_http_requests_total{route=\"/items/{id}\",method=\"GET\",status=\"404\"}";
  double was = std::max(0.0, Sample(before.body, series));
  EXPECT_EQ(c.Get("/items/999999").status, 404);
  EXPECT_EQ(c.Get("/items/999998").status, 404);
  auto after = c.Get("/metrics");
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(Sample(after.body, series), was + 2) << "one series for every id: the pattern, not the path";
  EXPECT_EQ(after.body.find("999999"), std::string::npos);
  for (const char* family : {"# TYPE gongkai_http_request_duration_seconds histogram",
                             "# TYPE gongkai_db_transaction_duration_seconds histogram",
                             "# TYPE gongkai_db_pool_connections gauge", "# TYPE gongkai_page_cache_total counter",
                             "# TYPE gongkai_http_requests_in_flight gauge"}) {
    EXPECT_NE(after.body.find(family), std::string::npos) << family;
  }
  EXPECT_GE(Sample(after.body, "gongkai_db_reachable"), 1);
  EXPECT_GE(Sample(after.body, "gongkai_http_request_duration_seconds_count{route=\"/items/{id}\"}"), 2);
  // A cached portal page counts under its route too.
  c.Get("/");
  c.Get("/");
  auto cached = c.Get("/metrics");
  EXPECT_GE(Sample(cached.body, "gongkai_page_cache_total{result=\"hit\"}"), 1) << cached.body;
  EXPECT_GE(Sample(cached.body, "gongkai_http_requests_total{route=\"/\",method=\"GET\",status=\"200\"}"), 2);
}

TEST(OperationsTest, MetricsAreNotShownToOtherAddresses) {
  ServerConfig s;
  s.metrics_allow = {*ParseIpRange("10.0.0.0/8")};
  TestServer server(s);
  auto r = server.Client().Get("/metrics");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("gongkai_"), std::string::npos);

  // Behind a trusted proxy the visitor's address decides, not the proxy's.
  ServerConfig proxied;
  proxied.trusted_proxies = {*ParseIpRange("127.0.0.1/32")};
  TestServer behind(proxied);
  EXPECT_EQ(behind.Client().Get("/metrics", {{"X-Forwarded-For", "203.0.113.9"}}).status, 404);
  EXPECT_EQ(behind.Client().Get("/metrics").status, 200) << "loopback itself, without a forwarded address";
}

TEST(OperationsTest, EveryResponseCarriesARequestId) {
  TestServer server;
  HttpClient c = server.Client();
  const std::regex shape("[A-Za-z0-9.-]+-[0-9a-f]{8,}");
  auto a = c.Get("/"), b = c.Get("/no-such-page"), h = c.Get("/healthz");
  for (const auto* r : {&a, &b, &h}) EXPECT_TRUE(std::regex_match(r->Header("x-request-id"), shape)) << r->Header("x-request-id");
  EXPECT_NE(a.Header("x-request-id"), b.Header("x-request-id"));
  EXPECT_NE(b.Header("x-request-id"), h.Header("x-request-id"));
  // Sent by anyone but a trusted proxy, a request id is not taken.
  auto own = c.Get("/", {{"X-Request-Id", "chosen-by-visitor"}});
  EXPECT_NE(own.Header("x-request-id"), "chosen-by-visitor");
}

TEST(OperationsTest, ATrustedProxysRequestIdIsKept) {
  ServerConfig s;
  s.trusted_proxies = {*ParseIpRange("127.0.0.1/32")};
  TestServer server(s);
  HttpClient c = server.Client();
  EXPECT_EQ(c.Get("/", {{"X-Request-Id", "4f1c0e2a9b7d44c1a0b2c3d4e5f60718"}}).Header("x-request-id"),
            "4f1c0e2a9b7d44c1a0b2c3d4e5f60718");
  for (const char* bad : {"has space", "semi;colon", "引号", ""}) {
    auto r = c.Get("/", {{"X-Request-Id", bad}});
    EXPECT_NE(r.Header("x-request-id"), bad);
    EXPECT_FALSE(r.Header("x-request-id").empty());
  }
  EXPECT_NE(c.Get("/", {{"X-Request-Id", std::string(65, 'a')}}).Header("x-request-id"), std::string(65, 'a'));
}

// 32 visitors filing applications at once, while another process holds the
// SQLite write lock for a second: every one gets a receipt; none sees a 500
// or a busy database.
TEST(OperationsTest, ThirtyTwoConcurrentApplicationsAllGetReceipts) {
  ServerConfig s;
  s.threads = 8;
  TestServer server(s);
  testing::SetAgencySetting(server.db().db(), "limit_apply", "1000/1000");
  std::atomic<bool> held{false};
  std::thread holder;
  if (!server.db().is_postgres()) {
    holder = std::thread([&] {
      auto other = store::Database::Open(server.db().url(), 1);
      ASSERT_TRUE(other.ok());
      Status st = (*other)->Transact([&](store::Tx& tx) -> Status {
        held = true;
        std::this_thread::sleep_for(std::chrono::seconds(1));
        return tx.Exec("UPDATE agencies SET name = name WHERE 1 = 0").status();
      });
      EXPECT_TRUE(st.ok()) << st.ToString();
    });
    while (!held) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::vector<int> statuses(32);
  std::vector<std::thread> visitors;
  for (int i = 0; i < 32; ++i) {
    visitors.emplace_back([&, i] {
      HttpClient c = server.Client();
      auto form = c.Get("/apply");
      auto r = c.PostForm(
          "/apply", {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"applicant_type", "natural"}, {"name", "张三"},
                     {"id_type", "居民身份证"}, {"id_number", "11010519491231002X"}, {"phone", "13812345678"},
                     {"info_title", "并发申请 " + std::to_string(i)}, {"form", "electronic"}, {"delivery", "online"},
                     {"consent", "1"}});
      statuses[i] = r.body.find("id=\"query-code\"") != std::string::npos ? r.status : -r.status;
    });
  }
  for (auto& v : visitors) v.join();
  if (holder.joinable()) holder.join();
  for (int i = 0; i < 32; ++i) EXPECT_EQ(statuses[i], 200) << "visitor " << i << " (negative: no receipt)";
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT COUNT(*) FROM applications"), 32);
}

}  // namespace
}  // namespace gk::web
