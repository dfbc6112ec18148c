// The district's 集中查阅点 on both engines: the district's 公开办 manages the
// points (a street office's may not); two agencies place copies at one
// point and its index lists both, grouped by agency; a copy taken down or
// withdrawn from the portal leaves the index; a point that is not the
// district's, closed or missing is refused; each agency's release list
// stays its own.
#include "records/reading_points.h"

#include <gtest/gtest.h>

#include "disclosure/items.h"
#include "records/channels.h"
#include "support/pdf_text.h"
#include "support/published.h"
#include "support/test_db.h"

namespace gk::records {
namespace {

using accounts::Principal;
using testing::PdfText;
using testing::QueryInt;

constexpr UnixSeconds kMonday20260601 = 1780286400;  // 12:00 in Shanghai

class ReadingPointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    district_ = testing::SeedDemoDistrict(t_.db(), clock_);
    street_ = Agency("jingansi");
    other_ = Agency("nanjingxilu");
    auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
    ASSERT_TRUE(ref.ok());
    ref_ = *ref;
  }

  int64_t Agency(const std::string& code) {
    return QueryInt(t_.db(), "SELECT id FROM agencies WHERE code = ?", {code});
  }
  Principal User(int64_t agency, const std::string& name) { return testing::DemoUser(ctx_, agency, name); }
  ReadingPoints Points() { return ReadingPoints(ctx_, "https://xxgk.example.gov.cn"); }
  Channels Releases() { return Channels(ctx_, ""); }
  int64_t Published(int64_t agency, const std::string& title) {
    return testing::PublishThroughChain(ctx_, ref_, agency, "0201", title, "2026-05-20", "正文：" + title);
  }
  int64_t AddPoint(const std::string& name) {
    auto id = Points().Add(User(district_, "office"), {name, "常德路370号", "工作日 9:00–17:00", true});
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : 0;
  }
  Result<int64_t> Place(int64_t agency, int64_t item, int64_t point) {
    ReleaseInput in;
    in.channel = Channel::kReadingPoint;
    in.point_id = point;
    return Releases().Publish(User(agency, "office"), item, in);
  }

  testing::TestDb t_;
  FakeClock clock_{kMonday20260601};
  SecurityConfig sec_ = testing::TestSecurity();
  DataKey key_ = DataKey::Random();
  accounts::Context ctx_{t_.db(), clock_, sec_, &key_, ""};
  disclosure::ReferenceData ref_;
  int64_t district_ = 0, street_ = 0, other_ = 0;
};

