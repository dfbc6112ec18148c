#include "scan/scan.h"

#include <hs.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <array>
#include <set>
#include <tuple>

#include "base/strings.h"

namespace gk::scan {
namespace {

struct KindInfo {
  Kind kind;
  const char* key;
  const char* label;
  Severity severity;
};

constexpr KindInfo kKinds[] = {
    {Kind::kClassificationMark, "classification_mark", "密级标志", Severity::kBlock},
    {Kind::kInternalMark, "internal_mark", "内部资料标志", Severity::kBlock},
    {Kind::kIdCard, "id_card", "居民身份证号码", Severity::kBlock},
    {Kind::kBankCard, "bank_card", "银行卡号", Severity::kBlock},
    {Kind::kMobile, "mobile", "手机号码", Severity::kWarn},
    {Kind::kLandline, "landline", "固定电话号码", Severity::kWarn},
    {Kind::kEmail, "email", "电子邮箱", Severity::kWarn},
    {Kind::kPassport, "passport", "护照或通行证号码", Severity::kWarn},
    {Kind::kVehiclePlate, "vehicle_plate", "机动车号牌", Severity::kWarn},
    {Kind::kUscc, "uscc", "统一社会信用代码", Severity::kWarn},
    {Kind::kLexicon, "lexicon", "敏感词", Severity::kWarn},
};

// How a candidate must be delimited from its neighbours: not at all; by no
// digit; by no letter or digit; and kSerial: by no letter or digit, nor by
// the punctuation of a serial number glued to them (SN13812345678,
// HT-2025-13812345678, No.15012345678, 13812345678-02).
enum class Edge { kNone, kDigit, kAlnum, kSerial };

struct Rule {
  const char* name;
  Kind kind;
  const char* pattern;
  Edge edge;
};

#define MARK "(?:绝密|机密|秘密)"
#define PROV "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
#define PLATE_CH "[A-HJ-NP-Z0-9]"
// A USCC character, in either case.
#define USCC_CH "[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]"
// What separates the groups of a number: a space (also the ideographic
// space) or a hyphen, or a line break (the number carried to the next line).
#define SEP "(?:[ -]|\\r?\\n|\xE3\x80\x80)"

// The fixed rules. Numbers are matched loosely here and validated in code.
constexpr Rule kRules[] = {
    {"密级★期限", Kind::kClassificationMark, MARK "\\s*[★☆]\\s*(?:\\d{1,2}\\s*(?:年|个月)|长期|启用前)?", Edge::kNone},
    {"密级：", Kind::kClassificationMark, "密\\s*级\\s*[:：]?\\s*" MARK, Edge::kNone},
    {"【密级】", Kind::kClassificationMark, "[【\\[（(〔]\\s*" MARK "\\s*[】\\]）)〕]", Edge::kNone},
    {"密级启用前", Kind::kClassificationMark, MARK "\\s*(?:级\\s*)?启用前", Edge::kNone},
    {"X级文件", Kind::kClassificationMark, MARK "级(?:文件|资料|材料|信息)?", Edge::kNone},
    {"内部资料", Kind::kInternalMark,
     "内部(?:资料|文件|材料|刊物|参阅|使用|传阅)|注意(?:保存|保密)|(?:不得|严禁|禁止|请勿)外传|仅供内部(?:参考|使用|参阅)?|"
     "不宜公开|不得公开|内部(?:掌握|发行)",
     Edge::kNone},
    {"身份证18位", Kind::kIdCard, "[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]",
     Edge::kAlnum},
    // Grouped as people write it: 110102 19910101 0078, 110102-1991-0101-0078,
    // a group possibly carried to the next line.
    {"身份证18位（分组）", Kind::kIdCard,
     "[1-9]\\d{5}" SEP "?(?:18|19|20)\\d{2}" SEP "?(?:0[1-9]|1[0-2])" SEP "?(?:0[1-9]|[12]\\d|3[01])" SEP "?\\d{3}[\\dXx]",
     Edge::kAlnum},
    {"身份证15位", Kind::kIdCard, "[1-9]\\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}", Edge::kAlnum},
    {"银行卡", Kind::kBankCard, "[1-9]\\d{15,18}", Edge::kDigit},
    {"银行卡（分组）", Kind::kBankCard, "[1-9]\\d{3}(?:" SEP "\\d{4}){3}(?:" SEP "\\d{1,3})?", Edge::kDigit},
    // Any 11 digits starting with 1: an allocated mobile prefix, or any at
    // all after 电话, 手机, 联系方式 … (Validate).
    {"手机", Kind::kMobile, "(?:\\+?86[- ]?)?1\\d{10}", Edge::kSerial},
    {"手机（分组）", Kind::kMobile, "(?:\\+?86[- ]?)?1\\d{2}[- ]\\d{4}[- ]\\d{4}", Edge::kSerial},
    {"固话", Kind::kLandline, "0(?:10|2\\d)-\\d{8}|0[3-9]\\d{2}-\\d{7,8}", Edge::kDigit},
    {"固话（括号）", Kind::kLandline, "[（(]0\\d{2,3}[）)]\\s?\\d{7,8}", Edge::kDigit},
    {"电子邮箱", Kind::kEmail, "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}", Edge::kAlnum},
    {"护照", Kind::kPassport, "[EG]\\d{8}|E[A-HJ-NP-Z]\\d{7}", Edge::kAlnum},
    {"港澳通行证", Kind::kPassport, "C[A-HJ-NP-Z0-9]\\d{7}|[HM]\\d{8}(?:\\d{2})?", Edge::kAlnum},
    {"号牌", Kind::kVehiclePlate, PROV "[A-HJ-NP-Z]" PLATE_CH "{4}(?:" PLATE_CH "|[挂学警港澳])|" PROV "[A-HJ-NP-Z][DF]" PLATE_CH "{5}",
     Edge::kAlnum},
    {"统一社会信用代码", Kind::kUscc, USCC_CH "{2}\\d{6}" USCC_CH "{10}", Edge::kAlnum},
    // In groups: 2-6-9-1 (its parts) or of four.
    {"统一社会信用代码（分组）", Kind::kUscc,
     USCC_CH "{2} ?\\d{6} ?" USCC_CH "{9} ?" USCC_CH "|" USCC_CH "{2}\\d{2} \\d{4} " USCC_CH "{4} " USCC_CH "{4} " USCC_CH "{2}",
     Edge::kAlnum},
};

#undef MARK
#undef PROV
#undef PLATE_CH
#undef USCC_CH
#undef SEP

constexpr size_t kMaxTerms = 100000;
constexpr size_t kMaxTermBytes = 100;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool Delimited(std::string_view text, size_t from, size_t to, Edge edge) {
  if (edge == Edge::kNone) return true;
  auto glued = [&](char c) { return edge == Edge::kDigit ? IsDigit(c) : IsAlnum(c); };
  if (from > 0 && glued(text[from - 1])) return false;
  if (to < text.size() && glued(text[to])) return false;
  if (edge == Edge::kSerial) {
    auto serial_mark = [](char c) { return c == '-' || c == '.' || c == '_' || c == '/' || c == '#'; };
    if (from >= 2 && serial_mark(text[from - 1]) && IsAlnum(text[from - 2])) return false;
    if (to + 1 < text.size() && serial_mark(text[to]) && IsAlnum(text[to + 1])) return false;
  }
  // Part of a decimal number ("13812345678.00", "3.13812345678").
  if (to + 1 < text.size() && text[to] == '.' && IsDigit(text[to + 1])) return false;
  if (from >= 2 && text[from - 1] == '.' && IsDigit(text[from - 2])) return false;
  // "a@b.com.cn": a match ending before ".cn" continues.
  if (edge == Edge::kAlnum && to + 1 < text.size() && text[to] == '.' && IsAlnum(text[to + 1])) return false;
  return true;
}

std::string OnlyDigits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (IsDigit(c) || c == 'X' || c == 'x') out += c;
  }
  return out;
}

