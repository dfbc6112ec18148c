// The review chain state machine: every allowed and every refused transition.
#include "disclosure/chain.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace gk::disclosure {
namespace {

constexpr int64_t kHostDept = 1, kCoDept = 2, kOtherDept = 3;

ActorFacts Clerk(int64_t dept = kHostDept) {
  ActorFacts a;
  a.user_id = 10 + dept;
  a.department_id = dept;
  a.clerk = true;
  return a;
}
ActorFacts Head(int64_t dept) {
  ActorFacts a;
  a.user_id = 20 + dept;
  a.department_id = dept;
  a.dept_head = true;
  return a;
}
ActorFacts Office() { ActorFacts a; a.user_id = 31; a.disclosure_office = true; return a; }
ActorFacts Group() { ActorFacts a; a.user_id = 32; a.leading_group = true; return a; }
ActorFacts Leader() { ActorFacts a; a.user_id = 33; a.leader_in_charge = true; return a; }
ActorFacts Principal() { ActorFacts a; a.user_id = 34; a.principal = true; return a; }

ItemFacts Simple() {
  ItemFacts i;
  i.department_id = kHostDept;
  return i;
}

// Applies `action` by `who` and returns the new facts (as the service would).
ItemFacts Apply(ItemFacts item, const ActorFacts& who, Action action) {
  auto d = Decide(item, who, action);
  EXPECT_TRUE(d.ok()) << StateKey(item.state) << " " << ActionLabel(action) << ": " << d.status().ToString();
  if (!d.ok()) return item;
  if (d->step == Step::kCoSign) {
    ++item.co_departments_consented;
    item.co_departments_signed.insert(*who.department_id);
  } else if (d->step) {
    item.signed_steps.insert(*d->step);
  }
  item.state = d->next;
  return item;
}

// Forms, the API and the audit log name actions by one key table.
TEST(ChainTest, EveryActionHasOneKeyAndLabel) {
  std::set<std::string> keys;
  for (Action a : {Action::kEdit, Action::kSubmit, Action::kApprove, Action::kReturn, Action::kHold,
                   Action::kResolveHold, Action::kDeclassify, Action::kPublish, Action::kWithdraw, Action::kConfirm,
                   Action::kReopen}) {
    std::string key = ActionKey(a);
    EXPECT_FALSE(key.empty());
    EXPECT_TRUE(keys.insert(key).second) << key << " named twice";
    EXPECT_EQ(ActionFromKey(key), a) << key;
    EXPECT_FALSE(std::string(ActionLabel(a)).empty()) << key;
  }
  EXPECT_EQ(ActionFromKey("resolve"), Action::kResolveHold) << "the key the item page posts";
  EXPECT_FALSE(ActionFromKey("Approve").has_value());
  EXPECT_FALSE(ActionFromKey("").has_value());
}

TEST(ChainTest, SimpleItemGoesThroughTheFourSteps) {
  ItemFacts i = Simple();
  i = Apply(i, Clerk(), Action::kSubmit);
  EXPECT_EQ(i.state, State::kDeptReview);
  i = Apply(i, Head(kHostDept), Action::kApprove);
  EXPECT_EQ(i.state, State::kSecrecyCheck);
  i = Apply(i, Office(), Action::kApprove);
  EXPECT_EQ(i.state, State::kLeaderReview);
  i = Apply(i, Leader(), Action::kApprove);
  EXPECT_EQ(i.state, State::kPrincipalReview);
  i = Apply(i, Principal(), Action::kApprove);
  EXPECT_EQ(i.state, State::kApproved);
  i = Apply(i, Office(), Action::kPublish);
  EXPECT_EQ(i.state, State::kPublished);
  i = Apply(i, Office(), Action::kWithdraw);
  EXPECT_EQ(i.state, State::kWithdrawn);
}

// The confidentiality supervisor can order a published item withdrawn at once
// (III.14), and nothing else of the chain.
TEST(ChainTest, SecrecySupervisorWithdrawsOnlyPublishedItems) {
  ActorFacts secrecy;
  secrecy.user_id = 36;
  secrecy.secrecy_supervisor = true;
  ItemFacts i = Simple();
  i = Apply(i, Clerk(), Action::kSubmit);
  EXPECT_EQ(Decide(i, secrecy, Action::kApprove).status().code(), Code::kPermissionDenied);
  i = Apply(i, Head(kHostDept), Action::kApprove);
  i = Apply(i, Office(), Action::kApprove);
  i = Apply(i, Leader(), Action::kApprove);
  i = Apply(i, Principal(), Action::kApprove);
  EXPECT_EQ(Decide(i, secrecy, Action::kWithdraw).status().code(), Code::kFailedPrecondition) << "not published yet";
  EXPECT_EQ(Decide(i, secrecy, Action::kPublish).status().code(), Code::kPermissionDenied);
  i = Apply(i, Office(), Action::kPublish);
  auto d = Decide(i, secrecy, Action::kWithdraw);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->next, State::kWithdrawn);
  EXPECT_EQ(Decide(i, Clerk(), Action::kWithdraw).status().code(), Code::kPermissionDenied);
}

