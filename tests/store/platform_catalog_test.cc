// The district platform's 政府信息公开目录 across agencies
// (disclosure::BrowsePlatformCatalog) on both engines: categories matched by
// code, items of every agency newest first with their agency and category,
// counts per code, the agency filter and keyset pages.
#include <gtest/gtest.h>

#include "accounts/platform.h"
#include "audit/audit.h"
#include "disclosure/demo.h"
#include "disclosure/import.h"
#include "disclosure/portal.h"
#include "store/fixture.h"

namespace gk::disclosure {
namespace {

class PlatformCatalogTest : public testing::StoreTest {
 protected:
  PlatformCatalogTest() : StoreTest(1764000000, testing::WithDataKey::kNo) {}  // 2025-11-24

  void SetUp() override {
    StoreTest::SetUp();  // the demo office jingansi, 静安寺街道办事处
    ref_ = *LoadReferenceData(GK_SOURCE_DIR);
    audit::Actor actor{std::nullopt, "test:platform"};
    ASSERT_TRUE(t_.db()
                    .Transact([&](store::Tx& tx) -> Status {
                      ASSIGN_OR_RETURN(auto d, accounts::AddAgency(tx, clock_,
                                                                   {"jingan", "上海市静安区人民政府",
                                                                    accounts::AgencyKind::kDistrict, "",
                                                                    {{"address", "常德路370号"}, {"phone", "021-1"}, {"office_hours", "工作日"}}},
                                                                   actor));
                      district_ = d.agency.id;
                      ASSIGN_OR_RETURN(auto s, accounts::AddAgency(tx, clock_,
                                                                   {"nanjingxilu", "南京西路街道办事处",
                                                                    accounts::AgencyKind::kStreet, "jingan",
                                                                    {{"address", "南京西路"}, {"phone", "021-2"}}},
                                                                   actor));
                      street_ = s.agency.id;
                      return tx
                          .Exec("INSERT INTO departments (agency_id, name, created_at) VALUES (?, ?, ?)",
                                {street_, "社区服务办公室", "2025-01-01T00:00:00Z"})
                          .status();
                    })
                    .ok());
    ASSERT_TRUE(ImportCatalogs(t_.db(), ref_).ok());
  }

