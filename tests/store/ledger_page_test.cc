// The ledger page (records/ledger.h ReadLedgerPage), on both engines: read
// page after page at any size, it yields the lines of the whole-year ledger
// (BuildLedger, which the exports print) in the same order, each once,
// including lines alike in date and reference and the China-day boundary at
// 16:00 UTC; its counts and timeliness are the whole ledger's.
#include "records/ledger.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "disclosure/catalog.h"
#include "extract/extract.h"
#include "records/channels.h"
#include "requests/import.h"
#include "store/fixture.h"
#include "support/published.h"
#include "support/test_db.h"

namespace gk::records {
namespace {

using accounts::Principal;

constexpr UnixSeconds kNoon20250910 = 1757476800;     // 12:00 in China
constexpr UnixSeconds kLate20250910 = 1757518200;     // 23:30 in China, 15:30 UTC
constexpr UnixSeconds kEarly20250911 = 1757521800;    // 00:30 in China, still 09-10 in UTC
constexpr UnixSeconds kNewYear2026 = 1767198600;      // 00:30 on 2026-01-01 in China

// Everything a person reads of a line.
std::string Text(const LedgerLine& l) {
  return l.kind + "|" + l.reference + "|" + l.content + "|" + l.category + "|" + l.department + "|" + l.form + "|" +
         l.date + "|" + l.feedback + "|" + l.result + "|" + (l.working_days ? std::to_string(*l.working_days) : "-") +
         "|" + (!l.on_time ? "?" : *l.on_time ? "1" : "0") + (l.channel_release ? "c" : "");
}

class LedgerPageTest : public testing::StoreTest {
 protected:
  LedgerPageTest() : StoreTest(kNoon20250910) {}

  void SetUp() override {
    StoreTest::SetUp();
    ref_ = *disclosure::LoadReferenceData(GK_SOURCE_DIR);
    int64_t a = Publish("关于睦邻点管理的暂行办法", "2025-09-01");
    int64_t b = Publish("关于社区食堂运营补贴的实施办法", "2025-08-01");
    // Releases of the same items on the same day: lines alike in date and
    // reference with the publication, and with each other.
    Channels channels(ctx_, "");
    for (const char* place : {"街道办事处门口公开栏", "社区服务中心公开栏", "居委会公开栏"}) {
      ASSERT_TRUE(channels.Publish(User("office"), a, {Channel::kBoard, place, documents::Paper::kA4, ""}).ok());
    }
    ASSERT_TRUE(channels.Publish(User("office"), b, {Channel::kBoard, "公开栏", documents::Paper::kA4, ""}).ok());
    clock_.Set(kLate20250910);
    Publish("关于加装电梯补贴的实施细则", "2025-09-02");
    clock_.Set(kEarly20250911);
    Publish("关于社区微更新项目管理的实施办法", "2025-06-02");
    clock_.Set(kNewYear2026);
    Publish("关于二〇二六年工作要点的通知", "2025-12-30");
    // Applications closed on the same days, one with reviews, one the year before.
    std::string jsonl;
    for (int i = 0; i < 9; ++i) {
      std::string closed = i < 5 ? "2025-09-10" : i < 8 ? "2025-03-20" : "2024-12-31";
      jsonl += "{\"ref\": \"2025-1" + std::to_string(i) + "\", \"applicant\": {\"type\": \"natural\", \"name\": \"甲\"}, "
               "\"channel\": \"post\", \"received\": \"2024-12-01\", \"request\": \"某项信息" + std::to_string(i) +
               "\", \"outcome\": \"granted\", \"closed\": \"" + closed + "\"" +
               (i == 2 ? ", \"reviews\": [{\"kind\": \"reconsideration\", \"filed\": \"2025-10-01\", \"result\": "
                         "\"upheld\"}]"
                       : "") +
               "}\n";
    }
    ASSERT_TRUE(requests::ImportApplications(ctx_, User("office"), jsonl).ok());
  }

  int64_t Publish(const std::string& title, const std::string& formed_on) {
    return testing::PublishThroughChain(ctx_, ref_, agency_, "0201", title, formed_on, "正文：" + title);
  }

  Ledger Whole(int year, const LedgerFilter& f = {}) {
    auto l = t_.db().Read<Ledger>([&](store::Tx& tx) { return BuildLedger(tx, agency_, year, f); });
    EXPECT_TRUE(l.ok()) << l.status().message();
    return l.ok() ? *l : Ledger{};
  }

