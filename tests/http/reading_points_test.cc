// The district's 集中查阅点 on the district home: the open points of the root
// district with their address and opening hours, a closed one left out.
#include <gtest/gtest.h>

#include "accounts/platform.h"
#include "support/http_client.h"

namespace gk::web {
namespace {

using testing::TestServer;

TEST(ReadingPointsHttpTest, TheDistrictHomeListsTheDistrictsOpenPoints) {
  TestServer server;
  audit::Actor actor{std::nullopt, "test:platform"};
  ASSERT_TRUE(server.db()
                  .db()
                  .Transact([&](store::Tx& tx) -> Status {
                    return accounts::AddAgency(tx, server.clock(),
                                               {"jingan",
                                                "上海市静安区人民政府",
                                                accounts::AgencyKind::kDistrict,
                                                "",
                                                {{"address", "常德路370号"}, {"phone", "021-1"}, {"office_hours", "工作日"}}},
                                               actor)
                        .status();
                  })
                  .ok());
  int64_t district = testing::QueryInt(server.db().db(), "SELECT id FROM agencies WHERE code = 'jingan'");
  ASSERT_TRUE(server.db()
                  .db()
                  .Transact([&](store::Tx& tx) -> Status {
                    RETURN_IF_ERROR(tx.Exec("INSERT INTO reading_points (agency_id, name, address, hours, active, "
                                            "created_at, updated_at) VALUES (?, '静安区政务服务中心集中查阅点', "
                                            "'常德路370号一楼', '工作日 9:00–17:00', 1, '2026-01-05T01:00:00Z', "
                                            "'2026-01-05T01:00:00Z')",
                                            {district})
                                        .status());
                    return tx.Exec("INSERT INTO reading_points (agency_id, name, address, active, created_at, "
                                   "updated_at) VALUES (?, '已停用的查阅点', '某路', 0, '2026-01-05T01:00:00Z', "
                                   "'2026-01-05T01:00:00Z')",
                                   {district})
                        .status();
                  })
                  .ok());
  auto home = server.Client().Get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("政府信息集中查阅点"), std::string::npos) << home.body;
  EXPECT_NE(home.body.find("静安区政务服务中心集中查阅点"), std::string::npos);
  EXPECT_NE(home.body.find("常德路370号一楼"), std::string::npos);
  EXPECT_NE(home.body.find("工作日 9:00–17:00"), std::string::npos);
  EXPECT_EQ(home.body.find("已停用的查阅点"), std::string::npos) << "a closed point is not listed";
  // An agency's own column is not the district home.
  EXPECT_EQ(server.Client().Get("/jingansi/").body.find("静安区政务服务中心集中查阅点"), std::string::npos);
}

}  // namespace
}  // namespace gk::web
