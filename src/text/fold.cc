#include "text/fold.h"

#include <opencc/opencc.h>
#include <utf8proc.h>

#include <atomic>
#include <cstdlib>
#include <unordered_map>

namespace gk::text {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr utf8proc_option_t kFoldOptions = static_cast<utf8proc_option_t>(
    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);

// ---------------------------------------------------------------- OpenCC

// Traditional → simplified is applied character by character, from a table
// built once from OpenCC's t2s data: every CJK code point is converted on its
// own (one call, characters separated by newlines so that no phrase rule
// spans two of them) and those that change are kept. Character-level
// conversion is context-free, so a query and any document containing it fold
// alike (phrase-level conversion could fold the same characters differently
// in different contexts), and it is a hash lookup instead of a trie walk per
// character.
struct T2sTable {
  Status status;
  std::unordered_map<char32_t, std::u32string> changes;
};

constexpr std::pair<char32_t, char32_t> kHanRanges[] = {
    {0x2E80, 0x2FDF}, {0x3005, 0x3007}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
    {0xF900, 0xFAFF}, {0x20000, 0x2A6DF}, {0x2A700, 0x2EBEF}, {0x2F800, 0x2FA1F},
};

Status BuildT2sTable(opencc_t handle, T2sTable& table) {
  std::string input;
  std::vector<char32_t> order;
  for (auto [lo, hi] : kHanRanges) {
    for (char32_t cp = lo; cp <= hi; ++cp) {
      AppendUtf8(cp, input);
      input += '\n';
      order.push_back(cp);
    }
  }
  char* out = opencc_convert_utf8(handle, input.c_str(), input.size());
  if (out == nullptr) return Internal(std::string("OpenCC conversion failed: ") + opencc_error());
  std::string converted(out);
  opencc_convert_utf8_free(out);
  size_t line = 0, start = 0;
  for (size_t i = 0; i <= converted.size() && line < order.size(); ++i) {
    if (i < converted.size() && converted[i] != '\n') continue;
    std::u32string to = DecodeUtf8Lossy(std::string_view(converted).substr(start, i - start));
    if (to != std::u32string(1, order[line])) table.changes.emplace(order[line], to);
    ++line;
    start = i + 1;
  }
  if (line != order.size()) return Internal("OpenCC changed the number of lines of the character table");
  return Status::Ok();
}

const T2sTable& T2s() {
  static const T2sTable* table = [] {
    auto* t = new T2sTable();
    opencc_t handle = reinterpret_cast<opencc_t>(-1);
    for (const char* config : {"t2s.json", "/usr/share/opencc/t2s.json"}) {
      handle = opencc_open(config);
      if (handle != reinterpret_cast<opencc_t>(-1)) break;
    }
    if (handle == reinterpret_cast<opencc_t>(-1)) {
      t->status = Internal(std::string("cannot open the OpenCC converter t2s.json: ") + opencc_error());
      return t;
    }
    try {
      t->status = BuildT2sTable(handle, *t);
    } catch (const std::exception& e) {
      t->status = Internal(std::string("OpenCC failed: ") + e.what());
    }
    opencc_close(handle);
    if (!t->status.ok()) t->changes.clear();
    return t;
  }();
  return *table;
}

// ---------------------------------------------------------------- utf8proc

bool IsStableHan(char32_t cp) { return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF); }

bool IsCombining(char32_t cp) {
  return cp >= 0x300 && !IsStableHan(cp) &&
         utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->combining_class != 0;
}

// NFKC + case fold of one character with its combining marks.
std::u32string FoldCluster(const std::u32string& cluster) {
  std::string utf8;
  for (char32_t cp : cluster) AppendUtf8(cp, utf8);
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                    static_cast<utf8proc_ssize_t>(utf8.size()), &out, kFoldOptions);
  if (n < 0) return std::u32string(1, kReplacement);
  std::u32string result = DecodeUtf8Lossy(std::string_view(reinterpret_cast<char*>(out), static_cast<size_t>(n)));
  std::free(out);
  return result;
}

