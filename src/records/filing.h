// 备案: the package the office hands to the upper office (seed rules 四.4),
// listing what it published in a period with each published version's
// digest (the BLAKE2b-256 content_hash of the publication, as the public API
// shows it), and the check that the portal still serves exactly that.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace gk::records {

struct FiledItem {
  int64_t item_id = 0;
  std::string index_no, title, published_at;  // published_at: China date
  int version = 0;
  std::string content_hash;
};

struct FilingPackage {
  std::string agency_code, agency_name, from, to, created_at;
  std::vector<FiledItem> items;
};

// The items published in [from, to] (China dates, YYYY-MM-DD) and still on
// the portal, oldest first.
Result<FilingPackage> BuildFiling(store::Tx& tx, int64_t agency_id, const std::string& from, const std::string& to,
                                  const std::string& created_at);

std::string FilingJson(const FilingPackage& p);
// InvalidArgument for text that is not a filing package.
Result<FilingPackage> ParseFiling(const std::string& json);

struct FilingDifference {
  std::string index_no, title;
  std::string what;  // "已撤回，门户网站不再提供" / "内容已变更（现为第 N 版）"
};

// What differs between the package and what the portal serves now (empty if
// nothing). InvalidArgument if the package is for another agency.
Result<std::vector<FilingDifference>> CheckFiling(store::Tx& tx, int64_t agency_id, const FilingPackage& p);

}  // namespace gk::records