TEST(ChainTest, UnresolvedBlockingFindingsStopTheChainAfterTheDepartmentHead) {
  ItemFacts i = Simple();
  i.unresolved_blocking = 2;
  i = Apply(i, Clerk(), Action::kSubmit);
  i = Apply(i, Head(kHostDept), Action::kApprove);  // the department head may still sign
  ASSERT_EQ(i.state, State::kSecrecyCheck);
  auto stopped = Decide(i, Office(), Action::kApprove);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(stopped.status().message().find("2 处"), std::string::npos);
  // Publication is refused too, even with every signature present.
  ItemFacts approved = Simple();
  approved.state = State::kApproved;
  approved.signed_steps = {Step::kSubmit, Step::kDeptHead, Step::kSecrecy, Step::kLeader, Step::kPrincipal};
  approved.unresolved_blocking = 1;
  EXPECT_EQ(Decide(approved, Office(), Action::kPublish).status().code(), Code::kFailedPrecondition);
  // Resolved (overridden or redacted): the chain goes on.
  i.unresolved_blocking = 0;
  EXPECT_TRUE(Decide(i, Office(), Action::kApprove).ok());
  // An item that will not be published is not held by them.
  ItemFacts withheld = Simple();
  withheld.attribute = Attribute::kWithheld;
  withheld.unresolved_blocking = 3;
  withheld = Apply(withheld, Clerk(), Action::kSubmit);
  withheld = Apply(withheld, Head(kHostDept), Action::kApprove);
  EXPECT_TRUE(Decide(withheld, Leader(), Action::kApprove).ok());
}

TEST(ChainTest, JointItemWaitsForEveryCoDepartment) {
  ItemFacts i = Simple();
  i.co_departments = 2;
  i.co_department_ids = {kCoDept, kOtherDept};
  i = Apply(Apply(i, Clerk(), Action::kSubmit), Head(kHostDept), Action::kApprove);
  EXPECT_EQ(i.state, State::kCoSign);
  i = Apply(i, Head(kCoDept), Action::kApprove);
  EXPECT_EQ(i.state, State::kCoSign) << "one of two consents";
  auto again = Decide(i, Head(kCoDept), Action::kApprove);
  EXPECT_EQ(again.status().code(), Code::kPermissionDenied) << "a department consents once";
  i = Apply(i, Head(kOtherDept), Action::kApprove);
  EXPECT_EQ(i.state, State::kSecrecyCheck);
}

TEST(ChainTest, OfficialDocumentsNeedTheLeadingGroup) {
  ItemFacts i = Simple();
  i.official_document = true;
  i = Apply(Apply(Apply(i, Clerk(), Action::kSubmit), Head(kHostDept), Action::kApprove), Office(), Action::kApprove);
  EXPECT_EQ(i.state, State::kContentReview);
  EXPECT_EQ(Decide(i, Leader(), Action::kApprove).status().code(), Code::kPermissionDenied);
  i = Apply(i, Group(), Action::kApprove);
  EXPECT_EQ(i.state, State::kLeaderReview);
}

TEST(ChainTest, ItemsNotForPublicationSkipTheSecrecyCheckAndStayInTheRegistry) {
  for (Attribute a : {Attribute::kOnRequest, Attribute::kWithheld}) {
    ItemFacts i = Simple();
    i.attribute = a;
    i = Apply(Apply(i, Clerk(), Action::kSubmit), Head(kHostDept), Action::kApprove);
    EXPECT_EQ(i.state, State::kLeaderReview);
    i = Apply(Apply(i, Leader(), Action::kApprove), Principal(), Action::kApprove);
    EXPECT_EQ(i.state, State::kApproved);
    auto pub = Decide(i, Office(), Action::kPublish);
    EXPECT_EQ(pub.status().code(), Code::kFailedPrecondition);
    EXPECT_NE(pub.status().message().find(AttributeLabel(a)), std::string::npos);
  }
}

