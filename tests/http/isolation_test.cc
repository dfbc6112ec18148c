// Isolation between the agencies of one platform, over HTTP (run on SQLite
// and on PostgreSQL): three agencies — the demo office with its records, a
// second street office and a district department, each with its own staff —
// the district's 政务公开办 above them and the 平台管理员. Nobody of one agency
// reads or changes anything of another: every page, download and action on
// the demo office's application, letter, draft item, attachment, published
// item, explanation request, order and users answers 404 to the other
// agencies' staff and to the upper office's own session (403 to the platform
// administrator, who has no staff area), lists and search name none of it,
// settings pages show the reader's own agency, and nothing is written.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "accounts/demo.h"
#include "accounts/directory.h"
#include "accounts/platform.h"
#include "disclosure/reference.h"
#include "oversight/orders.h"
#include "support/http_client.h"
#include "support/published.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;
using Fields = std::vector<std::pair<std::string, std::string>>;

constexpr UnixSeconds kFriday20250926 = 1758852000;  // 10:00 in China

class IsolationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.clock().Set(kFriday20250926);
    auto key = accounts::LoadDataKey(server_.config().security);
    ASSERT_TRUE(key.ok());
    key_.emplace(std::move(*key));
    agency_ = Int("SELECT id FROM agencies WHERE code = 'jingansi'");
    AddAgencies();
    FileRecords();
  }

  accounts::Context Ctx() {
    return accounts::Context{server_.db().db(), server_.clock(), server_.config().security, &*key_, GK_SOURCE_DIR};
  }

  int64_t Int(const std::string& sql, const std::vector<store::Value>& params = {}) {
    return testing::QueryInt(server_.db().db(), sql, params);
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

  // The district above the demo office, a second street office and a
  // district department, each with a 公开办, a clerk and an administrator;
  // the district's 政务公开办.
  void AddAgencies() {
    audit::Actor actor{std::nullopt, "test:isolation"};
    int64_t district = 0;
    ASSERT_TRUE(server_.db()
                    .db()
                    .Transact([&](store::Tx& tx) -> Status {
                      ASSIGN_OR_RETURN(auto d, accounts::AddAgency(tx, server_.clock(),
                                                                   {"jingan", "上海市静安区人民政府",
                                                                    accounts::AgencyKind::kDistrict, "",
                                                                    {{"address", "常德路370号"},
                                                                     {"phone", "021-1"},
                                                                     {"office_hours", "工作日"}}},
                                                                   actor));
                      district = d.agency.id;
                      RETURN_IF_ERROR(accounts::AddAgency(tx, server_.clock(),
                                                          {"nanjingxilu", "南京西路街道办事处",
                                                           accounts::AgencyKind::kStreet, "jingan",
                                                           {{"address", "南京西路"}, {"phone", "021-2"}}},
                                                          actor)
                                          .status());
                      RETURN_IF_ERROR(accounts::AddAgency(tx, server_.clock(),
                                                          {"fgw", "静安区发展和改革委员会",
                                                           accounts::AgencyKind::kDepartment, "jingan",
                                                           {{"address", "胶州路"}, {"phone", "021-3"}}},
                                                          actor)
                                          .status());
                      return tx.Exec("UPDATE agencies SET parent_id = ?, kind = 'street' WHERE id = ?",
                                     {district, agency_})
                          .status();
                    })
                    .ok());
    accounts::Directory dir(Ctx());
    for (const char* code : {"nanjingxilu", "fgw"}) {
      int64_t agency = Int("SELECT id FROM agencies WHERE code = ?", {std::string(code)});
      auto cli = accounts::Principal::CommandLine(agency, "test");
      auto dept = dir.CreateDepartment(cli, "综合科", 1);
      ASSERT_TRUE(dept.ok()) << dept.status().ToString();
      ASSERT_TRUE(dir.CreateUser(cli, {"office", "他机关公开办", *dept, {accounts::Role::kDisclosureOffice}}, accounts::kDemoPassword)
                      .ok());
      ASSERT_TRUE(dir.CreateUser(cli, {"clerk", "他机关承办人", *dept, {accounts::Role::kClerk}}, accounts::kDemoPassword).ok());
      ASSERT_TRUE(dir.CreateUser(cli, {"admin", "他机关管理员", *dept, {accounts::Role::kAdmin}}, accounts::kDemoPassword).ok());
      ASSERT_TRUE(
          dir.CreateUser(cli, {"group", "他机关领导小组", std::nullopt, {accounts::Role::kLeadingGroup}}, accounts::kDemoPassword)
              .ok());
    }
    ASSERT_TRUE(dir.CreateUser(accounts::Principal::CommandLine(district, "test"),
                               {"upper", "区公开办", std::nullopt, {accounts::Role::kUpperOffice}}, accounts::kDemoPassword)
                    .ok());
  }

  HttpClient& As(const std::string& login) {
    auto it = clients_.find(login);
    if (it != clients_.end()) return it->second;
    HttpClient c = server_.Client();
    auto form = c.Get("/staff/login");
    auto r = c.PostForm("/staff/login", {{"_csrf", HttpClient::CsrfFrom(form.body)},
                                         {"username", login},
                                         {"password", accounts::kDemoPassword}});
    EXPECT_EQ(r.status, 303) << login << " " << r.body.substr(0, 300);
    return clients_.emplace(login, std::move(c)).first->second;
  }

  HttpResponse Act(const std::string& user, const std::string& path, const std::string& target, Fields fields) {
    fields.emplace_back("_csrf", HttpClient::CsrfFrom(As(user).Get(path).body));
    return As(user).PostForm(target, fields);
  }

  // The demo office's records: an application assigned and extended (a
  // letter), the demo's draft item with an attachment, a published item, an
  // explanation request and a rectification order.
  void FileRecords() {
    HttpClient visitor = server_.Client();
    auto form = visitor.Get("/jingansi/apply");
    ASSERT_EQ(form.status, 200);
    Fields f = {{"applicant_type", "natural"}, {"name", "张三"},   {"id_type", "居民身份证"},
                {"id_number", "11010519491231002X"}, {"phone", "13812345678"}, {"info_title", "本人的拆迁安置协议"},
                {"form", "electronic"},     {"delivery", "online"}, {"consent", "1"},
                {"_csrf", HttpClient::CsrfFrom(form.body)}};
    ASSERT_EQ(visitor.PostForm("/jingansi/apply", f).status, 200);
    case_ = Int("SELECT MAX(id) FROM applications WHERE agency_id = ?", {agency_});
    ref_ = Str("SELECT ref FROM applications WHERE id = ?", case_);
    std::string dept = std::to_string(Int("SELECT department_id FROM users WHERE username = 'clerk' AND agency_id = ?",
                                          {agency_}));
    std::string path = "/staff/applications/" + std::to_string(case_);
    ASSERT_EQ(Act("office@jingansi", path, path + "/act/assign", {{"department_id", dept}}).status, 303);
    ASSERT_EQ(Act("office@jingansi", path, path + "/act/extend", {{"days", "10"}, {"note", "需调取档案"}}).status, 303);
    letter_ = Int("SELECT id FROM letters WHERE application_id = ? AND kind = 'extension'", {case_});

    item_ = Int("SELECT MIN(id) FROM items WHERE state = 'draft' AND agency_id = ?", {agency_});
    item_title_ = Str("SELECT title FROM items WHERE id = ?", item_);
    std::string item_path = "/staff/items/" + std::to_string(item_);
    std::string csrf = HttpClient::CsrfFrom(As("clerk@jingansi").Get(item_path).body);
    auto up = As("clerk@jingansi").Send("POST", item_path + "/attachments",
                               testing::MultipartBody({{"_csrf", csrf}}, {{"file", "附件.txt", "实施方案附件\n"}}),
                               testing::kMultipartHeaders);
    ASSERT_EQ(up.status, 303) << up.body.substr(0, 300);
    attachment_ = Int("SELECT MAX(id) FROM item_attachments WHERE item_id = ?", {item_});

    auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
    ASSERT_TRUE(ref.ok());
    published_ = testing::PublishThroughChain(Ctx(), *ref, agency_, "07", "关于老旧小区加装电梯的公示", "2025-09-20",
                                              "正文：加装电梯");
    ASSERT_GT(published_, 0);

    auto ex = visitor.Get("/jingansi/explain");
    auto r = visitor.PostForm("/jingansi/explain", {{"_csrf", HttpClient::CsrfFrom(ex.body)}, {"name", "李四"},
                                                    {"phone", "13912345678"}, {"subject", "某项目环评报告"},
                                                    {"question", "请说明不予公开的依据"}});
    ASSERT_EQ(r.status, 200);
    explanation_ = Int("SELECT MAX(id) FROM explanation_requests WHERE agency_id = ?", {agency_});
    explanation_ref_ = Str("SELECT ref FROM explanation_requests WHERE id = ?", explanation_);

    oversight::OrderInput in;
    in.department_id = std::stoll(dept);
    in.problem = "栏目更新不及时";
    in.requirement = "补充更新";
    in.due_on = "2025-10-31";
    auto order = oversight::Orders(Ctx()).Issue(testing::DemoUser(Ctx(), agency_, "group"), in);
    ASSERT_TRUE(order.ok()) << order.status().ToString();
    order_ = *order;
    clerk_ = Int("SELECT id FROM users WHERE username = 'clerk' AND agency_id = ?", {agency_});
  }

  // Everything of the demo office a page or download shows.
  std::vector<std::string> Pages() {
    std::string app = "/staff/applications/" + std::to_string(case_);
    std::string item = "/staff/items/" + std::to_string(item_);
    std::string a = "/attachments/" + std::to_string(attachment_);
    return {app,
            app + "/letters/" + std::to_string(letter_) + "/pdf",
            app + "/letters/" + std::to_string(letter_) + "/docx",
            item,
            item + "/edit",
            item + a,
            item + a + "/text",
            "/staff/items/" + std::to_string(published_),
            "/staff/explanations/" + std::to_string(explanation_),
            "/staff/orders/" + std::to_string(order_),
            "/staff/admin/users/" + std::to_string(clerk_)};
  }

  // A digest of the demo office's state: every change there is audited.
  std::string State() {
    return std::to_string(Int("SELECT count(*) FROM audit_log WHERE agency_id = ?", {agency_})) + "/" +
           Str("SELECT state FROM applications WHERE id = ?", case_) + "/" +
           Str("SELECT department_id FROM applications WHERE id = ?", case_) + "/" +
           Str("SELECT state FROM items WHERE id = ?", item_) + "/" +
           std::to_string(Int("SELECT count(*) FROM item_attachments WHERE item_id = ?", {item_})) + "/" +
           Str("SELECT state FROM rectification_orders WHERE id = ?", order_) + "/" +
           Str("SELECT password_hash FROM users WHERE id = ?", clerk_) + "/" +
           Str("SELECT COALESCE(department_id, 0) FROM explanation_requests WHERE id = ?", explanation_);
  }

  const std::vector<std::string> kOthers = {"office@nanjingxilu", "clerk@nanjingxilu", "admin@nanjingxilu",
                                            "group@nanjingxilu",  "office@fgw",        "admin@fgw",
                                            "upper@jingan"};

  TestServer server_;
  std::optional<DataKey> key_;
  std::map<std::string, HttpClient> clients_;
  int64_t agency_ = 0, case_ = 0, letter_ = 0, item_ = 0, attachment_ = 0, published_ = 0, explanation_ = 0,
          order_ = 0, clerk_ = 0;
  std::string ref_, item_title_, explanation_ref_;
};

