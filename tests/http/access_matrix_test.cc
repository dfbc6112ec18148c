// Need-to-know over HTTP, as data: every staff page and download of an
// application, a draft item and an explanation request, visited as each demo
// role, as a clerk of a second department and anonymously. A reader not in
// the row's list must get 404 (the record's existence is not revealed), and
// lists and the staff search must not name what the reader may not open.
#include <gtest/gtest.h>

#include <regex>

#include "accounts/demo.h"
#include "accounts/directory.h"
#include "support/http_client.h"
#include "support/scanned_pages.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;
using Fields = std::vector<std::pair<std::string, std::string>>;
using Names = std::set<std::string>;

constexpr UnixSeconds kFriday20250926 = 1758852000;  // 10:00 in China

const std::vector<std::string>& Readers() {
  static const std::vector<std::string> kReaders = {"clerk",      "depthead", "leader", "principal", "office", "group",
                                                    "supervisor", "secrecy",  "admin",  "clerk2"};
  return kReaders;
}

// A page or download: who gets 200; who may read the record but not use
// this page (409); everyone else among Readers() gets 404, the anonymous
// visitor the login page.
struct PageRule {
  std::string path;
  Names allowed;
  Names refused = {};
};

// A list: whose copy of `path` mentions `needle`; it is 200 for every reader.
struct ListRule {
  std::string path;
  std::string needle;
  Names mention;
};

class AccessMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.clock().Set(kFriday20250926);
    AddSecondDepartmentClerk();
    FileApplications();
    DraftItemWithAttachment();
    FileExplanationRequest();
  }

  HttpClient& As(const std::string& user) {
    auto it = clients_.find(user);
    if (it == clients_.end()) it = clients_.emplace(user, server_.LoggedIn(user)).first;
    return it->second;
  }

  int64_t Int(const std::string& sql, const std::vector<store::Value>& params = {}) {
    return testing::QueryInt(server_.db().db(), sql, params);
  }

  void AddSecondDepartmentClerk() {
    SecurityConfig sec = testing::TestSecurity();
    accounts::Context ctx{server_.db().db(), server_.clock(), sec};
    int64_t agency = Int("SELECT id FROM agencies");
    accounts::Principal cli = accounts::Principal::CommandLine(agency, "test");
    accounts::Directory dir(ctx);
    auto dept = dir.CreateDepartment(cli, "社区平安办公室二", 98);
    ASSERT_TRUE(dept.ok());
    ASSERT_TRUE(dir.CreateUser(cli, {"clerk2", "另一部门承办人", *dept, {accounts::Role::kClerk}, true},
                               accounts::kDemoPassword)
                    .ok());
  }

  int64_t Apply(const std::string& title) {
    HttpClient visitor = server_.Client();
    auto form = visitor.Get("/apply");
    Fields f = {{"applicant_type", "natural"}, {"name", "张三"},   {"id_type", "居民身份证"},
                {"id_number", "11010519491231002X"}, {"phone", "13812345678"}, {"info_title", title},
                {"form", "electronic"},     {"delivery", "online"}, {"consent", "1"},
                {"_csrf", HttpClient::CsrfFrom(form.body)}};
    EXPECT_EQ(visitor.PostForm("/apply", f).status, 200);
    return Int("SELECT MAX(id) FROM applications");
  }

  HttpResponse Act(const std::string& user, int64_t id, const std::string& action, Fields fields) {
    std::string path = "/staff/applications/" + std::to_string(id);
    fields.emplace_back("_csrf", HttpClient::CsrfFrom(As(user).Get(path).body));
    return As(user).PostForm(path + "/act/" + action, fields);
  }

  // Case X: assigned to the clerk's department, extended (a letter), a reply
  // drafted with a file. Case Y: received, nobody's yet.
  void FileApplications() {
    case_x_ = Apply("本人的低保审批材料");
    case_y_ = Apply("另一件申请");
    std::string dept = std::to_string(Int("SELECT department_id FROM users WHERE username = 'clerk'"));
    ASSERT_EQ(Act("office", case_x_, "assign", {{"department_id", dept}}).status, 303);
    ASSERT_EQ(Act("office", case_x_, "extend", {{"days", "10"}, {"note", "需调取档案"}}).status, 303);
    letter_ = Int("SELECT id FROM letters WHERE application_id = ? AND kind = 'extension'", {case_x_});
    std::string path = "/staff/applications/" + std::to_string(case_x_);
    std::string csrf = HttpClient::CsrfFrom(As("clerk").Get(path).body);
    auto drafted = As("clerk").Send(
        "POST", path + "/act/draft_reply",
        testing::MultipartBody({{"_csrf", csrf}, {"outcome", "granted"}}, {{"files", "材料.txt", "低保审批材料目录\n"}}),
        testing::kMultipartHeaders);
    ASSERT_EQ(drafted.status, 303) << drafted.body.substr(0, 500);
    file_ = Int("SELECT id FROM application_files WHERE application_id = ?", {case_x_});
    ref_x_ = Str("SELECT ref FROM applications WHERE id = ?", case_x_);
  }

  // The demo's draft item (the clerk's department), with an attachment.
  void DraftItemWithAttachment() {
    item_ = Int("SELECT MIN(id) FROM items WHERE state = 'draft'");
    std::string path = "/staff/items/" + std::to_string(item_);
    std::string csrf = HttpClient::CsrfFrom(As("clerk").Get(path).body);
    auto up = As("clerk").Send("POST", path + "/attachments",
                               testing::MultipartBody({{"_csrf", csrf}}, {{"file", "附件.txt", "实施方案附件\n"}}),
                               testing::kMultipartHeaders);
    ASSERT_EQ(up.status, 303) << up.body.substr(0, 500);
    attachment_ = Int("SELECT MAX(id) FROM item_attachments WHERE item_id = ?", {item_});
    // A scan, whose page image has a route of its own.
    up = As("clerk").Send("POST", path + "/attachments",
                          testing::MultipartBody({{"_csrf", csrf}},
                                                 {{"file", "附件（扫描件）.png", testing::ScanPng({"实施方案附件"})}}),
                          testing::kMultipartHeaders);
    ASSERT_EQ(up.status, 303) << up.body.substr(0, 500);
    scan_attachment_ = Int("SELECT MAX(id) FROM item_attachments WHERE item_id = ?", {item_});
  }

  void FileExplanationRequest() {
    HttpClient visitor = server_.Client();
    auto form = visitor.Get("/explain");
    auto r = visitor.PostForm("/explain", {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"name", "李四"},
                                           {"phone", "13912345678"}, {"subject", "某项目环评报告"},
                                           {"question", "请说明不予公开的依据"}});
    ASSERT_EQ(r.status, 200);
    explanation_ = Int("SELECT MAX(id) FROM explanation_requests");
    ref_e_ = Str("SELECT ref FROM explanation_requests WHERE id = ?", explanation_);
  }

  std::string Str(const std::string& sql, int64_t id) {
    std::string s;
    EXPECT_TRUE(server_.db().db().Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, {id}));
      s = row ? row->Str(0) : "";
      return Status::Ok();
    }).ok());
    return s;
  }

  std::vector<PageRule> Pages() {
    std::string x = "/staff/applications/" + std::to_string(case_x_);
    std::string y = "/staff/applications/" + std::to_string(case_y_);
    std::string l = "/letters/" + std::to_string(letter_);
    std::string f = "/files/" + std::to_string(file_);
    std::string item = "/staff/items/" + std::to_string(item_);
    std::string a = "/attachments/" + std::to_string(attachment_);
    Names handlers = {"clerk", "depthead", "office"};
    return {
        {x, handlers},
        {x + l + "/pdf", handlers},
        {x + l + "/docx", handlers},
        {y + l + "/pdf", {}},  // the letter is not case Y's
        {y, {"office"}},
        {x + f, handlers},
        {x + f + "/text", handlers},
        {item, handlers},
        {item + "/edit", {"clerk"}, {"depthead", "office"}},  // a draft is edited by its department's clerk
        {item + a, handlers},
        {item + a + "/text", handlers},
        {item + "/attachments/" + std::to_string(scan_attachment_) + "/scans/0", handlers},
        {"/staff/explanations/" + std::to_string(explanation_), {"office"}},
    };
  }

  std::vector<ListRule> Lists() {
    Names handlers = {"clerk", "depthead", "office"};
    std::string item_link = "href=\"/staff/items/" + std::to_string(item_) + "\"";
    return {
        {"/staff/applications?filter=all", ref_x_, handlers},
        {"/staff/applications?filter=open", ref_x_, handlers},
        {"/staff/applications", ref_x_, {"office"}},  // "mine": a drafted reply waits for the 公开办
        {"/staff/items", item_link, handlers},
        {"/staff/search?q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF", item_link, handlers},
        {"/staff/explanations", ref_e_, {"office"}},
    };
  }

  TestServer server_;
  std::map<std::string, HttpClient> clients_;
  int64_t case_x_ = 0, case_y_ = 0, letter_ = 0, file_ = 0, item_ = 0, attachment_ = 0, scan_attachment_ = 0,
          explanation_ = 0;
  std::string ref_x_, ref_e_;
};

TEST_F(AccessMatrixTest, EveryReaderGetsExactlyWhatTheirRoleNeeds) {
  for (const std::string& user : Readers()) As(user);  // signing in is audited
  int64_t audit_before = Int("SELECT count(*) FROM audit_log");
  for (const PageRule& rule : Pages()) {
    for (const std::string& user : Readers()) {
      int want = rule.allowed.count(user) ? 200 : rule.refused.count(user) ? 409 : 404;
      EXPECT_EQ(As(user).Get(rule.path).status, want) << user << " GET " << rule.path;
    }
    auto anonymous = server_.Client().Get(rule.path);
    EXPECT_EQ(anonymous.status, 303) << "anonymous GET " << rule.path;
  }
  EXPECT_EQ(Int("SELECT count(*) FROM audit_log"), audit_before) << "a refused read writes nothing";
}