// Words that make a long number a bank card number, looked for shortly before it.
constexpr std::string_view kCardContext[] = {"卡号", "银行卡", "账号", "帐号", "借记卡", "信用卡", "储蓄卡",
                                             "开户", "账户", "帐户", "卡 号", "银行"};

// The words before `from` in the same sentence: at most `window` bytes back,
// not across 。；; — and across a line break only when the line before ends
// with what it says (the context word, a colon) and the number starts the
// next: "收款银行卡号：⏎6222…".
std::string_view Before(std::string_view text, size_t from, size_t window) {
  size_t begin = from > window ? from - window : 0;
  std::string_view before = text.substr(begin, from - begin);
  // Only the line break right before the number (blanks between) is crossed.
  size_t last = before.find_last_not_of(" \t\r");
  bool carried = last != std::string_view::npos && before[last] == '\n';
  std::string_view head = carried ? before.substr(0, last) : before;
  for (std::string_view stop : {"。", "；", ";", "\n"}) {
    size_t p = head.rfind(stop);
    if (p != std::string_view::npos) head = head.substr(p + stop.size());
  }
  return head;
}

bool HasWord(std::string_view before, std::span<const std::string_view> words) {
  for (std::string_view w : words) {
    if (before.find(w) != std::string_view::npos) return true;
  }
  return false;
}

