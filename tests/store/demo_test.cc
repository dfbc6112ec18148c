// The living demo (demo/demo.h) on both engines: what it holds per state and
// category, that it is the same on every database, that a second run adds
// nothing, and that the audit chain it writes verifies.
#include "demo/demo.h"

#include <gtest/gtest.h>

#include <map>

#include "audit/audit.h"
#include "support/test_db.h"

namespace gk::demo {
namespace {

using testing::QueryInt;

// Friday 20 November 2026, 10:00 in China: the calendar of the whole year
// before and of the weeks after is shipped.
constexpr UnixSeconds kNow = 1795140000;

std::map<std::string, int64_t> CountBy(store::Database& db, const std::string& sql, int64_t agency) {
  std::map<std::string, int64_t> out;
  Status s = db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql, {agency}));
    for (const auto& r : rows) out[r.Str(0)] = r.Int(1);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return out;
}

std::vector<std::string> Lines(store::Database& db, const std::string& sql, int64_t agency) {
  std::vector<std::string> out;
  Status s = db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql, {agency}));
    for (const auto& r : rows) out.push_back(r.Str(0));
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return out;
}

class LivingDemo {
 public:
  explicit LivingDemo(double size = 1.0) {
    agency_ = testing::SeedDemoAgency(t_.db(), clock_);
    auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
    EXPECT_TRUE(ref.ok());
    ref_ = *ref;
    options_.agency_id = agency_;
    options_.now = kNow;
    options_.size = size;
  }
  Result<Summary> Seed() { return SeedLiving(t_.db(), sec_, key_, GK_SOURCE_DIR, ref_, options_); }
  store::Database& db() { return t_.db(); }
  int64_t agency() const { return agency_; }

  // Items and applications as the user sees them: 索引号, title, state.
  std::vector<std::string> Fingerprint() {
    auto items = Lines(db(), "SELECT index_no || '|' || title || '|' || state FROM items WHERE agency_id = ? ORDER BY id",
                       agency_);
    auto apps = Lines(db(), "SELECT ref || '|' || info_title || '|' || state || '|' || COALESCE(due_on, '') || '|' || "
                            "COALESCE(outcome, '') FROM applications WHERE agency_id = ? ORDER BY id", agency_);
    items.insert(items.end(), apps.begin(), apps.end());
    return items;
  }

 private:
  testing::TestDb t_;
  FakeClock clock_{kNow - 400 * 86400};
  SecurityConfig sec_ = testing::TestSecurity();
  DataKey key_ = DataKey::Random();
  disclosure::ReferenceData ref_;
  Options options_;
  int64_t agency_ = 0;
};

