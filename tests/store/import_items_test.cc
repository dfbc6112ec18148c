// Migration of an old website's catalog (disclosure/import.h) on both
// engines: items on the portal and in search, all or nothing, re-runs,
// attachments read from the files folder and names that leave it.
#include "disclosure/import.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "accounts/directory.h"
#include "disclosure/items.h"
#include "disclosure/portal.h"
#include "search/search.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::disclosure {
namespace {
namespace fs = std::filesystem;

// One line of an import file: `fields` are the JSON object's members after
// the defaults (title, department, category, dates, ground, body).
std::string ItemLine(const std::string& index_no, const std::string& title, const std::string& fields = "") {
  return "{\"index_no\": \"" + index_no + "\", \"title\": \"" + title +
         "\", \"department\": \"社区服务办公室\", \"category\": \"0202\", \"formed_on\": \"2024-03-01\", "
         "\"published_on\": \"2024-03-06\", \"ground\": \"art20_11\", \"body\": \"" + title + "的正文。\"" +
         (fields.empty() ? "" : ", " + fields) + "}\n";
}

class ImportItemsTest : public testing::StoreTest {
 protected:
  ImportItemsTest() : StoreTest(1764000000, testing::WithDataKey::kNo) {}  // 2025-11-24

  void SetUp() override {
    StoreTest::SetUp();
    ref_ = *LoadReferenceData(GK_SOURCE_DIR);
    dir_ = fs::temp_directory_path() / ("gk_import_items_" + testing::UniqueSuffix());
    fs::create_directories(dir_ / "files" / "2024");
    Write("files/2024/改造清单.txt", "2024年老旧小区加装电梯项目清单");
    Write("secret.txt", "不在附件目录里的文件");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }

  Result<ItemImportReport> Import(const std::string& text) {
    return ImportItems(ctx_, ref_, accounts::Principal::CommandLine(agency_, "import items"), text,
                       DirectoryFiles((dir_ / "files").string()));
  }

  int64_t Published() { return ListPublished(t_.db(), agency_, {})->total; }

  ReferenceData ref_;
  fs::path dir_;
};

TEST_F(ImportItemsTest, ItemsArePublishedOnThePortalAndFoundBySearch) {
  std::string text = ItemLine("OLD-2024-001", "老旧小区加装电梯实施方案",
                              "\"doc_no\": \"静安寺街道〔2024〕3号\", \"attachments\": [\"2024/改造清单.txt\"]") +
                     "\n" + ItemLine("OLD-2024-002", "社区食堂运营补贴办法", "\"validity\": \"expired\"");
  auto report = Import(text);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->imported, 2);
  EXPECT_EQ(report->skipped, 0);
  EXPECT_EQ(report->attachments, 1);

  auto page = ListPublished(t_.db(), agency_, {});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->total, 2);
  const PublicItem* plan = nullptr;
  for (const auto& p : page->items) {
    if (p.index_no == "OLD-2024-001") plan = &p;
  }
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->title, "老旧小区加装电梯实施方案");
  EXPECT_EQ(plan->doc_no, "静安寺街道〔2024〕3号");
  EXPECT_EQ(plan->department, "社区服务办公室");
  EXPECT_EQ(plan->formed_on, "2024-03-01");
  EXPECT_EQ(plan->published_at, "2024-03-06");  // the old website's date, not today
  EXPECT_TRUE(plan->migrated);
  EXPECT_TRUE(plan->attachments.empty());  // a headline: the item page has them
  auto full = GetPublished(t_.db(), agency_, plan->id);
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  ASSERT_EQ(full->attachments.size(), 1u);
  EXPECT_EQ(full->attachments[0].name, "改造清单.txt");
  auto file = GetPublishedAttachment(t_.db(), agency_, plan->id, full->attachments[0].id);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->second, "2024年老旧小区加装电梯项目清单");
  EXPECT_EQ(GetPublished(t_.db(), agency_, plan->id)->validity, "有效");

  search::Query q;
  q.text = "加装电梯";
  auto found = t_.db().Read<search::Results>([&](store::Tx& tx) { return search::Search(tx, agency_, q); });
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->total, 1);
  EXPECT_EQ(found->hits[0].object_id, plan->id);

  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT COUNT(*) FROM audit_log WHERE agency_id = ? AND action = 'item.import'",
                              {agency_}),
            2);
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT COUNT(*) FROM item_signatures i JOIN items t ON t.id = i.item_id "
                                       "WHERE t.index_no LIKE 'OLD-%'"),
            0);
  // Created by the migration account, which signs nobody in and is not
  // among the staff the administrator manages.
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT COUNT(*) FROM items i JOIN users u ON u.id = i.created_by WHERE "
                                       "i.index_no LIKE 'OLD-%' AND u.username = '_migration' AND u.active = 0"),
            2);
  auto staff = accounts::Directory(ctx_).Users(accounts::Principal::CommandLine(agency_, "test"));
  ASSERT_TRUE(staff.ok()) << staff.status().ToString();
  for (const auto& u : *staff) EXPECT_NE(u.username, "_migration");
}

