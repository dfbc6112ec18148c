#include "disclosure/items.h"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "accounts/agencies.h"
#include "accounts/workdays.h"
#include "disclosure/access.h"
#include "audit/audit.h"
#include "base/crypto.h"
#include "base/statutory.h"
#include "base/strings.h"
#include "redact/redact.h"
#include "review/check.h"
#include "review/checks.h"
#include "search/search.h"

namespace gk::disclosure {
namespace json = boost::json;
using accounts::Principal;
using accounts::Role;

namespace {

// ---------------------------------------------------------------- validation

Status ValidateInput(store::Tx& tx, int64_t agency_id, const ItemInput& in, const ReferenceData& ref,
                     std::optional<int64_t> self) {
  RETURN_IF_ERROR(CheckText(in.title, "标题", 200, true));
  RETURN_IF_ERROR(CheckText(in.doc_no, "文号", 60, false));
  RETURN_IF_ERROR(CheckText(in.reason, "理由", 1000, true));
  RETURN_IF_ERROR(CheckText(in.summary, "内容概述", 500, false));
  RETURN_IF_ERROR(CheckText(in.body, "正文", 200000, true));
  RETURN_IF_ERROR(CheckText(in.secrecy_period, "保密期限", 40, false));
  if (!Date::Parse(in.formed_on).ok()) return InvalidArgument("生成日期无效（格式 YYYY-MM-DD）");
  if (in.classification != Classification::kNone && Trim(in.secrecy_period).empty()) {
    return InvalidArgument("标有密级的信息须填写保密期限");
  }
  const LegalGround* g = ref.FindGround(in.ground_key);
  if (!g) return InvalidArgument("请选择公开属性的依据");
  if (g->attribute != in.attribute) {
    return InvalidArgument(std::string("所选依据不适用于“") + AttributeLabel(in.attribute) + "”");
  }
  ASSIGN_OR_RETURN(auto dept, tx.QueryOne("SELECT 1 FROM departments WHERE id = ? AND agency_id = ? AND active = 1",
                                          {in.department_id, agency_id}));
  if (!dept) return InvalidArgument("主办部门不存在");
  for (int64_t d : in.co_department_ids) {
    if (d == in.department_id) return InvalidArgument("联合部门不能是主办部门");
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT 1 FROM departments WHERE id = ? AND agency_id = ?", {d, agency_id}));
    if (!row) return InvalidArgument("联合部门不存在");
  }
  ASSIGN_OR_RETURN(auto cat, tx.QueryOne("SELECT 1 FROM catalog_categories WHERE id = ? AND agency_id = ? AND active = 1",
                                         {in.category_id, agency_id}));
  if (!cat) return InvalidArgument("请选择目录分类");
  if (in.interprets_item_id) {
    if (self && *in.interprets_item_id == *self) return InvalidArgument("信息不能解读自身");
    ASSIGN_OR_RETURN(auto it, tx.QueryOne("SELECT 1 FROM items WHERE id = ? AND agency_id = ?",
                                          {*in.interprets_item_id, agency_id}));
    if (!it) return InvalidArgument("所解读的政策不存在");
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- content

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

// The attachments of an item that are part of its current version.
Result<std::vector<AttachmentInfo>> LiveAttachments(store::Tx& tx, int64_t item_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, filename, media_type, content_hash, size FROM item_attachments "
                                       "WHERE item_id = ? AND removed_in_version IS NULL ORDER BY id", {item_id}));
  std::vector<AttachmentInfo> out;
  for (const auto& r : rows) out.push_back({r.Int(0), r.Str(1), r.Str(2), r.Str(3), r.Int(4)});
  return out;
}

// The confidentiality check of an item version: its title and body, and
// every live attachment (review/checks.h).
Status RunChecks(store::Tx& tx, const Clock& clock, const std::string& root, int64_t agency_id, int64_t item_id,
                 int version) {
  ASSIGN_OR_RETURN(auto scanner, review::AgencyScanner(tx, clock, agency_id, root));
  ASSIGN_OR_RETURN(auto item, tx.QueryOne("SELECT title, summary, body FROM items WHERE id = ?", {item_id}));
  std::vector<review::Source> sources;
  sources.push_back({"正文", item->Str(0) + "\n" + item->Str(1) + "\n" + item->Str(2), false, std::nullopt, std::nullopt});
  ASSIGN_OR_RETURN(auto files, tx.Query("SELECT id, filename, data FROM item_attachments WHERE item_id = ? AND "
                                        "removed_in_version IS NULL ORDER BY id", {item_id}));
  for (const auto& f : files) {
    ASSIGN_OR_RETURN(std::string bytes, Base64Decode(f.Str(2)));
    sources.push_back({f.Str(1), std::move(bytes), true, f.Int(0), std::nullopt});
  }
  return review::CheckItemVersion(tx, clock, *scanner, agency_id, item_id, version, sources);
}

// `d` plus `months` calendar months, the day clamped to the month's length.
Date AddMonths(Date d, int months) {
  int index = d.year * 12 + (d.month - 1) + months;
  Date out{index / 12, index % 12 + 1, 1};
  out.day = std::min(d.day, Date::DaysInMonth(out.year, out.month));
  return out;
}

std::string Display(const std::string& utc) {
  auto t = ParseUtc(utc);
  return t.ok() ? FormatChinaTime(*t) : utc;
}

Result<std::string> NextIndexNo(store::Tx& tx, int64_t agency_id, int year) {
  ASSIGN_OR_RETURN(auto seq, tx.QueryOne("INSERT INTO item_sequences (agency_id, year, last_seq) VALUES (?, ?, 1) "
                                         "ON CONFLICT (agency_id, year) DO UPDATE SET last_seq = "
                                         "item_sequences.last_seq + 1 RETURNING last_seq",
                                         {agency_id, int64_t{year}}));
  ASSIGN_OR_RETURN(auto settings, accounts::LoadSettings(tx, agency_id));
  std::string code = settings.count("index_code") && !settings["index_code"].empty() ? settings["index_code"] : "";
  if (code.empty()) {
    ASSIGN_OR_RETURN(accounts::Agency a, accounts::FindAgencyById(tx, agency_id));
    code = a.code;
  }
  std::string pattern = settings.count("index_pattern") && !settings["index_pattern"].empty()
                            ? settings["index_pattern"] : "{code}/{year}-{seq}";
  char digits[16];
  std::snprintf(digits, sizeof digits, "%05lld", static_cast<long long>(seq->Int(0)));
  auto replace = [&](const std::string& token, const std::string& value) {
    for (size_t p; (p = pattern.find(token)) != std::string::npos;) pattern.replace(p, token.size(), value);
  };
  replace("{code}", code);
  replace("{year}", std::to_string(year));
  replace("{seq}", digits);
  return pattern;
}

// ---------------------------------------------------------------- loading

constexpr const char* kItemColumns =
    "SELECT i.id, i.index_no, i.state, i.version, i.title, i.doc_no, i.department_id, i.category_id, i.formed_on, "
    "i.official_document, i.classification, i.secrecy_period, i.attribute, i.ground_key, i.reason, i.validity, "
    "i.summary, i.body, i.interprets_item_id, i.resume_state, i.created_at, i.updated_at, i.state_since, "
    "d.name, c.name, u.display_name, COALESCE(i.reassess_on, '') FROM items i "
    "JOIN departments d ON d.id = i.department_id "
    "JOIN catalog_categories c ON c.id = i.category_id JOIN users u ON u.id = i.created_by ";

Item ItemFromRow(const store::Row& r) {
  Item it;
  it.id = r.Int(0);
  it.index_no = r.Str(1);
  it.state = StateFromKey(r.Str(2)).value_or(State::kDraft);
  it.version = static_cast<int>(r.Int(3));
  ItemInput& in = it.input;
  in.title = r.Str(4);
  in.doc_no = r.Str(5);
  in.department_id = r.Int(6);
  in.category_id = r.Int(7);
  in.formed_on = r.Str(8);
  in.official_document = r.Int(9) != 0;
  in.classification = ClassificationFromKey(r.Str(10)).value_or(Classification::kNone);
  in.secrecy_period = r.Str(11);
  in.attribute = AttributeFromKey(r.Str(12)).value_or(Attribute::kProactive);
  in.ground_key = r.Str(13);
  in.reason = r.Str(14);
  in.validity = ValidityFromKey(r.Str(15)).value_or(Validity::kValid);
  in.summary = r.Str(16);
  in.body = r.Str(17);
  in.interprets_item_id = r.OptInt(18);
  if (auto rs = r.OptStr(19)) it.resume_state = StateFromKey(*rs);
  it.created_at = r.Str(20);
  it.updated_at = r.Str(21);
  it.state_since = r.Str(22);
  it.department_name = r.Str(23);
  it.category_name = r.Str(24);
  it.created_by = r.Str(25);
  it.reassess_on = r.Str(26);
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
    it.co_departments.emplace_back(r.Int(0), r.Str(1));
    it.input.co_department_ids.insert(r.Int(0));
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
    auto step = StepFromKey(s.Str(0));
    if (!step) continue;
    if (*step == Step::kCoSign) {
      if (auto d = s.OptInt(1); d && f.co_department_ids.count(*d) && f.co_departments_signed.insert(*d).second) {
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
    if (auto s = StepFromKey(r.Str(0))) a.steps_signed_on_item.insert(*s);
  }
  return a;
}

Status WriteCoDepartments(store::Tx& tx, int64_t agency_id, int64_t item_id, const std::set<int64_t>& ids) {
  RETURN_IF_ERROR(tx.Exec("DELETE FROM item_co_departments WHERE item_id = ?", {item_id}).status());
  for (int64_t d : ids) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO item_co_departments (agency_id, item_id, department_id) VALUES (?, ?, ?)",
                            {agency_id, item_id, d}).status());
  }
  return Status::Ok();
}

