// The counters the dashboards read (migration 0030) are kept by triggers; here
// they are checked, on both engines, against a count of the rows themselves
// after the demo's own work, imports, and changes made by hand in SQL (a
// department assigned, a case closed and reopened, a due date, outcome or
// applicant type changed, an
// item moved to another department, category or formation date, a state
// changed), in transactions that defer their counters to the commit or not:
// whatever path writes the rows, the counters follow.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

#include "disclosure/import.h"
#include "disclosure/reference.h"
#include "requests/import.h"
#include "store/counters.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk {
namespace {

using Lines = std::multiset<std::string>;

Lines Read(store::Database& db, const std::string& sql) {
  Lines out;
  Status s = db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql));
    for (const auto& r : rows) out.insert(r.Str("line"));
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message() << "\n" << sql;
  return out;
}

std::string ChinaDay(store::Dialect d, const std::string& column) {
  return d == store::Dialect::kSqlite ? "date(substr(" + column + ", 1, 19), '+8 hours')"
                                      : "to_char(substr(" + column + ", 1, 19)::timestamp + interval '8 hours', "
                                        "'YYYY-MM-DD')";
}

// Each counter table against the same figures counted from the rows.
void ExpectCountersMatch(store::Database& db, const std::string& when) {
  const std::string day = ChinaDay(db.dialect(), "p.published_at");
  // A formation no more than 20 calendar days before the publication is
  // counted as '' (migration 0034).
  const std::string formed =
      "CASE WHEN " +
      (db.dialect() == store::Dialect::kSqlite ? "julianday(" + day + ") - julianday(i.formed_on)"
                                               : "CAST(" + day + " AS DATE) - CAST(i.formed_on AS DATE)") +
      " <= 20 THEN '' ELSE i.formed_on END";
  EXPECT_EQ(Read(db, "SELECT CAST(agency_id AS TEXT) || ' ' || state || ' ' || CAST(COUNT(*) AS TEXT) AS line "
                     "FROM items GROUP BY agency_id, state"),
            Read(db, "SELECT CAST(agency_id AS TEXT) || ' ' || state || ' ' || CAST(n AS TEXT) AS line "
                     "FROM item_state_counts WHERE n <> 0"))
      << when << ": items per state";
  EXPECT_EQ(
      Read(db, "SELECT CAST(agency_id AS TEXT) || ' ' || month || ' ' || CAST(department_id AS TEXT) || ' ' || "
               "CAST(SUM(received) AS TEXT) || ' ' || CAST(SUM(closed) AS TEXT) || ' ' || "
               "CAST(SUM(late) AS TEXT) AS line FROM ("
               "SELECT agency_id, substr(received_on, 1, 7) AS month, COALESCE(department_id, 0) AS department_id, "
               "1 AS received, 0 AS closed, 0 AS late FROM applications UNION ALL "
               "SELECT agency_id, substr(closed_on, 1, 7), COALESCE(department_id, 0), 0, 1, "
               "CASE WHEN due_on IS NOT NULL AND due_on <> '' AND closed_on > due_on THEN 1 ELSE 0 END "
               "FROM applications WHERE closed_on IS NOT NULL AND closed_on <> '') AS a "
               "GROUP BY agency_id, month, department_id"),
      Read(db, "SELECT CAST(agency_id AS TEXT) || ' ' || month || ' ' || CAST(department_id AS TEXT) || ' ' || "
               "CAST(received AS TEXT) || ' ' || CAST(closed AS TEXT) || ' ' || CAST(closed_late AS TEXT) AS line "
               "FROM application_month_counts WHERE received <> 0 OR closed <> 0 OR closed_late <> 0"))
      << when << ": applications per month";
  const std::string closed_year = "CASE WHEN closed_on IS NULL OR closed_on = '' THEN '' ELSE substr(closed_on, 1, 4) END";
  EXPECT_EQ(Read(db, "SELECT CAST(agency_id AS TEXT) || ' ' || substr(received_on, 1, 4) || ' ' || " + closed_year +
                         " || ' ' || applicant_type || ' ' || COALESCE(outcome, '') || ' ' || "
                         "CAST(COUNT(*) AS TEXT) AS line FROM applications GROUP BY agency_id, "
                         "substr(received_on, 1, 4), " + closed_year + ", applicant_type, COALESCE(outcome, '')"),
            Read(db, "SELECT CAST(agency_id AS TEXT) || ' ' || received_year || ' ' || closed_year || ' ' || "
                     "applicant_type || ' ' || outcome || ' ' || CAST(n AS TEXT) AS line "
                     "FROM application_year_counts WHERE n <> 0"))
      << when << ": applications per year";
  EXPECT_EQ(Read(db, "SELECT CAST(p.agency_id AS TEXT) || ' ' || " + day +
                         " || ' ' || CAST(i.department_id AS TEXT) || ' ' || " + formed + " || ' ' || "
                         "CAST(COUNT(*) AS TEXT) AS line FROM publications p JOIN items i ON i.id = p.item_id "
                         "GROUP BY p.agency_id, " + day + ", i.department_id, " + formed),
            Read(db, "SELECT CAST(agency_id AS TEXT) || ' ' || day || ' ' || CAST(department_id AS TEXT) || ' ' || "
                     "formed_on || ' ' || CAST(n AS TEXT) AS line FROM publication_day_counts WHERE n <> 0"))
      << when << ": publications per day";
  EXPECT_EQ(Read(db, "SELECT CAST(p.agency_id AS TEXT) || ' ' || CAST(i.category_id AS TEXT) || ' ' || " + day +
                         " || ' ' || CAST(i.department_id AS TEXT) || ' ' || " + formed + " || ' ' || "
                         "CAST(COUNT(*) AS TEXT) AS line FROM publications p JOIN items i ON i.id = p.item_id "
                         "GROUP BY p.agency_id, i.category_id, " + day + ", i.department_id, " + formed),
            Read(db, "SELECT CAST(agency_id AS TEXT) || ' ' || CAST(category_id AS TEXT) || ' ' || day || ' ' || "
                     "CAST(department_id AS TEXT) || ' ' || formed_on || ' ' || CAST(n AS TEXT) AS line "
                     "FROM publication_category_counts WHERE n <> 0"))
      << when << ": publications per category and day";
  const std::string repealed_year = "COALESCE(substr(repealed_on, 1, 4), '')";
  EXPECT_EQ(Read(db, "SELECT CAST(agency_id AS TEXT) || ' ' || CAST(category_id AS TEXT) || ' ' || "
                     "substr(formed_on, 1, 4) || ' ' || validity || ' ' || " + repealed_year +
                         " || ' ' || CAST(COUNT(*) AS TEXT) AS line FROM items i WHERE EXISTS "
                         "(SELECT 1 FROM publications p WHERE p.item_id = i.id) GROUP BY agency_id, category_id, "
                         "substr(formed_on, 1, 4), validity, " + repealed_year),
            Read(db, "SELECT CAST(agency_id AS TEXT) || ' ' || CAST(category_id AS TEXT) || ' ' || formed_year || "
                     "' ' || validity || ' ' || repealed_year || ' ' || CAST(n AS TEXT) AS line "
                     "FROM document_counts WHERE n <> 0"))
      << when << ": documents ever published";
  EXPECT_EQ(Read(db, "SELECT CAST(p.agency_id AS TEXT) || ' ' || CAST(i.category_id AS TEXT) || ' ' || "
                     "substr(i.formed_on, 1, 4) || ' ' || CAST(COUNT(*) AS TEXT) AS line FROM publications p "
                     "JOIN items i ON i.id = p.item_id WHERE p.withdrawn_at IS NULL "
                     "GROUP BY p.agency_id, i.category_id, substr(i.formed_on, 1, 4)"),
            Read(db, "SELECT CAST(agency_id AS TEXT) || ' ' || CAST(category_id AS TEXT) || ' ' || formed_year || "
                     "' ' || CAST(n AS TEXT) AS line FROM live_publication_counts WHERE n <> 0"))
      << when << ": live publications";
}

