// The staff inbox of applications on both engines (requests/applications.h
// Inbox, CountInbox): keyset pages that walk the whole list once, in its
// order, across ties of the sort key and rows without one; the need-to-know
// rule and "waiting for me" applied in the query and agreeing with the rules
// of requests/access.h and flow.h WaitsFor; counts equal to what the lists
// yield. The explanation and correction requests' lists likewise.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "accounts/directory.h"
#include "oversight/feedback.h"
#include "requests/applications.h"
#include "requests/case_store.h"
#include "requests/inquiries.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::requests {
namespace {

using accounts::Principal;
using accounts::Role;

constexpr UnixSeconds kFriday20250926 = 1758852000;  // 10:00 in China

class InboxTest : public testing::StoreTest {
 protected:
  InboxTest() : StoreTest(kFriday20250926) {}
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* u : {"clerk", "depthead", "office", "leader", "admin"}) users_[u] = Load(u);
    Principal cli = Principal::CommandLine(agency_, "test");
    accounts::Directory dir(ctx_);
    other_dept_ = *dir.CreateDepartment(cli, "社区平安办公室二", 98);
    ASSERT_TRUE(dir.CreateUser(cli, {"clerk2", "另一部门承办人", other_dept_, {Role::kClerk}, true}, "Secret-pass-1")
                    .ok());
    users_["clerk2"] = Load("clerk2");
  }

  Principal Load(const std::string& username) {
    auto u = accounts::Directory(ctx_).FindByUsername(Principal::CommandLine(agency_, "t"), username);
    EXPECT_TRUE(u.ok()) << username;
    return Principal{u->id, agency_, u->username, u->display_name, u->department_id, u->roles};
  }

  Applications Apps() { return Applications(ctx_, key_); }

  // An application registered by the 公开办 (received today: the same due
  // date as every other one, a tie), returning its id.
  int64_t Register(const std::string& title) {
    ApplicationInput in;
    in.applicant = {"natural", "张三", "", "居民身份证", "11010519491231002X", "13812345678", "", "", ""};
    in.info_title = title;
    in.form = "electronic";
    in.delivery = "online";
    in.channel = "in_person";
    in.received_on = "2025-09-26";
    auto f = Apps().Register(users_["office"], in);
    EXPECT_TRUE(f.ok()) << f.status().message();
    return f.ok() ? f->id : 0;
  }

  void Exec(const std::string& sql, const std::vector<store::Value>& params) {
    Status s = ctx_.db.Transact([&](store::Tx& tx) { return tx.Exec(sql, params).status(); });
    ASSERT_TRUE(s.ok()) << s.message();
  }

  // Every row of `who`'s inbox under `filter`, `limit` at a time, checking
  // that each page but the last is full and that the list ends.
  std::vector<InboxRow> Walk(const Principal& who, InboxFilter filter, int limit) {
    std::vector<InboxRow> out;
    PageSpec page{std::nullopt, limit};
    for (int guard = 0; guard < 1000; ++guard) {
      auto p = Apps().Inbox(who, filter, page);
      EXPECT_TRUE(p.ok()) << p.status().message();
      if (!p.ok()) return out;
      EXPECT_LE(p->rows.size(), static_cast<size_t>(limit));
      for (auto& r : p->rows) out.push_back(std::move(r));
      if (!p->next) return out;
      EXPECT_EQ(p->rows.size(), static_cast<size_t>(limit)) << "a page before the last is full";
      page.after = p->next;
    }
    ADD_FAILURE() << "the list does not end";
    return out;
  }

  static std::vector<int64_t> Ids(const std::vector<InboxRow>& rows) {
    std::vector<int64_t> ids;
    for (const auto& r : rows) ids.push_back(r.id);
    return ids;
  }

  // The order each filter promises, computed here from the stored columns
  // of every case of the agency: an oracle independent of the seek queries.
  std::vector<int64_t> Expected(InboxFilter filter, const std::set<int64_t>& among) {
    struct Row {
      int64_t id;
      std::string state, due_on, closed_on, received_on;
      bool due_null;
    };
    std::vector<Row> rows;
    Status s = ctx_.db.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto all, tx.Query("SELECT id, state, due_on, COALESCE(closed_on, '') AS closed_on, "
                                          "received_on FROM applications WHERE agency_id = ?",
                                          {agency_}));
      for (const auto& r : all) {
        if (!among.count(r.Int("id"))) continue;
        rows.push_back({r.Int("id"), r.Str("state"), r.IsNull(2) ? std::string() : r.Str("due_on"), r.Str("closed_on"),
                        r.Str("received_on"), r.IsNull(2)});
      }
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok());
    std::erase_if(rows, [&](const Row& r) {
      bool closed = r.state == "closed";
      return filter == InboxFilter::kClosed ? !closed : filter == InboxFilter::kAll ? false : closed;
    });
    std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      switch (filter) {
        case InboxFilter::kMine:
        case InboxFilter::kOpen:
          if (a.due_null != b.due_null) return b.due_null;
          if (a.due_on != b.due_on) return a.due_on < b.due_on;
          return a.id < b.id;
        case InboxFilter::kClosed:
          if (a.closed_on != b.closed_on) return a.closed_on > b.closed_on;
          return a.id > b.id;
        case InboxFilter::kAll:
          if (a.received_on != b.received_on) return a.received_on > b.received_on;
          return a.id > b.id;
      }
      return false;
    });
    std::vector<int64_t> ids;
    for (const auto& r : rows) ids.push_back(r.id);
    return ids;
  }

  std::set<int64_t> AllIds() {
    std::set<int64_t> out;
    Status s = ctx_.db.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto all, tx.Query("SELECT id FROM applications WHERE agency_id = ?", {agency_}));
      for (const auto& r : all) out.insert(r.Int("id"));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok());
    return out;
  }

  int64_t other_dept_ = 0;
  std::map<std::string, Principal> users_;
};

