// Confidentiality supervision on both engines: a random sample of recently
// published items, findings by the supervisor only, an immediate withdrawal
// from a spot check, and a leak incident that withdraws the item in the same
// step and keeps its responsibility chain.
#include "oversight/secrecy.h"

#include <gtest/gtest.h>

#include <set>

#include "accounts/agencies.h"
#include "disclosure/portal.h"
#include "store/fixture.h"
#include "support/published.h"
#include "support/test_db.h"

namespace gk::oversight {
namespace {

using accounts::Principal;

constexpr UnixSeconds kMonday20260601 = 1780286400;

class SecrecyTest : public testing::StoreTest {
 protected:
  SecrecyTest() : StoreTest(kMonday20260601) {}
  void SetUp() override {
    StoreTest::SetUp();
    ref_ = *disclosure::LoadReferenceData(GK_SOURCE_DIR);
  }
  Secrecy Service() { return Secrecy(ctx_, ref_); }
  int64_t Publish(const std::string& title) {
    return testing::PublishThroughChain(ctx_, ref_, agency_, "0201", title, "2026-05-20", "正文：" + title);
  }
  bool Live(int64_t item) { return disclosure::GetPublished(t_.db(), agency_, item).ok(); }

  disclosure::ReferenceData ref_;
};

TEST_F(SecrecyTest, SampleOfRecentPublicationsWithFindingsAndAWithdrawal) {
  EXPECT_EQ(Service().Draw(User("secrecy"), 3, 30).status().code(), Code::kFailedPrecondition) << "nothing published";
  int64_t old_item = Publish("二〇二五年旧信息");
  clock_.Advance(40 * 86400);  // 2026-07-11: the first item is now older than 30 days
  std::set<int64_t> recent;
  for (int k = 0; k < 6; ++k) recent.insert(Publish("近期信息" + std::to_string(k)));

  EXPECT_EQ(Service().Draw(User("office"), 3, 30).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(Service().Draw(User("secrecy"), 0, 30).status().code(), Code::kInvalidArgument);
  auto id = Service().Draw(User("secrecy"), 3, 30);
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto check = Service().Get(User("group"), *id);
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->population, 6);
  ASSERT_EQ(check->lines.size(), 3u);
  std::set<int64_t> drawn;
  for (const auto& l : check->lines) {
    EXPECT_TRUE(recent.count(l.item_id)) << "only items published in the period";
    drawn.insert(l.item_id);
  }
  EXPECT_EQ(drawn.size(), 3u) << "no item twice";
  EXPECT_FALSE(drawn.count(old_item));
  EXPECT_EQ(Service().Get(User("clerk"), *id).status().code(), Code::kPermissionDenied);

  // Several draws give different samples (6 choose 3 = 20 possibilities).
  std::set<std::set<int64_t>> samples;
  for (int k = 0; k < 8; ++k) {
    auto again = Service().Get(User("secrecy"), *Service().Draw(User("secrecy"), 3, 30));
    std::set<int64_t> s;
    for (const auto& l : again->lines) s.insert(l.item_id);
    samples.insert(s);
  }
  EXPECT_GT(samples.size(), 1u) << "the sample is random";

  // Without a size or period, the agency's settings decide.
  auto settings = *accounts::LoadSettings(t_.db(), agency_);
  settings["spot_check_size"] = "2";
  settings["spot_check_days"] = "30";
  ASSERT_TRUE(accounts::SaveSettings(ctx_, User("admin"), settings).ok());
  auto by_settings = Service().Get(User("secrecy"), *Service().Draw(User("secrecy"), std::nullopt, std::nullopt));
  ASSERT_TRUE(by_settings.ok());
  EXPECT_EQ(by_settings->lines.size(), 2u);
  EXPECT_EQ(by_settings->population, 6);

  const auto& first = check->lines[0];
  const auto& second = check->lines[1];
  EXPECT_EQ(Service().Record(User("office"), *id, first.line_id, "ok", "", false).code(), Code::kPermissionDenied);
  EXPECT_EQ(Service().Record(User("secrecy"), *id, first.line_id, "problem", " ", false).code(), Code::kInvalidArgument)
      << "a problem needs a note";
  EXPECT_EQ(Service().Record(User("secrecy"), *id, first.line_id, "ok", "x", true).code(), Code::kInvalidArgument);
  ASSERT_TRUE(Service().Record(User("secrecy"), *id, first.line_id, "ok", "", false).ok());
  EXPECT_EQ(Service().Record(User("secrecy"), *id, first.line_id, "ok", "", false).code(), Code::kFailedPrecondition);
  ASSERT_TRUE(Live(second.item_id));
  ASSERT_TRUE(Service().Record(User("secrecy"), *id, second.line_id, "problem", "附件含有居民身份证号码", true).ok());
  EXPECT_FALSE(Live(second.item_id)) << "withdrawn at once";
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM publications WHERE item_id = ? AND withdraw_reason = ?",
                              {second.item_id, std::string("保密监督抽查责令撤回：附件含有居民身份证号码")}),
            1);
  auto after = Service().Get(User("secrecy"), *id);
  EXPECT_EQ(after->checked, 2);
  EXPECT_EQ(after->problems, 1);
  EXPECT_TRUE(after->lines[1].withdrawn);
}