TEST_F(ReadingPointsTest, TheDistrictsOfficeManagesThePoints) {
  EXPECT_EQ(Points().Add(User(street_, "office"), {"某查阅点", "某路1号", "", true}).status().code(),
            Code::kPermissionDenied)
      << "a street office's 公开办 does not set up the district's points";
  EXPECT_EQ(Points().Add(User(district_, "clerk"), {"某查阅点", "某路1号", "", true}).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(Points().Add(User(district_, "office"), {" ", "某路1号", "", true}).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Points().Add(User(district_, "office"), {"某查阅点", "", "", true}).status().code(),
            Code::kInvalidArgument);
  int64_t point = AddPoint("静安区政务服务中心集中查阅点");
  ASSERT_GT(point, 0);
  EXPECT_EQ(Points().Add(User(district_, "office"), {"静安区政务服务中心集中查阅点", "x", "", true}).status().code(),
            Code::kConflict);
  EXPECT_EQ(QueryInt(t_.db(), "SELECT count(*) FROM audit_log WHERE action = 'reading_point.create' AND agency_id = ?",
                     {district_}),
            1);

  // Every agency of the district sees the point; the district's office alone may manage it.
  auto seen = Points().List(User(other_, "clerk"), false);
  ASSERT_TRUE(seen.ok()) << seen.status().message();
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ((*seen)[0].name, "静安区政务服务中心集中查阅点");
  EXPECT_EQ((*seen)[0].agency_id, district_);
  EXPECT_TRUE(*Points().CanManage(User(district_, "office")));
  EXPECT_FALSE(*Points().CanManage(User(street_, "office")));
  EXPECT_EQ(Points().Update(User(street_, "office"), point, {"改名", "x", "", true}).code(), Code::kPermissionDenied);

  // Closed: listed for the manager only, and refused for a release.
  ASSERT_TRUE(Points().Update(User(district_, "office"), point, {"静安区政务服务中心集中查阅点", "常德路370号",
                                                                  "", false}).ok());
  EXPECT_TRUE(Points().List(User(street_, "clerk"), false)->empty());
  EXPECT_EQ(Points().List(User(district_, "office"), true)->size(), 1u);
  int64_t item = Published(street_, "关于加装电梯补贴的实施细则");
  auto refused = Place(street_, item, point);
  EXPECT_EQ(refused.status().code(), Code::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("已停用"), std::string::npos) << refused.status().message();
}

TEST_F(ReadingPointsTest, TheIndexListsEveryAgencysCopiesGroupedByAgency) {
  int64_t point = AddPoint("静安区政务服务中心集中查阅点");
  int64_t elsewhere = AddPoint("南京西路社区事务受理服务中心");
  int64_t a1 = Published(street_, "关于加装电梯补贴的实施细则");
  int64_t a2 = Published(street_, "关于社区食堂运营补贴的实施办法");
  int64_t b1 = Published(other_, "南京西路街道睦邻点管理暂行办法");
  int64_t b2 = Published(other_, "南京西路街道老旧小区改造计划");
  auto ra1 = Place(street_, a1, point);
  ASSERT_TRUE(ra1.ok()) << ra1.status().message();
  ASSERT_TRUE(Place(street_, a2, point).ok());
  auto rb1 = Place(other_, b1, point);
  ASSERT_TRUE(rb1.ok()) << rb1.status().message();
  ASSERT_TRUE(Place(other_, b2, elsewhere).ok());
  EXPECT_EQ(QueryInt(t_.db(), "SELECT point_id FROM channel_releases WHERE id = ?", {*rb1}), point);

  // Refused: no point, a missing one, and a point of another district.
  EXPECT_EQ(Place(street_, a1, 0).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Place(street_, a1, 999999).status().code(), Code::kInvalidArgument);
  int64_t lone = QueryInt(t_.db(), "SELECT id FROM agencies WHERE code = 'fgw'");
  ASSERT_TRUE(t_.db().Transact([&](store::Tx& tx) {
    // A point of another root (as if a second district): not the street office's to use.
    return tx.Exec("INSERT INTO reading_points (agency_id, name, address, created_at, updated_at) VALUES (?, '别处', "
                   "'x', '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z')", {lone}).status();
  }).ok());
  int64_t foreign = QueryInt(t_.db(), "SELECT id FROM reading_points WHERE name = '别处'");
  EXPECT_EQ(Place(street_, a1, foreign).status().code(), Code::kInvalidArgument);

  // Any staff user of the platform reads the index: both agencies, grouped.
  auto index = Points().Index(User(lone, "clerk"), point);
  ASSERT_TRUE(index.ok()) << index.status().message();
  ASSERT_EQ(index->size(), 3u);
  EXPECT_EQ((*index)[0].agency_name, "静安寺街道办事处");
  EXPECT_EQ((*index)[1].agency_name, "静安寺街道办事处");
  EXPECT_EQ((*index)[2].agency_name, "南京西路街道办事处");
  EXPECT_EQ((*index)[2].title, "南京西路街道睦邻点管理暂行办法");
  auto pdf = Points().IndexPdf(User(other_, "clerk"), point);
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  std::string text = PdfText(*pdf);
  size_t head_a = text.find("静安寺街道办事处（2条）"), head_b = text.find("南京西路街道办事处（1条）");
  ASSERT_NE(head_a, std::string::npos) << text;
  ASSERT_NE(head_b, std::string::npos) << text;
  size_t title_a = text.find("关于社区食堂运营补贴的实施办法"), title_b = text.find("南京西路街道睦邻点管理暂行办法");
  EXPECT_TRUE(head_a < title_a && title_a < head_b && head_b < title_b) << text;
  EXPECT_EQ(text.find("南京西路街道老旧小区改造计划"), std::string::npos) << "kept at another point";
  EXPECT_NE(text.find("共2个机关3条"), std::string::npos) << text;
  EXPECT_NE(text.find("常德路370号"), std::string::npos) << "the point's address";

  // A copy taken down, and an item withdrawn from the portal, leave the index.
  ASSERT_TRUE(Releases().TakeDown(User(street_, "office"), *ra1, "已更新").ok());
  disclosure::ActionInput withdraw;
  withdraw.reason = "方案调整";
  ASSERT_TRUE(disclosure::Items(ctx_, ref_).Act(User(other_, "office"), b1, disclosure::Action::kWithdraw, withdraw).ok());
  text = PdfText(*Points().IndexPdf(User(street_, "clerk"), point));
  EXPECT_EQ(text.find("关于加装电梯补贴的实施细则"), std::string::npos) << text;
  EXPECT_EQ(text.find("南京西路街道睦邻点管理暂行办法"), std::string::npos) << text;
  EXPECT_NE(text.find("关于社区食堂运营补贴的实施办法"), std::string::npos) << text;
  EXPECT_NE(text.find("共1个机关1条"), std::string::npos) << text;
  EXPECT_EQ(Points().Index(User(street_, "clerk"), 999999).status().code(), Code::kNotFound);

  // Each agency's release records stay its own.
  auto mine = Releases().List(User(other_, "clerk"), {});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->rows.size(), 2u);
  for (const auto& r : mine->rows) EXPECT_TRUE(r.item_id == b1 || r.item_id == b2) << r.title;
  EXPECT_EQ(Releases().Get(User(other_, "clerk"), *ra1).status().code(), Code::kNotFound);
  EXPECT_EQ(Releases().ForItem(User(other_, "clerk"), a1)->size(), 0u);
}

}  // namespace
}  // namespace gk::records
