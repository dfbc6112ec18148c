// The items service on both engines: index numbers, versions, joint items,
// holds, declassification, tasks, and the invariant held by the database.
#include "disclosure/items.h"

#include <gtest/gtest.h>

#include "accounts/directory.h"
#include "accounts/workdays.h"
#include "disclosure/catalog.h"
#include "disclosure/portal.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::disclosure {
namespace {

using accounts::Principal;
using accounts::Role;

class ItemsTest : public testing::StoreTest {
 protected:
  ItemsTest() : StoreTest(1764000000, testing::WithDataKey::kNo) {}
  void SetUp() override {
    StoreTest::SetUp();
    ref_ = *LoadReferenceData(GK_SOURCE_DIR);
    for (const char* u : {"clerk", "depthead", "leader", "principal", "office", "group"}) users_[u] = Load(u);
    // A second department with its own head, for joint items.
    Principal admin = Principal::CommandLine(agency_, "test");
    accounts::Directory dir(ctx_);
    int64_t dept = *dir.CreateDepartment(admin, "社区管理办公室二", 99);
    co_dept_ = dept;
    EXPECT_TRUE(dir.CreateUser(admin, {"cohead", "联合负责人", dept, {Role::kDeptHead}, true}, "Secret-pass-1").ok());
    users_["cohead"] = Load("cohead");
    auto cats = Catalog(ctx_).List(agency_);
    category_ = cats->front().id;
  }

  Principal Load(const std::string& username) {
    auto u = accounts::Directory(ctx_).FindByUsername(Principal::CommandLine(agency_, "t"), username);
    EXPECT_TRUE(u.ok()) << username;
    return Principal{u->id, agency_, u->username, u->display_name, u->department_id, u->roles};
  }

  ItemInput Input(const std::string& title) {
    ItemInput in;
    in.title = title;
    in.department_id = *users_["clerk"].department_id;
    in.category_id = category_;
    in.formed_on = "2026-11-02";
    in.ground_key = "art19";
    in.reason = "需要公众知晓";
    in.body = "正文：" + title;
    return in;
  }

  Status Act(const std::string& user, int64_t id, Action a, ActionInput in = {}) {
    return Items(ctx_, ref_).Act(users_[user], id, a, in);
  }

  State StateOf(int64_t id) { return Items(ctx_, ref_).Get(users_["office"], id)->item.state; }

