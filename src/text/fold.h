// Folding text for search: the one normal form that documents and queries are
// both reduced to before they are tokenized (text/tokenize.h).
//
//   1. Invalid UTF-8 bytes become U+FFFD (never an error, never a crash).
//   2. Unicode NFKC with case folding (utf8proc): full-width ASCII becomes
//      half-width ("ＷｉＦｉ" → "wifi"), compatibility forms are unified
//      ("①" → "1", "ﬁ" → "fi"), default-ignorable code points are dropped.
//   3. Traditional → simplified Chinese, character by character, with the
//      table of OpenCC's "t2s.json" ("政府資訊" → "政府资讯"). Not phrase by
//      phrase: a context-free mapping folds a query and every text that
//      contains it alike, and costs a hash lookup per character.
//
// Steps 2 and 3 are applied per character (a base character with its
// combining marks), so that every folded code point can be traced back to the
// bytes of the original it came from; that is what lets search results
// highlight the original text.
//
// Thread-safe. The character table is built once (about 0.1 s), on first use
// or by InitTextFolding(); if OpenCC cannot be opened, folding still works but
// leaves traditional characters unconverted. What steps 2 and 3 make of each
// BMP code point is kept once computed, so that folding a text is a table
// lookup per character.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace gk::text {

// Loads the OpenCC traditional → simplified table. Call once at start-up: a
// failure (OpenCC data files missing) is a deployment fault to report. Safe
// to call again; returns the same result.
Status InitTextFolding();

// The folded form of `utf8` (steps 1–3 above).
std::string FoldForSearch(std::string_view utf8);

// The folded text together with, for each of its code points, the byte range
// of the original text it came from.
struct FoldedText {
  std::string text;                // == FoldForSearch(original)
  std::vector<uint32_t> src_begin;  // one entry per code point of `text`
  std::vector<uint32_t> src_end;    // exclusive
};

FoldedText FoldWithOffsets(std::string_view utf8);

// The same with the folded text as code points.
struct FoldedCodePoints {
  std::u32string cps;
  std::vector<uint32_t> src_begin, src_end;  // one entry per code point
};
FoldedCodePoints FoldToCodePoints(std::string_view utf8);

namespace internal {
// FoldWithOffsets without its table of what each BMP code point folds to
// (code point by code point through utf8proc and the t2s table): the
// reference the table is tested against.
FoldedText FoldWithoutTable(std::string_view utf8);
}  // namespace internal

// Decodes valid or invalid UTF-8 into code points, invalid bytes as U+FFFD.
// Exposed for the tokenizer and tests.
std::u32string DecodeUtf8Lossy(std::string_view utf8);

// Appends the UTF-8 encoding of `cp` to `out`.
void AppendUtf8(char32_t cp, std::string& out);
// Appends the UTF-8 encoding of `cps` to `out` (as AppendUtf8 for each).
void EncodeUtf8(std::u32string_view cps, std::string& out);

// `utf8` with every invalid byte replaced by U+FFFD.
std::string ToValidUtf8(std::string_view utf8);

}  // namespace gk::text
