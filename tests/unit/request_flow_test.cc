// The application state machine: every action in every state, allowed or
// refused, and the role and deadline checks.
#include "requests/flow.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace gk::requests {
namespace {

const auto kAllStates = AllCaseStates();
const auto kAllActions = AllCaseActions();

constexpr int64_t kDept = 7;

CaseActor Office() { return {100, std::nullopt, true, false}; }
CaseActor Handler(int64_t dept = kDept) { return {200, dept, false, true}; }

// Facts under which every deadline-dependent action is possible.
CaseFacts Permissive(CaseState s) {
  CaseFacts f;
  f.state = s;
  f.department_id = kDept;
  f.open_consultations = 1;
  f.correction_window_open = true;
  f.correction_period_over = true;
  f.fee_period_over = true;
  f.drafted_by = 200;
  return f;
}

// The complete transition table: (state, action) → next state.
const std::map<std::pair<CaseState, CaseAction>, CaseState>& Allowed() {
  using S = CaseState;
  using A = CaseAction;
  static const std::map<std::pair<S, A>, S> table = {
      {{S::kReceived, A::kAssign}, S::kHandling},
      {{S::kHandling, A::kAssign}, S::kHandling},
      {{S::kReceived, A::kRequestCorrection}, S::kAwaitingCorrection},
      {{S::kHandling, A::kRequestCorrection}, S::kAwaitingCorrection},
      {{S::kAwaitingCorrection, A::kReceiveSupplement}, S::kHandling},
      {{S::kAwaitingCorrection, A::kCorrectionLapsed}, S::kClosed},
      {{S::kHandling, A::kStartConsultation}, S::kConsulting},
      {{S::kConsulting, A::kStartConsultation}, S::kConsulting},
      {{S::kConsulting, A::kEndConsultation}, S::kHandling},
      {{S::kHandling, A::kNoticeFee}, S::kAwaitingFee},
      {{S::kAwaitingFee, A::kRecordPayment}, S::kHandling},
      {{S::kAwaitingFee, A::kFeeLapsed}, S::kClosed},
      {{S::kHandling, A::kExtend}, S::kHandling},
      {{S::kConsulting, A::kExtend}, S::kConsulting},
      {{S::kAwaitingFee, A::kExtend}, S::kAwaitingFee},
      {{S::kReplyDrafted, A::kExtend}, S::kReplyDrafted},
      {{S::kReplyApproved, A::kExtend}, S::kReplyApproved},
      {{S::kHandling, A::kDraftReply}, S::kReplyDrafted},
      {{S::kReplyDrafted, A::kReturnDraft}, S::kHandling},
      {{S::kReplyDrafted, A::kApproveReply}, S::kReplyApproved},
      {{S::kReplyApproved, A::kIssueReply}, S::kReplied},
      {{S::kReplied, A::kRecordDelivery}, S::kClosed},
      {{S::kReceived, A::kHandOver}, S::kReplied},
      {{S::kHandling, A::kHandOver}, S::kReplied},
  };
  return table;
}

TEST(CaseFlowTest, EveryStateAndActionFollowsTheTable) {
  for (CaseState s : kAllStates) {
    for (CaseAction a : kAllActions) {
      SCOPED_TRACE(std::string(CaseStateKey(s)) + " / " + CaseActionKey(a));
      auto r = Decide(Permissive(s), Office(), a);
      auto it = Allowed().find({s, a});
      if (it == Allowed().end()) {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
      } else {
        ASSERT_TRUE(r.ok()) << r.status().message();
        EXPECT_EQ(*r, it->second);
      }
    }
  }
}

TEST(CaseFlowTest, DepartmentHandlersDoOnlyTheSubstance) {
  const std::set<CaseAction> theirs = {CaseAction::kStartConsultation, CaseAction::kEndConsultation,
                                       CaseAction::kDraftReply};
  for (auto [key, next] : Allowed()) {
    auto [s, a] = key;
    SCOPED_TRACE(std::string(CaseStateKey(s)) + " / " + CaseActionKey(a));
    auto own = Decide(Permissive(s), Handler(), a);
    auto other = Decide(Permissive(s), Handler(kDept + 1), a);
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.status().code(), Code::kPermissionDenied);
    if (theirs.count(a)) {
      EXPECT_TRUE(own.ok()) << own.status().message();
    } else {
      ASSERT_FALSE(own.ok());
      EXPECT_EQ(own.status().code(), Code::kPermissionDenied);
    }
  }
}

