#include "search/excerpt.h"

#include <algorithm>

#include "base/strings.h"
#include "text/fold.h"

namespace gk::search::internal {
namespace {

using text::Phrase;

// The byte offset `n` code points before (n < 0) or after `pos`.
size_t StepCodePoints(const std::string& s, size_t pos, int n) {
  auto lead = [&](size_t i) { return (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80; };
  for (; n < 0 && pos > 0; ++n) {
    do --pos;
    while (pos > 0 && !lead(pos));
  }
  for (; n > 0 && pos < s.size(); --n) {
    do ++pos;
    while (pos < s.size() && !lead(pos));
  }
  return pos;
}

// The ranges of the original that folded code points [first, last) came
// from, merged.
void AddMarks(const text::FoldedCodePoints& f, const std::vector<std::pair<uint32_t, uint32_t>>& matches,
              ByteRanges& out) {
  for (auto [first, last] : matches) {
    size_t b = f.src_begin[first], e = f.src_end[last - 1];
    if (!out.empty() && b <= out.back().second) {
      out.back().second = std::max(out.back().second, e);
    } else {
      out.emplace_back(b, e);
    }
  }
}

// Where `phrases` match in original[0, prefix), and `safe`: no match of the
// whole text missing from `marks` starts before original[safe].
//
// The prefix is folded and then cut between two CJK characters inside a run
// of three: there the prefix's term stream is exactly the start of the whole
// text's (text/tokenize.h: a run cut there emits no trailing term), so every
// match it finds is a match of the whole text, and a match it lacks uses a
// term past its end, so it starts no earlier than `phrases`' longest phrase
// before that end. Without such a cut, or when the prefix is the whole text,
// the whole text is read.
struct PrefixMatches {
  ByteRanges marks;
  size_t safe = 0;
};

PrefixMatches MatchRangesInPrefix(std::string_view original, size_t prefix, const std::vector<Phrase>& phrases) {
  auto lead = [&](size_t i) { return (static_cast<unsigned char>(original[i]) & 0xC0) != 0x80; };
  while (prefix > 0 && prefix < original.size() && !lead(prefix)) --prefix;
  if (prefix >= original.size()) return {MatchRanges(original, phrases), original.size()};
  text::FoldedCodePoints f = text::FoldToCodePoints(original.substr(0, prefix));
  const size_t n = f.cps.size();
  // Three consecutive CJK code points j, j + 1, j + 2, the last as far on
  // as can be; the cut is before j + 2. The last source character (its
  // combining marks may lie past the prefix) is never part of it.
  size_t cut = 0;
  for (size_t k = n, run = 0; k > 0; --k) {
    size_t j = k - 1;
    if (f.src_begin[j] == f.src_begin[n - 1] || !text::IsCjk(f.cps[j])) {
      run = 0;
    } else if (++run == 3) {
      cut = j + 2;
      break;
    }
  }
  if (cut == 0) return {MatchRanges(original, phrases), original.size()};
  std::u32string_view cps = std::u32string_view(f.cps).substr(0, cut);
  // Nothing can match in the prefix: where the whole text could, the safe
  // end is no later than the prefix's (the tokens' answer would be later).
  if (!text::MayMatch(cps, phrases)) return {{}, 0};
  std::vector<text::TokenSpan> tokens = text::TokenSpans(cps);
  size_t longest = 1;
  for (const Phrase& p : phrases) longest = std::max(longest, p.terms.size());
  PrefixMatches out;
  if (tokens.size() >= longest) out.safe = f.src_begin[tokens[tokens.size() - longest].first];
  AddMarks(f, text::FindMatches(cps, tokens, phrases), out.marks);
  return out;
}

}  // namespace

ByteRanges MatchRanges(std::string_view original, const std::vector<Phrase>& phrases) {
  text::FoldedCodePoints f = text::FoldToCodePoints(original);
  ByteRanges out;
  if (text::MayMatch(f.cps, phrases)) AddMarks(f, text::FindMatches(f.cps, text::TokenSpans(f.cps), phrases), out);
  return out;
}

std::string MarkUp(const std::string& original, size_t from, size_t to, const ByteRanges& marks) {
  std::string out;
  size_t pos = from;
  for (auto [b, e] : marks) {
    b = std::clamp(b, from, to);
    e = std::clamp(e, from, to);
    if (b >= e || b < pos) continue;
    AppendEscapedHtml(out, std::string_view(original).substr(pos, b - pos));
    out += "<mark>";
    AppendEscapedHtml(out, std::string_view(original).substr(b, e - b));
    out += "</mark>";
    pos = e;
  }
  AppendEscapedHtml(out, std::string_view(original).substr(pos, to - pos));
  return out;
}

std::string Excerpt(const std::string& original, const ByteRanges& marks) {
  size_t from = marks.empty() ? 0 : StepCodePoints(original, marks.front().first, -kSnippetBefore);
  size_t to = StepCodePoints(original, from, kSnippetLength);
  std::string out = from > 0 ? "…" : "";
  out += MarkUp(original, from, to, marks);
  if (to < original.size()) out += "…";
  return out;
}

// A prefix, four times longer each time, until the excerpt around its first
// match lies before the prefix's safe end.
ByteRanges ExcerptMarks(const std::string& original, const std::vector<Phrase>& phrases) {
  for (size_t prefix = 2048;; prefix *= 4) {
    PrefixMatches m = MatchRangesInPrefix(original, prefix, phrases);
    if (m.safe >= original.size()) return std::move(m.marks);
    if (m.marks.empty()) continue;
    size_t from = StepCodePoints(original, m.marks.front().first, -kSnippetBefore);
    size_t to = StepCodePoints(original, from, kSnippetLength);
    if (m.marks.front().first < m.safe && to <= m.safe) return std::move(m.marks);
  }
}


}  // namespace gk::search::internal
