// The agency's settings of the confidentiality and privacy check: the
// severity of each kind of finding, the lexicon of sensitive terms
// (thousands of terms; the shipped data/lexicon/default.txt until the agency
// saves its own) and the budget for reading scans by OCR. Read by everyone
// who runs a check; changed by the 公开办.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/status.h"
#include "extract/extract.h"
#include "scan/scan.h"

namespace gk::review {

// How much OCR one file may take (extract::Limits::ocr_*). A scan over any
// of them cannot be checked and blocks, as an unreadable file does.
struct OcrBudget {
  int max_pages = 50;        // scanned pages or pictures per file, 1-500
  int max_megapixels = 40;   // per page or picture, 1-100 (an A3 page at 300 dpi is 17.4)
  int max_seconds = 300;     // per file, 10-3600
  friend bool operator==(const OcrBudget&, const OcrBudget&) = default;
};
// The extraction limits for the budget.
extract::Limits LimitsFor(const OcrBudget& budget);

struct ScanConfig {
  std::map<scan::Kind, scan::Severity> severity;  // every kind, defaults filled in
  std::vector<std::string> lexicon;
  bool default_lexicon = true;  // the shipped list, not yet saved by the agency
  OcrBudget ocr;                // the defaults until the agency saves its own
};

class ScanSettings {
 public:
  // `root` is the folder holding data/lexicon/default.txt.
  ScanSettings(const accounts::Context& ctx, std::string root) : ctx_(ctx), root_(std::move(root)) {}

  Result<ScanConfig> Load(int64_t agency_id);
  // The same inside an open transaction.
  static Result<ScanConfig> Load(store::Tx& tx, int64_t agency_id, const std::string& root);
  // The scanner for the agency's settings, with today's date.
  Result<scan::Scanner> Scanner(int64_t agency_id);
  // 公开办: replaces the severities (kind key → "block"/"warn"; kinds not
  // given keep their default) and the lexicon (one term per line, see
  // scan::ParseLexicon). Audited with the number of terms.
  Status Save(const accounts::Principal& who, const std::map<std::string, std::string>& severities,
              const std::string& lexicon_text);
  // 公开办: the agency's OCR budget, within the ranges of OcrBudget
  // (InvalidArgument outside them). Audited.
  Status SaveOcrBudget(const accounts::Principal& who, const OcrBudget& budget);

 private:
  accounts::Context ctx_;
  std::string root_;
};

}  // namespace gk::review