  ReferenceData ref_;
  int64_t category_ = 0, co_dept_ = 0;
  std::map<std::string, Principal> users_;
};

TEST_F(ItemsTest, IndexNumbersFollowThePatternAndNeverRepeat) {
  Items items(ctx_, ref_);
  std::set<std::string> seen;
  for (int i = 0; i < 5; ++i) {
    auto id = items.Create(users_["clerk"], Input("信息" + std::to_string(i)));
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    std::string no = items.Get(users_["clerk"], *id)->item.index_no;
    EXPECT_TRUE(seen.insert(no).second) << no;
    EXPECT_EQ(no.rfind("jingansi/2026-", 0), 0u) << no;
    EXPECT_EQ(no.size(), std::string("jingansi/2026-00001").size()) << no;
  }
  ItemInput old = Input("前年的信息");
  old.formed_on = "2024-03-01";
  auto id = items.Create(users_["clerk"], old);
  EXPECT_EQ(items.Get(users_["clerk"], *id)->item.index_no, "jingansi/2024-00001") << "a sequence per year";
}

TEST_F(ItemsTest, EveryEditKeepsAVersionWithWhoAndWhat) {
  Items items(ctx_, ref_);
  int64_t id = *items.Create(users_["clerk"], Input("版本测试"));
  ItemInput in = Input("版本测试（修订）");
  in.body = "新的正文";
  ASSERT_TRUE(items.Update(users_["clerk"], id, in).ok());
  ASSERT_TRUE(items.Update(users_["clerk"], id, in).ok());  // unchanged: no new version
  auto d = items.Get(users_["clerk"], id);
  ASSERT_EQ(d->versions.size(), 2u);
  EXPECT_EQ(d->versions[0].version, 2);
  EXPECT_EQ(d->versions[0].changed_fields, "标题、正文");
  EXPECT_EQ(d->versions[0].saved_by, "王承办");
  EXPECT_NE(d->versions[0].content_hash, d->versions[1].content_hash);
  EXPECT_EQ(items.Update(users_["depthead"], id, in).code(), Code::kPermissionDenied);
}

TEST_F(ItemsTest, JointItemWaitsForTheCoDepartment) {
  ItemInput in = Input("联合发文");
  in.co_department_ids = {co_dept_};
  int64_t id = *Items(ctx_, ref_).Create(users_["clerk"], in);
  ASSERT_TRUE(Act("clerk", id, Action::kSubmit).ok());
  ASSERT_TRUE(Act("depthead", id, Action::kApprove).ok());
  EXPECT_EQ(StateOf(id), State::kCoSign);
  EXPECT_EQ(Act("office", id, Action::kApprove).code(), Code::kPermissionDenied);
  auto tasks = Items(ctx_, ref_).Tasks(users_["cohead"]);
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_EQ(tasks->front().action_label, "联合部门会签");
  ASSERT_TRUE(Act("cohead", id, Action::kApprove).ok());
  EXPECT_EQ(StateOf(id), State::kSecrecyCheck);
}

TEST_F(ItemsTest, OfficialDocumentNeedsTheThreeChecks) {
  ItemInput in = Input("公文");
  in.official_document = true;
  int64_t id = *Items(ctx_, ref_).Create(users_["clerk"], in);
  for (auto [u, a] : {std::pair{"clerk", Action::kSubmit}, {"depthead", Action::kApprove}, {"office", Action::kApprove}}) {
    ASSERT_TRUE(Act(u, id, a).ok()) << u;
  }
  EXPECT_EQ(StateOf(id), State::kContentReview);
  ActionInput partial;
  partial.check_process = partial.check_decision = true;
  EXPECT_EQ(Act("group", id, Action::kApprove, partial).code(), Code::kInvalidArgument);
  partial.check_result = true;
  ASSERT_TRUE(Act("group", id, Action::kApprove, partial).ok());
  EXPECT_EQ(StateOf(id), State::kLeaderReview);
  auto d = Items(ctx_, ref_).Get(users_["office"], id);
  bool recorded = false;
  for (const auto& s : d->signatures) recorded = recorded || s.checks.find("结果真实可信") != std::string::npos;
  EXPECT_TRUE(recorded);
}

TEST_F(ItemsTest, UnclearClassificationHoldsUntilDetermined) {
  int64_t id = *Items(ctx_, ref_).Create(users_["clerk"], Input("密级不明"));
  ASSERT_TRUE(Act("clerk", id, Action::kSubmit).ok());
  ActionInput hold;
  EXPECT_EQ(Act("depthead", id, Action::kHold, hold).code(), Code::kInvalidArgument) << "request details required";
  hold.question = "是否属于国家秘密";
  hold.authority = "区保密局";
  hold.request_doc = "静安寺街道〔2026〕9号";
  hold.requested_on = "2026-11-03";
  ASSERT_TRUE(Act("depthead", id, Action::kHold, hold).ok());
  EXPECT_EQ(StateOf(id), State::kOnHold);
  EXPECT_EQ(Act("depthead", id, Action::kApprove).code(), Code::kFailedPrecondition);
  ActionInput det;
  det.determination = "经确定属于秘密级";
  det.determined_on = "2026-11-10";
  det.determined_classification = Classification::kSecret;
  ASSERT_TRUE(Act("office", id, Action::kResolveHold, det).ok());
  EXPECT_EQ(StateOf(id), State::kDeptReview);
  ASSERT_TRUE(Act("depthead", id, Action::kApprove).ok());
  // Now classified: nothing after step 2 until declassified.
  EXPECT_EQ(Act("office", id, Action::kApprove).code(), Code::kFailedPrecondition);
  ActionInput dec;
  dec.decision = "保密期限已满，解除密级";
  dec.authority = "区保密局";
  dec.decided_on = "2026-11-12";
  dec.document_no = "静保〔2026〕3号";
  ASSERT_TRUE(Act("office", id, Action::kDeclassify, dec).ok());
  ASSERT_TRUE(Act("office", id, Action::kApprove).ok());
  auto d = Items(ctx_, ref_).Get(users_["office"], id);
  ASSERT_EQ(d->holds.size(), 1u);
  EXPECT_FALSE(d->holds[0].open);
  EXPECT_EQ(d->declassifications.size(), 1u);
}

TEST_F(ItemsTest, DatabaseRefusesAPublicationTheChainDidNotApprove) {
  int64_t id = *Items(ctx_, ref_).Create(users_["clerk"], Input("绕过审查"));
  Status s = t_.db().Transact([&](store::Tx& tx) {
    return tx.Exec("INSERT INTO publications (agency_id, item_id, version, channel, content, content_hash, "
                   "published_by, published_at) VALUES (?, ?, 1, 'portal', '{}', 'x', ?, 'now')",
                   {agency_, id, users_["office"].user_id}).status();
  });
  EXPECT_FALSE(s.ok()) << "the trigger must refuse a draft";
  EXPECT_NE(s.message().find("publication refused"), std::string::npos) << s.message();
  EXPECT_EQ(GetPublished(t_.db(), agency_, id).status().code(), Code::kNotFound);
}

TEST_F(ItemsTest, PublishedVersionIsImmutable) {
  int64_t id = *Items(ctx_, ref_).Create(users_["clerk"], Input("将发布"));
  for (auto [u, a] : {std::pair{"clerk", Action::kSubmit}, {"depthead", Action::kApprove}, {"office", Action::kApprove},
                      {"leader", Action::kApprove}, {"principal", Action::kApprove}, {"office", Action::kPublish}}) {
    ASSERT_TRUE(Act(u, id, a).ok()) << u;
  }
  Status s = t_.db().Transact([&](store::Tx& tx) {
    return tx.Exec("UPDATE publications SET content = '{\"title\":\"改\"}' WHERE item_id = ?", {id}).status();
  });
  EXPECT_FALSE(s.ok());
  auto p = GetPublished(t_.db(), agency_, id);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->title, "将发布");
  EXPECT_EQ(p->content_hash.size(), 64u);
}

