// Import files in JSON Lines (one JSON object per line), as the importers
// of historical records read them (requests/import.h, disclosure/import.h):
// the size limits, the line numbers of the messages, and readers of fields.
#pragma once

#include <boost/json/object.hpp>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"

namespace gk {

struct JsonLine {
  int number = 0;  // 1-based, counting blank lines too
  boost::json::object object;
};

// The non-blank lines of `text` (a trailing "\r" dropped), each a JSON
// object. InvalidArgument if the file is larger than `max_bytes` or not
// UTF-8, or "line N: …" for the first line longer than `max_line_bytes` or
// that is not a JSON object; also when no line holds anything.
Result<std::vector<JsonLine>> ParseJsonLines(const std::string& text, size_t max_bytes, size_t max_line_bytes);

// InvalidArgument `unknown key "k"` for the first key of `o` not in `allowed`.
Status CheckJsonKeys(const boost::json::object& o, std::initializer_list<std::string_view> allowed);

// The string at `key`, trimmed and checked by CheckText: InvalidArgument
// naming the key when missing (and `required`), not a string, or bad; ""
// when missing or null and not required.
Result<std::string> JsonText(const boost::json::object& o, const char* key, size_t max_chars, bool required);

// The required date at `key` ("YYYY-MM-DD"), not after `today`.
Result<Date> JsonDate(const boost::json::object& o, const char* key, Date today);

// "64 MB", "512 KB", "300 bytes": a limit for messages.
std::string SizeText(size_t bytes);

}  // namespace gk
