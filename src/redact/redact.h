// Redaction (区分处理, 条例第三十七条): a copy of a file with the withheld
// strings removed from its content and its hidden parts stripped, and the
// check that refuses a copy from which anything withheld can still be
// extracted.
//
// Per format (details in the .cc files):
//   pdf   true removal through MuPDF's content filter: the matched glyphs
//         (and no glyph beside them) are deleted from the content streams
//         and image pixels under them blanked; black boxes mark the
//         places; the document
//         information, XMP metadata, annotations, form fields, bookmarks and
//         embedded files are dropped and the file is rewritten in full
//         (garbage-collected, no incremental update, no old object left);
//   docx, xlsx, ofd, txt, html
//         replacement inside the document structure: every character of
//         every occurrence becomes "■"; the rest stays text;
//   scans  where OCR read a withheld string (extract::Scan) — a scanned PDF
//         page, a PNG, JPEG or TIFF file, a picture inside a docx, xlsx or
//         ofd — the pixels under it are painted black in the picture itself
//         (scan.cc), and Verify reads the copy by OCR again.
// A withheld string matches across white space inside it ("1101 05…" and a
// number broken over two lines of a text file) everywhere except in PDF,
// where MuPDF's search matches within the text as laid out; Verify then
// reports what is left rather than passing it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace gk::redact {

// A string to remove everywhere, and why ("个人隐私（条例第十五条）").
struct Withhold {
  std::string text;
  std::string ground;
};

// What was removed, where ("第2页", "正文", "工作表“名单”B2"), how many times.
struct LogEntry {
  std::string text, ground, where;
  int count = 0;
};

struct Redacted {
  std::string bytes;          // the redacted file, same format as the input
  std::vector<LogEntry> log;  // one entry per withheld string and place, in order of discovery
  // Hidden parts removed, for people: "批注", "修订（删除）", "文档属性：作者",
  // "隐藏工作表“备用”", "HTML 注释" …
  std::vector<std::string> stripped;
  // Other changes worth telling the reviewer, e.g. "原文件为 GB18030 编码，
  // 已转存为带 BOM 的 UTF-8".
  std::vector<std::string> notes;
};

// Produces a redacted copy of the file `bytes` named `filename` (the format
// is decided as gk::extract::Extract decides it): every occurrence of every
// Withhold text is removed from the content, and hidden content is stripped.
// A withheld string that does not occur is not an error (it has no log
// entry); Verify is the check.
//
// Errors, as Extract's: InvalidArgument for an unsupported, mismatched or
// corrupt file, and for a blank withheld string; FailedPrecondition for an
// encrypted file, or for a package part this module does not rewrite that
// still holds a withheld string; TooLarge over gk::extract::Limits. The input
// is never trusted; memory stays bounded by those limits. Thread-safe.
Result<Redacted> Redact(std::string_view filename, std::string_view bytes, const std::vector<Withhold>& withhold);

// Extracts `bytes` again (gk::extract) and returns FailedPrecondition, naming
// what is still there ("仍可提取到被删除的内容：110105…（第1页）", "仍有隐藏内容：
// 批注"), if any withheld string — white space inside it ignored — or any
// hidden part is still present; Extract's error if the file cannot be read.
// Field codes that only number pages or refer inside the document (PAGE,
// NUMPAGES, REF, TOC …) are not counted as hidden parts. Thread-safe.
Status Verify(std::string_view filename, std::string_view bytes, const std::vector<Withhold>& withhold);

}  // namespace gk::redact
