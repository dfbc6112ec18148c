// The agency's settings of the confidentiality and privacy check: the
// severity of each kind of finding and the lexicon of sensitive terms
// (thousands of terms; the shipped data/lexicon/default.txt until the agency
// saves its own). Read by everyone who runs a check; changed by the 公开办.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/status.h"
#include "scan/scan.h"

namespace gk::review {

struct ScanConfig {
  std::map<scan::Kind, scan::Severity> severity;  // every kind, defaults filled in
  std::vector<std::string> lexicon;
  bool default_lexicon = true;  // the shipped list, not yet saved by the agency
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

 private:
  accounts::Context ctx_;
  std::string root_;
};

}  // namespace gk::review
