// Publication on other channels over HTTP: only the 公开办 releases, from the
// item page; the artifacts download; the 查阅点 index prints; a 公众号
// article is pushed to a stub gateway on "立即推送" and the answer shown;
// taking down and a portal withdrawal show on the pages and in the ledger.
#include <gtest/gtest.h>

#include "accounts/agencies.h"
#include "support/http_client.h"
#include "support/pdf_text.h"
#include "support/stub_endpoint.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

constexpr double kMm = 72.0 / 25.4;
const char kTitle[] = "静安寺街道2026年既有多层住宅加装电梯工作实施方案";

std::string ReleaseIdFrom(const testing::HttpResponse& r) {
  std::string loc = r.Header("location");
  size_t at = loc.find("/staff/channels/");
  if (at == std::string::npos) return "";
  std::string rest = loc.substr(at + 16);
  return rest.substr(0, rest.find('?'));
}

TEST(ChannelsHttpTest, OfficeReleasesToTheBoardAndAReadingPoint) {
  TestServer server;
  testing::PublishDemoItem(server);
  HttpClient clerk = server.LoggedIn("clerk");
  auto clerk_page = clerk.Get("/staff/items/1");
  ASSERT_EQ(clerk_page.status, 200);
  EXPECT_NE(clerk_page.body.find("其他渠道发布"), std::string::npos);
  EXPECT_EQ(clerk_page.body.find("id=\"release-form\""), std::string::npos) << "only the 公开办 releases";
  EXPECT_EQ(clerk.PostForm("/staff/items/1/channels", {{"_csrf", HttpClient::CsrfFrom(clerk_page.body)},
                                                       {"channel", "board"}, {"place", "公开栏"}}).status,
            403);

  HttpClient office = server.LoggedIn("office");
  auto page = office.Get("/staff/items/1");
  ASSERT_NE(page.body.find("id=\"release-form\""), std::string::npos);
  std::string csrf = HttpClient::CsrfFrom(page.body);
  EXPECT_EQ(office.PostForm("/staff/items/1/channels", {{"channel", "board"}, {"place", "公开栏"}}).status, 403)
      << "no CSRF token";
  auto blank = office.PostForm("/staff/items/1/channels", {{"_csrf", csrf}, {"channel", "board"}, {"place", " "}});
  EXPECT_EQ(blank.status, 400) << "shown at once, not through the address";
  EXPECT_NE(blank.body.find("公开栏位置不能为空"), std::string::npos);
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT count(*) FROM channel_releases"), 0);

  auto made = office.PostForm("/staff/items/1/channels", {{"_csrf", csrf}, {"channel", "board"},
                                                         {"place", "街道办事处门口<b>公开栏</b>"}, {"paper", "A3"}});
  ASSERT_EQ(made.status, 303);
  std::string rid = ReleaseIdFrom(made);
  ASSERT_FALSE(rid.empty()) << made.Header("location");
  auto release = office.Get("/staff/channels/" + rid);
  ASSERT_EQ(release.status, 200);
  EXPECT_NE(release.body.find("街道办事处门口&lt;b&gt;公开栏&lt;/b&gt;（A3 纸张）"), std::string::npos) << "escaped";
  auto pdf = clerk.Get("/staff/channels/" + rid + "/artifact");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  std::vector<testing::PdfPage> pages;
  ASSERT_TRUE(testing::ReadPdf(pdf.body, &pages));
  ASSERT_FALSE(pages.empty());
  EXPECT_NEAR(pages[0].width, 297 * kMm, 1);
  EXPECT_NE(testing::PdfText(pdf.body).find("加装电梯"), std::string::npos);
  EXPECT_EQ(server.Client().Get("/staff/channels/" + rid + "/artifact").status, 303) << "staff only";

  // A 集中查阅点 is one of the district's points (in a one-agency deployment,
  // the agency's own), set up by its 公开办 and chosen on the release form.
  auto points = office.Get("/staff/reading-points");
  ASSERT_EQ(points.status, 200);
  ASSERT_NE(points.body.find("id=\"reading-point-form\""), std::string::npos);
  EXPECT_EQ(clerk.Get("/staff/reading-points").body.find("id=\"reading-point-form\""), std::string::npos)
      << "only the 公开办 sets up points";
  EXPECT_EQ(clerk.PostForm("/staff/reading-points", {{"_csrf", HttpClient::CsrfFrom(clerk_page.body)},
                                                     {"name", "x"}, {"address", "y"}}).status,
            403);
  std::string points_csrf = HttpClient::CsrfFrom(points.body);
  EXPECT_EQ(office.PostForm("/staff/reading-points", {{"_csrf", points_csrf}, {"name", "社区事务受理服务中心"},
                                                      {"address", " "}}).status,
            400);
  ASSERT_EQ(office.PostForm("/staff/reading-points", {{"_csrf", points_csrf}, {"name", "社区事务受理服务中心"},
                                                      {"address", "常德路1号"}, {"hours", "工作日 9:00–17:00"}}).status,
            303);
  std::string point = std::to_string(
      testing::QueryInt(server.db().db(), "SELECT id FROM reading_points WHERE name = '社区事务受理服务中心'"));
  auto form = office.Get("/staff/items/1");
  EXPECT_NE(form.body.find("<option value=\"" + point + "\">社区事务受理服务中心（常德路1号）</option>"),
            std::string::npos) << "the release form offers the point";
  EXPECT_EQ(office.PostForm("/staff/items/1/channels", {{"_csrf", csrf}, {"channel", "reading_point"},
                                                       {"place", "随便写的地方"}}).status,
            400) << "a point must be chosen";
  EXPECT_EQ(office.PostForm("/staff/items/1/channels", {{"_csrf", csrf}, {"channel", "reading_point"},
                                                       {"point_id", "999999"}}).status,
            400);
  auto kept = office.PostForm("/staff/items/1/channels", {{"_csrf", csrf}, {"channel", "reading_point"},
                                                         {"point_id", point}});
  ASSERT_EQ(kept.status, 303);
  auto list = clerk.Get("/staff/channels");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("集中查阅点"), std::string::npos);
  EXPECT_NE(list.body.find(kTitle), std::string::npos);
  std::string index_href = "/staff/reading-points/" + point + "/index.pdf";
  ASSERT_NE(list.body.find(index_href), std::string::npos);
  auto index = clerk.Get(index_href);
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.Header("content-type"), "application/pdf");
  std::string index_text = testing::PdfText(index.body);
  EXPECT_NE(index_text.find("集中查阅点：社区事务受理服务中心"), std::string::npos) << index_text;
  EXPECT_NE(index_text.find("静安寺街道办事处（1条）"), std::string::npos) << index_text;
  EXPECT_NE(index_text.find("既有多层住宅"), std::string::npos) << index_text;
  EXPECT_NE(index_text.find("共1个机关1条"), std::string::npos) << index_text;
  EXPECT_EQ(clerk.Get("/staff/reading-points/999999/index.pdf").status, 404);
  EXPECT_EQ(server.Client().Get(index_href).status, 303) << "staff only";
  EXPECT_EQ(clerk.Get("/staff/channels/index.pdf?channel=board&place=x").status, 400);
  EXPECT_EQ(clerk.Get("/staff/channels/index.pdf?channel=reading_point&place=x").status, 400)
      << "a 集中查阅点's index is the district's";

  // Taken down with a reason; the ledger has both releases.
  auto detail = office.Get("/staff/channels/" + rid);
  auto down = office.PostForm("/staff/channels/" + rid + "/take-down",
                              {{"_csrf", HttpClient::CsrfFrom(detail.body)}, {"reason", "张贴期满"}});
  ASSERT_EQ(down.status, 303);
  EXPECT_NE(office.Get("/staff/channels/" + rid).body.find("撤下：张贴期满"), std::string::npos);
  std::string year = std::to_string(ChinaDate(server.clock().Now()).year);
  auto ledger = clerk.Get("/staff/ledger?year=" + year);
  EXPECT_NE(ledger.body.find("公开栏（街道办事处门口&lt;b&gt;公开栏&lt;/b&gt;）"), std::string::npos);
  EXPECT_NE(ledger.body.find("集中查阅点（社区事务受理服务中心）"), std::string::npos);
  EXPECT_NE(ledger.body.find("已撤下"), std::string::npos);

  // The portal publication is withdrawn: the live release is to be taken down.
  auto item = office.Get("/staff/items/1");
  ASSERT_EQ(office.PostForm("/staff/items/1/act", {{"_csrf", HttpClient::CsrfFrom(item.body)},
                                                   {"action", "withdraw"}, {"reason", "方案调整"}}).status,
            303);
  EXPECT_NE(office.Get("/staff/items/1").body.find("门户已撤回，请撤下"), std::string::npos);
  EXPECT_EQ(office.Get("/staff/items/1").body.find("id=\"release-form\""), std::string::npos);
}

