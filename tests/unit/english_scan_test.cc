// The English-text rule (web/english.h) and the page scanner the HTTP tests
// run on every HTML page (support/english_scan.h).
#include "support/english_scan.h"

#include <gtest/gtest.h>

#include "web/english.h"
#include "web/page.h"
#include "web/render.h"

namespace gk {
namespace {

using web::EnglishRuns;

TEST(EnglishRunsTest, FlagsSentencesAndShortErrorPhrases) {
  static const struct {
    const char* text;
    std::vector<std::string> runs;
  } cases[] = {
      {"主动公开时限无法计算：no working-day calendar for 2027: load the State Council holiday notice for 2027 first",
       {"no working-day calendar for", "load the State Council holiday notice for"}},
      {"not found", {"not found"}},
      {"InvalidArgument: bad thing happened", {"InvalidArgument: bad thing happened"}},
      {"提交的内容格式错误：malformed multipart body", {"malformed multipart body"}},
      {"duplicate value, please retry", {"duplicate value, please retry"}},
  };
  for (const auto& c : cases) EXPECT_EQ(EnglishRuns(c.text), c.runs) << c.text;
}

TEST(EnglishRunsTest, IgnoresAbbreviationsNamesAndIdentifiers) {
  for (const char* text : {"支持 PDF、DOCX、XLSX 与 OFD 格式", "PDF DOCX XLSX OFD", "annual_report_draft.pdf",
                           "详见 https://example.org/open/guide/index.html", "用户 office 已创建", "申请人 Zhang San",
                           "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           "user@example.com", "Hello world", "静安寺街道 2026 年报", "sha256:ab12cd"}) {
    EXPECT_EQ(EnglishRuns(text), std::vector<std::string>{}) << text;
  }
}

TEST(EnglishScanTest, FlagsAnEnglishSentenceInTextAndInAttributesPeopleRead) {
  auto hits = testing::FindEnglish(
      "<!DOCTYPE html><html><head><title>Page not found</title></head><body>"
      "<p class=\"form-error\">the search text is longer than 100 characters</p>"
      "<input type=\"search\" placeholder=\"Search the catalog here\">"
      "<input type=\"submit\" value=\"Send the form\"><img alt=\"logo of the office\" src=\"/a.png\">"
      "<a href=\"/x\" title=\"open the next page\" aria-label=\"next page of results\">下一页</a>"
      "</body></html>");
  std::vector<std::string> texts;
  for (const auto& h : hits) texts.push_back(h.where + "|" + h.text);
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "text in <title>|Page not found",
                       "text in <p>|the search text is longer than",
                       "placeholder of <input>|Search the catalog here",
                       "value of <input type=submit>|Send the form",
                       "alt of <img>|logo of the office",
                       "title of <a>|open the next page",
                       "aria-label of <a>|next page of results",
                   }));
}

TEST(EnglishScanTest, IgnoresCodeIdentifiersScriptsAndWhatWasTyped) {
  auto hits = testing::FindEnglish(
      "<html><body><h1>政府信息公开</h1>"
      "<p>运行 <code>gongkai workdays add the next day</code> 或 <kbd>press the enter key</kbd>。</p>"
      "<pre>load the State Council notice first</pre><samp>no such file or directory</samp>"
      "<p>文件名：<span class=\"ident\">minutes of the meeting.docx</span></p>"
      "<span data-ident>report for the board</span>"
      "<div class=\"meta ident\">value of the hash</div>"
      "<script>var msg = 'this is not shown';</script><style>/* the style of the page */</style>"
      "<textarea name=\"body\">what the person typed in English</textarea>"
      "<input type=\"text\" value=\"a value typed by someone\">"
      "<p class=\"identity\">but this one is shown</p>"
      "</body></html>");
  ASSERT_EQ(hits.size(), 1u) << testing::DescribeEnglish(hits);
  EXPECT_EQ(hits[0].text, "but this one is shown");
}

}  // namespace
}  // namespace gk

namespace gk::web {
namespace {

TEST(MessageForPeopleTest, ChineseMessagesPassEnglishAndInternalOnesAreReplaced) {
  auto r = Renderer::Load(GK_SOURCE_DIR);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  bool replaced = true;
  EXPECT_EQ(MessageForPeople(*r, InvalidArgument("标题不能为空"), &replaced), "标题不能为空");
  EXPECT_FALSE(replaced);
  EXPECT_EQ(MessageForPeople(*r, InvalidArgument("附件 report.pdf 超过 20 MB"), &replaced), "附件 report.pdf 超过 20 MB");
  EXPECT_FALSE(replaced);
  EXPECT_EQ(MessageForPeople(*r, Conflict("duplicate value: UNIQUE constraint failed: users.username"), &replaced),
            "该记录已存在或已被他人修改，请刷新页面后重试。");
  EXPECT_TRUE(replaced);
  EXPECT_EQ(MessageForPeople(*r, OutOfRange("no working-day calendar for 2027: load the notice first")),
            "超出了可以计算的范围。");
  EXPECT_EQ(MessageForPeople(*r, Internal("标题不能为空")), "服务器内部错误") << "internal texts stay in the log";
  EXPECT_EQ(MessageForPeople(*r, Unavailable("database is busy")), "系统暂时无法访问，请稍后再试");
  EXPECT_EQ(MessageForPeople(*r, NotFound("")), "您访问的内容不存在或已被删除。");
}

}  // namespace
}  // namespace gk::web
