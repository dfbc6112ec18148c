// The district platform's search (search::SearchPlatform) on both engines:
// the public documents of every agency in one ranked list, each hit naming
// its agency, the agency filter, one- and two-character queries, paging;
// and one agency's search unchanged beside it.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "search/search.h"
#include "support/test_db.h"

namespace gk::search {
namespace {

using Ids = std::vector<int64_t>;

class PlatformSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = AddAgency("psearch-a");
    b_ = AddAgency("psearch-b");
  }

  int64_t AddAgency(const std::string& code) {
    int64_t id = 0;
    Status s = t_.db().Transact([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(id, tx.Insert("INSERT INTO agencies (code, name, created_at) VALUES (?, ?, ?) RETURNING id",
                                     {code + testing::UniqueSuffix(), "测试机关", "2025-01-01T00:00:00Z"}));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return id;
  }

  // Object ids are unique over both agencies in these tests, so a hit's
  // object id names the document.
  void Put(int64_t agency, int64_t object_id, const std::string& title, const std::string& body,
           bool is_public = true) {
    Document d;
    d.agency_id = agency;
    d.kind = "item";
    d.object_id = object_id;
    d.is_public = is_public;
    d.year = 2025;
    d.title = title;
    d.body = body;
    d.url = "/items/" + std::to_string(object_id);
    d.date = "2025-06-01";
    Status s = t_.db().Transact([&](store::Tx& tx) { return Upsert(tx, d); });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Result<Results> Platform(const std::string& text, std::optional<int64_t> agency = std::nullopt, int limit = 20,
                           int offset = 0) {
    PlatformQuery q;
    q.text = text;
    q.agency_id = agency;
    q.limit = limit;
    q.offset = offset;
    return t_.db().Read<Results>([&](store::Tx& tx) { return SearchPlatform(tx, q); });
  }

  Result<Results> One(int64_t agency, const std::string& text, bool public_only = true) {
    Query q;
    q.text = text;
    q.public_only = public_only;
    return t_.db().Read<Results>([&](store::Tx& tx) { return Search(tx, agency, q); });
  }

  // The object ids found across the platform, best first; checks that the
  // total counts exactly them.
  Ids Found(const std::string& text, std::optional<int64_t> agency = std::nullopt) {
    auto r = Platform(text, agency);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    Ids ids;
    if (!r.ok()) return ids;
    for (const Hit& h : r->hits) ids.push_back(h.object_id);
    EXPECT_EQ(r->total, static_cast<int64_t>(ids.size())) << text;
    return ids;
  }

  static Ids Sorted(Ids v) {
    std::sort(v.begin(), v.end());
    return v;
  }

  testing::TestDb t_;
  int64_t a_ = 0, b_ = 0;
};

TEST_F(PlatformSearchTest, EveryAgencysPublicDocumentsInOneListEachNamingItsAgency) {
  Put(a_, 1, "关于加强社区垃圾分类工作的通知", "各居民区：现将有关事项通知如下。");
  Put(b_, 2, "垃圾分类督查情况通报", "本月督查了十个小区。");
  Put(b_, 3, "内部：垃圾分类考核草稿", "未公开。", false);
  Put(a_, 4, "防汛防台工作方案", "做好准备。");
  for (std::string text : {"垃圾分类", "垃圾", "圾", "垃圾 类"}) {
    auto r = Platform(text);
    ASSERT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    ASSERT_EQ(r->total, 2) << text << ": never the internal document";
    std::set<std::pair<int64_t, int64_t>> got;
    for (const Hit& h : r->hits) got.emplace(h.object_id, h.agency_id);
    EXPECT_EQ(got, (std::set<std::pair<int64_t, int64_t>>{{1, a_}, {2, b_}})) << text;
  }
  // One agency's search is what it was: its documents only, the internal
  // ones for staff.
  EXPECT_EQ(One(a_, "垃圾分类")->total, 1);
  EXPECT_EQ(One(b_, "垃圾分类")->total, 1);
  EXPECT_EQ(One(b_, "垃圾分类", false)->total, 2);
  EXPECT_EQ(One(b_, "圾", false)->total, 2);
}

TEST_F(PlatformSearchTest, TheAgencyFilterNarrowsToOneAgencysPublicDocuments) {
  Put(a_, 1, "加装电梯工作方案", "本街道加装电梯。");
  Put(b_, 2, "加装电梯补贴办法", "补贴标准如下。");
  Put(b_, 3, "加装电梯内部意见", "未公开。", false);
  EXPECT_EQ(Sorted(Found("电梯")), (Ids{1, 2}));
  EXPECT_EQ(Found("电梯", b_), Ids{2});
  EXPECT_EQ(Found("梯", b_), Ids{2});
  EXPECT_EQ(Found("梯", a_), Ids{1});
  EXPECT_EQ(Found("补贴", a_), Ids{});
  auto r = Platform("电梯", b_);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].agency_id, b_);
}

TEST_F(PlatformSearchTest, ScoresCompareAcrossAgencies) {
  // The title match is the other agency's and the older document.
  Put(b_, 1, "养老服务补贴发放公告", "补贴已发放到位。");
  Put(a_, 2, "街道工作动态", "本月开展了养老服务宣传活动，居民踊跃参加。");
  Put(a_, 3, "社区简报", "本期无相关内容。");
  for (std::string text : {"养老服务", "养老", "养", "养老 补贴"}) {
    if (text == "养老 补贴") {
      EXPECT_EQ(Found(text), Ids{1});
      continue;
    }
    EXPECT_EQ(Found(text), (Ids{1, 2})) << text;
  }
  // The same score as in the agency's own search: one ranking over one index.
  auto all = Platform("养老");
  auto mine = One(a_, "养老");
  ASSERT_TRUE(all.ok() && mine.ok());
  ASSERT_EQ(all->hits.size(), 2u);
  ASSERT_EQ(mine->hits.size(), 1u);
  EXPECT_GT(all->hits[0].score, all->hits[1].score);
  EXPECT_DOUBLE_EQ(all->hits[1].score, mine->hits[0].score);
}

TEST_F(PlatformSearchTest, EqualScoresPutTheNewestFirstWhateverTheAgency) {
  Put(a_, 1, "防汛通知", "请做好防汛准备。");
  Put(b_, 2, "防汛通知", "请做好防汛准备。");
  Put(a_, 3, "防汛通知", "请做好防汛准备。");
  EXPECT_EQ(Found("防汛"), (Ids{3, 2, 1}));
  EXPECT_EQ(Found("汛"), (Ids{3, 2, 1}));
}

TEST_F(PlatformSearchTest, SingleCharactersTitlesFirstThenNewestAcrossAgencies) {
  Put(a_, 1, "会议纪要第1期", "内容");
  Put(b_, 2, "通知第2期", "附会议纪要");
  Put(b_, 3, "会议纪要第3期", "内容");
  Put(a_, 4, "通知第4期", "附会议纪要");
  Put(b_, 5, "通知第5期", "附会议纪要", false);
  if (t_.is_postgres()) {
    Ids found = Found("纪");
    ASSERT_EQ(found.size(), 4u);  // ts_rank: titles first, ties by id
    EXPECT_EQ(Sorted({found[0], found[1]}), (Ids{1, 3}));
  } else {
    EXPECT_EQ(Found("纪"), (Ids{3, 1, 4, 2}));
    EXPECT_EQ(Found("纪", b_), (Ids{3, 2}));
  }
}

TEST_F(PlatformSearchTest, PagesAndTotalsOverAgencies) {
  for (int i = 1; i <= 25; ++i) Put(i % 2 ? a_ : b_, i, "第" + std::to_string(i) + "号公告", "居民会议纪要");
  for (std::string text : {"纪要", "纪"}) {
    auto r = Platform(text, std::nullopt, 10, 20);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->total, 25) << text;
    EXPECT_EQ(r->hits.size(), 5u) << text;
    EXPECT_EQ(Platform(text, std::nullopt, 1000)->hits.size(), 25u) << "capped at 100, all 25 fit";
    EXPECT_EQ(Platform(text, a_)->total, 13) << text;
  }
}

