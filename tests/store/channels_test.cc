// Publication on the other channels, on both engines: the artifacts read back
// (PDF text and size, the 公众号 package), who may release, the database's
// refusal of anything but a live publication, the printable index of a 咨询服务站点,
// taking down, the ledger lines, and the 公众号 outbox against a stub gateway
// (retry on 503, give up on 400, an answer recorded per attempt).
#include "records/channels.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <boost/json.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>

#include "accounts/agencies.h"
#include "base/crypto.h"
#include "base/strings.h"
#include "disclosure/items.h"
#include "disclosure/portal.h"
#include "records/archive.h"
#include "records/ledger.h"
#include "support/pdf_text.h"
#include "support/published.h"
#include "support/stub_endpoint.h"
#include "support/test_db.h"

namespace gk::records {
namespace {

using accounts::Principal;
using testing::PdfText;

constexpr UnixSeconds kMonday20260601 = 1780286400;  // 12:00 in Shanghai
constexpr double kMm = 72.0 / 25.4;

// A 1 × 1 PNG.
std::string TinyPng() {
  static const unsigned char kBytes[] = {
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
      0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00,
      0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF,
      0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(kBytes), sizeof kBytes);
}

std::map<std::string, std::string> Unzip(const std::string& bytes) {
  std::map<std::string, std::string> out;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  zip_error_fini(&err);
  if (!z) {
    zip_source_free(src);
    return out;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(z, i, 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* f = zip_fopen_index(z, i, 0);
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    out[st.name] = data;
  }
  zip_close(z);
  return out;
}

class ChannelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    agency_ = testing::SeedDemoAgency(t_.db(), clock_);
    auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
    ASSERT_TRUE(ref.ok());
    ref_ = *ref;
  }

  Principal User(const std::string& name) { return testing::DemoUser(ctx_, agency_, name); }
  Channels Service() { return Channels(ctx_, "https://xxgk.example.gov.cn"); }
  int64_t Published(const std::string& title, const std::vector<std::pair<std::string, std::string>>& files = {}) {
    return testing::PublishThroughChain(ctx_, ref_, agency_, "0201", title, "2026-05-20",
                                        "第一段：为加强社区管理，制定本办法。\n第二段：本办法自发布之日起施行。", files);
  }
  // A pending 公众号 release of a newly published item, to `gateway_url`.
  int64_t WechatRelease(const std::string& title, const std::string& gateway_url) {
    int64_t item = Published(title);
    SetSetting("wechat_endpoint", gateway_url);
    auto id = Service().Publish(User("office"), item, {Channel::kWechat, "", documents::Paper::kA4, ""});
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : 0;
  }
  void SetSetting(const std::string& key, const std::string& value) {
    auto settings = *accounts::LoadSettings(t_.db(), agency_);
    settings[key] = value;
    Status s = accounts::SaveSettings(ctx_, User("admin"), settings);
    ASSERT_TRUE(s.ok()) << s.message();
  }