TEST_F(InboxTest, PagesWalkEveryCaseOnceInOrderAcrossTiesAndMissingDueDates) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 14; ++i) ids.push_back(Register("材料" + std::to_string(i)));
  // Every case received the same day: one due date for all (a tie of 14).
  // Two more due dates, two cases without one (the clock paused), and closed
  // cases of which three share their closing date, received on three days.
  Exec("UPDATE applications SET due_on = '2025-10-20' WHERE id IN (?, ?, ?)", {ids[3], ids[5], ids[7]});
  Exec("UPDATE applications SET due_on = '2025-11-03' WHERE id = ?", {ids[1]});
  Exec("UPDATE applications SET due_on = NULL WHERE id IN (?, ?)", {ids[2], ids[9]});
  Exec("UPDATE applications SET state = 'closed', closed_on = '2025-10-10' WHERE id IN (?, ?, ?)",
       {ids[4], ids[8], ids[11]});
  Exec("UPDATE applications SET state = 'closed', closed_on = '2025-10-12' WHERE id = ?", {ids[0]});
  Exec("UPDATE applications SET received_on = '2025-09-20' WHERE id IN (?, ?)", {ids[6], ids[12]});
  Exec("UPDATE applications SET received_on = '2025-09-10' WHERE id = ?", {ids[10]});

  std::set<int64_t> all = AllIds();
  ASSERT_EQ(all.size(), 14u);
  for (auto filter : {InboxFilter::kOpen, InboxFilter::kClosed, InboxFilter::kAll}) {
    std::vector<int64_t> want = Expected(filter, all);
    for (int limit : {1, 2, 3, 4, 5, 50}) {
      EXPECT_EQ(Ids(Walk(users_["office"], filter, limit)), want)
          << "filter " << static_cast<int>(filter) << ", " << limit << " a page";
    }
  }
  EXPECT_EQ(Expected(InboxFilter::kOpen, all).size(), 10u);
  EXPECT_EQ(Expected(InboxFilter::kClosed, all).size(), 4u);
  // The cases without a due date come last, by id.
  auto open = Ids(Walk(users_["office"], InboxFilter::kOpen, 3));
  ASSERT_EQ(open.size(), 10u);
  EXPECT_EQ(open[8], ids[2]);
  EXPECT_EQ(open[9], ids[9]);

  // A position that no row has (a case since deleted, an edited token)
  // continues after it all the same; one past the end yields nothing.
  auto after_gap = Apps().Inbox(users_["office"], InboxFilter::kOpen, PageSpec{SeekKey{"2025-10-31", 0}, 50});
  ASSERT_TRUE(after_gap.ok());
  EXPECT_EQ(Ids(after_gap->rows), (std::vector<int64_t>{ids[1], ids[2], ids[9]}));
  auto past_end = Apps().Inbox(users_["office"], InboxFilter::kAll, PageSpec{SeekKey{"0000-01-01", 0}, 5});
  ASSERT_TRUE(past_end.ok());
  EXPECT_TRUE(past_end->rows.empty());
  EXPECT_FALSE(past_end->next);
}