// What folding makes of an ASCII character: controls become spaces,
// capitals small letters.
char32_t FoldAscii(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return U' ';
  return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
}

// FoldCluster for a single code point (no table, no cache).
std::u32string FoldOne(char32_t cp) {
  if (cp < 0x80) return std::u32string(1, FoldAscii(cp));
  if (cp < 0xA0) return U" ";
  if (IsStableHan(cp)) return std::u32string(1, cp);
  return FoldCluster(std::u32string(1, cp));
}

// Step 3 on folded code points.
void AppendSimplified(const std::u32string& folded, std::u32string& out) {
  const auto& changes = T2s().changes;
  for (char32_t cp : folded) {
    auto it = cp < 0x2E80 ? changes.end() : changes.find(cp);
    if (it == changes.end()) {
      out.push_back(cp);
    } else {
      out += it->second;
    }
  }
}

// What steps 2 and 3 make of each BMP code point on its own, computed on
// first use and kept: the folded code point, or kComplex when it folds to
// none or to several (the slow path then folds it), and whether it is a
// combining mark. Entries are written at most once with the same value, so
// relaxed atomics suffice across threads.
constexpr uint32_t kKnown = 1u << 29;
constexpr uint32_t kComplex = 1u << 30;
constexpr uint32_t kCombining = 1u << 31;
constexpr uint32_t kCodePoint = 0x1FFFFF;

uint32_t BmpEntry(char32_t cp) {
  static std::atomic<uint32_t> table[0x10000];
  uint32_t e = table[cp].load(std::memory_order_relaxed);
  if (e != 0) return e;
  e = kKnown;
  if (IsCombining(cp)) e |= kCombining;
  std::u32string simplified;
  AppendSimplified(FoldOne(cp), simplified);
  e |= simplified.size() == 1 ? simplified[0] : kComplex;
  table[cp].store(e, std::memory_order_relaxed);
  return e;
}

bool IsCombiningFast(char32_t cp) {
  if (cp < 0x300) return false;
  return cp < 0x10000 ? (BmpEntry(cp) & kCombining) != 0 : IsCombining(cp);
}

bool Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The code point at u[i] and its length in bytes: the common well-formed
// sequences here; everything else (4 bytes, surrogates, overlong forms,
// noncharacters, bad bytes) as utf8proc decodes it, a bad byte as U+FFFD.
inline size_t DecodeAt(const unsigned char* u, size_t size, size_t i, char32_t& cp) {
  if (u[i] < 0x80) {
    cp = u[i];
    return 1;
  }
  if (u[i] >= 0xC2 && u[i] < 0xE0 && i + 1 < size && Continuation(u[i + 1])) {
    cp = (char32_t{u[i]} & 0x1F) << 6 | (u[i + 1] & 0x3F);
    return 2;
  }
  if (u[i] >= 0xE0 && u[i] < 0xF0 && i + 2 < size && Continuation(u[i + 1]) && Continuation(u[i + 2])) {
    cp = (char32_t{u[i]} & 0x0F) << 12 | (char32_t{u[i + 1]} & 0x3F) << 6 | (u[i + 2] & 0x3F);
    if ((cp >= 0x800 && cp < 0xD800) || (cp >= 0xE000 && cp < 0xFDD0)) return 3;
  }
  utf8proc_int32_t c = 0;
  utf8proc_ssize_t len = utf8proc_iterate(u + i, static_cast<utf8proc_ssize_t>(size - i), &c);
  if (len <= 0) {
    cp = kReplacement;
    return 1;
  }
  cp = static_cast<char32_t>(c);
  return static_cast<size_t>(len);
}

