// Applications over HTTP: the portal form and lookup, every reply type from
// intake to delivery, the two lapses, letters for staff and applicant, and
// the refusals (roles, other applicants, CSRF).
#include <gtest/gtest.h>

#include <regex>

#include "requests/reference.h"
#include "review/checks.h"
#include "support/http_client.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;

constexpr int64_t kDay = 86400;
constexpr UnixSeconds kFriday20250926 = 1758852000;  // 10:00 in China

using Fields = std::vector<std::pair<std::string, std::string>>;

Fields Application(const std::string& id_number = "11010519491231002X", const std::string& phone = "13812345678") {
  return {{"applicant_type", "natural"}, {"name", "张三"},         {"id_type", "居民身份证"},
          {"id_number", id_number},      {"phone", phone},         {"email", "zs@example.org"},
          {"info_title", "加装电梯补贴名单"}, {"form", "electronic"}, {"delivery", "online"},
          {"consent", "1"}};
}

// Multipart body with form fields and one file "files" (none when `filename` is empty).
std::string Multipart(const Fields& fields, const std::string& filename, const std::string& data) {
  if (filename.empty()) return testing::MultipartBody(fields, {});
  return testing::MultipartBody(fields, {{"files", filename, data}});
}

class ApplicationsHttpTest : public ::testing::Test {
 protected:
  void SetUp() override { server_.clock().Set(kFriday20250926); }

  HttpClient& As(const std::string& user) {
    auto it = clients_.find(user);
    if (it == clients_.end()) it = clients_.emplace(user, server_.LoggedIn(user)).first;
    return it->second;
  }

  // Files an application on the portal; returns {id, query code}.
  std::pair<int64_t, std::string> Apply(HttpClient& visitor, Fields fields = Application()) {
    auto form = visitor.Get("/apply");
    fields.emplace_back("_csrf", HttpClient::CsrfFrom(form.body));
    auto receipt = visitor.PostForm("/apply", fields);
    EXPECT_EQ(receipt.status, 200) << receipt.body.substr(0, 2000);
    std::smatch m;
    std::regex code(R"(id="query-code">([A-Z0-9-]{14})<)");
    EXPECT_TRUE(std::regex_search(receipt.body, m, code));
    return {testing::QueryInt(server_.db().db(), "SELECT MAX(id) FROM applications"), m.size() > 1 ? m[1].str() : ""};
  }

  HttpResponse Act(const std::string& user, int64_t id, const std::string& action, Fields fields = {}) {
    HttpClient& c = As(user);
    std::string path = "/staff/applications/" + std::to_string(id);
    auto page = c.Get(path);
    fields.emplace_back("_csrf", HttpClient::CsrfFrom(page.body));
    return c.PostForm(path + "/act/" + action, fields);
  }

  std::string Column(int64_t id, const std::string& column) {
    std::string s;
    EXPECT_TRUE(server_.db().db().Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT " + column + " FROM applications WHERE id = ?", {id}));
      s = row->Str(0);
      return Status::Ok();
    }).ok());
    return s;
  }

  int64_t Department(const std::string& user) {
    return testing::QueryInt(server_.db().db(), "SELECT department_id FROM users WHERE username = ?", {user});
  }

  HttpResponse Lookup(HttpClient& visitor, const std::string& code, const std::string& phone) {
    auto form = visitor.Get("/apply/status");
    return visitor.PostForm("/apply/status",
                            {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"query_code", code}, {"phone", phone}});
  }

  TestServer server_;
  std::map<std::string, HttpClient> clients_;
};

TEST_F(ApplicationsHttpTest, PortalReceiptAndLookup) {
  HttpClient visitor = server_.Client();
  auto [id, code] = Apply(visitor);
  ASSERT_FALSE(code.empty());
  EXPECT_EQ(Column(id, "received_on"), "2025-09-26");
  auto mine = Lookup(visitor, code, "138 1234 5678");
  EXPECT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("2025-0001"), std::string::npos);
  EXPECT_NE(mine.body.find("2025-10-30"), std::string::npos) << "the due date across National Day";
  EXPECT_NE(mine.body.find("国庆节、中秋节 10月1日至10月8日（8 天）"), std::string::npos) << "how it was derived";
  // Someone else, with the code but not the phone, sees nothing of it.
  HttpClient other = server_.Client();
  auto wrong = Lookup(other, code, "13900000000");
  EXPECT_EQ(wrong.status, 404);
  EXPECT_EQ(wrong.body.find("2025-0001"), std::string::npos);
  EXPECT_EQ(wrong.body.find("加装电梯补贴名单"), std::string::npos);
}

TEST_F(ApplicationsHttpTest, PortalRefusesWithoutCsrfConsentOrValidInput) {
  HttpClient visitor = server_.Client();
  visitor.Get("/apply");
  EXPECT_EQ(visitor.PostForm("/apply", Application()).status, 403) << "no CSRF token";
  auto form = visitor.Get("/apply");
  Fields no_consent = Application();
  no_consent.pop_back();
  no_consent.emplace_back("_csrf", HttpClient::CsrfFrom(form.body));
  EXPECT_EQ(visitor.PostForm("/apply", no_consent).status, 400);
  Fields bad_id = Application("110105194912310021");
  bad_id.emplace_back("_csrf", HttpClient::CsrfFrom(form.body));
  auto r = visitor.PostForm("/apply", bad_id);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("校验码"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"张三\""), std::string::npos) << "the form keeps what was typed";
  EXPECT_EQ(testing::QueryInt(server_.db().db(), "SELECT count(*) FROM applications"), 0);
}