TEST_F(InboxTest, TheReadersListAndWaitingForThemAgreeWithTheRulesAndTheCounts) {
  // A case in every state, unassigned and assigned to either department.
  int64_t clerk_dept = *users_["clerk"].department_id;
  struct Made {
    int64_t id;
    CaseState state;
    std::optional<int64_t> dept;
  };
  std::vector<Made> made;
  int n = 0;
  for (CaseState state : AllCaseStates()) {
    for (std::optional<int64_t> dept : {std::optional<int64_t>(), std::optional<int64_t>(clerk_dept),
                                        std::optional<int64_t>(other_dept_)}) {
      int64_t id = Register("案件" + std::to_string(n++));
      Exec("UPDATE applications SET state = ?, department_id = ?, closed_on = ? WHERE id = ?",
           {std::string(CaseStateKey(state)), dept ? store::Value(*dept) : store::Value(nullptr),
            state == CaseState::kClosed ? store::Value(std::string("2025-09-30")) : store::Value(nullptr), id});
      made.push_back({id, state, dept});
    }
  }
  // Two of them past their due date.
  Exec("UPDATE applications SET due_on = '2025-09-01' WHERE id IN (?, ?)", {made[0].id, made[7].id});

  for (const auto& [name, who] : users_) {
    std::set<int64_t> readable, waiting, open, overdue;
    CaseActor actor = internal::ActorOf(who);
    for (const Made& m : made) {
      if (!Apps().Get(who, m.id).ok()) continue;  // the single read: requests/access.h
      readable.insert(m.id);
      if (m.state != CaseState::kClosed) open.insert(m.id);
      CaseFacts facts;
      facts.state = m.state;
      facts.department_id = m.dept;
      if (IsOpen(m.state) && WaitsFor(facts, actor)) waiting.insert(m.id);
    }
    auto as_set = [](const std::vector<InboxRow>& rows) {
      std::set<int64_t> s;
      for (const auto& r : rows) s.insert(r.id);
      return s;
    };
    auto all = Walk(who, InboxFilter::kAll, 4);
    EXPECT_EQ(all.size(), readable.size()) << name << ": no case twice";
    EXPECT_EQ(as_set(all), readable) << name;
    auto open_rows = Walk(who, InboxFilter::kOpen, 4);
    EXPECT_EQ(as_set(open_rows), open) << name;
    auto mine = Walk(who, InboxFilter::kMine, 2);
    EXPECT_EQ(as_set(mine), waiting) << name << ": CasesWaitingFor agrees with WaitsFor";
    for (const auto& r : all) EXPECT_EQ(r.mine, waiting.count(r.id) > 0) << name << " " << r.ref;
    for (const auto& r : open_rows) {
      if (r.urgency == Urgency::kOverdue) overdue.insert(r.id);
    }
    auto counts = Apps().CountInbox(who);
    ASSERT_TRUE(counts.ok()) << name;
    EXPECT_EQ(counts->open, static_cast<int64_t>(open_rows.size())) << name;
    EXPECT_EQ(counts->mine, static_cast<int64_t>(mine.size())) << name;
    EXPECT_EQ(counts->overdue, static_cast<int64_t>(overdue.size())) << name;
  }
  // The rule as the roles have it: a clerk reads (and lists) only their
  // department's cases; the administrator none; the 公开办 every one.
  EXPECT_EQ(Walk(users_["admin"], InboxFilter::kAll, 5).size(), 0u);
  EXPECT_EQ(Walk(users_["office"], InboxFilter::kAll, 5).size(), made.size());
  for (const auto& r : Walk(users_["clerk"], InboxFilter::kAll, 3)) {
    EXPECT_EQ(r.department_name, "社区服务办公室") << r.ref;
  }
  EXPECT_EQ(Walk(users_["clerk"], InboxFilter::kAll, 3).size(), AllCaseStates().size());
  EXPECT_EQ(Apps().CountInbox(users_["office"])->overdue, 2);
}