TEST(ChannelsHttpTest, WechatArticleIsPushedOnRequest) {
  ChannelsConfig channels;
  channels.gateway_allowed_hosts = {"127.0.0.1"};
  TestServer server({}, channels);
  testing::PublishDemoItem(server);
  testing::StubEndpoint gateway;
  int64_t agency = testing::QueryInt(server.db().db(), "SELECT id FROM agencies");
  accounts::Context ctx{server.db().db(), server.clock(), server.config().security, nullptr, "",
                        &server.config().channels};
  auto settings = *accounts::LoadSettings(server.db().db(), agency);
  settings["wechat_endpoint"] = gateway.url();
  settings["wechat_account"] = "静安寺街道";
  ASSERT_TRUE(accounts::SaveSettings(ctx, accounts::Principal::CommandLine(agency, "test"), settings).ok());

  HttpClient office = server.LoggedIn("office");
  auto page = office.Get("/staff/items/1");
  std::string csrf = HttpClient::CsrfFrom(page.body);
  auto made = office.PostForm("/staff/items/1/channels", {{"_csrf", csrf}, {"channel", "wechat"}});
  ASSERT_EQ(made.status, 303);
  std::string rid = ReleaseIdFrom(made);
  auto pending = office.Get("/staff/channels/" + rid);
  EXPECT_NE(pending.body.find("待推送"), std::string::npos);
  EXPECT_NE(pending.body.find("公众号_"), std::string::npos);
  auto package = office.Get("/staff/channels/" + rid + "/artifact");
  EXPECT_EQ(package.Header("content-type"), "application/zip");
  EXPECT_EQ(package.body.substr(0, 2), "PK");

  gateway.AnswerWith({502});
  auto first = office.PostForm("/staff/channels/" + rid + "/retry", {{"_csrf", csrf}});
  ASSERT_EQ(first.status, 303);
  auto after = office.Get("/staff/channels/" + rid);
  EXPECT_NE(after.body.find("<td>502</td>"), std::string::npos) << after.body;
  EXPECT_NE(after.body.find("待推送"), std::string::npos) << "tried again later";
  auto second = office.PostForm("/staff/channels/" + rid + "/retry", {{"_csrf", csrf}});
  ASSERT_EQ(second.status, 303);
  auto sent = office.Get("/staff/channels/" + rid);
  EXPECT_NE(sent.body.find("已推送"), std::string::npos);
  EXPECT_NE(sent.body.find("{&quot;errcode&quot;:0,&quot;media_id&quot;:&quot;M2&quot;}"), std::string::npos);
  EXPECT_EQ(sent.body.find("立即推送"), std::string::npos) << "nothing left to push";
  ASSERT_EQ(gateway.requests().size(), 2u);
  EXPECT_NE(gateway.requests()[1].body.find(kTitle), std::string::npos);

  HttpClient clerk = server.LoggedIn("clerk");
  EXPECT_EQ(clerk.PostForm("/staff/channels/" + rid + "/retry",
                           {{"_csrf", HttpClient::CsrfFrom(clerk.Get("/staff/channels").body)}}).status,
            403);
}

}  // namespace
}  // namespace gk::web
