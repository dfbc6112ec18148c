// Per-address limits of the public forms and look-ups over HTTP (429 with a
// Chinese page saying when to try again, nothing stored, other addresses
// unaffected), the client address behind trusted proxies only, and the login
// throttle under parallel attempts.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/http_client.h"
#include "web/http.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;

using Fields = std::vector<std::pair<std::string, std::string>>;

constexpr UnixSeconds kFriday20250926 = 1758852000;  // 10:00 in China

ServerConfig BehindProxy() {
  ServerConfig s;
  s.trusted_proxies = {*ParseIpRange("127.0.0.1/32")};
  return s;
}

struct PublicForm {
  const char* path;
  const char* setting;
  const char* table;
  Fields fields;
};

const std::vector<PublicForm>& Forms() {
  static const std::vector<PublicForm> kForms = {
      {"/apply", "limit_apply", "applications",
       {{"applicant_type", "natural"}, {"name", "张三"}, {"id_type", "居民身份证"},
        {"id_number", "11010519491231002X"}, {"phone", "13812345678"}, {"info_title", "加装电梯补贴名单"},
        {"form", "electronic"}, {"delivery", "online"}, {"consent", "1"}}},
      {"/explain", "limit_explain", "explanation_requests",
       {{"name", "李四"}, {"phone", "13912345678"}, {"subject", "社区活动通知"}, {"question", "为何不予公开"}}},
      {"/correction", "limit_correction", "correction_requests",
       {{"name", "王五"}, {"phone", "13712345678"}, {"subject", "低保名单中本人住址"}, {"question", "住址应为某路5号"}}},
  };
  return kForms;
}

class PublicLimitTest : public ::testing::Test {
 protected:
  explicit PublicLimitTest(ServerConfig config = BehindProxy()) : server_(config) {
    server_.clock().Set(kFriday20250926);
  }

  // Posts `fields` to `path` with a fresh form's CSRF token, as the client
  // X-Forwarded-For names (none when empty).
  HttpResponse Post(const std::string& path, Fields fields, const std::string& forwarded_for) {
    HttpClient client = server_.Client();
    std::map<std::string, std::string> headers;
    if (!forwarded_for.empty()) headers["X-Forwarded-For"] = forwarded_for;
    auto form = client.Get(path, headers);
    fields.emplace_back("_csrf", HttpClient::CsrfFrom(form.body));
    return client.PostForm(path, fields, headers);
  }

  int64_t Rows(const std::string& table) {
    return testing::QueryInt(server_.db().db(), "SELECT COUNT(*) FROM " + table);
  }

  TestServer server_;
};

TEST_F(PublicLimitTest, EachFormRefusesAnAddressBeyondItsLimitAndStoresNothing) {
  for (const PublicForm& f : Forms()) {
    SCOPED_TRACE(f.path);
    testing::SetAgencySetting(server_.db().db(), f.setting, "2/50");
    for (int i = 0; i < 2; ++i) EXPECT_EQ(Post(f.path, f.fields, "198.51.100.1").status, 200) << i;
    ASSERT_EQ(Rows(f.table), 2);
    HttpResponse refused = Post(f.path, f.fields, "198.51.100.1");
    EXPECT_EQ(refused.status, 429);
    EXPECT_NE(refused.body.find("提交过于频繁，请于 10 分钟后再试"), std::string::npos) << refused.body.substr(0, 3000);
    EXPECT_EQ(Rows(f.table), 2) << "a refused submission creates no case";
    EXPECT_EQ(Post(f.path, f.fields, "198.51.100.2").status, 200) << "another address is not held back";
    EXPECT_EQ(Rows(f.table), 3);
    server_.clock().Advance(10 * 60);
    EXPECT_EQ(Post(f.path, f.fields, "198.51.100.1").status, 200) << "ten minutes later";
  }
}

TEST_F(PublicLimitTest, TheDailyLimitSaysHowLongToWait) {
  testing::SetAgencySetting(server_.db().db(), "limit_explain", "5/2");
  const PublicForm& explain = Forms()[1];
  EXPECT_EQ(Post(explain.path, explain.fields, "198.51.100.1").status, 200);
  server_.clock().Advance(60 * 60);
  EXPECT_EQ(Post(explain.path, explain.fields, "198.51.100.1").status, 200);
  HttpResponse refused = Post(explain.path, explain.fields, "198.51.100.1");
  EXPECT_EQ(refused.status, 429);
  EXPECT_NE(refused.body.find("请于 1380 分钟后再试"), std::string::npos) << "23 hours until the first one expires";
}

