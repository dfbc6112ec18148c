// Official letters (答复书, 补正告知书, 延期答复告知书, 征求意见书, 收费通知书)
// laid out after GB/T 9704-2012 《党政机关公文格式》 in 信函 style, as a PDF
// for printing and sealing and as a DOCX the office can still edit.
//
// This is a pure rendering module: no database, no clock, no files. The page
// geometry (A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines × 28
// characters of 3号 text) and the order of the elements are described in
// docs/architecture.md ("Letters").
#pragma once

#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"

namespace gk::documents {

// One letter. Every string is plain UTF-8 text, never markup: "<b>" prints as
// the three characters '<', 'b', '>'. No string may contain control or
// format characters (C0, DEL, C1, U+2028/2029, bidi controls, noncharacters);
// a paragraph is one string, lines are broken by the layout.
struct Letter {
  // 发文机关, printed as the signature block above the date. Required.
  std::string issuer;
  // 标题, e.g. "政府信息公开申请答复书". Required.
  std::string title;
  // 发文字号, e.g. "静安寺公复〔2026〕3号"; printed flush right on the first
  // line (信函格式). Empty: no number line.
  std::string number;
  // 主送, e.g. "张三"; printed flush left followed by "：". Empty: no line.
  std::string addressee;
  // 正文: each paragraph justified with a two-character first-line indent.
  // Every paragraph must contain a non-space character.
  std::vector<std::string> paragraphs;
  // 附件说明 names, without numbers or final punctuation. One name prints as
  // "附件：name"; several as "附件：1.name", "2.name", … aligned on the number.
  std::vector<std::string> attachments;
  // 成文日期, printed "2026年11月27日" (Arabic numerals, no leading zeros).
  Date date;
  // 附注, e.g. "联系人：李四，电话：62561234"; printed in full-width
  // parentheses, indented two characters, on the line below the date.
  // Empty: no line.
  std::string contact;
};

// Checks the contract above. Returns InvalidArgument with a message in
// Simplified Chinese naming the element ("正文第2段含有控制字符") when a
// string is not valid UTF-8 or holds a control character, when the title or
// issuer is empty or blank, when a paragraph or attachment is blank, when the
// date does not exist, or when all the text together is longer than
// kMaxLetterBytes.
Status ValidateLetter(const Letter& letter);

// Limit on the sum of the byte lengths of every string of a Letter (about
// 65,000 Chinese characters, some 100 pages).
inline constexpr size_t kMaxLetterBytes = 200'000;

// "2026年11月27日". REQUIRES: a valid date.
std::string FormatChineseDate(const Date& date);

// The letter as the bytes of a PDF file (A4, fonts embedded). Returns
// ValidateLetter's error for a bad letter, FailedPrecondition when the fonts
// (Debian package fonts-noto-cjk) are not installed, Internal when Cairo
// fails. Thread-safe; the output depends only on the letter (the PDF's
// creation date is the letter's date).
Result<std::string> RenderPdf(const Letter& letter);

// The letter as the bytes of a DOCX file (WordprocessingML) with the same
// page set-up, a 22 × 28 document grid and page numbers in the footer.
// Returns ValidateLetter's error for a bad letter, Internal when libzip fails.
// Thread-safe; the output depends only on the letter.
Result<std::string> RenderDocx(const Letter& letter);

}  // namespace gk::documents
