// Highlighting a search hit: where the query's phrases match in a field of
// the original text, and the excerpt of a long body that a result shows —
// kSnippetLength code points from kSnippetBefore before the first match,
// escaped, matches wrapped in <mark>.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text/tokenize.h"

namespace gk::search::internal {

constexpr int kSnippetBefore = 20;   // code points of context before the first match
constexpr int kSnippetLength = 120;  // code points in a snippet

// Byte ranges [begin, end) of the original text, sorted and merged.
using ByteRanges = std::vector<std::pair<size_t, size_t>>;

// Where `phrases` match in `original` (valid UTF-8), all of it read.
ByteRanges MatchRanges(std::string_view original, const std::vector<text::Phrase>& phrases);

// original[from, to) escaped, with the parts inside `marks` wrapped in <mark>.
std::string MarkUp(const std::string& original, size_t from, size_t to, const ByteRanges& marks);

// The excerpt of `original` around the first of `marks` (its start if none),
// with "…" where it is cut.
std::string Excerpt(const std::string& original, const ByteRanges& marks);

// The marks Excerpt needs: Excerpt(original, ExcerptMarks(original, p)) ==
// Excerpt(original, MatchRanges(original, p)), but a long text is read only
// as far as its excerpt needs.
ByteRanges ExcerptMarks(const std::string& original, const std::vector<text::Phrase>& phrases);

}  // namespace gk::search::internal
