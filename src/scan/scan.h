// The confidentiality and privacy check (保密审查辅助, seed rules III.6): finds
// classification marks, internal-use marks, personal identifiers and the
// agency's sensitive terms in extracted text, with exact positions.
//
// Matching runs on Hyperscan, one compiled database per rule set (the fixed
// rules; the agency's lexicon); every candidate a number rule finds is then
// validated (identity numbers by region, birth date and check digit; bank
// cards by Luhn and a card context; USCC by the GB 32100 check character;
// mobile numbers by prefix) and must stand alone (no digit or letter glued to
// it), so that 文号, amounts and serial numbers are not reported.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"

namespace gk::scan {

enum class Kind {
  kClassificationMark,  // 绝密 / 机密 / 秘密 markings (★, 保密期限, 启用前 …)
  kInternalMark,        // 内部资料, 不得外传 …
  kIdCard,              // 居民身份证号码 (18 and 15 digits)
  kBankCard,            // Luhn-valid 16–19 digits in a card context
  kMobile,              // 1[3-9]x xxxx xxxx
  kLandline,            // 021-12345678, (0571)87654321
  kEmail,
  kPassport,            // 护照, 港澳通行证, 回乡证
  kVehiclePlate,        // 沪A12345, 京AD12345 (new energy)
  kUscc,                // 统一社会信用代码 with a valid check character
  kLexicon,             // the agency's sensitive terms
};

enum class Severity { kWarn, kBlock };

inline constexpr Kind kAllKinds[] = {Kind::kClassificationMark, Kind::kInternalMark, Kind::kIdCard, Kind::kBankCard,
                                     Kind::kMobile,  Kind::kLandline,     Kind::kEmail,  Kind::kPassport,
                                     Kind::kVehiclePlate, Kind::kUscc,    Kind::kLexicon};

const char* KindKey(Kind k);    // "classification_mark", "id_card", …
const char* KindLabel(Kind k);  // 密级标志, 居民身份证号码, …
std::optional<Kind> KindFromKey(std::string_view key);
const char* SeverityKey(Severity s);  // "block", "warn"
std::optional<Severity> SeverityFromKey(std::string_view key);
// The default severity of each kind: marks, identity and bank card numbers
// block; the rest warn.
Severity DefaultSeverity(Kind k);

struct Finding {
  Kind kind = Kind::kLexicon;
  std::string text;        // exactly as in the text
  size_t start = 0;        // offset in Unicode code points, inclusive
  size_t end = 0;          // exclusive
  Severity severity = Severity::kWarn;
  std::string rule;        // which rule or lexicon term matched
  friend bool operator==(const Finding&, const Finding&) = default;
};

struct Settings {
  std::map<Kind, Severity> severity;  // overrides DefaultSeverity
  std::vector<std::string> lexicon;   // literal terms, matched case-sensitively
  Date today{2100, 1, 1};             // birth dates after this are not identity numbers
};

class Scanner {
 public:
  // Compiles the rule database and, if there are terms, the lexicon
  // database. InvalidArgument for a bad lexicon (empty or non-UTF-8 term,
  // more than 100,000 terms, a term over 100 bytes).
  static Result<Scanner> Build(const Settings& settings);
  ~Scanner();
  Scanner(Scanner&&) noexcept;
  Scanner& operator=(Scanner&&) noexcept;

  // Every finding in `text` (valid UTF-8), sorted by start; overlapping
  // findings of different kinds are all reported, except that a number valid
  // as an identity number is not also reported as a bank card or phone
  // number. Thread-safe (scratch space per thread).
  Result<std::vector<Finding>> Scan(std::string_view text) const;

  // The bare Hyperscan pass over the same databases, counting raw matches
  // without validation or bookkeeping (for the benchmark).
  Result<size_t> CountRawMatches(std::string_view text) const;

 private:
  struct Impl;
  explicit Scanner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Validators, exposed for tests and for the redaction check.
// Identity numbers of 18 or 15 characters (GB 11643), the residence permits
// of Hong Kong, Macao and Taiwan residents (81/82/83 0000) and the foreign
// permanent residence card of 2023 (9, province, nationality): region, birth
// date, check character. docs/formats.md, "Identity numbers".
bool ValidResidentId(std::string_view digits, Date today);
bool LuhnValid(std::string_view digits);
bool ValidUscc(std::string_view code);  // 18 characters, GB 32100 check character
// The structure of a USCC (GB 32100): a registration authority, one of its
// categories, and a region code; most 18-digit serials whose check
// character happens to fit are not.
bool PlausibleUscc(std::string_view code);
bool ValidMobile(std::string_view digits);  // 11 digits

// "pass" if nothing was found, "warn" if only warnings, "block" otherwise.
const char* Verdict(std::span<const Finding> findings);

// Parses a lexicon file: one term per line, "#" starts a comment line,
// surrounding white space trimmed, blank lines and duplicates skipped.
Result<std::vector<std::string>> ParseLexicon(std::string_view text);

}  // namespace gk::scan
