// 转交 (条例 Art. 36(5)) on both engines: the handing agency's reply names the
// agency that holds the information; with the applicant's consent the
// application is registered there, received on the day of the hand-over;
// both cases link to each other and neither agency reads the other's case.
#include <gtest/gtest.h>

#include "accounts/directory.h"
#include "accounts/platform.h"
#include "accounts/workdays.h"
#include "disclosure/demo.h"
#include "requests/applications.h"
#include "store/fixture.h"
#include "support/test_db.h"

namespace gk::requests {
namespace {

using accounts::Principal;
using accounts::Role;
using testing::kVisitor;

constexpr int64_t kDay = 86400;
constexpr UnixSeconds kFriday20250926 = 1758852000;  // 10:00 in China

class HandOverTest : public testing::StoreTest {
 protected:
  HandOverTest() : StoreTest(kFriday20250926, testing::WithDataKey::kNo) {}

  void SetUp() override {
    StoreTest::SetUp();
    audit::Actor actor{std::nullopt, "test:platform"};
    ASSERT_TRUE(t_.db()
                    .Transact([&](store::Tx& tx) -> Status {
                      RETURN_IF_ERROR(accounts::AddAgency(tx, clock_,
                                                          {"jingan", "上海市静安区人民政府",
                                                           accounts::AgencyKind::kDistrict, "",
                                                           {{"office_name", "静安区政务公开办"},
                                                            {"address", "常德路370号"},
                                                            {"office_hours", "工作日 9:00–17:00"},
                                                            {"phone", "021-1"}}},
                                                          actor)
                                          .status());
                      ASSIGN_OR_RETURN(auto street,
                                       accounts::AddAgency(tx, clock_,
                                                           {"nanjingxilu", "南京西路街道办事处",
                                                            accounts::AgencyKind::kStreet, "jingan",
                                                            {{"address", "南京西路街道某路2号"}, {"phone", "021-2222"}}},
                                                           actor));
                      target_ = street.agency.id;
                      return Status::Ok();
                    })
                    .ok());
    ASSERT_TRUE(disclosure::ImportShippedData(t_.db(), clock_, GK_SOURCE_DIR).ok()) << "their calendars";
    ASSERT_TRUE(accounts::Directory(ctx_)
                    .CreateUser(Principal::CommandLine(target_, "test"),
                                {"office", "南京西路公开办", std::nullopt, {Role::kDisclosureOffice}, true},
                                "Secret-pass-1")
                    .ok());
    for (const char* u : {"office", "clerk"}) users_[u] = Load(agency_, u);
    theirs_ = Load(target_, "office");
  }

  Principal Load(int64_t agency, const std::string& username) {
    auto u = accounts::Directory(ctx_).FindByUsername(Principal::CommandLine(agency, "t"), username);
    EXPECT_TRUE(u.ok()) << username;
    return Principal{u->id, agency, u->username, u->display_name, u->department_id, u->roles};
  }

  static ApplicationInput Input(bool consent) {
    ApplicationInput in;
    in.applicant = {"natural", "张三", "", "居民身份证", "11010519491231002X", "13812345678", "zs@example.org",
                    "上海市静安区某路1号", "200040"};
    in.info_title = "南京西路街道2025年老旧小区改造计划";
    in.form = "electronic";
    in.delivery = "email";
    in.transfer_consent = consent;
    return in;
  }

  Applications Service() { return Applications(ctx_, key_); }

  ActInput HandOverTo(int64_t agency, const std::string& note = "该计划由南京西路街道办事处制定并保存") {
    ActInput in;
    in.target_agency_id = agency;
    in.note = note;
    return in;
  }

  int64_t Count(const std::string& sql, std::vector<store::Value> params = {}) {
    return testing::QueryInt(t_.db(), sql, std::move(params));
  }

  std::string LetterBody(int64_t application) {
    std::string body;
    EXPECT_TRUE(t_.db().Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT body FROM letters WHERE application_id = ? AND kind = 'reply'",
                                             {application}));
      if (row) body = row->Str(0);
      return Status::Ok();
    }).ok());
    return body;
  }

  int64_t target_ = 0;
  Principal theirs_;
  std::map<std::string, Principal> users_;
};