TEST_F(ItemsTest, TasksAreOldestFirstWithTheirWaitingTime) {
  Items items(ctx_, ref_);
  int64_t first = *items.Create(users_["clerk"], Input("先提交"));
  ASSERT_TRUE(Act("clerk", first, Action::kSubmit).ok());
  clock_.Advance(3600 * 5);
  int64_t second = *items.Create(users_["clerk"], Input("后提交"));
  ASSERT_TRUE(Act("clerk", second, Action::kSubmit).ok());
  clock_.Advance(60);
  auto tasks = items.Tasks(users_["depthead"]);
  ASSERT_TRUE(tasks.ok());
  ASSERT_EQ(tasks->size(), 2u);
  EXPECT_EQ(tasks->at(0).row.id, first);
  EXPECT_EQ(tasks->at(0).waited_seconds, 5 * 3600 + 60);
  EXPECT_EQ(tasks->at(1).row.id, second);
  EXPECT_TRUE(items.Tasks(users_["leader"])->empty());
}

TEST_F(ItemsTest, DisclosureClockCountsTwentyWorkingDays) {
  auto cal = accounts::Workdays(ctx_).Calendar(agency_);
  ASSERT_TRUE(cal.ok());
  DisclosureClock c = ComputeClock(*cal, "2025-09-26", *Date::Parse("2025-10-09"));
  EXPECT_EQ(c.due, "2025-10-30");
  EXPECT_FALSE(c.overdue);
  EXPECT_EQ(c.working_days_left, 16);  // 10-10 … 10-30, with Saturday 10-11 a 调休 working day
  DisclosureClock late = ComputeClock(*cal, "2025-09-26", *Date::Parse("2025-11-03"));
  EXPECT_TRUE(late.overdue);
  EXPECT_EQ(late.working_days_left, -2);
  EXPECT_TRUE(c.provisional_note.empty());
  // 2027 has no notice: its statutory holidays give a provisional limit (元旦 1 January off).
  DisclosureClock provisional = ComputeClock(*cal, "2026-12-20", *Date::Parse("2026-12-21"));
  EXPECT_EQ(provisional.due, "2027-01-18");
  EXPECT_NE(provisional.provisional_note.find("2027年的放假安排尚未公布"), std::string::npos);
  // Beyond that one provisional year nothing is guessed.
  DisclosureClock unknown = ComputeClock(*cal, "2027-12-20", *Date::Parse("2027-12-21"));
  EXPECT_TRUE(unknown.due.empty());
  EXPECT_NE(unknown.note.find("2028"), std::string::npos);
}

TEST_F(ItemsTest, GroundMustMatchTheAttribute) {
  ItemInput in = Input("依据不符");
  in.attribute = Attribute::kOnRequest;
  in.ground_key = "art19";
  auto r = Items(ctx_, ref_).Create(users_["clerk"], in);
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "所选依据不适用于“依申请公开”");
}

}  // namespace
}  // namespace gk::disclosure

