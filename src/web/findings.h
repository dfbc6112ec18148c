// Showing the findings of the confidentiality check to reviewers: the text
// with each finding highlighted in context, and the list of findings.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "review/check.h"
#include "review/checks.h"
#include "extract/extract.h"
#include "web/view.h"

namespace gk::web {

// `text` as HTML (escaped), each finding wrapped in
// <mark class="finding finding-block|finding-warn" title="kind …">.
std::string HighlightFindings(std::string_view text, const std::vector<review::Located>& findings);

// For templates: kind, text, severity, block, start, hidden, where.
View FindingsView(const std::vector<review::Located>& findings);

// "pass", "warn", "block" (and "error") for people: 未发现问题, 有提示, 有阻止级内容.
std::string VerdictLabel(const std::string& verdict);

// A stored finding for templates: id, kind, masked, severity, block, open,
// open_block, overridden, hidden, place, reason, resolved_by.
View StoredFindingView(const review::FindingView& f);

// The stored findings that lie within code points [from, to) of the checked
// text, with offsets relative to `from`, for HighlightFindings.
std::vector<review::Located> LocatedFindings(const std::vector<review::FindingView>& findings, int64_t from,
                                             int64_t to);

// The parts of extracted text for templates, in order: hidden (bool), where,
// html (escaped, with the stored findings of that part highlighted), and
// for a part OCR read on a scan, when `scans_base` is given, scan_image:
// `scans_base` + "/" + the scan's index (ScanImage) and scan_alt.
View TextPartsView(const extract::Extracted& text, const std::vector<review::FindingView>& findings,
                   const std::string& scans_base = "");

// The {n} of a …/scans/{n} route: NotFound unless it is a small whole number.
Result<size_t> ScanIndexParam(const std::map<std::string, std::string>& params);

// Scan `index` of the file (extract::Extracted::scans) as a PNG, with a red
// frame around every stored finding OCR read on it: where a finding is on
// the page image. NotFound for an index with no scan.
Result<std::string> ScanImage(const std::string& filename, const std::string& bytes, size_t index,
                              const std::vector<review::FindingView>& findings);

}  // namespace gk::web
