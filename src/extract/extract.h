// Text extraction for the confidentiality check: the text of a .txt, .html,
// .docx, .xlsx, .pdf or .ofd file, or of a picture (.png, .jpg, .jpeg,
// .tif, .tiff), with, for every stretch of it, where it came from and
// whether a reader of the document would see it. Scanned PDF pages,
// pictures and the pictures inside DOCX, XLSX and OFD packages are read by
// OCR (ocr/ocr.h); their text is marked "扫描件识别" in `where`.
//
// Hidden content is where leaks happen (a hidden column of identity numbers,
// a tracked deletion, the author in the document properties), so it is
// extracted too and marked: the scanner reports a finding inside a hidden
// segment as hidden, and a redacted copy strips it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "ocr/ocr.h"

namespace gk::extract {

// Where a stretch of the extracted text came from.
struct Segment {
  size_t start = 0, end = 0;  // offsets in Unicode code points of Extracted::text, [start, end)
  bool hidden = false;        // not shown to a reader: hidden sheet, row or column, comment,
                              // tracked deletion, hidden text, document property, HTML comment …
  std::string where;          // for people: "工作表“名单”B7（隐藏列）", "批注", "修订（删除）",
                              // "文档属性：作者", "第2页" …
};

// A picture read by OCR — a scanned PDF page or a picture file — and where
// its text lies on it, for the redactor (which paints over what it must
// remove) and for people (who are shown where a finding is).
struct Scan {
  std::string where;  // its segment's `where`: "第2页（扫描件识别）", "图片（扫描件识别）" …
  std::string part;   // for a picture inside a DOCX, XLSX or OFD: its zip entry ("word/media/image1.png")
  int page = 0;    // 0-based page of a PDF or of a TIFF; 0 for other pictures
  int dpi = 0;     // the resolution the page was rendered at; 0 for a picture file (its own pixels)
  // The text as in the segment "…（扫描件识别）" and the box of every code
  // point: in the picture's pixels, or for a PDF page in page space
  // (points from its top left) × dpi / 72.
  ocr::Page read;
};

struct Extracted {
  std::string format;  // "txt", "html", "docx", "xlsx", "pdf", "ofd", "image"
  // Valid UTF-8: the visible parts first (body, headers, footers, footnotes),
  // then the hidden ones, separated by newlines.
  std::string text;
  // In order, without gaps or overlaps: the first starts at 0, each starts
  // where the one before ends, the last ends at the length of `text` in code
  // points. The newline that separates two parts belongs to the first.
  // Every hidden part has at least one segment of its own.
  std::vector<Segment> segments;
  // The pictures read by OCR, in order.
  std::vector<Scan> scans;
};

struct Limits {
  size_t max_input_bytes = 64 << 20;
  size_t max_uncompressed_bytes = 256 << 20;  // sum over the zip entries actually read
  size_t max_part_bytes = 64 << 20;           // one zip entry (an XML part), before parsing
  size_t max_entries = 20000;                 // zip entries
  size_t max_text_bytes = 64 << 20;           // Extracted::text
  double max_compression_ratio = 200;         // per zip entry, once it passes 1 MiB
  size_t max_pdf_memory_bytes = 512 << 20;    // everything MuPDF allocates for one file
  // OCR of scanned pages (a PDF page that is a picture with next to no text
  // layer) and of pictures: at most this many per file, each of at most
  // this many pixels, all in at most this many seconds. Over any of them the
  // file cannot be checked (TooLarge), never passed unread.
  int ocr_max_pages = 50;
  int64_t ocr_max_pixels = 40'000'000;
  int ocr_max_seconds = 300;
  int ocr_dpi = 300;  // pages are rendered at this resolution (Chinese needs about 300)
};

// Extracts the text of the file `bytes` named `filename`. The format is
// decided from the content (magic bytes, zip members) and the extension of
// `filename` together; the two must agree.
//
// Errors, with messages in Simplified Chinese for people:
//   InvalidArgument    unsupported extension, extension and content disagree,
//                      corrupt or truncated file, text that is neither UTF-8 nor GB18030;
//   FailedPrecondition the file is encrypted ("文件已加密，无法检查");
//   TooLarge           over a limit, zip bombs and OCR budgets included;
//   FailedPrecondition also when a scan needs OCR and its models are missing.
// Memory stays bounded by the limits; the input is never trusted.
// Thread-safe: calls share no state.
Result<Extracted> Extract(std::string_view filename, std::string_view bytes, const Limits& limits = {});

// Extract, remembered: the latest results (at most 32 files and 64 MB of
// text and boxes) by content, extension and limits, so that a scan OCR read
// when it was checked is not read again when staff look at it. Errors are
// not remembered. Thread-safe.
Result<std::shared_ptr<const Extracted>> ExtractRemembered(std::string_view filename, std::string_view bytes,
                                                          const Limits& limits = {});

// A picture of scan `scan` of the file (a page of a PDF, a picture or a
// page of a TIFF) at most `max_width` pixels wide, as PNG, with a red frame
// around each of `marks` (boxes in the scan's coordinates, as
// Scan::read.boxes). For showing people where a finding is.
Result<std::string> RenderScan(std::string_view filename, std::string_view bytes, const Scan& scan,
                               const std::vector<ocr::Box>& marks, int max_width = 1200);

}  // namespace gk::extract
