// Need-to-know on both engines (requests/access.h, disclosure/access.h): who
// reads an application, an explanation request and an item that is not
// public, in the single read and in every list; and the separation of duties
// of the directory.
#include <gtest/gtest.h>

#include "accounts/directory.h"
#include "disclosure/access.h"
#include "disclosure/catalog.h"
#include "disclosure/items.h"
#include "oversight/feedback.h"
#include "requests/applications.h"
#include "requests/inquiries.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk {
namespace {

using accounts::Principal;
using accounts::Role;
using requests::CaseAction;

constexpr UnixSeconds kFriday20250926 = 1758852000;  // 10:00 in China
using Names = std::set<std::string>;

class NeedToKnowTest : public testing::StoreTest {
 protected:
  NeedToKnowTest() : StoreTest(kFriday20250926) {}
  void SetUp() override {
    StoreTest::SetUp();
    ref_ = *disclosure::LoadReferenceData(GK_SOURCE_DIR);
    for (const char* u : {"clerk", "depthead", "leader", "principal", "office", "group", "supervisor", "secrecy",
                          "admin"}) {
      users_[u] = Load(u);
    }
    // A clerk of another department.
    Principal cli = Principal::CommandLine(agency_, "test");
    accounts::Directory dir(ctx_);
    other_dept_ = *dir.CreateDepartment(cli, "社区平安办公室二", 98);
    EXPECT_TRUE(dir.CreateUser(cli, {"clerk2", "另一部门承办人", other_dept_, {Role::kClerk}, true}, "Secret-pass-1")
                    .ok());
    users_["clerk2"] = Load("clerk2");
  }

  Principal Load(const std::string& username) {
    auto u = accounts::Directory(ctx_).FindByUsername(Principal::CommandLine(agency_, "t"), username);
    EXPECT_TRUE(u.ok()) << username;
    return Principal{u->id, agency_, u->username, u->display_name, u->department_id, u->roles};
  }

  requests::Applications Apps() { return requests::Applications(ctx_, key_); }

  int64_t Apply(const std::string& title) {
    requests::ApplicationInput in;
    in.applicant = {"natural", "张三", "", "居民身份证", "11010519491231002X", "13812345678", "zs@example.org", "", ""};
    in.info_title = title;
    in.form = "electronic";
    in.delivery = "email";
    auto f = Apps().Submit(agency_, in, testing::kVisitor);
    EXPECT_TRUE(f.ok()) << f.status().message();
    return f.ok() ? f->id : 0;
  }

  // The users for whom `read(principal)` succeeds; every refusal must be NotFound.
  template <typename Read>
  Names ReadersOf(Read read) {
    Names out;
    for (const auto& [name, who] : users_) {
      Status s = read(who).status();
      if (s.ok()) {
        out.insert(name);
      } else {
        EXPECT_EQ(s.code(), Code::kNotFound) << name << ": " << s.message();
      }
    }
    return out;
  }
  Names CaseReaders(int64_t id) {
    return ReadersOf([&](const Principal& who) { return Apps().Get(who, id); });
  }

  // Whether case `id` is in `user`'s inbox under `filter`, walking every
  // page (two rows each, so that the seek conditions carry the rule too).
  bool InInbox(const std::string& user, int64_t id,
               requests::InboxFilter filter = requests::InboxFilter::kAll) {
    PageSpec page{std::nullopt, 2};
    for (int guard = 0; guard < 100; ++guard) {
      auto rows = Apps().Inbox(users_[user], filter, page);
      EXPECT_TRUE(rows.ok());
      if (!rows.ok()) return false;
      for (const auto& r : rows->rows) {
        if (r.id == id) return true;
      }
      if (!rows->next) return false;
      page.after = rows->next;
    }
    ADD_FAILURE() << "the inbox does not end";
    return false;
  }

  disclosure::Items Items() { return disclosure::Items(ctx_, ref_); }