TEST_F(SecrecyTest, IncidentWithdrawsTheItemAndKeepsItsResponsibilityChain) {
  int64_t item = Publish("关于社区食堂运营补贴的实施办法");
  std::string index_no = disclosure::GetPublished(t_.db(), agency_, item)->index_no;
  EXPECT_EQ(Service().RecordIncident(User("clerk"), index_no, "x", "2026-06-01").status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(Service().RecordIncident(User("secrecy"), "nope/2026-99999", "x", "2026-06-01").status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Service().RecordIncident(User("secrecy"), index_no, "x", "2026-06-02").status().code(),
            Code::kInvalidArgument)
      << "discovered tomorrow";
  EXPECT_TRUE(Live(item)) << "a refused record changes nothing";
  auto id = Service().RecordIncident(User("secrecy"), index_no, "附件中的补贴名单含有身份证号码，被居民发现。", "2026-06-01");
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_FALSE(Live(item)) << "withdrawn in the same step";
  auto x = Service().GetIncident(User("supervisor"), *id);
  ASSERT_TRUE(x.ok());
  EXPECT_TRUE(x->withdrawn);
  EXPECT_EQ(x->state, "open");
  ASSERT_FALSE(x->responsibility.handler.empty());
  EXPECT_EQ(x->responsibility.handler[0].person, "王承办");
  ASSERT_EQ(x->responsibility.direct.size(), 1u);
  EXPECT_EQ(x->responsibility.direct[0].person, "李主任");
  ASSERT_EQ(x->responsibility.overall.size(), 2u);
  EXPECT_EQ(x->responsibility.overall[1].person, "陈主任");
  EXPECT_EQ(Service().CloseIncident(User("clerk"), *id, "x").code(), Code::kPermissionDenied);
  EXPECT_EQ(Service().CloseIncident(User("office"), *id, " ").code(), Code::kInvalidArgument);
  ASSERT_TRUE(Service().CloseIncident(User("office"), *id, "已删除名单中的身份证号码后重新发布；对承办人批评教育。").ok());
  EXPECT_EQ(Service().CloseIncident(User("office"), *id, "again").code(), Code::kFailedPrecondition);
  EXPECT_EQ(Service().GetIncident(User("group"), *id)->state, "closed");
  EXPECT_EQ(Service().Incidents(User("clerk")).status().code(), Code::kPermissionDenied);

  // An incident about an item no longer on the portal is recorded without a withdrawal.
  auto again = Service().RecordIncident(User("office"), index_no, "另一份纸质材料外泄。", "2026-06-01");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_FALSE(Service().GetIncident(User("office"), *again)->withdrawn);
}

}  // namespace
}  // namespace gk::oversight
