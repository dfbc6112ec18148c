// The district 政务公开办 on the platform over HTTP: the comparison of the
// agencies below it, an agency's read-only view, a filing submitted by the
// office and accepted in the queue, and a rectification order the agency's
// leadership then sees — and none of it for anyone else.
#include <gtest/gtest.h>

#include <optional>
#include <regex>

#include "accounts/demo.h"
#include "accounts/directory.h"
#include "accounts/platform.h"
#include "base/clock.h"
#include "disclosure/reference.h"
#include "support/http_client.h"
#include "support/published.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

class DistrictHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = accounts::LoadDataKey(server_.config().security);
    ASSERT_TRUE(key.ok());
    key_.emplace(std::move(*key));
    agency_ = testing::QueryInt(server_.db().db(), "SELECT id FROM agencies WHERE code = 'jingansi'");
    ASSERT_GT(agency_, 0);
    audit::Actor actor{std::nullopt, "test:district"};
    int64_t district = 0;
    ASSERT_TRUE(server_.db()
                    .db()
                    .Transact([&](store::Tx& tx) -> Status {
                      ASSIGN_OR_RETURN(auto d, accounts::AddAgency(tx, server_.clock(),
                                                                   {"jingan",
                                                                    "上海市静安区人民政府",
                                                                    accounts::AgencyKind::kDistrict,
                                                                    "",
                                                                    {{"address", "常德路370号"},
                                                                     {"phone", "021-1"},
                                                                     {"office_hours", "工作日"}}},
                                                                   actor));
                      district = d.agency.id;
                      RETURN_IF_ERROR(accounts::AddAgency(tx, server_.clock(),
                                                          {"nanjingxilu",
                                                           "南京西路街道办事处",
                                                           accounts::AgencyKind::kStreet,
                                                           "jingan",
                                                           {{"address", "南京西路"}, {"phone", "021-2"}}},
                                                          actor)
                                          .status());
                      return tx.Exec("UPDATE agencies SET parent_id = ?, kind = 'street' WHERE id = ?",
                                     {district, agency_})
                          .status();
                    })
                    .ok());
    accounts::Directory dir(Ctx());
    ASSERT_TRUE(dir.CreateUser(accounts::Principal::CommandLine(district, "test"),
                               {"upper", "区公开办钱科长", std::nullopt, {accounts::Role::kUpperOffice}},
                               "Upper-office-1")
                    .ok());
  }

  accounts::Context Ctx() {
    return accounts::Context{server_.db().db(), server_.clock(), server_.config().security, &*key_, GK_SOURCE_DIR};
  }

  HttpClient Login(const std::string& username, const std::string& password) {
    HttpClient c = server_.Client();
    auto form = c.Get("/staff/login");
    auto r = c.PostForm("/staff/login",
                        {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"username", username}, {"password", password}});
    EXPECT_EQ(r.status, 303) << username << r.body;
    return c;
  }

  static bool Has(const std::string& body, const std::string& text) { return body.find(text) != std::string::npos; }

  TestServer server_;
  std::optional<DataKey> key_;
  int64_t agency_ = 0;
};