TEST_F(ImportItemsTest, ABadLineImportsNothingAndIsNamed) {
  static const struct {
    std::string line;
    std::string message;
  } cases[] = {
      {"not json\n", "line 3: not valid JSON"},
      {"[1]\n", "line 3: not a JSON object"},
      {ItemLine("B-1", "甲", "\"author\": \"x\""), "line 3: unknown key \"author\""},
      {"{\"index_no\": \"B-1\"}\n", "line 3: \"title\" is missing"},
      {ItemLine("B-1", "甲").replace(ItemLine("B-1", "甲").find("社区服务办公室"), 21, "不存在的科室"),
       "line 3: department \"不存在的科室\" is not a department of the agency"},
      {ItemLine("B-1", "甲").replace(ItemLine("B-1", "甲").find("0202"), 4, "9999"),
       "line 3: category \"9999\" is not a code of the agency's catalog"},
      {ItemLine("B-1", "甲", "\"attribute\": \"on_request\""),
       "line 3: attribute \"on_request\": only 主动公开 (\"proactive\") items are published"},
      {ItemLine("B-1", "甲").replace(ItemLine("B-1", "甲").find("art20_11"), 8, "art27"),
       "line 3: ground \"art27\" is not a ground of 主动公开"},
      {ItemLine("B-1", "甲", "\"validity\": \"eternal\""),
       "line 3: validity \"eternal\" is not one of valid, expired, repealed"},
      {ItemLine("B-1", "甲").replace(ItemLine("B-1", "甲").find("2024-03-06"), 10, "2024-02-28"),
       "line 3: \"published_on\" is before \"formed_on\""},
      {ItemLine("B-1", "甲").replace(ItemLine("B-1", "甲").find("2024-03-06"), 10, "2025-12-01"),
       "line 3: \"published_on\" is in the future"},
      {ItemLine("OK-1", "甲"), "line 3: 索引号 \"OK-1\" is on line 1 too"},
      {ItemLine("B-1", "甲", "\"attachments\": [\"无此文件.pdf\"]"), "line 3: attachment \"无此文件.pdf\" not found"},
  };
  for (const auto& c : cases) {
    std::string text = ItemLine("OK-1", "先导入的一条") + "\n" + c.line;
    auto report = Import(text);
    ASSERT_FALSE(report.ok()) << c.line;
    EXPECT_EQ(report.status().message().rfind(c.message, 0), 0u)
        << c.line << " gave: " << report.status().message();
    EXPECT_EQ(Published(), 0) << c.line;
  }
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT COUNT(*) FROM items WHERE agency_id = ?", {agency_}),
            testing::QueryInt(t_.db(), "SELECT COUNT(*) FROM items WHERE agency_id = ? AND index_no NOT LIKE 'OK-%'",
                              {agency_}));
}