Status WriteVersion(store::Tx& tx, int64_t agency_id, int64_t item_id, int version, const std::string& content,
                    const std::string& changed, int64_t user_id, const std::string& now) {
  return tx.Exec("INSERT INTO item_versions (agency_id, item_id, version, content, content_hash, changed_fields, "
                 "saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 {agency_id, item_id, int64_t{version}, content, Blake2bHex(content), changed, user_id, now})
      .status();
}

store::Value OptId(const std::optional<int64_t>& id) { return id ? store::Value(*id) : store::Value(nullptr); }

// Puts the item's current text into the search index: visible to the portal
// while published, to staff always.
Status Reindex(store::Tx& tx, int64_t agency_id, int64_t id) {
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
  return search::Upsert(tx, doc);
}

}  // namespace

// ---------------------------------------------------------------- clock

namespace {

// Why the 20-working-day limit cannot be shown, in words for the user (a
// status's own text is for the log): the calendar could not be read …
constexpr const char* kCalendarUnreadable = "工作日历暂时无法读取，稍后显示";

// … or the limit reaches the first year from `from` on the calendar lacks.
std::string MissingYearNote(const WorkdayCalendar& cal, int from) {
  int year = from;
  while (cal.Covers(year) && year < from + 2) ++year;
  return "跨入尚未录入法定节假日安排的" + std::to_string(year) + "年，待录入该年度工作日历后自动计算";
}

}  // namespace

