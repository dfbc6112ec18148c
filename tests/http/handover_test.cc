// 转交 (条例 Art. 36(5)) over HTTP: the district home's apply chooser, the
// consent on the form, the hand-over from the staff case page, the
// applicant's status page in both columns, and each agency's staff seeing
// only their own case.
#include <gtest/gtest.h>

#include <regex>

#include "accounts/demo.h"
#include "accounts/directory.h"
#include "accounts/platform.h"
#include "disclosure/demo.h"
#include "support/http_client.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;

constexpr UnixSeconds kFriday20250926 = 1758852000;  // 10:00 in China
constexpr int64_t kDay = 86400;

class HandOverHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.clock().Set(kFriday20250926);
    auto key = accounts::LoadDataKey(server_.config().security);
    ASSERT_TRUE(key.ok());
    key_.emplace(std::move(*key));
    audit::Actor actor{std::nullopt, "test:platform"};
    ASSERT_TRUE(server_.db()
                    .db()
                    .Transact([&](store::Tx& tx) -> Status {
                      RETURN_IF_ERROR(accounts::AddAgency(tx, server_.clock(),
                                                          {"jingan", "上海市静安区人民政府",
                                                           accounts::AgencyKind::kDistrict, "",
                                                           {{"address", "常德路370号"}, {"phone", "021-1"},
                                                            {"office_hours", "工作日"}}},
                                                          actor)
                                          .status());
                      return accounts::AddAgency(tx, server_.clock(),
                                                 {"nanjingxilu", "南京西路街道办事处", accounts::AgencyKind::kStreet,
                                                  "jingan", {{"address", "南京西路街道某路2号"}, {"phone", "021-2222"}}},
                                                 actor)
                          .status();
                    })
                    .ok());
    ASSERT_TRUE(disclosure::ImportShippedData(server_.db().db(), server_.clock(), GK_SOURCE_DIR).ok());
    target_ = testing::QueryInt(server_.db().db(), "SELECT id FROM agencies WHERE code = 'nanjingxilu'");
    accounts::Context ctx{server_.db().db(), server_.clock(), server_.config().security, &*key_, GK_SOURCE_DIR};
    ASSERT_TRUE(accounts::Directory(ctx)
                    .CreateUser(accounts::Principal::CommandLine(target_, "test"),
                                {"njoffice", "南京西路公开办", std::nullopt, {accounts::Role::kDisclosureOffice}, true},
                                "Nanjing-xilu-9")
                    .ok());
  }

  HttpClient Login(const std::string& username, const std::string& password) {
    HttpClient c = server_.Client();
    auto form = c.Get("/staff/login");
    auto r = c.PostForm("/staff/login", {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"username", username},
                                         {"password", password}, {"next", "/staff"}});
    EXPECT_EQ(r.status, 303) << username;
    return c;
  }

  HttpResponse StatusPage(HttpClient& visitor, const std::string& column, const std::string& code) {
    auto form = visitor.Get(column + "/apply/status");
    return visitor.PostForm(column + "/apply/status", {{"_csrf", HttpClient::CsrfFrom(form.body)},
                                                       {"query_code", code}, {"phone", "13812345678"}});
  }

  TestServer server_;
  std::optional<DataKey> key_;
  int64_t target_ = 0;
};

TEST_F(HandOverHttpTest, TheDistrictHomeLetsTheApplicantChooseTheAgency) {
  HttpClient visitor = server_.Client();
  auto home = visitor.Get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("href=\"/apply\""), std::string::npos) << "the district home links to the chooser";
  auto chooser = visitor.Get("/apply");
  ASSERT_EQ(chooser.status, 200);
  size_t streets = chooser.body.find("<h2>街道镇</h2>");
  ASSERT_NE(streets, std::string::npos);
  EXPECT_LT(chooser.body.find("<h2>区人民政府</h2>"), streets);
  EXPECT_GT(chooser.body.find("href=\"/nanjingxilu/apply\""), streets);
  EXPECT_NE(chooser.body.find("href=\"/jingansi/apply\""), std::string::npos);
  EXPECT_EQ(chooser.body.find("name=\"id_number\""), std::string::npos) << "no form before an agency is chosen";
  auto form = visitor.Get("/nanjingxilu/apply");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("action=\"/nanjingxilu/apply\""), std::string::npos) << "preset by the column";
  EXPECT_NE(form.body.find("name=\"transfer_consent\""), std::string::npos);
}

