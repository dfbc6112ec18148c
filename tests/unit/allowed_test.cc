// What the pages may offer: for each state machine, every state × actor (and,
// for applications, the facts that gate an action), Allowed offers exactly
// the actions the transition function accepts and no other. A page shows the
// forms of Allowed only, so it can never offer what the domain refuses.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "oversight/feedback_flow.h"
#include "oversight/order_flow.h"
#include "requests/flow.h"

namespace gk {
namespace {

template <typename T>
bool Contains(const std::vector<T>& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// ---------------------------------------------------------------- applications

using requests::CaseAction;
using requests::CaseActor;
using requests::CaseFacts;
using requests::CaseState;

const auto kCaseStates = requests::AllCaseStates();
const auto kCaseActions = requests::AllCaseActions();

constexpr int64_t kDept = 7;

struct NamedActor {
  const char* name;
  CaseActor actor;
};

// Everyone the case page is shown to, and a few it is not.
const NamedActor kCaseActors[] = {
    {"office", {100, std::nullopt, true, false}},
    {"office drafter", {300, std::nullopt, true, false}},
    {"office in the department", {101, kDept, true, true}},
    {"clerk of the department", {200, kDept, false, true}},
    {"drafting clerk", {300, kDept, false, true}},
    {"clerk of another department", {201, 8, false, true}},
    {"leader of the department", {202, kDept, false, false}},
    {"nobody", {0, std::nullopt, false, false}},
};

struct NamedFacts {
  const char* name;
  CaseFacts (*make)(CaseState);
};

CaseFacts Open(CaseState s) {
  CaseFacts f;
  f.state = s;
  f.department_id = kDept;
  f.open_consultations = 1;
  f.correction_window_open = true;
  f.correction_period_over = true;
  f.fee_period_over = true;
  f.drafted_by = 300;
  return f;
}

CaseFacts Gated(CaseState s) {
  CaseFacts f = Open(s);
  f.extended = true;
  f.correction_window_open = false;
  f.correction_period_over = false;
  f.fee_period_over = false;
  f.unresolved_blocking = 2;
  f.open_consultations = 2;
  return f;
}

CaseFacts Unassigned(CaseState s) {
  CaseFacts f = Open(s);
  f.department_id.reset();
  f.drafted_by = 0;
  return f;
}

const NamedFacts kCaseFacts[] = {{"open", Open}, {"gated", Gated}, {"unassigned", Unassigned}};

TEST(AllowedTest, ApplicationsOfferExactlyWhatDecideAccepts) {
  int offered = 0;
  for (const NamedFacts& nf : kCaseFacts) {
    for (CaseState s : kCaseStates) {
      const CaseFacts facts = nf.make(s);
      for (const NamedActor& who : kCaseActors) {
        const std::vector<CaseAction> allowed = requests::Allowed(facts, who.actor);
        for (CaseAction a : kCaseActions) {
          SCOPED_TRACE(std::string(nf.name) + " " + requests::CaseStateKey(s) + " " + who.name + " " +
                       requests::CaseActionKey(a));
          auto next = requests::Decide(facts, who.actor, a);
          EXPECT_EQ(Contains(allowed, a), next.ok()) << (next.ok() ? "" : next.status().message());
          EXPECT_EQ(requests::IsAllowed(allowed, a), next.ok());
          offered += next.ok();
        }
      }
    }
  }
  EXPECT_GT(offered, 50) << "the sweep reaches most transitions";
}

// Issue 16: the page offered a second extension, which flow.cc refuses.
TEST(AllowedTest, ExtensionIsOfferedOnlyOnce) {
  const CaseActor office = kCaseActors[0].actor;
  for (CaseState s : {CaseState::kHandling, CaseState::kConsulting, CaseState::kAwaitingFee,
                      CaseState::kReplyDrafted, CaseState::kReplyApproved}) {
    SCOPED_TRACE(requests::CaseStateKey(s));
    CaseFacts f = Open(s);
    EXPECT_TRUE(Contains(requests::Allowed(f, office), CaseAction::kExtend));
    f.extended = true;
    EXPECT_FALSE(Contains(requests::Allowed(f, office), CaseAction::kExtend));
  }
}

// Issue 16: the page offered approval to the reply's drafter, which flow.cc
// refuses; sending the draft back stays theirs to offer.
TEST(AllowedTest, DrafterIsNotOfferedApprovalOfTheirOwnReply) {
  CaseFacts f = Open(CaseState::kReplyDrafted);
  f.drafted_by = 100;
  const CaseActor drafter = kCaseActors[0].actor;
  EXPECT_FALSE(Contains(requests::Allowed(f, drafter), CaseAction::kApproveReply));
  EXPECT_TRUE(Contains(requests::Allowed(f, drafter), CaseAction::kReturnDraft));
  f.drafted_by = 300;
  EXPECT_TRUE(Contains(requests::Allowed(f, drafter), CaseAction::kApproveReply));
}

TEST(AllowedTest, WhoHandlesAndWhoseTurn) {
  const CaseActor office = kCaseActors[0].actor, clerk = kCaseActors[3].actor, other = kCaseActors[5].actor,
                  leader = kCaseActors[6].actor;
  for (CaseState s : kCaseStates) {
    SCOPED_TRACE(requests::CaseStateKey(s));
    CaseFacts f = Open(s);
    EXPECT_TRUE(requests::Handles(f, office));
    EXPECT_TRUE(requests::Handles(f, clerk));
    EXPECT_FALSE(requests::Handles(f, other));
    EXPECT_FALSE(requests::Handles(f, leader));
    bool department_turn = s == CaseState::kHandling || s == CaseState::kConsulting;
    EXPECT_EQ(requests::WaitsFor(f, office), !department_turn && s != CaseState::kClosed);
    EXPECT_EQ(requests::WaitsFor(f, clerk), department_turn);
    EXPECT_FALSE(requests::WaitsFor(f, other));
    EXPECT_FALSE(requests::WaitsFor(f, leader));
    EXPECT_FALSE(requests::Handles(Unassigned(s), clerk));
    EXPECT_EQ(requests::AwaitsReply(s), s != CaseState::kReplied && s != CaseState::kClosed);
    EXPECT_EQ(requests::IsOpen(s), s != CaseState::kClosed);
  }
}

TEST(AllowedTest, RedactingReplyFilesIsForWhoeverHandlesTheDraft) {
  for (CaseState s : kCaseStates) {
    for (const NamedActor& who : kCaseActors) {
      SCOPED_TRACE(std::string(requests::CaseStateKey(s)) + " " + who.name);
      CaseFacts f = Open(s);
      EXPECT_EQ(requests::MayRedactReplyFiles(f, who.actor).ok(),
                s == CaseState::kReplyDrafted && requests::Handles(f, who.actor));
    }
  }
}

// 转交 (Art. 36(5)): the 公开办 hands a case over before any reply is
// drafted and while nothing sent out is pending; the reply letter is issued
// with it, so the case awaits its delivery like any replied case.
TEST(AllowedTest, HandOverIsTheOfficesBeforeAnyReply) {
  for (const NamedFacts& nf : kCaseFacts) {
    for (CaseState s : kCaseStates) {
      for (const NamedActor& who : kCaseActors) {
        SCOPED_TRACE(std::string(nf.name) + " " + requests::CaseStateKey(s) + " " + who.name);
        const CaseFacts f = nf.make(s);
        const bool before_reply = s == CaseState::kReceived || s == CaseState::kHandling;
        auto next = requests::Decide(f, who.actor, CaseAction::kHandOver);
        EXPECT_EQ(next.ok(), before_reply && who.actor.disclosure_office);
        if (next.ok()) {
          EXPECT_EQ(*next, CaseState::kReplied);
        } else if (!who.actor.disclosure_office) {
          EXPECT_EQ(next.status().code(), Code::kPermissionDenied);
        } else {
          EXPECT_EQ(next.status().code(), Code::kFailedPrecondition);
        }
        EXPECT_EQ(Contains(requests::Allowed(f, who.actor), CaseAction::kHandOver), next.ok());
      }
    }
  }
  EXPECT_EQ(requests::CaseActionFromKey("hand_over"), CaseAction::kHandOver);
  EXPECT_STREQ(requests::CaseActionLabel(CaseAction::kHandOver), "转交其他机关");
}

// ---------------------------------------------------------------- feedback

using oversight::FeedbackAction;
using oversight::FeedbackActor;
using oversight::FeedbackState;

TEST(AllowedTest, FeedbackOffersExactlyWhatTheMachineAccepts) {
  int offered = 0;
  for (FeedbackState s : {FeedbackState::kReceived, FeedbackState::kForwarded, FeedbackState::kAnswered,
                          FeedbackState::kReplied, FeedbackState::kDismissed}) {
    for (FeedbackActor who : {FeedbackActor{false, false}, FeedbackActor{true, false}, FeedbackActor{false, true},
                              FeedbackActor{true, true}}) {
      const std::vector<FeedbackAction> allowed = oversight::Allowed(s, who);
      for (FeedbackAction a : {FeedbackAction::kForward, FeedbackAction::kAnswer, FeedbackAction::kReply,
                               FeedbackAction::kDismiss}) {
        SCOPED_TRACE(std::string(oversight::FeedbackStateKey(s)) + " " + oversight::FeedbackActionLabel(a) + " " +
                     std::to_string(who.disclosure_office) + std::to_string(who.of_forwarded_department));
        bool accepted = oversight::NextFeedbackState(s, a, who).ok();
        EXPECT_EQ(Contains(allowed, a), accepted);
        offered += accepted;
      }
    }
  }
  EXPECT_EQ(offered, 2 * 6 + 2) << "received, answered: 3 actions × 2 office actors; forwarded: answer × 2";
}

// ---------------------------------------------------------------- rectification orders

using oversight::OrderAction;
using oversight::OrderActor;
using oversight::OrderState;

TEST(AllowedTest, OrdersOfferExactlyWhatTheMachineAccepts) {
  int offered = 0;
  for (OrderState s : {OrderState::kOpen, OrderState::kReported, OrderState::kClosed}) {
    for (OrderActor who :
         {OrderActor{false, false}, OrderActor{true, false}, OrderActor{false, true}, OrderActor{true, true}}) {
      const std::vector<OrderAction> allowed = oversight::Allowed(s, who);
      for (OrderAction a : {OrderAction::kReport, OrderAction::kClose, OrderAction::kReturn}) {
        SCOPED_TRACE(std::string(oversight::OrderStateKey(s)) + " " + oversight::OrderActionLabel(a) + " " +
                     std::to_string(who.supervises) + std::to_string(who.of_ordered_department));
        bool accepted = oversight::NextOrderState(s, a, who).ok();
        EXPECT_EQ(Contains(allowed, a), accepted);
        offered += accepted;
      }
    }
  }
  EXPECT_EQ(offered, 2 + 4) << "open: report × 2 department actors; reported: close, return × 2 supervisors";
}

}  // namespace
}  // namespace gk