// Every reply type of the annual report, from the portal to delivery.
TEST_F(ApplicationsHttpTest, EveryReplyTypeEndToEnd) {
  // One application per reply type, all from this test's one address.
  testing::SetAgencySetting(server_.db().db(), "limit_apply", "100/100");
  int64_t dept = Department("clerk");
  for (const auto& o : requests::Outcomes()) {
    std::string key = o.key;
    if (key.starts_with("other.no_")) continue;  // the lapses, below
    SCOPED_TRACE(key);
    HttpClient visitor = server_.Client();
    auto [id, code] = Apply(visitor);
    EXPECT_EQ(Act("office", id, "assign", {{"department_id", std::to_string(dept)}}).status, 303);
    Fields draft = {{"outcome", key}, {"reasons", "经审查，" + std::string(o.label)}};
    if (o.group == requests::OutcomeGroup::kPartial) {
      // 部分公开 goes with the copy from which the withheld parts are removed.
      std::string path = "/staff/applications/" + std::to_string(id);
      draft.emplace_back("_csrf", HttpClient::CsrfFrom(As("clerk").Get(path).body));
      EXPECT_EQ(As("clerk").Send("POST", path + "/act/draft_reply", Multipart(draft, "区分处理后.txt", "可公开部分"),
                                 {{"Content-Type", "multipart/form-data; boundary=gkb"}}).status,
                303);
    } else {
      EXPECT_EQ(Act("clerk", id, "draft_reply", draft).status, 303);
    }
    EXPECT_EQ(Column(id, "state"), "reply_drafted");
    EXPECT_EQ(Act("office", id, "approve_reply").status, 303);
    EXPECT_EQ(Act("office", id, "issue_reply").status, 303);
    EXPECT_EQ(Act("office", id, "record_delivery", {{"delivery", "电子邮件"}}).status, 303);
    EXPECT_EQ(Column(id, "state"), "closed");
    EXPECT_EQ(Column(id, "outcome"), key);
    // The applicant is offered to ask for the basis and reasons exactly when
    // something was withheld (部分公开, 不予公开).
    bool offers_explanation = Lookup(visitor, code, "13812345678").body.find("/explain?subject=") != std::string::npos;
    EXPECT_EQ(offers_explanation,
              o.group == requests::OutcomeGroup::kPartial || o.group == requests::OutcomeGroup::kDenied);
    int64_t letter = testing::QueryInt(server_.db().db(),
                                       "SELECT id FROM letters WHERE application_id = ? AND kind = 'reply' AND body "
                                       "LIKE ? AND body LIKE ?",
                                       {id, "%" + std::string(o.reply_text).substr(0, 30) + "%", std::string("%行政复议%")});
    ASSERT_GT(letter, 0) << "the reply letter states the decision and the remedies";
    // The applicant downloads it with the query code and phone.
    auto status = Lookup(visitor, code, "13812345678");
    EXPECT_NE(status.body.find(o.group_label), std::string::npos);
    auto pdf = visitor.PostForm("/apply/status/letters/" + std::to_string(letter) + "/pdf",
                                {{"_csrf", HttpClient::CsrfFrom(status.body)}, {"query_code", code},
                                 {"phone", "13812345678"}});
    EXPECT_EQ(pdf.status, 200);
    EXPECT_EQ(pdf.body.rfind("%PDF", 0), 0u);
    EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  }
}

TEST_F(ApplicationsHttpTest, LapsedCorrectionAndUnpaidFeeCloseTheCase) {
  HttpClient visitor = server_.Client();
  auto [corr, code1] = Apply(visitor);
  EXPECT_EQ(Act("office", corr, "request_correction", {{"note", "请说明年份"}, {"days", "5"}}).status, 303);
  EXPECT_EQ(Act("office", corr, "correction_lapsed").status, 409) << "not before the deadline";
  // Ten applications of the same person this month: the eleventh pays. All
  // from one address, so the agency allows more than the default limit.
  testing::SetAgencySetting(server_.db().db(), "limit_apply", "20/50");
  std::vector<int64_t> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(Apply(visitor).first);
  int64_t eleventh = ids.back();
  EXPECT_EQ(Act("office", eleventh, "assign", {{"department_id", std::to_string(Department("clerk"))}}).status, 303);
  EXPECT_EQ(Act("office", eleventh, "notice_fee", {{"fee_method", "count"}}).status, 303);
  EXPECT_EQ(Column(eleventh, "state"), "awaiting_fee");
  server_.clock().Advance(45 * kDay);
  As("office") = server_.LoggedIn("office");  // the old session has expired
  EXPECT_EQ(Act("office", corr, "correction_lapsed").status, 303);
  EXPECT_EQ(Column(corr, "outcome"), "other.no_correction");
  EXPECT_EQ(Act("office", eleventh, "fee_lapsed").status, 303);
  EXPECT_EQ(Column(eleventh, "outcome"), "other.no_fee");
  EXPECT_EQ(testing::QueryInt(server_.db().db(), "SELECT count(*) FROM letters WHERE kind IN ('correction', 'fee')"), 2);
}

