// The attachments of an item: adding, removing, reading and redacting them
// (区分处理), each change a new version of the item.
#include "disclosure/items.h"

#include "base/crypto.h"
#include "disclosure/access.h"
#include "audit/audit.h"
#include "disclosure/item_store.h"

namespace gk::disclosure {
using accounts::Principal;
using namespace internal;

namespace {

// Saves the item's current content, with its live attachments, as the next
// version. REQUIRES: the caller checked kEdit.
Status NewVersion(store::Tx& tx, const Clock& clock, const std::string& root, const Principal& who, const Item& it,
                  const std::string& what) {
  int version = it.version + 1;
  std::string now = FormatUtc(clock.Now());
  ASSIGN_OR_RETURN(auto files, LiveAttachments(tx, it.id));
  std::string content = Canonical(ContentObject(it.input, files));
  RETURN_IF_ERROR(tx.Exec("UPDATE items SET version = ?, updated_at = ? WHERE id = ?",
                          {int64_t{version}, now, it.id}).status());
  RETURN_IF_ERROR(WriteVersion(tx, who.agency_id, it.id, version, content, what, who.user_id, now));
  return RunChecks(tx, clock, root, who.agency_id, it.id, version);
}

Status CheckEditable(store::Tx& tx, const Principal& who, const Item& it) {
  ASSIGN_OR_RETURN(ItemFacts facts, LoadFacts(tx, it));
  ASSIGN_OR_RETURN(ActorFacts actor, LoadActor(tx, who, it.id));
  return Decide(facts, actor, Action::kEdit).status();
}

}  // namespace

Result<int64_t> Items::AddAttachment(const Principal& who, int64_t id, const std::string& filename,
                                     const std::string& data) {
  // Who may add it is known before any work on the file (NotFound for an item
  // `who` may not read); the file is checked (extracted and scanned) before
  // the write transaction, which asks again.
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Item it, LoadItemFor(tx, who, id));
    return CheckEditable(tx, who, it);
  }));
  ASSIGN_OR_RETURN(CheckedFile file, CheckAttachment(filename, data));
  RETURN_IF_ERROR(PrecheckItemFiles(ctx_.db, ctx_.clock, ref_.root, who.agency_id, id, file.filename, data));
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(Item it, LoadItemFor(tx, who, id));
    RETURN_IF_ERROR(CheckEditable(tx, who, it));
    std::string hash = Blake2bHex(data);
    ASSIGN_OR_RETURN(int64_t aid, tx.Insert(
        "INSERT INTO item_attachments (agency_id, item_id, filename, media_type, size, content_hash, data, "
        "added_in_version, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {who.agency_id, id, file.filename, file.media_type, static_cast<int64_t>(data.size()), hash,
         Base64Encode(data), int64_t{it.version + 1}, who.user_id, Now(ctx_.clock)}));
    RETURN_IF_ERROR(NewVersion(tx, ctx_.clock, ref_.root, who, it, "附件（新增 " + file.filename + "）"));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "item.attach", "item",
                                                   std::to_string(id), "", hash,
                                                   "上传附件 " + file.filename + " 到 " + it.index_no}));
    return aid;
  });
}

