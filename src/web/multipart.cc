#include "web/multipart.h"

#include "base/strings.h"

namespace gk::web {
namespace {

// The value of `key=` in a header parameter list, quotes removed.
std::string HeaderParam(std::string_view header, std::string_view key) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t semi = header.find(';', pos);
    std::string_view item = Trim(header.substr(pos, semi == std::string_view::npos ? semi : semi - pos));
    if (item.size() > key.size() && ToLowerAscii(item.substr(0, key.size())) == key && item[key.size()] == '=') {
      std::string_view v = item.substr(key.size() + 1);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return "";
}

Status ParseHeaders(std::string_view head, Part* part) {
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find("\r\n", pos);
    std::string_view line = head.substr(pos, eol == std::string_view::npos ? eol : eol - pos);
    pos = eol == std::string_view::npos ? head.size() : eol + 2;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return InvalidArgument("malformed part header");
    std::string name = ToLowerAscii(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      part->name = HeaderParam(value, "name");
      part->filename = HeaderParam(value, "filename");
    } else if (name == "content-type") {
      part->content_type = std::string(value);
    }
  }
  if (part->name.empty()) return InvalidArgument("a form part has no name");
  if (!IsValidUtf8(part->name) || !IsValidUtf8(part->filename)) {
    return InvalidArgument("request text is not valid UTF-8");
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<Part>> ParseMultipart(std::string_view content_type, std::string_view body, size_t max_parts) {
  std::string boundary = HeaderParam(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 70) return InvalidArgument("multipart body without a valid boundary");
  const std::string delim = "--" + boundary;
  size_t pos = body.find(delim);
  if (pos == std::string_view::npos) return InvalidArgument("multipart body without its boundary");
  std::vector<Part> parts;
  pos += delim.size();
  while (true) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return InvalidArgument("malformed multipart body");
    pos += 2;
    size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) return InvalidArgument("malformed multipart body");
    Part part;
    RETURN_IF_ERROR(ParseHeaders(body.substr(pos, head_end - pos), &part));
    size_t data_start = head_end + 4;
    size_t next = body.find("\r\n" + delim, data_start);
    if (next == std::string_view::npos) return InvalidArgument("multipart body is truncated");
    part.data = std::string(body.substr(data_start, next - data_start));
    parts.push_back(std::move(part));
    if (parts.size() > max_parts) return InvalidArgument("too many parts in the form");
    pos = next + 2 + delim.size();
  }
}

}  // namespace gk::web