  Result<LedgerView> Page(int year, const PageSpec& spec, const LedgerFilter& f = {}) {
    return t_.db().Read<LedgerView>([&](store::Tx& tx) { return ReadLedgerPage(tx, agency_, year, f, spec); });
  }

  // Every line, page after page of `limit`.
  std::vector<LedgerLine> Walk(int year, int limit, const LedgerFilter& f = {}) {
    std::vector<LedgerLine> out;
    PageSpec spec{std::nullopt, limit};
    for (int pages = 0; pages < 200; ++pages) {
      auto page = Page(year, spec, f);
      EXPECT_TRUE(page.ok()) << page.status().message();
      if (!page.ok()) break;
      EXPECT_LE(page->page.rows.size(), static_cast<size_t>(limit));
      out.insert(out.end(), page->page.rows.begin(), page->page.rows.end());
      if (!page->page.next) break;
      EXPECT_EQ(page->page.rows.size(), static_cast<size_t>(limit)) << "only the last page is short";
      spec.after = page->page.next;
    }
    return out;
  }

  // The lines in order by what orders them, and all they show as a multiset
  // (lines alike in date, reference and source have no order of their own in
  // the whole ledger).
  void ExpectSameLines(const std::vector<LedgerLine>& got, const std::vector<LedgerLine>& want,
                       const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    std::multiset<std::string> a, b;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].date + got[i].reference + got[i].kind + (got[i].channel_release ? "c" : ""),
                want[i].date + want[i].reference + want[i].kind + (want[i].channel_release ? "c" : ""))
          << what << ", line " << i;
      a.insert(Text(got[i]));
      b.insert(Text(want[i]));
    }
    EXPECT_EQ(a, b) << what;
  }

  disclosure::ReferenceData ref_;
};

TEST_F(LedgerPageTest, PagesOfAnySizeYieldTheWholeLedgerInItsOrderOnce) {
  Ledger whole = Whole(2025);
  ASSERT_EQ(whole.lines.size(), 4u + 4u + 8u) << "4 publications, 4 releases, 8 applications in 2025";
  for (int limit : {1, 2, 3, 4, 7, 100}) {
    ExpectSameLines(Walk(2025, limit), whole.lines, "limit " + std::to_string(limit));
  }
  // The China date decides the year: 00:30 on 2026-01-01 is 2026's.
  ExpectSameLines(Walk(2026, 2), Whole(2026).lines, "2026");
  ASSERT_EQ(Whole(2026).lines.size(), 1u);
  // Filtered by category: the 主动公开 lines only.
  LedgerFilter by_category;
  auto catalog = disclosure::Catalog(ctx_).List(agency_);
  ASSERT_TRUE(catalog.ok());
  for (const auto& c : *catalog) {
    if (c.code == "0201") by_category.category_id = c.id;
  }
  ASSERT_TRUE(by_category.category_id.has_value());
  Ledger filtered = Whole(2025, by_category);
  ASSERT_EQ(filtered.lines.size(), 8u);
  ExpectSameLines(Walk(2025, 3, by_category), filtered.lines, "category 0201");
}

TEST_F(LedgerPageTest, CountsAndTimelinessAreTheWholeLedgers) {
  Ledger whole = Whole(2025);
  auto page = Page(2025, PageSpec{std::nullopt, 2});
  ASSERT_TRUE(page.ok()) << page.status().message();
  int64_t releases = 0, applications = 0;
  for (const auto& l : whole.lines) {
    releases += l.channel_release;
    applications += l.source == LedgerSource::kOnRequest;
  }
  EXPECT_EQ(page->counts.releases, releases);
  EXPECT_EQ(page->counts.applications, applications);
  EXPECT_EQ(page->counts.publications + page->counts.releases + page->counts.applications,
            static_cast<int64_t>(whole.lines.size()));
  ASSERT_EQ(page->timeliness.size(), whole.timeliness.size());
  for (size_t i = 0; i < whole.timeliness.size(); ++i) {
    EXPECT_EQ(page->timeliness[i].department, whole.timeliness[i].department);
    EXPECT_EQ(page->timeliness[i].published, whole.timeliness[i].published);
    EXPECT_EQ(page->timeliness[i].on_time, whole.timeliness[i].on_time);
    EXPECT_EQ(page->timeliness[i].unknown, whole.timeliness[i].unknown);
  }
  EXPECT_EQ(whole.timeliness.at(0).published, 4);
  EXPECT_EQ(page->empty_must_fill, whole.empty_must_fill);
}

