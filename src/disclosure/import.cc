#include "disclosure/import.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "audit/audit.h"
#include "base/crypto.h"
#include "base/jsonl.h"
#include "base/strings.h"
#include "disclosure/attachments.h"
#include "disclosure/item_store.h"
#include "store/counters.h"

namespace gk::disclosure {
namespace fs = std::filesystem;
namespace json = boost::json;
using namespace internal;

// ---------------------------------------------------------------- files

Result<std::string> DirectoryFiles::Read(const std::string& name) const {
  if (dir_.empty()) return InvalidArgument("attachment \"" + name + "\" needs --files DIR");
  fs::path rel = fs::path(name).lexically_normal();
  bool escapes = rel.empty() || rel.is_absolute() || name.find('\\') != std::string::npos;
  for (const auto& part : rel) escapes = escapes || part == "..";
  std::error_code ec;
  fs::path root = fs::weakly_canonical(fs::path(dir_), ec);
  fs::path path = ec ? fs::path() : fs::weakly_canonical(root / rel, ec);
  // A symbolic link inside the folder may point out of it.
  escapes = escapes || ec || path.lexically_relative(root).empty() || *path.lexically_relative(root).begin() == "..";
  if (escapes) return InvalidArgument("attachment \"" + name + "\" is outside the files folder");
  if (!fs::is_regular_file(path, ec)) return NotFound("attachment \"" + name + "\" not found in " + dir_);
  auto size = fs::file_size(path, ec);
  if (ec) return NotFound("attachment \"" + name + "\" cannot be read");
  if (size > kMaxAttachmentBytes) {
    return TooLarge("attachment \"" + name + "\" is larger than " + SizeText(kMaxAttachmentBytes));
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return NotFound("attachment \"" + name + "\" cannot be read");
  return bytes;
}

namespace {

// ---------------------------------------------------------------- parsing

constexpr const char* kDefaultReason = "历史公开信息，迁移自原网站";

struct Line {
  int number = 0;
  std::string index_no, department, category;
  ItemInput in;  // department_id and category_id are found in the transaction
  Date published_on;
  std::vector<std::string> attachments;
};

Status ParseAttribute(const json::object& o, const ReferenceData& ref, ItemInput& in) {
  ASSIGN_OR_RETURN(std::string attribute, JsonText(o, "attribute", 20, false));
  if (!attribute.empty() && attribute != AttributeKey(Attribute::kProactive)) {
    if (!AttributeFromKey(attribute)) return InvalidArgument("attribute \"" + attribute + "\" is not an attribute key");
    return InvalidArgument("attribute \"" + attribute + "\": only 主动公开 (\"proactive\") items are published");
  }
  ASSIGN_OR_RETURN(in.ground_key, JsonText(o, "ground", 40, true));
  const LegalGround* g = ref.FindGround(in.ground_key);
  if (!g) return InvalidArgument("ground \"" + in.ground_key + "\" is not a key of data/legal_grounds.toml");
  if (g->attribute != Attribute::kProactive) {
    return InvalidArgument("ground \"" + in.ground_key + "\" is not a ground of 主动公开");
  }
  ASSIGN_OR_RETURN(in.reason, JsonText(o, "reason", 1000, false));
  if (in.reason.empty()) in.reason = kDefaultReason;
  ASSIGN_OR_RETURN(std::string validity, JsonText(o, "validity", 20, false));
  if (!validity.empty()) {
    auto v = ValidityFromKey(validity);
    if (!v) return InvalidArgument("validity \"" + validity + "\" is not one of valid, expired, repealed");
    in.validity = *v;
  }
  return Status::Ok();
}

Result<std::vector<std::string>> ParseAttachments(const json::object& o) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains("attachments");
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return InvalidArgument("\"attachments\" must be an array of file names");
  for (const json::value& f : v->as_array()) {
    if (!f.is_string() || Trim(std::string_view(f.as_string())).empty()) {
      return InvalidArgument("\"attachments\" must be an array of file names");
    }
    out.emplace_back(Trim(std::string_view(f.as_string())));
  }
  return out;
}

Result<Line> ParseLine(const json::object& o, const ReferenceData& ref, Date today) {
  RETURN_IF_ERROR(CheckJsonKeys(o, {"index_no", "title", "doc_no", "department", "category", "formed_on",
                                    "published_on", "attribute", "ground", "reason", "validity", "summary", "body",
                                    "attachments"}));
  Line l;
  ASSIGN_OR_RETURN(l.index_no, JsonText(o, "index_no", 60, true));
  ASSIGN_OR_RETURN(l.in.title, JsonText(o, "title", 200, true));
  ASSIGN_OR_RETURN(l.in.doc_no, JsonText(o, "doc_no", 60, false));
  ASSIGN_OR_RETURN(l.department, JsonText(o, "department", 100, true));
  ASSIGN_OR_RETURN(l.category, JsonText(o, "category", 16, true));
  ASSIGN_OR_RETURN(Date formed, JsonDate(o, "formed_on", today));
  ASSIGN_OR_RETURN(l.published_on, JsonDate(o, "published_on", today));
  if (l.published_on < formed) return InvalidArgument("\"published_on\" is before \"formed_on\"");
  l.in.formed_on = formed.ToString();
  RETURN_IF_ERROR(ParseAttribute(o, ref, l.in));
  ASSIGN_OR_RETURN(l.in.summary, JsonText(o, "summary", 500, false));
  ASSIGN_OR_RETURN(l.in.body, JsonText(o, "body", 200000, true));
  ASSIGN_OR_RETURN(l.attachments, ParseAttachments(o));
  return l;
}

Result<std::vector<Line>> ParseFile(const std::string& text, const ReferenceData& ref, Date today) {
  ASSIGN_OR_RETURN(std::vector<JsonLine> objects, ParseJsonLines(text, kMaxItemImportBytes, kMaxItemImportLineBytes));
  std::vector<Line> lines;
  std::map<std::string, int> seen;  // 索引号 → line
  for (const JsonLine& o : objects) {
    std::string at = "line " + std::to_string(o.number) + ": ";
    auto line = ParseLine(o.object, ref, today);
    if (!line.ok()) return InvalidArgument(at + line.status().message());
    auto [it, fresh] = seen.emplace(line->index_no, o.number);
    if (!fresh) {
      return InvalidArgument(at + "索引号 \"" + line->index_no + "\" is on line " + std::to_string(it->second) +
                             " too");
    }
    line->number = o.number;
    lines.push_back(std::move(*line));
  }
  return lines;
}

// ---------------------------------------------------------------- writing

// The agency's account migrated items are created and published by: a
// username Directory refuses (so no one can be given it), inactive, no roles.
constexpr const char* kMigrationUsername = "_migration";

Result<int64_t> MigrationAccount(store::Tx& tx, int64_t agency_id, const std::string& now) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id FROM users WHERE agency_id = ? AND username = ?",
                                         {agency_id, std::string(kMigrationUsername)}));
  if (row) return row->Int("id");
  return tx.Insert("INSERT INTO users (agency_id, username, display_name, department_id, password_hash, active, "
                   "created_at, updated_at) VALUES (?, ?, '原网站迁移', NULL, '!', 0, ?, ?) RETURNING id",
                   {agency_id, std::string(kMigrationUsername), now, now});
}