  disclosure::ItemInput Draft(const std::string& title) {
    disclosure::ItemInput in;
    in.title = title;
    in.department_id = *users_["clerk"].department_id;
    in.category_id = disclosure::Catalog(ctx_).List(agency_)->front().id;
    in.formed_on = "2025-09-20";
    in.ground_key = "art19";
    in.reason = "需要公众知晓";
    in.body = "正文：" + title;
    return in;
  }

  Names ItemReaders(int64_t id) {
    return ReadersOf([&](const Principal& who) { return Items().Get(who, id); });
  }

  disclosure::ReferenceData ref_;
  int64_t other_dept_ = 0;
  std::map<std::string, Principal> users_;
};

TEST_F(NeedToKnowTest, AnApplicationIsReadByTheOfficeTheAssignedDepartmentAndTheSupervisorsOfAComplaint) {
  int64_t id = Apply("本人的低保审批材料");
  EXPECT_EQ(CaseReaders(id), (Names{"office"}));
  EXPECT_FALSE(InInbox("clerk", id));
  EXPECT_FALSE(InInbox("admin", id));

  requests::ActInput assign;
  assign.department_id = *users_["clerk"].department_id;
  ASSERT_TRUE(Apps().Act(users_["office"], id, CaseAction::kAssign, assign).ok());
  EXPECT_EQ(CaseReaders(id), (Names{"office", "clerk", "depthead"}));
  EXPECT_TRUE(InInbox("clerk", id));
  EXPECT_FALSE(InInbox("clerk2", id));
  EXPECT_FALSE(InInbox("admin", id));

  // A complaint about the case opens it to the 监察办 and the 领导小组, read-only.
  oversight::FeedbackInput complaint;
  complaint.kind = oversight::FeedbackKind::kComplaint;
  complaint.application_ref = Apps().Get(users_["office"], id)->ref;
  complaint.content = "逾期未答复";
  ASSERT_TRUE(oversight::Feedback(ctx_).Register(users_["office"], complaint, oversight::FeedbackChannel::kPhone).ok());
  EXPECT_EQ(CaseReaders(id), (Names{"office", "clerk", "depthead", "supervisor", "group"}));
  EXPECT_TRUE(InInbox("supervisor", id));
  requests::ActInput note;
  note.note = "催办";
  EXPECT_EQ(Apps().Act(users_["supervisor"], id, CaseAction::kExtend, note).code(), Code::kPermissionDenied);
}

TEST_F(NeedToKnowTest, ActionsAndReadsOnACaseOneMayNotReadAreNotFoundAndChangeNothing) {
  int64_t id = Apply("某小区规划许可");
  requests::ActInput assign;
  assign.department_id = other_dept_;
  EXPECT_EQ(Apps().Act(users_["clerk"], id, CaseAction::kAssign, assign).code(), Code::kNotFound);
  EXPECT_EQ(Apps().Checks(users_["clerk"], id).status().code(), Code::kNotFound);
  EXPECT_EQ(Apps().FindRepeats(users_["admin"], id).status().code(), Code::kNotFound);
  EXPECT_EQ(Apps().RegistrySuggestions(users_["clerk2"], id).status().code(), Code::kNotFound);
  EXPECT_EQ(Apps().ReadFile(users_["clerk"], id, 1).status().code(), Code::kNotFound);
  EXPECT_EQ(Apps().Get(users_["office"], id)->state, requests::CaseState::kReceived);
}

TEST_F(NeedToKnowTest, ALetterIsReadOnlyThroughTheCaseItBelongsTo) {
  int64_t a = Apply("甲件");
  int64_t b = Apply("乙件");
  requests::ActInput correction;
  correction.note = "请说明所需信息的名称";
  correction.days = 10;
  ASSERT_TRUE(Apps().Act(users_["office"], a, CaseAction::kRequestCorrection, correction).ok());
  auto letters = Apps().Get(users_["office"], a)->letters;
  ASSERT_FALSE(letters.empty());
  int64_t letter = letters.front().id;
  EXPECT_TRUE(Apps().RenderLetter(users_["office"], a, letter, "pdf").ok());
  EXPECT_EQ(Apps().RenderLetter(users_["office"], b, letter, "pdf").status().code(), Code::kNotFound);
  EXPECT_EQ(Apps().RenderLetter(users_["clerk"], a, letter, "pdf").status().code(), Code::kNotFound);
  EXPECT_EQ(Apps().RenderLetter(users_["admin"], a, letter, "docx").status().code(), Code::kNotFound);
}

TEST_F(NeedToKnowTest, RelatedCasesListOnlyWhatTheReaderMayOpenButCountEveryApplicant) {
  int64_t first = Apply("2025年加装电梯补贴发放情况");
  requests::ActInput assign;
  assign.department_id = *users_["clerk"].department_id;
  int64_t second = Apply("2025年加装电梯补贴发放情况");
  ASSERT_TRUE(Apps().Act(users_["office"], second, CaseAction::kAssign, assign).ok());
  auto office = Apps().FindRepeats(users_["office"], second);
  ASSERT_TRUE(office.ok());
  ASSERT_EQ(office->related.size(), 1u);
  EXPECT_EQ(office->related[0].id, first);
  auto clerk = Apps().FindRepeats(users_["clerk"], second);
  ASSERT_TRUE(clerk.ok());
  EXPECT_TRUE(clerk->related.empty());
  EXPECT_EQ(clerk->applicants, office->applicants);
}

TEST_F(NeedToKnowTest, RegistrySuggestionsNameOnlyItemsTheReaderMayOpen) {
  auto item = Items().Create(users_["clerk"], Draft("居民低保审批材料目录"));
  ASSERT_TRUE(item.ok()) << item.status().message();
  int64_t id = Apply("低保审批材料目录");
  requests::ActInput assign;
  assign.department_id = other_dept_;
  ASSERT_TRUE(Apps().Act(users_["office"], id, CaseAction::kAssign, assign).ok());
  auto office = Apps().RegistrySuggestions(users_["office"], id);
  ASSERT_TRUE(office.ok()) << office.status().message();
  ASSERT_FALSE(office->empty());
  EXPECT_EQ(office->front().item_id, *item);
  auto clerk2 = Apps().RegistrySuggestions(users_["clerk2"], id);
  ASSERT_TRUE(clerk2.ok()) << clerk2.status().message();
  EXPECT_TRUE(clerk2->empty()) << "another department's draft";
}

TEST_F(NeedToKnowTest, AnExplanationRequestIsReadByTheOfficeAndTheDepartmentItAssigns) {
  requests::Inquiries inquiries(ctx_, ref_);
  requests::InquiryInput in{"李四", "13912345678", "", "", "某项目环评报告", "为什么不公开？"};
  auto filed = inquiries.Submit(agency_, requests::InquiryKind::kExplanation, in, testing::kVisitor);
  ASSERT_TRUE(filed.ok()) << filed.status().message();
  auto kind = requests::InquiryKind::kExplanation;
  EXPECT_TRUE(inquiries.Get(users_["office"], kind, filed->id).ok());
  for (const char* u : {"clerk", "clerk2", "admin", "leader", "supervisor"}) {
    EXPECT_EQ(inquiries.Get(users_[u], kind, filed->id).status().code(), Code::kNotFound) << u;
    for (auto filter : {requests::InquiryFilter::kOpen, requests::InquiryFilter::kAll}) {
      EXPECT_TRUE(inquiries.List(users_[u], kind, filter, {})->rows.empty()) << u;
    }
  }
  EXPECT_EQ(inquiries.Assign(users_["clerk"], kind, filed->id, *users_["clerk"].department_id).code(),
            Code::kNotFound);
  ASSERT_TRUE(inquiries.Assign(users_["office"], kind, filed->id, *users_["clerk"].department_id).ok());
  auto seen = inquiries.Get(users_["clerk"], kind, filed->id);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->department_name, "社区服务办公室");
  EXPECT_EQ(inquiries.List(users_["depthead"], kind, requests::InquiryFilter::kOpen, {})->rows.size(), 1u);
  EXPECT_TRUE(inquiries.List(users_["clerk2"], kind, requests::InquiryFilter::kAll, {})->rows.empty());
  EXPECT_EQ(inquiries.Get(users_["clerk2"], kind, filed->id).status().code(), Code::kNotFound);
  // Only the 公开办 answers or reassigns, still.
  EXPECT_EQ(inquiries.Explain(users_["clerk"], filed->id, "", "答复").code(), Code::kPermissionDenied);
  EXPECT_EQ(inquiries.Assign(users_["clerk"], kind, filed->id, other_dept_).code(), Code::kPermissionDenied);
}