DisclosureClock ComputeClock(const WorkdayCalendar& cal, const std::string& formed_on, Date today) {
  DisclosureClock c;
  c.applies = true;
  auto formed = Date::Parse(formed_on);
  if (!formed.ok()) {
    c.note = "生成日期无效";
    return c;
  }
  auto due = cal.AddWorkdays(*formed, 20);
  if (!due.ok()) {
    c.note = due.status().code() == Code::kOutOfRange ? MissingYearNote(cal, formed->year) : kCalendarUnreadable;
    return c;
  }
  c.due = due->ToString();
  if (cal.IsProvisional(*due)) c.provisional_note = ProvisionalNote(due->year);
  if (today <= *due) {
    auto left = cal.WorkdaysBetween(today, *due);
    c.working_days_left = left.ok() ? *left : 0;
  } else {
    auto late = cal.WorkdaysBetween(*due, today);
    c.working_days_left = late.ok() ? -*late : 0;
    c.overdue = true;
  }
  return c;
}

// ---------------------------------------------------------------- Items

Result<int64_t> Items::Create(const Principal& who, const ItemInput& in) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  if (!who.Has(Role::kClerk) || who.department_id != in.department_id) {
    return PermissionDenied("只有主办部门的承办人可以起草该部门的信息");
  }
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    RETURN_IF_ERROR(ValidateInput(tx, who.agency_id, in, ref_, std::nullopt));
    ASSIGN_OR_RETURN(std::string index_no, NextIndexNo(tx, who.agency_id, Date::Parse(in.formed_on)->year));
    std::string now = Now(ctx_.clock);
    ASSIGN_OR_RETURN(int64_t id, tx.Insert(
        "INSERT INTO items (agency_id, index_no, state, version, title, doc_no, department_id, category_id, formed_on, "
        "official_document, classification, secrecy_period, attribute, ground_key, reason, validity, summary, body, "
        "interprets_item_id, created_by, created_at, updated_at, state_since) "
        "VALUES (?, ?, 'draft', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {who.agency_id, index_no, std::string(Trim(in.title)), std::string(Trim(in.doc_no)), in.department_id,
         in.category_id, in.formed_on, int64_t{in.official_document}, std::string(ClassificationKey(in.classification)),
         std::string(Trim(in.secrecy_period)), std::string(AttributeKey(in.attribute)), in.ground_key, in.reason,
         std::string(ValidityKey(in.validity)), in.summary, in.body, OptId(in.interprets_item_id), who.user_id, now,
         now, now}));
    RETURN_IF_ERROR(WriteCoDepartments(tx, who.agency_id, id, in.co_department_ids));
    std::string content = Canonical(ContentObject(in, {}));
    RETURN_IF_ERROR(WriteVersion(tx, who.agency_id, id, 1, content, "新建", who.user_id, now));
    RETURN_IF_ERROR(RunChecks(tx, ctx_.clock, ref_.root, who.agency_id, id, 1));
    RETURN_IF_ERROR(Reindex(tx, who.agency_id, id));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "item.create", "item",
                                                   std::to_string(id), "", content, "起草 " + index_no}));
    return id;
  });
}