// The one actor who may act on each review state, for the matrix below.
ActorFacts RightActor(State s) {
  switch (s) {
    case State::kDeptReview: return Head(kHostDept);
    case State::kCoSign: return Head(kCoDept);
    case State::kSecrecyCheck: return Office();
    case State::kContentReview: return Group();
    case State::kLeaderReview: return Leader();
    case State::kPrincipalReview: return Principal();
    case State::kOnHold:
    case State::kApproved:
    case State::kPublished:
    case State::kWithdrawn: return Office();
    default: return Clerk();
  }
}

// Every state × action with the right actor: allowed (expected next state) or
// refused (expected code).
TEST(ChainTest, TransitionMatrix) {
  const std::vector<State> states = {State::kDraft, State::kDeptReview, State::kCoSign, State::kSecrecyCheck,
                                     State::kContentReview, State::kLeaderReview, State::kPrincipalReview,
                                     State::kApproved, State::kOnHold, State::kPublished, State::kWithdrawn};
  const std::vector<Action> actions = {Action::kEdit, Action::kSubmit, Action::kApprove, Action::kReturn,
                                       Action::kHold, Action::kResolveHold, Action::kDeclassify,
                                       Action::kPublish, Action::kWithdraw};
  // expected[state][action] = next state, or nullopt for FailedPrecondition.
  using Row = std::map<Action, std::optional<State>>;
  const std::optional<State> kNo;
  std::map<State, Row> expected;
  for (State s : states) {
    Row r;
    for (Action a : actions) r[a] = kNo;
    if (IsReviewState(s)) {
      r[Action::kReturn] = State::kDraft;
      r[Action::kHold] = State::kOnHold;
    }
    expected[s] = r;
  }
  expected[State::kDraft][Action::kEdit] = State::kDraft;
  expected[State::kDraft][Action::kSubmit] = State::kDeptReview;
  expected[State::kDeptReview][Action::kApprove] = State::kCoSign;
  expected[State::kCoSign][Action::kApprove] = State::kSecrecyCheck;
  expected[State::kSecrecyCheck][Action::kApprove] = State::kContentReview;
  expected[State::kContentReview][Action::kApprove] = State::kLeaderReview;
  expected[State::kLeaderReview][Action::kApprove] = State::kPrincipalReview;
  expected[State::kPrincipalReview][Action::kApprove] = State::kApproved;
  expected[State::kOnHold][Action::kResolveHold] = State::kLeaderReview;  // resume_state below
  expected[State::kApproved][Action::kPublish] = State::kPublished;
  expected[State::kPublished][Action::kWithdraw] = State::kWithdrawn;

  for (State s : states) {
    for (Action a : actions) {
      ItemFacts item = Simple();
      item.state = s;
      item.official_document = true;
      item.co_departments = 1;
      item.co_department_ids = {kCoDept};
      item.resume_state = State::kLeaderReview;
      // Everything before the state is signed, as it would be on the way there.
      const std::vector<Step> order = {Step::kSubmit, Step::kDeptHead, Step::kCoSign, Step::kSecrecy,
                                       Step::kContent, Step::kLeader, Step::kPrincipal};
      bool all = s == State::kApproved || s == State::kPublished || s == State::kWithdrawn || s == State::kOnHold;
      if (s != State::kDraft) {
        for (Step st : order) {
          if (!all && StepOf(s) == st) break;
          if (st == Step::kCoSign) {
            item.co_departments_consented = 1;
            item.co_departments_signed = {kCoDept};
          } else {
            item.signed_steps.insert(st);
          }
        }
      }
      // The person the action is for: the clerk drafts, the reviewer of the
      // state reviews, the 公开办 resolves holds, declassifies and publishes.
      ActorFacts who = RightActor(s);
      if (a == Action::kEdit || a == Action::kSubmit) who = Clerk();
      if (a == Action::kResolveHold || a == Action::kDeclassify || a == Action::kPublish || a == Action::kWithdraw) {
        who = Office();
      }
      auto d = Decide(item, who, a);
      const auto& want = expected[s][a];
      std::string where = std::string(StateKey(s)) + " + " + ActionLabel(a);
      if (want) {
        ASSERT_TRUE(d.ok()) << where << ": " << d.status().ToString();
        EXPECT_EQ(d->next, *want) << where;
      } else {
        ASSERT_FALSE(d.ok()) << where << " should be refused";
        EXPECT_EQ(d.status().code(), Code::kFailedPrecondition) << where << ": " << d.status().ToString();
      }
    }
  }
}

