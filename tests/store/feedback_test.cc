// Feedback and complaints on both engines: the challenge and the per-address
// limit, validation that stores nothing, the query code, who sees what
// (a department only what was forwarded to it, the 监察办 everything), the
// handling steps and who may take them, the reply letter, personal data
// sealed at rest, and the ledger's feedback column.
#include "base/calendar_files.h"
#include "oversight/feedback.h"

#include <gtest/gtest.h>

#include <set>

#include "accounts/agencies.h"
#include "accounts/public_guard.h"
#include "accounts/workdays.h"
#include "disclosure/reference.h"
#include "records/ledger.h"
#include "store/fixture.h"
#include "support/pdf_text.h"
#include "support/published.h"
#include "support/test_db.h"

namespace gk::oversight {
namespace {

using testing::kVisitor;

using accounts::Principal;

constexpr UnixSeconds kMonday20260601 = 1780286400;  // 12:00 in Shanghai

class FeedbackTest : public testing::StoreTest {
 protected:
  FeedbackTest() : StoreTest(kMonday20260601) {}
  Feedback Service() { return Feedback(ctx_); }
  Feedback::Origin Answered(const std::string& address = "203.0.113.7") {
    accounts::Challenge ch = accounts::NewChallenge(key_, clock_.Now());
    // "a 加 b 等于几？"
    int a = ch.question[0] - '0', b = ch.question[ch.question.find("加 ") + 4] - '0';
    return {address, ch.token, std::to_string(a + b)};
  }
  int64_t Count() { return testing::QueryInt(t_.db(), "SELECT count(*) FROM feedback_cases"); }
  std::string Lookup(const std::string& code) {
    auto p = Service().Lookup(agency_, code, kVisitor);
    return p.ok() ? p->state_label : p.status().message();
  }
};

TEST_F(FeedbackTest, ChallengeLimitAndValidationStoreNothingWhenRefused) {
  FeedbackInput in;
  in.content = "网站上的2025年预算公开表格无法打开。";
  Feedback::Origin wrong = Answered();
  wrong.challenge_answer = "99";
  EXPECT_EQ(Service().Submit(agency_, in, wrong).status().message(), "验证问题回答不正确");
  Feedback::Origin forged = Answered();
  forged.challenge_token[0] = forged.challenge_token[0] == '9' ? '8' : '9';
  EXPECT_EQ(Service().Submit(agency_, in, forged).status().code(), Code::kInvalidArgument);
  Feedback::Origin stale = Answered();
  clock_.Advance(31 * 60);
  EXPECT_EQ(Service().Submit(agency_, in, stale).status().message(), "验证问题已过期，请重新回答");

  FeedbackInput bad = in;
  bad.content = " ";
  EXPECT_EQ(Service().Submit(agency_, bad, Answered()).status().code(), Code::kInvalidArgument);
  bad.content = std::string(kMaxFeedbackChars + 1, 'x');
  EXPECT_EQ(Service().Submit(agency_, bad, Answered()).status().code(), Code::kInvalidArgument);
  bad = in;
  bad.phone = "12";
  EXPECT_EQ(Service().Submit(agency_, bad, Answered()).status().message(), "联系电话无效");
  bad = in;
  bad.item_id = 1;  // the demo's item 1 is a draft
  EXPECT_EQ(Service().Submit(agency_, bad, Answered()).status().message(), "所涉信息不存在或未公开");
  bad = in;
  bad.application_ref = "2026-9999";
  EXPECT_EQ(Service().Submit(agency_, bad, Answered()).status().message(), "申请编号不存在");
  EXPECT_EQ(Count(), 0);

  // Five from one address in ten minutes; the sixth waits; others are not held back.
  for (int k = 0; k < 5; ++k) ASSERT_TRUE(Service().Submit(agency_, in, Answered()).ok()) << k;
  EXPECT_EQ(Service().Submit(agency_, in, Answered()).status().code(), Code::kTooManyRequests);
  EXPECT_TRUE(Service().Submit(agency_, in, Answered("198.51.100.2")).ok());
  clock_.Advance(601);
  EXPECT_TRUE(Service().Submit(agency_, in, Answered()).ok());
  EXPECT_EQ(Count(), 7);
}

TEST_F(FeedbackTest, ComplaintIsForwardedAnsweredAndRepliedInWriting) {
  auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
  ASSERT_TRUE(ref.ok());
  int64_t item = testing::PublishThroughChain(ctx_, *ref, agency_, "0201", "关于社区食堂运营补贴的实施办法",
                                              "2026-05-20", "补贴标准见附件。");
  FeedbackInput in;
  in.kind = FeedbackKind::kComplaint;
  in.item_id = item;
  in.content = "补贴办法公开时缺少附件中的补贴标准表。";
  in.name = "刘女士";
  in.phone = "13912345678";
  in.email = "liu@example.cn";
  auto filed = Service().Submit(agency_, in, Answered());
  ASSERT_TRUE(filed.ok()) << filed.status().message();
  EXPECT_EQ(filed->ref, "FK2026-0001");
  ASSERT_TRUE(filed->due_on.has_value());
  EXPECT_EQ(filed->due_on->ToString(), "2026-06-23") << "15 working days; 端午节 2026-06-19 is a holiday";
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM feedback_cases WHERE contact_sealed LIKE ?",
                              {std::string("%13912345678%")}),
            0)
      << "contact details are sealed";