TEST_F(HandOverHttpTest, HandedOverFromTheCasePageAndFollowedInTheOtherColumn) {
  HttpClient visitor = server_.Client();
  auto form = visitor.Get("/jingansi/apply");
  auto receipt = visitor.PostForm(
      "/jingansi/apply",
      {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"applicant_type", "natural"}, {"name", "张三"},
       {"id_type", "居民身份证"}, {"id_number", "11010519491231002X"}, {"phone", "13812345678"},
       {"info_title", "南京西路街道2025年老旧小区改造计划"}, {"form", "electronic"}, {"delivery", "online"},
       {"transfer_consent", "1"}, {"consent", "1"}});
  ASSERT_EQ(receipt.status, 200) << receipt.body.substr(0, 2000);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(receipt.body, m, std::regex(R"(id="query-code">([A-Z0-9-]{14})<)")));
  const std::string code = m[1].str();
  int64_t id = testing::QueryInt(server_.db().db(), "SELECT MAX(id) FROM applications");

  server_.clock().Set(kFriday20250926 + 13 * kDay);  // 2025-10-09
  HttpClient office = Login("office@jingansi", accounts::kDemoPassword);
  const std::string path = "/staff/applications/" + std::to_string(id);
  auto page = office.Get(path);
  ASSERT_EQ(page.status, 200);
  ASSERT_NE(page.body.find("id=\"hand-over\""), std::string::npos);
  EXPECT_NE(page.body.find("<option value=\"" + std::to_string(target_) + "\">南京西路街道办事处</option>"),
            std::string::npos);
  EXPECT_NE(page.body.find("申请人同意：如本机关不负责公开"), std::string::npos) << "the consent from the form";
  auto acted = office.PostForm(path + "/act/hand_over", {{"_csrf", HttpClient::CsrfFrom(page.body)},
                                                         {"target_agency_id", std::to_string(target_)},
                                                         {"note", "该计划由南京西路街道办事处制定并保存"}});
  ASSERT_EQ(acted.status, 303) << acted.body.substr(0, 2000);
  page = office.Get(path);
  EXPECT_NE(page.body.find("id=\"handed-to\""), std::string::npos);
  EXPECT_NE(page.body.find("该机关申请编号 2025-0001"), std::string::npos);
  EXPECT_EQ(page.body.find("id=\"hand-over\""), std::string::npos) << "not offered twice";

  int64_t to_id = testing::QueryInt(server_.db().db(), "SELECT to_application_id FROM application_handovers");
  ASSERT_GT(to_id, 0);
  const std::string theirs_path = "/staff/applications/" + std::to_string(to_id);
  EXPECT_EQ(office.Get(theirs_path).status, 404) << "the handing office cannot open the other agency's case";

  HttpClient them = Login("njoffice@nanjingxilu", "Nanjing-xilu-9");
  auto theirs = them.Get(theirs_path);
  ASSERT_EQ(theirs.status, 200);
  EXPECT_NE(theirs.body.find("由静安寺街道办事处转来：原申请编号 2025-0001，原收到申请日期 2025-09-26"),
            std::string::npos);
  EXPECT_NE(theirs.body.find("2025-10-09"), std::string::npos);
  EXPECT_EQ(them.Get(path).status, 404);
  auto inbox = them.Get("/staff/applications?filter=open");
  EXPECT_NE(inbox.body.find("南京西路街道2025年老旧小区改造计划"), std::string::npos);

  // The applicant: told in the first column, followed in the second with the same code.
  auto here = StatusPage(visitor, "/jingansi", code);
  ASSERT_EQ(here.status, 200);
  EXPECT_NE(here.body.find("id=\"handed-to\""), std::string::npos);
  EXPECT_NE(here.body.find("action=\"/nanjingxilu/apply/status\""), std::string::npos);
  EXPECT_NE(here.body.find("政府信息公开申请答复书"), std::string::npos) << "the letter to download";
  auto there = StatusPage(visitor, "/nanjingxilu", code);
  ASSERT_EQ(there.status, 200) << there.body.substr(0, 2000);
  EXPECT_NE(there.body.find("id=\"handed-from\""), std::string::npos);
  EXPECT_NE(there.body.find("本申请由静安寺街道办事处转来"), std::string::npos);
}

}  // namespace
}  // namespace gk::web
