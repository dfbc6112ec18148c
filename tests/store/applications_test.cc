// The applications service on both engines: intake, the public lookup, the
// handling workflow with its clock, letters, fees and personal data.
#include "requests/applications.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "accounts/data_key.h"
#include "accounts/directory.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::requests {
namespace {

using testing::kVisitor;

using accounts::Principal;
using accounts::Role;

constexpr int64_t kDay = 86400;
constexpr UnixSeconds kFriday20250926 = 1758852000;  // 10:00 in China

class ApplicationsTest : public testing::StoreTest {
 protected:
  ApplicationsTest() : StoreTest(kFriday20250926, testing::WithDataKey::kNo) {}
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* u : {"clerk", "depthead", "office", "leader", "admin"}) users_[u] = Load(u);
    Principal admin = Principal::CommandLine(agency_, "test");
    accounts::Directory dir(ctx_);
    ASSERT_TRUE(dir.CreateUser(admin, {"office2", "公开办二", std::nullopt, {Role::kDisclosureOffice}, true},
                               "Secret-pass-1").ok());
    users_["office2"] = Load("office2");
  }

  Principal Load(const std::string& username) {
    auto u = accounts::Directory(ctx_).FindByUsername(Principal::CommandLine(agency_, "t"), username);
    EXPECT_TRUE(u.ok()) << username;
    return Principal{u->id, agency_, u->username, u->display_name, u->department_id, u->roles};
  }

  static ApplicationInput Input(const std::string& id = "11010519491231002X", const std::string& phone = "13812345678") {
    ApplicationInput in;
    in.applicant = {"natural", "张三", "", "居民身份证", id, phone, "zs@example.org", "上海市静安区某路1号", "200040"};
    in.info_title = "2025年加装电梯补贴发放情况";
    in.description = "本街道2025年既有多层住宅加装电梯的补贴名单和金额";
    in.form = "electronic";
    in.delivery = "email";
    return in;
  }

  Applications Service() { return Applications(ctx_, key_); }
  Status Act(const std::string& user, int64_t id, CaseAction a, ActInput in = {}) {
    return Service().Act(users_[user], id, a, in);
  }
  Case Get(int64_t id) {
    auto c = Service().Get(users_["office"], id);
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? *c : Case{};
  }
  ActInput AssignTo(const std::string& user) {
    ActInput in;
    in.department_id = *users_[user].department_id;
    return in;
  }

  std::map<std::string, Principal> users_;
};

TEST_F(ApplicationsTest, PortalSubmissionGivesReceiptAndDueDate) {
  auto f = Service().Submit(agency_, Input(), kVisitor);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->ref, "2025-0001");
  EXPECT_EQ(f->received_on, *Date::Parse("2025-09-26"));
  ASSERT_TRUE(f->due_on);
  EXPECT_EQ(*f->due_on, *Date::Parse("2025-10-30"));  // across National Day
  EXPECT_EQ(f->query_code.size(), 14u);
  Case c = Get(f->id);
  EXPECT_EQ(c.state, CaseState::kReceived);
  EXPECT_EQ(c.id_masked, "1101**********002X");
  EXPECT_EQ(c.phone_masked, "138****5678");
  EXPECT_EQ(Service().Submit(agency_, Input(), kVisitor)->ref, "2025-0002");
}

TEST_F(ApplicationsTest, PersonalDataIsSealedAtRest) {
  auto f = Service().Submit(agency_, Input(), kVisitor);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM applications WHERE applicant_sealed LIKE ? "
                                       "OR applicant_sealed LIKE ?", {std::string("%11010519491231002X%"),
                                                                       std::string("%13812345678%")}),
            0);
  int64_t audits_before = testing::QueryInt(t_.db(), "SELECT count(*) FROM audit_log WHERE action = 'application.reveal_id'");
  auto full = Service().RevealApplicant(users_["office"], f->id);
  ASSERT_TRUE(full.ok()) << full.status().message();
  EXPECT_EQ(full->id_number, "11010519491231002X");
  EXPECT_EQ(full->phone, "13812345678");
  EXPECT_EQ(full->address, "上海市静安区某路1号");
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM audit_log WHERE action = 'application.reveal_id'"),
            audits_before + 1);
  EXPECT_EQ(Service().RevealApplicant(users_["clerk"], f->id).status().code(), Code::kPermissionDenied);
  // Another key cannot open it.
  DataKey other = DataKey::Random();
  EXPECT_FALSE(Applications(ctx_, other).RevealApplicant(users_["office"], f->id).ok());
}