// In every review state, everyone but the right reviewer is refused both
// approving and returning.
TEST(ChainTest, OnlyTheRightReviewerActs) {
  const std::vector<ActorFacts> everyone = {Clerk(), Clerk(kCoDept), Head(kHostDept), Head(kCoDept),
                                            Head(kOtherDept), Office(), Group(), Leader(), Principal()};
  for (State s : {State::kDeptReview, State::kCoSign, State::kSecrecyCheck, State::kContentReview,
                  State::kLeaderReview, State::kPrincipalReview}) {
    ItemFacts item = Simple();
    item.state = s;
    item.official_document = true;
    item.co_departments = 1;
    item.co_department_ids = {kCoDept};
    ActorFacts right = RightActor(s);
    for (const ActorFacts& who : everyone) {
      bool is_right = who.user_id == right.user_id;
      for (Action a : {Action::kApprove, Action::kReturn}) {
        auto d = Decide(item, who, a);
        EXPECT_EQ(d.ok(), is_right) << StateKey(s) << " " << ActionLabel(a) << " by user " << who.user_id;
        if (!is_right) {
          EXPECT_EQ(d.status().code(), Code::kPermissionDenied);
        }
      }
    }
  }
}

TEST(ChainTest, OnlyTheHostDepartmentsClerkDraftsAndSubmits) {
  ItemFacts i = Simple();
  EXPECT_TRUE(Decide(i, Clerk(), Action::kEdit).ok());
  EXPECT_EQ(Decide(i, Clerk(kCoDept), Action::kEdit).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(Decide(i, Head(kHostDept), Action::kSubmit).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(Decide(i, Office(), Action::kPublish).status().code(), Code::kFailedPrecondition);
}

TEST(ChainTest, NoPersonSignsTwoSteps) {
  ActorFacts both = Head(kHostDept);
  both.leader_in_charge = true;
  ItemFacts i = Apply(Apply(Simple(), Clerk(), Action::kSubmit), both, Action::kApprove);
  i = Apply(i, Office(), Action::kApprove);
  ASSERT_EQ(i.state, State::kLeaderReview);
  both.steps_signed_on_item = {Step::kDeptHead};
  auto d = Decide(i, both, Action::kApprove);
  EXPECT_EQ(d.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(d.status().message(), "同一人不能签署同一信息的两个环节：您已签署“部门负责人审查”");

  ActorFacts clerk_and_head = Clerk();
  clerk_and_head.dept_head = true;
  clerk_and_head.steps_signed_on_item = {Step::kSubmit};
  ItemFacts j = Apply(Simple(), Clerk(), Action::kSubmit);
  EXPECT_EQ(Decide(j, clerk_and_head, Action::kApprove).status().code(), Code::kPermissionDenied);
}

TEST(ChainTest, ClassifiedItemStopsAfterStepTwoUntilDeclassified) {
  ItemFacts i = Simple();
  i.classified = true;
  i = Apply(Apply(i, Clerk(), Action::kSubmit), Head(kHostDept), Action::kApprove);
  ASSERT_EQ(i.state, State::kSecrecyCheck);
  auto blocked = Decide(i, Office(), Action::kApprove);
  EXPECT_EQ(blocked.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(blocked.status().message().find("解密"), std::string::npos);
  EXPECT_TRUE(Decide(i, Office(), Action::kDeclassify).ok());
  EXPECT_EQ(Decide(i, Leader(), Action::kDeclassify).status().code(), Code::kPermissionDenied);
  i.declassified = true;
  i = Apply(Apply(Apply(i, Office(), Action::kApprove), Leader(), Action::kApprove), Principal(), Action::kApprove);
  EXPECT_EQ(i.state, State::kApproved);
  EXPECT_TRUE(Decide(i, Office(), Action::kPublish).ok());
  i.declassified = false;
  EXPECT_EQ(Decide(i, Office(), Action::kPublish).status().code(), Code::kFailedPrecondition);
  ItemFacts plain = Simple();
  EXPECT_EQ(Decide(plain, Office(), Action::kDeclassify).status().code(), Code::kFailedPrecondition);
}

TEST(ChainTest, ValidSignaturesAreSkippedWhenTheItemComesRoundAgain) {
  ItemFacts i = Simple();
  i.signed_steps = {Step::kDeptHead, Step::kSecrecy};  // still valid: content unchanged
  i = Apply(i, Clerk(), Action::kSubmit);
  EXPECT_EQ(i.state, State::kLeaderReview);
  i.signed_steps = {};  // an edit invalidated them
  i.state = State::kDraft;
  i = Apply(i, Clerk(), Action::kSubmit);
  EXPECT_EQ(i.state, State::kDeptReview);
}

TEST(ChainTest, PublishingNeedsEverySignatureEvenInApprovedState) {
  ItemFacts i = Simple();
  i.state = State::kApproved;  // a state reached without the signatures (a corrupted record)
  i.signed_steps = {Step::kSubmit, Step::kDeptHead, Step::kLeader};
  auto d = Decide(i, Office(), Action::kPublish);
  EXPECT_EQ(d.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(d.status().message(), "审查签字不全，不能发布");
}

TEST(ChainTest, HoldResumesWhereTheItemStopped) {
  ItemFacts i = Apply(Simple(), Clerk(), Action::kSubmit);
  auto hold = Decide(i, Head(kHostDept), Action::kHold);
  ASSERT_TRUE(hold.ok());
  EXPECT_EQ(hold->next, State::kOnHold);
  EXPECT_TRUE(Decide(i, Office(), Action::kHold).ok()) << "the 公开办 may refer too";
  EXPECT_EQ(Decide(i, Leader(), Action::kHold).status().code(), Code::kPermissionDenied);
  i.state = State::kOnHold;
  i.resume_state = State::kDeptReview;
  EXPECT_EQ(Decide(i, Head(kHostDept), Action::kApprove).status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(Decide(i, Head(kHostDept), Action::kResolveHold).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(Decide(i, Office(), Action::kResolveHold)->next, State::kDeptReview);
}

TEST(ChainTest, KeysRoundTrip) {
  for (int s = 0; s <= static_cast<int>(State::kWithdrawn); ++s) {
    EXPECT_EQ(StateFromKey(StateKey(static_cast<State>(s))), static_cast<State>(s));
    EXPECT_STRNE(StateLabel(static_cast<State>(s)), "");
  }
  for (int s = 0; s <= static_cast<int>(Step::kPrincipal); ++s) {
    EXPECT_EQ(StepFromKey(StepKey(static_cast<Step>(s))), static_cast<Step>(s));
  }
  EXPECT_EQ(AttributeFromKey("on_request"), Attribute::kOnRequest);
  EXPECT_FALSE(StateFromKey("bogus").has_value());
}

}  // namespace
}  // namespace gk::disclosure

namespace gk::disclosure {
namespace {

TEST(ChainReassessTest, OnlyUndisclosedApprovedItemsAreReassessedByTheOffice) {
  ItemFacts i;
  i.department_id = 1;
  i.state = State::kApproved;
  i.attribute = Attribute::kWithheld;
  ActorFacts office;
  office.user_id = 31;
  office.disclosure_office = true;
  EXPECT_EQ(Decide(i, office, Action::kConfirm)->next, State::kApproved);
  EXPECT_EQ(Decide(i, office, Action::kReopen)->next, State::kDraft);
  ActorFacts leader;
  leader.leader_in_charge = true;
  EXPECT_EQ(Decide(i, leader, Action::kConfirm).status().code(), Code::kPermissionDenied);
  i.attribute = Attribute::kProactive;
  EXPECT_EQ(Decide(i, office, Action::kConfirm).status().code(), Code::kFailedPrecondition);
  i.attribute = Attribute::kOnRequest;
  i.state = State::kLeaderReview;
  EXPECT_EQ(Decide(i, office, Action::kReopen).status().code(), Code::kFailedPrecondition);
}

}  // namespace
}  // namespace gk::disclosure