  testing::TestDb t_;
  FakeClock clock_{kMonday20260601};
  SecurityConfig sec_ = testing::TestSecurity();
  DataKey key_ = DataKey::Random();
  // The stub gateways listen on 127.0.0.1; "localhost" reaches them too but
  // is not allowed.
  ChannelsConfig channels_ = [] {
    ChannelsConfig c;
    c.gateway_allowed_hosts = {"127.0.0.1"};
    return c;
  }();
  const PushConfig kLoopback{"", 20, {"127.0.0.1"}};
  accounts::Context ctx_{t_.db(), clock_, sec_, &key_, "", &channels_};
  disclosure::ReferenceData ref_;
  int64_t agency_ = 0;
};

TEST_F(ChannelsTest, BoardNoticeCarriesThePublishedVersionOnA3) {
  int64_t item = Published("关于社区微更新项目管理的实施办法");
  ReleaseInput in{Channel::kBoard, "街道办事处门口公开栏", documents::Paper::kA3, "张贴两周"};
  auto id = Service().Publish(User("office"), item, in);
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto art = Service().ReadArtifact(User("clerk"), *id);
  ASSERT_TRUE(art.ok()) << art.status().message();
  EXPECT_EQ(art->first.artifact_type, "application/pdf");
  EXPECT_EQ(art->first.artifact_hash, Sha256Hex(art->second));
  EXPECT_EQ(art->first.paper, "A3");
  EXPECT_EQ(art->first.released_by, User("office").display_name);
  std::vector<testing::PdfPage> pages;
  ASSERT_TRUE(testing::ReadPdf(art->second, &pages));
  ASSERT_FALSE(pages.empty());
  EXPECT_NEAR(pages[0].width, 297 * kMm, 1);
  EXPECT_NEAR(pages[0].height, 420 * kMm, 1);
  std::string text = PdfText(art->second);
  auto pub = disclosure::GetPublished(t_.db(), agency_, item);
  ASSERT_TRUE(pub.ok());
  for (const std::string& s : {std::string("关于社区微更新项目管理的实施办法"), "索引号：" + pub->index_no,
                               std::string("第一段：为加强社区管理，制定本办法。"), std::string("2026年5月20日"),
                               "公开版本摘要" + pub->content_hash.substr(0, 16)}) {
    EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text;
  }
  auto list = Service().ForItem(User("clerk"), item);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].place, "街道办事处门口公开栏");
  EXPECT_EQ((*list)[0].note, "张贴两周");
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM audit_log WHERE action = 'channel.release'"), 1);

  // The year's archive keeps the notice with the item's records.
  std::string path = "/tmp/gk_channels_archive_" + testing::UniqueSuffix() + ".zip";
  auto archived = WriteArchive(t_.db(), agency_, 2026, path, "2026-06-01T04:00:00Z");
  ASSERT_TRUE(archived.ok()) << archived.status().message();
  std::ifstream file(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::remove(path.c_str());
  bool found = false;
  std::string records;
  for (const auto& [name, data] : Unzip(bytes)) {
    if (name.find("/channels/" + std::to_string(*id) + " ") != std::string::npos) found = data == art->second;
    if (name.ends_with("record.json")) records += data;
  }
  EXPECT_TRUE(found) << "the notice is in the archive";
  EXPECT_NE(records.find("\"place\":\"街道办事处门口公开栏\""), std::string::npos) << "and its record";
}

TEST_F(ChannelsTest, OnlyTheOfficeReleasesAndOnlyALivePublication) {
  int64_t item = Published("关于睦邻点管理的暂行办法");
  ReleaseInput in{Channel::kBoard, "公开栏", documents::Paper::kA4, ""};
  EXPECT_EQ(Service().Publish(User("clerk"), item, in).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(Service().Publish(User("office"), item, {Channel::kBoard, "  ", documents::Paper::kA4, ""}).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Service().Publish(User("office"), item, {Channel::kBoard, "栏\x01", documents::Paper::kA4, ""})
                .status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Service().Publish(User("office"), 999999, in).status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM channel_releases"), 0) << "nothing was written";

  auto first = Service().Publish(User("office"), item, in);
  ASSERT_TRUE(first.ok());
  disclosure::ActionInput withdraw;
  withdraw.reason = "内容需要更新";
  ASSERT_TRUE(disclosure::Items(ctx_, ref_).Act(User("office"), item, disclosure::Action::kWithdraw, withdraw).ok());
  EXPECT_EQ(Service().Publish(User("office"), item, in).status().code(), Code::kFailedPrecondition);
  auto list = Service().ForItem(User("office"), item);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].portal_withdrawn) << "shown as to be taken down";

  // The database itself refuses a release of a withdrawn publication, and
  // an artifact never changes.
  int64_t pub = testing::QueryInt(t_.db(), "SELECT id FROM publications WHERE item_id = ?", {item});
  const int64_t office_id = User("office").user_id;
  Status direct = t_.db().Transact([&](store::Tx& tx) {
    return tx.Exec("INSERT INTO channel_releases (agency_id, publication_id, item_id, channel, artifact_name, "
                   "artifact_type, artifact_hash, artifact_size, artifact, released_by, released_at) VALUES "
                   "(?, ?, ?, 'board', 'x.pdf', 'application/pdf', 'h', 1, 'eA==', ?, '2026-06-01T04:00:00Z')",
                   {agency_, pub, item, office_id}).status();
  });
  EXPECT_FALSE(direct.ok());
  Status change = t_.db().Transact([&](store::Tx& tx) {
    return tx.Exec("UPDATE channel_releases SET artifact = 'eA==' WHERE id = ?", {*first}).status();
  });
  EXPECT_FALSE(change.ok());
}

