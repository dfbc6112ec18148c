// Withheld strings on scans: where OCR read them (extract::Scan), as boxes
// to paint over, and the redaction of picture files, and of the pictures
// inside packages, by painting them.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "redact/internal.h"
#include "text/fold.h"

namespace gk::redact::internal {
namespace {

// A box grown by a fifth of its height on every side (at least 3 pixels):
// OCR boxes hug the ink, and a scanned stroke is wider than its box.
ocr::Box Grown(const ocr::Box& b) {
  const int pad = std::max(3, (b.y1 - b.y0) / 5);
  return ocr::Box{std::max(0, b.x0 - pad), std::max(0, b.y0 - pad), b.x1 + pad, b.y1 + pad};
}

}  // namespace

std::vector<ocr::Box> FindOnScan(const ocr::Page& read, const std::vector<Withhold>& withhold,
                                 std::vector<int>* counts) {
  counts->assign(withhold.size(), 0);
  const std::u32string text = text::DecodeUtf8Lossy(read.text);
  // The text without white space, folded, and where each of its characters is.
  std::u32string dense;
  std::vector<size_t> at;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsSpace(text[i])) continue;
    dense.push_back(Fold(text[i]));
    at.push_back(i);
  }
  std::vector<ocr::Box> out;
  for (size_t w = 0; w < withhold.size(); ++w) {
    std::u32string needle;
    for (char32_t c : text::DecodeUtf8Lossy(withhold[w].text)) {
      if (!IsSpace(c)) needle.push_back(Fold(c));
    }
    if (needle.empty()) continue;
    for (size_t hit = dense.find(needle); hit != std::u32string::npos; hit = dense.find(needle, hit + needle.size())) {
      ++(*counts)[w];
      // One box per line the occurrence spans.
      for (const ocr::Box& b : ocr::LineBoxes(read, at[hit], at[hit + needle.size() - 1] + 1)) out.push_back(Grown(b));
    }
  }
  return out;
}

Result<std::string> RedactImage(std::string_view bytes, const std::vector<extract::Scan>& scans, Work& work) {
  std::vector<std::vector<ocr::Box>> boxes;
  for (const extract::Scan& scan : scans) {
    std::vector<int> counts;
    std::vector<ocr::Box> found = FindOnScan(scan.read, work.withhold(), &counts);
    const std::string& where = scan.where;
    for (size_t w = 0; w < counts.size(); ++w) {
      if (counts[w] > 0) work.Count(w, where, counts[w]);
    }
    if (boxes.size() <= static_cast<size_t>(scan.page)) boxes.resize(scan.page + 1);
    boxes[scan.page] = std::move(found);
  }
  work.Note("图片已按原格式重新生成，原文件中的拍摄信息等元数据不再保留");
  return ocr::PaintOver(bytes, boxes);
}

Status RedactPackagePictures(Package& pkg, const std::vector<extract::Scan>& scans, Work& work) {
  // The boxes of every page of every picture, by zip entry.
  std::map<std::string, std::vector<std::vector<ocr::Box>>> painted;
  for (const extract::Scan& scan : scans) {
    if (scan.part.empty()) continue;
    std::vector<int> counts;
    std::vector<ocr::Box> found = FindOnScan(scan.read, work.withhold(), &counts);
    if (found.empty()) continue;
    for (size_t w = 0; w < counts.size(); ++w) {
      if (counts[w] > 0) work.Count(w, scan.where, counts[w]);
    }
    auto& pages = painted[scan.part];
    if (pages.size() <= static_cast<size_t>(scan.page)) pages.resize(scan.page + 1);
    pages[scan.page] = std::move(found);
  }
  for (auto& [part, boxes] : painted) {
    Entry* entry = pkg.Find(part);
    if (!entry) return Internal("嵌入图片不在文件中：" + part);
    auto out = ocr::PaintOver(entry->data, boxes);
    if (!out.ok()) return Status(out.status().code(), "嵌入图片“" + part + "”：" + out.status().message());
    entry->data = std::move(*out);
  }
  return Status::Ok();
}

}  // namespace gk::redact::internal
