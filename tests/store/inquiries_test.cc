// Explanation and correction requests, the registry search of an
// application, repeats, and review records, on both engines.
#include "base/calendar_files.h"
#include "requests/inquiries.h"

#include <gtest/gtest.h>

#include "accounts/directory.h"
#include "accounts/workdays.h"
#include "disclosure/catalog.h"
#include "disclosure/items.h"
#include "requests/applications.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::requests {
namespace {

using testing::kVisitor;

using accounts::Principal;

constexpr UnixSeconds kFriday20250926 = 1758852000;
constexpr int64_t kDay = 86400;

class InquiriesTest : public testing::StoreTest {
 protected:
  InquiriesTest() : StoreTest(kFriday20250926) {}
  void SetUp() override {
    StoreTest::SetUp();
    ref_ = *disclosure::LoadReferenceData(GK_SOURCE_DIR);
    for (const char* u : {"clerk", "depthead", "leader", "principal", "office", "admin"}) users_[u] = Load(u);
  }

  Principal Load(const std::string& username) {
    auto u = accounts::Directory(ctx_).FindByUsername(Principal::CommandLine(agency_, "t"), username);
    EXPECT_TRUE(u.ok()) << username;
    return Principal{u->id, agency_, u->username, u->display_name, u->department_id, u->roles};
  }

  // An item in the registry with the given attribute and ground, through
  // the review chain unless `draft`.
  std::string Item(const std::string& title, disclosure::Attribute attr, const std::string& ground,
                   const std::string& reason, bool draft = false) {
    disclosure::ItemInput in;
    in.title = title;
    in.department_id = *users_["clerk"].department_id;
    in.category_id = disclosure::Catalog(ctx_).List(agency_)->front().id;
    in.formed_on = "2025-09-01";
    in.attribute = attr;
    in.ground_key = ground;
    in.reason = reason;
    in.body = title + "的正文。";
    disclosure::Items items(ctx_, ref_);
    auto id = items.Create(users_["clerk"], in);
    EXPECT_TRUE(id.ok()) << id.status().message();
    if (!draft) {
      EXPECT_TRUE(items.Act(users_["clerk"], *id, disclosure::Action::kSubmit, {}).ok());
      for (const char* u : {"depthead", "office", "leader", "principal"}) {
        if (items.Get(users_["office"], *id)->item.state == disclosure::State::kApproved) break;
        Status s = items.Act(users_[u], *id, disclosure::Action::kApprove, {});
        if (s.code() == Code::kPermissionDenied) continue;  // the step does not apply to this item
        EXPECT_TRUE(s.ok()) << u << ": " << s.message();
      }
      EXPECT_EQ(items.Get(users_["office"], *id)->item.state, disclosure::State::kApproved);
    }
    return items.Get(users_["clerk"], *id)->item.index_no;
  }

  ApplicationInput Application(const std::string& title, const std::string& id_number = "11010519491231002X") {
    ApplicationInput in;
    in.applicant = {"natural", "张三", "", "居民身份证", id_number, "13812345678", "", "", ""};
    in.info_title = title;
    in.form = "electronic";
    in.delivery = "online";
    return in;
  }

  disclosure::ReferenceData ref_;
  std::map<std::string, Principal> users_;
};

// A request received in December of the last notice year is due in the
// provisional year; loading that year's notice recomputes its due date, and
// only the dates that could have followed the calendar.
TEST_F(InquiriesTest, DueDatesInTheProvisionalYearFollowTheNoticeOnceLoaded) {
  Inquiries svc(ctx_, ref_);
  clock_.Set(1797818400);  // 2026-12-21
  auto late = svc.Submit(agency_, InquiryKind::kCorrection, {"王五", "13912345678", "", "", "门牌号", "有误"}, kVisitor);
  ASSERT_TRUE(late.ok()) << late.status().message();
  ASSERT_TRUE(late->due_on.has_value());
  EXPECT_EQ(late->due_on->ToString(), "2027-01-19") << "provisionally only 元旦 is off";
  clock_.Set(1796004000);  // 2026-11-30
  auto early = svc.Submit(agency_, InquiryKind::kExplanation, {"李四", "13912345678", "", "", "x", "y"}, kVisitor);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->due_on->ToString(), "2026-12-28");

  EXPECT_EQ(Inquiries::RecomputeDueDates(ctx_, users_["clerk"]).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(*Inquiries::RecomputeDueDates(ctx_, users_["office"]), 0) << "nothing moves without a new notice";
  // The notice (a test one) gives 4–8 January off as well.
  auto year = ParseCalendarForm(2027, "测试通知", "元旦 2027-01-01 2027-01-08", "");
  ASSERT_TRUE(year.ok());
  ASSERT_TRUE(accounts::Workdays(ctx_).AddYear(users_["office"], *year).ok());
  EXPECT_EQ(*Inquiries::RecomputeDueDates(ctx_, users_["office"]), 1);
  auto due = [&](const std::string& ref, const char* table) {
    std::string out;
    EXPECT_TRUE(t_.db().Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT due_on FROM ") + table + " WHERE ref = ?", {ref}));
      out = row->Str(0);
      return Status::Ok();
    }).ok());
    return out;
  };
  EXPECT_EQ(due(late->ref, "correction_requests"), "2027-01-26");
  EXPECT_EQ(due(early->ref, "explanation_requests"), "2026-12-28") << "a date before the new year stays";
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'inquiry.recompute_due'"), 1);
}

