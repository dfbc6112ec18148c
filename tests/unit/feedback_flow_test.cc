// The feedback/complaint state machine: every allowed and every refused
// transition, for the 公开办, the forwarded department and anyone else.
#include "oversight/feedback_flow.h"

#include <gtest/gtest.h>

namespace gk::oversight {
namespace {

using S = FeedbackState;
using A = FeedbackAction;

constexpr FeedbackActor kOffice{true, false};
constexpr FeedbackActor kDepartment{false, true};
constexpr FeedbackActor kOther{false, false};

TEST(FeedbackFlowTest, AllowedTransitions) {
  struct Case {
    S from;
    A action;
    FeedbackActor actor;
    S to;
  };
  for (const Case& c : {Case{S::kReceived, A::kForward, kOffice, S::kForwarded},
                        Case{S::kReceived, A::kReply, kOffice, S::kReplied},
                        Case{S::kReceived, A::kDismiss, kOffice, S::kDismissed},
                        Case{S::kForwarded, A::kAnswer, kDepartment, S::kAnswered},
                        Case{S::kAnswered, A::kReply, kOffice, S::kReplied},
                        Case{S::kAnswered, A::kForward, kOffice, S::kForwarded},
                        Case{S::kAnswered, A::kDismiss, kOffice, S::kDismissed}}) {
    auto next = NextFeedbackState(c.from, c.action, c.actor);
    ASSERT_TRUE(next.ok()) << FeedbackStateKey(c.from) << " " << FeedbackActionLabel(c.action);
    EXPECT_EQ(*next, c.to);
  }
}

TEST(FeedbackFlowTest, RefusedTransitions) {
  const S all[] = {S::kReceived, S::kForwarded, S::kAnswered, S::kReplied, S::kDismissed};
  const A actions[] = {A::kForward, A::kAnswer, A::kReply, A::kDismiss};
  const FeedbackActor actors[] = {kOffice, kDepartment, kOther, {true, true}};
  int allowed = 0;
  for (S from : all) {
    for (A a : actions) {
      for (const FeedbackActor& who : actors) {
        auto next = NextFeedbackState(from, a, who);
        bool expect = FeedbackOpen(from) &&
                      ((a == A::kAnswer && from == S::kForwarded && who.of_forwarded_department) ||
                       (a != A::kAnswer && from != S::kForwarded && who.disclosure_office));
        EXPECT_EQ(next.ok(), expect) << FeedbackStateKey(from) << " " << FeedbackActionLabel(a) << " "
                                     << who.disclosure_office << who.of_forwarded_department;
        if (!next.ok()) {
          EXPECT_TRUE(next.status().code() == Code::kPermissionDenied ||
                      next.status().code() == Code::kFailedPrecondition);
          EXPECT_FALSE(next.status().message().empty());
        }
        allowed += next.ok();
      }
    }
  }
  EXPECT_EQ(allowed, 14);  // the seven transitions, each by the two actors allowed to take it
  EXPECT_EQ(NextFeedbackState(S::kReplied, A::kReply, kOffice).status().message(), "该件已办结");
  EXPECT_EQ(NextFeedbackState(S::kReceived, A::kReply, kDepartment).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(NextFeedbackState(S::kForwarded, A::kReply, kOffice).status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(NextFeedbackState(S::kForwarded, A::kAnswer, kOffice).status().code(), Code::kPermissionDenied);
}

TEST(FeedbackFlowTest, KeysRoundTrip) {
  for (S s : {S::kReceived, S::kForwarded, S::kAnswered, S::kReplied, S::kDismissed}) {
    EXPECT_EQ(FeedbackStateFromKey(FeedbackStateKey(s)), s);
    EXPECT_NE(std::string(FeedbackStateLabel(s)), "");
  }
  EXPECT_FALSE(FeedbackStateFromKey("closed").has_value());
}

}  // namespace
}  // namespace gk::oversight