// Issue 16: the case page offered the extension form again after the one
// extension the law allows (flow.cc then refused it).
TEST_F(ApplicationsHttpTest, Issue16ExtensionFormGoneOnceExtended) {
  HttpClient visitor = server_.Client();
  auto [id, code] = Apply(visitor);
  EXPECT_EQ(Act("office", id, "assign", {{"department_id", std::to_string(Department("clerk"))}}).status, 303);
  std::string path = "/staff/applications/" + std::to_string(id);
  EXPECT_NE(As("office").Get(path).body.find(path + "/act/extend"), std::string::npos) << "offered before";
  EXPECT_EQ(Act("office", id, "extend", {{"days", "10"}, {"note", "需调取档案"}}).status, 303);
  EXPECT_EQ(As("office").Get(path).body.find(path + "/act/extend"), std::string::npos) << "not offered again";
  EXPECT_EQ(Act("office", id, "extend", {{"days", "5"}, {"note", "再次延期"}}).status, 409);
}

// Issue 16: the case page offered approval of a reply to its own drafter
// (flow.cc then refused it); sending the draft back is still offered.
TEST_F(ApplicationsHttpTest, Issue16DrafterIsNotOfferedApproval) {
  HttpClient visitor = server_.Client();
  auto [id, code] = Apply(visitor);
  EXPECT_EQ(Act("office", id, "assign", {{"department_id", std::to_string(Department("clerk"))}}).status, 303);
  EXPECT_EQ(Act("office", id, "draft_reply", {{"outcome", "granted"}}).status, 303) << "the 公开办 drafts it";
  std::string path = "/staff/applications/" + std::to_string(id);
  auto page = As("office").Get(path);
  EXPECT_EQ(page.body.find(path + "/act/approve_reply"), std::string::npos) << "not the drafter's to approve";
  EXPECT_NE(page.body.find(path + "/act/return_draft"), std::string::npos);
  EXPECT_EQ(Act("office", id, "approve_reply").status, 409);
}

