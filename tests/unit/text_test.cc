// Folding (width, case, traditional → simplified, bad bytes) and the CJK
// tokenizer: exact term streams, query phrases and highlight ranges.
#include <gtest/gtest.h>

#include <utf8proc.h>

#include <random>

#include "text/fold.h"
#include "text/tokenize.h"

namespace gk::text {
namespace {

std::vector<std::string> Terms(std::string_view original) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(FoldForSearch(original))) out.push_back(t.term);
  return out;
}

TEST(FoldTest, OpenCcIsAvailable) { EXPECT_TRUE(InitTextFolding().ok()) << InitTextFolding().ToString(); }

TEST(FoldTest, Cases) {
  struct {
    std::string in, out;
  } cases[] = {
      {"", ""},
      {"ＷｉＦｉ　２０２５", "wifi 2025"},                 // full-width → half-width, ideographic space
      {"ABC Straße", "abc strasse"},                       // case folding
      {"政府資訊公開", "政府资讯公开"},                    // traditional → simplified
      {"條例第三十三條", "条例第三十三条"},
      {"沪静府〔２０２５〕１２号", "沪静府〔2025〕12号"},  // CJK brackets are kept (they separate terms)
      {"①②", "12"},                                       // compatibility forms
      {"Cafe\xCC\x81", "caf\xC3\xA9"},                     // e + combining acute → é
      {"a\xFF" "b", "a\xEF\xBF\xBD" "b"},                  // bad byte → U+FFFD
      {"\xE6\x94", "\xEF\xBF\xBD\xEF\xBF\xBD"},            // truncated sequence
      {"tab\there", "tab here"},                           // controls become spaces
  };
  for (const auto& c : cases) EXPECT_EQ(FoldForSearch(c.in), c.out) << c.in;
}

TEST(FoldTest, OffsetsPointIntoTheOriginal) {
  std::string original = "Ａ政府資訊";  // Ａ is 3 bytes, each Han character 3 bytes
  FoldedText f = FoldWithOffsets(original);
  EXPECT_EQ(f.text, "a政府资讯");
  ASSERT_EQ(f.src_begin.size(), 5u);
  ASSERT_EQ(f.src_end.size(), 5u);
  EXPECT_EQ(f.src_begin[0], 0u);
  EXPECT_EQ(f.src_end[0], 3u);
  EXPECT_EQ(f.src_begin[4], 12u);
  EXPECT_EQ(f.src_end[4], 15u);
  FoldedText lig = FoldWithOffsets("x\xEF\xAC\x81");  // "xﬁ": one source character, two folded
  EXPECT_EQ(lig.text, "xfi");
  EXPECT_EQ(lig.src_begin, (std::vector<uint32_t>{0, 1, 1}));
  EXPECT_EQ(lig.src_end, (std::vector<uint32_t>{1, 4, 4}));
}

// The table of what each BMP code point folds to gives what utf8proc and
// the t2s table give code point by code point: every BMP code point alone,
// after a base character (combining marks join its cluster), and random
// strings of everything, bad bytes included.
TEST(FoldTest, TheTableFoldsAsTheReference) {
  auto same = [](const std::string& s) {
    FoldedText a = FoldWithOffsets(s), b = internal::FoldWithoutTable(s);
    return a.text == b.text && a.src_begin == b.src_begin && a.src_end == b.src_end;
  };
  for (char32_t cp = 1; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string one;
    AppendUtf8(cp, one);
    ASSERT_TRUE(same(one)) << "U+" << std::hex << static_cast<uint32_t>(cp);
    ASSERT_TRUE(same("e" + one + "A")) << "U+" << std::hex << static_cast<uint32_t>(cp);
  }
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {"公", "開", "Ａ", "e\xCC\x81", "\xCC\x81", "\xEF\xAC\x81", "㍻", "\xF0\xA0\x80\x80",
                                           "\xFF", "\xE6\x94", "\xED\xA0\x80", "\xEF\xBF\xBE", "\xC0\xAF", "\x01", "Z", "，", "\xC2\x85"};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    int n = std::uniform_int_distribution<int>(0, 12)(rng);
    for (int i = 0; i < n; ++i) s += pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng)];
    ASSERT_TRUE(same(s)) << s;
  }
}

// The decoder's fast paths decode as utf8proc does, bad bytes becoming
// U+FFFD one byte at a time.
TEST(FoldTest, DecodesAsUtf8proc) {
  std::mt19937 rng(11);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    int n = std::uniform_int_distribution<int>(1, 6)(rng);
    for (int i = 0; i < n; ++i) {
      // Bytes near the boundaries of the encoding's ranges.
      static const unsigned char kBytes[] = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                             0xE0, 0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xB7, 0xBE, 0x90};
      s.push_back(static_cast<char>(kBytes[std::uniform_int_distribution<size_t>(0, std::size(kBytes) - 1)(rng)]));
    }
    std::u32string want;
    for (size_t i = 0; i < s.size();) {
      utf8proc_int32_t c = 0;
      utf8proc_ssize_t len = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                              static_cast<utf8proc_ssize_t>(s.size() - i), &c);
      if (len <= 0) c = 0xFFFD, len = 1;
      want.push_back(static_cast<char32_t>(c));
      i += static_cast<size_t>(len);
    }
    ASSERT_EQ(DecodeUtf8Lossy(s), want) << round;
  }
}