TEST_F(InboxTest, InquiryListsArePagedAndReadByTheirDepartment) {
  disclosure::ReferenceData ref = *disclosure::LoadReferenceData(GK_SOURCE_DIR);
  Inquiries inquiries(ctx_, ref);
  std::vector<int64_t> ids;
  for (int i = 0; i < 7; ++i) {
    auto f = inquiries.Submit(agency_, InquiryKind::kExplanation,
                              {"李四", "13912345678", "", "", "环评报告" + std::to_string(i), "为什么不公开？"},
                              "198.51.100." + std::to_string(i));
    ASSERT_TRUE(f.ok()) << f.status().message();
    ids.push_back(f->id);
  }
  ASSERT_TRUE(inquiries.Assign(users_["office"], InquiryKind::kExplanation, ids[2], *users_["clerk"].department_id)
                  .ok());
  auto walk = [&](const Principal& who, InquiryFilter filter, int limit) {
    std::vector<int64_t> out;
    PageSpec page{std::nullopt, limit};
    for (int guard = 0; guard < 100; ++guard) {
      auto p = inquiries.List(who, InquiryKind::kExplanation, filter, page);
      EXPECT_TRUE(p.ok());
      if (!p.ok()) break;
      for (const auto& q : p->rows) out.push_back(q.id);
      if (!p->next) break;
      page.after = p->next;
    }
    return out;
  };
  // All received the same day with the same due date: by id, then newest first.
  std::vector<int64_t> reversed(ids.rbegin(), ids.rend());
  for (int limit : {1, 2, 3, 50}) {
    EXPECT_EQ(walk(users_["office"], InquiryFilter::kOpen, limit), ids) << limit;
    EXPECT_EQ(walk(users_["office"], InquiryFilter::kAll, limit), reversed) << limit;
  }
  EXPECT_EQ(walk(users_["clerk"], InquiryFilter::kAll, 2), (std::vector<int64_t>{ids[2]}));
  EXPECT_TRUE(walk(users_["clerk2"], InquiryFilter::kAll, 2).empty());
  EXPECT_TRUE(walk(users_["admin"], InquiryFilter::kOpen, 2).empty());
}

// The home page's alerts count complaints and opinions in SQL: the same
// numbers as the list they summarise.
TEST_F(InboxTest, OpenFeedbackIsCountedAsItsListHasIt) {
  oversight::Feedback feedback(ctx_);
  oversight::FeedbackInput in;
  in.content = "栏目信息未及时更新";
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(feedback.Register(users_["office"], in, oversight::FeedbackChannel::kPhone).ok());
  }
  Exec("UPDATE feedback_cases SET due_on = '2025-09-01' WHERE id = (SELECT MIN(id) FROM feedback_cases)", {});
  Exec("UPDATE feedback_cases SET state = 'replied' WHERE id = (SELECT MAX(id) FROM feedback_cases)", {});
  for (const auto& [name, who] : users_) {
    auto list = feedback.List(who, {true, std::nullopt});
    auto counts = feedback.Count(who, {});
    ASSERT_TRUE(list.ok() && counts.ok()) << name;
    int64_t overdue = 0;
    for (const auto& f : *list) overdue += f.overdue;
    EXPECT_EQ(counts->open, static_cast<int64_t>(list->size())) << name;
    EXPECT_EQ(counts->overdue, overdue) << name;
  }
  EXPECT_EQ(feedback.Count(users_["office"], {})->open, 3);
  EXPECT_EQ(feedback.Count(users_["office"], {})->overdue, 1);
}

}  // namespace
}  // namespace gk::requests
