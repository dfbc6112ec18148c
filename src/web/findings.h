// Showing the findings of the confidentiality check to reviewers: the text
// with each finding highlighted in context, and the list of findings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "review/check.h"
#include "web/view.h"

namespace gk::web {

// `text` as HTML (escaped), each finding wrapped in
// <mark class="finding finding-block|finding-warn" title="kind …">.
std::string HighlightFindings(std::string_view text, const std::vector<review::Located>& findings);

// For templates: kind, text, severity, block, start, hidden, where.
View FindingsView(const std::vector<review::Located>& findings);

}  // namespace gk::web
