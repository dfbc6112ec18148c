// Feedback and complaints over HTTP: a visitor complains about a published
// item (challenge, receipt, query code), each staff member sees what their
// role allows, the 公开办 replies, and the visitor reads the reply and
// downloads the letter with the code.
#include <gtest/gtest.h>

#include <regex>

#include "support/http_client.h"
#include "support/pdf_text.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::TestServer;

// The challenge of a form page: its token and the answer to "a 加 b 等于几？".
std::pair<std::string, std::string> Challenge(const std::string& page) {
  std::smatch m;
  std::regex token("name=\"challenge_token\" value=\"([^\"]+)\"");
  std::regex question("验证问题：(\\d) 加 (\\d) 等于几？");
  if (!std::regex_search(page, m, token)) return {};
  std::string t = m[1];
  if (!std::regex_search(page, m, question)) return {};
  return {t, std::to_string(std::stoi(m[1]) + std::stoi(m[2]))};
}

std::string Between(const std::string& s, const std::string& open, const std::string& close) {
  size_t a = s.find(open);
  if (a == std::string::npos) return "";
  a += open.size();
  return s.substr(a, s.find(close, a) - a);
}

TEST(FeedbackHttpTest, VisitorComplainsOfficeRepliesVisitorReads) {
  TestServer server;
  testing::PublishDemoItem(server);
  HttpClient visitor = server.Client();
  auto item = visitor.Get("/items/1");
  ASSERT_EQ(item.status, 200);
  EXPECT_NE(item.body.find("href=\"/feedback?item=1\""), std::string::npos) << "the item page links to the form";
  auto form = visitor.Get("/feedback?item=1");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("既有多层住宅加装电梯"), std::string::npos) << "the item is named";
  auto [token, answer] = Challenge(form.body);
  ASSERT_FALSE(token.empty()) << form.body;
  std::string csrf = HttpClient::CsrfFrom(form.body);
  std::vector<std::pair<std::string, std::string>> fields = {
      {"_csrf", csrf}, {"item", "1"}, {"kind", "complaint"}, {"content", "方案<script>x</script>未公布补贴申请材料清单。"},
      {"name", "刘女士"}, {"challenge_token", token}, {"challenge_answer", "0"}};
  auto wrong = visitor.PostForm("/feedback", fields);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(wrong.body.find("验证问题回答不正确"), std::string::npos);
  EXPECT_NE(wrong.body.find("方案&lt;script&gt;x&lt;/script&gt;未公布补贴申请材料清单。"), std::string::npos)
      << "what was typed is kept, escaped";
  auto [token2, answer2] = Challenge(wrong.body);
  fields[5] = {"challenge_token", token2};
  fields[6] = {"challenge_answer", answer2};
  fields[0] = {"_csrf", HttpClient::CsrfFrom(wrong.body)};
  auto receipt = visitor.PostForm("/feedback", fields);
  ASSERT_EQ(receipt.status, 200) << receipt.body.substr(0, 2000);
  std::string ref = Between(receipt.body, "id=\"feedback-ref\">", "<");
  std::string code = Between(receipt.body, "id=\"query-code\">", "<");
  EXPECT_EQ(ref.rfind("FK", 0), 0u);
  ASSERT_FALSE(code.empty());

  auto lookup_page = visitor.Get("/feedback/status");
  auto pending = visitor.PostForm("/feedback/status", {{"_csrf", HttpClient::CsrfFrom(lookup_page.body)},
                                                       {"query_code", code}});
  ASSERT_EQ(pending.status, 200);
  EXPECT_NE(pending.body.find("待办理"), std::string::npos);
  EXPECT_EQ(visitor.PostForm("/feedback/status", {{"_csrf", HttpClient::CsrfFrom(lookup_page.body)},
                                                  {"query_code", "AAAA-BBBB-CCCC"}}).status,
            404);

  // The department sees nothing that was not forwarded to it; the 监察办 sees it.
  HttpClient clerk = server.LoggedIn("clerk");
  EXPECT_EQ(clerk.Get("/staff/feedback").body.find(ref), std::string::npos);
  std::string id = std::to_string(testing::QueryInt(server.db().db(), "SELECT id FROM feedback_cases"));
  EXPECT_EQ(clerk.Get("/staff/feedback/" + id).status, 404);
  HttpClient supervisor = server.LoggedIn("supervisor");
  auto watched = supervisor.Get("/staff/feedback");
  EXPECT_NE(watched.body.find(ref), std::string::npos);
  auto watched_case = supervisor.Get("/staff/feedback/" + id);
  EXPECT_EQ(watched_case.body.find("id=\"reply-form\""), std::string::npos) << "the 监察办 watches, does not reply";
  EXPECT_EQ(supervisor.PostForm("/staff/feedback/" + id + "/reply",
                                {{"_csrf", HttpClient::CsrfFrom(watched_case.body)}, {"text", "x"},
                                 {"form", "direct"}}).status,
            403);

  HttpClient office = server.LoggedIn("office");
  // For the published item, the people responsible at each level are named on its page.
  auto item_page = office.Get("/staff/items/1");
  for (const char* s : {"承办责任", "王承办", "直接领导责任", "李主任", "部门负责人审核", "全面领导责任", "陈主任",
                        "主要领导审批"}) {
    EXPECT_NE(item_page.body.find(s), std::string::npos) << s;
  }
  auto page = office.Get("/staff/feedback/" + id);
  ASSERT_NE(page.body.find("id=\"reply-form\""), std::string::npos);
  // Forwarded to the department that drafted the item: now it sees the case
  // and answers; another department still does not see it.
  const int64_t community = testing::QueryInt(server.db().db(), "SELECT id FROM departments WHERE name = '社区服务办公室'");
  ASSERT_EQ(office.PostForm("/staff/feedback/" + id + "/forward",
                            {{"_csrf", HttpClient::CsrfFrom(page.body)}, {"department", std::to_string(community)},
                             {"note", "请核实材料清单"}}).status,
            303);
  EXPECT_NE(clerk.Get("/staff/feedback").body.find(ref), std::string::npos);
  EXPECT_EQ(server.LoggedIn("secrecy").Get("/staff/feedback/" + id).status, 404);
  auto dept_page = clerk.Get("/staff/feedback/" + id);
  ASSERT_EQ(clerk.PostForm("/staff/feedback/" + id + "/answer",
                           {{"_csrf", HttpClient::CsrfFrom(dept_page.body)}, {"text", "清单已补充。"}}).status,
            303);
  page = office.Get("/staff/feedback/" + id);
  EXPECT_NE(page.body.find("清单已补充。"), std::string::npos) << "the department's answer is shown to the 公开办";
  auto replied = office.PostForm("/staff/feedback/" + id + "/reply",
                                 {{"_csrf", HttpClient::CsrfFrom(page.body)},
                                  {"text", "材料清单已于当日补充公开，感谢监督。"}, {"form", "direct"}});
  ASSERT_EQ(replied.status, 303);

  EXPECT_NE(office.Get("/staff/feedback/" + id).body.find("孙公开"), std::string::npos) << "the handler is named";
  auto done = visitor.PostForm("/feedback/status", {{"_csrf", HttpClient::CsrfFrom(lookup_page.body)},
                                                    {"query_code", code}});
  EXPECT_NE(done.body.find("已答复"), std::string::npos);
  EXPECT_NE(done.body.find("材料清单已于当日补充公开，感谢监督。"), std::string::npos);
  auto letter = visitor.PostForm("/feedback/letter", {{"_csrf", HttpClient::CsrfFrom(done.body)},
                                                      {"query_code", code}, {"format", "pdf"}});
  ASSERT_EQ(letter.status, 200);
  EXPECT_EQ(letter.Header("content-type"), "application/pdf");
  EXPECT_NE(testing::PdfText(letter.body).find("材料清单已于当日补充公开"), std::string::npos);

  std::string year = std::to_string(ChinaDate(server.clock().Now()).year);
  EXPECT_NE(clerk.Get("/staff/ledger?year=" + year).body.find("投诉 " + ref + "（已答复）"), std::string::npos)
      << "the ledger's feedback column";

  // The 领导小组 turns the complaint into a rectification order.
  HttpClient group = server.LoggedIn("group");
  EXPECT_NE(group.Get("/staff/feedback/" + id).body.find("/staff/orders/new?feedback=" + id), std::string::npos);
  auto order_form = group.Get("/staff/orders/new?feedback=" + id);
  EXPECT_NE(order_form.body.find("投诉（" + ref + "）反映：方案&lt;script&gt;"), std::string::npos);
  int64_t dept = testing::QueryInt(server.db().db(), "SELECT id FROM departments WHERE name = '社区服务办公室'");
  auto ordered = group.PostForm("/staff/orders", {{"_csrf", HttpClient::CsrfFrom(order_form.body)},
                                                  {"department", std::to_string(dept)},
                                                  {"problem", "公开的方案缺少材料清单。"},
                                                  {"requirement", "补充公开并说明原因。"},
                                                  {"due_on", ChinaDate(server.clock().Now()).AddDays(10).ToString()},
                                                  {"feedback", id}});
  ASSERT_EQ(ordered.status, 303);
  EXPECT_NE(group.Get(ordered.Header("location")).body.find(">" + ref + "</a>"), std::string::npos)
      << "the order links to the complaint";
}