  auto seen = Service().Lookup(agency_, filed->query_code, kVisitor);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->state_label, "待办理");
  EXPECT_EQ(seen->subject, "关于社区食堂运营补贴的实施办法");
  EXPECT_EQ(Service().Lookup(agency_, "AAAA-BBBB-CCCC", kVisitor).status().code(), Code::kNotFound);

  // Who sees it before it is forwarded: the 公开办, the 监察办, the 领导小组.
  for (const char* u : {"office", "supervisor", "group"}) {
    auto list = Service().List(User(u));
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->size(), 1u) << u;
  }
  for (const char* u : {"clerk", "secrecy"}) {
    EXPECT_TRUE(Service().List(User(u))->empty()) << u;
    EXPECT_EQ(Service().Get(User(u), filed->id).status().code(), Code::kNotFound) << u;
  }
  auto office_view = Service().Get(User("office"), filed->id);
  ASSERT_TRUE(office_view.ok());
  EXPECT_EQ(office_view->contact_masked.find("13912345678"), std::string::npos);
  EXPECT_NE(office_view->contact_masked.find("139"), std::string::npos);

  // Only the 公开办 handles; the 监察办 watches.
  EXPECT_EQ(Service().Reply(User("supervisor"), filed->id, "x", ReplyForm::kDirect).code(), Code::kPermissionDenied);
  EXPECT_EQ(Service().Answer(User("clerk"), filed->id, "x").code(), Code::kNotFound) << "not forwarded to it";
  int64_t community = *User("clerk").department_id;
  ASSERT_TRUE(Service().Forward(User("office"), filed->id, community, "请核实附件情况").ok());
  EXPECT_EQ(Service().List(User("clerk"))->size(), 1u) << "now the department sees it";
  EXPECT_TRUE(Service().List(User("secrecy"))->empty()) << "another department still does not";
  EXPECT_EQ(Service().Reply(User("office"), filed->id, "x", ReplyForm::kDirect).code(), Code::kFailedPrecondition)
      << "waiting for the department";
  EXPECT_EQ(Service().Answer(User("clerk"), filed->id, " ").code(), Code::kInvalidArgument);
  ASSERT_TRUE(Service().Answer(User("depthead"), filed->id, "经核实，附件已补充上传。").ok());
  EXPECT_EQ(Service().Answer(User("clerk"), filed->id, "again").code(), Code::kFailedPrecondition);
  EXPECT_EQ(Lookup(filed->query_code), "办理中");

  ASSERT_TRUE(Service().Reply(User("office"), filed->id, "经核实，补贴标准表已于6月3日补充公开。\n感谢监督。",
                              ReplyForm::kBoard).ok());
  EXPECT_EQ(Service().Dismiss(User("office"), filed->id, "x").code(), Code::kFailedPrecondition) << "final";
  auto replied = Service().Lookup(agency_, filed->query_code, kVisitor);
  ASSERT_TRUE(replied.ok());
  EXPECT_TRUE(replied->replied);
  EXPECT_EQ(replied->reply_form_label, "公开栏公告");
  EXPECT_NE(replied->reply.find("补贴标准表已于6月3日补充公开"), std::string::npos);
  auto detail = Service().Get(User("supervisor"), filed->id);
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->events.size(), 4u) << "received, forwarded, answered, replied";
  EXPECT_EQ(detail->events[0].action, "收到（门户网站）");
  EXPECT_EQ(detail->events[1].note, "请核实附件情况");
  EXPECT_EQ(detail->department_answer, "经核实，附件已补充上传。");

  auto pdf = Service().ReplyLetterForSender(agency_, filed->query_code, false, testing::kVisitor);
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  std::string text = testing::PdfText(pdf->bytes);
  for (const char* s : {"关于政府信息公开工作投诉的答复", "刘女士：", "FK2026-0001", "补贴标准表已于6月3日补充公开",
                        "静安寺街道办事处"}) {
    EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text;
  }
  auto docx = Service().ReplyLetter(User("office"), filed->id, true);
  ASSERT_TRUE(docx.ok());
  EXPECT_EQ(docx->bytes.substr(0, 2), "PK");
  EXPECT_EQ(Service().ReplyLetter(User("secrecy"), filed->id, false).status().code(), Code::kNotFound);
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM audit_log WHERE action LIKE 'feedback.%'"), 4);

  // The ledger's feedback column shows it beside the item's publication.
  auto ledger = t_.db().Read<records::Ledger>([&](store::Tx& tx) { return records::BuildLedger(tx, agency_, 2026); });
  ASSERT_TRUE(ledger.ok());
  bool shown = false;
  for (const auto& line : ledger->lines) {
    if (line.content == "关于社区食堂运营补贴的实施办法") shown = line.feedback == "投诉 FK2026-0001（已答复）";
  }
  EXPECT_TRUE(shown);
}

