#include "disclosure/item_store.h"

#include <algorithm>

#include "accounts/portal_generation.h"
#include "disclosure/access.h"
#include "base/crypto.h"
#include "base/strings.h"
#include "review/check.h"
#include "review/checks.h"
#include "search/search.h"

namespace gk::disclosure::internal {
namespace json = boost::json;
using accounts::Principal;
using accounts::Role;

// ---------------------------------------------------------------- content

namespace {

struct FieldLabel {
  const char* key;
  const char* label;
};
constexpr FieldLabel kFields[] = {
    {"title", "标题"}, {"doc_no", "文号"}, {"department_id", "主办部门"}, {"co_departments", "联合部门"},
    {"category_id", "目录分类"}, {"formed_on", "生成日期"}, {"official_document", "公文类"},
    {"classification", "密级"}, {"secrecy_period", "保密期限"}, {"attribute", "公开属性"},
    {"ground", "依据"}, {"reason", "理由"}, {"validity", "有效性"}, {"summary", "内容概述"}, {"body", "正文"},
    {"interprets", "所解读的政策"}, {"attachments", "附件"},
};

}  // namespace

json::object ContentObject(const ItemInput& in, const std::vector<AttachmentInfo>& files) {
  json::array co;
  for (int64_t d : in.co_department_ids) co.push_back(d);
  json::object o;
  o["title"] = std::string(Trim(in.title));
  o["doc_no"] = std::string(Trim(in.doc_no));
  o["department_id"] = in.department_id;
  o["co_departments"] = co;
  o["category_id"] = in.category_id;
  o["formed_on"] = in.formed_on;
  o["official_document"] = in.official_document;
  o["classification"] = ClassificationKey(in.classification);
  o["secrecy_period"] = std::string(Trim(in.secrecy_period));
  o["attribute"] = AttributeKey(in.attribute);
  o["ground"] = in.ground_key;
  o["reason"] = in.reason;
  o["validity"] = ValidityKey(in.validity);
  o["summary"] = in.summary;
  o["body"] = in.body;
  o["interprets"] = in.interprets_item_id ? json::value(*in.interprets_item_id) : json::value(nullptr);
  json::array att;
  for (const auto& f : files) {
    att.push_back(json::object{{"id", f.id}, {"name", f.filename}, {"type", f.media_type}, {"size", f.size},
                               {"hash", f.content_hash}});
  }
  o["attachments"] = att;
  return o;
}

// Serialises with the keys in kFields order, so the text and its hash are stable.
std::string Canonical(const json::object& o) {
  std::string s = "{";
  bool first = true;
  for (const auto& f : kFields) {
    auto it = o.find(f.key);
    if (it == o.end()) continue;
    s += (first ? "" : ",") + json::serialize(json::string(f.key)) + ":" + json::serialize(it->value());
    first = false;
  }
  return s + "}";
}

std::string ChangedFields(const json::object& before, const json::object& after) {
  std::vector<std::string> changed;
  for (const auto& f : kFields) {
    auto a = before.find(f.key);
    auto b = after.find(f.key);
    bool same = a != before.end() && b != after.end() && a->value() == b->value();
    if (!same) changed.push_back(f.label);
  }
  return Join(changed, "、");
}

Status WriteVersion(store::Tx& tx, int64_t agency_id, int64_t item_id, int version, const std::string& content,
                    const std::string& changed, int64_t user_id, const std::string& now) {
  return tx.Exec("INSERT INTO item_versions (agency_id, item_id, version, content, content_hash, changed_fields, "
                 "saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 {agency_id, item_id, int64_t{version}, content, Blake2bHex(content), changed, user_id, now})
      .status();
}

// The attachments of an item that are part of its current version.
Result<std::vector<AttachmentInfo>> LiveAttachments(store::Tx& tx, int64_t item_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, filename, media_type, content_hash, size FROM item_attachments "
                                       "WHERE item_id = ? AND removed_in_version IS NULL ORDER BY id", {item_id}));
  std::vector<AttachmentInfo> out;
  for (const auto& r : rows) {
    out.push_back({r.Int("id"), r.Str("filename"), r.Str("media_type"), r.Str("content_hash"), r.Int("size")});
  }
  return out;
}

// The confidentiality check of an item version: its title and body, and
// every live attachment (review/checks.h).
Status RunChecks(store::Tx& tx, const Clock& clock, const std::string& root, int64_t agency_id, int64_t item_id,
                 int version) {
  ASSIGN_OR_RETURN(auto scanner, review::AgencyScanner(tx, clock, agency_id, root));
  ASSIGN_OR_RETURN(auto item, tx.QueryOne("SELECT title, summary, body FROM items WHERE id = ?", {item_id}));
  std::vector<review::Source> sources;
  const std::string text = item->Str("title") + "\n" + item->Str("summary") + "\n" + item->Str("body");
  sources.push_back({"正文", text, false, std::nullopt, std::nullopt});
  ASSIGN_OR_RETURN(auto files, tx.Query("SELECT id, filename, data FROM item_attachments WHERE item_id = ? AND "
                                        "removed_in_version IS NULL ORDER BY id", {item_id}));
  for (const auto& f : files) {
    ASSIGN_OR_RETURN(std::string bytes, Base64Decode(f.Str("data")));
    sources.push_back({f.Str("filename"), std::move(bytes), true, f.Int("id"), std::nullopt});
  }
  return review::CheckItemVersion(tx, clock, *scanner, agency_id, item_id, version, sources);
}

