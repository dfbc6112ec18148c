// multipart/form-data (RFC 7578) for forms that upload files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace gk::web {

struct Part {
  std::string name;          // the form field
  std::string filename;      // "" for a plain field
  std::string content_type;  // as sent; not trusted
  std::string data;
};

// Splits `body` by the boundary named in the Content-Type header value.
// InvalidArgument for a missing boundary, a malformed part, more than
// `max_parts` parts, or a field name / file name that is not UTF-8.
Result<std::vector<Part>> ParseMultipart(std::string_view content_type, std::string_view body,
                                         size_t max_parts = 64);

}  // namespace gk::web