TEST_F(IsolationTest, NoUserOfAnotherAgencyReadsTheOfficesRecords) {
  for (const std::string& user : kOthers) As(user);
  for (const char* own : {"platform@jingansi", "office@jingansi", "admin@jingansi"}) As(own);  // signing in is audited
  std::string before = State();
  for (const std::string& path : Pages()) {
    // The office's own staff read them (the test is about agencies, not roles).
    bool users_page = path.find("/admin/") != std::string::npos;
    EXPECT_EQ(As(users_page ? "admin@jingansi" : "office@jingansi").Get(path).status,
              path.find("/edit") != std::string::npos ? 409 : 200)
        << path;
    for (const std::string& user : kOthers) {
      auto r = As(user).Get(path);
      // The users pages are the administrator's: others are refused by role.
      EXPECT_EQ(r.status, users_page && !user.starts_with("admin@") ? 403 : 404) << user << " GET " << path;
      EXPECT_EQ(r.body.find(item_title_), std::string::npos) << user << " GET " << path;
    }
    EXPECT_EQ(As("platform@jingansi").Get(path).status, 403) << "platform GET " << path;
  }
  EXPECT_EQ(State(), before) << "a refused read writes nothing";
}

TEST_F(IsolationTest, ListsSearchAndSettingsShowOnlyTheReadersOwnAgency) {
  for (const std::string& user : kOthers) {
    auto apps = As(user).Get("/staff/applications?filter=all");
    EXPECT_EQ(apps.body.find(ref_), std::string::npos) << user;
    auto items = As(user).Get("/staff/items");
    EXPECT_EQ(items.body.find(item_title_), std::string::npos) << user;
    auto search = As(user).Get("/staff/search?q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF");  // 加装电梯
    EXPECT_EQ(search.body.find("/staff/items/" + std::to_string(published_) + "\""), std::string::npos) << user;
    auto explanations = As(user).Get("/staff/explanations");
    EXPECT_EQ(explanations.body.find(explanation_ref_), std::string::npos) << user;
    auto orders = As(user).Get("/staff/orders");
    EXPECT_EQ(orders.body.find("栏目更新不及时"), std::string::npos) << user;
  }
  for (const char* admin : {"admin@nanjingxilu", "admin@fgw"}) {
    auto users = As(admin).Get("/staff/admin/users");
    ASSERT_EQ(users.status, 200) << admin;
    EXPECT_EQ(users.body.find("王承办"), std::string::npos) << admin << ": the demo office's clerk";
    EXPECT_NE(users.body.find("他机关承办人"), std::string::npos) << admin;
    auto settings = As(admin).Get("/staff/admin/agency");
    ASSERT_EQ(settings.status, 200) << admin;
    EXPECT_EQ(settings.body.find("静安寺街道党政办公室"), std::string::npos) << admin;
  }
  // The API answers in the caller's agency as well.
  HttpClient api = server_.Client();
  ASSERT_FALSE(api.ApiLogin("office@nanjingxilu").empty());
  auto list = api.Get("/api/v1/staff/items");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(item_title_), std::string::npos);
  auto mine = server_.Client();
  ASSERT_FALSE(mine.ApiLogin("office@jingansi").empty());
  EXPECT_NE(mine.Get("/api/v1/staff/items").body.find(item_title_), std::string::npos) << "the office's own list";
}

