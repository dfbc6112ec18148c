#include "text/tokenize.h"

#include <utf8proc.h>

#include <algorithm>
#include <unordered_set>

#include "text/fold.h"

namespace gk::text {
namespace {

constexpr size_t kMaxTermBytes = 64;

enum class CharClass { kCjk, kLetter, kDigit, kMark, kOther };

CharClass Classify(char32_t cp) {
  if (cp < 0x80) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return CharClass::kLetter;
    if (cp >= '0' && cp <= '9') return CharClass::kDigit;
    return CharClass::kOther;
  }
  if (IsCjk(cp)) return CharClass::kCjk;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: return CharClass::kLetter;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return CharClass::kDigit;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return CharClass::kMark;
    default: return CharClass::kOther;
  }
}

bool IsSpace(char32_t cp) {
  if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v') return true;
  return cp >= 0x80 && utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_ZS;
}

std::string Encode(std::u32string_view cps) {
  std::string out;
  EncodeUtf8(cps, out);
  return out;
}

// A maximal run of CJK characters, or one letter/digit term, of a text.
struct Segment {
  bool cjk = false;
  uint32_t first = 0, last = 0;  // code point indices
};

std::vector<Segment> Segments(std::u32string_view cps, size_t from, size_t to) {
  std::vector<Segment> out;
  size_t i = from;
  while (i < to) {
    CharClass c = Classify(cps[i]);
    if (c == CharClass::kCjk || c == CharClass::kLetter || c == CharClass::kDigit) {
      size_t j = i + 1;
      while (j < to && (Classify(cps[j]) == c || (c != CharClass::kCjk && Classify(cps[j]) == CharClass::kMark))) ++j;
      out.push_back({c == CharClass::kCjk, static_cast<uint32_t>(i), static_cast<uint32_t>(j)});
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

// Whether segment `i` is directly followed (no separator) by another segment.
bool Adjacent(const std::vector<Segment>& segs, size_t i) {
  return i + 1 < segs.size() && segs[i].last == segs[i + 1].first;
}

// How many code points of a letter/digit run its term keeps: the run cut
// at kMaxTermBytes of UTF-8 on a code point boundary.
uint32_t CappedLength(std::u32string_view cps) {
  size_t bytes = 0;
  uint32_t n = 0;
  for (char32_t cp : cps) {
    size_t len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + len > kMaxTermBytes) break;
    bytes += len;
    ++n;
  }
  return n;
}

void AppendSegmentSpans(const std::u32string_view cps, const Segment& s, bool last_char, std::vector<TokenSpan>& out) {
  if (!s.cjk) {
    out.push_back({s.first, s.last, s.first + CappedLength(cps.substr(s.first, s.last - s.first))});
    return;
  }
  for (uint32_t k = s.first; k + 1 < s.last; ++k) out.push_back({k, k + 2, k + 2});
  if (last_char || s.last - s.first == 1) out.push_back({s.last - 1, s.last, s.last});
}

// The phrase of segments [from, to) of a query part, which follow each other
// without a separator.
Phrase GroupPhrase(const std::u32string& cps, const std::vector<Segment>& segs, size_t from, size_t to) {
  std::u32string_view v(cps);
  Phrase p;
  if (to - from == 1 && segs[from].cjk && segs[from].last - segs[from].first == 1) {
    p.single_char = true;
    p.terms.push_back({Encode(v.substr(segs[from].first, 1)), true});
    return p;
  }
  for (size_t i = from; i < to; ++i) {
    const Segment& s = segs[i];
    bool more = i + 1 < to;
    if (!s.cjk) {
      p.terms.push_back({Encode(v.substr(s.first, CappedLength(v.substr(s.first, s.last - s.first)))), false});
    } else if (s.last - s.first == 1) {
      p.terms.push_back({Encode(v.substr(s.first, 1)), !more});
    } else {
      for (uint32_t k = s.first; k + 1 < s.last; ++k) p.terms.push_back({Encode(v.substr(k, 2)), false});
      if (more) p.terms.push_back({Encode(v.substr(s.last - 1, 1)), false});
    }
  }
  return p;
}

// The phrases of one white-space-free query part: one per group of segments
// not separated by punctuation.
void AppendPartPhrases(const std::u32string& cps, size_t from, size_t to, std::vector<Phrase>& out) {
  std::vector<Segment> segs = Segments(cps, from, to);
  for (size_t i = 0; i < segs.size();) {
    size_t j = i + 1;
    while (j < segs.size() && Adjacent(segs, j - 1)) ++j;
    Phrase p = GroupPhrase(cps, segs, i, j);
    if (!p.terms.empty()) out.push_back(std::move(p));
    i = j;
  }
}

// A phrase with its terms as code points.
struct DecodedPhrase {
  const Phrase* phrase;
  std::vector<std::u32string> terms;
};

bool TermMatches(const QueryTerm& q, const std::u32string& q_cps, std::u32string_view term) {
  return q.prefix ? term.substr(0, q_cps.size()) == q_cps : term == q_cps;
}

// The folded-text range covered by `phrase` matching at token `p`, if it does.
bool MatchAt(std::u32string_view cps, const std::vector<TokenSpan>& tokens, const DecodedPhrase& d, size_t p,
             std::pair<uint32_t, uint32_t>& range) {
  const Phrase& phrase = *d.phrase;
  if (p + phrase.terms.size() > tokens.size()) return false;
  uint32_t end = tokens[p].first;
  for (size_t k = 0; k < phrase.terms.size(); ++k) {
    const QueryTerm& q = phrase.terms[k];
    const TokenSpan& t = tokens[p + k];
    if (!TermMatches(q, d.terms[k], cps.substr(t.first, t.term_end - t.first))) return false;
    end = std::max(end, q.prefix ? t.first + static_cast<uint32_t>(d.terms[k].size()) : t.last);
  }
  range = {tokens[p].first, end};
  return true;
}

}  // namespace

bool IsCjk(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x3134F) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3005 || cp == 0x3007 ||
         (cp >= 0x3041 && cp <= 0x30FF && cp != 0x30FB) || (cp >= 0x31F0 && cp <= 0x31FF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3131 && cp <= 0x318E);
}

