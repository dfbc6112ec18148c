// The excerpt of a long body read from a prefix of it: the same excerpt as
// from the whole text, whatever the text and the query.
#include "search/excerpt.h"

#include <gtest/gtest.h>

#include <random>

#include "text/fold.h"
#include "text/tokenize.h"

namespace gk::search::internal {
namespace {

std::vector<text::Phrase> Parse(const std::string& query) { return text::ParseQuery(text::FoldForSearch(query)); }

std::string FromWhole(const std::string& body, const std::vector<text::Phrase>& phrases) {
  return Excerpt(body, MatchRanges(body, phrases));
}

std::string FromPrefix(const std::string& body, const std::vector<text::Phrase>& phrases) {
  return Excerpt(body, ExcerptMarks(body, phrases));
}

TEST(ExcerptTest, AMatchFarIntoALongBodyIsFound) {
  std::string body;
  for (int i = 0; i < 2000; ++i) body += "街道工作安排。";
  body += "特别提示防汛。";
  for (int i = 0; i < 100; ++i) body += "街道工作安排。";
  auto phrases = Parse("防汛");
  std::string s = FromPrefix(body, phrases);
  EXPECT_NE(s.find("<mark>防汛</mark>"), std::string::npos) << s;
  EXPECT_EQ(s.rfind("…", 0), 0u) << s;
  EXPECT_EQ(s, FromWhole(body, phrases));
}

TEST(ExcerptTest, AnEarlyMatchAndItsNeighboursAreMarked) {
  std::string body = "为做好防汛工作，街道防汛办部署防汛。";
  for (int i = 0; i < 3000; ++i) body += "其他工作照常进行。";
  auto phrases = Parse("防汛");
  std::string s = FromPrefix(body, phrases);
  EXPECT_EQ(s.rfind("为做好<mark>防汛</mark>工作，街道<mark>防汛</mark>办部署<mark>防汛</mark>。", 0), 0u) << s;
  EXPECT_EQ(s, FromWhole(body, phrases));
}

TEST(ExcerptTest, NoMatchInTheBodyGivesItsStart) {
  std::string body;
  for (int i = 0; i < 3000; ++i) body += "街道工作安排。";
  auto phrases = Parse("防汛");
  EXPECT_TRUE(ExcerptMarks(body, phrases).empty());
  EXPECT_EQ(FromPrefix(body, phrases), FromWhole(body, phrases));
}

// Random bodies of every length up to 40 KB from a small alphabet (so that
// queries match often and anywhere), with what makes folding and
// tokenizing depend on context: runs of CJK, punctuation, letters and
// digits, traditional characters, full-width forms, combining marks, one
// character folding to two (㍻ → 平成), characters outside the BMP.
TEST(ExcerptTest, RandomBodiesGiveTheExcerptOfTheWholeText) {
  const std::vector<std::string> pieces = {
      "公", "开", "信", "息", "政", "府", "街", "道", "办", "事", "处", "防", "汛", "年", "第", "条",
      "公开", "信息公开", "政府", "資訊", "公開", "，", "。", "、", "（", "）", " ", "\n",
      "a", "b", "wifi", "WiFi", "ＷｉＦｉ", "2025", "３", "e\xCC\x81", "\xCC\x81", "㍻", "平成", "\xF0\xA0\x80\x80", "ー", "の",
  };
  const std::vector<std::string> queries = {
      "公开", "信息公开", "公", "开", "政府资讯", "公開", "wifi", "2025年", "第3条", "公开 政府", "平成", "年",
      "防汛", "信息，公开", "é", "\xF0\xA0\x80\x80", "开信息公开政府", "办事处",
  };
  std::mt19937 rng(20261207);
  int shortened = 0;  // bodies longer than the first prefix whose match comes early
  for (int round = 0; round < 600; ++round) {
    std::string body;
    size_t target = std::uniform_int_distribution<size_t>(0, round % 3 == 0 ? 40000 : 6000)(rng);
    // Sometimes long runs of one kind: a Latin or punctuation-only stretch
    // leaves the prefix no place to be cut.
    int mode = round % 5;
    while (body.size() < target) {
      size_t k = std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng);
      if (mode == 4 && body.size() < target / 2) k = 28 + k % 4;  // letters only
      body += pieces[k];
    }
    const std::string& query = queries[static_cast<size_t>(round) % queries.size()];
    auto phrases = Parse(query);
    ASSERT_FALSE(phrases.empty()) << query;
    ByteRanges whole = MatchRanges(body, phrases);
    if (body.size() > 4096 && !whole.empty() && whole.front().first < 1024) ++shortened;
    ASSERT_EQ(FromPrefix(body, phrases), FromWhole(body, phrases)) << "round " << round << " query " << query;
  }
  EXPECT_GT(shortened, 50);
}

// text::MayMatch is only ever false where the tokens find nothing: texts
// made of the queries' own pieces, where it must often say yes and
// sometimes no.
TEST(ExcerptTest, MayMatchIsFalseOnlyWhereNothingMatches) {
  const std::vector<std::string> pieces = {
      "公", "开", "信息", "政", "府", "资讯", "公開", "，", " ", "wifi", "WiFi", "2025", "年", "第", "3", "条",
      "防汛", "办事处", "e\xCC\x81", "平成", "㍻", "ー", "\xF0\xA0\x80\x80",
  };
  const std::vector<std::string> queries = {
      "公开", "信息公开", "公", "政府资讯", "wifi", "2025年", "第3条", "公开 政府", "平成", "防汛", "é", "办事处",
      "wif", "年第",
  };
  std::mt19937 rng(7);
  int yes = 0, no = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    size_t n = std::uniform_int_distribution<size_t>(0, 12)(rng);
    for (size_t i = 0; i < n; ++i) text += pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng)];
    const std::string& query = queries[static_cast<size_t>(round) % queries.size()];
    auto phrases = Parse(query);
    text::FoldedCodePoints f = text::FoldToCodePoints(text);
    bool found = !text::FindMatches(f.cps, text::TokenSpans(f.cps), phrases).empty();
    bool may = text::MayMatch(f.cps, phrases);
    if (found) {
      EXPECT_TRUE(may) << text << " / " << query;
    }
    (may ? yes : no)++;
  }
  EXPECT_GT(yes, 400);
  EXPECT_GT(no, 400);
}

}  // namespace
}  // namespace gk::search::internal