TEST_F(IsolationTest, NoUserOfAnotherAgencyChangesTheOfficesRecords) {
  std::string before = State();
  std::string app = "/staff/applications/" + std::to_string(case_);
  std::string item = "/staff/items/" + std::to_string(item_);
  std::string dept = std::to_string(Int("SELECT MIN(id) FROM departments WHERE agency_id = ?", {agency_}));
  struct Write {
    std::string path;
    Fields fields;
  };
  std::vector<Write> writes = {
      {app + "/act/assign", {{"department_id", dept}}},
      {app + "/act/close", {{"note", "x"}}},
      {item + "/act", {{"action", "submit"}}},
      {item + "/act", {{"action", "withdraw"}, {"reason", "x"}}},
      {item, {{"title", "被改掉的标题"}}},
      {item + "/attachments/" + std::to_string(attachment_) + "/delete", {}},
      {"/staff/items/" + std::to_string(published_) + "/validity", {{"validity", "repealed"}}},
      {"/staff/explanations/" + std::to_string(explanation_) + "/assign", {{"department", dept}}},
      {"/staff/orders/" + std::to_string(order_) + "/close", {{"note", "x"}}},
      {"/staff/orders/" + std::to_string(order_) + "/report", {{"report", "x"}}},
      {"/staff/admin/users/" + std::to_string(clerk_) + "/password", {{"password", "Taken-over-1"},
                                                                        {"password2", "Taken-over-1"}}},
      {"/staff/admin/users/" + std::to_string(clerk_),
       {{"username", "clerk"}, {"display_name", "被改掉的姓名"}, {"roles", "admin"}, {"active", "1"}}},
      {"/staff/district/agencies/jingansi/orders/" + std::to_string(order_) + "/close", {{"note", "x"}}},
  };
  for (const std::string& user : kOthers) {
    std::string csrf = HttpClient::CsrfFrom(As(user).Get("/staff").body);
    for (const Write& w : writes) {
      Fields f = w.fields;
      f.emplace_back("_csrf", csrf);
      int status = As(user).PostForm(w.path, f).status;
      EXPECT_TRUE(status == 404 || status == 403) << user << " POST " << w.path << " → " << status;
    }
  }
  EXPECT_EQ(State(), before);
  // The demo clerk's password is still theirs.
  HttpClient clerk = server_.Client();
  auto form = clerk.Get("/staff/login");
  EXPECT_EQ(clerk.PostForm("/staff/login", {{"_csrf", HttpClient::CsrfFrom(form.body)},
                                             {"username", "clerk@jingansi"},
                                             {"password", accounts::kDemoPassword}})
                .status,
            303);
}

