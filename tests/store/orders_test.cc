// Rectification orders on both engines: who may issue, report, close and
// return; evidence files checked and kept; who sees which order; overdue
// orders; nothing changes on a refused step.
#include "oversight/orders.h"

#include <gtest/gtest.h>

#include "base/crypto.h"
#include "store/fixture.h"
#include "support/published.h"
#include "support/test_db.h"

namespace gk::oversight {
namespace {

using accounts::Principal;

constexpr UnixSeconds kMonday20260601 = 1780286400;  // 12:00 in Shanghai

class OrdersTest : public testing::StoreTest {
 protected:
  OrdersTest() : StoreTest(kMonday20260601) {}
  Orders Service() { return Orders(ctx_); }
  OrderInput Input() {
    OrderInput in;
    in.department_id = *User("clerk").department_id;
    in.problem = "加装电梯补贴方案形成后超过20个工作日才公开。";
    in.requirement = "梳理本部门未按时公开的信息，建立公开时限提醒。";
    in.due_on = "2026-06-15";
    in.source = "2026年第二季度监督检查";
    return in;
  }
};

TEST_F(OrdersTest, IssueReportReturnReportClose) {
  EXPECT_EQ(Service().Issue(User("office"), Input()).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(Service().Issue(User("clerk"), Input()).status().code(), Code::kPermissionDenied);
  OrderInput bad = Input();
  bad.due_on = "2026-05-31";
  EXPECT_EQ(Service().Issue(User("group"), bad).status().message(), "整改期限不能早于今天");
  bad = Input();
  bad.problem = " ";
  EXPECT_EQ(Service().Issue(User("group"), bad).status().code(), Code::kInvalidArgument);
  bad = Input();
  bad.department_id = 999999;
  EXPECT_EQ(Service().Issue(User("group"), bad).status().message(), "请选择整改部门");
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM rectification_orders"), 0);

  auto id = Service().Issue(User("supervisor"), Input());  // the 监察办 on the 领导小组's behalf
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto o = Service().Get(User("clerk"), *id);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->ref, "ZG2026-0001");
  EXPECT_EQ(o->state, OrderState::kOpen);
  EXPECT_EQ(o->days_left, 14);
  EXPECT_EQ(Service().Get(User("secrecy"), *id).status().code(), Code::kNotFound) << "another department";
  for (const char* u : {"group", "supervisor", "office", "leader", "principal"}) {
    EXPECT_EQ(Service().List(User(u))->size(), 1u) << u;
  }

  // The department reports with evidence; a file that is not what it says is refused.
  EXPECT_EQ(Service().Report(User("secrecy"), *id, "已整改", {}).code(), Code::kNotFound);
  EXPECT_EQ(Service().Report(User("depthead"), *id, "已整改", {{"说明.pdf", "not a pdf"}}).code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Service().Get(User("clerk"), *id)->state, OrderState::kOpen) << "unchanged";
  EXPECT_EQ(Service().Close(User("group"), *id, "").code(), Code::kFailedPrecondition) << "nothing reported yet";
  std::string evidence = "整改台账：已建立公开时限提醒。\n";
  ASSERT_TRUE(Service().Report(User("depthead"), *id, "已补充公开并建立提醒机制。", {{"整改台账.txt", evidence}}).ok());
  EXPECT_EQ(Service().Report(User("clerk"), *id, "again", {}).code(), Code::kFailedPrecondition);
  EXPECT_EQ(Service().Close(User("clerk"), *id, "").code(), Code::kPermissionDenied);
  EXPECT_EQ(Service().Return(User("group"), *id, " ").code(), Code::kInvalidArgument);
  ASSERT_TRUE(Service().Return(User("group"), *id, "未说明提醒机制如何运行，请补充。").ok());
  auto back = Service().Get(User("clerk"), *id);
  EXPECT_EQ(back->state, OrderState::kOpen);
  EXPECT_EQ(back->review_note, "未说明提醒机制如何运行，请补充。");
  ASSERT_TRUE(Service().Report(User("clerk"), *id, "提醒机制：每周一由承办人核对未公开信息。", {}).ok());
  ASSERT_TRUE(Service().Close(User("group"), *id, "整改到位").ok());
  auto closed = Service().Get(User("office"), *id);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->state, OrderState::kClosed);
  EXPECT_EQ(closed->report, "提醒机制：每周一由承办人核对未公开信息。");
  ASSERT_EQ(closed->evidence.size(), 1u);
  EXPECT_EQ(closed->evidence[0].media_type, "text/plain; charset=utf-8");
  auto file = Service().ReadEvidence(User("depthead"), *id, closed->evidence[0].id);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->second, evidence);
  EXPECT_EQ(Service().ReadEvidence(User("secrecy"), *id, closed->evidence[0].id).status().code(), Code::kNotFound);
  EXPECT_EQ(closed->events.size(), 5u) << "issued, reported, returned, reported, closed";
  EXPECT_EQ(Service().Return(User("group"), *id, "x").code(), Code::kFailedPrecondition) << "closed is final";
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM audit_log WHERE action LIKE 'order.%'"), 5);
}

TEST_F(OrdersTest, OverdueUntilClosed) {
  auto id = Service().Issue(User("group"), Input());
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(Service().List(User("group"), {false, true})->empty());
  clock_.Advance(15 * 86400);  // 2026-06-16
  auto overdue = Service().List(User("group"), {false, true});
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_TRUE((*overdue)[0].overdue);
  EXPECT_EQ((*overdue)[0].days_left, -1);
  ASSERT_TRUE(Service().Report(User("clerk"), *id, "已整改。", {}).ok());
  EXPECT_EQ(Service().List(User("group"), {false, true})->size(), 1u) << "still overdue until closed";
  ASSERT_TRUE(Service().Close(User("supervisor"), *id, "").ok());
  EXPECT_TRUE(Service().List(User("group"), {false, true})->empty());
}

}  // namespace
}  // namespace gk::oversight
