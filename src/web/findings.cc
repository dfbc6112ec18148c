// Showing the findings of the confidentiality check: see findings.h.
#include "web/findings.h"

#include <algorithm>

#include "base/strings.h"

namespace gk::web {

std::string HighlightFindings(std::string_view text, const std::vector<review::Located>& findings) {
  // Code point offsets to byte offsets.
  std::vector<size_t> byte_at;
  byte_at.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) byte_at.push_back(i);
  }
  byte_at.push_back(text.size());
  std::vector<const review::Located*> sorted;
  for (const auto& l : findings) sorted.push_back(&l);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return a->finding.start < b->finding.start; });
  std::string out;
  size_t pos = 0;
  for (const review::Located* located : sorted) {
    const review::Located& l = *located;
    const scan::Finding& f = l.finding;
    if (f.end >= byte_at.size() || f.start >= f.end) continue;
    size_t from = byte_at[f.start], to = byte_at[f.end];
    if (from < pos) continue;  // overlaps the previous highlight
    out += EscapeHtml(text.substr(pos, from - pos));
    out += std::string("<mark class=\"finding finding-") + scan::SeverityKey(f.severity) + "\" title=\"" +
           EscapeHtml(std::string(scan::KindLabel(f.kind)) + (l.hidden ? "（隐藏内容：" + l.where + "）" : "")) +
           "\">" + EscapeHtml(text.substr(from, to - from)) + "</mark>";
    pos = to;
  }
  out += EscapeHtml(text.substr(pos));
  return out;
}

View FindingsView(const std::vector<review::Located>& findings) {
  View list = View::MakeList();
  for (const auto& l : findings) {
    View row;
    row["kind"] = scan::KindLabel(l.finding.kind);
    row["text"] = l.finding.text;
    row["severity"] = scan::SeverityKey(l.finding.severity);
    row["block"] = l.finding.severity == scan::Severity::kBlock;
    row["start"] = static_cast<int64_t>(l.finding.start);
    row["hidden"] = l.hidden;
    row["where"] = l.where;
    list.Push(std::move(row));
  }
  return list;
}


std::string VerdictLabel(const std::string& verdict) {
  using review::CheckVerdict;
  return LabelOf(review::kCheckVerdicts, FromKey(review::kCheckVerdicts, verdict).value_or(CheckVerdict::kError));
}

View StoredFindingView(const review::FindingView& f) {
  View v;
  v["id"] = f.id;
  v["kind"] = f.kind_label;
  v["masked"] = f.masked;
  v["severity"] = scan::SeverityKey(f.severity);
  v["block"] = f.severity == scan::Severity::kBlock;
  v["open"] = f.resolution == review::Resolution::kOpen;
  v["open_block"] = f.Blocks();
  v["overridden"] = f.resolution == review::Resolution::kOverridden;
  v["hidden"] = f.hidden;
  v["place"] = f.place;
  v["reason"] = f.reason;
  v["resolved_by"] = f.resolved_by;
  return v;
}

std::vector<review::Located> LocatedFindings(const std::vector<review::FindingView>& findings, int64_t from,
                                             int64_t to) {
  std::vector<review::Located> out;
  for (const auto& f : findings) {
    auto kind = scan::KindFromKey(f.kind);
    if (!kind || f.start < from || f.end > to) continue;
    scan::Finding sf{*kind, "", static_cast<size_t>(f.start - from), static_cast<size_t>(f.end - from),
                     f.severity, f.rule};
    out.push_back({sf, f.hidden, f.place});
  }
  return out;
}

View TextPartsView(const extract::Extracted& text, const std::vector<review::FindingView>& findings,
                   const std::string& scans_base) {
  View parts = View::MakeList();
  size_t byte = 0, cp = 0;
  for (const extract::Segment& seg : text.segments) {
    size_t from = byte;
    for (; cp < seg.end && byte < text.text.size(); ++cp) {
      do ++byte;
      while (byte < text.text.size() && (static_cast<unsigned char>(text.text[byte]) & 0xC0) == 0x80);
    }
    View part;
    part["hidden"] = seg.hidden;
    part["where"] = seg.where;
    part["html"] = HighlightFindings(std::string_view(text.text).substr(from, byte - from),
                                     LocatedFindings(findings, static_cast<int64_t>(seg.start),
                                                     static_cast<int64_t>(seg.end)));
    for (size_t k = 0; k < text.scans.size() && !scans_base.empty(); ++k) {
      if (text.scans[k].where != seg.where) continue;
      part["scan_image"] = scans_base + "/" + std::to_string(k);
      part["scan_alt"] = seg.where + "的图像，红框标出检查发现的位置";
    }
    parts.Push(std::move(part));
  }
  return parts;
}

Result<size_t> ScanIndexParam(const std::map<std::string, std::string>& params) {
  auto n = params.find("n");
  if (n == params.end() || n->second.empty() || n->second.size() > 4 ||
      n->second.find_first_not_of("0123456789") != std::string::npos) {
    return NotFound("没有这一页扫描件");
  }
  return static_cast<size_t>(std::stoul(n->second));
}

Result<std::string> ScanImage(const std::string& filename, const std::string& bytes, size_t index,
                              const std::vector<review::FindingView>& findings) {
  ASSIGN_OR_RETURN(auto text, extract::ExtractRemembered(filename, bytes));
  if (index >= text->scans.size()) return NotFound("没有这一页扫描件");
  const extract::Scan& scan = text->scans[index];
  const extract::Segment* seg = nullptr;
  for (const extract::Segment& s : text->segments) {
    if (s.where == scan.where) seg = &s;
  }
  std::vector<ocr::Box> marks;
  for (const review::FindingView& f : findings) {
    if (!seg || f.start < static_cast<int64_t>(seg->start) || f.end > static_cast<int64_t>(seg->end)) continue;
    for (const ocr::Box& b : ocr::LineBoxes(scan.read, f.start - seg->start, f.end - seg->start)) marks.push_back(b);
  }
  return extract::RenderScan(filename, bytes, scan, marks);
}

}  // namespace gk::web