TEST_F(PublicLimitTest, FailedLookUpsOfEveryKindShareOneLimit) {
  testing::SetAgencySetting(server_.db().db(), "limit_lookup", "4/50");
  const Fields wrong_code = {{"query_code", "AAAA-BBBB-CCCC"}, {"phone", "13812345678"}};
  const char* paths[] = {"/apply/status", "/feedback/status", "/explain/status", "/correction/status"};
  for (const char* path : paths) EXPECT_EQ(Post(path, wrong_code, "198.51.100.1").status, 404) << path;
  for (const char* path : paths) {
    HttpResponse refused = Post(path, wrong_code, "198.51.100.1");
    EXPECT_EQ(refused.status, 429) << path;
    EXPECT_NE(refused.body.find("查询失败次数过多，请于 10 分钟后再试"), std::string::npos) << path;
  }
  EXPECT_EQ(Post("/apply/status", wrong_code, "198.51.100.2").status, 404) << "another address may still look up";
}

// The applicant's and the sender's downloads take a query code too: a wrong
// one counts like a failed status look-up.
TEST_F(PublicLimitTest, DownloadsWithAWrongCodeCountAsFailedLookUps) {
  testing::SetAgencySetting(server_.db().db(), "limit_lookup", "3/50");
  std::map<std::string, std::string> from = {{"X-Forwarded-For", "198.51.100.3"}};
  const char* downloads[] = {"/apply/status/letters/1/pdf", "/apply/status/files/1", "/feedback/letter"};
  for (const char* path : downloads) {
    HttpClient client = server_.Client();
    std::string csrf = HttpClient::CsrfFrom(client.Get("/apply/status", from).body);
    auto r = client.PostForm(path, {{"_csrf", csrf}, {"query_code", "AAAA-BBBB-CCCC"}, {"phone", "13812345678"}},
                             from);
    EXPECT_EQ(r.status, 404) << path;
  }
  const Fields wrong = {{"query_code", "AAAA-BBBB-CCCC"}, {"phone", "13812345678"}};
  EXPECT_EQ(Post("/apply/status", wrong, "198.51.100.3").status, 429) << "three failed downloads used the limit";
  EXPECT_EQ(Post("/apply/status", wrong, "198.51.100.4").status, 404);
}

TEST_F(PublicLimitTest, ARightCodeIsNotCountedButIsRefusedOnceTheAddressIsBlocked) {
  testing::SetAgencySetting(server_.db().db(), "limit_lookup", "2/50");
  const PublicForm& apply = Forms()[0];
  HttpResponse receipt = Post(apply.path, apply.fields, "198.51.100.9");
  ASSERT_EQ(receipt.status, 200);
  const std::string marker = "id=\"query-code\">";
  size_t at = receipt.body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const Fields right = {{"query_code", receipt.body.substr(at + marker.size(), 14)}, {"phone", "13812345678"}};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Post("/apply/status", right, "198.51.100.1").status, 200) << i;
  const Fields wrong = {{"query_code", "AAAA-BBBB-CCCC"}, {"phone", "13812345678"}};
  for (int i = 0; i < 2; ++i) EXPECT_EQ(Post("/apply/status", wrong, "198.51.100.1").status, 404) << i;
  EXPECT_EQ(Post("/apply/status", right, "198.51.100.1").status, 429) << "blocked: no more guesses, right or wrong";
  EXPECT_EQ(Post("/apply/status", right, "198.51.100.2").status, 200);
}

TEST_F(PublicLimitTest, OnlyTheRightMostUntrustedAddressOfTheChainCounts) {
  testing::SetAgencySetting(server_.db().db(), "limit_correction", "1/50");
  const PublicForm& correction = Forms()[2];
  // The client puts a made-up address in front; the proxy appends the real one.
  EXPECT_EQ(Post(correction.path, correction.fields, "10.0.0.1, 198.51.100.7").status, 200);
  EXPECT_EQ(Post(correction.path, correction.fields, "10.0.0.2, 198.51.100.7").status, 429);
  // A second trusted proxy in the chain is skipped over.
  EXPECT_EQ(Post(correction.path, correction.fields, "198.51.100.7, 127.0.0.1").status, 429);
  EXPECT_EQ(Post(correction.path, correction.fields, "198.51.100.8").status, 200);
}