TEST_F(ChannelsTest, ServicePointIndexListsWhatIsKeptThere) {
  int64_t a = Published("关于加装电梯补贴的实施细则");
  int64_t b = Published("关于社区食堂运营补贴的实施办法");
  int64_t c = Published("关于睦邻点管理的暂行办法");
  const std::string here = "静安寺街道社区事务受理服务中心", there = "常德路居委会";
  auto ra = Service().Publish(User("office"), a, {Channel::kServicePoint, here, documents::Paper::kA4, ""});
  ASSERT_TRUE(ra.ok()) << ra.status().message();
  ASSERT_TRUE(Service().Publish(User("office"), b, {Channel::kServicePoint, here, documents::Paper::kA4, ""}).ok());
  ASSERT_TRUE(Service().Publish(User("office"), c, {Channel::kServicePoint, there, documents::Paper::kA4, ""}).ok());
  auto copy = Service().ReadArtifact(User("clerk"), *ra);
  ASSERT_TRUE(copy.ok());
  EXPECT_NE(PdfText(copy->second).find("放置于" + here), std::string::npos);

  auto index = Service().PlaceIndex(User("clerk"), Channel::kServicePoint, here);
  ASSERT_TRUE(index.ok()) << index.status().message();
  std::string text = PdfText(*index);
  EXPECT_NE(text.find("政府信息公开目录"), std::string::npos) << text;
  EXPECT_NE(text.find("关于加装电梯补贴的实施细则"), std::string::npos) << text;
  EXPECT_NE(text.find("关于社区食堂运营补贴的实施办法"), std::string::npos) << text;
  EXPECT_EQ(text.find("关于睦邻点管理的暂行办法"), std::string::npos) << "kept elsewhere";
  EXPECT_NE(text.find("共2条"), std::string::npos) << text;

  EXPECT_EQ(Service().TakeDown(User("clerk"), *ra, "已过期").code(), Code::kPermissionDenied);
  EXPECT_EQ(Service().TakeDown(User("office"), *ra, " ").code(), Code::kInvalidArgument);
  ASSERT_TRUE(Service().TakeDown(User("office"), *ra, "信息已更新，换上新版").ok());
  EXPECT_EQ(Service().TakeDown(User("office"), *ra, "again").code(), Code::kFailedPrecondition);
  text = PdfText(*Service().PlaceIndex(User("clerk"), Channel::kServicePoint, here));
  EXPECT_EQ(text.find("关于加装电梯补贴的实施细则"), std::string::npos) << text;
  EXPECT_NE(text.find("共1条"), std::string::npos) << text;
  EXPECT_EQ(Service().PlaceIndex(User("clerk"), Channel::kBoard, here).status().code(), Code::kInvalidArgument);
  // A 集中查阅点 is the district's, with an index of its own (reading_points_test.cc).
  EXPECT_EQ(Service().PlaceIndex(User("clerk"), Channel::kReadingPoint, here).status().code(), Code::kInvalidArgument);
  auto places = Service().Places(User("clerk"), Channel::kServicePoint);
  ASSERT_TRUE(places.ok());
  EXPECT_EQ(*places, (std::vector<std::string>{there, here}));

  // The ledger has a line per release, with the place and the outcome.
  auto ledger = t_.db().Read<Ledger>([&](store::Tx& tx) { return BuildLedger(tx, agency_, 2026); });
  ASSERT_TRUE(ledger.ok());
  int releases = 0;
  for (const auto& line : ledger->lines) {
    if (!line.channel_release) continue;
    ++releases;
    EXPECT_EQ(line.kind, "主动公开");
    EXPECT_NE(line.form.find("咨询服务站点（"), std::string::npos) << line.form;
    if (line.content == "关于加装电梯补贴的实施细则") {
      EXPECT_EQ(line.result, "已撤下（2026-06-01）：信息已更新，换上新版");
    }
  }
  EXPECT_EQ(releases, 3);
  int portal_lines = 0;
  for (const auto& t : ledger->timeliness) portal_lines += t.published;
  EXPECT_EQ(portal_lines, 3) << "timeliness counts the portal publications only";
}

