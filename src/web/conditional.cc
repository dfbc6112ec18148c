#include "web/conditional.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>

#include "base/strings.h"

namespace gk::web {
namespace {

std::string_view WithoutWeak(std::string_view tag) {
  return tag.substr(0, 2) == "W/" ? tag.substr(2) : tag;
}

std::optional<uint64_t> Number(std::string_view s) {
  uint64_t n = 0;
  if (s.empty() || s.size() > 19) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

struct ByteRange {
  bool satisfiable = false;
  uint64_t first = 0, last = 0;
};

// One range of "bytes=a-b", "bytes=a-" or "bytes=-n" over `length` bytes;
// nullopt when the header is not one such range.
std::optional<ByteRange> ParseRange(std::string_view header, uint64_t length) {
  constexpr std::string_view kUnit = "bytes=";
  if (header.substr(0, kUnit.size()) != kUnit) return std::nullopt;
  std::string_view spec = Trim(header.substr(kUnit.size()));
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos) return std::nullopt;
  std::string_view a = Trim(spec.substr(0, dash)), b = Trim(spec.substr(dash + 1));
  ByteRange r;
  if (a.empty()) {  // the last n bytes
    auto n = Number(b);
    if (!n) return std::nullopt;
    if (*n == 0 || length == 0) return r;
    r = {true, length - std::min(*n, length), length - 1};
    return r;
  }
  auto first = Number(a);
  auto last = b.empty() ? std::optional<uint64_t>(UINT64_MAX) : Number(b);
  if (!first || !last || *last < *first) return std::nullopt;
  if (*first >= length) return r;
  r = {true, *first, std::min(*last, length - 1)};
  return r;
}

}  // namespace

std::string EntityTag(std::string_view body) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "\"%016zx-%zx\"", std::hash<std::string_view>{}(body), body.size());
  return buf;
}

bool NoneMatchHits(std::string_view if_none_match, std::string_view etag) {
  if (Trim(if_none_match) == "*") return true;
  for (std::string_view rest = if_none_match; !rest.empty();) {
    size_t comma = rest.find(',');
    std::string_view tag = Trim(rest.substr(0, comma));
    if (!tag.empty() && WithoutWeak(tag) == WithoutWeak(etag)) return true;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return false;
}

void AnswerConditional(const Request& req, Response& res) {
  if (res.status != 200) return;
  const std::string etag = res.Header("ETag");
  if (std::string inm = req.Header("if-none-match"); !inm.empty() && !etag.empty() && NoneMatchHits(inm, etag)) {
    res.status = 304;
    res.ClearBody();
    return;
  }
  std::string range = req.Header("range");
  if (range.empty() || res.Header("Accept-Ranges") != "bytes") return;
  // If-Range: the range only of the version the client holds.
  if (std::string if_range = req.Header("if-range"); !if_range.empty() && if_range != etag) return;
  const size_t size = res.BodySize();
  auto r = ParseRange(range, size);
  if (!r) return;
  const std::string length = std::to_string(size);
  if (!r->satisfiable) {
    res.status = 416;
    res.ClearBody();
    res.SetHeader("Content-Range", "bytes */" + length);
    return;
  }
  res.status = 206;
  res.SetHeader("Content-Range",
                "bytes " + std::to_string(r->first) + "-" + std::to_string(r->last) + "/" + length);
  const size_t count = r->last - r->first + 1;
  if (res.file_body) {  // a slice of the cached file, sent from it without a copy
    res.file_offset += r->first;
    res.file_length = count;
    return;
  }
  res.body = std::string(res.Body().substr(r->first, count));
  res.shared_body.reset();
}

}  // namespace gk::web
