// Rolling upgrades (docs/operations.md, "Upgrades"): while nodes of the old
// release still run, the first node of the new one migrates the schema. A
// migration must therefore only expand it (add tables, nullable or defaulted
// columns, indexes); what the old release reads is dropped or renamed only in
// a later release, once no node reads it. Here a running node meets a schema
// migrated ahead of it, as an old node would, and keeps serving and storing.
#include <gtest/gtest.h>

#include <regex>

#include "store/migrate.h"
#include "support/http_client.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

// What the next release's first node might apply: a new table, a new column
// with a default on a table every page reads, an index.
const std::vector<store::MigrationSource>& NextRelease() {
  static const std::vector<store::MigrationSource> kNext = {
      {9001, "9001_next_release.sql",
       "CREATE TABLE next_release_notes (id {{PK}}, agency_id BIGINT NOT NULL, note TEXT NOT NULL);\n"
       "ALTER TABLE applications ADD COLUMN next_release_flag INTEGER NOT NULL DEFAULT 0;\n"
       "ALTER TABLE items ADD COLUMN next_release_note TEXT;\n"
       "CREATE INDEX applications_next_release ON applications (agency_id, next_release_flag);\n"}};
  return kNext;
}

TEST(UpgradeTest, ANodeServesAndStoresOnASchemaMigratedAheadOfIt) {
  TestServer server;
  HttpClient visitor = server.Client();
  ASSERT_EQ(visitor.Get("/").status, 200);
  auto applied = store::Migrate(server.db().db(), NextRelease());
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_EQ(*applied, 1);

  EXPECT_EQ(visitor.Get("/readyz").status, 200) << "a newer schema serves this release too";
  for (const char* path : {"/", "/catalog", "/guide", "/search?q=%E5%85%AC%E5%BC%80"}) {
    EXPECT_EQ(visitor.Get(path).status, 200) << path;
  }
  auto form = visitor.Get("/apply");
  auto receipt = visitor.PostForm(
      "/apply", {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"applicant_type", "natural"}, {"name", "张三"},
                 {"id_type", "居民身份证"}, {"id_number", "11010519491231002X"}, {"phone", "13812345678"},
                 {"info_title", "加装电梯补贴名单"}, {"form", "electronic"}, {"delivery", "online"}, {"consent", "1"}});
  EXPECT_EQ(receipt.status, 200) << receipt.body.substr(0, 1000);
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT COUNT(*) FROM applications WHERE next_release_flag = 0"), 1);
  HttpClient office = server.LoggedIn("office");
  EXPECT_EQ(office.Get("/staff/applications").status, 200);
  EXPECT_EQ(office.Get("/staff/items").status, 200);
  EXPECT_EQ(office.Get("/staff").status, 200);
  // And a node of this release starting now (migrating first) accepts it.
  auto again = store::Migrate(server.db().db());
  EXPECT_TRUE(again.ok()) << again.status().ToString();
}

// The rule itself, for every migration from the one that introduced it on:
// nothing an older node reads is dropped or renamed in the same release.
TEST(UpgradeTest, MigrationsOnlyExpandTheSchema) {
  constexpr int kFirstUnderTheRule = 37;
  const std::regex contracting(R"(\b(DROP\s+(TABLE|COLUMN)|RENAME\s+(TO|COLUMN)|ALTER\s+COLUMN)\b)",
                               std::regex::icase);
  int checked = 0;
  for (const auto& m : store::EmbeddedMigrations()) {
    if (m.version < kFirstUnderTheRule) continue;
    ++checked;
    EXPECT_FALSE(std::regex_search(std::string(m.sql), contracting))
        << m.name << " contracts the schema: drop or rename in a later release, once no node reads it";
  }
  EXPECT_GE(checked, 2);
}

}  // namespace
}  // namespace gk::web
