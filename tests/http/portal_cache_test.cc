// The portal's caches over HTTP (docs/architecture.md, "The portal's
// caches"): a visitor's second GET of a public page is served from the
// rendered-page cache (X-Cache: hit); a publication, withdrawal or settings
// change shows at once, on the agency's pages and on the district's; public
// pages carry Cache-Control: public and an ETag and answer If-None-Match
// with 304; no cookie unless the page has a form; staff pages and pages seen
// with a session are never cached nor public; attachments answer byte
// ranges; the sitemap is an index of bounded files.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <regex>
#include <set>
#include <thread>

#include "accounts/agencies.h"
#include "accounts/platform.h"
#include "disclosure/items.h"
#include "disclosure/reference.h"
#include "support/http_client.h"
#include "support/published.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;

class PortalCacheTest : public ::testing::Test {
 protected:
  explicit PortalCacheTest(ServerConfig cfg = {}) : server_(cfg) {}

  void SetUp() override {
    auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
    ASSERT_TRUE(ref.ok());
    ref_.emplace(std::move(*ref));
    auto key = accounts::LoadDataKey(server_.config().security);
    ASSERT_TRUE(key.ok());
    key_.emplace(std::move(*key));
    agency_ = testing::QueryInt(server_.db().db(), "SELECT id FROM agencies WHERE code = 'jingansi'");
    ASSERT_GT(agency_, 0);
  }

