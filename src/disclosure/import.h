// Migration into the platform: an agency's historical catalog, published on
// its old website, loaded as published items. One JSON object per line:
//   {"index_no": "jingansi/2023-00042", "title": "…", "doc_no": "…",
//    "department": "社区服务办公室", "category": "0201",
//    "formed_on": "2023-03-01", "published_on": "2023-03-06",
//    "ground": "art20_1", "validity": "valid", "summary": "…", "body": "…",
//    "attachments": ["2023/通知.pdf"]}
// (docs/formats.md, "Migration of an old website's catalog"). Either every
// new line is imported or nothing: the first bad line is reported with its
// number. A line whose 索引号 the agency already holds is skipped, so a
// second run of the same file adds nothing. Imported items skip the review
// chain: their publication is marked as migrated (the portal says
// 迁移自原网站), created by the agency's migration account, and audited
// (item.import).
#pragma once

#include <cstddef>
#include <string>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/status.h"
#include "disclosure/reference.h"

namespace gk::disclosure {

// Where the attachments a line names are read from.
class ImportFiles {
 public:
  virtual ~ImportFiles() = default;
  // The bytes of the file `name` names. InvalidArgument for a name that
  // leaves the source, NotFound for a missing file, TooLarge above
  // kMaxAttachmentBytes (disclosure/attachments.h).
  virtual Result<std::string> Read(const std::string& name) const = 0;
};

// The files under a folder (`gongkai import items --files DIR`). A name is
// relative, with "/" between folders, and may not leave the folder: an
// absolute name, a ".." part or a symbolic link pointing out is refused.
// With an empty `dir` every name is refused (no --files given).
class DirectoryFiles final : public ImportFiles {
 public:
  explicit DirectoryFiles(std::string dir) : dir_(std::move(dir)) {}
  Result<std::string> Read(const std::string& name) const override;

 private:
  std::string dir_;
};

struct ItemImportReport {
  int imported = 0;
  int skipped = 0;  // their 索引号 was there already
  int attachments = 0;
};

inline constexpr size_t kMaxItemImportBytes = 64 * 1024 * 1024;
// A body may hold 200,000 characters.
inline constexpr size_t kMaxItemImportLineBytes = 1024 * 1024;

// `text` is the file's content. Only the 公开办 or the command line may
// import (PermissionDenied). The first bad line fails the whole import with
// "line 7: …": InvalidArgument for its JSON, a field, an unknown department
// or category code, an attachment refused by CheckAttachment or leaving
// `files`; the error of `files` (NotFound, TooLarge) for a file it cannot
// give. Nothing is imported then.
Result<ItemImportReport> ImportItems(const accounts::Context& ctx, const ReferenceData& ref,
                                     const accounts::Principal& who, const std::string& text,
                                     const ImportFiles& files);

}  // namespace gk::disclosure
