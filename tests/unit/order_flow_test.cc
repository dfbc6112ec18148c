// The rectification-order state machine: every transition for every kind of
// actor, and when an order is overdue.
#include "oversight/order_flow.h"

#include <gtest/gtest.h>

namespace gk::oversight {
namespace {

using S = OrderState;
using A = OrderAction;

TEST(OrderFlowTest, EveryTransitionForEveryActor) {
  const OrderActor actors[] = {{false, false}, {true, false}, {false, true}, {true, true}};
  int allowed = 0;
  for (S from : {S::kOpen, S::kReported, S::kClosed}) {
    for (A a : {A::kReport, A::kClose, A::kReturn}) {
      for (const OrderActor& who : actors) {
        auto next = NextOrderState(from, a, who);
        bool expect = (a == A::kReport && from == S::kOpen && who.of_ordered_department) ||
                      (a != A::kReport && from == S::kReported && who.supervises);
        ASSERT_EQ(next.ok(), expect) << OrderStateKey(from) << " " << OrderActionLabel(a) << " " << who.supervises
                                     << who.of_ordered_department;
        if (next.ok()) {
          ++allowed;
          EXPECT_EQ(*next, a == A::kReport ? S::kReported : a == A::kClose ? S::kClosed : S::kOpen);
        } else {
          EXPECT_TRUE(next.status().code() == Code::kPermissionDenied ||
                      next.status().code() == Code::kFailedPrecondition);
        }
      }
    }
  }
  EXPECT_EQ(allowed, 6);  // report ×2 actors, close ×2, return ×2
  EXPECT_EQ(NextOrderState(S::kClosed, A::kReport, {false, true}).status().message(), "该整改通知已销号");
  EXPECT_EQ(NextOrderState(S::kOpen, A::kClose, {true, false}).status().message(), "部门尚未报告整改情况");
  EXPECT_EQ(NextOrderState(S::kOpen, A::kReport, {true, false}).status().code(), Code::kPermissionDenied);
}

TEST(OrderFlowTest, OverdueUntilClosed) {
  Date due{2026, 6, 10};
  EXPECT_FALSE(OrderOverdue(S::kOpen, due, Date{2026, 6, 10})) << "the due day itself is in time";
  EXPECT_TRUE(OrderOverdue(S::kOpen, due, Date{2026, 6, 11}));
  EXPECT_TRUE(OrderOverdue(S::kReported, due, Date{2026, 7, 1}));
  EXPECT_FALSE(OrderOverdue(S::kClosed, due, Date{2026, 7, 1}));
  for (S s : {S::kOpen, S::kReported, S::kClosed}) EXPECT_EQ(OrderStateFromKey(OrderStateKey(s)), s);
  EXPECT_FALSE(OrderStateFromKey("cancelled").has_value());
}

}  // namespace
}  // namespace gk::oversight
