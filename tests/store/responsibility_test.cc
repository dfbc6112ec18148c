// The responsibility chain, derived from the records: before and after the
// signatures of an item, for an application filed online and for a complaint.
#include "oversight/responsibility.h"

#include <gtest/gtest.h>

#include "disclosure/items.h"
#include "oversight/feedback.h"
#include "requests/applications.h"
#include "store/fixture.h"
#include "support/published.h"
#include "support/test_db.h"

namespace gk::oversight {
namespace {

using testing::kVisitor;

constexpr UnixSeconds kMonday20260601 = 1780286400;

std::string Names(const std::vector<Responsible>& people) {
  std::string out;
  for (const auto& p : people) out += (out.empty() ? "" : "|") + p.person + ":" + p.basis;
  return out;
}

class ResponsibilityTest : public testing::StoreTest {
 protected:
  ResponsibilityTest() : StoreTest(kMonday20260601) {}
  void SetUp() override {
    StoreTest::SetUp();
    ref_ = *disclosure::LoadReferenceData(GK_SOURCE_DIR);
  }
  Result<ResponsibilityChain> Item(int64_t id) {
    return t_.db().Read<ResponsibilityChain>([&](store::Tx& tx) { return ItemResponsibility(tx, agency_, id); });
  }

  disclosure::ReferenceData ref_;
};

TEST_F(ResponsibilityTest, ItemNamesWhoDraftedSignedAndPublished) {
  // The demo's draft: nobody has signed yet, so the office holders are named.
  auto draft = Item(1);
  ASSERT_TRUE(draft.ok()) << draft.status().message();
  EXPECT_EQ(Names(draft->handler), "王承办:起草（2026-06-01）");
  EXPECT_EQ(Names(draft->direct), "李主任:现任主办部门负责人");
  EXPECT_EQ(Names(draft->overall), "赵分管:现任分管领导|陈主任:现任主要领导");

  int64_t id = testing::PublishThroughChain(ctx_, ref_, agency_, "0201", "关于睦邻点管理的暂行办法", "2026-05-20", "正文");
  auto chain = Item(id);
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(Names(chain->handler), "王承办:起草（2026-06-01）|孙公开:公开办保密审查（2026-06-01）|孙公开:发布（2026-06-01）");
  EXPECT_EQ(Names(chain->direct), "李主任:部门负责人审核（2026-06-01）");
  EXPECT_EQ(Names(chain->overall), "赵分管:分管领导审批（2026-06-01）|陈主任:主要领导审批（2026-06-01）");
  EXPECT_EQ(chain->direct[0].department, "社区服务办公室");
  EXPECT_EQ(Item(999999).status().code(), Code::kNotFound);
}

TEST_F(ResponsibilityTest, ApplicationAndComplaint) {
  requests::ApplicationInput in;
  in.applicant = {"natural", "张三", "", "居民身份证", "11010519491231002X", "13812345678", "zs@example.cn", "", ""};
  in.info_title = "2025年社区食堂补贴发放情况";
  in.form = "electronic";
  in.delivery = "online";
  auto filed = requests::Applications(ctx_, key_).Submit(agency_, in, kVisitor);
  ASSERT_TRUE(filed.ok()) << filed.status().message();
  auto app = t_.db().Read<ResponsibilityChain>(
      [&](store::Tx& tx) { return ApplicationResponsibility(tx, agency_, filed->id); });
  ASSERT_TRUE(app.ok());
  EXPECT_TRUE(app->handler.empty()) << "filed online, not yet handled";
  EXPECT_EQ(Names(app->direct), "孙公开:政府信息公开工作机构负责人");
  EXPECT_EQ(Names(app->overall), "赵分管:现任分管领导|陈主任:现任主要领导");

  FeedbackInput f;
  f.kind = FeedbackKind::kComplaint;
  f.content = "电话无人接听。";
  auto office = testing::DemoUser(ctx_, agency_, "office");
  auto registered = Feedback(ctx_).Register(office, f, FeedbackChannel::kPhone);
  ASSERT_TRUE(registered.ok());
  ASSERT_TRUE(Feedback(ctx_).Reply(office, registered->id, "已增设专线。", ReplyForm::kDirect).ok());
  auto complaint = t_.db().Read<ResponsibilityChain>(
      [&](store::Tx& tx) { return FeedbackResponsibility(tx, agency_, registered->id); });
  ASSERT_TRUE(complaint.ok());
  EXPECT_EQ(Names(complaint->handler), "孙公开:登记（2026-06-01）|孙公开:答复（2026-06-01）");
  EXPECT_EQ(Names(complaint->direct), "孙公开:政府信息公开工作机构负责人");
}

}  // namespace
}  // namespace gk::oversight
