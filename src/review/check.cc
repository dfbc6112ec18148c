#include "review/check.h"

#include <algorithm>
#include <chrono>

#include "base/metrics.h"

namespace gk::review {
namespace {

Result<Report> Locate(const scan::Scanner& scanner, const extract::Extracted& x) {
  ASSIGN_OR_RETURN(std::vector<scan::Finding> found, scanner.Scan(x.text));
  Report r;
  r.format = x.format;
  r.verdict = scan::Verdict(found);
  r.characters = x.segments.empty() ? 0 : x.segments.back().end;
  for (scan::Finding& f : found) {
    Located l;
    // The segment holding the finding's first character.
    auto it = std::upper_bound(x.segments.begin(), x.segments.end(), f.start,
                               [](size_t pos, const extract::Segment& s) { return pos < s.end; });
    if (it != x.segments.end()) {
      l.hidden = it->hidden;
      l.where = it->where;
    }
    l.finding = std::move(f);
    r.findings.push_back(std::move(l));
  }
  return r;
}

}  // namespace

Result<Report> CheckDocument(const scan::Scanner& scanner, std::string_view filename, std::string_view bytes,
                             const extract::Limits& limits) {
  static metrics::Histogram& took = metrics::Registry::Global().NewHistogram(
      "gongkai_check_duration_seconds",
      "Content checks of files: text extraction and scanning, by the extractor's format and result.",
      {"format", "result"});
  const auto started = std::chrono::steady_clock::now();
  // Remembered: staff who open the file's text next are not made to wait
  // for its OCR again.
  auto x = extract::ExtractRemembered(filename, bytes, limits);
  Result<Report> report = x.ok() ? Locate(scanner, **x) : Result<Report>(x.status());
  took.Observe({x.ok() ? std::string_view((*x)->format) : std::string_view("unreadable"),
                report.ok() ? "ok" : "failed"},
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return report;
}

Result<Report> CheckText(const scan::Scanner& scanner, std::string_view text) {
  extract::Extracted x;
  x.format = "text";
  x.text = std::string(text);
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  x.segments.push_back({0, n, false, "正文"});
  return Locate(scanner, x);
}

}  // namespace gk::review
