// The portal home (/) as a visitor sees it: the latest published items, the
// catalog's top categories with their counts, the latest annual report, the
// application entry with its time limit, the feed and the search box; and
// on an agency that has published nothing, empty states saying what will
// appear there.
#include <gtest/gtest.h>

#include "disclosure/reference.h"
#include "support/http_client.h"
#include "support/published.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

constexpr UnixSeconds kMonday20260302 = 1772424000;  // 2026-03-02, 12:00 in Shanghai

// The number shown for catalog category `name` on the home page, or -1.
int CountOn(const std::string& html, const std::string& name) {
  std::string marker = "<span>" + name + "</span> <span class=\"count\">";
  size_t p = html.find(marker);
  if (p == std::string::npos) return -1;
  return std::atoi(html.c_str() + p + marker.size());
}

TEST(PortalHomeTest, ABareAgencySaysWhatWillAppearInEachColumn) {
  TestServer server;
  HttpClient visitor = server.Client();
  auto home = visitor.Get("/");
  ASSERT_EQ(home.status, 200);
  for (const char* s : {"本机关尚未主动公开政府信息，发布后将在此显示最新公开的信息。",
                        "本机关尚未发布政府信息公开工作年度报告，发布后将在此显示最新一年的报告。",
                        "20 个工作日内予以答复", "延长的期限最长不超过 20 个工作日", "第三十三条",
                        "href=\"/apply\"", "href=\"/feed.xml\"", "action=\"/search\"", "<label for=\"homeq\">"}) {
    EXPECT_NE(home.body.find(s), std::string::npos) << s;
  }
  EXPECT_EQ(CountOn(home.body, "政策文件"), 0) << "every top category is an entry point, with 0";
  EXPECT_EQ(CountOn(home.body, "重点领域信息"), 0);
  EXPECT_EQ(CountOn(home.body, "行政规范性文件"), -1) << "sub-categories are reached through the catalog";
  EXPECT_EQ(home.body.find("news-list"), std::string::npos) << "no empty list";
}