std::string Date(std::mt19937& rng, int from_year, int to_year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", std::uniform_int_distribution<int>(from_year, to_year)(rng),
                std::uniform_int_distribution<int>(1, 12)(rng), std::uniform_int_distribution<int>(1, 28)(rng));
  return buf;
}

class CountersTest : public testing::StoreTest {
 protected:
  CountersTest() : StoreTest(1780279200, testing::WithDataKey::kYes) {}  // 2026-06-01

  Status Exec(const std::string& sql) {
    Status s = t_.db().Transact([&](store::Tx& tx) { return tx.Exec(sql).status(); });
    if (!s.ok()) ADD_FAILURE() << s.message() << "\n" << sql;
    return s;
  }
};

TEST_F(CountersTest, TheDemoOfficesOwnWorkIsCounted) {
  ExpectCountersMatch(t_.db(), "after the demo");
  auto n = t_.db().Read<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COALESCE(SUM(n), 0) AS n FROM item_state_counts"));
    return row->Int("n");
  });
  ASSERT_TRUE(n.ok());
  EXPECT_GT(*n, 0) << "the demo creates items, so something is counted";
}

TEST_F(CountersTest, ApplicationsImportedAndChangedByHandStayCounted) {
  std::mt19937 rng(30);
  std::string lines;
  for (int i = 0; i < 300; ++i) {
    std::string received = Date(rng, 2023, 2025), closed;
    if (i % 4) {
      do closed = Date(rng, 2023, 2026);
      while (closed < received || closed > "2026-05-31");
    }
    lines += "{\"ref\": \"C-" + std::to_string(i) +
             "\", \"applicant\": {\"type\": \"natural\", \"name\": \"申请人\"}, \"channel\": \"online\", "
             "\"received\": \"" + received + "\", \"request\": \"某项信息\", \"outcome\": " +
             (closed.empty() ? "null" : "\"granted\"") + ", \"closed\": " +
             (closed.empty() ? "null" : "\"" + closed + "\"") + "}\n";
  }
  auto imported = requests::ImportApplications(ctx_, User("office"), lines);
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  ExpectCountersMatch(t_.db(), "after the import");

  // Departments assigned, due dates set (some passed at closing), cases
  // reopened and closed on another day, one moved to another month.
  ASSERT_TRUE(Exec("UPDATE applications SET department_id = (SELECT MIN(id) FROM departments d WHERE "
                   "d.agency_id = applications.agency_id) WHERE id % 3 = 0").ok());
  ASSERT_TRUE(Exec("UPDATE applications SET department_id = (SELECT MAX(id) FROM departments d WHERE "
                   "d.agency_id = applications.agency_id) WHERE id % 3 = 1").ok());
  ASSERT_TRUE(Exec("UPDATE applications SET due_on = received_on WHERE id % 5 = 0").ok());
  ASSERT_TRUE(Exec("UPDATE applications SET due_on = '2099-01-01' WHERE id % 5 = 1").ok());
  ExpectCountersMatch(t_.db(), "after assigning and due dates");
  ASSERT_TRUE(Exec("UPDATE applications SET closed_on = NULL WHERE id % 7 = 0").ok());
  ASSERT_TRUE(Exec("UPDATE applications SET closed_on = '' WHERE id % 7 = 1").ok());
  ASSERT_TRUE(Exec("UPDATE applications SET closed_on = '2026-05-30' WHERE id % 7 = 2").ok());
  ASSERT_TRUE(Exec("UPDATE applications SET received_on = '2022-02-02', department_id = NULL WHERE id % 11 = 0").ok());
  ExpectCountersMatch(t_.db(), "after closing, reopening and moving");
  ASSERT_TRUE(Exec("UPDATE applications SET outcome = 'not_held', applicant_type = 'commercial' WHERE id % 13 = 0").ok());
  ASSERT_TRUE(Exec("UPDATE applications SET state = state, ref = ref WHERE id % 2 = 0").ok());
  ExpectCountersMatch(t_.db(), "after an update of other columns");
}