// What every line's import shares.
struct Run {
  store::Tx& tx;
  const accounts::Context& ctx;
  const ReferenceData& ref;
  const accounts::Principal& who;
  const ImportFiles& files;
  int64_t user_id = 0;  // the migration account
  std::string now;
  ItemImportReport report;
  // Search documents of imported items not yet indexed: written in batches
  // (search::UpsertMany writes each character set once per batch; one at a
  // time, every item would rewrite the sets, quadratic in the catalog).
  std::vector<search::Document> unindexed;
};

constexpr size_t kIndexBatch = 5000;

Status FlushIndex(Run& r) {
  if (r.unindexed.empty()) return Status::Ok();
  RETURN_IF_ERROR(search::UpsertMany(r.tx, r.unindexed));
  r.unindexed.clear();
  return Status::Ok();
}

// The department (by name) and the category (by code) of the line.
Status Resolve(Run& r, Line& l) {
  ASSIGN_OR_RETURN(auto dept, r.tx.QueryOne("SELECT id FROM departments WHERE agency_id = ? AND name = ? AND "
                                            "active = 1", {r.who.agency_id, l.department}));
  if (!dept) return InvalidArgument("department \"" + l.department + "\" is not a department of the agency");
  l.in.department_id = dept->Int("id");
  ASSIGN_OR_RETURN(auto cat, r.tx.QueryOne("SELECT id FROM catalog_categories WHERE agency_id = ? AND code = ? AND "
                                           "active = 1", {r.who.agency_id, l.category}));
  if (!cat) return InvalidArgument("category \"" + l.category + "\" is not a code of the agency's catalog");
  l.in.category_id = cat->Int("id");
  return ValidateInput(r.tx, r.who.agency_id, l.in, r.ref, std::nullopt);
}