TEST_F(ApplicationsTest, BadInputIsRefusedAndNothingIsStored) {
  ApplicationInput bad = Input("110105194912310021");  // wrong check digit
  EXPECT_EQ(Service().Submit(agency_, bad, kVisitor).status().code(), Code::kInvalidArgument);
  ApplicationInput no_title = Input();
  no_title.info_title = "  ";
  EXPECT_EQ(Service().Submit(agency_, no_title, kVisitor).status().code(), Code::kInvalidArgument);
  ApplicationInput post = Input();
  post.delivery = "post";
  post.applicant.address = "";
  EXPECT_EQ(Service().Submit(agency_, post, kVisitor).status().code(), Code::kInvalidArgument);
  ApplicationInput org = Input();
  org.applicant.type = "commercial";
  EXPECT_EQ(Service().Submit(agency_, org, kVisitor).status().code(), Code::kInvalidArgument);  // 联系人 missing
  ApplicationInput junk = Input();
  junk.description = std::string("\x01", 1);
  EXPECT_EQ(Service().Submit(agency_, junk, kVisitor).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM applications"), 0);
}

TEST_F(ApplicationsTest, LookupNeedsCodeAndPhoneAndShowsOnlyThatCase) {
  auto mine = Service().Submit(agency_, Input(), kVisitor);
  auto theirs = Service().Submit(agency_, Input("110105194912310046", "13900000000"), kVisitor);
  ASSERT_TRUE(mine.ok() && theirs.ok());
  auto s = Service().Lookup(agency_, mine->query_code, "138-1234-5678", kVisitor);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->ref, mine->ref);
  EXPECT_EQ(s->due_on, "2025-10-30");
  EXPECT_FALSE(s->timeline.empty());
  // Lower case and without dashes works too.
  std::string loose = mine->query_code;
  std::erase(loose, '-');
  for (char& c : loose) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(Service().Lookup(agency_, loose, "13812345678", kVisitor).ok());
  // Someone else's code with my phone, my code with their phone: nothing.
  EXPECT_EQ(Service().Lookup(agency_, theirs->query_code, "13812345678", kVisitor).status().code(), Code::kNotFound);
  EXPECT_EQ(Service().Lookup(agency_, mine->query_code, "13900000000", kVisitor).status().code(), Code::kNotFound);
  EXPECT_EQ(Service().Lookup(agency_ + 1, mine->query_code, "13812345678", kVisitor).status().code(), Code::kNotFound);
}

TEST_F(ApplicationsTest, StaffIntakeUsesTheDateOfReceiptAndNeedsTheOffice) {
  ApplicationInput in = Input();
  in.channel = "post";
  in.received_on = "2025-09-22";
  EXPECT_EQ(Service().Register(users_["clerk"], in).status().code(), Code::kPermissionDenied);
  auto f = Service().Register(users_["office"], in);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(*f->due_on, *Date::Parse("2025-10-24"));
  in.received_on = "2025-09-27";  // tomorrow
  EXPECT_EQ(Service().Register(users_["office"], in).status().code(), Code::kInvalidArgument);
  in.received_on = "2025-09-22";
  in.channel = "pigeon";
  EXPECT_EQ(Service().Register(users_["office"], in).status().code(), Code::kInvalidArgument);
}