// Steps 1 to 3 in one pass: decoding, NFKC + case fold per cluster (a base
// character and the combining marks after it), traditional → simplified,
// keeping each folded code point's source bytes. `table` false: without
// the table of BMP code points (the reference the table is tested against).
FoldedCodePoints Fold(std::string_view utf8, bool table) {
  FoldedCodePoints r;
  r.cps.reserve(utf8.size());
  r.src_begin.reserve(utf8.size());
  r.src_end.reserve(utf8.size());
  const auto* u = reinterpret_cast<const unsigned char*>(utf8.data());
  const size_t size = utf8.size();
  auto combining = [&](char32_t cp) { return table ? IsCombiningFast(cp) : IsCombining(cp); };
  auto push = [&](char32_t f, size_t from, size_t to) {
    r.cps.push_back(f);
    r.src_begin.push_back(static_cast<uint32_t>(from));
    r.src_end.push_back(static_cast<uint32_t>(to));
  };
  std::u32string cluster, folded;
  char32_t cp = 0, next_cp = 0;
  size_t i = 0, next = size > 0 ? DecodeAt(u, size, 0, cp) : 0;
  while (i < size) {
    // [i, next) is cp; the character after it, if any, is decoded.
    size_t next_len = next < size ? DecodeAt(u, size, next, next_cp) : 0;
    if (next == size || !combining(next_cp)) {
      // The common case first: a BMP character on its own that folds to one.
      uint32_t e = kComplex;
      if (table && cp < 0x80) {
        e = kKnown | FoldAscii(cp);
      } else if (table && cp < 0x10000) {
        e = BmpEntry(cp);
      }
      if ((e & kComplex) == 0) {
        push(e & kCodePoint, i, next);
      } else {
        folded.clear();
        AppendSimplified(FoldOne(cp), folded);
        for (char32_t f : folded) push(f, i, next);
      }
      i = next;
      next += next_len;
      cp = next_cp;
      continue;
    }
    // A cluster: cp and the combining marks after it.
    cluster.assign(1, cp);
    size_t end = next;
    while (end < size && combining(next_cp)) {
      cluster.push_back(next_cp);
      end += next_len;
      next_len = end < size ? DecodeAt(u, size, end, next_cp) : 0;
    }
    folded.clear();
    AppendSimplified(FoldCluster(cluster), folded);
    for (char32_t f : folded) push(f, i, end);
    i = end;
    next = end + next_len;
    cp = next_cp;
  }
  return r;
}

FoldedText Encoded(FoldedCodePoints f) {
  FoldedText result;
  EncodeUtf8(f.cps, result.text);
  result.src_begin = std::move(f.src_begin);
  result.src_end = std::move(f.src_end);
  return result;
}

}  // namespace

Status InitTextFolding() { return T2s().status; }

void AppendUtf8(char32_t cp, std::string& out) {
  utf8proc_uint8_t buf[4];
  utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  if (n <= 0) n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(kReplacement), buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

std::u32string DecodeUtf8Lossy(std::string_view utf8) {
  std::u32string cps;
  cps.reserve(utf8.size());
  const auto* u = reinterpret_cast<const unsigned char*>(utf8.data());
  for (size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    i += DecodeAt(u, utf8.size(), i, cp);
    cps.push_back(cp);
  }
  return cps;
}

void EncodeUtf8(std::u32string_view cps, std::string& out) {
  out.reserve(out.size() + cps.size() * 3);
  for (char32_t cp : cps) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000 && (cp < 0xD800 || cp > 0xDFFF)) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      AppendUtf8(cp, out);
    }
  }
}

std::string ToValidUtf8(std::string_view utf8) {
  std::string out;
  EncodeUtf8(DecodeUtf8Lossy(utf8), out);
  return out;
}

FoldedText FoldWithOffsets(std::string_view utf8) { return Encoded(Fold(utf8, true)); }

FoldedCodePoints FoldToCodePoints(std::string_view utf8) { return Fold(utf8, true); }

FoldedText internal::FoldWithoutTable(std::string_view utf8) { return Encoded(Fold(utf8, false)); }

std::string FoldForSearch(std::string_view utf8) { return FoldWithOffsets(utf8).text; }

}  // namespace gk::text