Status Items::Update(const Principal& who, int64_t id, const ItemInput& in) {
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Item it, LoadItemFor(tx, who, id));
    ASSIGN_OR_RETURN(ItemFacts facts, LoadFacts(tx, it));
    ASSIGN_OR_RETURN(ActorFacts actor, LoadActor(tx, who, id));
    RETURN_IF_ERROR(Decide(facts, actor, Action::kEdit).status());
    if (in.department_id != it.input.department_id) return InvalidArgument("主办部门不能更改");
    RETURN_IF_ERROR(ValidateInput(tx, who.agency_id, in, ref_, id));
    ASSIGN_OR_RETURN(auto files, LiveAttachments(tx, id));
    json::object before = ContentObject(it.input, files), after = ContentObject(in, files);
    std::string changed = ChangedFields(before, after);
    if (changed.empty()) return Status::Ok();  // nothing changed: no new version
    int version = it.version + 1;
    std::string now = Now(ctx_.clock);
    RETURN_IF_ERROR(tx.Exec(
        "UPDATE items SET version = ?, title = ?, doc_no = ?, category_id = ?, formed_on = ?, official_document = ?, "
        "classification = ?, secrecy_period = ?, attribute = ?, ground_key = ?, reason = ?, validity = ?, summary = ?, "
        "body = ?, interprets_item_id = ?, updated_at = ?, "
        "repealed_on = CASE WHEN ? = 'repealed' THEN COALESCE(repealed_on, ?) ELSE NULL END "
        "WHERE id = ? AND agency_id = ?",
        {int64_t{version}, std::string(Trim(in.title)), std::string(Trim(in.doc_no)), in.category_id, in.formed_on,
         int64_t{in.official_document}, std::string(ClassificationKey(in.classification)),
         std::string(Trim(in.secrecy_period)), std::string(AttributeKey(in.attribute)), in.ground_key, in.reason,
         std::string(ValidityKey(in.validity)), in.summary, in.body, OptId(in.interprets_item_id), now,
         std::string(ValidityKey(in.validity)), ChinaDate(ctx_.clock.Now()).ToString(), id, who.agency_id}).status());
    RETURN_IF_ERROR(WriteCoDepartments(tx, who.agency_id, id, in.co_department_ids));
    std::string content = Canonical(after);
    RETURN_IF_ERROR(WriteVersion(tx, who.agency_id, id, version, content, changed, who.user_id, now));
    RETURN_IF_ERROR(RunChecks(tx, ctx_.clock, ref_.root, who.agency_id, id, version));
    RETURN_IF_ERROR(Reindex(tx, who.agency_id, id));
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "item.update", "item", std::to_string(id),
                                          Canonical(before), content,
                                          "修改 " + it.index_no + "（第 " + std::to_string(version) + " 版：" + changed + "）"});
  });
}

namespace {

Status Require(const std::string& value, const char* label, size_t max_chars = 500) {
  return CheckText(value, label, max_chars, true);
}

Status RequireDate(const std::string& value, const char* label) {
  if (!Date::Parse(value).ok()) return InvalidArgument(std::string(label) + "无效（格式 YYYY-MM-DD）");
  return Status::Ok();
}

// Validates the data an action carries before anything is written.
Status ValidateAction(Action action, const ActionInput& in, const Item& it) {
  switch (action) {
    case Action::kReturn:
      return Require(in.opinion, "退回理由");
    case Action::kApprove:
      RETURN_IF_ERROR(CheckText(in.opinion, "审查意见", 500, false));
      if (it.state == State::kContentReview && !(in.check_process && in.check_decision && in.check_result)) {
        return InvalidArgument("内容审核须逐项确认：产生过程公正合理、决策过程民主科学、结果真实可信；"
                               "如有不符合的，请退回承办人");
      }
      return Status::Ok();
    case Action::kHold:
      RETURN_IF_ERROR(Require(in.question, "需确定的事项"));
      RETURN_IF_ERROR(Require(in.authority, "报请确定的机关", 100));
      RETURN_IF_ERROR(CheckText(in.request_doc, "报送文号", 60, false));
      return RequireDate(in.requested_on, "报送日期");
    case Action::kResolveHold:
      RETURN_IF_ERROR(Require(in.determination, "确定结果"));
      return RequireDate(in.determined_on, "确定日期");
    case Action::kDeclassify:
      RETURN_IF_ERROR(Require(in.decision, "解密决定"));
      RETURN_IF_ERROR(Require(in.authority, "作出决定的机关", 100));
      RETURN_IF_ERROR(Require(in.document_no, "解密文号", 60));
      return RequireDate(in.decided_on, "决定日期");
    case Action::kWithdraw:
      return Require(in.reason, "撤回理由");
    case Action::kConfirm:
    case Action::kReopen:
      return Require(in.opinion, "复核意见");
    default:
      return Status::Ok();
  }
}

Status Sign(store::Tx& tx, const Principal& who, const Item& it, Step step, const char* decision,
            const ActionInput& in, const std::string& now) {
  std::string checks = step == Step::kContent ? std::string(in.check_process ? "1" : "0") + "," +
                                                    (in.check_decision ? "1" : "0") + "," + (in.check_result ? "1" : "0")
                                              : "";
  store::Value dept = step == Step::kCoSign && who.department_id ? store::Value(*who.department_id)
                                                                 : store::Value(nullptr);
  return tx.Exec("INSERT INTO item_signatures (agency_id, item_id, version, step, decision, user_id, department_id, "
                 "opinion, checks, attribute, ground_key, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {who.agency_id, it.id, int64_t{it.version}, std::string(StepKey(step)), std::string(decision),
                  who.user_id, dept, in.opinion, checks, std::string(AttributeKey(it.input.attribute)),
                  it.input.ground_key, now})
      .status();
}

Status Publish(store::Tx& tx, const Principal& who, const Item& it, const std::string& now) {
  ASSIGN_OR_RETURN(auto v, tx.QueryOne("SELECT content, content_hash FROM item_versions WHERE item_id = ? AND "
                                       "version = ?", {it.id, int64_t{it.version}}));
  if (!v) return Internal("the current version of item " + std::to_string(it.id) + " is missing");
  return tx.Exec("INSERT INTO publications (agency_id, item_id, version, channel, content, content_hash, "
                 "published_by, published_at) VALUES (?, ?, ?, 'portal', ?, ?, ?, ?)",
                 {who.agency_id, it.id, int64_t{it.version}, v->Str(0), v->Str(1), who.user_id, now})
      .status();
}

