#include "disclosure/attachments.h"

#include "base/strings.h"

namespace gk::disclosure {
namespace {

struct Kind {
  const char* extension;
  const char* media_type;
  std::string_view magic;  // "" = checked otherwise
};

const Kind kKinds[] = {
    {".pdf", "application/pdf", "%PDF-"},
    {".ofd", "application/ofd", std::string_view("PK\x03\x04", 4)},
    {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     std::string_view("PK\x03\x04", 4)},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", std::string_view("PK\x03\x04", 4)},
    {".doc", "application/msword", std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)},
    {".xls", "application/vnd.ms-excel", std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)},
    {".txt", "text/plain; charset=utf-8", ""},
    {".jpg", "image/jpeg", std::string_view("\xFF\xD8\xFF", 3)},
    {".jpeg", "image/jpeg", std::string_view("\xFF\xD8\xFF", 3)},
    {".png", "image/png", std::string_view("\x89PNG\r\n\x1a\n", 8)},
};

std::string BaseName(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  return std::string(Trim(slash == std::string_view::npos ? name : name.substr(slash + 1)));
}

}  // namespace

Result<CheckedFile> CheckAttachment(std::string_view filename, std::string_view data) {
  std::string name = BaseName(filename);
  if (name.empty()) return InvalidArgument("请选择要上传的附件");
  if (!IsValidUtf8(name) || HasControlChars(name) || Utf8Length(name) > 120) {
    return InvalidArgument("附件文件名无效（不超过 120 个字，不含控制字符）");
  }
  if (data.empty()) return InvalidArgument("附件“" + name + "”是空文件");
  if (data.size() > kMaxAttachmentBytes) return TooLarge("附件“" + name + "”超过 10 MB");
  std::string lower = ToLowerAscii(name);
  for (const Kind& k : kKinds) {
    std::string ext = k.extension;
    if (lower.size() <= ext.size() || lower.compare(lower.size() - ext.size(), ext.size(), ext) != 0) continue;
    bool ok = k.magic.empty() ? IsValidUtf8(data) && data.find('\0') == std::string_view::npos
                              : data.substr(0, k.magic.size()) == k.magic;
    if (!ok) return InvalidArgument("附件“" + name + "”的内容与扩展名 " + ext + " 不符");
    return CheckedFile{name, k.media_type};
  }
  return InvalidArgument("不支持的附件类型：" + name + "（可上传 PDF、OFD、Word、Excel、文本、JPG、PNG）");
}

}  // namespace gk::disclosure
