#include "text/fold.h"

#include <opencc/opencc.h>
#include <utf8proc.h>

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

// FoldCluster for a single code point, with fast paths and a per-thread cache.
std::u32string FoldChar(char32_t cp) {
  if (cp < 0x80) {
    if (cp < 0x20 || cp == 0x7F) return U" ";
    if (cp >= 'A' && cp <= 'Z') return std::u32string(1, cp + ('a' - 'A'));
    return std::u32string(1, cp);
  }
  if (IsStableHan(cp)) return std::u32string(1, cp);
  thread_local std::unordered_map<char32_t, std::u32string> cache;
  if (auto it = cache.find(cp); it != cache.end()) return it->second;
  if (cache.size() > 100000) cache.clear();
  std::u32string folded = (cp >= 0x80 && cp < 0xA0) ? U" " : FoldCluster(std::u32string(1, cp));
  cache.emplace(cp, folded);
  return folded;
}

struct Decoded {
  std::u32string cps;
  std::vector<uint32_t> begin;  // byte offset of each code point
  std::vector<uint32_t> end;
};

Decoded DecodeWithOffsets(std::string_view s) {
  Decoded d;
  d.cps.reserve(s.size());
  d.begin.reserve(s.size());
  d.end.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                          static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0) {
      cp = kReplacement;
      n = 1;
    }
    d.cps.push_back(static_cast<char32_t>(cp));
    d.begin.push_back(static_cast<uint32_t>(i));
    i += static_cast<size_t>(n);
    d.end.push_back(static_cast<uint32_t>(i));
  }
  return d;
}

// Steps 1 and 2: NFKC + case fold per cluster, keeping source offsets.
void FoldClusters(const Decoded& d, std::u32string& out, std::vector<uint32_t>& src_begin,
                  std::vector<uint32_t>& src_end) {
  size_t n = d.cps.size();
  out.reserve(n);
  src_begin.reserve(n);
  src_end.reserve(n);
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && IsCombining(d.cps[j])) ++j;
    std::u32string folded = j == i + 1 ? FoldChar(d.cps[i]) : FoldCluster(d.cps.substr(i, j - i));
    for (char32_t cp : folded) {
      out.push_back(cp);
      src_begin.push_back(d.begin[i]);
      src_end.push_back(d.end[j - 1]);
    }
    i = j;
  }
}

// Step 3, keeping one offset entry per code point.
void ApplyT2S(std::u32string& cps, std::vector<uint32_t>& src_begin, std::vector<uint32_t>& src_end) {
  const auto& changes = T2s().changes;
  bool same_length = true;
  for (char32_t cp : cps) {
    if (cp < 0x2E80) continue;
    auto it = changes.find(cp);
    same_length = same_length && (it == changes.end() || it->second.size() == 1);
  }
  if (same_length) {
    for (char32_t& cp : cps) {
      if (cp < 0x2E80) continue;
      if (auto it = changes.find(cp); it != changes.end()) cp = it->second[0];
    }
    return;
  }
  std::u32string out;
  std::vector<uint32_t> begin, end;
  for (size_t i = 0; i < cps.size(); ++i) {
    auto it = cps[i] < 0x2E80 ? changes.end() : changes.find(cps[i]);
    std::u32string one = it == changes.end() ? std::u32string(1, cps[i]) : it->second;
    for (char32_t cp : one) {
      out.push_back(cp);
      begin.push_back(src_begin[i]);
      end.push_back(src_end[i]);
    }
  }
  cps = std::move(out);
  src_begin = std::move(begin);
  src_end = std::move(end);
}

}  // namespace

Status InitTextFolding() { return T2s().status; }

void AppendUtf8(char32_t cp, std::string& out) {
  utf8proc_uint8_t buf[4];
  utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  if (n <= 0) n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(kReplacement), buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

std::u32string DecodeUtf8Lossy(std::string_view utf8) { return DecodeWithOffsets(utf8).cps; }

std::string ToValidUtf8(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (char32_t cp : DecodeUtf8Lossy(utf8)) AppendUtf8(cp, out);
  return out;
}

FoldedText FoldWithOffsets(std::string_view utf8) {
  Decoded d = DecodeWithOffsets(utf8);
  std::u32string cps;
  FoldedText result;
  FoldClusters(d, cps, result.src_begin, result.src_end);
  ApplyT2S(cps, result.src_begin, result.src_end);
  result.text.reserve(cps.size() * 3);
  for (char32_t cp : cps) AppendUtf8(cp, result.text);
  return result;
}

std::string FoldForSearch(std::string_view utf8) { return FoldWithOffsets(utf8).text; }

}  // namespace gk::text
