// ExtractRemembered: a small least-recently-used memory of extractions, and
// RenderScan, which shows a scan with frames around what was found on it.
#include <list>
#include <mutex>
#include <string>
#include <utility>

#include "base/crypto.h"
#include "extract/internal.h"

namespace gk::extract {
namespace {

constexpr size_t kMaxFiles = 32;
constexpr size_t kMaxBytes = 64 << 20;

// What an extraction costs to keep: its text and its boxes.
size_t Weight(const Extracted& e) {
  size_t n = e.text.size() + e.segments.size() * sizeof(Segment);
  for (const Scan& s : e.scans) n += s.read.text.size() + s.read.boxes.size() * sizeof(ocr::Box);
  return n;
}

class Memory {
 public:
  std::shared_ptr<const Extracted> Find(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->first != key) continue;
      entries_.splice(entries_.begin(), entries_, it);  // most recent first
      return it->second;
    }
    return nullptr;
  }

  void Keep(std::string key, std::shared_ptr<const Extracted> e) {
    const size_t weight = Weight(*e);
    if (weight > kMaxBytes / 4) return;  // one big file would push out everything else
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [k, v] : entries_) {
      if (k == key) return;
    }
    entries_.emplace_front(std::move(key), std::move(e));
    bytes_ += weight;
    while (entries_.size() > kMaxFiles || bytes_ > kMaxBytes) {
      bytes_ -= Weight(*entries_.back().second);
      entries_.pop_back();
    }
  }

 private:
  std::mutex mu_;
  std::list<std::pair<std::string, std::shared_ptr<const Extracted>>> entries_;
  size_t bytes_ = 0;
};

Memory& TheMemory() {
  static Memory* memory = new Memory();
  return *memory;
}

// The limits that change what is extracted, as part of the key.
std::string LimitsKey(const Limits& l) {
  return std::to_string(l.max_input_bytes) + "," + std::to_string(l.max_uncompressed_bytes) + "," +
         std::to_string(l.max_part_bytes) + "," + std::to_string(l.max_entries) + "," +
         std::to_string(l.max_text_bytes) + "," + std::to_string(l.max_compression_ratio) + "," +
         std::to_string(l.max_pdf_memory_bytes) + "," + std::to_string(l.ocr_max_pages) + "," +
         std::to_string(l.ocr_max_pixels) + "," + std::to_string(l.ocr_max_seconds) + "," + std::to_string(l.ocr_dpi);
}

}  // namespace

Result<std::shared_ptr<const Extracted>> ExtractRemembered(std::string_view filename, std::string_view bytes,
                                                          const Limits& limits) {
  std::string key = Blake2bHex(bytes) + "." + internal::ExtensionOf(filename) + "/" + LimitsKey(limits);
  if (auto known = TheMemory().Find(key)) return known;
  ASSIGN_OR_RETURN(Extracted e, Extract(filename, bytes, limits));
  auto shared = std::make_shared<const Extracted>(std::move(e));
  TheMemory().Keep(std::move(key), shared);
  return shared;
}

Result<std::string> RenderScan(std::string_view filename, std::string_view bytes, const Scan& scan,
                               const std::vector<ocr::Box>& marks, int max_width) {
  const Limits limits;
  if (scan.dpi > 0) {
    if (internal::ExtensionOf(filename) != "pdf") return InvalidArgument("不是 PDF 文件");
    return internal::RenderPdfPage(bytes, scan.page, marks, scan.dpi, max_width, limits);
  }
  ocr::Limits l;
  l.max_pixels = limits.ocr_max_pixels;
  return ocr::MarkedPicture(bytes, scan.page, marks, max_width, l);
}

}  // namespace gk::extract