TEST_F(ApplicationsTest, GrantedReplyEndToEnd) {
  auto f = Service().Submit(agency_, Input(), kVisitor);
  ASSERT_TRUE(f.ok());
  // The clerk cannot take it (nor read it) before it is assigned to the department.
  ActInput draft;
  draft.outcome = "granted";
  EXPECT_EQ(Act("clerk", f->id, CaseAction::kDraftReply, draft).code(), Code::kNotFound);
  ASSERT_TRUE(Act("office", f->id, CaseAction::kAssign, AssignTo("clerk")).ok());
  ASSERT_TRUE(Act("clerk", f->id, CaseAction::kDraftReply, draft).ok());
  EXPECT_EQ(Get(f->id).state, CaseState::kReplyDrafted);
  // Returned with reasons, redrafted, approved by the office.
  ActInput back;
  back.note = "请补充获取方式";
  ASSERT_TRUE(Act("office", f->id, CaseAction::kReturnDraft, back).ok());
  ASSERT_TRUE(Act("clerk", f->id, CaseAction::kDraftReply, draft).ok());
  ASSERT_TRUE(Act("office", f->id, CaseAction::kApproveReply).ok());
  clock_.Advance(3 * kDay);
  ASSERT_TRUE(Act("office", f->id, CaseAction::kIssueReply).ok());
  Case c = Get(f->id);
  EXPECT_EQ(c.state, CaseState::kReplied);
  EXPECT_EQ(c.outcome, "granted");
  ASSERT_EQ(c.letters.size(), 1u);
  EXPECT_EQ(c.letters[0].number, "静安寺公复〔2025〕1号");
  EXPECT_EQ(c.letters[0].issued_on, "2025-09-29");
  ActInput delivered;
  delivered.delivery = "电子邮件";
  ASSERT_TRUE(Act("office", f->id, CaseAction::kRecordDelivery, delivered).ok());
  EXPECT_EQ(Get(f->id).state, CaseState::kClosed);
  auto body = testing::QueryInt(t_.db(), "SELECT count(*) FROM letters WHERE body LIKE ? AND body LIKE ?",
                                {std::string("%60日内向上海市静安区人民政府申请行政复议%"),
                                 std::string("%第三十六条%")});
  EXPECT_EQ(body, 1);
  // Issued letters and case events cannot be changed.
  EXPECT_FALSE(t_.db().Transact([](store::Tx& tx) { return tx.Exec("UPDATE letters SET body = 'x'").status(); }).ok());
  EXPECT_FALSE(t_.db().Transact([](store::Tx& tx) { return tx.Exec("DELETE FROM application_events").status(); }).ok());
}

TEST_F(ApplicationsTest, DrafterCannotApproveOwnReply) {
  auto f = Service().Submit(agency_, Input(), kVisitor);
  ASSERT_TRUE(Act("office", f->id, CaseAction::kAssign, AssignTo("clerk")).ok());
  ActInput draft;
  draft.outcome = "denied.third_party";
  draft.reasons = "涉及个人隐私";
  ASSERT_TRUE(Act("office", f->id, CaseAction::kDraftReply, draft).ok());
  EXPECT_EQ(Act("office", f->id, CaseAction::kApproveReply).code(), Code::kFailedPrecondition);
  EXPECT_TRUE(Act("office2", f->id, CaseAction::kApproveReply).ok());
}

TEST_F(ApplicationsTest, WithheldRepliesNeedReasons) {
  auto f = Service().Submit(agency_, Input(), kVisitor);
  ASSERT_TRUE(Act("office", f->id, CaseAction::kAssign, AssignTo("clerk")).ok());
  ActInput draft;
  draft.outcome = "denied.process_info";
  EXPECT_EQ(Act("clerk", f->id, CaseAction::kDraftReply, draft).code(), Code::kInvalidArgument);
  draft.outcome = "denied.no_such_reason";
  draft.reasons = "x";
  EXPECT_EQ(Act("clerk", f->id, CaseAction::kDraftReply, draft).code(), Code::kInvalidArgument);
  EXPECT_EQ(Get(f->id).state, CaseState::kHandling);
}

