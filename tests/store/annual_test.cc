// The annual report's figures from an imported data set, on both engines:
// the expected tables are derived in the test itself, by applying the
// counting rules to the generated records, not by the code under test.
#include "records/annual.h"
#include "records/ledger.h"
#include "records/filing.h"
#include "extract/extract.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "accounts/directory.h"
#include "disclosure/catalog.h"
#include "disclosure/import.h"
#include "disclosure/items.h"
#include "disclosure/portal.h"
#include "requests/import.h"
#include "requests/reference.h"
#include "store/fixture.h"
#include "support/published.h"
#include "support/test_db.h"

namespace gk::records {
namespace {

using accounts::Principal;

constexpr UnixSeconds kMonday20260601 = 1780279200;

struct Review {
  std::string kind, filed, result;
};

struct Record {
  std::string ref, type, received, closed, outcome;  // closed/outcome "" while open
  std::vector<Review> reviews;
};

std::string Day(std::mt19937& rng, int from_year, int to_year) {
  int y = std::uniform_int_distribution<int>(from_year, to_year)(rng);
  int m = std::uniform_int_distribution<int>(1, 12)(rng);
  int d = std::uniform_int_distribution<int>(1, 28)(rng);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// 400 applications received 2023–2026 (before the fixed "today", 2026-06-01),
// of every applicant type, open or closed with any of the 21 outcomes, some
// with reviews filed in any year after their closing.
std::vector<Record> Generate() {
  std::mt19937 rng(20260601);
  std::vector<Record> out;
  auto outcomes = requests::Outcomes();
  for (int i = 0; i < 400; ++i) {
    Record r;
    r.ref = "H-" + std::to_string(i);
    r.type = kApplicantColumns[std::uniform_int_distribution<size_t>(0, kApplicantColumns.size() - 1)(rng)];
    do r.received = Day(rng, 2023, 2026);
    while (r.received > "2026-05-31");
    if (std::uniform_int_distribution<int>(0, 4)(rng) > 0) {
      do r.closed = Day(rng, 2023, 2026);
      while (r.closed < r.received || r.closed > "2026-05-31");
      r.outcome = outcomes[std::uniform_int_distribution<size_t>(0, outcomes.size() - 1)(rng)].key;
      for (int k = std::uniform_int_distribution<int>(0, 2)(rng) - 1; k > 0 || (k == 0 && i % 3 == 0); --k) {
        static const char* kinds[] = {"reconsideration", "suit_direct", "suit_after_review"};
        static const char* results[] = {"upheld", "corrected", "other", "pending"};
        Review v;
        v.kind = kinds[std::uniform_int_distribution<int>(0, 2)(rng)];
        do v.filed = Day(rng, 2023, 2026);
        while (v.filed < r.closed || v.filed > "2026-05-31");
        v.result = results[std::uniform_int_distribution<int>(0, 3)(rng)];
        r.reviews.push_back(v);
        if (k == 0) break;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string Jsonl(const std::vector<Record>& records) {
  std::string out;
  for (const Record& r : records) {
    out += "{\"ref\": \"" + r.ref + "\", \"applicant\": {\"type\": \"" + r.type + "\", \"name\": \"申请人\"}, " +
           "\"channel\": \"online\", \"received\": \"" + r.received + "\", \"request\": \"某项信息\", \"outcome\": " +
           (r.outcome.empty() ? "null" : "\"" + r.outcome + "\"") +
           ", \"closed\": " + (r.closed.empty() ? "null" : "\"" + r.closed + "\"");
    if (!r.reviews.empty()) {
      out += ", \"reviews\": [";
      for (size_t k = 0; k < r.reviews.size(); ++k) {
        out += std::string(k ? ", " : "") + "{\"kind\": \"" + r.reviews[k].kind + "\", \"filed\": \"" +
               r.reviews[k].filed + "\", \"result\": \"" + r.reviews[k].result + "\"}";
      }
      out += "]";
    }
    out += "}\n";
  }
  return out;
}

size_t ColumnOf(const std::string& type) {
  for (size_t i = 0; i < kApplicantColumns.size(); ++i) {
    if (type == kApplicantColumns[i]) return i;
  }
  ADD_FAILURE() << type;
  return 0;
}

// The expected table, by the rules as the issue states them.
ApplicationsTable Expected(const std::vector<Record>& records, int year) {
  const std::string first = std::to_string(year) + "-01-01", last = std::to_string(year) + "-12-31";
  ApplicationsTable t;
  for (const auto& o : requests::Outcomes()) t.outcomes[o.key] = Row();
  for (const Record& r : records) {
    size_t c = ColumnOf(r.type);
    const bool open_at = r.closed.empty() || r.closed > last;
    if (r.received >= first && r.received <= last) ++t.new_received.by_type[c];
    if (r.received < first && (r.closed.empty() || r.closed >= first)) ++t.carried_in.by_type[c];
    if (!r.closed.empty() && r.closed >= first && r.closed <= last) {
      ++t.outcomes[r.outcome].by_type[c];
      ++t.total.by_type[c];
    }
    if (r.received <= last && open_at) ++t.carried_out.by_type[c];
  }
  return t;
}

class AnnualTest : public testing::StoreTest {
 protected:
  AnnualTest() : StoreTest(kMonday20260601) {}
  Principal Office() { return User("office"); }

  // A 行政规范性文件 (catalog 0201) formed on `formed_on`, through the chain to the portal.
  int64_t PublishedNormative(const std::string& title, const std::string& formed_on) {
    auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
    EXPECT_TRUE(ref.ok());
    ref_ = *ref;
    return testing::PublishThroughChain(ctx_, ref_, agency_, "0201", title, formed_on, "正文：" + title);
  }

  Result<AnnualFigures> Figures(int year) {
    return t_.db().Read<AnnualFigures>([&](store::Tx& tx) { return Compute(tx, agency_, year); });
  }

  disclosure::ReferenceData ref_;
};

// 行政规范性文件 counted from the registry: issued in the year they were
// formed, repealed in the year the 公开办 recorded it, in force at year end.
TEST_F(AnnualTest, NormativeDocumentsFromThePublishedRegistry) {
  clock_.Set(1767232800);  // 2026-01-01
  int64_t old_doc = PublishedNormative("关于社区微更新项目管理的实施办法", "2024-06-01");
  int64_t new_doc = PublishedNormative("关于加装电梯补贴的实施细则", "2025-04-01");
  PublishedNormative("关于睦邻点管理的暂行办法", "2025-09-01");
  clock_.Set(1772330400);  // 2026-03-01
  disclosure::Items items(ctx_, ref_);
  EXPECT_EQ(items.SetValidity(User("clerk"), old_doc, disclosure::Validity::kRepealed, "区政府文件废止").code(),
            Code::kPermissionDenied);
  EXPECT_EQ(items.SetValidity(Office(), old_doc, disclosure::Validity::kRepealed, "").code(), Code::kInvalidArgument)
      << "the ground is required";
  Status repealed = items.SetValidity(Office(), old_doc, disclosure::Validity::kRepealed, "街道办〔2026〕3号决定废止");
  ASSERT_TRUE(repealed.ok()) << repealed.message();

  auto f25 = Figures(2025);
  ASSERT_TRUE(f25.ok()) << f25.status().message();
  EXPECT_EQ(f25->proactive.normative.issued, 2);
  EXPECT_EQ(f25->proactive.normative.repealed, 0);
  EXPECT_EQ(f25->proactive.normative.in_force, 3) << "the repeal came after the end of 2025";
  auto f26 = Figures(2026);
  ASSERT_TRUE(f26.ok());
  EXPECT_EQ(f26->proactive.normative.issued, 0);
  EXPECT_EQ(f26->proactive.normative.repealed, 1);
  EXPECT_EQ(f26->proactive.normative.in_force, 2);
  EXPECT_EQ(f26->proactive.rules.issued + f26->proactive.rules.in_force, 0) << "a street office makes no 规章";
  auto f24 = Figures(2024);
  ASSERT_TRUE(f24.ok());
  EXPECT_EQ(f24->proactive.normative.issued, 1);
  EXPECT_EQ(f24->proactive.normative.in_force, 1);

  // The portal shows the current validity beside the approved publication.
  auto pub = disclosure::GetPublished(t_.db(), agency_, old_doc);
  ASSERT_TRUE(pub.ok()) << pub.status().message();
  EXPECT_EQ(pub->validity, "废止（2026-03-01）");
  EXPECT_EQ(disclosure::GetPublished(t_.db(), agency_, new_doc)->validity, "有效");
}

TEST_F(AnnualTest, ApplicationsAndReviewsTablesMatchTheRecords) {
  std::vector<Record> records = Generate();
  auto imported = requests::ImportApplications(ctx_, Office(), Jsonl(records));
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  for (int year : {2024, 2025, 2026}) {
    auto f = Figures(year);
    ASSERT_TRUE(f.ok()) << f.status().message();
    ApplicationsTable want = Expected(records, year);
    const ApplicationsTable& got = f->applications;
    EXPECT_EQ(got.new_received, want.new_received) << year;
    EXPECT_EQ(got.carried_in, want.carried_in) << year;
    EXPECT_EQ(got.total, want.total) << year;
    EXPECT_EQ(got.carried_out, want.carried_out) << year;
    ASSERT_EQ(got.outcomes.size(), 21u);
    for (const auto& [key, row] : want.outcomes) EXPECT_EQ(got.outcomes.at(key), row) << year << " " << key;
    EXPECT_TRUE(CheckBalance(got).ok()) << year << ": " << CheckBalance(got).message();
    EXPECT_GT(got.total.total(), 0) << "the generator closes applications in every year";

    // Reviews: filed in the year, by result (imported results carry no date).
    ReviewsTable reviews;
    for (const Record& r : records) {
      for (const Review& v : r.reviews) {
        if (v.filed.substr(0, 4) != std::to_string(year)) continue;
        ReviewCell& cell = v.kind == "reconsideration" ? reviews.reconsideration
                           : v.kind == "suit_direct"   ? reviews.suit_direct
                                                       : reviews.suit_after_review;
        (v.result == "upheld"      ? cell.upheld
         : v.result == "corrected" ? cell.corrected
         : v.result == "other"     ? cell.other
                                   : cell.pending)++;
      }
    }
    for (auto [got_cell, want_cell] : {std::pair{f->reviews.reconsideration, reviews.reconsideration},
                                       std::pair{f->reviews.suit_direct, reviews.suit_direct},
                                       std::pair{f->reviews.suit_after_review, reviews.suit_after_review}}) {
      EXPECT_EQ(got_cell.upheld, want_cell.upheld) << year;
      EXPECT_EQ(got_cell.corrected, want_cell.corrected) << year;
      EXPECT_EQ(got_cell.other, want_cell.other) << year;
      EXPECT_EQ(got_cell.pending, want_cell.pending) << year;
    }
  }
}

TEST_F(AnnualTest, AHandfulByHandAndTheJsonShape) {
  // 2024: one natural person's application still open at the end of the
  // year; 2025: it is granted, a company's is received and refused as a
  // repeat, a law firm's is received and stays open. A reconsideration
  // filed in 2025 and decided in 2026 counts as 尚未审结 in 2025.
  std::string jsonl =
      "{\"ref\": \"A\", \"applicant\": {\"type\": \"natural\", \"name\": \"甲\"}, \"channel\": \"post\", "
      "\"received\": \"2024-12-20\", \"request\": \"x\", \"outcome\": \"granted\", \"closed\": \"2025-01-10\"}\n"
      "{\"ref\": \"B\", \"applicant\": {\"type\": \"commercial\", \"name\": \"乙公司\"}, \"channel\": \"online\", "
      "\"received\": \"2025-03-01\", \"request\": \"y\", \"outcome\": \"not_processed.repeat\", \"closed\": "
      "\"2025-03-20\", \"reviews\": [{\"kind\": \"reconsideration\", \"filed\": \"2025-05-01\", \"result\": "
      "\"upheld\"}]}\n"
      "{\"ref\": \"C\", \"applicant\": {\"type\": \"legal_service\", \"name\": \"丙律所\"}, \"channel\": \"online\", "
      "\"received\": \"2025-12-30\", \"request\": \"z\", \"outcome\": null, \"closed\": null}\n";
  ASSERT_TRUE(requests::ImportApplications(ctx_, Office(), jsonl).ok());
  ASSERT_TRUE(t_.db().Transact([&](store::Tx& tx) {
    return tx.Exec("UPDATE application_reviews SET decided_on = '2026-02-01'").status();
  }).ok());
  auto f24 = Figures(2024);
  ASSERT_TRUE(f24.ok());
  EXPECT_EQ(f24->applications.new_received.total(), 1);
  EXPECT_EQ(f24->applications.carried_out.by_type[0], 1);
  auto f = Figures(2025);
  ASSERT_TRUE(f.ok());
  const ApplicationsTable& t = f->applications;
  EXPECT_EQ(t.carried_in.by_type[0], 1);
  EXPECT_EQ(t.new_received.by_type[1], 1);
  EXPECT_EQ(t.new_received.by_type[4], 1);
  EXPECT_EQ(t.outcomes.at("granted").by_type[0], 1);
  EXPECT_EQ(t.outcomes.at("not_processed.repeat").by_type[1], 1);
  EXPECT_EQ(t.total.total(), 2);
  EXPECT_EQ(t.carried_out.by_type[4], 1);
  EXPECT_EQ(t.carried_out.total(), 1);
  EXPECT_EQ(f->reviews.reconsideration.pending, 1) << "decided only in 2026";
  EXPECT_EQ(f->reviews.reconsideration.upheld, 0);
  auto f26 = Figures(2026);
  ASSERT_TRUE(f26.ok());
  EXPECT_EQ(f26->reviews.reconsideration.total(), 0) << "counted in the year it was filed";

  std::string json = ToJson(*f);
  EXPECT_NE(json.find("\"year\":2025"), std::string::npos) << json;
  EXPECT_NE(json.find("\"not_processed.repeat\":{\"natural\":0,\"commercial\":1,\"research\":0,\"public_welfare\":0,"
                      "\"legal_service\":0,\"other_org\":0,\"total\":1}"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"reconsideration\":{\"upheld\":0,\"corrected\":0,\"other\":0,\"pending\":1,\"total\":1}"),
            std::string::npos)
      << json;

  // A broken record (closed without an outcome) is reported, not counted.
  ASSERT_TRUE(t_.db().Transact([&](store::Tx& tx) {
    return tx.Exec("UPDATE applications SET outcome = NULL WHERE ref = 'B'").status();
  }).ok());
  EXPECT_EQ(Figures(2025).status().code(), Code::kFailedPrecondition);
}

// The ledger: each publication with its channel, date and timeliness, each
// application closed in the year with how it was provided, its result and
// the reviews it drew; must-fill categories without publications listed.
TEST_F(AnnualTest, LedgerListsEveryDisclosureOfTheYear) {
  clock_.Set(1757476800);  // 2025-09-10
  PublishedNormative("关于睦邻点管理的暂行办法", "2025-09-01");
  clock_.Set(1764561600);  // 2025-12-01
  PublishedNormative("关于社区微更新项目管理的实施办法", "2025-06-02");
  std::string jsonl =
      "{\"ref\": \"2025-009\", \"applicant\": {\"type\": \"natural\", \"name\": \"甲\"}, \"channel\": \"post\", "
      "\"received\": \"2025-03-01\", \"request\": \"老旧小区改造清单\", \"outcome\": \"partial\", \"closed\": "
      "\"2025-03-20\", \"reviews\": [{\"kind\": \"reconsideration\", \"filed\": \"2025-04-01\", \"result\": "
      "\"upheld\"}]}\n";
  ASSERT_TRUE(requests::ImportApplications(ctx_, Office(), jsonl).ok());
  auto ledger = t_.db().Read<Ledger>([&](store::Tx& tx) { return BuildLedger(tx, agency_, 2025); });
  ASSERT_TRUE(ledger.ok()) << ledger.status().message();
  ASSERT_EQ(ledger->lines.size(), 3u);
  const LedgerLine& app = ledger->lines[0];
  EXPECT_EQ(app.kind, "依申请公开");
  EXPECT_EQ(app.reference, "2025-009");
  EXPECT_EQ(app.date, "2025-03-20");
  EXPECT_EQ(app.result, "部分公开");
  EXPECT_EQ(app.feedback, "行政复议（维持）");
  const LedgerLine& timely = ledger->lines[1];
  EXPECT_EQ(timely.content, "关于睦邻点管理的暂行办法");
  EXPECT_EQ(timely.form, "政府门户网站");
  EXPECT_EQ(timely.date, "2025-09-10");
  ASSERT_TRUE(timely.working_days.has_value());
  EXPECT_EQ(*timely.working_days, 7) << "09-02 … 09-10 without the weekend";
  EXPECT_EQ(timely.on_time, std::optional<bool>(true));
  const LedgerLine& late = ledger->lines[2];
  EXPECT_EQ(late.date, "2025-12-01");
  EXPECT_EQ(late.on_time, std::optional<bool>(false));
  ASSERT_EQ(ledger->timeliness.size(), 1u);
  EXPECT_EQ(ledger->timeliness[0].published, 2);
  EXPECT_EQ(ledger->timeliness[0].on_time, 1);
  EXPECT_NE(std::find(ledger->empty_must_fill.begin(), ledger->empty_must_fill.end(), "0101 机构概况"),
            ledger->empty_must_fill.end());

  std::string csv = LedgerCsv(*ledger);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF类别,编号,内容", 0), 0u) << "UTF-8 BOM and the header";
  EXPECT_NE(csv.find("依申请公开,2025-009,老旧小区改造清单,,,网上获取,2025-03-20,行政复议（维持）,部分公开,,\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",2025-09-10,,已公开,7,是\r\n"), std::string::npos) << csv;

  // The workbook, read back with the system's own XLSX reader.
  auto book = LedgerXlsx(*ledger);
  ASSERT_TRUE(book.ok()) << book.status().message();
  auto text = extract::Extract("台帐.xlsx", *book);
  ASSERT_TRUE(text.ok()) << text.status().message();
  for (const char* want : {"形成至公开工作日", "关于睦邻点管理的暂行办法", "2025-009", "行政复议（维持）", "公开条数",
                           "社区服务办公室", "0101 机构概况"}) {
    EXPECT_NE(text->text.find(want), std::string::npos) << want << " in:\n" << text->text;
  }

  // What an applicant typed cannot become a spreadsheet formula.
  ASSERT_TRUE(requests::ImportApplications(
                  ctx_, Office(),
                  "{\"ref\": \"2025-010\", \"applicant\": {\"type\": \"natural\", \"name\": \"乙\"}, \"channel\": "
                  "\"online\", \"received\": \"2025-04-01\", \"request\": \"=HYPERLINK(\\\"http://x\\\")\", \"outcome\": "
                  "\"granted\", \"closed\": \"2025-04-10\"}\n")
                  .ok());
  auto with_formula = t_.db().Read<Ledger>([&](store::Tx& tx) { return BuildLedger(tx, agency_, 2025); });
  ASSERT_TRUE(with_formula.ok());
  std::string csv2 = LedgerCsv(*with_formula);
  EXPECT_NE(csv2.find(",\"'=HYPERLINK(\"\"http://x\"\")\","), std::string::npos) << csv2;
  EXPECT_EQ(csv2.find(",=HYPERLINK"), std::string::npos);

  auto other_year = t_.db().Read<Ledger>([&](store::Tx& tx) { return BuildLedger(tx, agency_, 2024); });
  ASSERT_TRUE(other_year.ok());
  EXPECT_TRUE(other_year->lines.empty());
}

// 备案: the package lists what was published in the period with digests;
// the check finds a withdrawn item and one whose served content differs.
TEST_F(AnnualTest, FilingPackageAndItsCheck) {
  clock_.Set(1757476800);  // 2025-09-10
  PublishedNormative("关于睦邻点管理的暂行办法", "2025-09-01");
  clock_.Set(1764561600);  // 2025-12-01
  int64_t b = PublishedNormative("关于社区微更新项目管理的实施办法", "2025-06-02");
  PublishedNormative("关于社区食堂运营补贴的实施办法", "2025-11-20");
  auto build = [&](const std::string& from, const std::string& to) {
    return t_.db().Read<FilingPackage>([&](store::Tx& tx) { return BuildFiling(tx, agency_, from, to, "now"); });
  };
  auto p = build("2025-09-01", "2025-12-31");
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_EQ(p->items.size(), 3u);
  EXPECT_EQ(p->items[0].title, "关于睦邻点管理的暂行办法");
  EXPECT_EQ(p->items[0].published_at, "2025-09-10");
  EXPECT_EQ(p->items[0].content_hash.size(), 64u);
  EXPECT_EQ(build("2025-09-11", "2025-11-30")->items.size(), 0u) << "the period is honoured";
  EXPECT_EQ(build("2025-12-31", "2025-09-01").status().code(), Code::kInvalidArgument);

  auto parsed = ParseFiling(FilingJson(*p));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->items.size(), 3u);
  EXPECT_EQ(parsed->items[2].content_hash, p->items[2].content_hash);
  EXPECT_EQ(ParseFiling("{\"kind\": \"other\"}").status().code(), Code::kInvalidArgument);
  auto check = [&](const FilingPackage& pkg) {
    return t_.db().Read<std::vector<FilingDifference>>([&](store::Tx& tx) { return CheckFiling(tx, agency_, pkg); });
  };
  ASSERT_TRUE(check(*parsed).ok());
  EXPECT_TRUE(check(*parsed)->empty()) << "nothing changed yet";

  // Withdrawn after filing; and a package whose digest no longer matches
  // what is served (as if the portal's content had been altered).
  disclosure::Items items(ctx_, ref_);
  disclosure::ActionInput withdraw;
  withdraw.reason = "内容有误";
  ASSERT_TRUE(items.Act(Office(), b, disclosure::Action::kWithdraw, withdraw).ok());
  FilingPackage tampered = *parsed;
  tampered.items[2].content_hash[0] = tampered.items[2].content_hash[0] == 'a' ? 'b' : 'a';
  auto diff = check(tampered);
  ASSERT_TRUE(diff.ok());
  ASSERT_EQ(diff->size(), 2u);
  EXPECT_EQ((*diff)[0].title, "关于社区微更新项目管理的实施办法");
  EXPECT_EQ((*diff)[0].what, "已撤回，门户网站不再提供");
  EXPECT_EQ((*diff)[1].title, "关于社区食堂运营补贴的实施办法");
  EXPECT_NE((*diff)[1].what.find("内容已变更"), std::string::npos);
  FilingPackage foreign = *parsed;
  foreign.agency_code = "other";
  EXPECT_EQ(check(foreign).status().code(), Code::kInvalidArgument);
}

// A period with more publications than BuildFiling reads at once (it reads
// them a batch at a time): every one is filed once, in the order of
// publication, and nothing outside the period (China dates).
TEST_F(AnnualTest, FilingPackageOfAPeriodWithManyPublications) {
  ref_ = *disclosure::LoadReferenceData(GK_SOURCE_DIR);
  std::string lines;
  for (int i = 0; i < 1300; ++i) {
    const std::string day = i < 600 ? "2025-03-03" : i < 1250 ? "2025-03-04" : "2025-03-06";
    lines += "{\"index_no\": \"FP-" + std::to_string(i) + "\", \"title\": \"备案" + std::to_string(i) +
             "\", \"department\": \"社区服务办公室\", \"category\": \"0101\", \"formed_on\": \"" + day +
             "\", \"published_on\": \"" + day + "\", \"ground\": \"art20_11\", \"body\": \"正文。\"}\n";
  }
  auto imported = disclosure::ImportItems(ctx_, ref_, Principal::CommandLine(agency_, "import items"), lines,
                                          disclosure::DirectoryFiles("/nonexistent"));
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  auto p = t_.db().Read<FilingPackage>(
      [&](store::Tx& tx) { return BuildFiling(tx, agency_, "2025-03-03", "2025-03-05", "now"); });
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_EQ(p->items.size(), 1250u);
  std::set<std::string> seen;
  for (size_t i = 0; i < p->items.size(); ++i) {
    const FiledItem& it = p->items[i];
    EXPECT_TRUE(seen.insert(it.index_no).second) << it.index_no << " twice";
    EXPECT_EQ(it.index_no, "FP-" + std::to_string(i)) << "in the order of publication";
    EXPECT_EQ(it.title, "备案" + it.index_no.substr(3));
    EXPECT_EQ(it.published_at, i < 600 ? "2025-03-03" : "2025-03-04") << i;
  }
  EXPECT_EQ(seen.count("FP-1250"), 0u) << "published after the period";
}

TEST(AnnualBalance, NamesTheColumnThatDoesNotBalance) {
  ApplicationsTable t;
  for (const auto& o : requests::Outcomes()) t.outcomes[o.key] = Row();
  t.new_received.by_type[2] = 3;
  t.outcomes["granted"].by_type[2] = 2;
  t.total.by_type[2] = 2;
  t.carried_out.by_type[2] = 1;
  EXPECT_TRUE(CheckBalance(t).ok());
  t.carried_out.by_type[2] = 0;
  Status s = CheckBalance(t);
  EXPECT_EQ(s.code(), Code::kFailedPrecondition);
  EXPECT_NE(s.message().find("research"), std::string::npos) << s.message();
  t.carried_out.by_type[2] = 1;
  t.total.by_type[2] = 3;
  EXPECT_EQ(CheckBalance(t).code(), Code::kFailedPrecondition) << "total must be the sum of the rows";
}

}  // namespace
}  // namespace gk::records