Result<search::Document> SearchDocument(store::Tx& tx, int64_t agency_id, int64_t id) {
  ASSIGN_OR_RETURN(Item it, LoadItem(tx, agency_id, id));
  search::Document doc;
  doc.agency_id = agency_id;
  doc.kind = "item";
  doc.object_id = id;
  doc.is_public = it.state == State::kPublished;
  doc.category_id = it.input.category_id;
  doc.department_id = it.input.department_id;
  auto formed = Date::Parse(it.input.formed_on);
  doc.year = formed.ok() ? formed->year : 0;
  doc.title = it.input.title;
  doc.body = it.input.summary.empty() ? it.input.body : it.input.summary + "\n" + it.input.body;
  doc.extra = it.index_no + " " + it.input.doc_no;
  doc.url = "/items/" + std::to_string(id);
  doc.date = it.input.formed_on;
  return doc;
}

Status Reindex(store::Tx& tx, int64_t agency_id, int64_t id) {
  ASSIGN_OR_RETURN(search::Document doc, SearchDocument(tx, agency_id, id));
  return search::Upsert(tx, doc);
}

Status Publish(store::Tx& tx, int64_t agency_id, int64_t user_id, const Item& it, const std::string& published_at,
               bool migrated) {
  ASSIGN_OR_RETURN(auto v, tx.QueryOne("SELECT content, content_hash FROM item_versions WHERE item_id = ? AND "
                                       "version = ?", {it.id, int64_t{it.version}}));
  if (!v) return Internal("the current version of item " + std::to_string(it.id) + " is missing");
  RETURN_IF_ERROR(accounts::TouchPortal(tx, agency_id));
  return tx.Exec("INSERT INTO publications (agency_id, item_id, version, channel, content, content_hash, "
                 "published_by, published_at, migrated) VALUES (?, ?, ?, 'portal', ?, ?, ?, ?, ?)",
                 {agency_id, it.id, int64_t{it.version}, v->Str("content"), v->Str("content_hash"), user_id,
                  published_at, int64_t{migrated}})
      .status();
}

// ---------------------------------------------------------------- loading

constexpr const char* kItemColumns =
    "SELECT i.id, i.index_no, i.state, i.version, i.title, i.doc_no, i.department_id, i.category_id, i.formed_on, "
    "i.official_document, i.classification, i.secrecy_period, i.attribute, i.ground_key, i.reason, i.validity, "
    "i.summary, i.body, i.interprets_item_id, i.resume_state, i.created_at, i.updated_at, i.state_since, "
    "d.name AS department_name, c.name AS category_name, u.display_name AS creator_name, "
    "COALESCE(i.reassess_on, '') AS reassess_on FROM items i "
    "JOIN departments d ON d.id = i.department_id "
    "JOIN catalog_categories c ON c.id = i.category_id JOIN users u ON u.id = i.created_by ";

Item ItemFromRow(const store::Row& r) {
  Item it;
  it.id = r.Int("id");
  it.index_no = r.Str("index_no");
  it.state = StateFromKey(r.Str("state")).value_or(State::kDraft);
  it.version = static_cast<int>(r.Int("version"));
  ItemInput& in = it.input;
  in.title = r.Str("title");
  in.doc_no = r.Str("doc_no");
  in.department_id = r.Int("department_id");
  in.category_id = r.Int("category_id");
  in.formed_on = r.Str("formed_on");
  in.official_document = r.Int("official_document") != 0;
  in.classification = ClassificationFromKey(r.Str("classification")).value_or(Classification::kNone);
  in.secrecy_period = r.Str("secrecy_period");
  in.attribute = AttributeFromKey(r.Str("attribute")).value_or(Attribute::kProactive);
  in.ground_key = r.Str("ground_key");
  in.reason = r.Str("reason");
  in.validity = ValidityFromKey(r.Str("validity")).value_or(Validity::kValid);
  in.summary = r.Str("summary");
  in.body = r.Str("body");
  in.interprets_item_id = r.OptInt("interprets_item_id");
  if (auto rs = r.OptStr("resume_state")) it.resume_state = StateFromKey(*rs);
  it.created_at = r.Str("created_at");
  it.updated_at = r.Str("updated_at");
  it.state_since = r.Str("state_since");
  it.department_name = r.Str("department_name");
  it.category_name = r.Str("category_name");
  it.created_by = r.Str("creator_name");
  it.reassess_on = r.Str("reassess_on");
  return it;
}

