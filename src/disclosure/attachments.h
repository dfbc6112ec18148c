// Attachment files of information items: what may be attached, and checks
// of name, size and type (by content, not by what the browser claims).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "store/db.h"

namespace gk::disclosure {

inline constexpr size_t kMaxAttachmentBytes = 10 * 1024 * 1024;

struct CheckedFile {
  std::string filename;    // the base name, trimmed
  std::string media_type;  // from the extension, confirmed by the content
};

// Accepts .pdf .ofd .docx .xlsx .doc .xls .txt .jpg .jpeg .png .tif .tiff up to
// kMaxAttachmentBytes whose first bytes match the type. InvalidArgument (or
// TooLarge) with a message for the user otherwise.
Result<CheckedFile> CheckAttachment(std::string_view filename, std::string_view data);

// Runs the confidentiality check (review::Precheck) of item `item_id`'s live
// attachments and of `added` (a file about to be attached) before the write
// transaction that stores them.
Status PrecheckItemFiles(store::Database& db, const Clock& clock, const std::string& root, int64_t agency_id,
                         int64_t item_id, const std::string& added_name, const std::string& added_bytes);

struct AttachmentInfo {
  int64_t id = 0;
  std::string filename, media_type, content_hash;
  int64_t size = 0;
};

// A copy of a file for release (区分处理, 条例 Art. 37): every blocking
// finding of the agency's check and every string of `terms` removed, hidden
// content stripped (redact/redact.h), verified by extracting the copy again.
struct ReleaseCopy {
  CheckedFile file;          // "名单（区分处理）.pdf"
  std::string bytes, hash;   // hash: BLAKE2b hex
  std::string entries;       // one line per removal: masked text | where | ground | count
  std::string stripped;      // one hidden part per line
  size_t removals = 0, parts_stripped = 0;
};
// FailedPrecondition when there is nothing to remove; the errors of
// redact::Redact and redact::Verify otherwise. Runs outside any write
// transaction (the agency's scanner is read in a read transaction of its
// own); the copy's check is kept (review::Precheck) for the transaction that
// stores it.
Result<ReleaseCopy> RedactForRelease(store::Database& db, const Clock& clock, int64_t agency_id,
                                     const std::string& root, const std::string& filename, const std::string& bytes,
                                     const std::vector<std::string>& terms);

// The lines of a stored redaction log for people:
// "［1101****002X | 第1页 | 居民身份证号码 | 1］…；去除隐藏内容：批注、…".
std::string RedactionSummary(const std::string& entries, const std::string& stripped);

}  // namespace gk::disclosure