class UntrustedPeerTest : public PublicLimitTest {
 protected:
  UntrustedPeerTest() : PublicLimitTest(ServerConfig{}) {}
};

TEST_F(UntrustedPeerTest, AForgedForwardedForIsIgnored) {
  testing::SetAgencySetting(server_.db().db(), "limit_explain", "1/50");
  const PublicForm& explain = Forms()[1];
  EXPECT_EQ(Post(explain.path, explain.fields, "198.51.100.1").status, 200);
  EXPECT_EQ(Post(explain.path, explain.fields, "198.51.100.2").status, 429) << "the peer counts, not the header";
  EXPECT_EQ(Post(explain.path, explain.fields, "").status, 429);
}

TEST(ClientAddressTest, PeerUnlessTrustedThenRightMostUntrusted) {
  const std::vector<IpRange> trusted = {*ParseIpRange("10.0.0.0/8"), *ParseIpRange("2001:db8::/32")};
  struct Case {
    const char* peer;
    const char* forwarded_for;
    const char* client;
  } cases[] = {
      {"192.0.2.1", "198.51.100.1", "192.0.2.1"},                 // untrusted peer: header ignored
      {"10.1.2.3", "", "10.1.2.3"},                               // trusted, no header
      {"10.1.2.3", "198.51.100.1", "198.51.100.1"},               // one proxy
      {"10.1.2.3", "6.6.6.6, 198.51.100.1", "198.51.100.1"},      // forged left part
      {"10.1.2.3", "198.51.100.1, 10.9.9.9", "198.51.100.1"},     // two proxies
      {"10.1.2.3", "10.2.2.2, 10.9.9.9", "10.2.2.2"},             // all trusted: the left-most
      {"10.1.2.3", "junk, 10.9.9.9", "10.9.9.9"},                 // junk: the last vouched address
      {"10.1.2.3", " 198.51.100.1 ", "198.51.100.1"},             // spaces
      {"::ffff:10.1.2.3", "::ffff:198.51.100.1", "198.51.100.1"},  // IPv4-mapped
      {"2001:db8::5", "2001:DB8:1::1, 2001:0db9::1", "2001:db9::1"},
      {"unknown", "198.51.100.1", "unknown"},
  };
  for (const Case& c : cases) {
    Request req;
    req.remote_ip = c.peer;
    if (*c.forwarded_for) req.headers["x-forwarded-for"] = c.forwarded_for;
    EXPECT_EQ(ClientAddress(req, trusted), c.client) << c.peer << " / " << c.forwarded_for;
  }
  EXPECT_FALSE(ParseIpRange("10.0.0.0/33").ok());
  EXPECT_FALSE(ParseIpRange("10.0.0/8").ok());
  EXPECT_FALSE(ParseIpRange("example.org").ok());
  EXPECT_EQ(ParseIpRange("nginx").status().message(), "\"nginx\" is not an IP address or CIDR range");
}

TEST(LoginRaceHttpTest, TwentyParallelWrongPasswordsGetAtMostTheLimitEvaluated) {
  TestServer server;
  const int limit = server.config().security.login_max_failures;
  constexpr int kAttempts = 20;
  std::atomic<int> wrong{0}, throttled{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i) {
    threads.emplace_back([&, i] {
      HttpClient c = server.Client();
      std::string token = HttpClient::CsrfFrom(c.Get("/staff/login").body);
      std::string body = "{\"username\":\"clerk\",\"password\":\"wrong-" + std::to_string(i) + "\"}";
      int status = c.Send("POST", "/api/v1/session", body,
                          {{"Content-Type", "application/json"}, {"X-CSRF-Token", token}})
                       .status;
      (status == 401 ? wrong : status == 429 ? throttled : other)++;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(wrong.load(), limit) << "no more wrong-password answers than the limit";
  EXPECT_EQ(throttled.load(), kAttempts - limit);
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT COUNT(*) FROM login_attempts WHERE username = 'clerk'"), limit);
}

}  // namespace
}  // namespace gk::web