TEST_F(PlatformSearchTest, RejectsWhatOneAgencysSearchRejects) {
  EXPECT_EQ(Platform("").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Platform("，。").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Platform(std::string(101, 'a')).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Platform("公告", std::nullopt, 20, -1).status().code(), Code::kInvalidArgument);
}

// Across the platform the cap keeps the newest matches of every agency
// together (the ids are global), not those of one agency.
TEST_F(PlatformSearchTest, RankingIsCappedToTheNewestMatchesOfEveryAgency) {
  for (int i = 1; i <= 8; ++i) Put(i % 2 ? a_ : b_, i, "鹦鹉螺号巡航通告", std::string(i, '.') + "鹦鹉螺号");
  PlatformQuery q;
  q.text = "鹦鹉螺号";
  auto all = t_.db().Read<Results>([&](store::Tx& tx) { return SearchPlatform(tx, q); });
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->total, 8);
  EXPECT_FALSE(all->capped);
  q.rank_cap = 3;
  auto capped = t_.db().Read<Results>([&](store::Tx& tx) { return SearchPlatform(tx, q); });
  ASSERT_TRUE(capped.ok()) << capped.status().ToString();
  EXPECT_EQ(capped->total, 3);
  EXPECT_TRUE(capped->capped);
  Ids ids;
  for (const Hit& h : capped->hits) ids.push_back(h.object_id);
  EXPECT_EQ(Sorted(ids), (Ids{6, 7, 8}));
  q.agency_id = a_;
  auto one = t_.db().Read<Results>([&](store::Tx& tx) { return SearchPlatform(tx, q); });
  ASSERT_TRUE(one.ok());
  ids.clear();
  for (const Hit& h : one->hits) ids.push_back(h.object_id);
  EXPECT_EQ(Sorted(ids), (Ids{3, 5, 7}));
  EXPECT_TRUE(one->capped);
}

}  // namespace
}  // namespace gk::search
