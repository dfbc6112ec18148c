// Small string helpers shared by every layer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gk {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Number of Unicode code points in valid UTF-8 `s`.
size_t Utf8Length(std::string_view s);
// True if `s` contains an ASCII control character other than \t, \n, \r.
bool HasControlChars(std::string_view s);

std::string_view Trim(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);
std::string ToLowerAscii(std::string_view s);
// Joins with `sep`.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace gk
