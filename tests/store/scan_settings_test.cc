// The agency's scan settings: defaults, saving severities and lexicon, the
// scanner they give, refusals.
#include "review/settings.h"

#include <gtest/gtest.h>

#include "accounts/directory.h"
#include "review/check.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::review {
namespace {

using accounts::Principal;

class ScanSettingsTest : public testing::StoreTest {
 protected:
  ScanSettingsTest() : StoreTest(1764000000, testing::WithDataKey::kNo) {}
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* u : {"office", "clerk"}) {
      auto x = accounts::Directory(ctx_).FindByUsername(Principal::CommandLine(agency_, "t"), u);
      users_[u] = Principal{x->id, agency_, x->username, x->display_name, x->department_id, x->roles};
    }
  }
  std::map<std::string, Principal> users_;
};

TEST_F(ScanSettingsTest, ShippedDefaultsUntilTheAgencySavesItsOwn) {
  ScanSettings s(ctx_, GK_SOURCE_DIR);
  auto c = s.Load(agency_);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(c->default_lexicon);
  EXPECT_NE(std::find(c->lexicon.begin(), c->lexicon.end(), "信访人"), c->lexicon.end());
  EXPECT_EQ(c->severity[scan::Kind::kIdCard], scan::Severity::kBlock);
  EXPECT_EQ(c->severity[scan::Kind::kMobile], scan::Severity::kWarn);
}

TEST_F(ScanSettingsTest, SavedSettingsDriveTheScanner) {
  ScanSettings s(ctx_, GK_SOURCE_DIR);
  EXPECT_EQ(s.Save(users_["clerk"], {}, "拆迁名单").code(), Code::kPermissionDenied);
  EXPECT_EQ(s.Save(users_["office"], {{"mobile", "fatal"}}, "").code(), Code::kInvalidArgument);
  EXPECT_EQ(s.Save(users_["office"], {{"nope", "warn"}}, "").code(), Code::kInvalidArgument);
  std::string long_term(101, 'a');
  EXPECT_EQ(s.Save(users_["office"], {}, long_term).code(), Code::kInvalidArgument);
  ASSERT_TRUE(s.Save(users_["office"], {{"mobile", "block"}}, "# 本机关\n拆迁名单\n信访件\n").ok());
  auto c = s.Load(agency_);
  EXPECT_FALSE(c->default_lexicon);
  EXPECT_EQ(c->lexicon, (std::vector<std::string>{"信访件", "拆迁名单"}));
  auto scanner = s.Scanner(agency_);
  ASSERT_TRUE(scanner.ok());
  auto r = CheckText(*scanner, "附拆迁名单，联系13812345678；信访人不在词库中。");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->verdict, "block");  // the mobile number now blocks
  ASSERT_EQ(r->findings.size(), 2u);
  EXPECT_EQ(r->findings[0].finding.kind, scan::Kind::kLexicon);
  EXPECT_EQ(r->findings[1].finding.severity, scan::Severity::kBlock);
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM audit_log WHERE action = 'scan_settings.save'"), 1);
}

}  // namespace
}  // namespace gk::review