// A complaint received in December of the last notice year is due in the
// provisional year; the loaded notice moves it, while a closed case and one
// due before the new year keep their dates.
TEST_F(FeedbackTest, ProvisionalDueDatesFollowTheNoticeOnceLoaded) {
  FeedbackInput in;
  in.kind = FeedbackKind::kSuggestion;
  in.content = "建议在公开栏增加大字版。";
  clock_.Set(1796004000);  // 2026-11-30
  auto early = Service().Register(User("office"), in, FeedbackChannel::kPhone);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->due_on->ToString(), "2026-12-21") << "15 working days";
  clock_.Set(1797818400);  // 2026-12-21
  auto late = Service().Register(User("office"), in, FeedbackChannel::kPhone);
  auto dismissed = Service().Register(User("office"), in, FeedbackChannel::kPhone);
  ASSERT_TRUE(late.ok() && dismissed.ok());
  EXPECT_EQ(late->due_on->ToString(), "2027-01-12") << "provisionally only 元旦 is off";
  ASSERT_TRUE(Service().Dismiss(User("office"), dismissed->id, "重复来电").ok());
  EXPECT_EQ(Service().RecomputeDueDates(User("clerk")).status().code(), Code::kPermissionDenied);
  auto year = ParseCalendarForm(2027, "测试通知", "元旦 2027-01-01 2027-01-08", "");
  ASSERT_TRUE(year.ok());
  ASSERT_TRUE(accounts::Workdays(ctx_).AddYear(User("office"), *year).ok());
  EXPECT_EQ(*Service().RecomputeDueDates(User("office")), 1);
  EXPECT_EQ(Service().Get(User("office"), late->id)->due_on, "2027-01-19");
  EXPECT_EQ(Service().Get(User("office"), dismissed->id)->due_on, "2027-01-12") << "a closed case keeps its date";
  EXPECT_EQ(Service().Get(User("office"), early->id)->due_on, "2026-12-21");
  EXPECT_EQ(*Service().RecomputeDueDates(User("office")), 0) << "idempotent";
}