TEST_F(AccessMatrixTest, ListsAndSearchNameOnlyWhatTheReaderMayOpen) {
  for (const ListRule& rule : Lists()) {
    ASSERT_FALSE(rule.needle.empty()) << rule.path;
    for (const std::string& user : Readers()) {
      auto r = As(user).Get(rule.path);
      ASSERT_EQ(r.status, 200) << user << " GET " << rule.path;
      bool mentions = r.body.find(rule.needle) != std::string::npos;
      EXPECT_EQ(mentions, rule.mention.count(user) > 0) << user << " GET " << rule.path << " / " << rule.needle;
    }
  }
}

TEST_F(AccessMatrixTest, ActionsOnARecordOneMayNotReadAreNotFound) {
  std::string dept2 = std::to_string(Int("SELECT id FROM departments WHERE name = '社区平安办公室二'"));
  std::string x = "/staff/applications/" + std::to_string(case_x_);
  std::string csrf = HttpClient::CsrfFrom(As("clerk2").Get("/staff").body);
  EXPECT_EQ(As("clerk2").PostForm(x + "/act/return_draft", {{"_csrf", csrf}, {"note", "x"}}).status, 404);
  EXPECT_EQ(As("clerk2").PostForm("/staff/items/" + std::to_string(item_) + "/act",
                                  {{"_csrf", csrf}, {"action", "submit"}})
                .status,
            404);
  std::string admin_csrf = HttpClient::CsrfFrom(As("admin").Get("/staff").body);
  EXPECT_EQ(As("admin").PostForm(x + "/act/assign", {{"_csrf", admin_csrf}, {"department_id", dept2}}).status, 404);
  EXPECT_EQ(Str("SELECT state FROM applications WHERE id = ?", case_x_), "reply_drafted");
  EXPECT_EQ(Str("SELECT state FROM items WHERE id = ?", item_), "draft");
}

TEST_F(AccessMatrixTest, TheOfficeAssignsAnExplanationRequestToADepartment) {
  std::string path = "/staff/explanations/" + std::to_string(explanation_);
  std::string dept = std::to_string(Int("SELECT department_id FROM users WHERE username = 'clerk'"));
  std::string clerk_csrf = HttpClient::CsrfFrom(As("clerk").Get("/staff").body);
  EXPECT_EQ(As("clerk").PostForm(path + "/assign", {{"_csrf", clerk_csrf}, {"department", dept}}).status, 404);
  auto page = As("office").Get(path);
  ASSERT_NE(page.body.find("交办部门"), std::string::npos);
  EXPECT_EQ(As("office").PostForm(path + "/assign", {{"_csrf", HttpClient::CsrfFrom(page.body)}, {"department", dept}})
                .status,
            303);
  EXPECT_EQ(As("clerk").Get(path).status, 200);
  EXPECT_EQ(As("depthead").Get(path).status, 200);
  EXPECT_EQ(As("clerk2").Get(path).status, 404);
  EXPECT_EQ(As("admin").Get(path).status, 404);
}

TEST_F(AccessMatrixTest, TheDashboardShowsEveryDelayButLinksOnlyWhatTheViewerMayOpen) {
  std::string item_path = "/staff/items/" + std::to_string(item_);
  std::string csrf = HttpClient::CsrfFrom(As("clerk").Get(item_path).body);
  ASSERT_EQ(As("clerk").PostForm(item_path + "/act", {{"_csrf", csrf}, {"action", "submit"}}).status, 303);
  server_.clock().Set(kFriday20250926 + 33 * 86400);  // 2025-10-29: case Y is due tomorrow
  std::string ref_y = Str("SELECT ref FROM applications WHERE id = ?", case_y_);
  std::string link_y = "href=\"/staff/applications/" + std::to_string(case_y_) + "\"";
  std::string link_item = "href=\"/staff/items/" + std::to_string(item_) + "\"";
  std::string title = Str("SELECT title FROM items WHERE id = ?", item_);
  auto supervisor = server_.LoggedIn("supervisor").Get("/staff/supervision");  // sessions before the jump expired
  ASSERT_EQ(supervisor.status, 200);
  EXPECT_NE(supervisor.body.find(ref_y), std::string::npos) << "the delay is shown";
  EXPECT_EQ(supervisor.body.find(link_y), std::string::npos) << "but the case is not the 监察办's to open";
  EXPECT_NE(supervisor.body.find(title), std::string::npos) << "the item waiting in the chain is shown";
  EXPECT_EQ(supervisor.body.find(link_item), std::string::npos);
  auto office = server_.LoggedIn("office").Get("/staff/supervision");
  ASSERT_EQ(office.status, 200);
  EXPECT_NE(office.body.find(link_y), std::string::npos);
  EXPECT_NE(office.body.find(link_item), std::string::npos);
}

}  // namespace
}  // namespace gk::web