TEST_F(ApplicationsTest, ConsultationPausesTheClockAndIsRecorded) {
  auto f = Service().Submit(agency_, Input(), kVisitor);
  ASSERT_TRUE(Act("office", f->id, CaseAction::kAssign, AssignTo("clerk")).ok());
  clock_.Set(1760320800);  // 2025-10-13
  ActInput consult;
  consult.kind = "third_party";
  consult.party = "某物业公司";
  ASSERT_TRUE(Act("clerk", f->id, CaseAction::kStartConsultation, consult).ok());
  Case paused = Get(f->id);
  EXPECT_EQ(paused.state, CaseState::kConsulting);
  EXPECT_EQ(paused.clock.clock.status, ClockStatus::kPaused);
  // Provisional: as if the third party took all of its 15 working days.
  ASSERT_TRUE(paused.clock.clock.due);
  EXPECT_EQ(*paused.clock.clock.due, *Date::Parse("2025-11-20"));
  ASSERT_EQ(paused.consultations.size(), 1u);
  EXPECT_EQ(paused.consultations[0].due_on, "2025-11-03");  // 15 working days
  clock_.Advance(4 * kDay);  // 10-17
  ActInput done;
  done.consultation_id = paused.consultations[0].id;
  done.answer = "objection";
  ASSERT_TRUE(Act("clerk", f->id, CaseAction::kEndConsultation, done).ok());
  Case resumed = Get(f->id);
  EXPECT_EQ(resumed.state, CaseState::kHandling);
  ASSERT_TRUE(resumed.clock.clock.due);
  EXPECT_EQ(*resumed.clock.clock.due, *Date::Parse("2025-11-05"));
  // The due-date history shows the pause and the new date.
  ASSERT_GE(resumed.clock.history.size(), 3u);
  EXPECT_EQ(resumed.clock.history.back().after, *Date::Parse("2025-11-05"));
  // The consultation letter went out.
  ASSERT_EQ(resumed.letters.size(), 1u);
  EXPECT_EQ(resumed.letters[0].kind, "consultation");
}

TEST_F(ApplicationsTest, CorrectionRestartsTheClockOrClosesTheCase) {
  auto f = Service().Submit(agency_, Input(), kVisitor);
  ActInput corr;
  corr.note = "请说明所需信息的时间范围";
  corr.days = 10;
  ASSERT_TRUE(Act("office", f->id, CaseAction::kRequestCorrection, corr).ok());
  EXPECT_EQ(Get(f->id).state, CaseState::kAwaitingCorrection);
  EXPECT_EQ(Act("office", f->id, CaseAction::kCorrectionLapsed).code(), Code::kFailedPrecondition);
  clock_.Set(1760320800 - 3 * kDay);  // 2025-10-10
  ASSERT_TRUE(Act("office", f->id, CaseAction::kReceiveSupplement).ok());
  Case c = Get(f->id);
  EXPECT_EQ(c.state, CaseState::kReceived);
  EXPECT_EQ(*c.clock.clock.due, *Date::Parse("2025-11-06"));
  // A second application lets the correction period lapse.
  clock_.Set(kFriday20250926);
  auto g = Service().Submit(agency_, Input(), kVisitor);
  ASSERT_TRUE(Act("office", g->id, CaseAction::kRequestCorrection, corr).ok());
  clock_.Set(1760320800 + 4 * kDay);  // 10-17: the 10 working days after 09-26 ended on 10-16
  ASSERT_TRUE(Act("office", g->id, CaseAction::kCorrectionLapsed).ok());
  Case lapsed = Get(g->id);
  EXPECT_EQ(lapsed.state, CaseState::kClosed);
  EXPECT_EQ(lapsed.outcome, "other.no_correction");
}

TEST_F(ApplicationsTest, CorrectionNoticeLaterThanSevenWorkingDaysIsRefused) {
  auto f = Service().Submit(agency_, Input(), kVisitor);
  clock_.Set(1760320800 + kDay);  // 10-14: 8 working days after 09-26
  ActInput corr;
  corr.note = "请说明";
  EXPECT_EQ(Act("office", f->id, CaseAction::kRequestCorrection, corr).code(), Code::kFailedPrecondition);
}