TEST_F(NeedToKnowTest, ADraftItemIsReadByItsDepartmentsItsSignersAndTheOffice) {
  auto id = Items().Create(users_["clerk"], Draft("社区服务办公室内部草稿"));
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_EQ(ItemReaders(*id), (Names{"clerk", "depthead", "office"}));
  auto list = Items().List(users_["clerk2"], std::nullopt);
  ASSERT_TRUE(list.ok());
  for (const auto& row : list->rows) EXPECT_NE(row.id, *id);
  EXPECT_EQ(Items().ReadAttachment(users_["admin"], *id, 1).status().code(), Code::kNotFound);
  EXPECT_EQ(Items().RedactionLog(users_["clerk2"], *id).status().code(), Code::kNotFound);
  EXPECT_EQ(Items().Act(users_["clerk2"], *id, disclosure::Action::kSubmit, {}).code(), Code::kNotFound);

  // The staff search finds it for the department, not for the other one.
  search::Query q;
  q.text = "内部草稿";
  auto search = [&](const std::string& user) {
    return t_.db().Read<search::Results>(
        [&](store::Tx& tx) { return disclosure::StaffSearch(tx, users_[user], q); });
  };
  EXPECT_EQ(search("clerk")->total, 1);
  EXPECT_EQ(search("office")->total, 1);
  EXPECT_EQ(search("clerk2")->total, 0);
  EXPECT_EQ(search("admin")->total, 0);

  // Waiting for step 3, the 分管领导 reads it; the 主要领导 not yet.
  ASSERT_TRUE(Items().Act(users_["clerk"], *id, disclosure::Action::kSubmit, {}).ok());
  ASSERT_TRUE(Items().Act(users_["depthead"], *id, disclosure::Action::kApprove, {}).ok());
  ASSERT_TRUE(Items().Act(users_["office"], *id, disclosure::Action::kApprove, {}).ok());
  EXPECT_EQ(ItemReaders(*id), (Names{"clerk", "depthead", "office", "leader"}));
}