  accounts::Context Ctx() {
    return accounts::Context{server_.db().db(), server_.clock(), server_.config().security, &*key_, GK_SOURCE_DIR};
  }
  // Published through the review chain by the services, not over HTTP:
  // the change is this process's own (accounts::TouchPortal counts it), so
  // it shows at once however long the server trusts the counters it read.
  int64_t Publish(const std::string& title,
                  const std::vector<std::pair<std::string, std::string>>& attachments = {}) {
    server_.clock().Advance(60);
    return testing::PublishThroughChain(Ctx(), *ref_, agency_, "0201", title, "2026-02-27", "正文：" + title,
                                        attachments);
  }
  void Withdraw(int64_t id) {
    disclosure::ActionInput in;
    in.reason = "内容需更新";
    Status s = disclosure::Items(Ctx(), *ref_).Act(testing::DemoUser(Ctx(), agency_, "office"), id,
                                                   disclosure::Action::kWithdraw, in);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  void SaveSetting(const std::string& key, const std::string& value) {
    auto settings = accounts::LoadSettings(server_.db().db(), agency_);
    ASSERT_TRUE(settings.ok());
    std::map<std::string, std::string> editable;
    for (const auto& info : accounts::AgencySettingKeys()) {
      if (settings->count(info.key)) editable[info.key] = settings->at(info.key);
    }
    editable[key] = value;
    Status s = accounts::SaveSettings(Ctx(), testing::DemoUser(Ctx(), agency_, "admin"), editable);
    ASSERT_TRUE(s.ok()) << s.message();
  }

  TestServer server_;
  std::optional<disclosure::ReferenceData> ref_;
  std::optional<DataKey> key_;
  int64_t agency_ = 0;
};

TEST_F(PortalCacheTest, ASecondGetIsServedFromTheCacheWithTheSameBytes) {
  HttpClient visitor = server_.Client();
  for (const char* path : {"/", "/guide", "/catalog", "/supervision", "/search?q=%E9%80%9A%E7%9F%A5"}) {
    HttpResponse first = visitor.Get(path);
    ASSERT_EQ(first.status, 200) << path;
    EXPECT_EQ(first.Header("x-cache"), "miss") << path;
    HttpResponse second = visitor.Get(path);
    ASSERT_EQ(second.status, 200) << path;
    EXPECT_EQ(second.Header("x-cache"), "hit") << path;
    EXPECT_EQ(second.body, first.body) << path;
    EXPECT_EQ(second.Header("etag"), first.Header("etag")) << path;
    EXPECT_EQ(second.Header("cache-control"), "public, max-age=60") << path;
    EXPECT_EQ(second.Header("vary"), "Cookie") << path;
    EXPECT_EQ(second.Header("content-type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(second.Header("x-frame-options"), "DENY") << "security headers on hits too";
  }
  // A query is part of the key.
  EXPECT_EQ(visitor.Get("/catalog?year=2025").Header("x-cache"), "miss");
  EXPECT_EQ(visitor.Get("/catalog?year=2025").Header("x-cache"), "hit");
  // Nothing of the visitor: no cookie was ever set.
  EXPECT_TRUE(visitor.cookies().empty());
}

TEST_F(PortalCacheTest, PublicationAndWithdrawalShowAtOnce) {
  HttpClient visitor = server_.Client();
  int64_t first = Publish("静安寺街道关于开展社区微更新的通知");
  for (const char* path : {"/", "/catalog", "/feed.xml"}) {
    visitor.Get(path);
    ASSERT_EQ(visitor.Get(path).Header("x-cache"), "hit") << path;
  }
  std::string item_path = "/items/" + std::to_string(first);
  visitor.Get(item_path);
  ASSERT_EQ(visitor.Get(item_path).Header("x-cache"), "hit");

  int64_t second = Publish("静安寺街道2026年为民办实事项目安排");
  for (const char* path : {"/", "/catalog", "/feed.xml"}) {
    HttpResponse r = visitor.Get(path);
    EXPECT_EQ(r.Header("x-cache"), "miss") << path;
    EXPECT_NE(r.body.find("静安寺街道2026年为民办实事项目安排"), std::string::npos) << path;
  }
  EXPECT_EQ(visitor.Get("/search?q=" + UrlEncode("为民办实事")).body.find("/items/" + std::to_string(second)) ==
                std::string::npos,
            false);

  Withdraw(first);
  for (const char* path : {"/", "/catalog", "/feed.xml"}) {
    EXPECT_EQ(visitor.Get(path).body.find("静安寺街道关于开展社区微更新的通知"), std::string::npos) << path;
  }
  EXPECT_EQ(visitor.Get(item_path).status, 404) << "the withdrawn item's cached page is gone";
}

TEST_F(PortalCacheTest, WritesThePortalDoesNotShowKeepTheCache) {
  Publish("静安寺街道关于开展社区微更新的通知");
  HttpClient visitor = server_.Client();
  visitor.Get("/");
  int64_t before = testing::QueryInt(server_.db().db(),
                                     "SELECT generation FROM portal_generations WHERE agency_id = " +
                                         std::to_string(agency_));
  // A staff sign-in (a session row) and an application from a visitor.
  HttpClient office = server_.LoggedIn("office");
  ASSERT_EQ(office.Get("/staff").status, 200);
  HttpClient applicant = server_.Client();
  std::string csrf = HttpClient::CsrfFrom(applicant.Get("/apply").body);
  ASSERT_FALSE(csrf.empty());
  HttpResponse filed = applicant.PostForm(
      "/apply", {{"applicant_type", "natural"}, {"name", "张三"}, {"id_type", "居民身份证"},
                 {"id_number", "11010519491231002X"}, {"phone", "13812345678"}, {"email", "zs@example.org"},
                 {"info_title", "加装电梯补贴名单"}, {"form", "electronic"}, {"delivery", "online"},
                 {"consent", "1"}, {"_csrf", csrf}});
  ASSERT_EQ(filed.status, 200) << filed.body.substr(0, 2000);
  ASSERT_EQ(testing::QueryInt(server_.db().db(), "SELECT COUNT(*) FROM applications"), 1);
  EXPECT_EQ(testing::QueryInt(server_.db().db(), "SELECT generation FROM portal_generations WHERE agency_id = " +
                                                     std::to_string(agency_)),
            before);
  EXPECT_EQ(visitor.Get("/").Header("x-cache"), "hit");
}

TEST_F(PortalCacheTest, SettingsChangesShowAtOnceAndSetTheMaxAge) {
  HttpClient visitor = server_.Client();
  visitor.Get("/guide");
  ASSERT_EQ(visitor.Get("/guide").Header("x-cache"), "hit");
  SaveSetting("phone", "021-62470001");
  HttpResponse guide = visitor.Get("/guide");
  EXPECT_EQ(guide.Header("x-cache"), "miss");
  EXPECT_NE(guide.body.find("021-62470001"), std::string::npos);
  EXPECT_EQ(guide.Header("cache-control"), "public, max-age=60");

  SaveSetting("portal_max_age", "300");
  EXPECT_EQ(visitor.Get("/guide").Header("cache-control"), "public, max-age=300");
  SaveSetting("portal_max_age", "0");
  HttpResponse revalidate = visitor.Get("/guide");
  EXPECT_EQ(revalidate.Header("cache-control"), "no-cache");
  EXPECT_FALSE(revalidate.Header("etag").empty());

  auto settings = accounts::LoadSettings(server_.db().db(), agency_);
  ASSERT_TRUE(settings.ok());
  (*settings)["portal_max_age"] = "一分钟";
  std::map<std::string, std::string> editable;
  for (const auto& info : accounts::AgencySettingKeys()) editable[info.key] = (*settings)[info.key];
  Status bad = accounts::SaveSettings(Ctx(), testing::DemoUser(Ctx(), agency_, "admin"), editable);
  EXPECT_EQ(bad.code(), Code::kInvalidArgument);
}

TEST_F(PortalCacheTest, IfNoneMatchIsAnsweredWithNotModified) {
  HttpClient visitor = server_.Client();
  for (int round = 0; round < 2; ++round) {  // a miss, then a hit
    HttpResponse page = visitor.Get("/catalog");
    std::string etag = page.Header("etag");
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(etag.front(), '"') << "a strong tag";
    HttpResponse same = visitor.Get("/catalog", {{"If-None-Match", etag}});
    EXPECT_EQ(same.status, 304);
    EXPECT_TRUE(same.body.empty());
    EXPECT_EQ(same.Header("etag"), etag);
    EXPECT_EQ(visitor.Get("/catalog", {{"If-None-Match", "\"other\", W/" + etag}}).status, 304);
    EXPECT_EQ(visitor.Get("/catalog", {{"If-None-Match", "\"other\""}}).status, 200);
  }
  std::string old_tag = visitor.Get("/").Header("etag");
  Publish("静安寺街道关于开展社区微更新的通知");
  HttpResponse changed = visitor.Get("/", {{"If-None-Match", old_tag}});
  EXPECT_EQ(changed.status, 200) << "a new page, a new tag";
  EXPECT_NE(changed.Header("etag"), old_tag);
}

TEST_F(PortalCacheTest, OnlyPagesWithAFormSetTheVisitorCookie) {
  for (const char* path : {"/", "/guide", "/catalog", "/search?q=x", "/feed.xml"}) {
    HttpClient visitor = server_.Client();
    HttpResponse r = visitor.Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.Header("set-cookie"), "") << path;
  }
  for (const char* path : {"/apply", "/feedback", "/apply/status", "/staff/login"}) {
    HttpClient visitor = server_.Client();
    HttpResponse r = visitor.Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.Header("set-cookie").rfind("gk_csrf=", 0), 0u) << path;
    EXPECT_EQ(r.Header("cache-control"), "no-store") << path;
    EXPECT_EQ(r.Header("etag"), "") << path;
    // A visitor who has the cookie already gets the form, still not public.
    HttpResponse again = visitor.Get(path);
    EXPECT_EQ(again.Header("set-cookie"), "") << path;
    EXPECT_EQ(again.Header("cache-control"), "no-store") << path;
  }
  // A POST without the cookie is still refused.
  HttpClient fresh = server_.Client();
  HttpResponse refused = fresh.PostForm("/feedback", {{"_csrf", "0123456789abcdef0123456789abcdef"},
                                                       {"kind", "suggestion"}, {"content", "建议"}});
  EXPECT_EQ(refused.status, 403);
}

TEST_F(PortalCacheTest, StaffPagesAndSessionsAreNeverCachedNorPublic) {
  HttpClient visitor = server_.Client();
  visitor.Get("/");
  ASSERT_EQ(visitor.Get("/").Header("x-cache"), "hit");
  HttpClient office = server_.LoggedIn("office");
  for (const char* path : {"/staff", "/staff/items", "/", "/guide", "/catalog"}) {
    for (int round = 0; round < 2; ++round) {
      HttpResponse r = office.Get(path);
      ASSERT_EQ(r.status, 200) << path;
      EXPECT_EQ(r.Header("cache-control"), "no-store") << path;
      EXPECT_EQ(r.Header("etag"), "") << path;
      EXPECT_EQ(r.Header("x-cache"), "") << path;
      EXPECT_NE(r.body.find("/staff/logout"), std::string::npos) << path << ": the page of this user";
    }
  }
  // A visitor's page never shows a user.
  EXPECT_EQ(visitor.Get("/").body.find("/staff/logout"), std::string::npos);
}

TEST_F(PortalCacheTest, AttachmentsAnswerRangesAndRevalidation) {
  std::string bytes;
  for (int i = 0; i < 100; ++i) bytes += "第" + std::to_string(i) + "行：社区微更新项目资金安排。\n";
  int64_t id = Publish("静安寺街道社区微更新项目资金安排", {{"资金安排.txt", bytes}});
  ASSERT_GT(id, 0);
  HttpClient visitor = server_.Client();
  auto item = visitor.Get("/items/" + std::to_string(id));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(item.body, m, std::regex("href=\"(/items/[0-9]+/attachments/[0-9]+)\"")));
  const std::string path = m[1];
  for (int round = 0; round < 2; ++round) {  // a miss, then a hit
    HttpResponse whole = visitor.Get(path);
    ASSERT_EQ(whole.status, 200);
    EXPECT_EQ(whole.body, bytes);
    EXPECT_EQ(whole.Header("accept-ranges"), "bytes");
    EXPECT_EQ(whole.Header("cache-control"), "public, max-age=60");
    EXPECT_NE(whole.Header("content-disposition").find("attachment"), std::string::npos);
    std::string etag = whole.Header("etag");
    ASSERT_FALSE(etag.empty());

    HttpResponse part = visitor.Get(path, {{"Range", "bytes=3-12"}});
    EXPECT_EQ(part.status, 206);
    EXPECT_EQ(part.body, bytes.substr(3, 10));
    EXPECT_EQ(part.Header("content-range"), "bytes 3-12/" + std::to_string(bytes.size()));
    HttpResponse tail = visitor.Get(path, {{"Range", "bytes=-5"}});
    EXPECT_EQ(tail.status, 206);
    EXPECT_EQ(tail.body, bytes.substr(bytes.size() - 5));
    HttpResponse open = visitor.Get(path, {{"Range", "bytes=100-"}});
    EXPECT_EQ(open.status, 206);
    EXPECT_EQ(open.body, bytes.substr(100));
    HttpResponse beyond = visitor.Get(path, {{"Range", "bytes=" + std::to_string(bytes.size()) + "-"}});
    EXPECT_EQ(beyond.status, 416);
    EXPECT_EQ(beyond.Header("content-range"), "bytes */" + std::to_string(bytes.size()));
    EXPECT_TRUE(beyond.body.empty());
    EXPECT_EQ(visitor.Get(path, {{"Range", "bytes=0-1,5-6"}}).status, 200) << "several ranges: the whole file";
    EXPECT_EQ(visitor.Get(path, {{"Range", "bytes=0-1"}, {"If-Range", "\"stale\""}}).status, 200);
    EXPECT_EQ(visitor.Get(path, {{"Range", "bytes=0-1"}, {"If-Range", etag}}).status, 206);
    EXPECT_EQ(visitor.Get(path, {{"If-None-Match", etag}}).status, 304);
  }
  Withdraw(id);
  EXPECT_EQ(visitor.Get(path).status, 404);
}