TEST_F(CountersTest, ItemsImportedAndChangedByHandStayCounted) {
  disclosure::ReferenceData ref = *disclosure::LoadReferenceData(GK_SOURCE_DIR);
  std::mt19937 rng(31);
  std::string lines;
  for (int i = 0; i < 200; ++i) {
    std::string formed = Date(rng, 2024, 2025);
    // Published late in the China evening too, which is the next UTC day.
    lines += "{\"index_no\": \"CT-" + std::to_string(i) + "\", \"title\": \"计数" + std::to_string(i) +
             "\", \"department\": \"社区服务办公室\", \"category\": \"" + (i % 2 ? "0202" : "0101") +
             "\", \"formed_on\": \"" + formed + "\", \"published_on\": \"" + (formed < "2025-06-01" ? formed : "2025-12-31") +
             "\", \"ground\": \"art20_11\", \"body\": \"正文" + std::to_string(i) + "。\"}\n";
  }
  auto imported = disclosure::ImportItems(ctx_, ref, accounts::Principal::CommandLine(agency_, "import items"), lines,
                                          disclosure::DirectoryFiles("/nonexistent"));
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  ExpectCountersMatch(t_.db(), "after the import");

  ASSERT_TRUE(Exec("UPDATE items SET department_id = (SELECT MAX(id) FROM departments d WHERE "
                   "d.agency_id = items.agency_id) WHERE index_no LIKE 'CT-%' AND id % 3 = 0").ok());
  ASSERT_TRUE(Exec("UPDATE items SET category_id = (SELECT MAX(id) FROM catalog_categories c WHERE "
                   "c.agency_id = items.agency_id) WHERE index_no LIKE 'CT-%' AND id % 3 = 1").ok());
  ASSERT_TRUE(Exec("UPDATE items SET formed_on = '2023-03-03' WHERE index_no LIKE 'CT-%' AND id % 4 = 0").ok());
  ASSERT_TRUE(Exec("UPDATE items SET formed_on = '2025-12-20' WHERE index_no LIKE 'CT-%' AND id % 4 = 1").ok());
  ExpectCountersMatch(t_.db(), "after moving items");
  ASSERT_TRUE(Exec("UPDATE items SET state = 'withdrawn' WHERE index_no LIKE 'CT-%' AND id % 5 = 0").ok());
  ASSERT_TRUE(Exec("UPDATE items SET state = 'draft' WHERE index_no LIKE 'CT-%' AND id % 5 = 1").ok());
  ExpectCountersMatch(t_.db(), "after changing states");
  ASSERT_TRUE(Exec("UPDATE items SET validity = 'repealed', repealed_on = '2025-03-03' WHERE index_no LIKE 'CT-%' "
                   "AND id % 6 = 0").ok());
  ASSERT_TRUE(Exec("UPDATE items SET validity = 'expired' WHERE index_no LIKE 'CT-%' AND id % 6 = 1").ok());
  ASSERT_TRUE(Exec("UPDATE items SET repealed_on = '2026-01-01' WHERE index_no LIKE 'CT-%' AND id % 6 = 0 "
                   "AND id % 4 = 0").ok());
  ExpectCountersMatch(t_.db(), "after repealing");
  ASSERT_TRUE(Exec("UPDATE publications SET withdrawn_at = '2025-12-01T02:00:00Z', withdrawn_by = published_by, "
                   "withdraw_reason = '撤回' WHERE id % 3 = 0").ok());
  ASSERT_TRUE(Exec("UPDATE publications SET withdrawn_at = NULL, withdrawn_by = NULL, withdraw_reason = NULL "
                   "WHERE id % 9 = 0").ok());
  ASSERT_TRUE(Exec("UPDATE publications SET withdrawn_at = '2025-12-02T02:00:00Z' WHERE id % 3 = 0").ok());
  ExpectCountersMatch(t_.db(), "after withdrawing and restoring");
  // Every item published twice more in one statement, then the first two of
  // each item's publications removed in one statement, then all of some.
  const std::string copy =
      "INSERT INTO publications (agency_id, item_id, version, channel, content, content_hash, published_by, "
      "published_at) SELECT p.agency_id, p.item_id, p.version, p.channel, p.content, p.content_hash, "
      "p.published_by, '2025-11-11T17:00:00Z' FROM publications p JOIN items i ON i.id = p.item_id "
      "WHERE i.index_no LIKE 'CT-%' AND i.state = 'approved'";
  ASSERT_TRUE(Exec("UPDATE items SET state = 'approved' WHERE index_no LIKE 'CT-%' AND state = 'published'").ok());
  ASSERT_TRUE(Exec(copy + " UNION ALL SELECT p.agency_id, p.item_id, p.version, p.channel, p.content, "
                          "p.content_hash, p.published_by, '2025-11-12T01:00:00Z' FROM publications p JOIN items i "
                          "ON i.id = p.item_id WHERE i.index_no LIKE 'CT-%' AND i.state = 'approved'").ok());
  ASSERT_TRUE(Exec("UPDATE items SET state = 'published' WHERE index_no LIKE 'CT-%' AND state = 'approved'").ok());
  ExpectCountersMatch(t_.db(), "after publishing again");
  ASSERT_TRUE(Exec("DELETE FROM publications WHERE id IN (SELECT p.id FROM publications p JOIN items i ON "
                   "i.id = p.item_id WHERE i.index_no LIKE 'CT-%' AND (SELECT COUNT(*) FROM publications q "
                   "WHERE q.item_id = p.item_id AND q.id < p.id) < 2)").ok());
  ExpectCountersMatch(t_.db(), "after removing two publications of each item");
  ASSERT_TRUE(Exec("DELETE FROM publications WHERE item_id IN (SELECT id FROM items WHERE index_no LIKE 'CT-%' "
                   "AND id % 7 = 0)").ok());
  ExpectCountersMatch(t_.db(), "after removing every publication of some items");
  ASSERT_TRUE(Exec("UPDATE items SET title = title || '（修订）' WHERE index_no LIKE 'CT-%'").ok());
  ExpectCountersMatch(t_.db(), "after an update of other columns");
}