TEST_F(ImportItemsTest, ARerunSkipsWhatIsThere) {
  std::string first = ItemLine("R-1", "第一条") + ItemLine("R-2", "第二条");
  ASSERT_TRUE(Import(first).ok());
  auto again = Import(first);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(again->skipped, 2);
  auto more = Import(first + ItemLine("R-3", "第三条"));
  ASSERT_TRUE(more.ok()) << more.status().ToString();
  EXPECT_EQ(more->imported, 1);
  EXPECT_EQ(more->skipped, 2);
  EXPECT_EQ(Published(), 3);
}

TEST_F(ImportItemsTest, AttachmentsMayNotLeaveTheFilesFolder) {
  fs::create_symlink(dir_ / "secret.txt", dir_ / "files" / "link.txt");
  for (const std::string name : {"../secret.txt", "2024/../../secret.txt", "/etc/hostname", "link.txt"}) {
    auto report = Import(ItemLine("E-1", "甲", "\"attachments\": [\"" + name + "\"]"));
    ASSERT_FALSE(report.ok()) << name;
    EXPECT_EQ(report.status().code(), Code::kInvalidArgument) << name;
    EXPECT_EQ(report.status().message(), "line 1: attachment \"" + name + "\" is outside the files folder");
    EXPECT_EQ(Published(), 0) << name;
  }
  // Without a files folder, no attachment can be read.
  auto none = ImportItems(ctx_, ref_, accounts::Principal::CommandLine(agency_, "import items"),
                          ItemLine("E-1", "甲", "\"attachments\": [\"2024/改造清单.txt\"]"), DirectoryFiles(""));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "line 1: attachment \"2024/改造清单.txt\" needs --files DIR");
}

TEST_F(ImportItemsTest, OnlyTheDisclosureOfficeImports) {
  auto report = ImportItems(ctx_, ref_, User("clerk"), ItemLine("P-1", "甲"), DirectoryFiles(""));
  EXPECT_EQ(report.status().code(), Code::kPermissionDenied);
  EXPECT_TRUE(ImportItems(ctx_, ref_, User("office"), ItemLine("P-1", "甲"), DirectoryFiles("")).ok());
  EXPECT_EQ(Published(), 1);
}

TEST_F(ImportItemsTest, AttachmentsAreTypeChecked) {
  Write("files/假的.pdf", "这不是 PDF");
  auto report = Import(ItemLine("T-1", "甲", "\"attachments\": [\"假的.pdf\"]"));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message().rfind("line 1: attachment \"假的.pdf\": ", 0), 0u) << report.status().message();
  EXPECT_EQ(Published(), 0);
}

TEST_F(ImportItemsTest, NewItemsSkipIndexNumbersTakenByTheImport) {
  accounts::Principal clerk = User("clerk");
  ItemInput in;
  in.title = "新起草的信息";
  in.department_id = *clerk.department_id;
  in.category_id = testing::QueryInt(t_.db(), "SELECT id FROM catalog_categories WHERE agency_id = ? AND code = "
                                              "'0202'", {agency_});
  in.formed_on = "2025-11-20";
  in.ground_key = "art19";
  in.reason = "需要公众知晓";
  in.body = "正文";
  auto index_no = [&](int64_t id) {
    return *t_.db().Read<std::string>([&](store::Tx& tx) -> Result<std::string> {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT index_no FROM items WHERE id = ?", {id}));
      return row->Str("index_no");
    });
  };
  // "…/2025-00007" → the same with the sequence number `seq`.
  auto with_seq = [](const std::string& no, int seq) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%05d", seq);
    return no.substr(0, no.size() - 5) + digits;
  };
  auto first = Items(ctx_, ref_).Create(clerk, in);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  std::string taken = index_no(*first);
  int seq = std::stoi(taken.substr(taken.size() - 5));
  // The old website used the number the next draft would get.
  ASSERT_TRUE(Import(ItemLine(with_seq(taken, seq + 1), "原网站的一条")).ok());
  auto next = Items(ctx_, ref_).Create(clerk, in);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(index_no(*next), with_seq(taken, seq + 2));
}

}  // namespace
}  // namespace gk::disclosure