// A large attachment (64 KiB and more) is kept in a sealed memory file and
// sent with sendfile(2) on every hit: the very bytes, whole and by range,
// on a second fetch, for HEAD and If-None-Match, on a kept-alive connection
// followed by another request; and gone (404) once the item is withdrawn.
TEST_F(PortalCacheTest, ALargeCachedAttachmentIsSentWholeAndByRangeFromItsFile) {
  std::string bytes;
  for (int i = 0; bytes.size() < 1200 * 1024; ++i) bytes += "第" + std::to_string(i) + "行：社区微更新项目资金安排明细。\n";
  int64_t id = Publish("静安寺街道社区微更新项目资金明细", {{"资金明细.txt", bytes}});
  ASSERT_GT(id, 0);
  HttpClient visitor = server_.Client();
  auto item = visitor.Get("/items/" + std::to_string(id));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(item.body, m, std::regex("href=\"(/items/[0-9]+/attachments/[0-9]+)\"")));
  const std::string path = m[1];
  const std::string size = std::to_string(bytes.size());

  HttpResponse miss = visitor.Get(path);
  ASSERT_EQ(miss.status, 200);
  EXPECT_EQ(miss.Header("x-cache"), "miss");
  EXPECT_TRUE(miss.body == bytes);
  const std::string etag = miss.Header("etag");
  ASSERT_FALSE(etag.empty());
  for (int round = 0; round < 2; ++round) {  // hits, twice
    HttpResponse whole = visitor.Get(path);
    ASSERT_EQ(whole.status, 200);
    EXPECT_EQ(whole.Header("x-cache"), "hit");
    EXPECT_EQ(whole.Header("content-length"), size);
    EXPECT_EQ(whole.Header("etag"), etag);
    EXPECT_EQ(whole.Header("accept-ranges"), "bytes");
    EXPECT_NE(whole.Header("content-disposition").find("attachment"), std::string::npos);
    EXPECT_TRUE(whole.body == bytes) << "the hit sent " << whole.body.size() << " of " << bytes.size() << " bytes";

    HttpResponse part = visitor.Get(path, {{"Range", "bytes=70000-700000"}});
    EXPECT_EQ(part.status, 206);
    EXPECT_EQ(part.Header("x-cache"), "hit");
    EXPECT_EQ(part.Header("content-range"), "bytes 70000-700000/" + size);
    EXPECT_EQ(part.Header("content-length"), "630001");
    EXPECT_TRUE(part.body == bytes.substr(70000, 630001));
    HttpResponse tail = visitor.Get(path, {{"Range", "bytes=-5"}});
    EXPECT_EQ(tail.status, 206);
    EXPECT_EQ(tail.body, bytes.substr(bytes.size() - 5));
    HttpResponse open = visitor.Get(path, {{"Range", "bytes=1000000-"}});
    EXPECT_EQ(open.status, 206);
    EXPECT_TRUE(open.body == bytes.substr(1000000));
    HttpResponse beyond = visitor.Get(path, {{"Range", "bytes=" + size + "-"}});
    EXPECT_EQ(beyond.status, 416);
    EXPECT_EQ(beyond.Header("content-range"), "bytes */" + size);
    EXPECT_TRUE(beyond.body.empty());
    EXPECT_EQ(visitor.Get(path, {{"Range", "bytes=0-1"}, {"If-Range", "\"stale\""}}).body.size(), bytes.size());
    HttpResponse not_modified = visitor.Get(path, {{"If-None-Match", etag}});
    EXPECT_EQ(not_modified.status, 304);
    EXPECT_TRUE(not_modified.body.empty());
    HttpResponse head = visitor.Send("HEAD", path, "", {});
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.Header("content-length"), size);
    EXPECT_TRUE(head.body.empty());
  }

  // Kept alive: the file's bytes, then the next answer on the same connection.
  const std::string host = "Host: 127.0.0.1:" + std::to_string(server_.port()) + "\r\n";
  std::string raw = visitor.Raw("GET " + path + " HTTP/1.1\r\n" + host + "\r\nGET " + path + " HTTP/1.1\r\n" + host +
                                "Range: bytes=10-19\r\nConnection: close\r\n\r\n");
  size_t first_end = raw.find("\r\n\r\n");
  ASSERT_NE(first_end, std::string::npos);
  EXPECT_EQ(raw.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_NE(raw.substr(0, first_end).find("Content-Length: " + size), std::string::npos);
  ASSERT_GE(raw.size(), first_end + 4 + bytes.size());
  EXPECT_TRUE(raw.compare(first_end + 4, bytes.size(), bytes) == 0);
  std::string second = raw.substr(first_end + 4 + bytes.size());
  EXPECT_EQ(second.rfind("HTTP/1.1 206", 0), 0u) << second.substr(0, 200);
  size_t second_end = second.find("\r\n\r\n");
  ASSERT_NE(second_end, std::string::npos);
  EXPECT_EQ(second.substr(second_end + 4), bytes.substr(10, 10));

  Withdraw(id);
  EXPECT_EQ(visitor.Get(path).status, 404) << "the withdrawn item's cached file is not served";
  EXPECT_EQ(visitor.Get(path, {{"Range", "bytes=0-9"}}).status, 404);
}