// A transaction that defers its counters (as the imports do) and changes
// applications, items and publications by hand, with a savepoint rolled back
// and, on PostgreSQL, an early fold (SET CONSTRAINTS ALL IMMEDIATE) followed
// by more changes; then one that fails. The counters match the rows after
// each, and nothing is left pending.
TEST_F(CountersTest, ATransactionDeferringItsCountersLeavesThemExact) {
  const bool postgres = t_.db().dialect() == store::Dialect::kPostgres;
  Status s = t_.db().Transact([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(store::DeferCounters(tx));
    RETURN_IF_ERROR(tx.Exec("UPDATE applications SET closed_on = '2026-05-20', due_on = '2026-05-10', "
                            "outcome = 'granted' WHERE id % 2 = 0").status());
    RETURN_IF_ERROR(tx.Exec("UPDATE applications SET department_id = (SELECT MIN(id) FROM departments d "
                            "WHERE d.agency_id = applications.agency_id) WHERE id % 3 = 0").status());
    RETURN_IF_ERROR(tx.Exec("SAVEPOINT before_moving_items").status());
    RETURN_IF_ERROR(tx.Exec("UPDATE items SET formed_on = '2020-01-01', state = 'draft'").status());
    RETURN_IF_ERROR(tx.Exec("ROLLBACK TO SAVEPOINT before_moving_items").status());
    if (postgres) RETURN_IF_ERROR(tx.Exec("SET CONSTRAINTS ALL IMMEDIATE").status());
    RETURN_IF_ERROR(tx.Exec("UPDATE items SET formed_on = '2024-02-02' WHERE id % 2 = 1").status());
    RETURN_IF_ERROR(tx.Exec("UPDATE items SET state = 'withdrawn' WHERE id % 3 = 1").status());
    RETURN_IF_ERROR(tx.Exec("UPDATE publications SET withdrawn_at = '2026-05-01T00:00:00Z' WHERE id % 5 = 0 "
                            "AND withdrawn_at IS NULL").status());
    RETURN_IF_ERROR(tx.Exec("DELETE FROM publications WHERE id % 4 = 0 AND id NOT IN "
                            "(SELECT publication_id FROM channel_releases) AND id NOT IN "
                            "(SELECT publication_id FROM spot_check_items)").status());
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.message();
  ExpectCountersMatch(t_.db(), "after a deferring transaction");

  const Lines before = Read(t_.db(), "SELECT CAST(agency_id AS TEXT) || ' ' || state || ' ' || CAST(n AS TEXT) "
                                     "AS line FROM item_state_counts");
  s = t_.db().Transact([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(store::DeferCounters(tx));
    RETURN_IF_ERROR(tx.Exec("UPDATE items SET state = 'draft'").status());
    return InvalidArgument("changed my mind");
  });
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(Read(t_.db(), "SELECT CAST(agency_id AS TEXT) || ' ' || state || ' ' || CAST(n AS TEXT) "
                          "AS line FROM item_state_counts"),
            before);
  ExpectCountersMatch(t_.db(), "after a deferring transaction rolled back");
  if (postgres) {
    EXPECT_EQ(Read(t_.db(), "SELECT CAST((SELECT COUNT(*) FROM item_state_count_deltas) + "
                            "(SELECT COUNT(*) FROM application_month_count_deltas) + "
                            "(SELECT COUNT(*) FROM application_year_count_deltas) + "
                            "(SELECT COUNT(*) FROM publication_count_deltas) + "
                            "(SELECT COUNT(*) FROM counter_folds) AS TEXT) AS line"),
              Lines{"0"})
        << "every delta was folded or rolled back";
  }
}

}  // namespace
}  // namespace gk
