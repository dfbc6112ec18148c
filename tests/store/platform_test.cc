// The district platform: agencies in a tree, what a new agency inherits from
// its district, and the refusals that keep the tree and the portal's paths sound.
#include <gtest/gtest.h>

#include "accounts/platform.h"
#include "audit/audit.h"
#include "support/test_db.h"

namespace gk::accounts {
namespace {

class PlatformTest : public ::testing::Test {
 protected:
  Result<PlatformAgency> Add(NewAgency in) {
    Result<PlatformAgency> out = InvalidArgument("");
    Status s = t_.db().Transact([&](store::Tx& tx) -> Status {
      out = AddAgency(tx, clock_, in, {std::nullopt, "test:platform"});
      return out.status();
    });
    if (!s.ok()) return s;
    return out;
  }

  Result<PlatformAgency> AddDistrict() {
    return Add({"jingan", "上海市静安区人民政府", AgencyKind::kDistrict, "",
                {{"office_name", "静安区人民政府办公室（区政务公开办）"},
                 {"address", "上海市静安区常德路370号"},
                 {"office_hours", "工作日 9:00–17:00"},
                 {"phone", "021-6000 0000"},
                 {"review_body", "上海市人民政府"},
                 {"court", "上海市第二中级人民法院"},
                 {"limit_apply", "3/20"}}});
  }

  std::map<std::string, std::string> Settings(int64_t agency) {
    std::map<std::string, std::string> out;
    EXPECT_TRUE(t_.db().Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(out, LoadSettings(tx, agency));
      return Status::Ok();
    }).ok());
    return out;
  }

  int64_t Agencies() { return testing::QueryInt(t_.db(), "SELECT count(*) FROM agencies"); }

  testing::TestDb t_;
  FakeClock clock_{1764000000};
};

TEST_F(PlatformTest, AStreetOfficeJoinsUnderItsDistrictAndInheritsWhatIsTheDistricts) {
  auto district = AddDistrict();
  ASSERT_TRUE(district.ok()) << district.status().ToString();
  EXPECT_FALSE(district->parent_id.has_value());
  auto street = Add({"nanjingxilu", "南京西路街道办事处", AgencyKind::kStreet, "jingan",
                     {{"address", "上海市静安区南京西路1号"}, {"phone", "021-6100 0000"}, {"court", "某区人民法院"}}});
  ASSERT_TRUE(street.ok()) << street.status().ToString();
  EXPECT_EQ(street->parent_id, district->agency.id);
  EXPECT_EQ(street->parent_code, "jingan");
  auto s = Settings(street->agency.id);
  EXPECT_EQ(s["name"], "南京西路街道办事处");
  EXPECT_EQ(s["office_hours"], "工作日 9:00–17:00") << "the district's";
  EXPECT_EQ(s["review_body"], "上海市人民政府");
  EXPECT_EQ(s["limit_apply"], "3/20");
  EXPECT_EQ(s["court"], "某区人民法院") << "what is given wins";
  EXPECT_EQ(s["address"], "上海市静安区南京西路1号");
  EXPECT_EQ(s["upper_office"], "上海市静安区人民政府（静安区人民政府办公室（区政务公开办））");
  EXPECT_EQ(s["office_name"], "南京西路街道办事处");
  EXPECT_EQ(s.count("letter_code"), 0u);
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM audit_log WHERE agency_id = ? AND action IN "
                                       "('agency.create', 'agency.place')", {street->agency.id}),
            2);

  auto dept = Add({"jafgj", "静安区房屋管理局", AgencyKind::kDepartment, "jingan",
                   {{"address", "上海市静安区某路2号"}, {"phone", "021-6200 0000"}}});
  ASSERT_TRUE(dept.ok()) << dept.status().ToString();
  std::vector<PlatformAgency> all;
  ASSERT_TRUE(t_.db().Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(all, ListPlatform(tx));
    return Status::Ok();
  }).ok());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].agency.code, "jingan") << "the root first";
  EXPECT_EQ(all[1].agency.code, "jafgj") << "then the district's departments";
  EXPECT_EQ(all[2].agency.code, "nanjingxilu") << "then the streets";
  EXPECT_EQ(all[2].kind, AgencyKind::kStreet);
}