TEST(CaseFlowTest, NobodyWithoutARoleActs) {
  for (CaseAction a : kAllActions) {
    auto r = Decide(Permissive(CaseState::kHandling), CaseActor{300, kDept, false, false}, a);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kPermissionDenied);
  }
}

TEST(CaseFlowTest, SupplementReturnsUnassignedCaseToRegistration) {
  CaseFacts f = Permissive(CaseState::kAwaitingCorrection);
  f.department_id.reset();
  EXPECT_EQ(*Decide(f, Office(), CaseAction::kReceiveSupplement), CaseState::kReceived);
}

TEST(CaseFlowTest, CorrectionNoticeOnlyWithinSevenWorkingDays) {
  CaseFacts f = Permissive(CaseState::kReceived);
  f.correction_window_open = false;
  auto r = Decide(f, Office(), CaseAction::kRequestCorrection);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("7个工作日"), std::string::npos);
}

TEST(CaseFlowTest, LapsesOnlyAfterTheDeadline) {
  CaseFacts c = Permissive(CaseState::kAwaitingCorrection);
  c.correction_period_over = false;
  EXPECT_EQ(Decide(c, Office(), CaseAction::kCorrectionLapsed).status().code(), Code::kFailedPrecondition);
  CaseFacts f = Permissive(CaseState::kAwaitingFee);
  f.fee_period_over = false;
  EXPECT_EQ(Decide(f, Office(), CaseAction::kFeeLapsed).status().code(), Code::kFailedPrecondition);
}

TEST(CaseFlowTest, ConsultingUntilTheLastConsultationEnds) {
  CaseFacts f = Permissive(CaseState::kConsulting);
  f.open_consultations = 2;
  EXPECT_EQ(*Decide(f, Office(), CaseAction::kEndConsultation), CaseState::kConsulting);
}

TEST(CaseFlowTest, ExtendsOnlyOnce) {
  CaseFacts f = Permissive(CaseState::kHandling);
  f.extended = true;
  auto r = Decide(f, Office(), CaseAction::kExtend);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
}

TEST(CaseFlowTest, DrafterCannotApproveOwnReply) {
  CaseFacts f = Permissive(CaseState::kReplyDrafted);
  f.drafted_by = Office().user_id;
  auto r = Decide(f, Office(), CaseAction::kApproveReply);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
}

TEST(CaseFlowTest, BlockingFindingsInReplyFilesStopApprovalAndIssue) {
  for (CaseState s : {CaseState::kReplyDrafted, CaseState::kReplyApproved}) {
    CaseFacts f = Permissive(s);
    f.unresolved_blocking = 1;
    CaseAction a = s == CaseState::kReplyDrafted ? CaseAction::kApproveReply : CaseAction::kIssueReply;
    auto r = Decide(f, Office(), a);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
    EXPECT_NE(r.status().message().find("保密审查"), std::string::npos);
  }
  // Returning the draft is still possible (to replace the file).
  CaseFacts f = Permissive(CaseState::kReplyDrafted);
  f.unresolved_blocking = 1;
  EXPECT_TRUE(Decide(f, Office(), CaseAction::kReturnDraft).ok());
}

TEST(CaseFlowTest, KeysRoundTrip) {
  for (CaseState s : kAllStates) EXPECT_EQ(CaseStateFromKey(CaseStateKey(s)), s);
  for (CaseAction a : kAllActions) EXPECT_EQ(CaseActionFromKey(CaseActionKey(a)), a);
  EXPECT_FALSE(CaseStateFromKey("nope"));
  EXPECT_FALSE(IsOpen(CaseState::kClosed));
  EXPECT_TRUE(IsOpen(CaseState::kReplied));
}

}  // namespace
}  // namespace gk::requests