// Without the rendered-page cache every catalog page is rendered, but its
// categories and per-category counts are kept per agency generation
// (web::PortalMemo): a publication and a withdrawal change them on the next
// render; a change made behind the process's back (another node) shows once
// the counters are read again (portal_recheck_ms 0: on the next request),
// and not before the counter moves.
class PortalUncachedTest : public PortalCacheTest {
 protected:
  static ServerConfig Config() {
    ServerConfig cfg;
    cfg.page_cache_mb = 0;
    cfg.portal_recheck_ms = 0;
    return cfg;
  }
  PortalUncachedTest() : PortalCacheTest(Config()) {}

  struct Figures {
    int64_t category = -1;  // the count beside the category
    int64_t total = -1;     // "共 N 条"
  };
  Figures CatalogFigures(HttpClient& visitor, int64_t category_id, const std::string& query = "") {
    HttpResponse r = visitor.Get("/catalog" + query);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("x-cache"), "") << "nothing is cached";
    Figures f;
    std::smatch m;
    if (std::regex_search(r.body, m,
                          std::regex("category=" + std::to_string(category_id) +
                                     "\"[^>]*><span>[^<]*</span><span class=\"count\">([0-9]+)</span>"))) {
      f.category = std::stoll(m[1]);
    }
    if (std::regex_search(r.body, m, std::regex("共 ([0-9]+) 条"))) f.total = std::stoll(m[1]);
    return f;
  }
  // The home's "total published" figure, from the same kept counts.
  int64_t HomeTotal(HttpClient& visitor) {
    HttpResponse r = visitor.Get("/");
    EXPECT_EQ(r.status, 200);
    std::smatch m;
    return std::regex_search(r.body, m, std::regex("<strong>([0-9]+)</strong>")) ? std::stoll(m[1]) : -1;
  }
};