// Writes what `action` records besides the new state.
Status Record(store::Tx& tx, const Principal& who, const Item& it, Action action, const Decision& d,
              const ActionInput& in, const std::string& now) {
  switch (action) {
    case Action::kSubmit:
    case Action::kApprove:
      return Sign(tx, who, it, *d.step, "approve", in, now);
    case Action::kReturn:
      return Sign(tx, who, it, *StepOf(it.state), "return", in, now);
    case Action::kHold:
      return tx.Exec("INSERT INTO item_holds (agency_id, item_id, from_state, question, authority, request_doc, "
                     "requested_on, opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {who.agency_id, it.id, std::string(StateKey(it.state)), in.question, in.authority,
                      in.request_doc, in.requested_on, who.user_id, now})
          .status();
    case Action::kResolveHold:
      if (in.determined_classification) {
        RETURN_IF_ERROR(tx.Exec("UPDATE items SET classification = ? WHERE id = ?",
                                {std::string(ClassificationKey(*in.determined_classification)), it.id}).status());
      }
      return tx.Exec("UPDATE item_holds SET determination = ?, determined_on = ?, closed_by = ?, closed_at = ? "
                     "WHERE item_id = ? AND closed_at IS NULL",
                     {in.determination, in.determined_on, who.user_id, now, it.id})
          .status();
    case Action::kDeclassify:
      return tx.Exec("INSERT INTO item_declassifications (agency_id, item_id, decision, authority, decided_on, "
                     "document_no, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     {who.agency_id, it.id, in.decision, in.authority, in.decided_on, in.document_no, who.user_id, now})
          .status();
    case Action::kPublish:
      return Publish(tx, who, it, now);
    case Action::kWithdraw:
      return tx.Exec("UPDATE publications SET withdrawn_by = ?, withdrawn_at = ?, withdraw_reason = ? "
                     "WHERE item_id = ? AND withdrawn_at IS NULL", {who.user_id, now, in.reason, it.id})
          .status();
    case Action::kConfirm:
    case Action::kReopen:
    case Action::kEdit:
      return Status::Ok();
  }
  return Status::Ok();
}

const char* AuditAction(Action a) {
  switch (a) {
    case Action::kEdit: return "item.update";
    case Action::kSubmit: return "item.submit";
    case Action::kApprove: return "item.approve";
    case Action::kReturn: return "item.return";
    case Action::kHold: return "item.hold";
    case Action::kResolveHold: return "item.resolve_hold";
    case Action::kDeclassify: return "item.declassify";
    case Action::kPublish: return "item.publish";
    case Action::kWithdraw: return "item.withdraw";
    case Action::kConfirm: return "item.reassess_confirm";
    case Action::kReopen: return "item.reassess_reopen";
  }
  return "item.action";
}

// Today plus the agency's re-assessment interval (default 12 months), as a date.
Result<std::string> ReassessDate(store::Tx& tx, int64_t agency_id, Date today) {
  ASSIGN_OR_RETURN(auto settings, accounts::LoadSettings(tx, agency_id));
  int months = 12;
  if (auto it = settings.find("reassess_months"); it != settings.end() && !it->second.empty()) {
    months = std::clamp(std::atoi(it->second.c_str()), 1, 60);
  }
  return AddMonths(today, months).ToString();
}

}  // namespace

Status Items::Act(const Principal& who, int64_t id, Action action, const ActionInput& in) {
  return ctx_.db.Transact([&](store::Tx& tx) { return ActIn(tx, who, id, action, in); });
}

Status Items::ActIn(store::Tx& tx, const Principal& who, int64_t id, Action action, const ActionInput& in) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  if (action == Action::kEdit) return InvalidArgument("use Update to change content");
  {
    std::string lock = tx.dialect() == store::Dialect::kPostgres ? " FOR UPDATE" : "";
    RETURN_IF_ERROR(tx.Exec("SELECT id FROM items WHERE id = ? AND agency_id = ?" + lock, {id, who.agency_id}).status());
    ASSIGN_OR_RETURN(Item it, LoadItemFor(tx, who, id));
    ASSIGN_OR_RETURN(ItemFacts facts, LoadFacts(tx, it));
    ASSIGN_OR_RETURN(ActorFacts actor, LoadActor(tx, who, id));
    ASSIGN_OR_RETURN(Decision d, Decide(facts, actor, action));
    RETURN_IF_ERROR(ValidateAction(action, in, it));
    std::string now = Now(ctx_.clock);
    RETURN_IF_ERROR(Record(tx, who, it, action, d, in, now));
    store::Value resume = action == Action::kHold ? store::Value(std::string(StateKey(it.state)))
                                                  : store::Value(nullptr);
    // Undisclosed items return to the 公开办 for re-assessment (条例 Art. 18).
    if (d.next == State::kApproved && it.input.attribute != Attribute::kProactive) {
      ASSIGN_OR_RETURN(std::string due, ReassessDate(tx, who.agency_id, ChinaDate(ctx_.clock.Now())));
      RETURN_IF_ERROR(tx.Exec("UPDATE items SET reassess_on = ? WHERE id = ?", {due, id}).status());
    } else if (action == Action::kReopen) {
      RETURN_IF_ERROR(tx.Exec("UPDATE items SET reassess_on = NULL WHERE id = ?", {id}).status());
    }
    RETURN_IF_ERROR(tx.Exec("UPDATE items SET state = ?, resume_state = ?, state_since = CASE WHEN state = ? THEN "
                            "state_since ELSE ? END, updated_at = ? WHERE id = ?",
                            {std::string(StateKey(d.next)), resume, std::string(StateKey(d.next)), now, now, id})
                        .status());
    if (d.next != it.state) RETURN_IF_ERROR(Reindex(tx, who.agency_id, id));
    std::string detail = std::string(ActionLabel(action)) + " " + it.index_no + "：" + StateLabel(it.state) + " → " +
                         StateLabel(d.next) + (in.opinion.empty() ? "" : "（" + in.opinion.substr(0, 300) + "）");
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), AuditAction(action), "item",
                                          std::to_string(id), std::string("state=") + StateKey(it.state),
                                          std::string("state=") + StateKey(d.next), detail});
  }
}