TEST_F(ApplicationsTest, ExtensionOnceWithReasonAndNotice) {
  auto f = Service().Submit(agency_, Input(), kVisitor);
  ASSERT_TRUE(Act("office", f->id, CaseAction::kAssign, AssignTo("clerk")).ok());
  ActInput ext;
  ext.days = 20;
  EXPECT_EQ(Act("office", f->id, CaseAction::kExtend, ext).code(), Code::kInvalidArgument);  // no reason
  ext.note = "需调取档案";
  EXPECT_EQ(Act("clerk", f->id, CaseAction::kExtend, ext).code(), Code::kPermissionDenied);
  ASSERT_TRUE(Act("office", f->id, CaseAction::kExtend, ext).ok());
  EXPECT_EQ(*Get(f->id).clock.clock.due, *Date::Parse("2025-11-27"));
  EXPECT_EQ(Act("office", f->id, CaseAction::kExtend, ext).code(), Code::kFailedPrecondition);
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM letters WHERE kind = 'extension'"), 1);
}

TEST_F(ApplicationsTest, ExtensionNeedsTheHeadOfTheOfficeAndTheDeadlineNotPassed) {
  auto f = Service().Submit(agency_, Input(), kVisitor);
  ASSERT_TRUE(Act("office", f->id, CaseAction::kAssign, AssignTo("clerk")).ok());
  ActInput ext;
  ext.days = 10;
  ext.note = "需调取档案";
  // The demo agency names "office" as the head of the disclosure office.
  EXPECT_EQ(Act("office2", f->id, CaseAction::kExtend, ext).code(), Code::kPermissionDenied);
  clock_.Set(kFriday20250926 + 35 * kDay);  // 10-31: the 20 working days ended on 10-30
  EXPECT_EQ(Act("office", f->id, CaseAction::kExtend, ext).code(), Code::kFailedPrecondition);
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM letters WHERE kind = 'extension'"), 0);
}

TEST_F(ApplicationsTest, NumbersSkipRefsTakenByAnImport) {
  ASSERT_TRUE(t_.db().Transact([&](store::Tx& tx) {
    return tx.Exec("INSERT INTO applications (agency_id, ref, query_code_hash, applicant_type, applicant_name, "
                   "contact_person, id_type, id_masked, phone_masked, applicant_sealed, applicant_key, phone_key, "
                   "channel, received_on, year, info_title, info_doc_no, description, form, delivery, state, imported, "
                   "created_at, state_since) VALUES (?, '2025-0001', 'x', 'natural', '旧', '', '', '', '', '', 'k', '', "
                   "'post', '2025-01-02', 2025, 't', '', '', 'paper', 'post', 'closed', 1, 'now', 'now')",
                   {agency_})
        .status();
  }).ok());
  auto f = Service().Submit(agency_, Input(), kVisitor);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->ref, "2025-0002");
}

TEST_F(ApplicationsTest, FeesCountTheApplicantsMonthAndLapse) {
  std::vector<int64_t> ids;
  // From several addresses: one address may file only limit_apply in ten minutes.
  for (int i = 0; i < 11; ++i) ids.push_back(Service().Submit(agency_, Input(), "203.0.113." + std::to_string(i))->id);
  // Another applicant's applications do not count.
  ASSERT_TRUE(Service().Submit(agency_, Input("110105194912310046", "13900000000"), kVisitor).ok());
  auto tenth = Service().QuoteFee(users_["office"], ids[9], FeeMethod::kByCount, 1);
  ASSERT_TRUE(tenth.ok());
  EXPECT_EQ(tenth->total, 0);
  auto eleventh = Service().QuoteFee(users_["office"], ids[10], FeeMethod::kByCount, 1);
  EXPECT_EQ(eleventh->total, 100);
  ASSERT_TRUE(Act("office", ids[10], CaseAction::kAssign, AssignTo("clerk")).ok());
  ActInput fee;
  fee.fee_method = "count";
  ASSERT_TRUE(Act("office", ids[10], CaseAction::kNoticeFee, fee).ok());
  EXPECT_EQ(Get(ids[10]).state, CaseState::kAwaitingFee);
  EXPECT_EQ(Act("office", ids[10], CaseAction::kFeeLapsed).code(), Code::kFailedPrecondition);
  clock_.Advance(40 * kDay);
  ASSERT_TRUE(Act("office", ids[10], CaseAction::kFeeLapsed).ok());
  Case c = Get(ids[10]);
  EXPECT_EQ(c.state, CaseState::kClosed);
  EXPECT_EQ(c.outcome, "other.no_fee");
  // A free application cannot get a fee notice.
  ASSERT_TRUE(Act("office", ids[0], CaseAction::kAssign, AssignTo("clerk")).ok());
  EXPECT_EQ(Act("office", ids[0], CaseAction::kNoticeFee, fee).code(), Code::kInvalidArgument);
}

