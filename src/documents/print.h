// Printed documents that are not letters: the annual report, the ledger, the
// 公开栏 notice, the index of a 查阅点 and the 社区报刊 article. A document is
// a list of blocks (title, headings, paragraphs, label lines, tables) set on
// A4 or A3, portrait or landscape, in one or more text columns, with page
// numbers "第 N 页 共 M 页" and an optional running footer.
//
// Like letter.h this is pure rendering: no database, no clock, no files.
// Tables have header rows repeated on every page they continue on, cells that
// span columns and rows, and rows too tall for a page broken between lines.
// A title and a paragraph may hold '\n' (a line break); other texts may not.
#pragma once

#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"

namespace gk::documents {

enum class Paper { kA4, kA3 };
enum class CellAlign { kLeft, kCenter, kRight };

struct TableCell {
  std::string text;  // plain text; '\n' breaks a line
  int col_span = 1, row_span = 1;
  bool header = false;  // bold on a grey ground (and <th> in HTML)
  CellAlign align = CellAlign::kLeft;
};

struct Table {
  // Relative column widths; the table takes the text column's full width.
  std::vector<double> widths;
  // The first `header_rows` rows are repeated at the top of every page the
  // table continues on.
  int header_rows = 0;
  // Each row lists its cells left to right, leaving out the slots covered by
  // a span from the left or from above (as HTML does).
  std::vector<std::vector<TableCell>> rows;
  double font_pt = 10.5;  // 五号
};

struct Block {
  enum class Kind {
    kTitle,      // centred, bold serif (小标宋), 2号 or 1.5 × the body size if larger
    kSubtitle,   // centred, body size
    kHeading,    // 黑体 (sans), body size + 1 pt
    kParagraph,  // justified, two-character first-line indent
    kLine,       // flush left, no indent ("索引号：…")
    kSignature,  // flush right: the issuing body and the date under a report
    kTable,
    kSpace,      // half a line of space
  };
  Kind kind = Kind::kParagraph;
  std::string text;
  Table table;  // kTable only
};

struct PrintDocument {
  Paper paper = Paper::kA4;
  bool landscape = false;
  // Text columns for `body` (a newspaper article uses two); `head` always
  // spans the full width at the top of the first page.
  int columns = 1;
  double body_pt = 14;  // 4号
  std::vector<Block> head, body;
  std::string footer;   // printed left of the page number on every page; may be empty
  // PDF metadata: title and author are required; the creation date is `date`.
  std::string title, author;
  Date date;
};

// InvalidArgument in Simplified Chinese when a string is not valid UTF-8 or
// holds a control character ('\n' is allowed in table cells, titles and
// paragraphs only), when the title or author is blank, when a table's rows do not fit
// its column count or a span is not positive, when columns is not 1–3, or
// when the text together is longer than kMaxPrintBytes.
Status ValidatePrintDocument(const PrintDocument& doc);

inline constexpr size_t kMaxPrintBytes = 8'000'000;  // a year's ledger of tens of thousands of lines

// The document as the bytes of a PDF (fonts embedded). Errors as RenderPdf
// in letter.h. Thread-safe; the output depends only on the document.
Result<std::string> RenderPrintPdf(const PrintDocument& doc);

// The table as an HTML <table> (escaped; header cells are <th scope>), for
// pages that show the same table on screen.
std::string TableHtml(const Table& table, const std::string& css_class);

}  // namespace gk::documents