bool CardContext(std::string_view text, size_t from) { return HasWord(Before(text, from, 36), kCardContext); }

// Words after which an 11-digit number starting with 1 is a mobile number
// whatever its prefix (data cards, new segments): close before it, in the
// same sentence.
constexpr std::string_view kPhoneContext[] = {"电话", "手机", "联系方式", "联系号码", "手机号", "号码",
                                              "Tel", "TEL", "tel", "Mobile", "mobile", "致电", "拨打"};

bool PhoneContext(std::string_view text, size_t from) {
  std::string_view before = Before(text, from, 24);
  // The context word must be the last thing before the number, but for a
  // colon and blanks: "联系电话：144…", not "电话费 144…元".
  size_t end = before.size();
  while (end > 0 && (before[end - 1] == ' ' || before[end - 1] == ':' || before[end - 1] == '\t')) --end;
  before = before.substr(0, end);
  for (std::string_view w : {std::string_view("："), std::string_view("为"), std::string_view("是")}) {
    if (before.size() >= w.size() && before.substr(before.size() - w.size()) == w) before.remove_suffix(w.size());
  }
  for (std::string_view w : kPhoneContext) {
    if (before.size() >= w.size() && before.substr(before.size() - w.size()) == w) return true;
  }
  return false;
}

bool Validate(const Rule& rule, std::string_view text, size_t from, size_t to, Date today) {
  if (!Delimited(text, from, to, rule.edge)) return false;
  std::string_view m = text.substr(from, to - from);
  switch (rule.kind) {
    case Kind::kIdCard: return ValidResidentId(OnlyDigits(m), today);
    case Kind::kBankCard: {
      std::string d = OnlyDigits(m);
      return d.size() >= 16 && d.size() <= 19 && LuhnValid(d) && CardContext(text, from);
    }
    case Kind::kMobile: {
      std::string d = OnlyDigits(m);
      if (d.size() == 13 && d.rfind("86", 0) == 0) d = d.substr(2);
      if (d.size() != 11) return false;
      return ValidMobile(d) || PhoneContext(text, from);
    }
    case Kind::kUscc: {
      std::string code;
      for (char c : m) {
        if (c != ' ') code += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
      }
      return ValidUscc(code) && PlausibleUscc(code);
    }
    case Kind::kEmail: return m.back() != '.';
    default: return true;
  }
}

// The number of code points in valid UTF-8 bytes [p, p + n): the bytes that
// are not continuation bytes (10xxxxxx), eight at a time.
size_t CountCodePoints(const char* p, size_t n) {
  size_t continuation = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    uint64_t cont = (w >> 7) & (~w >> 6) & 0x0101010101010101ULL;  // top bits 1, 0
    continuation += static_cast<size_t>(__builtin_popcountll(cont));
  }
  for (; i < n; ++i) continuation += (static_cast<unsigned char>(p[i]) & 0xC0) == 0x80;
  return n - continuation;
}

// Full-width digits, letters and hyphen (１１０１, ＡＢ, －) folded to ASCII;
// one code point for one, so that code point positions stay those of
// `text`. The rest of the full-width forms (，：（）) are left: Chinese
// text is full of them and the rules expect them. False, and nothing
// written, for a text without any. Otherwise `at[i]` is the byte of `text`
// where byte i of `out` comes from (and `at[out.size()]` is text.size()).
bool Foldable(const unsigned char* p) {
  if (p[0] != 0xEF) return false;
  if (p[1] == 0xBC) return (p[2] >= 0x90 && p[2] <= 0x99) || (p[2] >= 0xA1 && p[2] <= 0xBA) || p[2] == 0x8D;
  return p[1] == 0xBD && p[2] >= 0x81 && p[2] <= 0x9A;
}