namespace {

Result<std::vector<SignatureView>> LoadSignatures(store::Tx& tx, const Item& it) {
  ASSIGN_OR_RETURN(auto rows, tx.Query(
      "SELECT s.step, s.decision, u.display_name, COALESCE(d.name, ''), s.opinion, s.checks, s.signed_at, s.version "
      "FROM item_signatures s JOIN users u ON u.id = s.user_id LEFT JOIN departments d ON d.id = s.department_id "
      "WHERE s.item_id = ? ORDER BY s.id", {it.id}));
  std::vector<SignatureView> out;
  for (const auto& r : rows) {
    SignatureView s;
    auto step = StepFromKey(r.Str(0));
    s.step_label = step ? StepLabel(*step) : r.Str(0);
    s.returned = r.Str(1) != "approve";
    s.decision = !s.returned ? (step == Step::kSubmit ? "提交" : "同意") : "退回";
    s.user = r.Str(2);
    s.department = r.Str(3);
    s.opinion = r.Str(4);
    s.checks = r.Str(5) == "1,1,1" ? "产生过程公正合理；决策过程民主科学；结果真实可信" : "";
    s.signed_at = Display(r.Str(6));
    s.version = static_cast<int>(r.Int(7));
    s.current = s.version == it.version;
    out.push_back(std::move(s));
  }
  return out;
}

Status LoadHistory(store::Tx& tx, ItemDetail* d) {
  int64_t id = d->item.id;
  ASSIGN_OR_RETURN(auto versions, tx.Query("SELECT v.version, u.display_name, v.saved_at, v.changed_fields, "
                                           "v.content_hash FROM item_versions v JOIN users u ON u.id = v.saved_by "
                                           "WHERE v.item_id = ? ORDER BY v.version DESC", {id}));
  for (const auto& r : versions) {
    d->versions.push_back({static_cast<int>(r.Int(0)), r.Str(1), Display(r.Str(2)), r.Str(3), r.Str(4)});
  }
  ASSIGN_OR_RETURN(auto holds, tx.Query(
      "SELECT h.question, h.authority, h.request_doc, h.requested_on, u.display_name, h.opened_at, "
      "COALESCE(h.determination, ''), COALESCE(h.determined_on, ''), COALESCE(c.display_name, ''), h.closed_at "
      "FROM item_holds h JOIN users u ON u.id = h.opened_by LEFT JOIN users c ON c.id = h.closed_by "
      "WHERE h.item_id = ? ORDER BY h.id", {id}));
  for (const auto& r : holds) {
    d->holds.push_back({r.Str(0), r.Str(1), r.Str(2), r.Str(3), r.Str(4), Display(r.Str(5)), r.Str(6), r.Str(7),
                        r.Str(8), r.IsNull(9)});
  }
  ASSIGN_OR_RETURN(auto decl, tx.Query("SELECT x.decision, x.authority, x.decided_on, x.document_no, u.display_name, "
                                       "x.recorded_at FROM item_declassifications x JOIN users u ON u.id = "
                                       "x.recorded_by WHERE x.item_id = ? ORDER BY x.id", {id}));
  for (const auto& r : decl) {
    d->declassifications.push_back({r.Str(0), r.Str(1), r.Str(2), r.Str(3), r.Str(4), Display(r.Str(5))});
  }
  ASSIGN_OR_RETURN(auto pubs, tx.Query(
      "SELECT p.version, p.channel, u.display_name, p.published_at, p.content_hash, COALESCE(w.display_name, ''), "
      "COALESCE(p.withdrawn_at, ''), COALESCE(p.withdraw_reason, '') FROM publications p JOIN users u ON u.id = "
      "p.published_by LEFT JOIN users w ON w.id = p.withdrawn_by WHERE p.item_id = ? ORDER BY p.id", {id}));
  for (const auto& r : pubs) {
    d->publications.push_back({static_cast<int>(r.Int(0)), r.Str(1) == "portal" ? "门户网站" : r.Str(1), r.Str(2),
                               Display(r.Str(3)), r.Str(4), r.Str(5),
                               r.Str(6).empty() ? "" : Display(r.Str(6)), r.Str(7)});
  }
  ASSIGN_OR_RETURN(auto interp, tx.Query("SELECT id, title FROM items WHERE interprets_item_id = ? ORDER BY id", {id}));
  for (const auto& r : interp) d->interpretations.emplace_back(r.Int(0), r.Str(1));
  ASSIGN_OR_RETURN(d->attachments, LiveAttachments(tx, id));
  return Status::Ok();
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

// The actions `who` might be expected to take on an item now, most urgent
// first, with how the task list names them.
std::vector<std::pair<Action, std::string>> Candidates(const Item& it, bool declassified, Date today) {
  std::vector<std::pair<Action, std::string>> out;
  const ItemInput& in = it.input;
  if (in.classification != Classification::kNone && !declassified && it.state != State::kPublished &&
      it.state != State::kWithdrawn) {
    if (auto expiry = SecrecyExpiry(in.formed_on, in.secrecy_period); expiry && *expiry <= today) {
      out.emplace_back(Action::kDeclassify, "保密期限已满，办理解密手续");
    }
  }
  if (IsReviewState(it.state)) out.emplace_back(Action::kApprove, StepLabel(*StepOf(it.state)));
  if (it.state == State::kDraft) out.emplace_back(Action::kSubmit, ActionLabel(Action::kSubmit));
  if (it.state == State::kOnHold) out.emplace_back(Action::kResolveHold, ActionLabel(Action::kResolveHold));
  if (it.state == State::kApproved && in.attribute == Attribute::kProactive) {
    out.emplace_back(Action::kPublish, ActionLabel(Action::kPublish));
  }
  if (it.state == State::kApproved && in.attribute != Attribute::kProactive && !it.reassess_on.empty() &&
      it.reassess_on <= today.ToString()) {
    out.emplace_back(Action::kConfirm, "定期复核（条例第十八条）");
  }
  return out;
}

}  // namespace

Status Items::OverrideFinding(const Principal& who, int64_t id, int64_t finding_id, const std::string& reason) {
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Item it, LoadItemFor(tx, who, id));
    // Only a finding of this item's current version.
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT 1 FROM content_findings f JOIN content_checks c ON c.id = f.check_id "
                                           "WHERE f.id = ? AND c.item_id = ? AND c.item_version = ?",
                                           {finding_id, id, int64_t{it.version}}));
    if (!row) return NotFound("该信息当前版本没有这条发现");
    return review::OverrideFinding(tx, ctx_.clock, who, finding_id, reason);
  });
}

