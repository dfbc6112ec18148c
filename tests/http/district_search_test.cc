// The district platform's search and catalog over HTTP: on the unprefixed
// portal of a platform of several agencies, /search and /catalog cover every
// agency, name the agency of every line and link it in its own column, and
// filter by agency; inside a column they stay that agency's.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "accounts/platform.h"
#include "audit/audit.h"
#include "base/strings.h"
#include "disclosure/demo.h"
#include "disclosure/import.h"
#include "disclosure/reference.h"
#include "support/http_client.h"
#include "support/published.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

class DistrictSearchHttpTest : public ::testing::Test {
 protected:
  explicit DistrictSearchHttpTest(ServerConfig cfg = {}) : server_(cfg) {}

  void SetUp() override {
    auto key = accounts::LoadDataKey(server_.config().security);
    ASSERT_TRUE(key.ok());
    key_.emplace(std::move(*key));
    auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
    ASSERT_TRUE(ref.ok());
    ref_ = std::move(*ref);
    demo_ = testing::QueryInt(server_.db().db(), "SELECT id FROM agencies WHERE code = 'jingansi'");
    ASSERT_GT(demo_, 0);
  }

  accounts::Context Ctx() {
    return accounts::Context{server_.db().db(), server_.clock(), server_.config().security, &*key_, GK_SOURCE_DIR};
  }

  // The district above the demo office and a second street office with its
  // catalog and a department.
  void AddDistrict() {
    audit::Actor actor{std::nullopt, "test:platform"};
    ASSERT_TRUE(server_.db()
                    .db()
                    .Transact([&](store::Tx& tx) -> Status {
                      RETURN_IF_ERROR(accounts::AddAgency(tx, server_.clock(),
                                                          {"jingan", "上海市静安区人民政府",
                                                           accounts::AgencyKind::kDistrict, "",
                                                           {{"address", "常德路370号"}, {"phone", "021-1"},
                                                            {"office_hours", "工作日"}}},
                                                          actor)
                                          .status());
                      ASSIGN_OR_RETURN(auto street, accounts::AddAgency(tx, server_.clock(),
                                                                        {"nanjingxilu", "南京西路街道办事处",
                                                                         accounts::AgencyKind::kStreet, "jingan",
                                                                         {{"address", "南京西路"}, {"phone", "021-2"}}},
                                                                        actor));
                      street_ = street.agency.id;
                      return tx
                          .Exec("INSERT INTO departments (agency_id, name, created_at) VALUES (?, ?, ?)",
                                {street_, "社区服务办公室", "2025-01-01T00:00:00Z"})
                          .status();
                    })
                    .ok());
    ASSERT_TRUE(disclosure::ImportCatalogs(server_.db().db(), ref_).ok());
  }

  // A published item of the street office (imported, as an agency joining
  // the platform brings its old catalog); returns its id.
  int64_t PublishInStreet(const std::string& index_no, const std::string& title, const std::string& category) {
    std::string line = "{\"index_no\": \"" + index_no + "\", \"title\": \"" + title +
                       "\", \"department\": \"社区服务办公室\", \"category\": \"" + category +
                       "\", \"formed_on\": \"2024-03-01\", \"published_on\": \"2024-03-06\", \"ground\": "
                       "\"art20_11\", \"body\": \"" + title + "的正文。\"}\n";
    auto r = disclosure::ImportItems(Ctx(), ref_, accounts::Principal::CommandLine(street_, "test"), line,
                                     disclosure::DirectoryFiles(""));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return testing::QueryInt(server_.db().db(), "SELECT id FROM items WHERE agency_id = ? AND index_no = ?",
                             {street_, index_no});
  }

  static bool Has(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }

  TestServer server_;
  std::optional<DataKey> key_;
  disclosure::ReferenceData ref_;
  int64_t demo_ = 0, street_ = 0;
};