  // Imports published items into `agency`: (index_no, title, category code, published_on).
  void Publish(int64_t agency, const std::vector<std::tuple<std::string, std::string, std::string, std::string>>& items) {
    std::string text;
    for (const auto& [index_no, title, category, on] : items) {
      text += "{\"index_no\": \"" + index_no + "\", \"title\": \"" + title +
              "\", \"department\": \"社区服务办公室\", \"category\": \"" + category +
              "\", \"formed_on\": \"2024-01-02\", \"published_on\": \"" + on +
              "\", \"ground\": \"art20_11\", \"body\": \"正文。\"}\n";
    }
    auto r = ImportItems(ctx_, ref_, accounts::Principal::CommandLine(agency, "test"), text, DirectoryFiles(""));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  Result<PlatformCatalogPage> Browse(const std::string& code, std::optional<int64_t> agency = std::nullopt,
                                     std::optional<int64_t> before = std::nullopt, int limit = 20) {
    PlatformBrowse b;
    b.catalog_agency_id = district_;
    b.category_code = code;
    b.agency_id = agency;
    b.before = before;
    b.limit = limit;
    return BrowsePlatformCatalog(t_.db(), b);
  }

  static std::vector<std::string> Titles(const PlatformCatalogPage& p) {
    std::vector<std::string> out;
    for (const auto& i : p.items) out.push_back(i.line.item.title);
    return out;
  }

  using Titles_ = std::vector<std::string>;

  ReferenceData ref_;
  int64_t district_ = 0, street_ = 0;
};

TEST_F(PlatformCatalogTest, ACategoryShowsTheItemsOfEveryAgencyNewestFirst) {
  Publish(agency_, {{"SI-1", "静安寺街道规范性文件", "0201", "2024-03-01"},
                    {"SI-2", "静安寺街道通知公告", "07", "2024-03-05"}});
  Publish(street_, {{"NJ-1", "南京西路街道其他文件", "0202", "2024-03-03"},
                    {"NJ-2", "南京西路街道社会救助", "0601", "2024-03-04"}});
  auto page = Browse("02");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(Titles(*page), (Titles_{"南京西路街道其他文件", "静安寺街道规范性文件"})) << "02 and its sub-categories";
  EXPECT_EQ(page->total, 2);
  EXPECT_EQ(page->items[0].line.agency_code, "nanjingxilu");
  EXPECT_EQ(page->items[0].line.agency_name, "南京西路街道办事处");
  EXPECT_EQ(page->items[0].category, "其他文件");
  EXPECT_EQ(page->items[0].line.item.published_at, "2024-03-03");
  EXPECT_EQ(page->items[1].line.agency_code, "jingansi");
  EXPECT_FALSE(page->next.has_value());
  // Counts per code over every agency, each category's own items.
  EXPECT_EQ(page->counts["0201"], 1);
  EXPECT_EQ(page->counts["0202"], 1);
  EXPECT_EQ(page->counts["0601"], 1);
  EXPECT_EQ(page->counts["07"], 1);
  EXPECT_EQ(page->counts.count("02"), 0u);
  ASSERT_FALSE(page->categories.empty());
  EXPECT_EQ(page->categories.front().code, "01") << "the district's tree, in catalog order";

  auto all = Browse("");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 4);
  EXPECT_EQ(Titles(*all), (Titles_{"静安寺街道通知公告", "南京西路街道社会救助", "南京西路街道其他文件",
                                   "静安寺街道规范性文件"}));
  EXPECT_EQ(Titles(*Browse("0601")), (Titles_{"南京西路街道社会救助"}));
  EXPECT_EQ(Browse("0601")->total, 1);
}

TEST_F(PlatformCatalogTest, TheAgencyFilterNarrowsItemsAndCounts) {
  Publish(agency_, {{"SI-1", "静安寺街道其他文件", "0202", "2024-03-01"}});
  Publish(street_, {{"NJ-1", "南京西路街道其他文件", "0202", "2024-03-03"},
                    {"NJ-2", "南京西路街道通知", "07", "2024-03-04"}});
  auto page = Browse("0202", street_);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(Titles(*page), (Titles_{"南京西路街道其他文件"}));
  EXPECT_EQ(page->total, 1);
  EXPECT_EQ(page->counts["0202"], 1);
  EXPECT_EQ(page->counts["07"], 1);
  auto district = Browse("", district_);
  ASSERT_TRUE(district.ok());
  EXPECT_EQ(district->total, 0);
  EXPECT_TRUE(district->items.empty());
}

TEST_F(PlatformCatalogTest, KeysetPagesWalkEveryItemOnce) {
  Publish(agency_, {{"SI-1", "甲", "07", "2024-03-01"}, {"SI-2", "丙", "07", "2024-03-03"}});
  Publish(street_, {{"NJ-1", "乙", "07", "2024-03-02"}, {"NJ-2", "丁", "07", "2024-03-03"}});
  std::vector<std::string> seen;
  std::optional<int64_t> before;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = Browse("07", std::nullopt, before, 3);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_EQ(page->total, 4);
    for (const auto& t : Titles(*page)) seen.push_back(t);
    if (!page->next) break;
    EXPECT_EQ(page->items.size(), 3u);
    before = page->next;
  }
  // The two of 2024-03-03 in publication order, newest (the later row) first.
  EXPECT_EQ(seen, (Titles_{"丁", "丙", "乙", "甲"}));
}

TEST_F(PlatformCatalogTest, AnAgencysOwnCategoryCountsInTheWholeOnly) {
  ASSERT_TRUE(t_.db()
                  .Transact([&](store::Tx& tx) {
                    return tx
                        .Exec("INSERT INTO catalog_categories (agency_id, code, name) VALUES (?, ?, ?)",
                              {street_, "99", "街道特色栏目"})
                        .status();
                  })
                  .ok());
  Publish(street_, {{"NJ-1", "街道特色", "99", "2024-03-03"}, {"NJ-2", "通知", "07", "2024-03-04"}});
  auto all = Browse("");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->total, 2);
  EXPECT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->counts["99"], 1);
  for (const auto& c : all->categories) EXPECT_NE(c.code, "99") << "not in the district's tree";
  EXPECT_EQ(Browse("99").status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace gk::disclosure