TEST_F(PortalUncachedTest, CatalogCountsFollowPublicationsAndWithdrawals) {
  const int64_t category = testing::QueryInt(
      server_.db().db(), "SELECT id FROM catalog_categories WHERE agency_id = " + std::to_string(agency_) +
                             " AND code = '0201'");
  ASSERT_GT(category, 0);
  HttpClient visitor = server_.Client();
  const Figures before = CatalogFigures(visitor, category);
  ASSERT_GE(before.category, 0);
  ASSERT_GE(before.total, before.category);
  const Figures in_category = CatalogFigures(visitor, category, "?category=" + std::to_string(category));
  EXPECT_EQ(CatalogFigures(visitor, category).total, before.total) << "read again: the same figures";
  EXPECT_EQ(HomeTotal(visitor), before.total);

  int64_t id = Publish("静安寺街道关于开展社区微更新的通知");
  Figures published = CatalogFigures(visitor, category);
  EXPECT_EQ(published.category, before.category + 1);
  EXPECT_EQ(published.total, before.total + 1);
  EXPECT_EQ(CatalogFigures(visitor, category, "?category=" + std::to_string(category)).total, in_category.total + 1);
  EXPECT_EQ(HomeTotal(visitor), before.total + 1);

  Withdraw(id);
  Figures withdrawn = CatalogFigures(visitor, category);
  EXPECT_EQ(withdrawn.category, before.category);
  EXPECT_EQ(withdrawn.total, before.total);
  EXPECT_EQ(HomeTotal(visitor), before.total);

  // Another node's withdrawal: the row changes, and its transaction
  // increments the counters (as TouchPortal does).
  int64_t other = Publish("静安寺街道2026年为民办实事项目安排");
  ASSERT_EQ(CatalogFigures(visitor, category).category, before.category + 1);
  Status s = server_.db().db().Transact([&](store::Tx& tx) -> Status {
    return tx.Exec("UPDATE publications SET withdrawn_at = '2026-03-01T00:00:00Z', withdraw_reason = '内容需更新' "
                   "WHERE item_id = ? AND withdrawn_at IS NULL", {other}).status();
  });
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(CatalogFigures(visitor, category).category, before.category + 1)
      << "kept while the counter has not moved";
  s = server_.db().db().Transact([&](store::Tx& tx) -> Status {
    return tx.Exec("UPDATE portal_generations SET generation = generation + 1 WHERE agency_id IN (0, ?)", {agency_})
        .status();
  });
  ASSERT_TRUE(s.ok()) << s.message();
  Figures elsewhere = CatalogFigures(visitor, category);
  EXPECT_EQ(elsewhere.category, before.category);
  EXPECT_EQ(elsewhere.total, before.total);
  EXPECT_EQ(HomeTotal(visitor), before.total);
}

