// The CJK-aware tokenizer used for search, identically for documents and
// queries. Input is always folded text (text/fold.h).
//
// A document field becomes one stream of terms, one term per position:
//   - a run of CJK characters c1…cn (Han, kana, Hangul) gives the bigrams
//     c1c2, c2c3, …, c(n-1)cn ("信息公开" → 信息 息公 公开), followed by the
//     single last character cn when the run is directly followed by letters
//     or digits ("第3条" → 第 3 条, "服务2025" → 服务 务 2025), is one
//     character long, or the next run starts with cn after punctuation (so
//     that "各项，项目" cannot match "各项目"); RunEnds::kAll adds cn after
//     every run, so that every character starts exactly one term (PostgreSQL
//     answers one-character queries as prefix queries over that stream);
//   - a run of letters or digits gives one term per maximal run of letters and
//     per maximal run of digits ("WiFi6" → wifi 6; "〔2025〕12号" → 2025 12 号);
//     terms are cut at 64 bytes;
//   - everything else (punctuation, symbols, spaces) separates and takes no
//     position.
//
// A query is split at white space into parts that must all match (AND), and a
// part at punctuation into phrases that must all match; each phrase is its
// terms at consecutive positions:
//   - a CJK run of two or more characters gives its bigrams, plus its last
//     character when letters or digits follow in the phrase (the document's
//     run must end there too), so "公开目录" → 公开 开目 目录 and only those
//     four characters in that order match: never the same characters
//     scattered;
//   - a single CJK character followed by more of the phrase is its
//     single-char term; at the end of a phrase it is a prefix term ("2025年"
//     → 2025 年*: 年 followed by anything, or 年 ending a run);
//   - a phrase that is one CJK character and nothing else matches wherever
//     the character occurs (Phrase::single_char): the search layer answers it
//     from per-character document sets, not from the term stream.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gk::text {

// True for Han ideographs (and U+3007 〇), kana and Hangul.
bool IsCjk(char32_t cp);

struct Token {
  std::string term;
  uint32_t first = 0;  // index of the term's first code point in the folded text
  uint32_t last = 0;   // one past its last code point
};

enum class RunEnds {
  kBeforeAlnum,  // a run's last character only before letters or digits (or a run of one)
  kAll,          // after every run
};

// The term stream of a folded field; a token's position is its index.
std::vector<Token> Tokenize(std::string_view folded, RunEnds run_ends = RunEnds::kBeforeAlnum);

// A token without its term's text: the term is cps[first, term_end) of the
// folded code points (term_end < last when a long term was cut).
struct TokenSpan {
  uint32_t first = 0, last = 0, term_end = 0;
};

// Tokenize on decoded folded text, without building the terms' text.
std::vector<TokenSpan> TokenSpans(std::u32string_view cps, RunEnds run_ends = RunEnds::kBeforeAlnum);

// The terms of Tokenize(folded) joined with single spaces (what the index stores).
std::string TermStream(std::string_view folded);

// The distinct CJK characters of folded text, in first-occurrence order.
std::vector<std::string> DistinctCjkChars(std::string_view folded);

struct QueryTerm {
  std::string term;
  bool prefix = false;  // matches any term that starts with `term`
  bool operator==(const QueryTerm&) const = default;
};

struct Phrase {
  std::vector<QueryTerm> terms;  // at consecutive positions
  bool single_char = false;      // one CJK character on its own: terms == {{c, prefix}}
  bool operator==(const Phrase&) const = default;
};

// The phrases of a folded query (parts without any term are dropped; an
// empty result means there is nothing to search for).
std::vector<Phrase> ParseQuery(std::string_view folded_query);

// Where `phrases` match in `tokens` (from Tokenize): sorted, merged ranges of
// code point indices [first, last) of the folded text, for highlighting. A
// prefix term covers only the characters of the query term.
std::vector<std::pair<uint32_t, uint32_t>> FindMatches(const std::vector<Token>& tokens,
                                                       const std::vector<Phrase>& phrases);
// The same over TokenSpans(cps).
std::vector<std::pair<uint32_t, uint32_t>> FindMatches(std::u32string_view cps, const std::vector<TokenSpan>& tokens,
                                                       const std::vector<Phrase>& phrases);
// False when FindMatches(cps, TokenSpans(cps), phrases) is surely empty:
// every phrase has a term that is nowhere in `cps` as text (a token's term
// is a piece of the text). What a highlighter asks before tokenizing a text.
bool MayMatch(std::u32string_view cps, const std::vector<Phrase>& phrases);

}  // namespace gk::text