bool FoldFullWidth(std::string_view text, std::string& out, std::vector<uint32_t>& at) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t first = 0;
  for (;;) {
    const void* p = first + 2 < text.size() ? std::memchr(bytes + first, 0xEF, text.size() - 2 - first) : nullptr;
    if (!p) return false;
    first = static_cast<size_t>(static_cast<const unsigned char*>(p) - bytes);
    if (Foldable(bytes + first)) break;
    ++first;
  }
  out.assign(text.substr(0, first));
  out.reserve(text.size());
  at.resize(first);
  for (size_t i = 0; i < first; ++i) at[i] = static_cast<uint32_t>(i);
  at.reserve(text.size() + 1);
  for (size_t i = first; i < text.size();) {
    if (i + 2 < text.size() && Foldable(bytes + i)) {
      unsigned cp = 0xF000u | ((bytes[i + 1] & 0x3Fu) << 6) | (bytes[i + 2] & 0x3Fu);
      out += static_cast<char>(cp - 0xFEE0);
      at.push_back(static_cast<uint32_t>(i));
      i += 3;
      continue;
    }
    out += text[i];
    at.push_back(static_cast<uint32_t>(i));
    ++i;
  }
  at.push_back(static_cast<uint32_t>(text.size()));
  return true;
}

struct RawMatch {
  unsigned id;
  size_t from, to;
};

int Collect(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) {
  static_cast<std::vector<RawMatch>*>(ctx)->push_back({id, static_cast<size_t>(from), static_cast<size_t>(to)});
  return 0;
}

int Count(unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
  ++*static_cast<size_t*>(ctx);
  return 0;
}

Status HsError(const char* what, hs_compile_error_t* err) {
  std::string msg = std::string(what) + ": " + (err && err->message ? err->message : "unknown error");
  if (err) hs_free_compile_error(err);
  return Internal(msg);
}

}  // namespace

struct Scanner::Impl {
  Settings settings;
  hs_database_t* rules = nullptr;
  hs_database_t* lexicon = nullptr;
  hs_scratch_t* prototype = nullptr;
  std::vector<std::string> terms;

  ~Impl() {
    if (prototype) hs_free_scratch(prototype);
    if (rules) hs_free_database(rules);
    if (lexicon) hs_free_database(lexicon);
  }

  Severity SeverityOf(Kind k) const {
    auto it = settings.severity.find(k);
    return it == settings.severity.end() ? DefaultSeverity(k) : it->second;
  }
};

const char* KindKey(Kind k) { return kKinds[static_cast<int>(k)].key; }
const char* KindLabel(Kind k) { return kKinds[static_cast<int>(k)].label; }
std::optional<Kind> KindFromKey(std::string_view key) {
  for (const auto& k : kKinds) {
    if (key == k.key) return k.kind;
  }
  return std::nullopt;
}
const char* SeverityKey(Severity s) { return s == Severity::kBlock ? "block" : "warn"; }
std::optional<Severity> SeverityFromKey(std::string_view key) {
  if (key == "block") return Severity::kBlock;
  if (key == "warn") return Severity::kWarn;
  return std::nullopt;
}
Severity DefaultSeverity(Kind k) { return kKinds[static_cast<int>(k)].severity; }

namespace {

// The provinces of the mainland (GB/T 2260), whose codes begin the identity
// numbers of their residents and, after a 9, the new foreign permanent
// residence card's.
const std::set<int>& MainlandProvinces() {
  static const std::set<int> kCodes = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                       43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65};
  return kCodes;
}

}  // namespace