TEST_F(HandOverTest, WithConsentTheApplicationIsRegisteredAtTheOtherAgencyFromTheHandOverDate) {
  auto f = Service().Submit(agency_, Input(true), kVisitor);
  ASSERT_TRUE(f.ok()) << f.status().message();
  ActInput assign;
  assign.department_id = *users_["clerk"].department_id;
  assign.note = "内部意见：请核实是否本街道项目";
  ASSERT_TRUE(Service().Act(users_["office"], f->id, CaseAction::kAssign, assign).ok());
  clock_.Advance(13 * kDay);  // Thursday 2025-10-09, after National Day
  Status s = Service().Act(users_["office"], f->id, CaseAction::kHandOver, HandOverTo(target_));
  ASSERT_TRUE(s.ok()) << s.message();

  // The handing agency: replied with the Art. 36(5) outcome, the letter names
  // the agency and its public contact data, the link shows its case number.
  auto ours = Service().Get(users_["office"], f->id);
  ASSERT_TRUE(ours.ok());
  EXPECT_EQ(ours->state, CaseState::kReplied);
  EXPECT_EQ(ours->outcome, "unable.not_held");
  ASSERT_TRUE(ours->handed_to);
  EXPECT_EQ(ours->handed_to->agency_name, "南京西路街道办事处");
  EXPECT_EQ(ours->handed_to->agency_code, "nanjingxilu");
  EXPECT_EQ(ours->handed_to->ref, "2025-0001");
  EXPECT_EQ(ours->handed_to->handed_on, "2025-10-09");
  EXPECT_TRUE(ours->handed_to->registered);
  EXPECT_FALSE(ours->handed_from);
  std::string letter = LetterBody(f->id);
  EXPECT_NE(letter.find("该政府信息由南京西路街道办事处负责公开"), std::string::npos) << letter;
  EXPECT_NE(letter.find("南京西路街道某路2号"), std::string::npos) << "its address";
  EXPECT_NE(letter.find("021-2222"), std::string::npos) << "its phone";
  EXPECT_NE(letter.find("第三十六条第（五）项"), std::string::npos);
  EXPECT_NE(letter.find("申请编号为2025-0001"), std::string::npos);

  // The receiving agency: a new case received on the hand-over date, its due
  // date counted from then in its own calendar, the original noted.
  int64_t to_id = Count("SELECT to_application_id FROM application_handovers WHERE from_application_id = ?", {f->id});
  ASSERT_GT(to_id, 0);
  auto theirs = Service().Get(theirs_, to_id);
  ASSERT_TRUE(theirs.ok()) << theirs.status().message();
  EXPECT_EQ(theirs->ref, "2025-0001");
  EXPECT_EQ(theirs->state, CaseState::kReceived);
  EXPECT_EQ(theirs->received_on, "2025-10-09");
  EXPECT_EQ(theirs->applicant_name, "张三");
  EXPECT_EQ(theirs->info_title, "南京西路街道2025年老旧小区改造计划");
  ASSERT_TRUE(theirs->handed_from);
  EXPECT_EQ(theirs->handed_from->agency_name, "静安寺街道办事处");
  EXPECT_EQ(theirs->handed_from->ref, f->ref);
  EXPECT_EQ(theirs->handed_from->received_on, "2025-09-26");
  EXPECT_FALSE(theirs->handed_to);
  WorkdayCalendar cal;
  ASSERT_TRUE(t_.db().Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(cal, accounts::Workdays::Load(tx, target_));
    return Status::Ok();
  }).ok());
  auto due = cal.AddWorkdays(*Date::Parse("2025-10-09"), 20);
  ASSERT_TRUE(due.ok());
  ASSERT_TRUE(theirs->clock.clock.due);
  EXPECT_EQ(*theirs->clock.clock.due, *due);
  EXPECT_NE(theirs->clock.clock.due->ToString(), "2025-10-30") << "not the original due date";
  // The applicant's personal data went along (sealed with the platform key).
  auto contact = Service().RevealApplicant(theirs_, to_id);
  ASSERT_TRUE(contact.ok());
  EXPECT_EQ(contact->id_number, "11010519491231002X");
  EXPECT_EQ(contact->email, "zs@example.org");
  // Nothing of the handing agency's internal work.
  for (const auto& t : theirs->timeline) {
    EXPECT_EQ(t.note.find("内部意见"), std::string::npos) << t.note;
  }
  EXPECT_TRUE(theirs->letters.empty());

  // Each agency reads only its own case.
  EXPECT_EQ(Service().Get(users_["office"], to_id).status().code(), Code::kNotFound);
  EXPECT_EQ(Service().Get(theirs_, f->id).status().code(), Code::kNotFound);

  // Audited in both agencies.
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE agency_id = ? AND action = 'application.hand_over'", {agency_}),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE agency_id = ? AND action = 'application.handed_in'", {target_}),
            1);

  // The applicant follows it with the same code and phone in both columns.
  auto here = Service().Lookup(agency_, f->query_code, "13812345678", kVisitor);
  ASSERT_TRUE(here.ok());
  ASSERT_TRUE(here->handed_to);
  EXPECT_EQ(here->handed_to->agency_code, "nanjingxilu");
  EXPECT_EQ(here->letters.size(), 1u);
  auto there = Service().Lookup(target_, f->query_code, "13812345678", kVisitor);
  ASSERT_TRUE(there.ok()) << there.status().message();
  EXPECT_EQ(there->received_on, "2025-10-09");
  ASSERT_TRUE(there->handed_from);
  EXPECT_EQ(there->handed_from->ref, f->ref);
}

