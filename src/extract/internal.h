// Shared by the extractors of src/extract/; not for use outside it.
#pragma once

#include <pugixml.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/encoding.h"
#include "extract/extract.h"
#include "extract/ooxml.h"
#include "extract/xml.h"
#include "extract/zip.h"
#include "ocr/ocr.h"

namespace gk::extract::internal {

// ---- collecting the text --------------------------------------------------

// Collects the parts of the text: a visible and a hidden list, each in
// order, joined into Extracted by Finish. Within a list, consecutive text
// with the same `where` goes into one part; a different `where` starts a new
// part that follows without a separator (inline, e.g. a tracked insertion in
// a paragraph) unless Break was called, which ends the part with `sep`.
class Collector {
 public:
  explicit Collector(size_t max_text_bytes) : max_bytes_(max_text_bytes) {}

  // Appends `text` (invalid UTF-8 is replaced by U+FFFD).
  void Append(bool hidden, std::string_view where, std::string_view text);
  // Ends the current part of the list; the next part follows after `sep`.
  void Break(bool hidden, std::string_view sep = "\n");
  // Appends a newline to the current part unless it is empty or ends with one.
  void Newline(bool hidden);
  // One whole part: Break, Append, Break.
  void Part(bool hidden, std::string_view where, std::string_view text);

  // TooLarge once the text has passed the limit.
  Status status() const;
  Result<Extracted> Finish(std::string format);

 private:
  struct Piece {
    std::string where;
    std::string text;
    std::string sep;  // after this piece
    bool closed = false;
  };
  std::vector<Piece>& List(bool hidden) { return hidden ? hidden_ : visible_; }

  size_t max_bytes_;
  size_t bytes_ = 0;
  bool over_ = false;
  std::vector<Piece> visible_, hidden_;
};

// `s` with every invalid UTF-8 sequence replaced by U+FFFD, appended to `out`.
void AppendSanitized(std::string_view s, std::string* out);
// Lower-case ASCII extension without the dot ("docx"), or "".
std::string ExtensionOf(std::string_view filename);

// ---- XML ---------------------------------------------------------------------

// `in` converted from `charset` (an iconv name) to UTF-8; nullopt when it is
// not valid in that charset. Stops once the output passes `max_out` bytes
// (the caller reports the size).
std::optional<std::string> ConvertToUtf8(const char* charset, std::string_view in, size_t max_out);

// Parses `xml` (the zip entry `name`, for messages). InvalidArgument when it
// is not well-formed.
Status ParseXml(std::string_view name, const std::string& xml, pugi::xml_document* doc);
// Reads and parses the entry; nullopt-like: *found = false when absent.
Status ReadXml(Zip& zip, std::string_view name, pugi::xml_document* doc, bool* found);

// The relationships of `part` (extract/ooxml.h); empty when it has none.
Result<Relationships> ReadRels(Zip& zip, std::string_view part);

// Document properties of OOXML packages (docProps/core.xml, app.xml,
// custom.xml) as hidden parts "文档属性：作者" ….
Status AddOfficeProperties(Zip& zip, Collector& out);

// ---- the extractors ----------------------------------------------------------

// The pictures (PNG, JPEG, TIFF, BMP, GIF) of a DOCX, XLSX or OFD package,
// read by OCR as visible parts "嵌入图片“word/media/image1.png”（扫描件识别）"
// into `out` and `scans` — wherever they sit in the package, placed or not;
// the document properties' thumbnail is left (the redactor drops it).
Status AddPackagePictures(Zip& zip, const Limits& limits, Collector& out, std::vector<Scan>* scans);

Result<Extracted> ExtractTxt(std::string_view bytes, const Limits& limits);
Result<Extracted> ExtractHtml(std::string_view bytes, const Limits& limits);
Result<Extracted> ExtractDocx(Zip& zip, const Limits& limits);
Result<Extracted> ExtractXlsx(Zip& zip, const Limits& limits);
Result<Extracted> ExtractOfd(Zip& zip, const Limits& limits);
Result<Extracted> ExtractPdf(std::string_view bytes, const Limits& limits);
Result<Extracted> ExtractImage(std::string_view bytes, const Limits& limits);

// Page `page` (0-based) of a PDF, at most `max_width` pixels wide, as a PNG
// with red frames around `marks` (boxes in page space × `marks_dpi` / 72).
Result<std::string> RenderPdfPage(std::string_view bytes, int page, const std::vector<ocr::Box>& marks, int marks_dpi,
                                  int max_width, const Limits& limits);

// The OCR budget of one file (Limits::ocr_*): pages read so far and the
// time left.
class OcrBudget {
 public:
  explicit OcrBudget(const Limits& limits);
  // The OCR limits for the next page or picture; TooLarge when the file
  // has used up its pages or its time.
  Result<ocr::Limits> Next();

 private:
  const Limits& limits_;
  int pages_ = 0;
  std::chrono::steady_clock::time_point deadline_;
};

}  // namespace gk::extract::internal
