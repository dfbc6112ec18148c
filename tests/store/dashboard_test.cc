// The supervision figures on both engines, against a small set of records
// whose figures are known: a late and a timely publication, an unpublished
// item past its 20 working days, an item waiting in the chain, an overdue
// application, an overdue complaint and an overdue order; the assessment
// workbook read back and the report's PDF text.
#include "oversight/dashboard.h"

#include <gtest/gtest.h>

#include "disclosure/items.h"
#include "extract/extract.h"
#include "oversight/feedback.h"
#include "oversight/orders.h"
#include "requests/applications.h"
#include "store/fixture.h"
#include "support/pdf_text.h"
#include "support/published.h"
#include "support/test_db.h"

namespace gk::oversight {
namespace {

using testing::kVisitor;

using accounts::Principal;

constexpr UnixSeconds kMonday20260601 = 1780286400;  // 12:00 in Shanghai

class DashboardTest : public testing::StoreTest {
 protected:
  DashboardTest() : StoreTest(kMonday20260601) {}
  void SetUp() override {
    StoreTest::SetUp();
    ref_ = *disclosure::LoadReferenceData(GK_SOURCE_DIR);
  }
  const DepartmentFigures& Dept(const Supervision& s, const std::string& name) {
    for (const auto& d : s.departments) {
      if (d.department == name) return d;
    }
    ADD_FAILURE() << name;
    return s.departments.back();
  }

  disclosure::ReferenceData ref_;
};

TEST_F(DashboardTest, FiguresFromTheRecords) {
  // Published 2026-06-01: formed 2026-04-01 (late: more than 20 working days)
  // and formed 2026-05-25 (in time).
  testing::PublishThroughChain(ctx_, ref_, agency_, "0201", "迟到的办法", "2026-04-01", "正文");
  testing::PublishThroughChain(ctx_, ref_, agency_, "0201", "按时的办法", "2026-05-25", "正文");
  // The demo's draft (formed 2026-04-10 or so) is unpublished; submit it so it waits in the chain.
  disclosure::Items items(ctx_, ref_);
  ASSERT_TRUE(items.Act(User("clerk"), 1, disclosure::Action::kSubmit, {}).ok());
  // An application assigned to nobody yet, received today (due in 20 working days).
  requests::ApplicationInput in;
  in.applicant = {"natural", "张三", "", "居民身份证", "11010519491231002X", "13812345678", "", "", ""};
  in.info_title = "社区食堂补贴名单";
  in.form = "electronic";
  in.delivery = "online";
  ASSERT_TRUE(requests::Applications(ctx_, key_).Submit(agency_, in, kVisitor).ok());
  // A complaint registered today and an order due 2026-06-05.
  FeedbackInput f;
  f.kind = FeedbackKind::kComplaint;
  f.content = "公开不及时。";
  ASSERT_TRUE(Feedback(ctx_).Register(User("office"), f, FeedbackChannel::kPhone).ok());
  OrderInput o;
  o.department_id = *User("clerk").department_id;
  o.problem = "公开超期";
  o.requirement = "整改";
  o.due_on = "2026-06-05";
  ASSERT_TRUE(Orders(ctx_).Issue(User("group"), o).ok());

  // Seven weeks later everything open is overdue.
  clock_.Set(kMonday20260601 + 49 * 86400);  // 2026-07-20
  EXPECT_EQ(BuildSupervision(ctx_, User("clerk"), {2026, 6, 1}, {2026, 7, 31}).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(BuildSupervision(ctx_, User("group"), {2026, 7, 1}, {2026, 6, 1}).status().code(),
            Code::kInvalidArgument);
  auto s = BuildSupervision(ctx_, User("supervisor"), {2026, 6, 1}, {2026, 7, 31});
  ASSERT_TRUE(s.ok()) << s.status().message();
  const DepartmentFigures& community = Dept(*s, "社区服务办公室");
  EXPECT_EQ(community.published, 2);
  EXPECT_EQ(community.published_late, 1);
  EXPECT_EQ(community.published_on_time, 1);
  EXPECT_EQ(community.waiting_in_chain, 1);
  EXPECT_EQ(community.longest_wait_days, 49);
  EXPECT_EQ(community.unpublished_late, 1);
  EXPECT_EQ(community.orders_issued, 1);
  EXPECT_EQ(community.orders_overdue, 1);
  const DepartmentFigures& total = s->departments.back();
  EXPECT_EQ(total.department, "合计");
  EXPECT_EQ(total.published, 2);
  EXPECT_EQ(total.applications_received, 1) << "the unassigned application counts in the total";
  EXPECT_EQ(total.applications_overdue, 1);
  EXPECT_EQ(s->departments[s->departments.size() - 2].department, "未分办的申请");
  EXPECT_EQ(s->feedback_open, 1);
  EXPECT_EQ(s->feedback_overdue, 1);
  EXPECT_EQ(s->orders_overdue, 1);
  ASSERT_EQ(s->applications.size(), 1u);
  EXPECT_LT(s->applications[0].working_days_left, 0) << "received 06-01, 20 working days have passed";
  ASSERT_EQ(s->months.size(), 2u);
  EXPECT_EQ(s->months[0].month, "2026-06");
  EXPECT_EQ(s->months[0].published, 2);
  EXPECT_EQ(s->months[0].published_late, 1);
  EXPECT_EQ(s->months[0].applications_received, 1);
  EXPECT_EQ(s->months[0].feedback_received, 1);
  EXPECT_EQ(s->months[1].published, 0);
  ASSERT_EQ(s->waiting.size(), 1u);
  EXPECT_EQ(s->waiting[0].item_id, 1);
  ASSERT_EQ(s->late_unpublished.size(), 1u);

  // A period before any of it counts nothing but still shows what is open now.
  auto before = BuildSupervision(ctx_, User("group"), {2026, 1, 1}, {2026, 3, 31});
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->departments.back().published, 0);
  EXPECT_EQ(before->departments.back().orders_overdue, 1);

  auto book = AssessmentXlsx(*s, "静安寺街道办事处");
  ASSERT_TRUE(book.ok()) << book.status().message();
  auto text = extract::Extract("考核.xlsx", *book);
  ASSERT_TRUE(text.ok()) << text.status().message();
  for (const char* want : {"社区服务办公室", "超期公开", "合计", "2026-06", "超期未销号（现）", "未分办的申请"}) {
    EXPECT_NE(text->text.find(want), std::string::npos) << want << "\n" << text->text;
  }
  auto pdf = documents::RenderPrintPdf(SupervisionReport(*s, "静安寺街道办事处"));
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  std::string report = testing::PdfText(*pdf);
  for (const char* want : {"政府信息公开工作监督情况报告", "统计期间：2026-06-01至2026-07-31", "主动公开政府信息2条",
                           "其中超过20个工作日公开1条", "未销号的整改通知1件（超期1件）", "社区服务办公室"}) {
    EXPECT_NE(report.find(want), std::string::npos) << want << "\n" << report;
  }
}

}  // namespace
}  // namespace gk::oversight