TEST_F(NeedToKnowTest, TheLeadingGroupReadsOfficialDocumentItems) {
  auto in = Draft("公文类草稿");
  in.official_document = true;
  auto id = Items().Create(users_["clerk"], in);
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_EQ(ItemReaders(*id), (Names{"clerk", "depthead", "office", "group"}));
}

TEST_F(NeedToKnowTest, TheAdministratorHoldsNoOtherRoleAndNobodyChangesTheirOwnRoles) {
  accounts::Directory dir(ctx_);
  Principal cli = Principal::CommandLine(agency_, "test");
  auto both = dir.CreateUser(cli, {"mixed", "混合", std::nullopt, {Role::kAdmin, Role::kDisclosureOffice}, true},
                             "Secret-pass-1");
  EXPECT_EQ(both.status().code(), Code::kInvalidArgument);
  EXPECT_FALSE(dir.FindByUsername(cli, "mixed").ok());

  const Principal& admin = users_["admin"];
  accounts::UserInput self{"admin", "系统管理员", admin.department_id, {Role::kAdmin, Role::kDisclosureOffice}, true};
  EXPECT_EQ(dir.UpdateUser(admin, admin.user_id, self).code(), Code::kInvalidArgument);
  self.roles = {Role::kLeaderInCharge};
  EXPECT_EQ(dir.UpdateUser(admin, admin.user_id, self).code(), Code::kFailedPrecondition);
  EXPECT_EQ(dir.FindByUsername(cli, "admin")->roles, (std::set<Role>{Role::kAdmin}));

  // A grant of the 公开办 role is audited with who granted it.
  const Principal& clerk = users_["clerk"];
  accounts::UserInput grant{"clerk", clerk.display_name, clerk.department_id, {Role::kClerk, Role::kDisclosureOffice},
                            true};
  ASSERT_TRUE(dir.UpdateUser(admin, clerk.user_id, grant).ok());
  EXPECT_EQ(testing::QueryInt(t_.db(),
                              "SELECT count(*) FROM audit_log WHERE action = 'user.grant_role' AND actor_id = ? "
                              "AND object_id = ? AND detail LIKE ?",
                              {admin.user_id, std::to_string(clerk.user_id), std::string("%公开办%")}),
            1);
}

