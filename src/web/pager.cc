#include "web/pager.h"

namespace gk::web {

PageSpec PageRequested(const Request& req, int fallback, int max_limit) {
  PageSpec spec;
  if (std::string after = req.QueryParam("after"); !after.empty()) spec.after = DecodeSeek(after);
  spec.limit = ClampLimit(req.QueryParam("limit"), fallback, max_limit);
  return spec;
}

void SetPager(View& v, const std::string& base, const PageSpec& asked, const std::optional<SeekKey>& next) {
  char sep = base.find('?') == std::string::npos ? '?' : '&';
  if (asked.after) v["first_href"] = base;
  if (next) v["next_href"] = base + sep + "after=" + EncodeSeek(*next);
}

std::string ListBase(const Request& req) {
  std::string out = req.path;
  char sep = '?';
  for (const auto& [name, value] : req.query) {
    if (name == "after") continue;
    out += sep;
    out += UrlEncode(name) + "=" + UrlEncode(value);
    sep = '&';
  }
  return out;
}

}  // namespace gk::web
