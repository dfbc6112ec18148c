#include "disclosure/attachments.h"

#include <set>

#include "base/crypto.h"
#include "base/strings.h"
#include "redact/redact.h"
#include "review/check.h"
#include "review/checks.h"

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
    {".tif", "image/tiff", std::string_view("II*\0", 4)},
    {".tif", "image/tiff", std::string_view("MM\0*", 4)},
    {".tiff", "image/tiff", std::string_view("II*\0", 4)},
    {".tiff", "image/tiff", std::string_view("MM\0*", 4)},
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
  std::string named;  // the extension, when it is one we take but the content is not of it
  for (const Kind& k : kKinds) {
    std::string ext = k.extension;
    if (lower.size() <= ext.size() || lower.compare(lower.size() - ext.size(), ext.size(), ext) != 0) continue;
    bool ok = k.magic.empty() ? IsValidUtf8(data) && data.find('\0') == std::string_view::npos
                              : data.substr(0, k.magic.size()) == k.magic;
    if (ok) return CheckedFile{name, k.media_type};
    named = ext;  // a TIFF has two byte orders: the next row may match
  }
  if (!named.empty()) return InvalidArgument("附件“" + name + "”的内容与扩展名 " + named + " 不符");
  return InvalidArgument("不支持的附件类型：" + name + "（可上传 PDF、OFD、Word、Excel、文本、JPG、PNG、TIFF）");
}

Status PrecheckItemFiles(store::Database& db, const Clock& clock, const std::string& root, int64_t agency_id,
                         int64_t item_id, const std::string& added_name, const std::string& added_bytes) {
  std::vector<review::Source> sources = {{added_name, added_bytes, true, std::nullopt, std::nullopt}};
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto files, tx.Query("SELECT filename, data FROM item_attachments WHERE item_id = ? AND "
                                          "agency_id = ? AND removed_in_version IS NULL", {item_id, agency_id}));
    for (const auto& f : files) {
      ASSIGN_OR_RETURN(std::string bytes, Base64Decode(f.Str("data")));
      sources.push_back({f.Str("filename"), std::move(bytes), true, std::nullopt, std::nullopt});
    }
    return Status::Ok();
  }));
  return review::Precheck(db, clock, agency_id, root, sources);
}

Result<ReleaseCopy> RedactForRelease(store::Database& db, const Clock& clock, int64_t agency_id,
                                     const std::string& root, const std::string& filename, const std::string& bytes,
                                     const std::vector<std::string>& terms) {
  for (const std::string& t : terms) RETURN_IF_ERROR(CheckText(t, "删除的内容", 200, true));
  ASSIGN_OR_RETURN(auto scanner, db.Read<std::shared_ptr<const scan::Scanner>>(
                                     [&](store::Tx& tx) { return review::AgencyScanner(tx, clock, agency_id, root); }));
  ASSIGN_OR_RETURN(review::Report report,
                   review::CheckDocument(*scanner, filename, bytes, review::AgencyLimits(*scanner)));
  std::vector<redact::Withhold> withhold;
  std::set<std::string> seen;
  for (const auto& l : report.findings) {
    if (l.finding.severity == scan::Severity::kBlock && seen.insert(l.finding.text).second) {
      withhold.push_back({l.finding.text, scan::KindLabel(l.finding.kind)});
    }
  }
  for (const std::string& t : terms) {
    std::string term(Trim(t));
    if (seen.insert(term).second) withhold.push_back({term, "指定删除的内容"});
  }
  if (withhold.empty()) return FailedPrecondition("该文件没有需要删除的内容");
  ASSIGN_OR_RETURN(redact::Redacted red, redact::Redact(filename, bytes, withhold));
  RETURN_IF_ERROR(redact::Verify(filename, red.bytes, withhold));
  size_t dot = filename.rfind('.');
  std::string name = dot == std::string::npos ? filename + "（区分处理）"
                                              : filename.substr(0, dot) + "（区分处理）" + filename.substr(dot);
  ReleaseCopy out;
  ASSIGN_OR_RETURN(out.file, CheckAttachment(name, red.bytes));
  out.hash = Blake2bHex(red.bytes);
  for (const auto& e : red.log) {
    // The removed text is kept masked: the log must not carry what it withholds.
    std::string masked = MaskMiddle(e.text, e.text.size() >= 15 ? 4 : 1, e.text.size() >= 15 ? 4 : 1);
    out.entries += masked + " | " + e.where + " | " + e.ground + " | " + std::to_string(e.count) + "\n";
  }
  for (const auto& part : red.stripped) out.stripped += part + "\n";
  out.removals = red.log.size();
  out.parts_stripped = red.stripped.size();
  out.bytes = std::move(red.bytes);
  review::Precheck(scanner, {{out.file.filename, out.bytes, true, std::nullopt, std::nullopt}});
  return out;
}

std::string RedactionSummary(const std::string& entries, const std::string& stripped) {
  std::string line;
  for (const std::string& e : Split(entries, '\n')) {
    if (!e.empty()) line += "［" + e + "］";
  }
  std::string parts;
  for (const std::string& part : Split(stripped, '\n')) {
    if (!part.empty()) parts += (parts.empty() ? "" : "、") + part;
  }
  if (!parts.empty()) line += "；去除隐藏内容：" + parts;
  return line;
}

}  // namespace gk::disclosure