// A change committed elsewhere — another node, or `gongkai import items` in
// another process — is seen only through the counters in the database:
// here incremented with SQL, which this process does not count.
class PortalRecheckTest : public PortalCacheTest {
 protected:
  static ServerConfig Config(int recheck_ms) {
    ServerConfig cfg;
    cfg.portal_recheck_ms = recheck_ms;
    return cfg;
  }
  explicit PortalRecheckTest(int recheck_ms = 1000) : PortalCacheTest(Config(recheck_ms)) {}
  void TouchElsewhere() {
    Status s = server_.db().db().Transact([&](store::Tx& tx) {
      return tx.Exec("UPDATE portal_generations SET generation = generation + 1 WHERE agency_id IN (0, ?)",
                     {agency_})
          .status();
    });
    ASSERT_TRUE(s.ok()) << s.message();
  }
};

TEST_F(PortalRecheckTest, AnotherNodesChangeShowsWithinTheRecheckTime) {
  HttpClient visitor = server_.Client();
  for (const char* path : {"/", "/catalog"}) ASSERT_EQ(visitor.Get(path).Header("x-cache"), "miss") << path;
  // The counters were read for the misses just now.
  const auto read_at = std::chrono::steady_clock::now();
  TouchElsewhere();
  HttpResponse trusted = visitor.Get("/catalog");
  if (std::chrono::steady_clock::now() - read_at < std::chrono::milliseconds(900)) {
    EXPECT_EQ(trusted.Header("x-cache"), "hit") << "the counter read less than a second ago is trusted";
  }
  std::this_thread::sleep_until(read_at + std::chrono::milliseconds(1100));
  for (const char* path : {"/", "/catalog"}) {
    EXPECT_EQ(visitor.Get(path).Header("x-cache"), "miss") << path << ": read again after the recheck time";
    EXPECT_EQ(visitor.Get(path).Header("x-cache"), "hit") << path;
  }
}

