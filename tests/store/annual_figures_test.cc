// The annual report's tables come from grouped queries over the year's rows;
// here they are checked, on both engines, against the per-record counting
// they replaced (kept below as the reference): every applicant type and
// outcome, applications carried over from earlier years, still open at the
// end of the year, closed on the first and last day of a year, and reviews
// decided within, after or without a date.
#include "records/annual.h"

#include <gtest/gtest.h>

#include <random>

#include "requests/applications.h"
#include "requests/import.h"
#include "requests/reference.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::records {
namespace {

constexpr UnixSeconds kMonday20260601 = 1780279200;

std::string Day(std::mt19937& rng, int from_year, int to_year) {
  int y = std::uniform_int_distribution<int>(from_year, to_year)(rng);
  int m = std::uniform_int_distribution<int>(1, 12)(rng);
  int d = std::uniform_int_distribution<int>(1, 28)(rng);
  // Some on the first and the last day of a year, where the bounds bite.
  if (std::uniform_int_distribution<int>(0, 9)(rng) == 0) m = 1, d = 1;
  if (std::uniform_int_distribution<int>(0, 9)(rng) == 0) m = 12, d = 31;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// 700 applications received 2021–2026, a quarter still open, the others
// closed with any outcome after any delay (so many are carried over one or
// more years), some with reviews.
std::string Generate() {
  std::mt19937 rng(18);
  auto outcomes = requests::Outcomes();
  std::string out;
  for (int i = 0; i < 700; ++i) {
    const char* type = kApplicantColumns[std::uniform_int_distribution<size_t>(0, kApplicantColumns.size() - 1)(rng)];
    std::string received;
    do received = Day(rng, 2021, 2026);
    while (received > "2026-05-31");
    std::string closed, outcome, reviews;
    if (std::uniform_int_distribution<int>(0, 3)(rng) > 0) {
      do closed = Day(rng, 2021, 2026);
      while (closed < received || closed > "2026-05-31");
      outcome = outcomes[std::uniform_int_distribution<size_t>(0, outcomes.size() - 1)(rng)].key;
      if (i % 4 == 0) {
        static const char* kinds[] = {"reconsideration", "suit_direct", "suit_after_review"};
        static const char* results[] = {"upheld", "corrected", "other", "pending"};
        std::string filed;
        do filed = Day(rng, 2021, 2026);
        while (filed < closed || filed > "2026-05-31");
        reviews = std::string(", \"reviews\": [{\"kind\": \"") + kinds[i % 3] + "\", \"filed\": \"" + filed +
                  "\", \"result\": \"" + results[(i / 4) % 4] + "\"}]";
      }
    }
    out += "{\"ref\": \"F-" + std::to_string(i) + "\", \"applicant\": {\"type\": \"" + type +
           "\", \"name\": \"申请人\"}, \"channel\": \"online\", \"received\": \"" + received +
           "\", \"request\": \"某项信息\", \"outcome\": " + (outcome.empty() ? "null" : "\"" + outcome + "\"") +
           ", \"closed\": " + (closed.empty() ? "null" : "\"" + closed + "\"") + reviews + "}\n";
  }
  return out;
}

// The reference: every application received by the end of the year loaded
// and counted one by one, as the figures were computed before.
Result<AnnualFigures> Reference(store::Tx& tx, int64_t agency_id, int year) {
  AnnualFigures f;
  f.year = year;
  const std::string first = std::to_string(year) + "-01-01", last = std::to_string(year) + "-12-31";
  ApplicationsTable& t = f.applications;
  for (const requests::Outcome& o : requests::Outcomes()) t.outcomes[o.key] = Row();
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT ref, applicant_type, received_on, closed_on, outcome FROM applications "
                                       "WHERE agency_id = ? AND received_on <= ?",
                                       {agency_id, last}));
  for (const auto& r : rows) {
    size_t col = kApplicantColumns.size();
    for (size_t i = 0; i < kApplicantColumns.size(); ++i) {
      if (r.Str("applicant_type") == kApplicantColumns[i]) col = i;
    }
    if (col == kApplicantColumns.size()) return Internal("unknown type");
    const std::string received = r.Str("received_on");
    const std::string closed = r.IsNull("closed_on") ? "" : r.Str("closed_on");
    const bool closed_before = !closed.empty() && closed < first;
    const bool closed_in_year = !closed.empty() && closed >= first && closed <= last;
    if (received >= first) {
      ++t.new_received.by_type[col];
    } else if (!closed_before) {
      ++t.carried_in.by_type[col];
    }
    if (closed_in_year) {
      auto it = t.outcomes.find(r.IsNull("outcome") ? "" : r.Str("outcome"));
      if (it == t.outcomes.end()) return FailedPrecondition("no outcome");
      ++it->second.by_type[col];
    }
    if (closed.empty() || closed > last) ++t.carried_out.by_type[col];
  }
  for (const auto& [key, row] : t.outcomes) t.total += row;
  ASSIGN_OR_RETURN(auto reviews, tx.Query("SELECT kind, result, decided_on FROM application_reviews "
                                          "WHERE agency_id = ? AND filed_on >= ? AND filed_on <= ?",
                                          {agency_id, first, last}));
  for (const auto& r : reviews) {
    ReviewCell& cell = r.Str("kind") == "reconsideration" ? f.reviews.reconsideration
                       : r.Str("kind") == "suit_direct"   ? f.reviews.suit_direct
                                                          : f.reviews.suit_after_review;
    std::string result = r.Str("result");
    if (!r.IsNull("decided_on") && r.Str("decided_on") > last) result = "pending";
    (result == "upheld" ? cell.upheld : result == "corrected" ? cell.corrected : result == "other" ? cell.other
                                                                                                  : cell.pending)++;
  }
  return f;
}

