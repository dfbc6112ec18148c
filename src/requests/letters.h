// The letters of an application: 答复书 of every reply type, 补正告知书,
// 延期答复告知书, 征求意见书 and 收费通知书. Each kind has a default template
// (plain text, one paragraph per line, {{field}} placeholders) that an agency
// may replace; letters are numbered per agency, kind and year as
// "<机关代字><kind code>〔<year>〕<seq>号".
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/calendar.h"
#include "base/status.h"

namespace gk::requests {

enum class LetterKind { kReply, kCorrection, kExtension, kConsultation, kFee };

struct LetterKindInfo {
  LetterKind kind;
  const char* key;       // "reply", "correction", "extension", "consultation", "fee"
  const char* title;     // 政府信息公开申请答复书, …
  const char* code;      // the kind's part of the number: 公复, 公补, …
  const char* fallback;  // the default template
  const char* fields;    // the placeholders it may use, for the template editor
  const char* required;  // the placeholders it must use (what the letter must state)
};

std::span<const LetterKindInfo> LetterKinds();
const LetterKindInfo& Info(LetterKind k);
std::optional<LetterKind> LetterKindFromKey(std::string_view key);

// Replaces every {{name}} in `text` with fields[name]; unknown names become
// "". Values are inserted literally (no further expansion).
std::string FillTemplate(std::string_view text, const std::map<std::string, std::string>& fields);

// Checks an agency's template for `kind`: valid UTF-8, at most 10,000
// characters, only known placeholders, balanced braces, and every required
// placeholder present (a 答复书 must state the decision, the reasons, the
// legal basis and the remedies). InvalidArgument in Simplified Chinese
// otherwise.
Status CheckLetterTemplate(LetterKind kind, std::string_view text);

// The placeholders a reply type's decision paragraph may use, and its check
// (as CheckLetterTemplate, with these fields).
inline constexpr char kDecisionFields[] = "info ref received_date agency";
Status CheckDecisionTemplate(std::string_view text);

// "静安寺公复〔2026〕3号".
std::string LetterNumber(std::string_view agency_code, LetterKind kind, int year, int64_t seq);

// The remedies paragraph of a reply (行政复议 within 60 days, 行政诉讼 within
// 6 months), naming the bodies from the agency settings.
std::string Remedies(std::string_view review_body, std::string_view court);

// "2026年11月27日" (Arabic numerals, no leading zeros, as GB/T 9704 wants).
std::string ChineseDate(std::string_view iso_date);
// ChineseDate of `d`, followed by "（暂定，以国务院办公厅公布的放假安排为准）"
// when `d` lies in the calendar's provisional year.
std::string LetterDate(const WorkdayCalendar& cal, Date d);

}  // namespace gk::requests