TEST_F(FeedbackTest, OfficeRegistersPhoneCallsAndDismissesAbuse) {
  FeedbackInput in;
  in.kind = FeedbackKind::kSuggestion;
  in.content = "建议在公开栏增加大字版。";
  EXPECT_EQ(Service().Register(User("clerk"), in, FeedbackChannel::kPhone).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(Service().Register(User("office"), in, FeedbackChannel::kPortal).status().code(), Code::kInvalidArgument);
  auto settings = *accounts::LoadSettings(t_.db(), agency_);
  settings["complaint_reply_days"] = "5";
  ASSERT_TRUE(accounts::SaveSettings(ctx_, User("admin"), settings).ok());
  auto filed = Service().Register(User("office"), in, FeedbackChannel::kPhone);
  ASSERT_TRUE(filed.ok());
  EXPECT_EQ(filed->due_on->ToString(), "2026-06-08") << "the agency's own limit: 5 working days";
  EXPECT_TRUE(Service().CodeBelongsTo(agency_, filed->id, filed->query_code));
  EXPECT_FALSE(Service().CodeBelongsTo(agency_, filed->id, "AAAA-BBBB-CCCC"));
  EXPECT_FALSE(Service().CodeBelongsTo(agency_, filed->id, ""));
  auto c = Service().Get(User("office"), filed->id);
  EXPECT_EQ(c->channel, FeedbackChannel::kPhone);
  EXPECT_EQ(c->requester_name, "");
  EXPECT_EQ(Service().Dismiss(User("office"), filed->id, " ").code(), Code::kInvalidArgument);
  ASSERT_TRUE(Service().Dismiss(User("office"), filed->id, "与政府信息公开工作无关").ok());
  EXPECT_EQ(Service().Get(User("office"), filed->id)->state, FeedbackState::kDismissed);
  EXPECT_EQ(Service().ReplyLetter(User("office"), filed->id, false).status().code(), Code::kFailedPrecondition);
  EXPECT_TRUE(Service().List(User("office"), {true, std::nullopt})->empty()) << "nothing open";
}

// Page after page, the cases come out once each in the list's order (open
// ones by received date, newest first among a day's, then the closed ones
// newest first), with or without the kind filter; the heading's counts are
// the open and overdue rows the list yields.
TEST_F(FeedbackTest, PagesWalkTheListOnceInItsOrderAcrossTiedDates) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 10; ++i) {
    if (i % 3 == 0) clock_.Advance(86400);  // three or so a day
    FeedbackInput in;
    in.kind = i % 2 ? FeedbackKind::kComplaint : FeedbackKind::kOpinion;
    in.content = "第" + std::to_string(i) + "件意见。";
    auto filed = Service().Register(User("office"), in, FeedbackChannel::kPhone);
    ASSERT_TRUE(filed.ok()) << filed.status().message();
    ids.push_back(filed->id);
  }
  for (int i : {0, 4, 5, 9}) ASSERT_TRUE(Service().Dismiss(User("office"), ids[i], "重复提交").ok());
  clock_.Advance(40 * 86400);  // every open case is overdue now

  auto walk = [&](const FeedbackFilter& f, int limit) {
    std::vector<FeedbackCase> rows;
    PageSpec spec{std::nullopt, limit};
    for (int pages = 0; pages < 50; ++pages) {
      auto page = Service().Page(User("office"), f, spec);
      EXPECT_TRUE(page.ok());
      if (!page.ok()) break;
      rows.insert(rows.end(), page->rows.begin(), page->rows.end());
      if (!page->next) break;
      EXPECT_EQ(page->rows.size(), static_cast<size_t>(limit));
      spec.after = page->next;
    }
    return rows;
  };
  // The order as the list states it.
  auto before = [](const FeedbackCase& a, const FeedbackCase& b) {
    bool ao = FeedbackOpen(a.state), bo = FeedbackOpen(b.state);
    if (ao != bo) return ao;
    if (ao && a.received_on != b.received_on) return a.received_on < b.received_on;
    return a.id > b.id;
  };
  for (FeedbackFilter f : {FeedbackFilter{}, FeedbackFilter{true, std::nullopt},
                           FeedbackFilter{false, FeedbackKind::kComplaint}}) {
    auto all = walk(f, 1000);
    for (int limit : {1, 2, 3, 7}) {
      auto rows = walk(f, limit);
      ASSERT_EQ(rows.size(), all.size()) << "limit " << limit;
      std::set<int64_t> seen;
      for (size_t i = 0; i < rows.size(); ++i) {
        EXPECT_TRUE(seen.insert(rows[i].id).second) << "case " << rows[i].id << " twice";
        if (i > 0) {
          EXPECT_TRUE(before(rows[i - 1], rows[i])) << "limit " << limit << ", row " << i;
        }
        if (f.open_only) {
          EXPECT_TRUE(FeedbackOpen(rows[i].state));
        }
        if (f.kind) {
          EXPECT_EQ(rows[i].kind, *f.kind);
        }
      }
    }
    int64_t open = 0, overdue = 0;
    for (const auto& c : all) {
      open += FeedbackOpen(c.state);
      overdue += c.overdue;
    }
    auto counts = Service().Count(User("office"), f);
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->open, open);
    EXPECT_EQ(counts->overdue, overdue);
  }
  EXPECT_EQ(walk({}, 4).size(), 10u);
  EXPECT_EQ(Service().Count(User("office"), {})->open, 6);
  EXPECT_EQ(Service().Count(User("office"), {})->overdue, 6);
  EXPECT_EQ(Service().Count(User("clerk"), {})->open, 0) << "nothing forwarded to the department";
}

}  // namespace
}  // namespace gk::oversight