std::vector<TokenSpan> TokenSpans(std::u32string_view cps, RunEnds run_ends) {
  std::vector<TokenSpan> out;
  out.reserve(cps.size());
  std::vector<Segment> segs = Segments(cps, 0, cps.size());
  for (size_t i = 0; i < segs.size(); ++i) {
    // Also when the next run starts with this run's last character: "各项，项目"
    // must not read as 各项 项目 at consecutive positions, a match of "各项目".
    bool repeats = i + 1 < segs.size() && segs[i].cjk && segs[i + 1].cjk && cps[segs[i].last - 1] == cps[segs[i + 1].first];
    AppendSegmentSpans(cps, segs[i], run_ends == RunEnds::kAll || Adjacent(segs, i) || repeats, out);
  }
  return out;
}

std::vector<Token> Tokenize(std::string_view folded, RunEnds run_ends) {
  std::u32string cps = DecodeUtf8Lossy(folded);
  std::vector<Token> out;
  std::u32string_view v(cps);
  for (const TokenSpan& t : TokenSpans(cps, run_ends)) out.push_back({Encode(v.substr(t.first, t.term_end - t.first)), t.first, t.last});
  return out;
}

std::string TermStream(std::string_view folded) {
  std::string out;
  out.reserve(folded.size() * 2);
  for (const Token& t : Tokenize(folded)) {
    if (!out.empty()) out += ' ';
    out += t.term;
  }
  return out;
}

std::vector<std::string> DistinctCjkChars(std::string_view folded) {
  std::vector<std::string> out;
  std::unordered_set<char32_t> seen;
  for (char32_t cp : DecodeUtf8Lossy(folded)) {
    if (IsCjk(cp) && seen.insert(cp).second) out.push_back(Encode(std::u32string_view(&cp, 1)));
  }
  return out;
}

std::vector<Phrase> ParseQuery(std::string_view folded_query) {
  std::u32string cps = DecodeUtf8Lossy(folded_query);
  std::vector<Phrase> out;
  size_t i = 0;
  while (i < cps.size()) {
    while (i < cps.size() && IsSpace(cps[i])) ++i;
    size_t j = i;
    while (j < cps.size() && !IsSpace(cps[j])) ++j;
    if (j > i) AppendPartPhrases(cps, i, j, out);
    i = j;
  }
  return out;
}

std::vector<std::pair<uint32_t, uint32_t>> FindMatches(std::u32string_view cps, const std::vector<TokenSpan>& tokens,
                                                       const std::vector<Phrase>& phrases) {
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  for (const Phrase& phrase : phrases) {
    if (phrase.single_char) {
      // Every occurrence, inside a bigram or not.
      char32_t c = DecodeUtf8Lossy(phrase.terms[0].term)[0];
      for (const TokenSpan& t : tokens) {
        for (uint32_t k = t.first; k < t.term_end; ++k) {
          if (cps[k] == c) ranges.emplace_back(k, k + 1);
        }
      }
      continue;
    }
    DecodedPhrase d{&phrase, {}};
    for (const QueryTerm& q : phrase.terms) d.terms.push_back(DecodeUtf8Lossy(q.term));
    for (size_t p = 0; p < tokens.size(); ++p) {
      std::pair<uint32_t, uint32_t> r;
      if (MatchAt(cps, tokens, d, p, r)) ranges.push_back(r);
    }
  }
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<uint32_t, uint32_t>> merged;
  for (const auto& r : ranges) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

bool MayMatch(std::u32string_view cps, const std::vector<Phrase>& phrases) {
  for (const Phrase& phrase : phrases) {
    bool all = true;
    for (const QueryTerm& q : phrase.terms) {
      if (cps.find(DecodeUtf8Lossy(q.term)) == std::u32string_view::npos) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

std::vector<std::pair<uint32_t, uint32_t>> FindMatches(const std::vector<Token>& tokens,
                                                       const std::vector<Phrase>& phrases) {
  // The tokens' terms end to end, as the code points they index.
  uint32_t size = 0;
  for (const Token& t : tokens) size = std::max(size, t.last);
  std::u32string cps(size, U' ');
  std::vector<TokenSpan> spans;
  spans.reserve(tokens.size());
  for (const Token& t : tokens) {
    std::u32string term = DecodeUtf8Lossy(t.term);
    std::copy(term.begin(), term.end(), cps.begin() + t.first);
    spans.push_back({t.first, t.last, t.first + static_cast<uint32_t>(term.size())});
  }
  return FindMatches(cps, spans, phrases);
}

}  // namespace gk::text