TEST_F(DistrictSearchHttpTest, TheDistrictSearchCoversEveryAgencyAndFiltersByAgency) {
  int64_t ours = testing::PublishThroughChain(Ctx(), ref_, demo_, "07", "关于加装电梯的公告", "2025-01-20",
                                              "正文：加装电梯意见征询");
  ASSERT_GT(ours, 0);
  AddDistrict();
  int64_t theirs = PublishInStreet("NJ-2024-1", "加装电梯补贴办法", "0202");
  ASSERT_GT(theirs, 0);
  std::string our_link = "href=\"/jingansi/items/" + std::to_string(ours) + "\"";
  std::string their_link = "href=\"/nanjingxilu/items/" + std::to_string(theirs) + "\"";
  HttpClient visitor = server_.Client();

  auto home = visitor.Get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_TRUE(Has(home.body, "action=\"/search\"")) << "one search box over all";

  for (std::string q : {"加装电梯", "电梯", "梯"}) {
    auto page = visitor.Get("/search?q=" + UrlEncode(q));
    ASSERT_EQ(page.status, 200) << q;
    EXPECT_TRUE(Has(page.body, "共找到 2 条结果")) << q;
    size_t a = page.body.find(our_link), b = page.body.find(their_link);
    ASSERT_NE(a, std::string::npos) << q;
    ASSERT_NE(b, std::string::npos) << q;
    EXPECT_TRUE(Has(page.body.substr(a, 800), "静安寺街道办事处")) << "each hit names its agency";
    EXPECT_TRUE(Has(page.body.substr(b, 800), "南京西路街道办事处"));
  }
  auto page = visitor.Get("/search?q=" + UrlEncode("电梯"));
  EXPECT_TRUE(Has(page.body, "<optgroup label=\"街道镇\">"));
  EXPECT_TRUE(Has(page.body, "<option value=\"nanjingxilu\" >南京西路街道办事处</option>"));

  auto filtered = visitor.Get("/search?q=" + UrlEncode("电梯") + "&agency=nanjingxilu");
  ASSERT_EQ(filtered.status, 200);
  EXPECT_TRUE(Has(filtered.body, "共找到 1 条结果"));
  EXPECT_TRUE(Has(filtered.body, their_link));
  EXPECT_FALSE(Has(filtered.body, our_link));
  EXPECT_TRUE(Has(filtered.body, "<option value=\"nanjingxilu\" selected>"));
  auto one_char = visitor.Get("/search?q=" + UrlEncode("梯") + "&agency=jingansi");
  EXPECT_TRUE(Has(one_char.body, our_link));
  EXPECT_FALSE(Has(one_char.body, their_link));

  // Inside a column the search stays the agency's.
  auto column = visitor.Get("/jingansi/search?q=" + UrlEncode("电梯"));
  ASSERT_EQ(column.status, 200);
  EXPECT_TRUE(Has(column.body, our_link));
  EXPECT_FALSE(Has(column.body, "nanjingxilu/items"));
  EXPECT_FALSE(Has(column.body, "<optgroup"));
  auto their_column = visitor.Get("/nanjingxilu/search?q=" + UrlEncode("梯"));
  EXPECT_TRUE(Has(their_column.body, their_link));
  EXPECT_FALSE(Has(their_column.body, "jingansi/items"));

  auto empty = visitor.Get("/search");
  EXPECT_EQ(empty.status, 200);
  EXPECT_FALSE(Has(empty.body, "共找到"));
  EXPECT_EQ(visitor.Get("/search?q=" + UrlEncode(std::string(120, 'a'))).status, 400);
}

TEST_F(DistrictSearchHttpTest, ADraftIsNotFoundByTheDistrictSearch) {
  AddDistrict();
  // The demo office's draft item is in the index (staff search finds it),
  // not public.
  ASSERT_TRUE(disclosure::SeedDemoItem(Ctx(), ref_).ok());
  auto title = server_.db().db().Read<std::string>([&](store::Tx& tx) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT title FROM search_docs WHERE agency_id = ? AND is_public = 0",
                                           {demo_}));
    if (!row) return NotFound("no draft in the index");
    return row->Str("title");
  });
  ASSERT_TRUE(title.ok()) << title.status().ToString();
  auto page = server_.Client().Get("/search?q=" + UrlEncode(*title));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page.body, "共找到 0 条结果"));
}

