// Attachment files of information items: what may be attached, and checks
// of name, size and type (by content, not by what the browser claims).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace gk::disclosure {

inline constexpr size_t kMaxAttachmentBytes = 10 * 1024 * 1024;

struct CheckedFile {
  std::string filename;    // the base name, trimmed
  std::string media_type;  // from the extension, confirmed by the content
};

// Accepts .pdf .ofd .docx .xlsx .doc .xls .txt .jpg .jpeg .png up to
// kMaxAttachmentBytes whose first bytes match the type. InvalidArgument (or
// TooLarge) with a message for the user otherwise.
Result<CheckedFile> CheckAttachment(std::string_view filename, std::string_view data);

struct AttachmentInfo {
  int64_t id = 0;
  std::string filename, media_type, content_hash;
  int64_t size = 0;
};

}  // namespace gk::disclosure