// The upper office reads the agencies below it through its own pages, and
// those pages offer no change to the agency's records.
TEST_F(IsolationTest, TheUpperOfficesViewsAreReadOnly) {
  auto view = As("upper@jingan").Get("/staff/district/agencies/jingansi");
  ASSERT_EQ(view.status, 200);
  // The forms on the page: the layout's logout and the order form (its own
  // record), nothing else.
  ASSERT_NE(view.body.find("action=\"/staff/logout\""), std::string::npos);
  size_t forms = 0;
  for (size_t at = view.body.find("method=\"post\""); at != std::string::npos;
       at = view.body.find("method=\"post\"", at + 1)) {
    ++forms;
  }
  EXPECT_EQ(forms, 2u);
  EXPECT_NE(view.body.find("/staff/district/agencies/jingansi/orders\""), std::string::npos);
  // The order the agency's own 领导小组 issued is neither shown nor closable.
  EXPECT_EQ(As("upper@jingan").Get("/staff/district/agencies/jingansi/orders/" + std::to_string(order_)).status, 404);
  auto ledger = As("upper@jingan").Get("/staff/district/agencies/jingansi/ledger?year=2025");
  ASSERT_EQ(ledger.status, 200);
  EXPECT_EQ(ledger.body.find("method=\"post\""), ledger.body.rfind("method=\"post\"")) << "the logout form only";
  EXPECT_EQ(ledger.body.find("张三"), std::string::npos) << "no applicant's name";
}

}  // namespace
}  // namespace gk::web