bool ValidResidentId(std::string_view id, Date today) {
  if (id.size() != 18 && id.size() != 15) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    bool last = i + 1 == id.size() && id.size() == 18;
    if (!IsDigit(id[i]) && !(last && (id[i] == 'X' || id[i] == 'x'))) return false;
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (id[i] - '0');
    return v;
  };
  // The first two digits: a mainland province; 71 Taiwan (on old numbers);
  // 81, 82, 83 the residence permits of Hong Kong, Macao and Taiwan
  // residents (GB 16735 region 810000, 820000, 830000); 91 older numbers
  // issued abroad. Or, on the foreign permanent residence card of 2023:
  // 9, the province that issued it, then a three-digit nationality code
  // (ISO 3166-1 numeric).
  const int first = num(0, 2);
  bool region = MainlandProvinces().count(first) || first == 71 || first == 91;
  if (first == 81 || first == 82 || first == 83) region = id.size() == 18 && num(2, 4) == 0;
  if (!region && id[0] == '9' && id.size() == 18) region = MainlandProvinces().count(num(1, 2)) && num(3, 3) >= 4;
  if (!region) return false;
  int year = id.size() == 18 ? num(6, 4) : 1900 + num(6, 2);
  int month = id.size() == 18 ? num(10, 2) : num(8, 2);
  int day = id.size() == 18 ? num(12, 2) : num(10, 2);
  if (year < 1900 || !Date::IsValid(year, month, day) || Date{year, month, day} > today) return false;
  if (id.size() == 15) return true;
  // ISO 7064 MOD 11-2, the check character of GB 11643 (and of the permits
  // and the permanent residence card, which follow it).
  static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  char check = "10X98765432"[sum % 11];
  return check == (id[17] == 'x' ? 'X' : id[17]);
}

bool PlausibleUscc(std::string_view code) {
  if (code.size() != 18) return false;
  // GB 32100-2015: the registration authority (登记管理部门码), and the
  // categories (机构类别码) each one uses.
  static constexpr std::pair<char, std::string_view> kCategories[] = {
      {'1', "1239"}, {'2', "19"}, {'3', "123459"}, {'4', "19"}, {'5', "1239"}, {'6', "129"},
      {'7', "129"},  {'8', "19"}, {'9', "123"},    {'A', "19"}, {'N', "1239"}, {'Y', "1"}};
  bool category = false;
  for (const auto& [authority, categories] : kCategories) {
    if (code[0] == authority) category = categories.find(code[1]) != std::string_view::npos;
  }
  if (!category) return false;
  // Characters 3-8: the region code of the registering authority (GB/T
  // 2260), a province's or the state's (100000).
  for (size_t i = 2; i < 8; ++i) {
    if (!IsDigit(code[i])) return false;
  }
  int province = (code[2] - '0') * 10 + (code[3] - '0');
  return MainlandProvinces().count(province) || (province == 10 && code.substr(2, 6) == "100000");
}

bool LuhnValid(std::string_view digits) {
  if (digits.size() < 2) return false;
  int sum = 0;
  bool dbl = false;
  for (size_t i = digits.size(); i-- > 0;) {
    if (!IsDigit(digits[i])) return false;
    int d = digits[i] - '0';
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

bool ValidUscc(std::string_view code) {
  static constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kWeights[] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  if (code.size() != 18) return false;
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    size_t v = kChars.find(code[i]);
    if (v == std::string_view::npos) return false;
    sum += static_cast<int>(v) * kWeights[i];
  }
  int check = 31 - sum % 31;
  if (check == 31) check = 0;
  return code[17] == kChars[static_cast<size_t>(check)];
}

bool ValidMobile(std::string_view d) {
  if (d.size() != 11 || d[0] != '1') return false;
  for (char c : d) {
    if (!IsDigit(c)) return false;
  }
  static const std::set<std::string_view> kPrefixes = {
      "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "146", "147", "148", "149",
      "150", "151", "152", "153", "155", "156", "157", "158", "159", "162", "165", "166", "167", "170", "171",
      "172", "173", "174", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187",
      "188", "189", "190", "191", "192", "193", "195", "196", "197", "198", "199"};
  return kPrefixes.count(d.substr(0, 3)) > 0;
}

const char* Verdict(std::span<const Finding> findings) {
  bool warn = false;
  for (const Finding& f : findings) {
    if (f.severity == Severity::kBlock) return "block";
    warn = true;
  }
  return warn ? "warn" : "pass";
}

Result<std::vector<std::string>> ParseLexicon(std::string_view text) {
  if (!IsValidUtf8(text)) return InvalidArgument("词库不是有效的 UTF-8 文本");
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& raw : Split(text, '\n')) {
    std::string term(Trim(raw));
    if (!term.empty() && term.back() == '\r') term.pop_back();
    if (term.empty() || term[0] == '#') continue;
    if (seen.insert(term).second) out.push_back(term);
  }
  return out;
}