TEST_F(ApplicationsTest, InboxMarksWhoseTurnAndUrgency) {
  auto f = Service().Submit(agency_, Input(), kVisitor);
  clock_.Set(kFriday20250926 + 33 * kDay);  // 10-29: one working day before 10-30
  auto inbox = Service().Inbox(users_["office"], InboxFilter::kOpen, {});
  ASSERT_TRUE(inbox.ok());
  ASSERT_EQ(inbox->rows.size(), 1u);
  EXPECT_TRUE(inbox->rows[0].mine);
  EXPECT_EQ(inbox->rows[0].urgency, Urgency::kWithinOne);
  auto clerk = Service().Inbox(users_["clerk"], InboxFilter::kOpen, {});
  EXPECT_TRUE(clerk->rows.empty()) << "not assigned to the clerk's department: not theirs to read";
  clock_.Advance(2 * kDay);
  EXPECT_EQ(Service().Inbox(users_["office"], InboxFilter::kOpen, {})->rows[0].urgency, Urgency::kOverdue);
  auto counts = Service().CountInbox(users_["office"]);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->open, 1);
  EXPECT_EQ(counts->overdue, 1);
  EXPECT_EQ(counts->mine, 1);
}

// ---- rotation of the data key (gongkai key) ----------------------------------

// The sealed values of every table, by the number of the key they are under.
std::map<int, int64_t> SealedByKey(store::Database& db) {
  std::map<int, int64_t> all;
  auto counts = accounts::CountSealed(db);
  EXPECT_TRUE(counts.ok()) << counts.status().message();
  if (counts.ok()) {
    for (const auto& c : *counts) {
      for (const auto& [v, n] : c.by_key) all[v] += n;
    }
  }
  return all;
}

