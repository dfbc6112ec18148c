// Decoding text files (TXT, HTML): the one rule by which the extractor and
// the redactor decide what characters a file holds.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace gk::extract {

// Text bytes as UTF-8: UTF-8 (a byte-order mark is dropped), UTF-16 with a
// byte-order mark, else GB18030/GBK. InvalidArgument, with a message for
// people, when it is none of them. When `charset` is given it names the
// original encoding when that was not UTF-8 ("UTF-16LE", "UTF-16BE",
// "GB18030"), else it is set to "". The result may exceed `max_bytes` by a
// little; the caller checks. Thread-safe.
Result<std::string> DecodeText(std::string_view bytes, size_t max_bytes, std::string* charset = nullptr);

}  // namespace gk::extract