TEST(LivingDemoTest, HoldsAYearOfWorkInEveryState) {
  LivingDemo demo;
  auto summary = demo.Seed();
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_TRUE(summary->created);
  int64_t a = demo.agency();

  auto items = CountBy(demo.db(), "SELECT state, COUNT(*) FROM items WHERE agency_id = ? GROUP BY state", a);
  EXPECT_GE(items["published"], 140);
  EXPECT_LE(items["published"], 160);
  EXPECT_EQ(items["withdrawn"], 1);
  EXPECT_GE(items["draft"], 2);  // a new draft and a returned one
  for (const char* s : {"dept_review", "secrecy_check", "content_review", "leader_review", "principal_review",
                        "approved"}) {
    EXPECT_GE(items[s], 1) << s;
  }
  EXPECT_EQ(QueryInt(demo.db(), "SELECT COUNT(*) FROM items WHERE agency_id = ? AND validity = 'repealed'", {a}), 1);
  EXPECT_GE(QueryInt(demo.db(), "SELECT COUNT(*) FROM items WHERE agency_id = ? AND state = 'published' AND "
                                "interprets_item_id IS NOT NULL", {a}), 4);
  EXPECT_EQ(QueryInt(demo.db(), "SELECT COUNT(*) FROM item_signatures s JOIN items i ON i.id = s.item_id "
                                "WHERE i.agency_id = ? AND s.decision = 'return'", {a}) >= 1, true);
  // Every category of the catalog with leaves gets something.
  auto by_category = CountBy(demo.db(), "SELECT c.code, COUNT(*) FROM items i JOIN catalog_categories c ON "
                                        "c.id = i.category_id WHERE i.agency_id = ? AND i.state = 'published' "
                                        "GROUP BY c.code", a);
  for (const char* code : {"0101", "0102", "0103", "0201", "0202", "0203", "0301", "0302", "0303", "0401", "0402",
                           "0403", "0404", "05", "0601", "0602", "0603", "0604", "0605", "0606", "0607", "0608", "07",
                           "08", "09", "10"}) {
    EXPECT_GE(by_category[code], 1) << code;
  }
  for (const char* ext : {".pdf", ".docx", ".xlsx", ".ofd"}) {
    EXPECT_GE(QueryInt(demo.db(), "SELECT COUNT(*) FROM item_attachments WHERE agency_id = ? AND filename LIKE ?",
                       {a, std::string("%") + ext}), 1) << ext;
  }

  auto apps = CountBy(demo.db(), "SELECT state, COUNT(*) FROM applications WHERE agency_id = ? GROUP BY state", a);
  int64_t total = 0;
  for (const auto& [k, n] : apps) total += n;
  EXPECT_GE(total, 38);
  for (const char* s : {"received", "awaiting_correction", "handling", "consulting", "awaiting_fee", "reply_drafted",
                        "reply_approved", "replied", "closed"}) {
    EXPECT_GE(apps[s], 1) << s;
  }
  auto outcomes = CountBy(demo.db(), "SELECT outcome, COUNT(*) FROM applications WHERE agency_id = ? AND "
                                     "outcome IS NOT NULL GROUP BY outcome", a);
  for (const char* o : {"granted", "partial", "denied.process_info", "denied.third_party", "denied.internal_affairs",
                        "unable.not_held", "unable.need_creation", "not_processed.petition", "other.no_correction",
                        "other.no_fee"}) {
    EXPECT_GE(outcomes[o], 1) << o;
  }
  std::string today = "2026-11-20";
  EXPECT_GE(QueryInt(demo.db(), "SELECT COUNT(*) FROM applications WHERE agency_id = ? AND state <> 'closed' AND "
                                "state <> 'replied' AND due_on < ?", {a, today}), 2);  // overdue
  EXPECT_GE(QueryInt(demo.db(), "SELECT COUNT(*) FROM applications WHERE agency_id = ? AND state <> 'closed' AND "
                                "due_on >= ?", {a, today}), 8);  // due in the coming weeks
  EXPECT_GE(QueryInt(demo.db(), "SELECT COUNT(*) FROM application_redactions WHERE agency_id = ?", {a}), 1);
  EXPECT_GE(QueryInt(demo.db(), "SELECT COUNT(*) FROM application_reviews WHERE agency_id = ?", {a}), 1);

  auto feedback = CountBy(demo.db(), "SELECT state, COUNT(*) FROM feedback_cases WHERE agency_id = ? GROUP BY state", a);
  for (const char* s : {"received", "forwarded", "answered", "replied", "dismissed"}) EXPECT_GE(feedback[s], 1) << s;
  auto orders = CountBy(demo.db(), "SELECT state, COUNT(*) FROM rectification_orders WHERE agency_id = ? "
                                   "GROUP BY state", a);
  EXPECT_EQ(orders["closed"], 1);
  EXPECT_EQ(orders["open"], 1);
  auto explanations = CountBy(demo.db(), "SELECT state, COUNT(*) FROM explanation_requests WHERE agency_id = ? "
                                         "GROUP BY state", a);
  EXPECT_GE(explanations["answered"], 1);
  EXPECT_GE(explanations["open"], 1);
  EXPECT_GE(QueryInt(demo.db(), "SELECT COUNT(*) FROM correction_requests WHERE agency_id = ?", {a}), 3);
  EXPECT_EQ(QueryInt(demo.db(), "SELECT COUNT(*) FROM spot_checks WHERE agency_id = ?", {a}), 1);
  EXPECT_GE(QueryInt(demo.db(), "SELECT COUNT(*) FROM channel_releases WHERE agency_id = ?", {a}), 6);
  EXPECT_EQ(QueryInt(demo.db(), "SELECT COUNT(*) FROM annual_reports WHERE agency_id = ? AND year = 2025 AND "
                                "figures IS NOT NULL", {a}), 1);

  EXPECT_EQ(summary->published, items["published"] + items["withdrawn"]);
  EXPECT_EQ(summary->applications, total);

  auto verified = audit::Verify(demo.db());
  ASSERT_TRUE(verified.ok()) << verified.status().message();
  EXPECT_TRUE(verified->ok()) << verified->first_break;
  EXPECT_GT(verified->entries_checked, 1000);
}

TEST(LivingDemoTest, IsTheSameOnEveryDatabaseAndASecondRunAddsNothing) {
  LivingDemo one(0.3), two(0.3);
  auto s1 = one.Seed();
  ASSERT_TRUE(s1.ok()) << s1.status().message();
  auto s2 = two.Seed();
  ASSERT_TRUE(s2.ok()) << s2.status().message();
  auto print = one.Fingerprint();
  EXPECT_GT(print.size(), 40u);
  EXPECT_EQ(print, two.Fingerprint());

  auto again = one.Seed();
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(print, one.Fingerprint());
  auto verified = audit::Verify(one.db());
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << verified->first_break;
}

TEST(LivingDemoTest, SpeaksOfTheAgencyItIsSeededFor) {
  LivingDemo demo(0.2);
  ASSERT_TRUE(demo.db().Transact([&](store::Tx& tx) {
    return tx.Exec("UPDATE agencies SET name = '南京西路街道办事处' WHERE id = ?", {demo.agency()}).status();
  }).ok());
  auto summary = demo.Seed();
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_GE(summary->published, 20);
  // Item 1 is the plain demo draft (disclosure/demo.h), not the generator's.
  EXPECT_EQ(QueryInt(demo.db(), "SELECT COUNT(*) FROM items WHERE agency_id = ? AND id > 1 AND "
                                "(title LIKE '%静安寺%' OR body LIKE '%静安寺%')", {demo.agency()}), 0);
  EXPECT_EQ(QueryInt(demo.db(), "SELECT COUNT(*) FROM applications WHERE agency_id = ? AND info_title LIKE '%静安寺%'",
                     {demo.agency()}), 0);
  EXPECT_GE(QueryInt(demo.db(), "SELECT COUNT(*) FROM items WHERE agency_id = ? AND title LIKE '南京西路街道%'",
                     {demo.agency()}), 10);
  EXPECT_GE(QueryInt(demo.db(), "SELECT COUNT(*) FROM items WHERE agency_id = ? AND doc_no LIKE '南京西路规〔%'",
                     {demo.agency()}), 1);
}

}  // namespace
}  // namespace gk::demo