void ExpectSame(const ReviewCell& got, const ReviewCell& want, const std::string& what) {
  EXPECT_EQ(got.upheld, want.upheld) << what;
  EXPECT_EQ(got.corrected, want.corrected) << what;
  EXPECT_EQ(got.other, want.other) << what;
  EXPECT_EQ(got.pending, want.pending) << what;
}

class AnnualFiguresTest : public testing::StoreTest {
 protected:
  AnnualFiguresTest() : StoreTest(kMonday20260601) {}
};

TEST_F(AnnualFiguresTest, GroupedQueriesGiveTheFiguresOfTheRecordByRecordCount) {
  auto imported = requests::ImportApplications(ctx_, User("office"), Generate());
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  // Results decided on various days: within the year filed, after it, never.
  ASSERT_TRUE(t_.db().Transact([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.Exec("UPDATE application_reviews SET decided_on = '2025-12-31' WHERE id % 3 = 0").status());
    return tx.Exec("UPDATE application_reviews SET decided_on = '2026-01-01' WHERE id % 3 = 1").status();
  }).ok());

  int64_t carried_in = 0, carried_out = 0, reviews = 0, pending = 0;
  for (int year = 2020; year <= 2027; ++year) {
    auto got = t_.db().Read<AnnualFigures>([&](store::Tx& tx) { return Compute(tx, agency_, year); });
    auto want = t_.db().Read<AnnualFigures>([&](store::Tx& tx) { return Reference(tx, agency_, year); });
    ASSERT_TRUE(got.ok()) << year << ": " << got.status().message();
    ASSERT_TRUE(want.ok()) << year << ": " << want.status().message();
    const std::string y = std::to_string(year);
    const ApplicationsTable &g = got->applications, &w = want->applications;
    EXPECT_EQ(g.new_received, w.new_received) << y;
    EXPECT_EQ(g.carried_in, w.carried_in) << y;
    EXPECT_EQ(g.total, w.total) << y;
    EXPECT_EQ(g.carried_out, w.carried_out) << y;
    ASSERT_EQ(g.outcomes.size(), w.outcomes.size()) << y;
    for (const auto& [key, row] : w.outcomes) EXPECT_EQ(g.outcomes.at(key), row) << y << " " << key;
    EXPECT_TRUE(CheckBalance(g).ok()) << y << ": " << CheckBalance(g).message();
    ExpectSame(got->reviews.reconsideration, want->reviews.reconsideration, y + " reconsideration");
    ExpectSame(got->reviews.suit_direct, want->reviews.suit_direct, y + " suit_direct");
    ExpectSame(got->reviews.suit_after_review, want->reviews.suit_after_review, y + " suit_after_review");
    EXPECT_EQ(ToJson(*got), ToJson(*want)) << y;
    carried_in += g.carried_in.total();
    carried_out += g.carried_out.total();
    reviews += got->reviews.reconsideration.total() + got->reviews.suit_direct.total() +
               got->reviews.suit_after_review.total();
    pending += got->reviews.reconsideration.pending + got->reviews.suit_direct.pending +
               got->reviews.suit_after_review.pending;
  }
  // The data exercises what it is meant to.
  EXPECT_GT(carried_in, 100);
  EXPECT_GT(carried_out, 100);
  EXPECT_GT(reviews, 50);
  EXPECT_GT(pending, reviews / 4);

  // An application closed in the year without a valid outcome is named.
  ASSERT_TRUE(t_.db().Transact([&](store::Tx& tx) {
    return tx.Exec("UPDATE applications SET outcome = NULL WHERE ref = 'F-1'").status();
  }).ok());
  auto closed = t_.db().Read<std::string>([&](store::Tx& tx) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT closed_on FROM applications WHERE ref = 'F-1'", {}));
    return row && !row->IsNull("closed_on") ? row->Str("closed_on") : std::string();
  });
  ASSERT_TRUE(closed.ok());
  ASSERT_FALSE(closed->empty()) << "F-1 of the generated set is closed";
  const int year = std::stoi(closed->substr(0, 4));
  auto broken = t_.db().Read<AnnualFigures>([&](store::Tx& tx) { return Compute(tx, agency_, year); });
  ASSERT_EQ(broken.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(broken.status().message().find("F-1"), std::string::npos) << broken.status().message();
  EXPECT_TRUE(t_.db().Read<AnnualFigures>([&](store::Tx& tx) { return Compute(tx, agency_, year + 1); }).ok())
      << "other years are not affected";
}

}  // namespace
}  // namespace gk::records