TEST_F(PlatformTest, RefusalsChangeNothing) {
  ASSERT_TRUE(AddDistrict().ok());
  int64_t before = Agencies();
  NewAgency ok{"caojiadu", "曹家渡街道办事处", AgencyKind::kStreet, "jingan",
               {{"address", "上海市静安区某路3号"}, {"phone", "021-6300 0000"}}};
  auto with = [&](auto change) {
    NewAgency in = ok;
    change(in);
    return Add(in).status();
  };
  Status s = with([](NewAgency& in) { in.parent_code = ""; });
  EXPECT_EQ(s.code(), Code::kInvalidArgument) << "a street office needs its district";
  EXPECT_NE(s.message().find("上级机关"), std::string::npos);
  EXPECT_EQ(with([](NewAgency& in) { in.parent_code = "nowhere"; }).code(), Code::kInvalidArgument);
  EXPECT_EQ(with([](NewAgency& in) { in.code = "Cao Jia Du"; }).code(), Code::kInvalidArgument);
  EXPECT_EQ(with([](NewAgency& in) { in.code = "-caojiadu"; }).code(), Code::kInvalidArgument);
  for (const char* path : {"staff", "metrics", "readyz", "healthz"}) {
    EXPECT_EQ(with([&](NewAgency& in) { in.code = path; }).code(), Code::kInvalidArgument)
        << path << ": a code may not shadow the portal's paths";
  }
  EXPECT_EQ(with([](NewAgency& in) { in.code = "jingan"; }).code(), Code::kConflict);
  EXPECT_EQ(with([](NewAgency& in) { in.name = "  "; }).code(), Code::kInvalidArgument);
  EXPECT_EQ(with([](NewAgency& in) { in.settings.erase("phone"); }).code(), Code::kInvalidArgument)
      << "a required setting the district does not give";
  EXPECT_EQ(with([](NewAgency& in) { in.settings["no_such_key"] = "x"; }).code(), Code::kInvalidArgument);
  EXPECT_EQ(with([](NewAgency& in) { in.kind = AgencyKind::kDistrict; }).code(), Code::kInvalidArgument)
      << "a district has no parent";
  EXPECT_EQ(Agencies(), before);
  ASSERT_TRUE(Add(ok).ok());
  auto under_street = with([](NewAgency& in) {
    in.code = "sub";
    in.parent_code = "caojiadu";
  });
  EXPECT_EQ(under_street.code(), Code::kInvalidArgument) << "only a district has agencies under it";
  EXPECT_EQ(Agencies(), before + 1);
}

TEST_F(PlatformTest, ADistrictWithoutAnOfficeNameIsItsOwnUpperOffice) {
  auto district = Add({"putuo", "上海市普陀区人民政府", AgencyKind::kDistrict, "",
                       {{"address", "普陀区某路"}, {"phone", "021-1"}, {"office_hours", "工作日"}}});
  ASSERT_TRUE(district.ok()) << district.status().ToString();
  EXPECT_EQ(Settings(district->agency.id)["office_name"], "上海市普陀区人民政府");
  auto street = Add({"ganquan", "甘泉路街道办事处", AgencyKind::kStreet, "putuo", {{"address", "x"}, {"phone", "y"}}});
  ASSERT_TRUE(street.ok()) << street.status().ToString();
  EXPECT_EQ(Settings(street->agency.id)["upper_office"], "上海市普陀区人民政府");
}

TEST(AgencyKindTest, KeysAndLabelsRoundTrip) {
  for (AgencyKind k : {AgencyKind::kDistrict, AgencyKind::kDepartment, AgencyKind::kStreet}) {
    EXPECT_EQ(AgencyKindFromKey(AgencyKindKey(k)), k);
    EXPECT_FALSE(std::string(AgencyKindLabel(k)).empty());
  }
  EXPECT_FALSE(AgencyKindFromKey("town").has_value());
}

}  // namespace
}  // namespace gk::accounts
