// A public form sent twice — the answer lost on the way, the button pressed
// again, two tabs — files one case and shows the same receipt, query code
// included; the token is worth nothing to another visitor, and a new form
// is a new submission.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <thread>

#include "support/http_client.h"

namespace gk::web {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::TestServer;

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string Between(const std::string& s, const std::string& open, const std::string& close) {
  size_t a = s.find(open);
  if (a == std::string::npos) return "";
  a += open.size();
  return s.substr(a, s.find(close, a) - a);
}

std::string OnceFrom(const std::string& page) { return Between(page, "name=\"_once\" value=\"", "\""); }

Fields Application(const std::string& form_page) {
  return {{"_csrf", HttpClient::CsrfFrom(form_page)},
          {"_once", OnceFrom(form_page)},
          {"applicant_type", "natural"},
          {"name", "张三"},
          {"id_type", "居民身份证"},
          {"id_number", "11010519491231002X"},
          {"phone", "13812345678"},
          {"info_title", "加装电梯补贴名单"},
          {"form", "electronic"},
          {"delivery", "online"},
          {"consent", "1"}};
}

int64_t Applications(TestServer& s) { return testing::QueryInt(s.db().db(), "SELECT COUNT(*) FROM applications"); }

TEST(ResubmitTest, TheSameApplicationFormTwiceIsOneCaseWithOneReceipt) {
  TestServer server;
  HttpClient visitor = server.Client();
  auto form = visitor.Get("/apply");
  ASSERT_FALSE(OnceFrom(form.body).empty()) << "the form carries a submission token";
  Fields fields = Application(form.body);
  auto first = visitor.PostForm("/apply", fields);
  ASSERT_EQ(first.status, 200) << first.body.substr(0, 1500);
  const std::string ref = Between(first.body, "id=\"application-ref\">", "<");
  const std::string code = Between(first.body, "id=\"query-code\">", "<");
  ASSERT_FALSE(code.empty()) << first.body.substr(0, 3000);
  const int64_t filed = Applications(server);

  auto again = visitor.PostForm("/apply", fields);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(Between(again.body, "id=\"query-code\">", "<"), code) << "the same query code, derived again";
  EXPECT_EQ(Between(again.body, "id=\"application-ref\">", "<"), ref);
  EXPECT_EQ(Applications(server), filed) << "no second case";

  // The receipt's code finds the case.
  auto status_page = visitor.Get("/apply/status");
  auto found = visitor.PostForm("/apply/status", {{"_csrf", HttpClient::CsrfFrom(status_page.body)},
                                                  {"query_code", code}, {"phone", "13812345678"}});
  EXPECT_EQ(found.status, 200);
  EXPECT_NE(found.body.find(ref), std::string::npos) << found.body.substr(0, 2000);

  // A new form is a new application.
  auto second_form = visitor.Get("/apply");
  EXPECT_NE(OnceFrom(second_form.body), fields[1].second);
  auto second = visitor.PostForm("/apply", Application(second_form.body));
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(Between(second.body, "id=\"query-code\">", "<"), code);
  EXPECT_EQ(Applications(server), filed + 1);
}

TEST(ResubmitTest, AnotherVisitorWithTheTokenGetsACaseOfTheirOwn) {
  TestServer server;
  HttpClient visitor = server.Client();
  auto form = visitor.Get("/apply");
  Fields fields = Application(form.body);
  auto mine = visitor.PostForm("/apply", fields);
  ASSERT_EQ(mine.status, 200);
  const std::string code = Between(mine.body, "id=\"query-code\">", "<");

  HttpClient other = server.Client();
  auto their_form = other.Get("/apply");
  Fields theirs = Application(their_form.body);
  theirs[1].second = fields[1].second;  // my token in their form
  auto r = other.PostForm("/apply", theirs);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(Between(r.body, "id=\"query-code\">", "<"), code) << "my receipt is not shown to them";
  EXPECT_EQ(Applications(server), 2);
}

TEST(ResubmitTest, AFormCorrectedAfterAnErrorKeepsItsToken) {
  TestServer server;
  HttpClient visitor = server.Client();
  auto form = visitor.Get("/apply");
  Fields bad = Application(form.body);
  bad[5].second = "110105194912310021";  // a wrong check digit
  auto refused = visitor.PostForm("/apply", bad);
  ASSERT_EQ(refused.status, 400);
  EXPECT_EQ(OnceFrom(refused.body), bad[1].second) << "the form shown again is the same submission";
  EXPECT_EQ(Applications(server), 0);
  auto ok = visitor.PostForm("/apply", Application(refused.body));
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(Applications(server), 1);
}

TEST(ResubmitTest, TheSameFormSentEightTimesAtOnceFilesOnce) {
  TestServer server;
  HttpClient visitor = server.Client();
  auto form = visitor.Get("/apply");
  Fields fields = Application(form.body);
  std::vector<HttpResponse> answers(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < answers.size(); ++i) {
    threads.emplace_back([&, i] {
      HttpClient c = visitor;  // the same cookies
      answers[i] = c.PostForm("/apply", fields);
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> codes;
  for (const auto& a : answers) {
    EXPECT_EQ(a.status, 200) << a.body.substr(0, 500);
    codes.insert(Between(a.body, "id=\"query-code\">", "<"));
  }
  EXPECT_EQ(codes.size(), 1u);
  EXPECT_EQ(Applications(server), 1);
}

TEST(ResubmitTest, TheSameFeedbackFormTwiceIsOneCase) {
  TestServer server;
  HttpClient visitor = server.Client();
  auto form = visitor.Get("/feedback");
  std::smatch m;
  std::regex token("name=\"challenge_token\" value=\"([^\"]+)\"");
  std::regex question("验证问题：(\\d) 加 (\\d) 等于几？");
  ASSERT_TRUE(std::regex_search(form.body, m, token));
  std::string challenge = m[1];
  ASSERT_TRUE(std::regex_search(form.body, m, question));
  Fields fields = {{"_csrf", HttpClient::CsrfFrom(form.body)},
                   {"_once", OnceFrom(form.body)},
                   {"kind", "opinion"},
                   {"content", "建议公开加装电梯的补贴标准。"},
                   {"challenge_token", challenge},
                   {"challenge_answer", std::to_string(std::stoi(m[1]) + std::stoi(m[2]))}};
  ASSERT_FALSE(fields[1].second.empty());
  auto first = visitor.PostForm("/feedback", fields);
  ASSERT_EQ(first.status, 200) << first.body.substr(0, 1500);
  auto again = visitor.PostForm("/feedback", fields);
  ASSERT_EQ(again.status, 200);
  const std::string code = Between(first.body, "id=\"query-code\">", "<");
  ASSERT_FALSE(code.empty());
  EXPECT_EQ(Between(again.body, "id=\"query-code\">", "<"), code);
  EXPECT_EQ(Between(again.body, "id=\"feedback-ref\">", "<"), Between(first.body, "id=\"feedback-ref\">", "<"));
  EXPECT_EQ(testing::QueryInt(server.db().db(), "SELECT COUNT(*) FROM feedback_cases"), 1);
}

}  // namespace
}  // namespace gk::web
