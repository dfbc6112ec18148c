// Mask: finding the withheld strings in text split over several pieces (the
// runs of a paragraph, the text nodes of an HTML block) and replacing their
// characters by ■; Work: the log of what was removed.
#include <cstdint>
#include <string>
#include <vector>

#include "redact/internal.h"

namespace gk::redact::internal {
namespace {

struct CodePoint {
  char32_t c;
  uint32_t piece;
  uint32_t offset;  // byte offset in the piece
  uint8_t length;   // bytes
};

// Decodes one UTF-8 sequence; an invalid byte is a code point of its own
// (U+FFFD, one byte) so that the piece's bytes are kept as they are.
char32_t Decode(std::string_view s, size_t i, uint8_t* len) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const auto cont = [&](size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  uint8_t c = b(i);
  *len = 1;
  if (c < 0x80) return c;
  if (c >= 0xC2 && c <= 0xDF && cont(i + 1)) {
    *len = 2;
    return ((c & 0x1Fu) << 6) | (b(i + 1) & 0x3Fu);
  }
  if (c >= 0xE0 && c <= 0xEF && cont(i + 1) && cont(i + 2)) {
    *len = 3;
    return ((c & 0x0Fu) << 12) | ((b(i + 1) & 0x3Fu) << 6) | (b(i + 2) & 0x3Fu);
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
    *len = 4;
    return ((c & 0x07u) << 18) | ((b(i + 1) & 0x3Fu) << 12) | ((b(i + 2) & 0x3Fu) << 6) | (b(i + 3) & 0x3Fu);
  }
  return 0xFFFD;
}

std::u32string NeedleOf(std::string_view text) {
  std::u32string out;
  for (size_t i = 0; i < text.size();) {
    uint8_t len = 1;
    char32_t c = Decode(text, i, &len);
    if (!IsSpace(c)) out.push_back(Fold(c));
    i += len;
  }
  return out;
}

// Marks the code points of every occurrence of `needle` in `hay`, skipping
// white space; returns the number of occurrences that do not overlap.
int MarkAll(const std::vector<CodePoint>& hay, const std::u32string& needle, std::vector<bool>* marked) {
  int count = 0;
  size_t covered = 0;  // occurrences starting before this overlap a counted one
  for (size_t i = 0; i < hay.size(); ++i) {
    if (Fold(hay[i].c) != needle[0]) continue;
    size_t j = i, k = 0;
    while (k < needle.size() && j < hay.size()) {
      if (IsSpace(hay[j].c)) {
        ++j;
        continue;
      }
      if (Fold(hay[j].c) != needle[k]) break;
      ++j;
      ++k;
    }
    if (k < needle.size()) continue;
    for (size_t p = i; p < j; ++p) {
      if (!IsSpace(hay[p].c)) (*marked)[p] = true;
    }
    if (i >= covered) {
      ++count;
      covered = j;
    }
  }
  return count;
}

}  // namespace

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0x3000 ||
         c == 0x2028 || c == 0x2029 || (c >= 0x2000 && c <= 0x200B) || c == 0xFEFF;
}

std::vector<int> Mask(const std::vector<std::string*>& pieces, const std::vector<Withhold>& withhold) {
  std::vector<int> counts(withhold.size(), 0);
  std::vector<CodePoint> hay;
  for (uint32_t p = 0; p < pieces.size(); ++p) {
    const std::string& s = *pieces[p];
    for (size_t i = 0; i < s.size();) {
      uint8_t len = 1;
      char32_t c = Decode(s, i, &len);
      hay.push_back(CodePoint{c, p, static_cast<uint32_t>(i), len});
      i += len;
    }
  }
  if (hay.empty()) return counts;
  std::vector<bool> marked(hay.size(), false);
  bool any = false;
  for (size_t w = 0; w < withhold.size(); ++w) {
    std::u32string needle = NeedleOf(withhold[w].text);
    if (needle.empty()) continue;
    counts[w] = MarkAll(hay, needle, &marked);
    any = any || counts[w] > 0;
  }
  if (!any) return counts;
  // Rebuild the pieces that hold a marked code point.
  std::vector<std::string> rebuilt(pieces.size());
  std::vector<bool> touched(pieces.size(), false);
  for (size_t i = 0; i < hay.size(); ++i) {
    const CodePoint& cp = hay[i];
    touched[cp.piece] = touched[cp.piece] || marked[i];
    if (marked[i]) {
      rebuilt[cp.piece] += kMask;
    } else {
      rebuilt[cp.piece].append(*pieces[cp.piece], cp.offset, cp.length);
    }
  }
  for (size_t p = 0; p < pieces.size(); ++p) {
    if (touched[p]) *pieces[p] = std::move(rebuilt[p]);
  }
  return counts;
}

bool Work::MaskText(const std::vector<std::string*>& pieces, std::string_view where) {
  std::vector<int> counts = Mask(pieces, withhold_);
  bool changed = false;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    Count(i, where, counts[i]);
    changed = true;
  }
  return changed;
}

bool Work::MaskNodes(const std::vector<pugi::xml_node>& text_nodes, std::string_view where) {
  std::vector<std::string> values;
  values.reserve(text_nodes.size());
  for (const pugi::xml_node& n : text_nodes) values.emplace_back(n.value());
  std::vector<std::string*> pieces;
  for (std::string& v : values) pieces.push_back(&v);
  if (!MaskText(pieces, where)) return false;
  for (size_t i = 0; i < text_nodes.size(); ++i) {
    if (values[i] != text_nodes[i].value()) {
      pugi::xml_node n = text_nodes[i];
      n.set_value(values[i].c_str());
    }
  }
  return true;
}

void Work::Count(size_t withhold_index, std::string_view where, int n) {
  const Withhold& w = withhold_[withhold_index];
  for (LogEntry& e : log_) {
    if (e.text == w.text && e.where == where) {
      e.count += n;
      return;
    }
  }
  log_.push_back(LogEntry{w.text, w.ground, std::string(where), n});
}

void Work::Strip(std::string what) {
  for (const std::string& s : stripped_) {
    if (s == what) return;
  }
  stripped_.push_back(std::move(what));
}

Redacted Work::Finish(std::string bytes) {
  Redacted r;
  r.bytes = std::move(bytes);
  r.log = std::move(log_);
  r.stripped = std::move(stripped_);
  r.notes = std::move(notes_);
  return r;
}

}  // namespace gk::redact::internal