Result<ItemDetail> Items::Get(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  auto cal = accounts::Workdays(ctx_).Calendar(who.agency_id);
  ItemDetail d;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(d.item, LoadItemFor(tx, who, id));
    ASSIGN_OR_RETURN(d.signatures, LoadSignatures(tx, d.item));
    RETURN_IF_ERROR(LoadHistory(tx, &d));
    ASSIGN_OR_RETURN(ItemFacts facts, LoadFacts(tx, d.item));
    ASSIGN_OR_RETURN(ActorFacts actor, LoadActor(tx, who, id));
    ASSIGN_OR_RETURN(d.checks, review::ItemChecks(tx, who.agency_id, id, d.item.version));
    d.unresolved_blocking = facts.unresolved_blocking;
    for (Action a : {Action::kEdit, Action::kSubmit, Action::kApprove, Action::kReturn, Action::kHold,
                     Action::kResolveHold, Action::kDeclassify, Action::kPublish, Action::kWithdraw,
                     Action::kConfirm, Action::kReopen}) {
      if (Decide(facts, actor, a).ok()) d.allowed.push_back(a);
    }
    return Status::Ok();
  }));
  if (ClockApplies(d.item)) {
    Date today = ChinaDate(ctx_.clock.Now());
    if (cal.ok()) {
      d.clock = ComputeClock(*cal, d.item.input.formed_on, today);
    } else {
      d.clock.applies = true;
      d.clock.note = kCalendarUnreadable;
    }
  }
  return d;
}

