// Full-text search on both engines: one- and two-character queries, exact
// phrases, folding, filters, agency and public scoping, replacement and
// removal, highlighting and escaping, ranking, query validation.
#include "search/search.h"

#include <gtest/gtest.h>

#include <set>

#include "support/test_db.h"

namespace gk::search {
namespace {

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    agency_ = AddAgency("search-a");
    other_agency_ = AddAgency("search-b");
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

  Document Doc(int64_t object_id, const std::string& title, const std::string& body, bool is_public = true) {
    Document d;
    d.agency_id = agency_;
    d.kind = "item";
    d.object_id = object_id;
    d.is_public = is_public;
    d.year = 2025;
    d.title = title;
    d.body = body;
    d.url = "/items/" + std::to_string(object_id);
    d.date = "2025-06-01";
    return d;
  }

  void Put(const Document& d) {
    Status s = t_.db().Transact([&](store::Tx& tx) { return Upsert(tx, d); });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Result<Results> Find(const Query& q, int64_t agency = 0) {
    std::optional<Result<Results>> out;
    Status s = t_.db().Read([&](store::Tx& tx) -> Status {
      out.emplace(Search(tx, agency ? agency : agency_, q));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return std::move(*out);
  }

  // The object ids found for `text`, best first.
  std::vector<int64_t> Found(const std::string& text, Query q = {}) {
    q.text = text;
    auto r = Find(q);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    std::vector<int64_t> ids;
    if (!r.ok()) return ids;
    for (const Hit& h : r->hits) ids.push_back(h.object_id);
    EXPECT_EQ(r->total, static_cast<int64_t>(ids.size())) << text;
    return ids;
  }

  static std::vector<int64_t> Sorted(std::vector<int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
  }

  testing::TestDb t_;
  int64_t agency_ = 0;
  int64_t other_agency_ = 0;
};

using Ids = std::vector<int64_t>;

TEST_F(SearchTest, OneAndTwoCharacterQueriesFind) {
  Put(Doc(1, "关于加强社区垃圾分类工作的通知", "各居民区：现将有关事项通知如下。"));
  Put(Doc(2, "静安寺街道2024年度政府信息公开工作报告", "本报告由街道办事处编制。"));
  EXPECT_EQ(Found("圾"), Ids{1});
  EXPECT_EQ(Found("垃圾"), Ids{1});
  EXPECT_EQ(Found("告"), Ids{2});  // the last character of a run
  EXPECT_EQ(Found("报告"), Ids{2});
  EXPECT_EQ(Sorted(Found("通")), (Ids{1}));
  EXPECT_EQ(Sorted(Found("街")), (Ids{2}));
  EXPECT_EQ(Found("2024"), Ids{2});
  EXPECT_EQ(Found("2024年"), Ids{2});
  EXPECT_EQ(Found("税"), Ids{});
}

TEST_F(SearchTest, LongerQueriesAreExactPhrases) {
  Put(Doc(1, "政府信息公开目录", "目录按类别编排。"));
  Put(Doc(2, "目录", "公开的信息在此，另见附件。"));  // 信 息 公 开 present, not in that order
  Put(Doc(3, "信息公告", "开展工作"));              // 信息公 … 开 scattered
  EXPECT_EQ(Found("信息公开"), Ids{1});
  EXPECT_EQ(Found("息公开目"), Ids{1});
  EXPECT_EQ(Sorted(Found("信息公")), (Ids{1, 3}));
  EXPECT_EQ(Found("公开信息"), Ids{});
}

TEST_F(SearchTest, SeveralWordsMustAllMatch) {
  Put(Doc(1, "养老服务补贴申请", "老年人可以申请。"));
  Put(Doc(2, "养老服务中心开放", "欢迎居民。"));
  EXPECT_EQ(Sorted(Found("养老服务")), (Ids{1, 2}));
  EXPECT_EQ(Found("养老服务 补贴"), Ids{1});
  EXPECT_EQ(Found("养老 居民"), Ids{2});
  EXPECT_EQ(Found("养老 税务"), Ids{});
  EXPECT_EQ(Found("申 老"), Ids{1});  // single characters combine too
  EXPECT_EQ(Found("养老服务 请"), Ids{1});
}

TEST_F(SearchTest, QueriesAndDocumentsAreFolded) {
  Put(Doc(1, "政府資訊公開指南", "提供ＷｉＦｉ服務。"));
  Put(Doc(2, "规划", "WIFI覆盖 2025年"));
  EXPECT_EQ(Found("政府资讯"), Ids{1});
  EXPECT_EQ(Found("政府資訊"), Ids{1});
  EXPECT_EQ(Found("资"), Ids{1});
  EXPECT_EQ(Sorted(Found("ＷｉＦｉ")), (Ids{1, 2}));
  EXPECT_EQ(Sorted(Found("wifi")), (Ids{1, 2}));
  EXPECT_EQ(Found("服务"), Ids{1});
  EXPECT_EQ(Found("２０２５"), Ids{2});
}

TEST_F(SearchTest, ExtraFieldIsSearchable) {
  Document d = Doc(1, "关于调整停车收费的通知", "收费标准见附件。");
  d.extra = "索引号：000014349/2025-00012 文号：沪静府〔2025〕12号";
  Put(d);
  EXPECT_EQ(Found("沪静府〔2025〕12号"), Ids{1});
  EXPECT_EQ(Found("静府〔2025"), Ids{1});
  EXPECT_EQ(Found("000014349"), Ids{1});
  EXPECT_EQ(Found("沪静府〔2024〕12号"), Ids{});
  Query q;
  q.text = "12号";
  auto r = Find(q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_NE(r->hits[0].snippet_html.find("<mark>12号</mark>"), std::string::npos) << r->hits[0].snippet_html;
}

TEST_F(SearchTest, FiltersByCategoryDepartmentAndYear) {
  Document a = Doc(1, "防汛防台应急预案", "");
  a.category_id = 10;
  a.department_id = 100;
  a.year = 2024;
  Document b = Doc(2, "防汛物资储备", "");
  b.category_id = 11;
  b.department_id = 100;
  b.year = 2025;
  Document c = Doc(3, "防汛演练", "");
  Put(a);
  Put(b);
  Put(c);
  Query q;
  EXPECT_EQ(Sorted(Found("防汛", q)), (Ids{1, 2, 3}));
  q.category_id = 10;
  EXPECT_EQ(Found("防汛", q), Ids{1});
  q = {};
  q.department_id = 100;
  EXPECT_EQ(Sorted(Found("防汛", q)), (Ids{1, 2}));
  q.year = 2025;
  EXPECT_EQ(Found("防汛", q), Ids{2});
  q = {};
  q.year = 2025;
  EXPECT_EQ(Sorted(Found("汛", q)), (Ids{2, 3}));
  q.category_id = 11;
  EXPECT_EQ(Found("汛", q), Ids{2});
}

TEST_F(SearchTest, PublicOnlyHidesInternalDocuments) {
  Put(Doc(1, "公开的公告", "", true));
  Put(Doc(2, "内部的公告", "", false));
  Query portal;
  EXPECT_EQ(Found("公告", portal), Ids{1});
  EXPECT_EQ(Found("告", portal), Ids{1});
  Query staff;
  staff.public_only = false;
  EXPECT_EQ(Sorted(Found("公告", staff)), (Ids{1, 2}));
  EXPECT_EQ(Sorted(Found("告", staff)), (Ids{1, 2}));
  Put(Doc(2, "内部的公告", "", true));  // published later
  EXPECT_EQ(Sorted(Found("公告", portal)), (Ids{1, 2}));
}

TEST_F(SearchTest, AnotherAgencysDocumentsNeverAppear) {
  Put(Doc(1, "本街道的垃圾分类通知", ""));
  Document theirs = Doc(1, "外街道的垃圾分类通知", "");
  theirs.agency_id = other_agency_;
  Put(theirs);
  Document internal = Doc(2, "外街道内部垃圾分类", "", false);
  internal.agency_id = other_agency_;
  Put(internal);
  for (bool public_only : {true, false}) {
    Query q;
    q.public_only = public_only;
    q.text = "垃圾分类";
    auto mine = Find(q);
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->total, 1);
    EXPECT_EQ(mine->hits[0].title, "本街道的垃圾分类通知");
    q.text = "圾";
    EXPECT_EQ(Find(q)->total, 1);
    auto theirs_found = Find(q, other_agency_);
    ASSERT_TRUE(theirs_found.ok());
    EXPECT_EQ(theirs_found->total, public_only ? 1 : 2);
  }
}

TEST_F(SearchTest, UpsertReplaces) {
  Put(Doc(1, "旧区改造征询公告", "第一轮征询。"));
  Put(Doc(1, "加装电梯意见征询", "第二轮征询。"));
  EXPECT_EQ(Found("旧区改造"), Ids{});
  EXPECT_EQ(Found("改"), Ids{});
  EXPECT_EQ(Found("加装电梯"), Ids{1});
  EXPECT_EQ(Found("征询"), Ids{1});
  Document moved = Doc(1, "加装电梯意见征询", "第二轮征询。");
  moved.category_id = 7;  // metadata only
  moved.url = "/items/1?v=2";
  Put(moved);
  Query q;
  q.category_id = 7;
  q.text = "电梯";
  auto r = Find(q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->total, 1);
  EXPECT_EQ(r->hits[0].url, "/items/1?v=2");
}

TEST_F(SearchTest, RemoveRemoves) {
  Put(Doc(1, "社区卫生服务中心开放时间", "每日开放。"));
  Put(Doc(2, "社区文化活动中心", "周末开放。"));
  Status s = t_.db().Transact([&](store::Tx& tx) { return Remove(tx, agency_, "item", 1); });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Found("社区"), Ids{2});
  EXPECT_EQ(Found("卫"), Ids{});
  EXPECT_EQ(Found("开放"), Ids{2});
  s = t_.db().Transact([&](store::Tx& tx) { return Remove(tx, agency_, "item", 1); });
  EXPECT_TRUE(s.ok()) << "removing twice is fine";
}

TEST_F(SearchTest, HighlightsAndEscapes) {
  Put(Doc(1, "关于<b>垃圾分类</b>的'通知'", "<script>x</script>做好垃圾分类工作 & 宣传。"));
  Query q;
  q.text = "垃圾分类";
  auto r = Find(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->hits.size(), 1u);
  const Hit& h = r->hits[0];
  EXPECT_EQ(h.title, "关于<b>垃圾分类</b>的'通知'");
  EXPECT_EQ(h.title_html, "关于&lt;b&gt;<mark>垃圾分类</mark>&lt;/b&gt;的&#39;通知&#39;");
  EXPECT_EQ(h.snippet_html, "&lt;script&gt;x&lt;/script&gt;做好<mark>垃圾分类</mark>工作 &amp; 宣传。");
}

TEST_F(SearchTest, HighlightsTheOriginalForm) {
  Put(Doc(1, "政府資訊公開", "提供ＷｉＦｉ服務。"));
  Query q;
  q.text = "资讯 wifi";
  auto r = Find(q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].title_html, "政府<mark>資訊</mark>公開");
  EXPECT_EQ(r->hits[0].snippet_html, "提供<mark>ＷｉＦｉ</mark>服務。");
  q.text = "訊";
  EXPECT_EQ(Find(q)->hits.at(0).title_html, "政府資<mark>訊</mark>公開");
}

TEST_F(SearchTest, LongBodiesAreExcerpted) {
  std::string body;
  for (int i = 0; i < 40; ++i) body += "街道工作安排。";
  body += "特别提示防汛。";
  for (int i = 0; i < 40; ++i) body += "街道工作安排。";
  Put(Doc(1, "工作安排", body));
  Query q;
  q.text = "防汛";
  auto r = Find(q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  const std::string& s = r->hits[0].snippet_html;
  EXPECT_EQ(s.rfind("…", 0), 0u) << s;
  EXPECT_NE(s.find("<mark>防汛</mark>"), std::string::npos) << s;
  EXPECT_LT(s.size(), body.size() / 2);
}

TEST_F(SearchTest, TitleMatchRanksFirst) {
  // The title match is the older document: ties would put it last.
  Put(Doc(1, "养老服务补贴发放公告", "补贴已发放到位。"));
  Put(Doc(2, "街道工作动态", "本月开展了养老服务宣传活动，居民踊跃参加。"));
  Put(Doc(3, "社区简报", "本期无相关内容。"));
  EXPECT_EQ(Found("养老服务"), (Ids{1, 2}));
  EXPECT_EQ(Found("养老"), (Ids{1, 2}));
  EXPECT_EQ(Found("养"), (Ids{1, 2}));
  EXPECT_EQ(Found("养 老"), (Ids{1, 2}));
  Query q;
  q.text = "养老";
  auto r = Find(q);
  ASSERT_EQ(r->hits.size(), 2u);
  EXPECT_GT(r->hits[0].score, r->hits[1].score);
}

TEST_F(SearchTest, SqliteUsesItsOwnRankingFunction) {
  if (t_.is_postgres()) GTEST_SKIP() << "SQLite only";
  Put(Doc(1, "防汛", ""));
  Status s = t_.db().Read([](store::Tx& tx) {
    return tx.Query("SELECT gk_bm25(search_terms, 1.0, 10.0, 5.0) FROM search_terms WHERE search_terms MATCH '防汛'")
        .status();
  });
  EXPECT_TRUE(s.ok()) << "gk_bm25 is not registered, search falls back to bm25(): " << s.ToString();
}

TEST_F(SearchTest, MoreOccurrencesRankHigher) {
  Put(Doc(1, "通知", "防汛。"));
  Put(Doc(2, "通知", "防汛防汛，再次强调防汛。"));
  Put(Doc(3, "通知", "今年防汛形势严峻。"));
  EXPECT_EQ(Found("防汛").at(0), 2);
  EXPECT_EQ(Found("防汛 通知").at(0), 2);
}

TEST_F(SearchTest, SingleCharacterPagesTitlesFirstThenNewest) {
  for (int i = 1; i <= 5; ++i) Put(Doc(i, "会议纪要第" + std::to_string(i) + "期", "内容"));
  for (int i = 6; i <= 10; ++i) Put(Doc(i, "通知第" + std::to_string(i) + "期", "附会议纪要"));
  Query q;
  q.text = "纪";
  q.limit = 3;
  q.offset = 4;
  auto r = Find(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->total, 10);
  std::vector<int64_t> ids;
  for (const Hit& h : r->hits) ids.push_back(h.object_id);
  if (t_.is_postgres()) {
    EXPECT_EQ(ids.size(), 3u);  // ranked by ts_rank: titles first, the order within ties is by id
    EXPECT_EQ(ids[0], 1);
  } else {
    EXPECT_EQ(ids, (Ids{1, 10, 9}));
  }
}

TEST_F(SearchTest, PagesAndTotals) {
  for (int i = 1; i <= 25; ++i) Put(Doc(i, "第" + std::to_string(i) + "号公告", "居民会议纪要"));
  Query q;
  q.text = "纪要";
  q.limit = 10;
  q.offset = 20;
  auto r = Find(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 25);
  EXPECT_EQ(r->hits.size(), 5u);
  q.limit = 1000;  // capped
  q.offset = 0;
  EXPECT_EQ(Find(q)->hits.size(), 25u);
}

TEST_F(SearchTest, RejectsEmptyAndOversizeQueries) {
  for (std::string text : {"", "   ", "，。、！", "\xE3\x80\x80"}) {  // the last is an ideographic space
    Query q;
    q.text = text;
    auto r = Find(q);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << text;
  }
  Query q;
  for (int i = 0; i < 101; ++i) q.text += "政";
  EXPECT_EQ(Find(q).status().code(), Code::kInvalidArgument);
  q.text.resize(100 * 3);
  EXPECT_TRUE(Find(q).ok());
  q.limit = -1;
  EXPECT_EQ(Find(q).status().code(), Code::kInvalidArgument);
}

TEST_F(SearchTest, InvalidUtf8IsStoredReplaced) {
  Put(Doc(1, "公告\xFF", "正文\xC0\xAF内容"));
  Query q;
  q.text = "正文";
  auto r = Find(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].title, "公告\xEF\xBF\xBD");
}

TEST_F(SearchTest, RebuildKeepsTheIndex) {
  Put(Doc(1, "防汛防台工作方案", "做好准备。"));
  Put(Doc(2, "垃圾分类", "准备就绪。", false));
  Status s = t_.db().Transact([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(Rebuild(tx));
    return Optimize(tx);
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Found("防台"), Ids{1});
  EXPECT_EQ(Found("准备"), Ids{1});
  Query staff;
  staff.public_only = false;
  EXPECT_EQ(Sorted(Found("准备", staff)), (Ids{1, 2}));
  Put(Doc(1, "防汛防台工作方案（修订）", "做好准备。"));
  EXPECT_EQ(Found("修订"), Ids{1});
}

}  // namespace
}  // namespace gk::search

namespace gk::search {
namespace {

// More documents than one chunk of the character sets (4,096 ids), loaded in
// one batch, with every third one public: counts, pages, filters and
// removals of one-character queries stay exact across chunks.
TEST_F(SearchTest, SingleCharactersAcrossManyDocuments) {
  std::vector<Document> docs;
  for (int i = 1; i <= 4500; ++i) {
    Document d = Doc(i, i % 7 == 0 ? "关于防汛的通知" : "工作简报", i % 5 == 0 ? "做好防台准备。" : "其他事项。", i % 3 == 0);
    d.year = 2020 + i % 2;
    docs.push_back(d);
  }
  Status s = t_.db().Transact([&](store::Tx& tx) { return UpsertMany(tx, docs); });
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto total = [&](const std::string& text, Query q) {
    q.text = text;
    auto r = Find(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->total : -1;
  };
  auto expected = [](auto pred) {
    int64_t n = 0;
    for (int i = 1; i <= 4500; ++i) n += pred(i);
    return n;
  };
  Query staff;
  staff.public_only = false;
  EXPECT_EQ(total("汛", staff), expected([](int i) { return i % 7 == 0; }));
  EXPECT_EQ(total("汛", {}), expected([](int i) { return i % 7 == 0 && i % 3 == 0; }));
  EXPECT_EQ(total("汛 台", staff), expected([](int i) { return i % 35 == 0; }));
  EXPECT_EQ(total("防", staff), expected([](int i) { return i % 7 == 0 || i % 5 == 0; }));
  Query year = staff;
  year.year = 2021;
  EXPECT_EQ(total("防", year), expected([](int i) { return (i % 7 == 0 || i % 5 == 0) && i % 2 == 1; }));
  EXPECT_EQ(total("通知 台", staff), expected([](int i) { return i % 35 == 0; }));  // phrase and character

  // Titles first (newest first), then the rest: the page after the titles.
  Query page = staff;
  page.text = "防";
  page.limit = 3;
  page.offset = static_cast<int>(expected([](int i) { return i % 7 == 0; }));
  auto r = Find(page);
  ASSERT_TRUE(r.ok());
  std::vector<int64_t> ids;
  for (const Hit& h : r->hits) ids.push_back(h.object_id);
  if (!t_.is_postgres()) {
    EXPECT_EQ(ids, (Ids{4500, 4495, 4490}));  // newest first among those without it in the title
  }

  Status removed = t_.db().Transact([&](store::Tx& tx) { return Remove(tx, agency_, "item", 4494); });
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(total("汛", staff), expected([](int i) { return i % 7 == 0 && i != 4494; }));
}

// Ranking is bounded: a query matching more documents than rank_cap ranks
// only the newest rank_cap of them (in its scope and after its filters),
// reports that the total is capped and pages within them; a query matching
// at most rank_cap documents is ranked exactly as with no cap.
TEST_F(SearchTest, RankingIsCappedToTheNewestMatches) {
  // The oldest four have the phrase in the title (ranked first when all are
  // ranked); the others have it in the body, a varying number of times. The
  // newest is a draft; the even ones are of 2024.
  for (int i = 1; i <= 10; ++i) {
    std::string body;
    for (int k = 0; k <= i % 3; ++k) body += "关于加装电梯的进展。";
    Document d = Doc(i, i <= 4 ? "加装电梯工作方案" : "工作简报", body, i != 10);
    d.year = i % 2 == 0 ? 2024 : 2025;
    Put(d);
  }
  Put(Doc(11, "其他事项", "无关内容。"));

  struct Outcome {
    Ids ids;
    std::vector<double> scores;
    int64_t total = 0;
    bool capped = false;
  };
  auto run = [&](const std::string& text, Query q) {
    q.text = text;
    if (q.limit == 20) q.limit = 100;
    auto r = Find(q);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    Outcome o;
    if (!r.ok()) return o;
    for (const Hit& h : r->hits) {
      o.ids.push_back(h.object_id);
      o.scores.push_back(h.score);
    }
    o.total = r->total;
    o.capped = r->capped;
    return o;
  };
  auto only = [](const Ids& ranked, const std::set<int64_t>& keep) {
    Ids out;
    for (int64_t id : ranked) {
      if (keep.count(id)) out.push_back(id);
    }
    return out;
  };
  Query staff;
  staff.public_only = false;
  auto with_cap = [](Query q, int64_t cap) {
    q.rank_cap = cap;
    return q;
  };

  // Under or at the cap: the exact total and the very same ranking.
  for (const std::string text : {"加装电梯", "加装电梯 工作", "加装电梯 案"}) {
    Outcome all = run(text, staff);
    EXPECT_FALSE(all.capped) << text;
    EXPECT_EQ(all.total, static_cast<int64_t>(all.ids.size())) << text;
    Outcome at_cap = run(text, with_cap(staff, all.total));
    EXPECT_FALSE(at_cap.capped) << text;
    EXPECT_EQ(at_cap.total, all.total) << text;
    EXPECT_EQ(at_cap.ids, all.ids) << text;
    EXPECT_EQ(at_cap.scores, all.scores) << text;
  }
  Outcome all = run("加装电梯", staff);
  ASSERT_EQ(Sorted(all.ids), (Ids{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  ASSERT_LE(all.ids.front(), 4) << "a title match ranks first when everything is ranked";

  // Over the cap: the best of the newest four, the draft among them for staff.
  Outcome capped = run("加装电梯", with_cap(staff, 4));
  EXPECT_TRUE(capped.capped);
  EXPECT_EQ(capped.total, 4);
  EXPECT_EQ(capped.ids, only(all.ids, {7, 8, 9, 10}));
  // The portal: the newest four public ones.
  Outcome portal_all = run("加装电梯", Query{});
  Outcome portal = run("加装电梯", with_cap(Query{}, 4));
  EXPECT_TRUE(portal.capped);
  EXPECT_EQ(portal.total, 4);
  EXPECT_EQ(portal.ids, only(portal_all.ids, {6, 7, 8, 9}));

  // Pages stay within the ranked documents.
  Query page = with_cap(staff, 4);
  page.limit = 3;
  page.offset = 3;
  Outcome last = run("加装电梯", page);
  EXPECT_EQ(last.ids, Ids{capped.ids.back()});
  EXPECT_EQ(last.total, 4);
  EXPECT_TRUE(last.capped);
  page.offset = 4;
  Outcome beyond = run("加装电梯", page);
  EXPECT_EQ(beyond.ids, Ids{});
  EXPECT_EQ(beyond.total, 4);
  EXPECT_TRUE(beyond.capped);

  // The newest matches after the filters and the character sets.
  Query year = with_cap(staff, 2);
  year.year = 2024;
  Outcome in_2024 = run("加装电梯", year);
  EXPECT_TRUE(in_2024.capped);
  EXPECT_EQ(Sorted(in_2024.ids), (Ids{8, 10}));
  Outcome with_char = run("加装电梯 案", with_cap(staff, 2));
  EXPECT_TRUE(with_char.capped);
  EXPECT_EQ(Sorted(with_char.ids), (Ids{3, 4}));
  // Several phrases: their IDF is bounded too (estimated above the cap).
  Outcome two = run("加装电梯 工作", with_cap(staff, 3));
  EXPECT_TRUE(two.capped);
  EXPECT_EQ(two.total, 3);
  EXPECT_EQ(Sorted(two.ids), (Ids{8, 9, 10}));
  Outcome exact = run("加装电梯 工作", with_cap(staff, 10));
  EXPECT_FALSE(exact.capped);
  EXPECT_EQ(exact.total, 10);

  // One-character queries: from the character sets on SQLite, which need
  // no cap; prefix queries on PostgreSQL, capped like the others.
  Outcome chars = run("梯", with_cap(staff, 2));
  EXPECT_EQ(chars.capped, t_.is_postgres());
  EXPECT_EQ(chars.total, t_.is_postgres() ? 2 : 10);
}

TEST_F(SearchTest, AnEmptiedIndexIsRebuilt) {
  Put(Doc(1, "防汛防台工作方案", "做好准备。"));
  auto rebuild = [&] {
    bool rebuilt = false;
    Status s = t_.db().Transact([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(rebuilt, RebuildIfEmptied(tx));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return rebuilt;
  };
  EXPECT_FALSE(rebuild()) << "the index holds the document";
  if (t_.is_postgres()) return;  // the tsvector lives in the document row
  // What a migration that changes the term streams does.
  Status s = t_.db().Transact([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO search_terms (search_terms) VALUES ('delete-all')").status());
    return tx.Exec("DELETE FROM search_char_sets").status();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Found("防台"), Ids{});
  EXPECT_EQ(Found("汛"), Ids{});
  EXPECT_TRUE(rebuild());
  EXPECT_EQ(Found("汛"), Ids{1});
  EXPECT_EQ(Found("防台"), Ids{1});
  EXPECT_FALSE(rebuild());
}

}  // namespace
}  // namespace gk::search