// One error policy (web::Refused): a refusal on a record the person can read
// is shown on its page; a record they cannot read is the 404 error page; a
// look-up and the login form show "not found" and wrong credentials on themselves.
TEST_F(ApplicationsHttpTest, Issue16RefusalsFollowOneErrorPolicy) {
  HttpClient visitor = server_.Client();
  auto [id, code] = Apply(visitor);
  std::string path = "/staff/applications/" + std::to_string(id);
  auto unread = Act("clerk", id, "assign", {{"department_id", std::to_string(Department("clerk"))}});
  EXPECT_EQ(unread.status, 404);
  EXPECT_NE(unread.body.find("error-panel"), std::string::npos);
  EXPECT_EQ(unread.body.find(path + "/act/"), std::string::npos) << "nothing of the case";
  EXPECT_EQ(Act("office", id, "assign", {{"department_id", std::to_string(Department("clerk"))}}).status, 303);
  auto denied = Act("depthead", id, "approve_reply");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.body.find("error-panel"), std::string::npos) << "the case page, not the error page";
  EXPECT_NE(denied.body.find(path + "/act/"), std::string::npos);
  auto bad_input = Act("office", id, "extend", {{"days", "abc"}, {"note", "需调取档案"}});
  EXPECT_EQ(bad_input.status, 400);
  EXPECT_EQ(bad_input.body.find("error-panel"), std::string::npos);

  auto lookup = Lookup(visitor, "NOSUCHCODE", "13812345678");
  EXPECT_EQ(lookup.status, 404);
  EXPECT_EQ(lookup.body.find("error-panel"), std::string::npos) << "the look-up form again";
  EXPECT_NE(lookup.body.find("name=\"query_code\""), std::string::npos);

  HttpClient stranger = server_.Client();
  auto login = stranger.Get("/staff/login");
  auto wrong = stranger.PostForm("/staff/login", {{"_csrf", HttpClient::CsrfFrom(login.body)},
                                                  {"username", "clerk"}, {"password", "not-the-password"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body.find("error-panel"), std::string::npos) << "the login form again";
  EXPECT_NE(wrong.body.find("name=\"password\""), std::string::npos);
}

TEST_F(ApplicationsHttpTest, RolesAreCheckedOnEveryAction) {
  HttpClient visitor = server_.Client();
  auto [id, code] = Apply(visitor);
  EXPECT_EQ(visitor.Get("/staff/applications").status, 303) << "visitors go to the login page";
  std::string dept = std::to_string(Department("clerk"));
  // Not yet their department's: the case is not theirs to read.
  EXPECT_EQ(Act("clerk", id, "assign", {{"department_id", dept}}).status, 404);
  EXPECT_EQ(Act("clerk", id, "draft_reply", {{"outcome", "granted"}}).status, 404);
  EXPECT_EQ(Act("office", id, "assign", {{"department_id", dept}}).status, 303);
  EXPECT_EQ(Act("leader", id, "draft_reply", {{"outcome", "granted"}}).status, 404) << "not the leader's to read";
  EXPECT_EQ(Act("depthead", id, "approve_reply").status, 403) << "read, but approval is the 公开办's";
  EXPECT_EQ(Act("clerk", id, "extend", {{"days", "10"}, {"note", "复杂"}}).status, 403);
  EXPECT_EQ(Act("clerk", id, "draft_reply", {{"outcome", "granted"}}).status, 303);
  EXPECT_EQ(Act("clerk", id, "approve_reply").status, 403);
  EXPECT_EQ(Act("office", id, "no_such_action").status, 404);
  EXPECT_EQ(Column(id, "state"), "reply_drafted");
  // The full identity number: 公开办 only, and every view is audited.
  auto page = As("clerk").Get("/staff/applications/" + std::to_string(id));
  EXPECT_NE(page.body.find("1101**********002X"), std::string::npos);
  EXPECT_EQ(page.body.find("11010519491231002X"), std::string::npos);
  EXPECT_EQ(As("clerk").PostForm("/staff/applications/" + std::to_string(id) + "/reveal-id",
                                 {{"_csrf", HttpClient::CsrfFrom(page.body)}}).status,
            403);
  int64_t before = testing::QueryInt(server_.db().db(), "SELECT count(*) FROM audit_log WHERE action = 'application.reveal_id'");
  auto office_page = As("office").Get("/staff/applications/" + std::to_string(id));
  auto full = As("office").PostForm("/staff/applications/" + std::to_string(id) + "/reveal-id",
                                    {{"_csrf", HttpClient::CsrfFrom(office_page.body)}});
  EXPECT_EQ(full.status, 200);
  EXPECT_NE(full.body.find("11010519491231002X"), std::string::npos);
  EXPECT_EQ(testing::QueryInt(server_.db().db(), "SELECT count(*) FROM audit_log WHERE action = 'application.reveal_id'"),
            before + 1);
}

TEST_F(ApplicationsHttpTest, LettersStayWithTheirCase) {
  HttpClient a = server_.Client();
  auto [first, code1] = Apply(a);
  HttpClient b = server_.Client();
  auto [second, code2] = Apply(b, Application("110105194912310046", "13900000000"));
  EXPECT_EQ(Act("office", first, "assign", {{"department_id", std::to_string(Department("clerk"))}}).status, 303);
  EXPECT_EQ(Act("clerk", first, "start_consultation", {{"kind", "third_party"}, {"party", "某物业公司"}}).status, 303);
  EXPECT_EQ(Act("office", first, "extend", {{"days", "15"}, {"note", "需调取档案"}}).status, 303);
  int64_t consult = testing::QueryInt(server_.db().db(), "SELECT id FROM letters WHERE kind = 'consultation'");
  int64_t extension = testing::QueryInt(server_.db().db(), "SELECT id FROM letters WHERE kind = 'extension'");
  auto download = [&](HttpClient& c, int64_t letter, const std::string& code, const std::string& phone) {
    auto page = c.Get("/apply/status");
    return c.PostForm("/apply/status/letters/" + std::to_string(letter) + "/pdf",
                      {{"_csrf", HttpClient::CsrfFrom(page.body)}, {"query_code", code}, {"phone", phone}});
  };
  EXPECT_EQ(download(a, extension, code1, "13812345678").status, 200) << "the applicant's own notice";
  EXPECT_EQ(download(a, consult, code1, "13812345678").status, 404) << "a letter to a third party";
  EXPECT_EQ(download(b, extension, code2, "13900000000").status, 404) << "another applicant's letter";
  // Staff get both formats.
  auto docx = As("office").Get("/staff/applications/" + std::to_string(first) + "/letters/" +
                               std::to_string(extension) + "/docx");
  EXPECT_EQ(docx.status, 200);
  EXPECT_EQ(docx.body.rfind("PK", 0), 0u);
  EXPECT_EQ(As("office").Get("/staff/applications/" + std::to_string(first) + "/letters/" +
                             std::to_string(extension) + "/exe").status,
            400);
}

TEST_F(ApplicationsHttpTest, DueDatesInTheYearWithoutANoticeAreProvisionalUntilTheNoticeIsLoaded) {
  server_.clock().Set(1797818400);  // 2026-12-21: the 20 working days reach into 2027, whose notice is not out
  HttpClient visitor = server_.Client();
  auto provisional = [&](int64_t id) {
    return testing::QueryInt(server_.db().db(), "SELECT due_provisional FROM applications WHERE id = ?", {id});
  };
  // Received 2026-12-21: 22–31 December give 8 working days, 元旦 (1 January,
  // the statutory day) is off, 4–19 January give the other 12.
  auto [extended, code] = Apply(visitor);
  auto [plain, plain_code] = Apply(visitor);
  EXPECT_EQ(Column(extended, "due_on"), "2027-01-19");
  EXPECT_EQ(provisional(extended), 1);
  auto receipt_status = Lookup(visitor, plain_code, "13812345678");
  EXPECT_NE(receipt_status.body.find("<span id=\"due-on\">2027-01-19</span><strong class=\"provisional\">（暂定）"),
            std::string::npos);
  EXPECT_NE(receipt_status.body.find("2027年的放假安排尚未公布"), std::string::npos) << "the derivation names the year";
  EXPECT_NE(receipt_status.body.find("以国务院办公厅公布的放假安排为准"), std::string::npos);
  EXPECT_NE(As("office").Get("/staff/applications?filter=open").body.find("2027-01-19（暂定）"), std::string::npos);

  // The case can be worked on, extended included; the letter says the date is provisional.
  EXPECT_EQ(Act("office", extended, "assign", {{"department_id", std::to_string(Department("clerk"))}}).status, 303);
  EXPECT_EQ(Act("office", extended, "extend", {{"days", "5"}, {"note", "复杂"}}).status, 303);
  EXPECT_EQ(Column(extended, "due_on"), "2027-01-26");
  EXPECT_EQ(testing::QueryInt(server_.db().db(),
                              "SELECT COUNT(*) FROM letters WHERE application_id = ? AND kind = 'extension' AND body LIKE ?",
                              {extended, std::string("%2027年1月26日（暂定，以国务院办公厅公布的放假安排为准）前%")}),
            1);
  auto case_page = As("office").Get("/staff/applications/" + std::to_string(extended));
  EXPECT_NE(case_page.body.find("<strong id=\"due-on\">2027-01-26</strong><strong class=\"provisional\">（暂定）"),
            std::string::npos);
  EXPECT_NE(case_page.body.find("暂定期限：2027年的放假安排尚未公布"), std::string::npos);

  // The office is reminded, and the dashboard counts the provisional cases.
  auto home = As("office").Get("/staff");
  EXPECT_NE(home.body.find("id=\"calendar-reminder\""), std::string::npos);
  EXPECT_NE(home.body.find("目前有 2 件申请的答复期限为暂定"), std::string::npos);
  EXPECT_EQ(As("clerk").Get("/staff").body.find("calendar-reminder"), std::string::npos)
      << "only those who keep the calendar are reminded";
  EXPECT_NE(As("office").Get("/staff/supervision").body.find("id=\"applications-provisional\">2 件"),
            std::string::npos);

  // The notice is loaded: 元旦 1–3 January, and (for the test) Saturday 23
  // January worked. The extended case moves a day earlier, the other one is
  // confirmed; both say so in their timelines, for staff and applicant.
  auto form = As("office").Get("/staff/calendar/new");
  auto added = As("office").PostForm("/staff/calendar", {{"_csrf", HttpClient::CsrfFrom(form.body)},
                                                        {"year", "2027"},
                                                        {"notice", "国办发明电〔2026〕1号"},
                                                        {"holidays", "元旦 2027-01-01 2027-01-03"},
                                                        {"workdays", "2027-01-23"}});
  EXPECT_EQ(added.status, 303);
  EXPECT_NE(added.Header("location").find("year_added_moved"), std::string::npos);
  EXPECT_EQ(Column(extended, "due_on"), "2027-01-25");
  EXPECT_EQ(provisional(extended), 0);
  EXPECT_EQ(Column(plain, "due_on"), "2027-01-19");
  EXPECT_EQ(provisional(plain), 0);
  case_page = As("office").Get("/staff/applications/" + std::to_string(extended));
  EXPECT_NE(case_page.body.find("工作日历调整，答复期限由2027-01-26（暂定）变为2027-01-25"), std::string::npos);
  EXPECT_EQ(case_page.body.find("class=\"provisional\""), std::string::npos);
  auto status = Lookup(visitor, plain_code, "13812345678");
  EXPECT_NE(status.body.find("国务院办公厅放假安排已载入，答复期限2027-01-19确认不变"), std::string::npos);
  EXPECT_EQ(status.body.find("（暂定）"), std::string::npos);
  EXPECT_EQ(As("office").Get("/staff").body.find("calendar-reminder"), std::string::npos)
      << "2027 is loaded; 2028 is only due from October 2027";
}

TEST_F(ApplicationsHttpTest, BeyondTheProvisionalYearThereIsNoDueDate) {
  // 2027 and 2028 are unknown with 2026 the latest notice: a case received on
  // 2027-12-20 reaches into 2028, one year beyond the provisional 2027.
  server_.clock().Set(1829296800);  // 2027-12-20
  HttpClient visitor = server_.Client();
  auto [id, code] = Apply(visitor);
  EXPECT_EQ(Column(id, "due_on"), "") << "no due date is guessed beyond the provisional year";
  EXPECT_NE(Lookup(visitor, code, "13812345678").body.find("待录入该年度工作日历后自动计算"), std::string::npos);
  auto ext = Act("office", id, "extend", {{"days", "5"}, {"note", "复杂"}});
  EXPECT_EQ(ext.status, 409) << "the new date cannot be counted without 2028";
  EXPECT_NE(ext.body.find("工作日历"), std::string::npos);
}

TEST_F(ApplicationsHttpTest, PartialReplyCarriesTheRedactedCopyToTheApplicant) {
  HttpClient visitor = server_.Client();
  auto [id, code] = Apply(visitor);
  EXPECT_EQ(Act("office", id, "assign", {{"department_id", std::to_string(Department("clerk"))}}).status, 303);
  std::string path = "/staff/applications/" + std::to_string(id);
  std::map<std::string, std::string> h = {{"Content-Type", "multipart/form-data; boundary=gkb"}};
  auto draft = [&](const std::string& filename, const std::string& data) {
    std::string csrf = HttpClient::CsrfFrom(As("clerk").Get(path).body);
    return As("clerk").Send("POST", path + "/act/draft_reply",
                            Multipart({{"_csrf", csrf}, {"outcome", "partial"}, {"reasons", "名单中的身份证号码属于个人隐私，已删除"}},
                                      filename, data),
                            h);
  };
  EXPECT_EQ(draft("", "").status, 400) << "部分公开 needs the redacted copy";
  EXPECT_EQ(draft("名单.exe", "MZ").status, 400) << "file types are checked";
  std::string copy = "序号,姓名,补贴金额\n1,张*,20000\n";
  const int inline_checks = review::FileChecksInTransactionForTest();
  EXPECT_EQ(draft("补贴名单（区分处理后）.txt", copy).status, 303);
  EXPECT_EQ(review::FileChecksInTransactionForTest(), inline_checks) << "checked before the write transaction";
  int64_t file = testing::QueryInt(server_.db().db(), "SELECT id FROM application_files WHERE application_id = ?", {id});
  ASSERT_GT(file, 0);
  auto fetch = [&]() {
    auto page = visitor.Get("/apply/status");
    return visitor.PostForm("/apply/status/files/" + std::to_string(file),
                            {{"_csrf", HttpClient::CsrfFrom(page.body)}, {"query_code", code}, {"phone", "13812345678"}});
  };
  EXPECT_EQ(fetch().status, 404) << "not before the reply is issued";
  EXPECT_EQ(Act("office", id, "approve_reply").status, 303);
  EXPECT_EQ(Act("office", id, "issue_reply").status, 303);
  auto got = fetch();
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, copy);
  auto staff = As("office").Get(path + "/files/" + std::to_string(file));
  EXPECT_EQ(staff.body, copy);
  EXPECT_NE(As("office").Get(path).body.find("名单中的身份证号码属于个人隐私"), std::string::npos);
}