TEST_F(HandOverTest, WithoutConsentTheApplicantIsOnlyToldWhereToApply) {
  auto f = Service().Submit(agency_, Input(false), kVisitor);
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(Service().Act(users_["office"], f->id, CaseAction::kHandOver, HandOverTo(target_)).ok());
  auto ours = Service().Get(users_["office"], f->id);
  ASSERT_TRUE(ours.ok());
  EXPECT_EQ(ours->state, CaseState::kReplied);
  ASSERT_TRUE(ours->handed_to);
  EXPECT_FALSE(ours->handed_to->registered);
  EXPECT_EQ(ours->handed_to->ref, "");
  EXPECT_EQ(Count("SELECT count(*) FROM applications WHERE agency_id = ?", {target_}), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE agency_id = ? AND action = 'application.handed_in'", {target_}),
            0);
  std::string letter = LetterBody(f->id);
  EXPECT_NE(letter.find("您可以向南京西路街道办事处提出政府信息公开申请"), std::string::npos) << letter;
  EXPECT_NE(letter.find("021-2222"), std::string::npos);
  // The office then records its delivery, which closes the case.
  ActInput delivered;
  delivered.delivery = "电子邮件";
  EXPECT_TRUE(Service().Act(users_["office"], f->id, CaseAction::kRecordDelivery, delivered).ok());
  EXPECT_EQ(Service().Get(users_["office"], f->id)->state, CaseState::kClosed);
}

TEST_F(HandOverTest, ConsentGivenLaterIsRecordedByTheOffice) {
  auto f = Service().Submit(agency_, Input(false), kVisitor);
  ASSERT_TRUE(f.ok());
  ActInput in = HandOverTo(target_, "该计划由南京西路街道制定；申请人10月9日电话同意转交");
  in.consent_recorded = true;
  ASSERT_TRUE(Service().Act(users_["office"], f->id, CaseAction::kHandOver, in).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM application_handovers WHERE consent = 'staff' AND to_application_id IS NOT NULL"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM applications WHERE agency_id = ?", {target_}), 1);
}

TEST_F(HandOverTest, RefusalsChangeNothing) {
  auto f = Service().Submit(agency_, Input(true), kVisitor);
  ASSERT_TRUE(f.ok());
  auto refused = [&](const Principal& who, const ActInput& in) {
    return Service().Act(who, f->id, CaseAction::kHandOver, in).code();
  };
  EXPECT_EQ(refused(users_["office"], HandOverTo(agency_)), Code::kInvalidArgument) << "itself";
  EXPECT_EQ(refused(users_["office"], HandOverTo(987654)), Code::kInvalidArgument) << "not on the platform";
  EXPECT_EQ(refused(users_["office"], HandOverTo(target_, " ")), Code::kInvalidArgument) << "no reason";
  ActInput assign;
  assign.department_id = *users_["clerk"].department_id;
  ASSERT_TRUE(Service().Act(users_["office"], f->id, CaseAction::kAssign, assign).ok());
  EXPECT_EQ(refused(users_["clerk"], HandOverTo(target_)), Code::kPermissionDenied) << "the 公开办's";
  EXPECT_EQ(refused(theirs_, HandOverTo(target_)), Code::kNotFound) << "another agency's case";
  EXPECT_EQ(Service().Get(users_["office"], f->id)->state, CaseState::kHandling);
  EXPECT_EQ(Count("SELECT count(*) FROM application_handovers"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM applications WHERE agency_id = ?", {target_}), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM letters WHERE application_id = ?", {f->id}), 0);

  // Once handed over (replied) or closed, not again.
  ASSERT_TRUE(Service().Act(users_["office"], f->id, CaseAction::kHandOver, HandOverTo(target_)).ok());
  EXPECT_EQ(refused(users_["office"], HandOverTo(target_)), Code::kFailedPrecondition);
  ActInput delivered;
  delivered.delivery = "电子邮件";
  ASSERT_TRUE(Service().Act(users_["office"], f->id, CaseAction::kRecordDelivery, delivered).ok());
  EXPECT_EQ(refused(users_["office"], HandOverTo(target_)), Code::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT count(*) FROM application_handovers"), 1);

  // Handing it back would give the applicant's query code twice to one agency.
  int64_t to_id = Count("SELECT to_application_id FROM application_handovers");
  ActInput back = HandOverTo(agency_);
  back.consent_recorded = true;
  EXPECT_EQ(Service().Act(theirs_, to_id, CaseAction::kHandOver, back).code(), Code::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT count(*) FROM application_handovers"), 1);
}

// The receiving agency's clock needs its calendar for the year of the
// hand-over; without it nothing is handed over.
TEST_F(HandOverTest, ARecipientWithoutTheYearsCalendarIsRefused) {
  auto f = Service().Submit(agency_, Input(true), kVisitor);
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(t_.db().Transact([&](store::Tx& tx) {
    return tx.Exec("DELETE FROM calendar_years WHERE agency_id = ? AND year = 2025", {target_}).status();
  }).ok());
  EXPECT_EQ(Service().Act(users_["office"], f->id, CaseAction::kHandOver, HandOverTo(target_)).code(),
            Code::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT count(*) FROM application_handovers"), 0);
  EXPECT_EQ(Service().Get(users_["office"], f->id)->state, CaseState::kReceived);
}

}  // namespace
}  // namespace gk::requests