TEST_F(ChannelsTest, NewspaperArticleIsTwoColumnsWithItsSource) {
  int64_t item = Published("关于社区微更新项目管理的实施办法");
  auto id = Service().Publish(User("office"), item, {Channel::kNewspaper, "《静安寺社区报》2026年第6期",
                                                    documents::Paper::kA4, ""});
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto art = Service().ReadArtifact(User("office"), *id);
  ASSERT_TRUE(art.ok());
  std::string text = PdfText(art->second);
  std::string joined = text;
  joined.erase(std::remove(joined.begin(), joined.end(), '\n'), joined.end());
  auto pub = disclosure::GetPublished(t_.db(), agency_, item);
  EXPECT_NE(text.find("关于社区微更新项目管理的实施办法"), std::string::npos) << text;
  EXPECT_NE(text.find("（索引号：" + pub->index_no), std::string::npos) << text;
  EXPECT_NE(joined.find("https://xxgk.example.gov.cn/items/" + std::to_string(item)), std::string::npos) << text;
  EXPECT_NE(joined.find("《静安寺社区报》2026年第6期"), std::string::npos) << text;
  EXPECT_NE(joined.find("公开版本摘要" + pub->content_hash.substr(0, 16)), std::string::npos) << text;
  EXPECT_EQ(art->first.artifact_name.rfind("社区报刊_", 0), 0u);
  EXPECT_EQ(art->first.artifact_name.find('/'), std::string::npos) << "the 索引号's '/' is not a folder";
}