TEST_F(DistrictSearchHttpTest, TheDistrictCatalogBrowsesEveryAgencyByCategory) {
  int64_t ours = testing::PublishThroughChain(Ctx(), ref_, demo_, "07", "静安寺街道春节公告", "2025-01-20", "正文");
  ASSERT_GT(ours, 0);
  AddDistrict();
  int64_t theirs = PublishInStreet("NJ-2024-1", "南京西路街道其他文件", "0202");
  int64_t notice = PublishInStreet("NJ-2024-2", "南京西路街道通知", "07");
  std::string our_link = "href=\"/jingansi/items/" + std::to_string(ours) + "\"";
  std::string their_link = "href=\"/nanjingxilu/items/" + std::to_string(theirs) + "\"";
  std::string notice_link = "href=\"/nanjingxilu/items/" + std::to_string(notice) + "\"";
  HttpClient visitor = server_.Client();

  auto all = visitor.Get("/catalog");
  ASSERT_EQ(all.status, 200);
  for (const std::string& link : {our_link, their_link, notice_link}) EXPECT_TRUE(Has(all.body, link)) << link;
  EXPECT_TRUE(Has(all.body, "共 3 条"));
  EXPECT_TRUE(Has(all.body, "href=\"/catalog?category=07&amp;agency=\""));
  EXPECT_TRUE(Has(all.body, "<span>通知公告</span><span class=\"count\">2</span>"));

  auto notices = visitor.Get("/catalog?category=07");
  ASSERT_EQ(notices.status, 200);
  EXPECT_TRUE(Has(notices.body, our_link));
  EXPECT_TRUE(Has(notices.body, notice_link));
  EXPECT_FALSE(Has(notices.body, their_link));
  size_t line = notices.body.find(notice_link);
  EXPECT_TRUE(Has(notices.body.substr(line, 400), "南京西路街道办事处")) << "each line names its agency";

  auto policies = visitor.Get("/catalog?category=02");
  EXPECT_TRUE(Has(policies.body, their_link)) << "a category holds its sub-categories' items";
  EXPECT_FALSE(Has(policies.body, notice_link));

  auto filtered = visitor.Get("/catalog?category=07&agency=jingansi");
  EXPECT_TRUE(Has(filtered.body, our_link));
  EXPECT_FALSE(Has(filtered.body, notice_link));
  EXPECT_TRUE(Has(filtered.body, "共 1 条"));

  EXPECT_EQ(visitor.Get("/catalog?category=nosuch").status, 404);

  // A column's catalog is the agency's own.
  auto column = visitor.Get("/jingansi/catalog");
  ASSERT_EQ(column.status, 200);
  EXPECT_TRUE(Has(column.body, "href=\"/jingansi/items/" + std::to_string(ours) + "\""));
  EXPECT_FALSE(Has(column.body, "nanjingxilu/items"));
}

// With more matches than server.search_rank_cap, the district search ranks
// the newest of every agency's and says so.
class CappedDistrictSearchHttpTest : public DistrictSearchHttpTest {
 protected:
  static ServerConfig Config() {
    ServerConfig cfg;
    cfg.search_rank_cap = 1;
    return cfg;
  }
  CappedDistrictSearchHttpTest() : DistrictSearchHttpTest(Config()) {}
};

TEST_F(CappedDistrictSearchHttpTest, ACappedDistrictSearchSaysItRankedTheNewest) {
  int64_t ours = testing::PublishThroughChain(Ctx(), ref_, demo_, "07", "关于加装电梯的公告", "2025-01-20",
                                              "正文：加装电梯意见征询");
  ASSERT_GT(ours, 0);
  AddDistrict();
  int64_t theirs = PublishInStreet("NJ-2024-1", "加装电梯补贴办法", "0202");
  ASSERT_GT(theirs, 0);
  auto page = server_.Client().Get("/search?q=" + UrlEncode("加装电梯"));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page.body, "找到超过 1 条结果，按相关度显示其中最新的 1 条")) << page.body;
  EXPECT_FALSE(Has(page.body, "共找到"));
  EXPECT_TRUE(Has(page.body, "href=\"/nanjingxilu/items/" + std::to_string(theirs) + "\"")) << "the newest";
  EXPECT_FALSE(Has(page.body, "href=\"/jingansi/items/" + std::to_string(ours) + "\""));
}

}  // namespace
}  // namespace gk::web