// The exports read the lines a batch at a time: the same lines as the whole
// ledger, and the same file.
TEST_F(LedgerPageTest, ExportsReadInBatchesHoldTheWholeLedger) {
  Ledger whole = Whole(2025);
  for (int batch : {1, 3, 1000}) {
    std::vector<LedgerLine> got;
    Status s = t_.db().Read([&](store::Tx& tx) {
      return ForEachLedgerLine(tx, agency_, 2025, {}, batch, [&](const LedgerLine& l) {
        got.push_back(l);
        return Status::Ok();
      });
    });
    ASSERT_TRUE(s.ok()) << s.message();
    ExpectSameLines(got, whole.lines, "batch " + std::to_string(batch));
  }
  auto csv = t_.db().Read<std::string>([&](store::Tx& tx) { return LedgerCsv(YearLines(tx, agency_, 2025, {})); });
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  auto lines = [](const std::string& text) {
    std::multiset<std::string> out;
    for (size_t at = 0, end; (end = text.find("\r\n", at)) != std::string::npos; at = end + 2) {
      out.insert(text.substr(at, end - at));
    }
    return out;
  };
  const std::string want = LedgerCsv(whole);
  EXPECT_EQ(csv->substr(0, csv->find("\r\n")), want.substr(0, want.find("\r\n"))) << "the same header";
  EXPECT_EQ(lines(*csv), lines(want));
  EXPECT_EQ(lines(*csv).size(), whole.lines.size() + 1);

  // The workbook streamed row by row reads back with every line.
  auto book = t_.db().Read<std::string>([&](store::Tx& tx) -> Result<std::string> {
    ASSIGN_OR_RETURN(LedgerView figures, ReadLedgerFigures(tx, agency_, 2025, {}));
    return LedgerXlsx(YearLines(tx, agency_, 2025, {}), figures.timeliness, figures.empty_must_fill);
  });
  ASSERT_TRUE(book.ok()) << book.status().message();
  auto text = extract::Extract("台帐.xlsx", *book);
  ASSERT_TRUE(text.ok()) << text.status().message();
  for (const LedgerLine& l : whole.lines) {
    EXPECT_NE(text->text.find(l.reference), std::string::npos) << l.reference;
    EXPECT_NE(text->text.find(l.content), std::string::npos) << l.content;
  }
  EXPECT_NE(text->text.find("公开条数"), std::string::npos);
}

TEST_F(LedgerPageTest, AMalformedPositionStartsFromTheFirstPage) {
  auto first = Page(2025, PageSpec{std::nullopt, 3});
  ASSERT_TRUE(first.ok());
  for (const SeekKey& bad : {SeekKey{"", 4}, SeekKey{"2025-13-01" + std::string("0") + "x", 1},
                             SeekKey{"2025-09-10" + std::string("7") + "x", 1}, SeekKey{"garbage", 9}}) {
    auto page = Page(2025, PageSpec{bad, 3});
    ASSERT_TRUE(page.ok()) << page.status().message();
    ASSERT_EQ(page->page.rows.size(), first->page.rows.size());
    for (size_t i = 0; i < first->page.rows.size(); ++i) {
      EXPECT_EQ(Text(page->page.rows[i]), Text(first->page.rows[i])) << bad.key;
    }
  }
}

// The printed ledger holds at most so many lines: up to the limit it is the
// whole ledger, beyond it a clear refusal that names the count and the way
// out; a filter that brings it under the limit prints.
TEST_F(LedgerPageTest, APrintedLedgerHasALimit) {
  const Ledger whole = Whole(2025);
  const int64_t n = static_cast<int64_t>(whole.lines.size());
  ASSERT_GT(n, 3);
  auto printable = [&](int64_t max, const LedgerFilter& f = {}) {
    return t_.db().Read<Ledger>([&](store::Tx& tx) { return BuildPrintableLedger(tx, agency_, 2025, f, max); });
  };
  auto at_limit = printable(n);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status().message();
  EXPECT_EQ(at_limit->lines.size(), whole.lines.size());
  auto over = printable(n - 1);
  ASSERT_EQ(over.status().code(), Code::kInvalidArgument);
  EXPECT_NE(over.status().message().find("共 " + std::to_string(n) + " 条"), std::string::npos)
      << over.status().message();
  EXPECT_NE(over.status().message().find("导出"), std::string::npos);
  LedgerFilter proactive_only;
  proactive_only.on_request = false;
  const int64_t proactive = static_cast<int64_t>(Whole(2025, proactive_only).lines.size());
  ASSERT_LT(proactive, n);
  EXPECT_TRUE(printable(proactive, proactive_only).ok()) << "a narrower ledger prints";
}

}  // namespace
}  // namespace gk::records