Result<std::vector<ItemRow>> Items::List(const Principal& who, std::optional<State> state) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  auto cal = accounts::Workdays(ctx_).Calendar(who.agency_id);
  Date today = ChinaDate(ctx_.clock.Now());
  std::vector<ItemRow> out;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    store::Filter readable = ReadableItems(who);
    std::string sql = std::string(kItemColumns) + "WHERE i.agency_id = ? AND " + readable.sql;
    std::vector<store::Value> params = {who.agency_id};
    params.insert(params.end(), readable.params.begin(), readable.params.end());
    if (state) {
      sql += " AND i.state = ?";
      params.emplace_back(std::string(StateKey(*state)));
    }
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql + " ORDER BY i.id DESC LIMIT 500", params));
    for (const auto& r : rows) out.push_back(RowOf(ItemFromRow(r), cal, today));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<Task>> Items::Tasks(const Principal& who) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  auto cal = accounts::Workdays(ctx_).Calendar(who.agency_id);
  Date today = ChinaDate(ctx_.clock.Now());
  UnixSeconds now = ctx_.clock.Now();
  std::vector<Task> out;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    // Only items that can need someone now: those in the chain, approved ones
    // to publish or due for re-assessment, and classified ones (expiry).
    ASSIGN_OR_RETURN(auto rows, tx.Query(
        std::string(kItemColumns) +
            "WHERE i.agency_id = ? AND (i.state NOT IN ('approved', 'published', 'withdrawn') "
            "OR (i.state = 'approved' AND (i.attribute = 'proactive' OR i.reassess_on <= ? "
            "OR i.classification <> 'none'))) ORDER BY i.state_since, i.id",
        {who.agency_id, today.ToString()}));
    for (const auto& r : rows) {
      Item it = ItemFromRow(r);
      ASSIGN_OR_RETURN(auto co, tx.Query("SELECT department_id FROM item_co_departments WHERE item_id = ?", {it.id}));
      for (const auto& c : co) it.input.co_department_ids.insert(c.Int(0));
      ASSIGN_OR_RETURN(ItemFacts facts, LoadFacts(tx, it));
      ASSIGN_OR_RETURN(ActorFacts actor, LoadActor(tx, who, it.id));
      std::optional<std::string> label;
      for (const auto& [action, name] : Candidates(it, facts.declassified, today)) {
        if (Decide(facts, actor, action).ok()) {
          label = name;
          break;
        }
      }
      if (!label) continue;
      Task t;
      t.row = RowOf(it, cal, today);
      t.action_label = *label;
      auto since = ParseUtc(it.state_since);
      t.waited_seconds = since.ok() ? now - *since : 0;
      out.push_back(std::move(t));
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace gk::disclosure

namespace gk::disclosure {

std::optional<Date> SecrecyExpiry(const std::string& formed_on, const std::string& period) {
  auto formed = Date::Parse(formed_on);
  std::string p(Trim(period));
  if (auto explicit_date = Date::Parse(p); explicit_date.ok()) return *explicit_date;
  if (!formed.ok()) return std::nullopt;
  size_t digits = 0;
  while (digits < p.size() && p[digits] >= '0' && p[digits] <= '9') ++digits;
  if (digits == 0 || digits > 3) return std::nullopt;
  int n = std::atoi(p.substr(0, digits).c_str());
  std::string unit = p.substr(digits);
  if (unit == "年") return AddMonths(*formed, n * 12);
  if (unit == "个月" || unit == "月") return AddMonths(*formed, n);
  return std::nullopt;
}

}  // namespace gk::disclosure

namespace gk::disclosure {
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
    filename = row->Str(0);
    ASSIGN_OR_RETURN(bytes, Base64Decode(row->Str(1)));
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

Status Items::SetValidity(const Principal& who, int64_t id, Validity validity, const std::string& note) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied("只有公开办可以变更已公开信息的有效性");
  RETURN_IF_ERROR(CheckText(note, "变更依据", 500, true));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Item it, LoadItemFor(tx, who, id));
    if (it.state != State::kPublished) return FailedPrecondition("只有已公开的信息可以变更有效性，其他信息请在修改时选择");
    if (it.input.validity == validity) return Status::Ok();
    // A status of the published document, not a change of its approved
    // content: the publication stays as it was approved; the portal shows
    // the current validity beside it.
    RETURN_IF_ERROR(tx.Exec("UPDATE items SET validity = ?, updated_at = ?, "
                            "repealed_on = CASE WHEN ? = 'repealed' THEN COALESCE(repealed_on, ?) ELSE NULL END "
                            "WHERE id = ? AND agency_id = ?",
                            {std::string(ValidityKey(validity)), Now(ctx_.clock), std::string(ValidityKey(validity)),
                             ChinaDate(ctx_.clock.Now()).ToString(), id, who.agency_id})
                        .status());
    RETURN_IF_ERROR(Reindex(tx, who.agency_id, id));
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "item.validity", "item", std::to_string(id),
                                          ValidityKey(it.input.validity), ValidityKey(validity),
                                          it.index_no + " 有效性变更为" + ValidityLabel(validity) + "：" + note});
  });
}

Result<std::vector<std::string>> Items::RedactionLog(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<std::vector<std::string>>([&](store::Tx& tx) -> Result<std::vector<std::string>> {
    RETURN_IF_ERROR(RequireReadableItem(tx, who, id));
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT r.created_at, COALESCE(u.display_name, ''), a.filename, r.entries, "
                                         "r.stripped FROM redactions r JOIN item_attachments a ON a.id = "
                                         "r.from_attachment_id LEFT JOIN users u ON u.id = r.created_by "
                                         "WHERE r.item_id = ? AND r.agency_id = ? ORDER BY r.id DESC",
                                         {id, who.agency_id}));
    std::vector<std::string> out;
    for (const auto& r : rows) {
      std::string line = r.Str(0) + " " + r.Str(1) + " 区分处理 " + r.Str(2) + "：" + RedactionSummary(r.Str(3), r.Str(4));
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
    RETURN_IF_ERROR(NewVersion(tx, ctx_.clock, ref_.root, who, it, "附件（删除 " + row->Str(0) + "）"));
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "item.detach", "item", std::to_string(id),
                                          row->Str(1), "", "删除附件 " + row->Str(0)});
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
    out.first = {row->Int(0), row->Str(1), row->Str(2), row->Str(3), row->Int(4)};
    ASSIGN_OR_RETURN(out.second, Base64Decode(row->Str(5)));
    return Status::Ok();
  }));
  return out;
}

}  // namespace gk::disclosure
