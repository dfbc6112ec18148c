// The links of a keyset-paginated list (base/keyset.h) on a page: the page
// reads `?after=TOKEN` and `?limit=N`, asks its service for one page, and
// sets `next_href` (and `first_href` when not on the first page) in the
// view. Templates show them with {{#next_href}}…{{/next_href}}.
#pragma once

#include <optional>
#include <string>

#include "base/keyset.h"
#include "web/http.h"
#include "web/view.h"

namespace gk::web {

// The page a request asks for: ?after= (a malformed token starts from the
// beginning) and ?limit= (default `fallback`, at most `max_limit`).
PageSpec PageRequested(const Request& req, int fallback = 50, int max_limit = 200);

// `first_href` / `next_href` of the list at `base` (the page's path with its
// filters, e.g. "/staff/applications?filter=open"; `after` is appended).
void SetPager(View& v, const std::string& base, const PageSpec& asked, const std::optional<SeekKey>& next);

// `path` and every query parameter of `req` except after=, re-encoded, as
// the `base` of SetPager.
std::string ListBase(const Request& req);

}  // namespace gk::web
