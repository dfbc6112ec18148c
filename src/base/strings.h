// Small string helpers shared by every layer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace gk {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Number of Unicode code points in valid UTF-8 `s`.
size_t Utf8Length(std::string_view s);
// The first `n` code points of valid UTF-8 `s`, with "…" appended when cut.
std::string Utf8Clip(std::string_view s, size_t n);
// `text` as echoed in an error message: at most 40 bytes, cut at a UTF-8
// lead byte (the input may not be valid UTF-8), "..." appended when cut.
std::string EchoForError(std::string_view text);
// True if `s` contains an ASCII control character other than \t, \n, \r.
bool HasControlChars(std::string_view s);

std::string_view Trim(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);
std::string ToLowerAscii(std::string_view s);
// Joins with `sep`.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// Validates a form field for people: valid UTF-8, no control characters
// other than \t \n \r, not blank if `required`, at most `max_chars` code
// points. InvalidArgument naming the field in Simplified Chinese, e.g.
// "标题不能为空", "理由不能超过 1000 个字".
Status CheckText(std::string_view value, std::string_view label, size_t max_chars, bool required);

// `s` with & < > " ' replaced by HTML character references.
std::string EscapeHtml(std::string_view s);
// Appends EscapeHtml(s) to `out`; `apostrophe` is the entity for ' (the
// templates write kainjow's "&apos;").
void AppendEscapedHtml(std::string& out, std::string_view s, const char* apostrophe = "&#39;");

// `s` with all but the first `keep_front` and last `keep_back` code points
// replaced by '*' ("310101199001011234" → "3101**********1234"); for display
// of personal data. Short values are masked entirely but for the last one.
std::string MaskMiddle(std::string_view s, size_t keep_front, size_t keep_back);

}  // namespace gk