TEST_F(DistrictHttpTest, TheUpperOfficeComparesAgenciesReceivesAFilingAndOrdersACorrection) {
  auto ref = disclosure::LoadReferenceData(GK_SOURCE_DIR);
  ASSERT_TRUE(ref.ok());
  Date today = ChinaDate(server_.clock().Now());
  ASSERT_GT(testing::PublishThroughChain(Ctx(), *ref, agency_, "07", "关于社区服务时间调整的通知",
                                         today.AddDays(-3).ToString(), "正文"),
            0);

  HttpClient upper = Login("upper@jingan", "Upper-office-1");
  auto home = upper.Get("/staff");
  ASSERT_EQ(home.status, 200);
  EXPECT_TRUE(Has(home.body, "href=\"/staff/district\"")) << "the navigation leads to the district pages";
  auto dashboard = upper.Get("/staff/district");
  ASSERT_EQ(dashboard.status, 200);
  EXPECT_TRUE(Has(dashboard.body, "data-agency=\"jingansi\""));
  EXPECT_TRUE(Has(dashboard.body, "data-agency=\"nanjingxilu\""));
  EXPECT_FALSE(Has(dashboard.body, "data-agency=\"jingan\"")) << "not itself";
  // An agency's read-only view; its own agency and unknown codes are not there.
  auto view = upper.Get("/staff/district/agencies/jingansi");
  ASSERT_EQ(view.status, 200);
  EXPECT_TRUE(Has(view.body, "只读查看"));
  EXPECT_EQ(upper.Get("/staff/district/agencies/jingan").status, 404);
  EXPECT_EQ(upper.Get("/staff/district/agencies/nosuch").status, 404);
  auto ledger = upper.Get("/staff/district/agencies/jingansi/ledger?year=" + std::to_string(today.year));
  ASSERT_EQ(ledger.status, 200);
  EXPECT_TRUE(Has(ledger.body, "关于社区服务时间调整的通知"));

  // The office files on the platform.
  HttpClient office = Login("office@jingansi", accounts::kDemoPassword);
  auto page = office.Get("/staff/filings");
  ASSERT_EQ(page.status, 200);
  auto bad = office.PostForm("/staff/filings", {{"_csrf", HttpClient::CsrfFrom(page.body)},
                                                {"from", today.ToString()},
                                                {"to", today.AddDays(30).ToString()}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Has(bad.body, "备案期间不能晚于今天"));
  auto sent = office.PostForm("/staff/filings", {{"_csrf", HttpClient::CsrfFrom(page.body)},
                                                 {"from", Date{today.year, 1, 1}.ToString()},
                                                 {"to", today.ToString()},
                                                 {"note", "本年度至今"}});
  ASSERT_EQ(sent.status, 303) << sent.body;
  std::string filing = sent.Header("location");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(filing, m, std::regex("/staff/filings/([0-9]+)")));
  std::string id = m[1];

  // The upper office: in the queue, checked against the portal, accepted.
  auto queue = upper.Get("/staff/district/filings");
  ASSERT_EQ(queue.status, 200);
  EXPECT_TRUE(Has(queue.body, "/staff/district/filings/" + id));
  auto detail = upper.Get("/staff/district/filings/" + id);
  ASSERT_EQ(detail.status, 200);
  EXPECT_TRUE(Has(detail.body, "关于社区服务时间调整的通知"));
  EXPECT_TRUE(Has(detail.body, "与门户网站当前提供的内容一致"));
  EXPECT_EQ(office.Get("/staff/district/filings").status, 403) << "the queue is the upper office's";
  auto empty_return = upper.PostForm("/staff/district/filings/" + id + "/return",
                                     {{"_csrf", HttpClient::CsrfFrom(detail.body)}, {"remarks", ""}});
  EXPECT_EQ(empty_return.status, 400);
  auto accepted = upper.PostForm("/staff/district/filings/" + id + "/accept",
                                 {{"_csrf", HttpClient::CsrfFrom(detail.body)}, {"remarks", "已核对"}});
  ASSERT_EQ(accepted.status, 303) << accepted.body;
  auto own = office.Get("/staff/filings/" + id);
  ASSERT_EQ(own.status, 200);
  EXPECT_TRUE(Has(own.body, "已接收"));
  EXPECT_TRUE(Has(own.body, "已核对"));
  EXPECT_FALSE(Has(own.body, "/accept\"")) << "the office is offered no decision";

  // A rectification order to the office, seen by its leadership.
  int64_t dept = testing::QueryInt(server_.db().db(),
                                   "SELECT department_id FROM users WHERE username = 'depthead' AND agency_id = ?",
                                   {agency_});
  auto order = upper.PostForm("/staff/district/agencies/jingansi/orders",
                              {{"_csrf", HttpClient::CsrfFrom(view.body)},
                               {"department_id", std::to_string(dept)},
                               {"problem", "部分信息超期公开"},
                               {"requirement", "查明原因并建立提醒"},
                               {"due_on", today.AddDays(10).ToString()}});
  ASSERT_EQ(order.status, 303) << order.body;
  HttpClient group = Login("group@jingansi", accounts::kDemoPassword);
  auto orders = group.Get("/staff/orders");
  ASSERT_EQ(orders.status, 200);
  EXPECT_TRUE(Has(orders.body, "部分信息超期公开"));

  // Nobody else reaches the district pages.
  EXPECT_EQ(office.Get("/staff/district").status, 403);
  EXPECT_EQ(office.Get("/staff/district/agencies/nanjingxilu").status, 404);
  HttpClient platform = Login("platform@jingansi", accounts::kDemoPassword);
  EXPECT_EQ(platform.Get("/staff/district").status, 403);
}

}  // namespace
}  // namespace gk::web