TEST_F(InquiriesTest, ExplanationIsAnsweredWithTheItemsGroundAndReason) {
  std::string index_no = Item("某小区物业维修资金使用明细", disclosure::Attribute::kWithheld, "art15",
                              "涉及业主个人信息");
  Inquiries svc(ctx_, ref_);
  InquiryInput in{"李四", "13912345678", "", "", "物业维修资金使用明细", "为什么不公开？"};
  auto f = svc.Submit(agency_, InquiryKind::kExplanation, in, kVisitor);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->ref, "SM2025-0001");
  EXPECT_EQ(*f->due_on, *Date::Parse("2025-10-30"));
  EXPECT_EQ(svc.Lookup(agency_, InquiryKind::kExplanation, f->query_code, "13800000000", kVisitor).status().code(),
            Code::kNotFound);
  EXPECT_EQ(svc.Lookup(agency_, InquiryKind::kCorrection, f->query_code, "13912345678", kVisitor).status().code(),
            Code::kNotFound);
  EXPECT_EQ(svc.Explain(users_["clerk"], f->id, index_no, "").code(), Code::kNotFound) << "not assigned: not the clerk's to read";
  EXPECT_EQ(svc.Explain(users_["office"], f->id, "", "").code(), Code::kInvalidArgument);
  EXPECT_EQ(svc.Explain(users_["office"], f->id, "jingansi/2025-99999", "").code(), Code::kInvalidArgument);
  ASSERT_TRUE(svc.Explain(users_["office"], f->id, index_no, "如有疑问可来电咨询。").ok());
  auto q = svc.Lookup(agency_, InquiryKind::kExplanation, f->query_code, "139 1234 5678", kVisitor);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->state, "answered");
  EXPECT_NE(q->answer.find("不予公开"), std::string::npos);
  EXPECT_NE(q->answer.find("《条例》第十五条"), std::string::npos);
  EXPECT_NE(q->answer.find("涉及业主个人信息"), std::string::npos);
  EXPECT_NE(q->answer.find("如有疑问可来电咨询"), std::string::npos);
  EXPECT_EQ(svc.Explain(users_["office"], f->id, index_no, "").code(), Code::kFailedPrecondition);
}

TEST_F(InquiriesTest, ExplanationRefusesAProactiveOrUnreviewedItem) {
  std::string proactive = Item("社区活动通知", disclosure::Attribute::kProactive, "art19", "公众需要知晓", true);
  std::string draft = Item("某内部名单", disclosure::Attribute::kWithheld, "art15", "涉及个人隐私", true);
  Inquiries svc(ctx_, ref_);
  auto f = svc.Submit(agency_, InquiryKind::kExplanation, {"李四", "13912345678", "", "", "社区活动通知", "为何"}, kVisitor);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(svc.Explain(users_["office"], f->id, proactive, "").code(), Code::kInvalidArgument);
  auto s = svc.Explain(users_["office"], f->id, draft, "");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_NE(s.message().find("尚未完成审查"), std::string::npos);
}

TEST_F(InquiriesTest, CorrectionRequestIsAnsweredAndTracked) {
  Inquiries svc(ctx_, ref_);
  EXPECT_EQ(svc.Submit(agency_, InquiryKind::kCorrection, {"王五", "123", "", "", "x", "y"}, kVisitor).status().code(),
            Code::kInvalidArgument);
  auto f = svc.Submit(agency_, InquiryKind::kCorrection,
                      {"王五", "13712345678", "", "", "2025年低保名单中本人住址", "住址应为某路5号，附户口簿复印件"}, kVisitor);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->ref, "GZ2025-0001");
  clock_.Advance(40 * kDay);
  auto list = svc.List(users_["office"], InquiryKind::kCorrection, InquiryFilter::kOpen, {});
  ASSERT_EQ(list->rows.size(), 1u);
  EXPECT_TRUE(list->rows[0].overdue);
  EXPECT_EQ(svc.AnswerCorrection(users_["office"], f->id, CorrectionResult::kCorrected, "").code(),
            Code::kInvalidArgument);
  ASSERT_TRUE(svc.AnswerCorrection(users_["office"], f->id, CorrectionResult::kCorrected, "已更正为某路5号").ok());
  auto q = svc.Lookup(agency_, InquiryKind::kCorrection, f->query_code, "13712345678", kVisitor);
  EXPECT_EQ(q->state_label, std::string("已更正"));
  EXPECT_TRUE(svc.List(users_["office"], InquiryKind::kCorrection, InquiryFilter::kOpen, {})->rows.empty())
      << "answered: no longer open";
  EXPECT_FALSE(svc.List(users_["office"], InquiryKind::kCorrection, InquiryFilter::kAll, {})->rows.front().overdue);
}

