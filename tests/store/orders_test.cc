// Rectification orders on both engines: who may issue, report, close and
// return; evidence files checked and kept; who sees which order; overdue
// orders; nothing changes on a refused step.
#include "oversight/orders.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

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

// Page after page, the orders come out once each in the list's order (open
// ones first, each part by due date, then id; many share a due date), under
// every filter; the overdue count is the overdue rows the list yields; a
// position that is not one starts from the first page.
TEST_F(OrdersTest, PagesWalkTheListOnceInItsOrderAcrossTiedDueDates) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 9; ++i) {
    OrderInput in = Input();
    in.due_on = i % 3 == 0 ? "2026-06-15" : i % 3 == 1 ? "2026-06-03" : "2026-06-20";
    auto id = Service().Issue(User("group"), in);
    ASSERT_TRUE(id.ok()) << id.status().message();
    ids.push_back(*id);
  }
  for (int i : {1, 4, 6, 8}) {
    ASSERT_TRUE(Service().Report(User("clerk"), ids[i], "已整改。", {}).ok());
    ASSERT_TRUE(Service().Close(User("group"), ids[i], "").ok());
  }
  clock_.Advance(5 * 86400);  // 2026-06-06: the orders due 06-03 and still open are overdue

  auto walk = [&](const OrderFilter& f, int limit) {
    std::vector<Order> rows;
    PageSpec spec{std::nullopt, limit};
    for (int pages = 0; pages < 50; ++pages) {
      auto page = Service().Page(User("group"), f, spec);
      EXPECT_TRUE(page.ok());
      if (!page.ok()) break;
      rows.insert(rows.end(), page->rows.begin(), page->rows.end());
      if (!page->next) break;
      EXPECT_EQ(page->rows.size(), static_cast<size_t>(limit));
      spec.after = page->next;
    }
    return rows;
  };
  auto order = [](const Order& o) { return std::make_tuple(o.state == OrderState::kClosed, o.due_on, o.id); };
  for (OrderFilter f : {OrderFilter{}, OrderFilter{true, false}, OrderFilter{false, true}}) {
    for (int limit : {1, 2, 4, 50}) {
      auto rows = walk(f, limit);
      size_t want = f.overdue_only ? 1u : f.open_only ? 5u : 9u;
      ASSERT_EQ(rows.size(), want) << f.open_only << f.overdue_only << " limit " << limit;
      std::set<int64_t> seen;
      for (size_t i = 0; i < rows.size(); ++i) {
        EXPECT_TRUE(seen.insert(rows[i].id).second) << "order " << rows[i].id << " twice";
        if (i > 0) {
          EXPECT_LT(order(rows[i - 1]), order(rows[i])) << "limit " << limit << ", row " << i;
        }
        if (f.open_only) {
          EXPECT_NE(rows[i].state, OrderState::kClosed);
        }
        if (f.overdue_only) {
          EXPECT_TRUE(rows[i].overdue);
        }
      }
    }
  }
  int64_t overdue = 0;
  for (const auto& o : walk({}, 3)) overdue += o.overdue;
  EXPECT_EQ(overdue, 1);
  EXPECT_EQ(*Service().CountOverdue(User("group")), overdue);
  EXPECT_EQ(*Service().CountOverdue(User("secrecy")), 0) << "another department's orders";
  EXPECT_TRUE(Service().Page(User("secrecy"), {}, {})->rows.empty());

  auto first = Service().Page(User("group"), {}, PageSpec{std::nullopt, 3});
  for (const SeekKey& bad : {SeekKey{"x", 1}, SeekKey{"2", 5}, SeekKey{"02026-13-01", 2}}) {
    auto page = Service().Page(User("group"), {}, PageSpec{bad, 3});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->rows.size(), first->rows.size());
    for (size_t i = 0; i < page->rows.size(); ++i) EXPECT_EQ(page->rows[i].id, first->rows[i].id) << bad.key;
  }
}

}  // namespace
}  // namespace gk::oversight