TEST_F(ChannelsTest, WechatPackageGoesThroughTheOutbox) {
  int64_t item = Published("关于加装电梯补贴的实施细则", {{"补贴流程图.png", TinyPng()}});
  ReleaseInput in{Channel::kWechat, "", documents::Paper::kA4, ""};
  EXPECT_EQ(Service().Publish(User("office"), item, in).status().code(), Code::kFailedPrecondition)
      << "no gateway configured";
  testing::StubEndpoint gateway;
  SetSetting("wechat_endpoint", gateway.url());
  SetSetting("wechat_account", "静安寺街道");
  auto id = Service().Publish(User("office"), item, in);
  ASSERT_TRUE(id.ok()) << id.status().message();

  auto art = Service().ReadArtifact(User("office"), *id);
  ASSERT_TRUE(art.ok());
  EXPECT_EQ(art->first.artifact_type, "application/zip");
  EXPECT_EQ(art->first.place, "静安寺街道");
  EXPECT_EQ(art->first.push_state, "pending");
  auto files = Unzip(art->second);
  ASSERT_TRUE(files.count("article.json") && files.count("content.html") && files.count("images/1.png"))
      << files.size();
  EXPECT_EQ(files["images/1.png"], TinyPng());
  auto article = boost::json::parse(files["article.json"]).as_object();
  EXPECT_EQ(article["title"].as_string(), "关于加装电梯补贴的实施细则");
  EXPECT_EQ(article["account"].as_string(), "静安寺街道");
  EXPECT_EQ(article["content_source_url"].as_string(), "https://xxgk.example.gov.cn/items/" + std::to_string(item));
  EXPECT_LE(boost::json::value_to<std::string>(article["digest"]).size(), 120u * 3 + 3);
  EXPECT_NE(files["content.html"].find("<p>第一段：为加强社区管理，制定本办法。</p>"), std::string::npos);
  EXPECT_NE(files["content.html"].find("<img src=\"images/1.png\" alt=\"补贴流程图.png\">"), std::string::npos);

  // First push: the gateway is down (503) → retried later; then it takes it.
  gateway.AnswerWith({503, 200});
  PushConfig config{"s3cret-token", 5, {"127.0.0.1"}};
  ASSERT_EQ(*Service().PushDue(config), 1);
  auto after_first = Service().Get(User("office"), *id);
  ASSERT_TRUE(after_first.ok());
  EXPECT_EQ(after_first->push_state, "pending");
  EXPECT_EQ(after_first->push_attempts, 1);
  ASSERT_EQ(after_first->attempts.size(), 1u);
  EXPECT_EQ(after_first->attempts[0].http_status, 503);
  EXPECT_FALSE(after_first->attempts[0].ok);
  EXPECT_EQ(*Service().PushDue(config), 0) << "not due yet";
  clock_.Advance(61);
  ASSERT_EQ(*Service().PushDue(config), 1);
  auto sent = Service().Get(User("office"), *id);
  EXPECT_EQ(sent->push_state, "sent");
  EXPECT_FALSE(sent->pushed_at.empty());
  ASSERT_EQ(sent->attempts.size(), 2u);
  EXPECT_EQ(sent->attempts[1].http_status, 200);
  EXPECT_EQ(sent->attempts[1].response, "{\"errcode\":0,\"media_id\":\"M2\"}");
  EXPECT_EQ(Service().RetryPush(User("office"), *id).code(), Code::kFailedPrecondition) << "already sent";

  auto requests = gateway.requests();
  ASSERT_EQ(requests.size(), 2u);
  const web::Request& r = requests[1];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/push");
  EXPECT_EQ(r.Header("authorization"), "Bearer s3cret-token");
  EXPECT_EQ(r.Header("idempotency-key"), requests[0].Header("idempotency-key")) << "the same key on every retry";
  auto payload = boost::json::parse(r.body).as_object();
  EXPECT_EQ(payload["release_id"].as_int64(), *id);
  EXPECT_EQ(payload["agency"].as_string(), "jingansi");
  EXPECT_NE(std::string(payload["content"].as_string()).find("第二段：本办法自发布之日起施行。"), std::string::npos);
  ASSERT_EQ(payload["images"].as_array().size(), 1u);
  EXPECT_EQ(*Base64Decode(std::string(payload["images"].as_array()[0].at("data_base64").as_string())), TinyPng());
}

TEST_F(ChannelsTest, RefusedPushFailsAtOnceAndCanBeRetried) {
  int64_t item = Published("关于睦邻点管理的暂行办法");
  testing::StubEndpoint gateway;
  SetSetting("wechat_endpoint", gateway.url());
  auto id = Service().Publish(User("office"), item, {Channel::kWechat, "", documents::Paper::kA4, ""});
  ASSERT_TRUE(id.ok());
  gateway.AnswerWith({400});
  ASSERT_EQ(*Service().PushDue(kLoopback), 1);
  auto failed = Service().Get(User("office"), *id);
  EXPECT_EQ(failed->push_state, "failed");
  EXPECT_EQ(failed->attempts.back().response, "{\"errcode\":400}");
  EXPECT_TRUE(gateway.requests()[0].Header("authorization").empty()) << "no token configured";
  EXPECT_EQ(Service().RetryPush(User("clerk"), *id).code(), Code::kPermissionDenied);
  ASSERT_TRUE(Service().RetryPush(User("office"), *id).ok());
  ASSERT_EQ(*Service().PushDue(kLoopback), 1);
  EXPECT_EQ(Service().Get(User("office"), *id)->push_state, "sent");

  // A gateway that is not there: retried, then failed after six attempts.
  int64_t other = Published("关于社区食堂运营补贴的实施办法");
  SetSetting("wechat_endpoint", "http://127.0.0.1:1/push");
  auto lost = Service().Publish(User("office"), other, {Channel::kWechat, "", documents::Paper::kA4, ""});
  ASSERT_TRUE(lost.ok());
  for (int k = 0; k < 6; ++k) {
    ASSERT_EQ(*Service().PushDue(kLoopback), 1) << k;
    clock_.Advance(6 * 3600 + 1);
  }
  auto gone = Service().Get(User("office"), *lost);
  EXPECT_EQ(gone->push_state, "failed");
  EXPECT_EQ(gone->push_attempts, 6);
  EXPECT_FALSE(gone->attempts[0].http_status.has_value());
  EXPECT_EQ(gone->attempts[0].response, "推送网关无应答或无法连接") << "details only in the log";
  EXPECT_EQ(*Service().PushDue(kLoopback), 0);
}