// The item list, read page after page, yields exactly the items each user may
// read in the single read (need-to-know in SQL), each once, newest first; the
// heading's counts per state equal the rows the list yields.
TEST_F(NeedToKnowTest, ItemPagesYieldWhatTheSingleReadAllowsOnceAndMatchTheCounts) {
  std::vector<int64_t> made;
  for (int i = 0; i < 5; ++i) {
    auto a = Items().Create(users_["clerk"], Draft("分页草稿甲" + std::to_string(i)));
    ASSERT_TRUE(a.ok()) << a.status().message();
    made.push_back(*a);
    disclosure::ItemInput other = Draft("分页草稿乙" + std::to_string(i));
    other.department_id = other_dept_;
    auto b = Items().Create(users_["clerk2"], other);
    ASSERT_TRUE(b.ok()) << b.status().message();
    made.push_back(*b);
  }
  ASSERT_TRUE(Items().Act(users_["clerk"], made[0], disclosure::Action::kSubmit, {}).ok());
  ASSERT_TRUE(Items().Act(users_["clerk2"], made[1], disclosure::Action::kSubmit, {}).ok());

  auto walk = [&](const Principal& who, std::optional<disclosure::State> state) {
    std::vector<disclosure::ItemRow> rows;
    PageSpec spec{std::nullopt, 3};
    for (int pages = 0; pages < 100; ++pages) {
      auto page = Items().List(who, state, spec);
      EXPECT_TRUE(page.ok());
      if (!page.ok()) break;
      EXPECT_LE(page->rows.size(), 3u);
      rows.insert(rows.end(), page->rows.begin(), page->rows.end());
      if (!page->next) break;
      spec.after = page->next;
    }
    return rows;
  };
  auto everything = walk(users_["office"], std::nullopt);
  ASSERT_GE(everything.size(), made.size());
  for (const auto& [name, who] : users_) {
    auto rows = walk(who, std::nullopt);
    std::set<int64_t> listed;
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_TRUE(listed.insert(rows[i].id).second) << name << " sees item " << rows[i].id << " twice";
      if (i > 0) {
        EXPECT_LT(rows[i].id, rows[i - 1].id) << name;
      }
    }
    for (const auto& r : everything) {
      EXPECT_EQ(listed.count(r.id) == 1, Items().Get(who, r.id).ok()) << name << ", item " << r.id;
    }
    auto counts = Items().CountByState(who);
    ASSERT_TRUE(counts.ok());
    std::map<std::string, int64_t> yielded;
    for (const auto& r : rows) ++yielded[r.state_key];
    EXPECT_EQ(*counts, yielded) << name;
    for (const auto& [key, n] : yielded) {
      auto state = disclosure::StateFromKey(key);
      ASSERT_TRUE(state.has_value());
      EXPECT_EQ(static_cast<int64_t>(walk(who, state).size()), n) << name << ", " << key;
    }
  }
  auto clerk2 = walk(users_["clerk2"], disclosure::State::kDraft);
  for (const auto& r : clerk2) EXPECT_EQ(r.title.find("分页草稿甲"), std::string::npos) << "another department's draft";
}

}  // namespace
}  // namespace gk
