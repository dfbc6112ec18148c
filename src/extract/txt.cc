// Plain text: UTF-8 (with or without a byte-order mark), UTF-16 with a
// byte-order mark, or else GB18030 (a superset of GBK and GB2312), converted
// with iconv. The text is the file's own characters, unchanged; only the
// byte-order mark is dropped.
#include <errno.h>
#include <iconv.h>

#include <string>

#include "base/strings.h"
#include "extract/encoding.h"
#include "extract/internal.h"

namespace gk::extract::internal {
Result<Extracted> ExtractTxt(std::string_view bytes, const Limits& limits) {
  ASSIGN_OR_RETURN(std::string text, DecodeText(bytes, limits.max_text_bytes));
  if (text.size() > limits.max_text_bytes) {
    return TooLarge("提取的文字过多（超过 " + std::to_string(limits.max_text_bytes >> 20) + " MB）");
  }
  if (!IsValidUtf8(text)) {  // iconv output is UTF-8; this guards the contract
    std::string clean;
    AppendSanitized(text, &clean);
    text = std::move(clean);
  }
  Extracted out;
  out.format = "txt";
  if (!text.empty()) out.segments.push_back(Segment{0, Utf8Length(text), false, "正文"});
  out.text = std::move(text);
  return out;
}

std::optional<std::string> ConvertToUtf8(const char* charset, std::string_view in, size_t max_out) {
  iconv_t cd = iconv_open("UTF-8", charset);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out;
  char buf[16384];
  char* src = const_cast<char*>(in.data());
  size_t left = in.size();
  bool ok = true;
  while (left > 0) {
    char* dst = buf;
    size_t room = sizeof buf;
    size_t r = iconv(cd, &src, &left, &dst, &room);
    out.append(buf, static_cast<size_t>(dst - buf));
    if (out.size() > max_out) break;  // the caller reports the size
    if (r == static_cast<size_t>(-1) && errno != E2BIG) {
      ok = false;  // EILSEQ or EINVAL (a truncated sequence at the end)
      break;
    }
  }
  iconv_close(cd);
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace gk::extract::internal

namespace gk::extract {

Result<std::string> DecodeText(std::string_view bytes, size_t max_bytes, std::string* charset) {
  std::string unused;
  if (!charset) charset = &unused;
  charset->clear();
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    const char* utf16 = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    std::optional<std::string> converted = internal::ConvertToUtf8(utf16, bytes.substr(2), max_bytes);
    if (!converted) return InvalidArgument("文件损坏：UTF-16 文本中有无效字符");
    *charset = utf16;
    return std::move(*converted);
  }
  if (IsValidUtf8(bytes)) return std::string(bytes);
  std::optional<std::string> converted = internal::ConvertToUtf8("GB18030", bytes, max_bytes);
  if (!converted) return InvalidArgument("无法识别文本编码：既不是 UTF-8，也不是 GB18030/GBK");
  *charset = "GB18030";
  return std::move(*converted);
}

}  // namespace gk::extract