// The attachment is read in a read transaction, redacted, verified and
// checked outside any, and the copy written in a short write transaction
// that first makes sure the item did not change meanwhile.
Result<int64_t> Items::RedactAttachment(const Principal& who, int64_t id, int64_t attachment_id,
                                       const std::vector<std::string>& terms) {
  std::string filename, bytes;
  int version = 0;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Item it, LoadItemFor(tx, who, id));
    RETURN_IF_ERROR(CheckEditable(tx, who, it));
    version = it.version;
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT filename, data FROM item_attachments WHERE id = ? AND item_id = ? "
                                           "AND removed_in_version IS NULL", {attachment_id, id}));
    if (!row) return NotFound("附件不存在");
    filename = row->Str("filename");
    ASSIGN_OR_RETURN(bytes, Base64Decode(row->Str("data")));
    return Status::Ok();
  }));
  ASSIGN_OR_RETURN(ReleaseCopy copy, RedactForRelease(ctx_.db, ctx_.clock, who.agency_id, ref_.root, filename, bytes,
                                                      terms));
  RETURN_IF_ERROR(PrecheckItemFiles(ctx_.db, ctx_.clock, ref_.root, who.agency_id, id, copy.file.filename, copy.bytes));
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(Item it, LoadItemFor(tx, who, id));
    RETURN_IF_ERROR(CheckEditable(tx, who, it));
    if (it.version != version) return Conflict("区分处理期间该信息已被修改，请重新操作");
    ASSIGN_OR_RETURN(auto live, tx.QueryOne("SELECT 1 FROM item_attachments WHERE id = ? AND item_id = ? AND "
                                            "removed_in_version IS NULL", {attachment_id, id}));
    if (!live) return NotFound("附件不存在");
    // The copy replaces the original in a new version.
    ASSIGN_OR_RETURN(int64_t aid, tx.Insert(
        "INSERT INTO item_attachments (agency_id, item_id, filename, media_type, size, content_hash, data, "
        "added_in_version, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {who.agency_id, id, copy.file.filename, copy.file.media_type, static_cast<int64_t>(copy.bytes.size()),
         copy.hash, Base64Encode(copy.bytes), int64_t{it.version + 1}, who.user_id, Now(ctx_.clock)}));
    RETURN_IF_ERROR(tx.Exec("UPDATE item_attachments SET removed_in_version = ? WHERE id = ?",
                            {int64_t{it.version + 1}, attachment_id}).status());
    RETURN_IF_ERROR(tx.Exec("INSERT INTO redactions (agency_id, item_id, from_attachment_id, to_attachment_id, entries, "
                            "stripped, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            {who.agency_id, id, attachment_id, aid, copy.entries, copy.stripped, who.user_id,
                             Now(ctx_.clock)})
                        .status());
    RETURN_IF_ERROR(NewVersion(tx, ctx_.clock, ref_.root, who, it, "附件（区分处理 " + filename + "）"));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "item.redact", "item",
                                                   std::to_string(id), "", copy.hash,
                                                   "区分处理附件 " + filename + "：删除 " +
                                                       std::to_string(copy.removals) + " 处，去除隐藏内容 " +
                                                       std::to_string(copy.parts_stripped) + " 项"}));
    return aid;
  });
}

Result<std::vector<std::string>> Items::RedactionLog(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<std::vector<std::string>>([&](store::Tx& tx) -> Result<std::vector<std::string>> {
    RETURN_IF_ERROR(RequireReadableItem(tx, who, id));
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT r.created_at, COALESCE(u.display_name, '') AS creator_name, "
                                         "a.filename, r.entries, r.stripped FROM redactions r "
                                         "JOIN item_attachments a ON a.id = r.from_attachment_id "
                                         "LEFT JOIN users u ON u.id = r.created_by "
                                         "WHERE r.item_id = ? AND r.agency_id = ? ORDER BY r.id DESC",
                                         {id, who.agency_id}));
    std::vector<std::string> out;
    for (const auto& r : rows) {
      std::string line = r.Str("created_at") + " " + r.Str("creator_name") + " 区分处理 " + r.Str("filename") + "：" +
                         RedactionSummary(r.Str("entries"), r.Str("stripped"));
      out.push_back(line);
    }
    return out;
  });
}

Status Items::RemoveAttachment(const Principal& who, int64_t id, int64_t attachment_id) {
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Item it, LoadItemFor(tx, who, id));
    RETURN_IF_ERROR(CheckEditable(tx, who, it));
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT filename, content_hash FROM item_attachments WHERE id = ? AND "
                                           "item_id = ? AND removed_in_version IS NULL", {attachment_id, id}));
    if (!row) return NotFound("附件不存在");
    RETURN_IF_ERROR(tx.Exec("UPDATE item_attachments SET removed_in_version = ? WHERE id = ?",
                            {int64_t{it.version + 1}, attachment_id}).status());
    RETURN_IF_ERROR(NewVersion(tx, ctx_.clock, ref_.root, who, it, "附件（删除 " + row->Str("filename") + "）"));
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "item.detach", "item", std::to_string(id),
                                          row->Str("content_hash"), "", "删除附件 " + row->Str("filename")});
  });
}

Result<std::pair<AttachmentInfo, std::string>> Items::ReadAttachment(const Principal& who, int64_t id,
                                                                     int64_t attachment_id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  std::pair<AttachmentInfo, std::string> out;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(RequireReadableItem(tx, who, id));
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id, filename, media_type, content_hash, size, data FROM "
                                           "item_attachments WHERE id = ? AND item_id = ? AND agency_id = ?",
                                           {attachment_id, id, who.agency_id}));
    if (!row) return NotFound("附件不存在");
    out.first = {row->Int("id"), row->Str("filename"), row->Str("media_type"), row->Str("content_hash"),
                 row->Int("size")};
    ASSIGN_OR_RETURN(out.second, Base64Decode(row->Str("data")));
    return Status::Ok();
  }));
  return out;
}

}  // namespace gk::disclosure