TEST_F(ChannelsTest, GatewayOutsideTheAllowedHostsIsNeverContacted) {
  int64_t item = Published("关于睦邻点管理的暂行办法");
  testing::StubEndpoint gateway;
  std::string elsewhere = "http://localhost:" + gateway.url().substr(gateway.url().rfind(':') + 1);
  auto before = *accounts::LoadSettings(t_.db(), agency_);
  auto settings = before;
  settings["wechat_endpoint"] = elsewhere;
  Status refused = accounts::SaveSettings(ctx_, User("admin"), settings);
  EXPECT_EQ(refused.code(), Code::kInvalidArgument);
  EXPECT_NE(refused.message().find("不在配置文件允许的网关主机"), std::string::npos) << refused.message();
  settings["wechat_endpoint"] = "http://user@127.0.0.1:1/push";
  EXPECT_EQ(accounts::SaveSettings(ctx_, User("admin"), settings).code(), Code::kInvalidArgument) << "user info";
  EXPECT_EQ(*accounts::LoadSettings(t_.db(), agency_), before);

  // Saved while allowed, then the list no longer names the host.
  SetSetting("wechat_endpoint", gateway.url());
  auto id = Service().Publish(User("office"), item, {Channel::kWechat, "", documents::Paper::kA4, ""});
  ASSERT_TRUE(id.ok()) << id.status().message();
  PushConfig narrowed{"s3cret-token", 5, {"gateway.example.internal"}};
  ASSERT_EQ(*Service().PushDue(narrowed), 1);
  EXPECT_TRUE(gateway.requests().empty()) << "nothing sent, the token least of all";
  auto failed = Service().Get(User("office"), *id);
  EXPECT_EQ(failed->push_state, "failed");
  ASSERT_EQ(failed->attempts.size(), 1u);
  EXPECT_FALSE(failed->attempts[0].http_status.has_value());
  EXPECT_NE(failed->attempts[0].response.find("不在配置文件允许的网关主机"), std::string::npos);
  channels_.gateway_allowed_hosts = {"gateway.example.internal"};
  EXPECT_EQ(Service().Publish(User("office"), item, {Channel::kWechat, "", documents::Paper::kA4, ""}).status().code(),
            Code::kFailedPrecondition);
}

TEST_F(ChannelsTest, GatewayAnswerIsKeptAsAShortPrintableExcerpt) {
  testing::StubEndpoint gateway;
  int64_t id = WechatRelease("关于睦邻点管理的暂行办法", gateway.url());
  gateway.AnswerWith({400}, "错误\r\n\x1b[31m<b>x</b>\t\x01" + std::string(1000, 'y'));
  ASSERT_EQ(*Service().PushDue(kLoopback), 1);
  auto failed = Service().Get(User("office"), id);
  ASSERT_EQ(failed->attempts.size(), 1u);
  const std::string& r = failed->attempts[0].response;
  EXPECT_EQ(r.rfind("错误 [31m<b>x</b> yyy", 0), 0u) << r;
  EXPECT_EQ(Utf8Length(r), 200u);
  EXPECT_FALSE(HasControlChars(r));
}

TEST_F(ChannelsTest, TakingDownCancelsAPendingPush) {
  testing::StubEndpoint gateway;
  int64_t id = WechatRelease("关于睦邻点管理的暂行办法", gateway.url());
  ASSERT_TRUE(Service().TakeDown(User("office"), id, "发布渠道调整").ok());
  EXPECT_EQ(*Service().PushDue(kLoopback), 0);
  EXPECT_TRUE(gateway.requests().empty());
  EXPECT_EQ(Service().Get(User("office"), id)->push_state, "cancelled");
}

}  // namespace
}  // namespace gk::records