Result<Scanner> Scanner::Build(const Settings& settings) {
  auto impl = std::make_unique<Impl>();
  impl->settings = settings;
  // The rules.
  std::vector<const char*> patterns;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < std::size(kRules); ++i) {
    patterns.push_back(kRules[i].pattern);
    flags.push_back(HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(patterns.data(), flags.data(), ids.data(), static_cast<unsigned>(patterns.size()),
                       HS_MODE_BLOCK, nullptr, &impl->rules, &err) != HS_SUCCESS) {
    return HsError("compiling the scan rules", err);
  }
  if (hs_alloc_scratch(impl->rules, &impl->prototype) != HS_SUCCESS) return Internal("hs_alloc_scratch failed");
  // The lexicon, as literals.
  if (settings.lexicon.size() > kMaxTerms) return InvalidArgument("词库超过 100000 个词");
  std::set<std::string> unique;
  for (const std::string& t : settings.lexicon) {
    if (t.empty() || t.size() > kMaxTermBytes || !IsValidUtf8(t) || HasControlChars(t)) {
      return InvalidArgument("词库中的词“" + (IsValidUtf8(t) ? t : std::string("?")) + "”无效（空、过长或含无效字符）");
    }
    if (unique.insert(t).second) impl->terms.push_back(t);
  }
  if (!impl->terms.empty()) {
    std::vector<const char*> lits;
    std::vector<size_t> lens;
    std::vector<unsigned> lflags, lids;
    for (size_t i = 0; i < impl->terms.size(); ++i) {
      lits.push_back(impl->terms[i].data());
      lens.push_back(impl->terms[i].size());
      lflags.push_back(HS_FLAG_SOM_LEFTMOST);
      lids.push_back(static_cast<unsigned>(i));
    }
    if (hs_compile_lit_multi(lits.data(), lflags.data(), lids.data(), lens.data(), static_cast<unsigned>(lits.size()),
                             HS_MODE_BLOCK, nullptr, &impl->lexicon,
                             &err) != HS_SUCCESS) {
      return HsError("compiling the lexicon", err);
    }
    if (hs_alloc_scratch(impl->lexicon, &impl->prototype) != HS_SUCCESS) return Internal("hs_alloc_scratch failed");
  }
  return Scanner(std::move(impl));
}

Scanner::Scanner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Scanner::~Scanner() = default;
Scanner::Scanner(Scanner&&) noexcept = default;
Scanner& Scanner::operator=(Scanner&&) noexcept = default;

namespace {

// A scratch space of this thread for `prototype`, cloned once per thread and
// scanner generation.
class ScratchLease {
 public:
  explicit ScratchLease(hs_scratch_t* prototype) {
    if (hs_clone_scratch(prototype, &scratch_) != HS_SUCCESS) scratch_ = nullptr;
  }
  ~ScratchLease() {
    if (scratch_) hs_free_scratch(scratch_);
  }
  hs_scratch_t* get() const { return scratch_; }

 private:
  hs_scratch_t* scratch_ = nullptr;
};

}  // namespace