TEST_F(ApplicationsTest, KeyRotationSealsEveryValueAgainAndTheApplicantsStillFindTheirCases) {
  // The database's key fingerprint is recorded by the first node.
  SecurityConfig before = sec_;
  before.data_key = key_.ToBase64();
  ASSERT_TRUE(accounts::OpenDataKey(t_.db(), clock_, before).ok());

  std::vector<Filed> filed;
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    std::string id = i % 2 ? "11010519491231002X" : "110105194912310046";
    auto f = Service().Submit(agency_, Input(id, "1381234567" + std::to_string(i)), kVisitor);
    ASSERT_TRUE(f.ok()) << f.status().message();
    filed.push_back(*f);
    ids.push_back(id);
  }
  EXPECT_EQ(SealedByKey(t_.db()), (std::map<int, int64_t>{{1, 7}}));

  DataKey rotated = key_;
  ASSERT_EQ(rotated.AddKey(), 2);
  ASSERT_TRUE(rotated.SealWith(2).ok());
  auto done = accounts::Reseal(t_.db(), rotated, 3);  // batches smaller than the table
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->front().table, "applications");
  EXPECT_EQ(done->front().resealed, 7);
  EXPECT_EQ(SealedByKey(t_.db()), (std::map<int, int64_t>{{2, 7}}));

  // A node still on the old file files one more meanwhile: key 1 cannot be
  // retired until a second run has sealed it again.
  auto late = Service().Submit(agency_, Input(), kVisitor);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(SealedByKey(t_.db()), (std::map<int, int64_t>{{1, 1}, {2, 7}}));
  EXPECT_EQ(accounts::RetireKey(t_.db(), clock_, rotated, 1).code(), Code::kFailedPrecondition);
  EXPECT_EQ(rotated.versions(), (std::vector<int>{1, 2})) << "a refused retirement keeps the key";
  done = accounts::Reseal(t_.db(), rotated, 3);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->front().resealed, 1);
  EXPECT_EQ(done->front().unchanged, 7);
  EXPECT_EQ(SealedByKey(t_.db()), (std::map<int, int64_t>{{2, 8}}));

  EXPECT_EQ(accounts::RetireKey(t_.db(), clock_, rotated, 2).code(), Code::kFailedPrecondition) << "it seals";
  ASSERT_TRUE(accounts::RetireKey(t_.db(), clock_, rotated, 1).ok());
  EXPECT_EQ(rotated.versions(), std::vector<int>{2});
  Applications after(ctx_, rotated);
  for (size_t i = 0; i < filed.size(); ++i) {
    auto found = after.Lookup(agency_, filed[i].query_code, "1381234567" + std::to_string(i), kVisitor);
    EXPECT_TRUE(found.ok()) << "query code of " << filed[i].ref << ": " << found.status().message();
    auto shown = after.RevealApplicant(users_["office"], filed[i].id);
    ASSERT_TRUE(shown.ok()) << shown.status().message();
    EXPECT_EQ(shown->id_number, ids[i]);
  }
  EXPECT_FALSE(Service().RevealApplicant(users_["office"], filed[0].id).ok()) << "the retired key opens nothing";
  EXPECT_EQ(testing::QueryInt(t_.db(), "SELECT count(*) FROM applications WHERE applicant_sealed LIKE ?",
                              {std::string("%110105%")}),
            0);

  // The rotated file still belongs to the database; another key does not.
  SecurityConfig now = sec_;
  now.data_key = rotated.ToFileText();
  EXPECT_TRUE(accounts::OpenDataKey(t_.db(), clock_, now).ok());
  now.data_key = DataKey::Random().ToFileText();
  EXPECT_EQ(accounts::OpenDataKey(t_.db(), clock_, now).status().code(), Code::kFailedPrecondition);
  // The file of before the rotation would seal with the retired key: refused.
  auto stale = accounts::OpenDataKey(t_.db(), clock_, before);
  ASSERT_EQ(stale.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(stale.status().message().find("retired"), std::string::npos) << stale.status().message();
}

TEST_F(ApplicationsTest, ResealLeavesWhatItCannotOpenAndSaysSo) {
  ASSERT_TRUE(Service().Submit(agency_, Input(), kVisitor).ok());
  DataKey stranger = DataKey::Random();
  stranger.AddKey();
  ASSERT_TRUE(stranger.SealWith(2).ok());
  auto done = accounts::Reseal(t_.db(), stranger);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->front().unopened, 1);
  EXPECT_EQ(done->front().resealed, 0);
  EXPECT_EQ(SealedByKey(t_.db()), (std::map<int, int64_t>{{1, 1}})) << "the value is left as it was";
  EXPECT_TRUE(Service().RevealApplicant(users_["office"], 1).ok());
}

TEST_F(ApplicationsTest, EveryColumnOfSealedValuesIsRotated) {
  // Any column named *_sealed in the schema holds values sealed with the data
  // key; a new one must join accounts::kSealedColumns, or rotation would
  // leave it under a retired key.
  std::string sql = t_.is_postgres()
                        ? "SELECT table_name AS t, column_name AS c FROM information_schema.columns "
                          "WHERE table_schema = 'public' AND column_name LIKE '%\\_sealed' ESCAPE '\\'"
                        : "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p "
                          "WHERE m.type = 'table' AND p.name LIKE '%\\_sealed' ESCAPE '\\'";
  auto rows = t_.db().Read<std::vector<store::Row>>([&](store::Tx& tx) { return tx.Query(sql); });
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  std::set<std::string> in_schema, rotated;
  for (const auto& r : *rows) in_schema.insert(r.Str("t") + "." + r.Str("c"));
  for (const auto& c : accounts::kSealedColumns) rotated.insert(std::string(c.table) + "." + c.column);
  EXPECT_GE(in_schema.size(), 4u);
  EXPECT_EQ(in_schema, rotated);
}

}  // namespace
}  // namespace gk::requests
