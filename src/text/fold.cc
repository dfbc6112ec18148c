#include "text/fold.h"

#include <opencc/opencc.h>
#include <utf8proc.h>

#include <cstdlib>
#include <mutex>
#include <unordered_map>

namespace gk::text {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr utf8proc_option_t kFoldOptions = static_cast<utf8proc_option_t>(
    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);

// ---------------------------------------------------------------- OpenCC

struct Converter {
  std::mutex mu;
  opencc_t handle = reinterpret_cast<opencc_t>(-1);  // GUARDED_BY(mu) for conversions
  Status status;
  std::unordered_map<char32_t, std::u32string> char_cache;  // GUARDED_BY(mu)
  bool ok() const { return status.ok(); }
};

Converter& OpenConverter() {
  static Converter* converter = [] {
    auto* c = new Converter();
    for (const char* config : {"t2s.json", "/usr/share/opencc/t2s.json"}) {
      c->handle = opencc_open(config);
      if (c->handle != reinterpret_cast<opencc_t>(-1)) return c;
    }
    c->status = Internal(std::string("cannot open the OpenCC converter t2s.json: ") + opencc_error());
    return c;
  }();
  return *converter;
}

// Whole-text traditional → simplified conversion; `s` unchanged on failure.
std::string ConvertT2S(const std::string& s) {
  Converter& c = OpenConverter();
  if (!c.ok()) return s;
  std::lock_guard lock(c.mu);
  try {
    char* out = opencc_convert_utf8(c.handle, s.c_str(), s.size());
    if (out == nullptr) return s;
    std::string result(out);
    opencc_convert_utf8_free(out);
    return result;
  } catch (const std::exception&) {
    return s;
  }
}

// One character converted on its own (used when whole-text conversion
// changed the number of code points, so offsets could not be kept).
std::u32string ConvertCharT2S(char32_t cp) {
  Converter& c = OpenConverter();
  if (!c.ok()) return std::u32string(1, cp);
  {
    std::lock_guard lock(c.mu);
    if (auto it = c.char_cache.find(cp); it != c.char_cache.end()) return it->second;
  }
  std::string utf8;
  AppendUtf8(cp, utf8);
  std::u32string converted = DecodeUtf8Lossy(ConvertT2S(utf8));
  std::lock_guard lock(c.mu);
  c.char_cache.emplace(cp, converted);
  return converted;
}

// Code points OpenCC may change: CJK symbols, kana, ideographs and beyond.
bool MayNeedT2S(char32_t cp) { return cp >= 0x2E80; }

// ---------------------------------------------------------------- utf8proc

bool IsCombining(char32_t cp) {
  return cp >= 0x300 && utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->combining_class != 0;
}

bool IsStableHan(char32_t cp) { return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF); }

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
  bool any = false;
  for (char32_t cp : cps) any = any || MayNeedT2S(cp);
  if (!any || !OpenConverter().ok()) return;
  std::string utf8;
  for (char32_t cp : cps) AppendUtf8(cp, utf8);
  std::u32string converted = DecodeUtf8Lossy(ConvertT2S(utf8));
  if (converted.size() == cps.size()) {
    cps = std::move(converted);
    return;
  }
  // The phrase conversion changed the length: convert character by character.
  std::u32string out;
  std::vector<uint32_t> begin, end;
  for (size_t i = 0; i < cps.size(); ++i) {
    std::u32string one = MayNeedT2S(cps[i]) ? ConvertCharT2S(cps[i]) : std::u32string(1, cps[i]);
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

Status InitTextFolding() { return OpenConverter().status; }

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