Result<std::vector<Finding>> Scanner::Scan(std::string_view text) const {
  if (text.size() > 0xFFFFFFFFu) return TooLarge("文本过大");
  ScratchLease scratch(impl_->prototype);
  if (!scratch.get()) return Internal("hs_clone_scratch failed");
  // The rules run on the text with full-width forms folded; the agency's
  // terms on the text as it is (a term may be written in full width).
  std::string folded;
  std::vector<uint32_t> at;
  const bool fold = FoldFullWidth(text, folded, at);
  const std::string_view rules_text = fold ? std::string_view(folded) : text;
  std::vector<RawMatch> raw;
  if (hs_scan(impl_->rules, rules_text.data(), static_cast<unsigned>(rules_text.size()), 0, scratch.get(), Collect,
              &raw) != HS_SUCCESS) {
    return Internal("hs_scan failed");
  }
  size_t rule_matches = raw.size();
  if (impl_->lexicon &&
      hs_scan(impl_->lexicon, text.data(), static_cast<unsigned>(text.size()), 0, scratch.get(), Collect, &raw) !=
          HS_SUCCESS) {
    return Internal("hs_scan failed");
  }
  // Validate and keep byte spans of `text`.
  struct Span {
    size_t from, to;
    Kind kind;
    std::string rule;
  };
  std::vector<Span> spans;
  for (size_t i = 0; i < raw.size(); ++i) {
    const RawMatch& m = raw[i];
    if (i < rule_matches) {
      const Rule& rule = kRules[m.id];
      if (!Validate(rule, rules_text, m.from, m.to, impl_->settings.today)) continue;
      if (fold) {
        spans.push_back({at[m.from], at[m.to], rule.kind, rule.name});
      } else {
        spans.push_back({m.from, m.to, rule.kind, rule.name});
      }
    } else {
      spans.push_back({m.from, m.to, Kind::kLexicon, impl_->terms[m.id]});
    }
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return std::tie(a.from, a.to, a.kind) < std::tie(b.from, b.to, b.kind);
  });
  spans.erase(std::unique(spans.begin(), spans.end(),
                          [](const Span& a, const Span& b) { return a.from == b.from && a.to == b.to && a.kind == b.kind; }),
              spans.end());
  // Identity numbers win over the other number kinds on the same digits; a
  // mark matched by several rules is reported once, the longest.
  std::vector<std::pair<size_t, size_t>> ids;  // sorted by start, identity numbers never overlap each other
  for (const Span& s : spans) {
    if (s.kind == Kind::kIdCard) ids.emplace_back(s.from, s.to);
  }
  auto covered_by_id = [&](const Span& s) {
    auto it = std::lower_bound(ids.begin(), ids.end(), std::pair<size_t, size_t>(s.to, 0));
    while (it != ids.begin()) {
      --it;
      if (it->second > s.from) return true;  // starts before s ends and ends after s starts
      if (it->first + 32 < s.from) break;
    }
    return false;
  };
  // Spans are sorted by start; a mark inside a longer one of the same kind
  // starts at most kMarkWindow bytes after it.
  constexpr size_t kMarkWindow = 64;
  auto inside_longer = [&](size_t i) {
    const Span& s = spans[i];
    for (size_t j = i; j-- > 0 && spans[j].from + kMarkWindow >= s.from;) {
      const Span& o = spans[j];
      if (o.kind == s.kind && s.to <= o.to) return true;
    }
    for (size_t j = i + 1; j < spans.size() && spans[j].from == s.from; ++j) {
      if (spans[j].kind == s.kind && spans[j].to > s.to) return true;
    }
    return false;
  };
  std::vector<Span> kept;
  for (size_t i = 0; i < spans.size(); ++i) {
    const Span& s = spans[i];
    bool numeric = s.kind == Kind::kBankCard || s.kind == Kind::kMobile || s.kind == Kind::kUscc ||
                   s.kind == Kind::kLandline || s.kind == Kind::kPassport;
    if (numeric && covered_by_id(s)) continue;
    if ((s.kind == Kind::kClassificationMark || s.kind == Kind::kInternalMark) && inside_longer(i)) continue;
    kept.push_back(s);
  }
  // Byte offsets to code point offsets, in one pass.
  std::vector<size_t> points;
  points.reserve(kept.size() * 2);
  for (const Span& s : kept) {
    points.push_back(s.from);
    points.push_back(s.to);
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  std::vector<size_t> cp(points.size());
  size_t count = 0, pos = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    count += CountCodePoints(text.data() + pos, points[i] - pos);
    pos = points[i];
    cp[i] = count;
  }
  auto to_cp = [&](size_t byte) {
    return cp[static_cast<size_t>(std::lower_bound(points.begin(), points.end(), byte) - points.begin())];
  };
  std::vector<Finding> out;
  out.reserve(kept.size());
  for (const Span& s : kept) {
    out.push_back({s.kind, std::string(text.substr(s.from, s.to - s.from)), to_cp(s.from), to_cp(s.to),
                   impl_->SeverityOf(s.kind), s.rule});
  }
  return out;
}

Result<size_t> Scanner::CountRawMatches(std::string_view text) const {
  if (text.size() > 0xFFFFFFFFu) return TooLarge("文本过大");
  ScratchLease scratch(impl_->prototype);
  if (!scratch.get()) return Internal("hs_clone_scratch failed");
  size_t n = 0;
  if (hs_scan(impl_->rules, text.data(), static_cast<unsigned>(text.size()), 0, scratch.get(), Count, &n) !=
      HS_SUCCESS) {
    return Internal("hs_scan failed");
  }
  if (impl_->lexicon &&
      hs_scan(impl_->lexicon, text.data(), static_cast<unsigned>(text.size()), 0, scratch.get(), Count, &n) !=
          HS_SUCCESS) {
    return Internal("hs_scan failed");
  }
  return n;
}

}  // namespace gk::scan