Result<Item> LoadItem(store::Tx& tx, int64_t agency_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kItemColumns) + "WHERE i.id = ? AND i.agency_id = ?",
                                         {id, agency_id}));
  if (!row) return NotFound("信息不存在");
  Item it = ItemFromRow(*row);
  ASSIGN_OR_RETURN(auto co, tx.Query("SELECT d.id, d.name FROM item_co_departments c JOIN departments d "
                                     "ON d.id = c.department_id WHERE c.item_id = ? ORDER BY d.sort_order, d.id", {id}));
  for (const auto& r : co) {
    it.co_departments.emplace_back(r.Int("id"), r.Str("name"));
    it.input.co_department_ids.insert(r.Int("id"));
  }
  return it;
}

// The item, for someone who may read it (disclosure/access.h); NotFound otherwise.
Result<Item> LoadItemFor(store::Tx& tx, const Principal& who, int64_t id) {
  RETURN_IF_ERROR(RequireReadableItem(tx, who, id));
  return LoadItem(tx, who.agency_id, id);
}

Result<ItemFacts> LoadFacts(store::Tx& tx, const Item& it) {
  ItemFacts f;
  f.state = it.state;
  f.attribute = it.input.attribute;
  f.official_document = it.input.official_document;
  f.classified = it.input.classification != Classification::kNone;
  f.department_id = it.input.department_id;
  f.co_department_ids = it.input.co_department_ids;
  f.co_departments = static_cast<int>(it.input.co_department_ids.size());
  f.resume_state = it.resume_state;
  ASSIGN_OR_RETURN(auto sigs, tx.Query("SELECT step, department_id FROM item_signatures WHERE item_id = ? AND "
                                       "version = ? AND decision = 'approve'", {it.id, int64_t{it.version}}));
  for (const auto& s : sigs) {
    auto step = StepFromKey(s.Str("step"));
    if (!step) continue;
    if (*step == Step::kCoSign) {
      auto d = s.OptInt("department_id");
      if (d && f.co_department_ids.count(*d) && f.co_departments_signed.insert(*d).second) {
        ++f.co_departments_consented;
      }
    } else {
      f.signed_steps.insert(*step);
    }
  }
  ASSIGN_OR_RETURN(auto dec, tx.QueryOne("SELECT COUNT(*) FROM item_declassifications WHERE item_id = ?", {it.id}));
  f.declassified = dec && dec->Int(0) > 0;
  ASSIGN_OR_RETURN(f.unresolved_blocking, review::UnresolvedBlockingForItem(tx, it.id, it.version));
  return f;
}

Result<ActorFacts> LoadActor(store::Tx& tx, const Principal& who, int64_t item_id) {
  ActorFacts a;
  a.user_id = who.user_id;
  a.department_id = who.department_id;
  a.clerk = who.Has(Role::kClerk);
  a.dept_head = who.Has(Role::kDeptHead);
  a.disclosure_office = who.Has(Role::kDisclosureOffice);
  a.leading_group = who.Has(Role::kLeadingGroup);
  a.leader_in_charge = who.Has(Role::kLeaderInCharge);
  a.principal = who.Has(Role::kPrincipal);
  a.secrecy_supervisor = who.Has(Role::kSecrecySupervisor);
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT DISTINCT step FROM item_signatures WHERE item_id = ? AND user_id = ? "
                                       "AND decision = 'approve'", {item_id, who.user_id}));
  for (const auto& r : rows) {
    if (auto s = StepFromKey(r.Str("step"))) a.steps_signed_on_item.insert(*s);
  }
  return a;
}

// ---------------------------------------------------------------- time and lists

std::string Display(const std::string& utc) {
  auto t = ParseUtc(utc);
  return t.ok() ? FormatChinaTime(*t) : utc;
}

// `d` plus `months` calendar months, the day clamped to the month's length.
Date AddMonths(Date d, int months) {
  int index = d.year * 12 + (d.month - 1) + months;
  Date out{index / 12, index % 12 + 1, 1};
  out.day = std::min(d.day, Date::DaysInMonth(out.year, out.month));
  return out;
}

bool ClockApplies(const Item& it) {
  return it.input.attribute == Attribute::kProactive && it.state != State::kPublished &&
         it.state != State::kWithdrawn;
}

ItemRow RowOf(const Item& it, const Result<WorkdayCalendar>& cal, Date today) {
  ItemRow r{it.id, it.index_no, it.input.title, it.department_name, StateLabel(it.state), StateKey(it.state),
            Display(it.state_since), it.input.formed_on, {}};
  if (ClockApplies(it)) {
    if (cal.ok()) {
      r.clock = ComputeClock(*cal, it.input.formed_on, today);
    } else {
      r.clock.applies = true;
      r.clock.note = kCalendarUnreadable;
    }
  }
  return r;
}

}  // namespace gk::disclosure::internal