Status Attach(Run& r, int64_t item_id, const std::string& name) {
  ASSIGN_OR_RETURN(std::string data, r.files.Read(name));
  auto file = CheckAttachment(fs::path(name).filename().string(), data);
  if (!file.ok()) return Status(file.status().code(), "attachment \"" + name + "\": " + file.status().message());
  ++r.report.attachments;
  return r.tx.Exec("INSERT INTO item_attachments (agency_id, item_id, filename, media_type, size, content_hash, data, "
                   "added_in_version, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                   {r.who.agency_id, item_id, file->filename, file->media_type, static_cast<int64_t>(data.size()),
                    Blake2bHex(data), Base64Encode(data), r.user_id, r.now})
      .status();
}

// 00:00 China time of `d`, as stored.
std::string ChinaMidnightUtc(Date d) { return FormatUtc(d.DaysSinceEpoch() * 86400 - 8 * 3600); }

// One line: the item, approved, its files and version 1, published at the
// old website's date, then marked published and indexed.
Status ImportLine(Run& r, Line& l) {
  ASSIGN_OR_RETURN(auto dup, r.tx.QueryOne("SELECT 1 FROM items WHERE agency_id = ? AND index_no = ?",
                                           {r.who.agency_id, l.index_no}));
  if (dup) {
    ++r.report.skipped;
    return Status::Ok();
  }
  RETURN_IF_ERROR(Resolve(r, l));
  const ItemInput& in = l.in;
  std::string published_at = ChinaMidnightUtc(l.published_on);
  ASSIGN_OR_RETURN(int64_t id, r.tx.Insert(
      "INSERT INTO items (agency_id, index_no, state, version, title, doc_no, department_id, category_id, formed_on, "
      "official_document, classification, secrecy_period, attribute, ground_key, reason, validity, summary, body, "
      "created_by, created_at, updated_at, state_since) "
      "VALUES (?, ?, 'approved', 1, ?, ?, ?, ?, ?, 0, 'none', '', 'proactive', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {r.who.agency_id, l.index_no, in.title, in.doc_no, in.department_id, in.category_id, in.formed_on, in.ground_key,
       in.reason, std::string(ValidityKey(in.validity)), in.summary, in.body, r.user_id, r.now, r.now, published_at}));
  for (const std::string& name : l.attachments) RETURN_IF_ERROR(Attach(r, id, name));
  ASSIGN_OR_RETURN(auto files, LiveAttachments(r.tx, id));
  std::string content = Canonical(ContentObject(in, files));
  RETURN_IF_ERROR(WriteVersion(r.tx, r.who.agency_id, id, 1, content, "迁移自原网站", r.user_id, r.now));
  ASSIGN_OR_RETURN(Item it, LoadItem(r.tx, r.who.agency_id, id));
  RETURN_IF_ERROR(Publish(r.tx, r.who.agency_id, r.user_id, it, published_at, true));
  RETURN_IF_ERROR(r.tx.Exec("UPDATE items SET state = 'published' WHERE id = ?", {id}).status());
  ASSIGN_OR_RETURN(search::Document doc, SearchDocument(r.tx, r.who.agency_id, id));
  r.unindexed.push_back(std::move(doc));
  if (r.unindexed.size() >= kIndexBatch) RETURN_IF_ERROR(FlushIndex(r));
  ++r.report.imported;
  return audit::Append(r.tx, r.ctx.clock, {r.who.agency_id, r.who.ActorFor(), "item.import", "item",
                                           std::to_string(id), "", content,
                                           "迁移自原网站 " + l.index_no + "（原发布日期 " +
                                               l.published_on.ToString() + "）"});
}

}  // namespace

Result<ItemImportReport> ImportItems(const accounts::Context& ctx, const ReferenceData& ref,
                                     const accounts::Principal& who, const std::string& text,
                                     const ImportFiles& files) {
  if (!who.Has(accounts::Role::kDisclosureOffice) && who.user_id != 0) {
    return PermissionDenied("只有公开办可以导入原网站的公开信息");
  }
  ASSIGN_OR_RETURN(std::vector<Line> lines, ParseFile(text, ref, ChinaDate(ctx.clock.Now())));
  return ctx.db.Transact<ItemImportReport>([&](store::Tx& tx) -> Result<ItemImportReport> {
    Run r{tx, ctx, ref, who, files};
    RETURN_IF_ERROR(store::DeferCounters(tx));
    r.now = Now(ctx.clock);
    ASSIGN_OR_RETURN(r.user_id, MigrationAccount(tx, who.agency_id, r.now));
    for (Line& l : lines) {
      Status s = ImportLine(r, l);
      if (!s.ok()) return Status(s.code(), "line " + std::to_string(l.number) + ": " + s.message());
    }
    RETURN_IF_ERROR(FlushIndex(r));
    return r.report;
  });
}

}  // namespace gk::disclosure
