// Letter validation and the texts shared by the PDF and DOCX writers.
#include "documents/letter.h"

#include <algorithm>
#include <string_view>

#include "base/strings.h"
#include "documents/geometry.h"

namespace gk::documents {

using internal::CheckRequired;
using internal::CheckText;

namespace {

// Decodes the code point at s[i] and advances i. REQUIRES: valid UTF-8.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = s[i];
  int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

// Characters a letter may not hold: they are invisible, reorder text, break
// lines behind the layout's back, or are not allowed in XML 1.0.
bool IsForbidden(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)       // C0, DEL, C1
         || cp == 0x2028 || cp == 0x2029                 // line and paragraph separators
         || (cp >= 0x202A && cp <= 0x202E)               // bidi embeddings and overrides
         || (cp >= 0x2066 && cp <= 0x2069)               // bidi isolates
         || (cp >= 0xFDD0 && cp <= 0xFDEF)               // noncharacters
         || (cp & 0xFFFE) == 0xFFFE;                     // U+xxFFFE, U+xxFFFF
}

bool IsBlank(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = NextCodePoint(s, i);
    if (cp != U' ' && cp != U'\u3000') return false;  // ASCII and ideographic space
  }
  return true;
}

// Labels items "正文第2段", "附件说明第1项".
Status CheckList(std::string_view field, std::string_view suffix, const std::vector<std::string>& items) {
  for (size_t k = 0; k < items.size(); ++k) {
    RETURN_IF_ERROR(CheckRequired(std::string(field) + "第" + std::to_string(k + 1) + std::string(suffix), items[k]));
  }
  return Status::Ok();
}

size_t TotalBytes(const Letter& l) {
  size_t n = l.issuer.size() + l.title.size() + l.number.size() + l.addressee.size() +
             l.contact.size();
  for (const std::string& p : l.paragraphs) n += p.size();
  for (const std::string& a : l.attachments) n += a.size();
  return n;
}

}  // namespace

Status ValidateLetter(const Letter& letter) {
  if (TotalBytes(letter) > kMaxLetterBytes) {
    return InvalidArgument("公文内容过长（不超过 " + std::to_string(kMaxLetterBytes) + " 字节）");
  }
  RETURN_IF_ERROR(CheckRequired("发文机关", letter.issuer));
  RETURN_IF_ERROR(CheckRequired("标题", letter.title));
  RETURN_IF_ERROR(CheckText("发文字号", letter.number));
  RETURN_IF_ERROR(CheckText("主送机关", letter.addressee));
  RETURN_IF_ERROR(CheckList("正文", "段", letter.paragraphs));
  RETURN_IF_ERROR(CheckList("附件说明", "项", letter.attachments));
  RETURN_IF_ERROR(CheckText("附注", letter.contact));
  if (!Date::IsValid(letter.date.year, letter.date.month, letter.date.day)) {
    return InvalidArgument("成文日期无效");
  }
  return Status::Ok();
}

std::string FormatChineseDate(const Date& date) {
  return std::to_string(date.year) + "年" + std::to_string(date.month) + "月" +
         std::to_string(date.day) + "日";
}

namespace internal {

Status CheckText(std::string_view field, std::string_view text) {
  if (!IsValidUtf8(text)) return InvalidArgument(std::string(field) + "不是有效的 UTF-8 文本");
  size_t i = 0;
  while (i < text.size()) {
    if (IsForbidden(NextCodePoint(text, i))) {
      return InvalidArgument(std::string(field) + "含有控制字符");
    }
  }
  return Status::Ok();
}

Status CheckRequired(std::string_view field, std::string_view text) {
  RETURN_IF_ERROR(CheckText(field, text));
  if (IsBlank(text)) return InvalidArgument(std::string(field) + "不能为空");
  return Status::Ok();
}


std::vector<AttachmentLine> AttachmentLines(const Letter& letter) {
  std::vector<AttachmentLine> lines;
  const size_t n = letter.attachments.size();
  for (size_t k = 0; k < n; ++k) {
    lines.push_back({k == 0 ? "附件：" : "", n > 1 ? std::to_string(k + 1) + "." : "",
                     letter.attachments[k]});
  }
  return lines;
}

std::string NoteText(const Letter& letter) {
  return letter.contact.empty() ? "" : "（" + letter.contact + "）";
}

double IssuerRightIndent(double char_width, double issuer_width, double date_width) {
  double date_centre = kDateRightIndentChars * char_width + date_width / 2;
  return std::max(0.0, date_centre - issuer_width / 2);
}

}  // namespace internal
}  // namespace gk::documents
