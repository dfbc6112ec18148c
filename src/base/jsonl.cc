#include "base/jsonl.h"

#include <boost/json/parse.hpp>

#include "base/strings.h"

namespace gk {
namespace json = boost::json;

std::string SizeText(size_t bytes) {
  constexpr size_t kMb = 1024 * 1024;
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  if (bytes % kMb == 0) return std::to_string(bytes / kMb) + " MB";
  return std::to_string(bytes / 1024) + " KB";
}

Result<std::vector<JsonLine>> ParseJsonLines(const std::string& text, size_t max_bytes, size_t max_line_bytes) {
  if (text.size() > max_bytes) return InvalidArgument("the file is larger than " + SizeText(max_bytes));
  if (!IsValidUtf8(text)) return InvalidArgument("the file is not valid UTF-8");
  std::vector<JsonLine> lines;
  int number = 0;
  for (size_t pos = 0; pos <= text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view raw(text.data() + pos, end - pos);
    ++number;
    pos = end + 1;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (Trim(raw).empty()) continue;
    std::string at = "line " + std::to_string(number) + ": ";
    if (raw.size() > max_line_bytes) return InvalidArgument(at + "longer than " + SizeText(max_line_bytes));
    json::error_code ec;
    json::value v = json::parse(raw, ec);
    if (ec) return InvalidArgument(at + "not valid JSON (" + ec.message() + ")");
    if (!v.is_object()) return InvalidArgument(at + "not a JSON object");
    lines.push_back({number, std::move(v.as_object())});
  }
  if (lines.empty()) return InvalidArgument("the file holds no lines");
  return lines;
}

Status CheckJsonKeys(const json::object& o, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    bool known = false;
    for (std::string_view k : allowed) known = known || kv.key() == k;
    if (!known) return InvalidArgument("unknown key \"" + std::string(kv.key()) + "\"");
  }
  return Status::Ok();
}

Result<std::string> JsonText(const json::object& o, const char* key, size_t max_chars, bool required) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return InvalidArgument(std::string("\"") + key + "\" is missing");
    return std::string();
  }
  if (!v->is_string()) return InvalidArgument(std::string("\"") + key + "\" must be a string");
  std::string s(v->as_string());
  Status ok = CheckText(s, key, max_chars, required);
  if (!ok.ok()) return InvalidArgument(std::string("\"") + key + "\": " + ok.message());
  return std::string(Trim(s));
}

Result<Date> JsonDate(const json::object& o, const char* key, Date today) {
  ASSIGN_OR_RETURN(std::string s, JsonText(o, key, 10, true));
  auto d = Date::Parse(s);
  if (!d.ok()) return InvalidArgument(std::string("\"") + key + "\": " + d.status().message());
  if (*d > today) return InvalidArgument(std::string("\"") + key + "\" is in the future");
  return *d;
}

}  // namespace gk