TEST_F(InquiriesTest, RegistrySuggestsMatchingItems) {
  Item("2025年既有多层住宅加装电梯补贴发放情况", disclosure::Attribute::kOnRequest, "art27", "可依申请提供");
  Item("社区食堂运营补贴办法", disclosure::Attribute::kProactive, "art19", "公众需要知晓");
  Applications apps(ctx_, key_);
  auto f = apps.Submit(agency_, Application("加装电梯补贴发放情况"), kVisitor);
  ASSERT_TRUE(f.ok());
  auto s = apps.RegistrySuggestions(users_["office"], f->id);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_FALSE(s->empty());
  EXPECT_EQ(s->front().title, "2025年既有多层住宅加装电梯补贴发放情况");
  EXPECT_EQ(s->front().attribute, "依申请公开");
  EXPECT_FALSE(s->front().published);
}

TEST_F(InquiriesTest, RepeatsAndSeveralApplicantsAreFlagged) {
  Applications apps(ctx_, key_);
  auto first = apps.Submit(agency_, Application("2025年加装电梯补贴名单"), kVisitor);
  // Answered: the same person asking again is a repeat.
  ASSERT_TRUE(apps.Act(users_["office"], first->id, CaseAction::kAssign,
                       {.department_id = *users_["clerk"].department_id}).ok());
  ASSERT_TRUE(apps.Act(users_["clerk"], first->id, CaseAction::kDraftReply, {.outcome = "granted"}).ok());
  ASSERT_TRUE(apps.Act(users_["office"], first->id, CaseAction::kApproveReply, {}).ok());
  ASSERT_TRUE(apps.Act(users_["office"], first->id, CaseAction::kIssueReply, {}).ok());
  auto again = apps.Submit(agency_, Application("2025年加装电梯补贴名单。"), kVisitor);
  auto r = apps.FindRepeats(users_["office"], again->id);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->repeat);
  EXPECT_EQ(r->applicants, 1);
  EXPECT_FALSE(r->suggest_proactive);
  // Two other people ask for it: three applicants, suggest 主动公开.
  auto b = apps.Submit(agency_, Application("加装电梯补贴名单（2025年）", "110105194912310046"), kVisitor);
  auto c = apps.Submit(agency_, Application("2025年度加装电梯补贴名单", "110105194912310038"), kVisitor);
  ASSERT_TRUE(b.ok() && c.ok());
  auto rc = apps.FindRepeats(users_["office"], c->id);
  EXPECT_EQ(rc->applicants, 3);
  EXPECT_TRUE(rc->suggest_proactive);
  EXPECT_FALSE(rc->repeat);
  // Something else entirely is not related.
  auto other = apps.Submit(agency_, Application("社区食堂运营情况"), kVisitor);
  EXPECT_TRUE(apps.FindRepeats(users_["office"], other->id)->related.empty());
}

TEST_F(InquiriesTest, ReviewsAreRecordedOnAnsweredCases) {
  Applications apps(ctx_, key_);
  auto f = apps.Submit(agency_, Application("某信息"), kVisitor);
  ReviewInput rv{"reconsideration", "2025-09-26", "上海市静安区人民政府", "pending", "", ""};
  EXPECT_EQ(apps.AddReview(users_["office"], f->id, rv).status().code(), Code::kFailedPrecondition);
  ASSERT_TRUE(apps.Act(users_["office"], f->id, CaseAction::kAssign,
                       {.department_id = *users_["clerk"].department_id}).ok());
  ASSERT_TRUE(apps.Act(users_["clerk"], f->id, CaseAction::kDraftReply,
                       {.outcome = "denied.process_info", .reasons = "属于过程稿"}).ok());
  ASSERT_TRUE(apps.Act(users_["office"], f->id, CaseAction::kApproveReply, {}).ok());
  ASSERT_TRUE(apps.Act(users_["office"], f->id, CaseAction::kIssueReply, {}).ok());
  clock_.Advance(10 * kDay);
  EXPECT_EQ(apps.AddReview(users_["clerk"], f->id, rv).status().code(), Code::kPermissionDenied);
  ReviewInput bad = rv;
  bad.kind = "appeal";
  EXPECT_EQ(apps.AddReview(users_["office"], f->id, bad).status().code(), Code::kInvalidArgument);
  bad = rv;
  bad.result = "upheld";  // decided without a date
  EXPECT_EQ(apps.AddReview(users_["office"], f->id, bad).status().code(), Code::kInvalidArgument);
  auto id = apps.AddReview(users_["office"], f->id, rv);
  ASSERT_TRUE(id.ok()) << id.status().message();
  ReviewInput decided = rv;
  decided.result = "upheld";
  decided.decided_on = "2025-10-05";
  ASSERT_TRUE(apps.UpdateReview(users_["office"], f->id, *id, decided).ok());
  auto c = apps.Get(users_["office"], f->id);
  ASSERT_EQ(c->reviews.size(), 1u);
  EXPECT_EQ(c->reviews[0].result, "upheld");
  EXPECT_EQ(c->reviews[0].decided_on, "2025-10-05");
  EXPECT_EQ(c->reviews[0].kind_label, "行政复议");
}

}  // namespace
}  // namespace gk::requests
