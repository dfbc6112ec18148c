// Conditional and partial answers of cacheable GETs (RFC 9110 §13, §14):
// ETag / If-None-Match → 304, and one byte range (Range: bytes=a-b) of a
// response that says Accept-Ranges: bytes → 206 or 416.
#pragma once

#include <string>
#include <string_view>

#include "web/http.h"

namespace gk::web {

// A strong entity tag for `body`: a 64-bit hash of the bytes and their
// length, quoted ("…"). Equal bodies give equal tags on every node running
// the same build.
std::string EntityTag(std::string_view body);

// Whether an If-None-Match value (a list of tags, or "*") matches `etag`,
// by the weak comparison that If-None-Match uses.
bool NoneMatchHits(std::string_view if_none_match, std::string_view etag);

// Turns a 200 answer `res` to the GET `req` into 304 Not Modified (no body)
// when If-None-Match matches its ETag; else, when it has Accept-Ranges:
// bytes and `req` asks for one satisfiable byte range (and If-Range, if
// sent, is its ETag), into 206 with that slice and Content-Range; an
// unsatisfiable range gives 416 with Content-Range: bytes */length. Several
// ranges, or a Range header that does not parse, leave the whole 200.
void AnswerConditional(const Request& req, Response& res);

}  // namespace gk::web