TEST_F(ApplicationsHttpTest, ExplanationRequestOnThePortal) {
  HttpClient visitor = server_.Client();
  auto form = visitor.Get("/explain?subject=2025-0009");
  EXPECT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("value=\"2025-0009\""), std::string::npos);
  auto receipt = visitor.PostForm("/explain", {{"_csrf", HttpClient::CsrfFrom(form.body)},
                                               {"name", "李四"},
                                               {"phone", "13912345678"},
                                               {"subject", "2025-0009 号答复不予公开的信息"},
                                               {"question", "请说明不予公开的依据"}});
  EXPECT_EQ(receipt.status, 200);
  std::smatch m;
  std::regex code(R"(id="query-code">([A-Z0-9-]{14})<)");
  ASSERT_TRUE(std::regex_search(receipt.body, m, code));
  std::string query = m[1].str();
  int64_t id = testing::QueryInt(server_.db().db(), "SELECT id FROM explanation_requests");
  auto page = As("office").Get("/staff/explanations/" + std::to_string(id));
  EXPECT_NE(page.body.find("请说明不予公开的依据"), std::string::npos);
  EXPECT_EQ(As("office").PostForm("/staff/explanations/" + std::to_string(id) + "/answer",
                                  {{"_csrf", HttpClient::CsrfFrom(page.body)}, {"answer", "该信息属于过程性信息。"}})
                .status,
            303);
  auto look = visitor.Get("/explain/status");
  auto status = visitor.PostForm("/explain/status", {{"_csrf", HttpClient::CsrfFrom(look.body)},
                                                     {"query_code", query}, {"phone", "13912345678"}});
  EXPECT_EQ(status.status, 200);
  EXPECT_NE(status.body.find("该信息属于过程性信息"), std::string::npos);
  auto wrong = visitor.PostForm("/explain/status", {{"_csrf", HttpClient::CsrfFrom(look.body)},
                                                    {"query_code", query}, {"phone", "13000000000"}});
  EXPECT_EQ(wrong.status, 404);
  EXPECT_EQ(wrong.body.find("该信息属于过程性信息"), std::string::npos);
}