TEST_F(PortalRecheckTest, ThisNodesOwnChangeShowsAtOnce) {
  HttpClient visitor = server_.Client();
  visitor.Get("/catalog");
  ASSERT_EQ(visitor.Get("/catalog").Header("x-cache"), "hit");
  // Over HTTP, as an editor would: the settings page posts to this server.
  HttpClient admin = server_.LoggedIn("admin");
  HttpResponse form = admin.Get("/staff/admin/agency");
  ASSERT_EQ(form.status, 200);
  auto settings = accounts::LoadSettings(server_.db().db(), agency_);
  ASSERT_TRUE(settings.ok());
  std::vector<std::pair<std::string, std::string>> fields = {{"_csrf", HttpClient::CsrfFrom(form.body)}};
  for (const auto& info : accounts::AgencySettingKeys()) {
    if (settings->count(info.key)) fields.emplace_back(info.key, settings->at(info.key));
  }
  for (auto& [k, v] : fields) {
    if (k == "portal_max_age") v = "120";
  }
  if (!settings->count("portal_max_age")) fields.emplace_back("portal_max_age", "120");
  HttpResponse saved = admin.PostForm("/staff/admin/agency", fields);
  ASSERT_LT(saved.status, 400) << saved.body.substr(0, 2000);
  HttpResponse after = visitor.Get("/catalog");
  EXPECT_EQ(after.Header("x-cache"), "miss");
  EXPECT_EQ(after.Header("cache-control"), "public, max-age=120");
}

class PortalRecheckEveryTimeTest : public PortalRecheckTest {
 protected:
  PortalRecheckEveryTimeTest() : PortalRecheckTest(0) {}
};

TEST_F(PortalRecheckEveryTimeTest, ZeroReadsTheCountersOnEveryRequest) {
  HttpClient visitor = server_.Client();
  visitor.Get("/catalog");
  ASSERT_EQ(visitor.Get("/catalog").Header("x-cache"), "hit");
  TouchElsewhere();
  EXPECT_EQ(visitor.Get("/catalog").Header("x-cache"), "miss");
  EXPECT_EQ(visitor.Get("/catalog").Header("x-cache"), "hit");
}

class PortalCacheDistrictTest : public PortalCacheTest {
 protected:
  void SetUp() override {
    PortalCacheTest::SetUp();
    audit::Actor actor{std::nullopt, "test:district"};
    Status s = server_.db().db().Transact([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto d, accounts::AddAgency(tx, server_.clock(),
                                                   {"jingan", "上海市静安区人民政府", accounts::AgencyKind::kDistrict,
                                                    "", {{"address", "常德路370号"}, {"phone", "021-1"},
                                                         {"office_hours", "工作日"}}},
                                                   actor));
      return tx.Exec("UPDATE agencies SET parent_id = ?, kind = 'street' WHERE id = ?", {d.agency.id, agency_})
          .status();
    });
    ASSERT_TRUE(s.ok()) << s.message();
  }
};

