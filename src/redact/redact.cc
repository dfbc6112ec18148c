// Redact: checks the input as gk::extract does (so the errors are the same),
// hands over to the redactor of the format; Verify: extracts again and looks
// for what must not be there.
#include "redact/redact.h"

#include <cstdint>
#include <string>

#include "base/strings.h"
#include "redact/internal.h"

namespace gk::redact {
namespace {

using internal::IsSpace;

Status CheckWithhold(const std::vector<Withhold>& withhold) {
  for (const Withhold& w : withhold) {
    bool blank = true;
    for (unsigned char c : w.text) blank = blank && (c == ' ' || c == '\t' || c == '\n' || c == '\r');
    if (blank) return InvalidArgument("要删除的内容不能为空");
    if (!IsValidUtf8(w.text)) return InvalidArgument("要删除的内容不是有效的 UTF-8 文字");
  }
  return Status::Ok();
}

std::u32string Decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<uint8_t>(s[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<uint8_t>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string Encode(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::u32string WithoutSpace(const std::u32string& s) {
  std::u32string out;
  for (char32_t c : s) {
    if (!IsSpace(c)) out.push_back(internal::Fold(c));
  }
  return out;
}

// "110105…": the first six characters of what was found.
std::string Shorten(const std::u32string& s) {
  if (s.size() <= 6) return Encode(s);
  return Encode(s.substr(0, 6)) + "…";
}

// Field codes that only number pages or point inside the document.
bool IsHarmlessFieldCode(std::string_view code) {
  static constexpr std::string_view kSafe[] = {"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "TOC", "REF",
                                               "PAGEREF", "NOTEREF", "SEQ", "STYLEREF", "DATE", "TIME"};
  size_t start = code.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return true;
  size_t end = code.find_first_of(" \t\r\n", start);
  std::string word = ToLowerAscii(code.substr(start, end == std::string_view::npos ? end : end - start));
  if (word[0] == '\\') return true;
  for (std::string_view s : kSafe) {
    if (word == ToLowerAscii(s)) return true;
  }
  return false;
}

}  // namespace

namespace internal {
bool IsHarmlessField(std::string_view code) { return IsHarmlessFieldCode(code); }
}  // namespace internal

Result<Redacted> Redact(std::string_view filename, std::string_view bytes, const std::vector<Withhold>& withhold) {
  RETURN_IF_ERROR(CheckWithhold(withhold));
  const extract::Limits limits;
  // The same decision and the same errors as the check that precedes this,
  // and its OCR when it was remembered.
  ASSIGN_OR_RETURN(auto remembered, extract::ExtractRemembered(filename, bytes, limits));
  const extract::Extracted& extracted = *remembered;
  internal::Work work(withhold);
  const std::string& format = extracted.format;
  std::string out;
  if (format == "txt") {
    ASSIGN_OR_RETURN(out, internal::RedactTxt(bytes, work));
  } else if (format == "html") {
    ASSIGN_OR_RETURN(out, internal::RedactHtml(bytes, work));
  } else if (format == "pdf") {
    ASSIGN_OR_RETURN(out, internal::RedactPdf(bytes, limits, extracted.scans, work));
  } else if (format == "image") {
    ASSIGN_OR_RETURN(out, internal::RedactImage(bytes, extracted.scans, work));
  } else {
    ASSIGN_OR_RETURN(internal::Package pkg, internal::Package::Read(bytes, limits));
    if (format == "docx") {
      RETURN_IF_ERROR(internal::RedactDocx(pkg, work));
    } else if (format == "xlsx") {
      RETURN_IF_ERROR(internal::RedactXlsx(pkg, work));
    } else if (format == "ofd") {
      RETURN_IF_ERROR(internal::RedactOfd(pkg, work));
    } else {
      return InvalidArgument("不支持的文件类型：" + format);
    }
    RETURN_IF_ERROR(internal::RedactPackagePictures(pkg, extracted.scans, work));
    RETURN_IF_ERROR(pkg.CheckUntouched({}, work.withhold()));
    ASSIGN_OR_RETURN(out, pkg.Write());
  }
  return work.Finish(std::move(out));
}

Status Verify(std::string_view filename, std::string_view bytes, const std::vector<Withhold>& withhold) {
  RETURN_IF_ERROR(CheckWithhold(withhold));
  ASSIGN_OR_RETURN(extract::Extracted ex, extract::Extract(filename, bytes));
  const std::u32string text = Decode(ex.text);
  std::vector<std::u32string> needles;
  for (const Withhold& w : withhold) needles.push_back(WithoutSpace(Decode(w.text)));
  for (const extract::Segment& seg : ex.segments) {
    if (seg.start > seg.end || seg.end > text.size()) return Internal("提取结果的分段无效");
    const std::u32string part = text.substr(seg.start, seg.end - seg.start);
    const std::u32string dense = WithoutSpace(part);
    for (const std::u32string& needle : needles) {
      if (!needle.empty() && dense.find(needle) != std::u32string::npos) {
        return FailedPrecondition("仍可提取到被删除的内容：" + Shorten(needle) + "（" + seg.where + "）");
      }
    }
    if (seg.hidden && !dense.empty() && !(seg.where == "域代码" && IsHarmlessFieldCode(Encode(part)))) {
      return FailedPrecondition("仍有隐藏内容：" + seg.where);
    }
  }
  return Status::Ok();
}

}  // namespace gk::redact