namespace gk::disclosure {
namespace {

TEST(SecrecyExpiryTest, ReadsTheUsualForms) {
  EXPECT_EQ(SecrecyExpiry("2020-03-31", "5年")->ToString(), "2025-03-31");
  EXPECT_EQ(SecrecyExpiry("2024-02-29", "1年")->ToString(), "2025-02-28");
  EXPECT_EQ(SecrecyExpiry("2025-08-31", "6个月")->ToString(), "2026-02-28");
  EXPECT_EQ(SecrecyExpiry("2025-01-01", "2027-06-30")->ToString(), "2027-06-30");
  EXPECT_FALSE(SecrecyExpiry("2025-01-01", "长期").has_value());
  EXPECT_FALSE(SecrecyExpiry("2025-01-01", "很久").has_value());
}

TEST_F(ItemsTest, UndisclosedItemsComeBackForReassessment) {
  ItemInput in = Input("内部信息");
  in.attribute = Attribute::kWithheld;
  in.ground_key = "art16_internal";
  int64_t id = *Items(ctx_, ref_).Create(users_["clerk"], in);
  for (auto [u, a] : {std::pair{"clerk", Action::kSubmit}, {"depthead", Action::kApprove}, {"leader", Action::kApprove},
                      {"principal", Action::kApprove}}) {
    ASSERT_TRUE(Act(u, id, a).ok()) << u;
  }
  EXPECT_EQ(StateOf(id), State::kApproved);
  auto d = Items(ctx_, ref_).Get(users_["office"], id);
  EXPECT_EQ(d->item.reassess_on, "2026-11-25") << "12 months after approval on 2025-11-25 (China time)";
  EXPECT_TRUE(Items(ctx_, ref_).Tasks(users_["office"])->empty()) << "not yet due";
  clock_.Advance(int64_t{366} * 86400);
  auto tasks = Items(ctx_, ref_).Tasks(users_["office"]);
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_EQ(tasks->front().action_label, "定期复核（条例第十八条）");
  ActionInput keep;
  EXPECT_EQ(Act("office", id, Action::kConfirm, keep).code(), Code::kInvalidArgument) << "an opinion is required";
  keep.opinion = "仍属内部事务信息";
  ASSERT_TRUE(Act("office", id, Action::kConfirm, keep).ok());
  EXPECT_TRUE(Items(ctx_, ref_).Tasks(users_["office"])->empty());
  EXPECT_EQ(Items(ctx_, ref_).Get(users_["office"], id)->item.reassess_on, "2027-11-26");
  clock_.Advance(int64_t{366} * 86400);
  ActionInput reopen;
  reopen.opinion = "情况变化，可以公开";
  ASSERT_TRUE(Act("office", id, Action::kReopen, reopen).ok());
  EXPECT_EQ(StateOf(id), State::kDraft);
}

TEST_F(ItemsTest, ExpiredSecrecyPeriodIsFlagged) {
  ItemInput in = Input("过期密件");
  in.classification = Classification::kSecret;
  in.secrecy_period = "1年";
  in.formed_on = "2023-05-01";
  int64_t id = *Items(ctx_, ref_).Create(users_["clerk"], in);
  auto tasks = Items(ctx_, ref_).Tasks(users_["office"]);
  bool flagged = false;
  for (const auto& t : *tasks) flagged = flagged || (t.row.id == id && t.action_label == "保密期限已满，办理解密手续");
  EXPECT_TRUE(flagged);
}

// Formed in late December of the provisional year, the 20 working days reach
// a year with neither a notice nor a provisional calendar: the limit is not
// guessed, and the reason is given in Chinese.
TEST_F(ItemsTest, ALimitReachingAnUnloadedYearIsExplainedInChinese) {
  auto in = Input("年末形成的信息");
  in.formed_on = "2027-12-20";
  auto id = Items(ctx_, ref_).Create(users_["clerk"], in);
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto d = Items(ctx_, ref_).Get(users_["clerk"], *id);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->clock.applies);
  EXPECT_TRUE(d->clock.due.empty());
  EXPECT_EQ(d->clock.note, "跨入尚未录入法定节假日安排的2028年，待录入该年度工作日历后自动计算");
  auto list = Items(ctx_, ref_).List(users_["clerk"], std::nullopt);
  ASSERT_TRUE(list.ok());
  bool listed = false;
  for (const auto& row : list->rows) {
    if (row.id != *id) continue;
    listed = true;
    EXPECT_EQ(row.clock.note, d->clock.note);
  }
  EXPECT_TRUE(listed);
}

}  // namespace
}  // namespace gk::disclosure
