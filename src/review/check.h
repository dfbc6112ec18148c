// One check of one document: extract its text (hidden parts included), scan
// it, and say where each finding sits (hidden or not, and where). Used by
// `gongkai check`, and by the review chain and the application replies.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/extract.h"
#include "scan/scan.h"

namespace gk::review {

struct Located {
  scan::Finding finding;
  bool hidden = false;
  std::string where;  // the segment's description: "第2页", "工作表“名单”C2（隐藏列）" …
};

struct Report {
  std::string format;
  std::vector<Located> findings;
  std::string verdict;  // "pass", "warn", "block"
  size_t characters = 0;
};

// Extracts and scans `bytes` (the file `filename`). Extraction errors are
// returned as they are (InvalidArgument, FailedPrecondition for encrypted
// files, TooLarge).
Result<Report> CheckDocument(const scan::Scanner& scanner, std::string_view filename, std::string_view bytes,
                             const extract::Limits& limits = {});

// Scans text that is already plain (an item's body): one visible segment.
Result<Report> CheckText(const scan::Scanner& scanner, std::string_view text);

}  // namespace gk::review