TEST(PortalHomeTest, ShowsTheLatestItemsCountsPerTopCategoryAndTheLatestReport) {
  TestServer server;
  server.clock().Set(kMonday20260302);
  auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
  ASSERT_TRUE(ref.ok());
  auto key = accounts::LoadDataKey(server.config().security);
  ASSERT_TRUE(key.ok());
  accounts::Context ctx{server.db().db(), server.clock(), server.config().security, &*key, GK_SOURCE_DIR};
  int64_t agency = testing::QueryInt(server.db().db(), "SELECT id FROM agencies ORDER BY id LIMIT 1");

  // Nine items, one a minute: six 政策文件 (in two sub-categories), two in a
  // 重点领域, one 通知公告 (a top category without sub-categories).
  std::vector<std::pair<std::string, std::string>> published = {
      {"0201", "关于印发静安寺街道社区微更新项目管理办法的通知"}, {"0202", "静安寺街道2026年工作要点"},
      {"0203", "《社区微更新项目管理办法》政策解读"},           {"0601", "2026年第一季度社会救助资金发放情况"},
      {"0202", "静安寺街道关于做好春节期间安全工作的通知"},     {"0607", "愚园路123弄加装电梯项目公示"},
      {"0201", "静安寺街道关于规范居民区议事会工作的若干意见"}, {"07", "关于2026年春节假期办事时间的公告"},
      {"0202", "静安寺街道2026年为民办实事项目安排"},
  };
  std::vector<int64_t> ids;
  for (const auto& [code, title] : published) {
    server.clock().Advance(60);
    ids.push_back(testing::PublishThroughChain(ctx, *ref, agency, code, title, "2026-02-27", "正文：" + title));
  }
  ASSERT_EQ(ids.size(), 9u);

  HttpClient visitor = server.Client();
  auto home = visitor.Get("/");
  ASSERT_EQ(home.status, 200);
  size_t list = home.body.find("<ul class=\"news-list\">");
  ASSERT_NE(list, std::string::npos);
  std::string latest = home.body.substr(list, home.body.find("</ul>", list) - list);
  // The eight newest, newest first, each linked, dated, without 索引号.
  size_t last = 0;
  for (int i = 8; i >= 1; --i) {
    std::string link = "<a href=\"/items/" + std::to_string(ids[i]) + "\">" + published[i].second + "</a>";
    size_t at = latest.find(link);
    EXPECT_NE(at, std::string::npos) << link;
    EXPECT_GT(at, last) << "newest first: " << published[i].second;
    last = at;
  }
  EXPECT_EQ(latest.find(published[0].second), std::string::npos) << "only the eight newest";
  EXPECT_NE(latest.find("<time datetime=\"2026-03-02\">2026-03-02</time>"), std::string::npos);
  EXPECT_EQ(latest.find("索引号"), std::string::npos);

  EXPECT_EQ(CountOn(home.body, "政策文件"), 6);
  EXPECT_EQ(CountOn(home.body, "重点领域信息"), 2);
  EXPECT_EQ(CountOn(home.body, "通知公告"), 1);
  EXPECT_EQ(CountOn(home.body, "财政信息"), 0);
  EXPECT_NE(home.body.find("已主动公开 <strong>9</strong> 条"), std::string::npos);
  EXPECT_EQ(home.body.find("本机关尚未主动公开政府信息"), std::string::npos);

  // A category link leads to the catalog page, which lists the same number.
  int64_t policy = testing::QueryInt(server.db().db(), "SELECT id FROM catalog_categories WHERE code = '02'");
  EXPECT_NE(home.body.find("href=\"/catalog?category=" + std::to_string(policy) + "\""), std::string::npos);
  EXPECT_NE(visitor.Get("/catalog?category=" + std::to_string(policy)).body.find("共 6 条"), std::string::npos);

  // The 政策解读 links to the policy it explains, and the policy's page to
  // its 解读 (found by the index on the policy, published ones only).
  ASSERT_EQ(testing::QueryInt(server.db().db(), "SELECT COUNT(*) FROM items WHERE id = ? AND interprets_item_id IS NULL",
                              {ids[2]}),
            1);
  int64_t draft = testing::QueryInt(server.db().db(), "SELECT MIN(id) FROM items WHERE state <> 'published'");
  ASSERT_GT(draft, 0);
  ASSERT_TRUE(server.db().db().Transact([&](store::Tx& tx) {
    return tx.Exec("UPDATE items SET interprets_item_id = ? WHERE id IN (?, ?)", {ids[0], ids[2], draft}).status();
  }).ok());
  auto policy_page = visitor.Get("/items/" + std::to_string(ids[0]));
  ASSERT_EQ(policy_page.status, 200);
  EXPECT_NE(policy_page.body.find("<strong>政策解读：</strong><a href=\"/items/" + std::to_string(ids[2]) + "\">" +
                                  published[2].second + "</a>"),
            std::string::npos);
  EXPECT_EQ(policy_page.body.find("/items/" + std::to_string(draft) + "\""), std::string::npos)
      << "an unpublished 解读 is not linked";

  // The 2025 annual report, once the 公开办 publishes it.
  HttpClient office = server.LoggedIn("office");
  std::string csrf = HttpClient::CsrfFrom(office.Get("/staff/reports/annual?year=2025").body);
  EXPECT_EQ(office.PostForm("/staff/reports/annual/2025", {{"_csrf", csrf}, {"overview", "2025年总体情况。"}}).status,
            303);
  EXPECT_EQ(office.PostForm("/staff/reports/annual/2025/publish", {{"_csrf", csrf}}).status, 303);
  home = visitor.Get("/");
  EXPECT_NE(home.body.find("<a href=\"/reports/2025\">静安寺街道办事处2025年政府信息公开工作年度报告</a>"),
            std::string::npos);
  EXPECT_NE(home.body.find("发布日期：2026-03-02"), std::string::npos);
  EXPECT_EQ(home.body.find("本机关尚未发布政府信息公开工作年度报告"), std::string::npos);
}

}  // namespace
}  // namespace gk::web