TEST(FeedbackHttpTest, OfficeRegistersACallAndPassesOnTheCode) {
  TestServer server;
  HttpClient clerk = server.LoggedIn("clerk");
  auto refused = clerk.Get("/staff/feedback/new");
  EXPECT_EQ(refused.status, 403);
  HttpClient office = server.LoggedIn("office");
  auto form = office.Get("/staff/feedback/new");
  ASSERT_EQ(form.status, 200);
  auto bad = office.PostForm("/staff/feedback", {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"channel", "phone"},
                                                 {"kind", "suggestion"}, {"content", " "}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT count(*) FROM feedback_cases"), 0);
  auto made = office.PostForm("/staff/feedback", {{"_csrf", HttpClient::CsrfFrom(form.body)}, {"channel", "phone"},
                                                  {"kind", "suggestion"}, {"content", "建议公开栏增加大字版。"},
                                                  {"name", "赵先生"}, {"phone", "021-62561234"}});
  ASSERT_EQ(made.status, 303);
  std::string location = made.Header("location");
  std::string code = location.substr(location.find("code=") + 5);
  auto page = office.Get(location);
  EXPECT_NE(page.body.find("id=\"query-code\">" + code + "<"), std::string::npos) << "shown once to pass on";
  EXPECT_NE(page.body.find("<dt>来源</dt><dd>电话</dd>"), std::string::npos);
  EXPECT_EQ(page.body.find("021-62561234"), std::string::npos) << "contact details masked";
  auto forged = office.Get(location.substr(0, location.find("code=")) + "code=AAAA-BBBB-CCCC");
  EXPECT_EQ(forged.body.find("id=\"query-code\""), std::string::npos) << "a code not of this case is not shown";
  HttpClient visitor = server.Client();
  auto lookup = visitor.Get("/feedback/status");
  auto found = visitor.PostForm("/feedback/status", {{"_csrf", HttpClient::CsrfFrom(lookup.body)}, {"query_code", code}});
  EXPECT_EQ(found.status, 200);
  EXPECT_NE(found.body.find("建议公开栏增加大字版。"), std::string::npos);
}

}  // namespace
}  // namespace gk::web