TEST_F(PortalCacheDistrictTest, TheDistrictHomeAndAColumnShowAPublicationAtOnce) {
  HttpClient visitor = server_.Client();
  for (const char* path : {"/", "/jingansi/", "/catalog"}) {
    visitor.Get(path);
    ASSERT_EQ(visitor.Get(path).Header("x-cache"), "hit") << path;
  }
  ASSERT_NE(visitor.Get("/").body.find("上海市静安区人民政府"), std::string::npos) << "the district home";
  Publish("静安寺街道关于开展社区微更新的通知");
  for (const char* path : {"/", "/jingansi/", "/catalog"}) {
    HttpResponse r = visitor.Get(path);
    EXPECT_EQ(r.Header("x-cache"), "miss") << path;
    EXPECT_NE(r.body.find("静安寺街道关于开展社区微更新的通知"), std::string::npos) << path;
  }
  // The column of the district, which published nothing, keeps its page.
  visitor.Get("/jingan/");
  Publish("静安寺街道2026年工作要点");
  EXPECT_EQ(visitor.Get("/jingan/").Header("x-cache"), "hit") << "another agency's publication";
}

class SitemapTest : public PortalCacheTest {
 protected:
  static ServerConfig Config() {
    ServerConfig cfg;
    cfg.public_url = "https://xxgk.example.gov.cn";
    cfg.sitemap_urls_per_file = 2;
    return cfg;
  }
  SitemapTest() : PortalCacheTest(Config()) {}
};

TEST_F(SitemapTest, TheSitemapIsAnIndexOfBoundedFiles) {
  std::vector<int64_t> ids;
  for (const char* title : {"静安寺街道关于开展社区微更新的通知", "静安寺街道2026年工作要点",
                            "静安寺街道2026年为民办实事项目安排", "关于2026年春节假期办事时间的公告",
                            "愚园路123弄加装电梯项目公示"}) {
    ids.push_back(Publish(title));
  }
  Withdraw(ids[1]);
  HttpClient visitor = server_.Client();
  HttpResponse index = visitor.Get("/sitemap.xml");
  ASSERT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("<sitemapindex"), std::string::npos);
  EXPECT_EQ(index.Header("content-type"), "application/xml; charset=utf-8");
  std::regex loc("<loc>https://xxgk\\.example\\.gov\\.cn(/sitemaps/[a-z0-9]+\\.xml)</loc>");
  std::vector<std::string> files;
  for (std::sregex_iterator it(index.body.begin(), index.body.end(), loc), end; it != end; ++it) {
    files.push_back((*it)[1]);
  }
  ASSERT_GE(files.size(), 3u) << index.body;
  EXPECT_EQ(files.front(), "/sitemaps/pages.xml");
  std::multiset<std::string> items;
  std::regex item_loc("<loc>https://xxgk\\.example\\.gov\\.cn/items/([0-9]+)</loc><lastmod>[0-9-]{10}</lastmod>");
  for (size_t i = 1; i < files.size(); ++i) {
    HttpResponse file = visitor.Get(files[i]);
    ASSERT_EQ(file.status, 200) << files[i];
    size_t in_file = 0;
    for (std::sregex_iterator it(file.body.begin(), file.body.end(), item_loc), end; it != end; ++it, ++in_file) {
      items.insert((*it)[1]);
    }
    EXPECT_GE(in_file, 1u) << files[i] << " is listed, so it holds an address";
    EXPECT_LE(in_file, 2u) << files[i];
  }
  std::multiset<std::string> want;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i != 1) want.insert(std::to_string(ids[i]));
  }
  EXPECT_EQ(items, want) << "every live item once, the withdrawn one not";
  EXPECT_NE(visitor.Get("/sitemaps/pages.xml").body.find("<loc>https://xxgk.example.gov.cn/guide</loc>"),
            std::string::npos);
  EXPECT_EQ(visitor.Get("/sitemaps/999.xml").status, 404);
  EXPECT_EQ(visitor.Get("/sitemaps/0.xml").status, 404);
  EXPECT_EQ(visitor.Get("/sitemaps/x.xml").status, 404);
  EXPECT_EQ(visitor.Get("/sitemap.xml").Header("x-cache"), "hit");
}

}  // namespace
}  // namespace gk::web