TEST(FoldTest, ToValidUtf8) {
  EXPECT_EQ(ToValidUtf8("ok 公开"), "ok 公开");
  EXPECT_EQ(ToValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(TokenizeTest, TermStreams) {
  struct {
    std::string in;
    std::vector<std::string> terms;
  } cases[] = {
      {"", {}},
      {"，。、", {}},
      {"政", {"政"}},
      {"信息公开", {"信息", "息公", "公开"}},
      {"沪静府〔2025〕12号", {"沪静", "静府", "2025", "12", "号"}},
      {"ＷｉＦｉ6覆盖", {"wifi", "6", "覆盖"}},
      {"政，府", {"政", "府"}},
      {"2025年度报告", {"2025", "年度", "度报", "报告"}},
      {"政府資訊", {"政府", "府资", "资讯"}},
      {"索引号：000014349/2025-00012", {"索引", "引号", "000014349", "2025", "00012"}},
      {"条第3款", {"条第", "第", "3", "款"}},  // a run's last character before digits
      {"服务2025年", {"服务", "务", "2025", "年"}},
      {"各项，项目", {"各项", "项", "项目"}},  // the next run starts with this one's last character
  };
  for (const auto& c : cases) EXPECT_EQ(Terms(c.in), c.terms) << c.in;
}

TEST(TokenizeTest, EveryRunEndForPrefixQueries) {
  auto terms = [](std::string_view s) {
    std::vector<std::string> out;
    for (const Token& t : Tokenize(FoldForSearch(s), RunEnds::kAll)) out.push_back(t.term);
    return out;
  };
  EXPECT_EQ(terms("信息公开，目录"), (std::vector<std::string>{"信息", "息公", "公开", "开", "目录", "录"}));
  EXPECT_EQ(terms("服务2025"), (std::vector<std::string>{"服务", "务", "2025"}));
}

TEST(TokenizeTest, TokenRangesAndStream) {
  std::vector<Token> t = Tokenize("ab 政府1");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].first, 0u);
  EXPECT_EQ(t[0].last, 2u);
  EXPECT_EQ(t[1].first, 3u);
  EXPECT_EQ(t[1].last, 5u);
  EXPECT_EQ(t[2].first, 4u);
  EXPECT_EQ(t[2].last, 5u);
  EXPECT_EQ(t[3].term, "1");
  EXPECT_EQ(TermStream("ab 政府"), "ab 政府");
  EXPECT_EQ(DistinctCjkChars("政府a政策"), (std::vector<std::string>{"政", "府", "策"}));
}

TEST(TokenizeTest, QueryPhrases) {
  using T = QueryTerm;
  struct {
    std::string in;
    std::vector<Phrase> phrases;
  } cases[] = {
      {"", {}},
      {" ，。 ", {}},
      {"政", {{{T{"政", true}}, true}}},
      {"政府", {{{T{"政府", false}}, false}}},
      {"公开目录", {{{T{"公开"}, T{"开目"}, T{"目录"}}, false}}},
      {"2025年", {{{T{"2025"}, T{"年", true}}, false}}},
      {"府〔2025", {{{T{"府", true}}, true}, {{T{"2025"}}, false}}},  // punctuation separates phrases
      {"信息公开，目录", {{{T{"信息"}, T{"息公"}, T{"公开"}}, false}, {{T{"目录"}}, false}}},
      {"静府2025", {{{T{"静府"}, T{"府"}, T{"2025"}}, false}}},
      {"wifi", {{{T{"wifi"}}, false}}},
      {"信息 公开", {{{T{"信息"}}, false}, {{T{"公开"}}, false}}},
      {"政 府", {{{T{"政", true}}, true}, {{T{"府", true}}, true}}},
  };
  for (const auto& c : cases) EXPECT_EQ(ParseQuery(FoldForSearch(c.in)), c.phrases) << c.in;
}

TEST(TokenizeTest, MatchesAreExactPhrases) {
  auto ranges = [](std::string_view doc, std::string_view query) {
    return FindMatches(Tokenize(FoldForSearch(doc)), ParseQuery(FoldForSearch(query)));
  };
  using R = std::vector<std::pair<uint32_t, uint32_t>>;
  EXPECT_EQ(ranges("关于信息公开的通知", "信息公开"), (R{{2, 6}}));
  EXPECT_EQ(ranges("信息的公开", "信息公开"), R{});         // scattered characters do not match
  EXPECT_EQ(ranges("公开信息", "信息公开"), R{});
  EXPECT_EQ(ranges("政府和政策", "政"), (R{{0, 1}, {3, 4}}));  // one character: every occurrence
  EXPECT_EQ(ranges("报告。", "告"), (R{{1, 2}}));             // including the end of a run
  EXPECT_EQ(ranges("2025年度", "2025年"), (R{{0, 5}}));
  EXPECT_EQ(ranges("沪静府〔2025〕12号", "静府〔2025〕"), (R{{1, 3}, {4, 8}}));
  EXPECT_EQ(ranges("条第3款", "第3"), (R{{1, 3}}));
  EXPECT_EQ(ranges("第3款", "条第3"), R{});
  EXPECT_EQ(ranges("各项，项目", "各项目"), R{});          // not across punctuation
  EXPECT_EQ(ranges("静府X2025", "静府2025"), R{});            // the run must end where the query's does
  EXPECT_EQ(ranges("政府資訊", "政府资讯"), (R{{0, 4}}));
}

}  // namespace
}  // namespace gk::text