TEST_F(ApplicationsHttpTest, AgencyLetterTemplatesAreUsedAndChecked) {
  auto page = As("office").Get("/staff/letter-templates");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("政府信息公开申请延期答复告知书"), std::string::npos);
  EXPECT_EQ(As("clerk").Get("/staff/letter-templates").status, 403);
  std::string csrf = HttpClient::CsrfFrom(page.body);
  auto bad = As("office").PostForm("/staff/letter-templates/extension", {{"_csrf", csrf}, {"text", "延期至{{nope}}"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("nope"), std::string::npos);
  auto ok = As("office").PostForm("/staff/letter-templates/extension",
                                  {{"_csrf", csrf},
                                   {"text", "因{{reason}}，您的申请（{{ref}}）答复期限延长{{extension_days}}个工作日，至{{new_due}}。\n特此告知。"}});
  EXPECT_EQ(ok.status, 303);
  // A reply template without the remedies (or decision, reasons, basis) is refused.
  auto incomplete = As("office").PostForm("/staff/letter-templates/reply",
                                          {{"_csrf", csrf}, {"text", "答复：{{decision}}\n{{reasons}}\n依据{{basis}}"}});
  EXPECT_EQ(incomplete.status, 400);
  EXPECT_NE(incomplete.body.find("remedies"), std::string::npos);
  HttpClient visitor = server_.Client();
  auto [id, code] = Apply(visitor);
  EXPECT_EQ(Act("office", id, "assign", {{"department_id", std::to_string(Department("clerk"))}}).status, 303);
  EXPECT_EQ(Act("office", id, "extend", {{"days", "10"}, {"note", "需调取档案"}}).status, 303);
  EXPECT_EQ(testing::QueryInt(server_.db().db(), "SELECT count(*) FROM letters WHERE kind = 'extension' AND body = ?",
                              {std::string("因需调取档案，您的申请（2025-0001）答复期限延长10个工作日，至2025年11月13日。\n特此告知。\n")}),
            1);
  // Reset: the next letter uses the shipped text again.
  EXPECT_EQ(As("office").PostForm("/staff/letter-templates/extension", {{"_csrf", csrf}, {"reset", "1"}}).status, 303);
  EXPECT_EQ(testing::QueryInt(server_.db().db(), "SELECT count(*) FROM letter_templates"), 0);
}

TEST_F(ApplicationsHttpTest, EachReplyTypesDecisionParagraphIsEditable) {
  auto page = As("office").Get("/staff/letter-templates");
  EXPECT_NE(page.body.find("答复书决定段落：不予公开 — 保护第三方合法权益"), std::string::npos);
  std::string csrf = HttpClient::CsrfFrom(page.body);
  EXPECT_EQ(As("office").PostForm("/staff/letter-templates/decision.denied.third_party",
                                  {{"_csrf", csrf}, {"text", "您申请的“{{info}}”涉及他人隐私，本机关不予公开。"}})
                .status,
            303);
  EXPECT_EQ(As("office").PostForm("/staff/letter-templates/decision.no_such_outcome", {{"_csrf", csrf}, {"text", "x"}})
                .status,
            404);
  EXPECT_EQ(As("office").PostForm("/staff/letter-templates/decision.granted",
                                  {{"_csrf", csrf}, {"text", "{{remedies}}"}}).status,
            400);
  HttpClient visitor = server_.Client();
  auto [id, code] = Apply(visitor);
  EXPECT_EQ(Act("office", id, "assign", {{"department_id", std::to_string(Department("clerk"))}}).status, 303);
  EXPECT_EQ(Act("clerk", id, "draft_reply", {{"outcome", "denied.third_party"}, {"reasons", "名单含身份证号码"}}).status,
            303);
  EXPECT_EQ(Act("office", id, "approve_reply").status, 303);
  EXPECT_EQ(Act("office", id, "issue_reply").status, 303);
  EXPECT_EQ(testing::QueryInt(server_.db().db(), "SELECT count(*) FROM letters WHERE kind = 'reply' AND body LIKE ?",
                              {std::string("%您申请的“加装电梯补贴名单”涉及他人隐私，本机关不予公开。%")}),
            1);
}

TEST_F(ApplicationsHttpTest, ReplyFilesAreCheckedBeforeTheReplyGoesOut) {
  HttpClient visitor = server_.Client();
  auto [id, code] = Apply(visitor);
  EXPECT_EQ(Act("office", id, "assign", {{"department_id", std::to_string(Department("clerk"))}}).status, 303);
  std::string path = "/staff/applications/" + std::to_string(id);
  std::string csrf = HttpClient::CsrfFrom(As("clerk").Get(path).body);
  auto drafted = As("clerk").Send("POST", path + "/act/draft_reply",
                                  Multipart({{"_csrf", csrf}, {"outcome", "granted"}}, "名单.txt",
                                            "序号,姓名,身份证号\n1,张三,11010519491231002X\n"),
                                  {{"Content-Type", "multipart/form-data; boundary=gkb"}});
  EXPECT_EQ(drafted.status, 303);
  auto page = As("office").Get(path);
  EXPECT_NE(page.body.find("1101**********002X"), std::string::npos) << "the finding, masked";
  auto stopped = Act("office", id, "approve_reply");
  EXPECT_EQ(stopped.status, 409);
  EXPECT_NE(stopped.body.find("保密审查"), std::string::npos);
  int64_t finding = testing::QueryInt(server_.db().db(), "SELECT f.id FROM content_findings f JOIN content_checks c "
                                      "ON c.id = f.check_id WHERE c.application_id = ?", {id});
  ASSERT_GT(finding, 0);
  auto clerk_override = As("clerk").PostForm(path + "/findings/" + std::to_string(finding) + "/override",
                                             {{"_csrf", csrf}, {"reason", "申请人本人的信息"}});
  EXPECT_EQ(clerk_override.status, 403);
  auto office_page = As("office").Get(path);
  EXPECT_EQ(As("office").PostForm(path + "/findings/" + std::to_string(finding) + "/override",
                                  {{"_csrf", HttpClient::CsrfFrom(office_page.body)}, {"reason", "申请人本人的信息"}})
                .status,
            303);
  EXPECT_EQ(Act("office", id, "approve_reply").status, 303);
  EXPECT_EQ(Act("office", id, "issue_reply").status, 303);
}


// 区分处理 of a reply file from the case page: the drafter removes the
// number (and a name), the copy replaces the file in the reply and is
// checked again, the original is kept as superseded and never reaches the
// applicant; the log is on the case page with the number masked.
TEST_F(ApplicationsHttpTest, ReplyFileIsRedactedInPlaceAndOnlyTheCopyGoesOut) {
  HttpClient visitor = server_.Client();
  auto [id, code] = Apply(visitor);
  EXPECT_EQ(Act("office", id, "assign", {{"department_id", std::to_string(Department("clerk"))}}).status, 303);
  std::string path = "/staff/applications/" + std::to_string(id);
  std::string csrf = HttpClient::CsrfFrom(As("clerk").Get(path).body);
  auto drafted = As("clerk").Send("POST", path + "/act/draft_reply",
                                  Multipart({{"_csrf", csrf}, {"outcome", "partial"}, {"reasons", "名单中的身份证号码属于个人隐私"}},
                                            "名单.txt", "序号,姓名,身份证号\n1,张三,11010519491231002X\n2,李四,无\n"),
                                  {{"Content-Type", "multipart/form-data; boundary=gkb"}});
  ASSERT_EQ(drafted.status, 303);
  int64_t file = testing::QueryInt(server_.db().db(), "SELECT id FROM application_files WHERE application_id = ?", {id});
  auto text = As("clerk").Get(path + "/files/" + std::to_string(file) + "/text");
  ASSERT_EQ(text.status, 200);
  EXPECT_NE(text.body.find("<mark class=\"finding finding-block\""), std::string::npos) << text.body;
  EXPECT_NE(text.body.find("/files/" + std::to_string(file) + "/redact"), std::string::npos) << "the drafter may redact";

  auto redact = [&](const std::string& who) {
    std::string token = HttpClient::CsrfFrom(As(who).Get(path).body);
    return As(who).PostForm(path + "/files/" + std::to_string(file) + "/redact", {{"_csrf", token}, {"terms", "李四"}});
  };
  EXPECT_EQ(redact("leader").status, 404) << "neither the 公开办 nor the assigned department: not theirs to read";
  EXPECT_EQ(redact("clerk").status, 303);
  EXPECT_EQ(redact("clerk").status, 404) << "the original is no longer part of the reply";
  auto page = As("office").Get(path);
  EXPECT_NE(page.body.find("名单（区分处理）.txt"), std::string::npos);
  EXPECT_NE(page.body.find("区分处理记录"), std::string::npos);
  EXPECT_NE(page.body.find("1101**********002X"), std::string::npos) << "the log masks the number";
  EXPECT_EQ(page.body.find("11010519491231002X"), std::string::npos);
  EXPECT_EQ(Act("office", id, "approve_reply").status, 303) << "nothing blocks any more";
  EXPECT_EQ(Act("office", id, "issue_reply").status, 303);

  int64_t copy = testing::QueryInt(server_.db().db(), "SELECT id FROM application_files WHERE application_id = ? "
                                   "AND kind = 'reply'", {id});
  ASSERT_GT(copy, file);
  auto fetch = [&](int64_t f) {
    auto form = visitor.Get("/apply/status");
    return visitor.PostForm("/apply/status/files/" + std::to_string(f),
                            {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"query_code", code}, {"phone", "13812345678"}});
  };
  auto status = fetch(copy);
  ASSERT_EQ(status.status, 200) << status.body.substr(0, 500);
  EXPECT_EQ(status.body.find("11010519491231002X"), std::string::npos);
  EXPECT_EQ(status.body.find("李四"), std::string::npos);
  EXPECT_NE(status.body.find("1,张三,"), std::string::npos);
  EXPECT_EQ(fetch(file).status, 404) << "the superseded original never goes out";
}
// The inbox reads one page at a time: the next link when more cases follow
// than the page holds, the first-page link after it, every case once; a
// malformed position starts from the first page; the headings are counts.
TEST_F(ApplicationsHttpTest, InboxIsPagedWithNextAndFirstLinks) {
  std::vector<std::string> refs;
  for (int i = 0; i < 3; ++i) {
    HttpClient visitor = server_.Client();
    auto [id, code] = Apply(visitor, Application("11010519491231002X", "1381234567" + std::to_string(i)));
    refs.push_back(Column(id, "ref"));
  }
  auto has = [](const HttpResponse& r, const std::string& ref) {
    return r.body.find(">" + ref + "</a>") != std::string::npos;
  };
  auto next_of = [](const HttpResponse& r) {
    std::smatch m;
    std::regex next(R"re(<a href="([^"]*)" rel="next">下一页</a>)re");
    if (!std::regex_search(r.body, m, next)) return std::string();
    std::string href = m[1].str();
    for (size_t at; (at = href.find("&amp;")) != std::string::npos;) href.replace(at, 5, "&");
    return href;
  };
  // Received the same day, due the same day: a tie, broken by the case's id.
  auto first = As("office").Get("/staff/applications?filter=open&limit=2");
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(has(first, refs[0]) && has(first, refs[1]));
  EXPECT_FALSE(has(first, refs[2]));
  EXPECT_EQ(first.body.find(">第一页</a>"), std::string::npos) << "already on the first page";
  EXPECT_NE(first.body.find("在办 3 件"), std::string::npos);
  EXPECT_NE(first.body.find("待我办理 3 件"), std::string::npos);
  std::string next = next_of(first);
  ASSERT_FALSE(next.empty()) << "more cases than the page holds: a next link";
  EXPECT_EQ(next.rfind("/staff/applications?", 0), 0u) << next;
  EXPECT_NE(next.find("filter=open"), std::string::npos) << "the filter is kept: " << next;
  auto second = As("office").Get(next);
  ASSERT_EQ(second.status, 200);
  EXPECT_TRUE(has(second, refs[2]));
  EXPECT_FALSE(has(second, refs[0]) || has(second, refs[1]));
  EXPECT_TRUE(next_of(second).empty()) << "the last page";
  EXPECT_NE(second.body.find(">第一页</a>"), std::string::npos);

  for (const char* bad : {"zz", "ffff", "00.-1", "3230.abc", ".", "x.1"}) {
    auto again = As("office").Get(std::string("/staff/applications?filter=open&limit=2&after=") + bad);
    EXPECT_EQ(again.status, 200) << bad;
    EXPECT_TRUE(has(again, refs[0]) && has(again, refs[1])) << bad << ": from the first page";
    EXPECT_FALSE(has(again, refs[2])) << bad;
  }
  // A department's clerk reads none of them until one is assigned to it.
  EXPECT_FALSE(has(As("clerk").Get("/staff/applications?filter=all"), refs[0]));
  auto ids = testing::QueryInt(server_.db().db(), "SELECT id FROM applications WHERE ref = ?", {refs[1]});
  EXPECT_EQ(Act("office", ids, "assign", {{"department_id", std::to_string(Department("clerk"))}}).status, 303);
  auto clerk = As("clerk").Get("/staff/applications?filter=all&limit=1");
  EXPECT_TRUE(has(clerk, refs[1]));
  EXPECT_TRUE(next_of(clerk).empty()) << "one case is theirs: no next page";
  EXPECT_TRUE(has(As("clerk").Get("/staff/applications"), refs[1])) << "handling: waits for the clerk";
  // The staff home lists the user's most urgent cases.
  auto home = As("office").Get("/staff");
  EXPECT_TRUE(home.body.find("申请 " + refs[0]) != std::string::npos);
}

}  // namespace
}  // namespace gk::web
