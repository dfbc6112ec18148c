#include "disclosure/items.h"

#include <boost/json.hpp>

#include <set>

#include "accounts/agencies.h"
#include "accounts/workdays.h"
#include "audit/audit.h"
#include "base/statutory.h"
#include "base/strings.h"
#include "disclosure/access.h"
#include "disclosure/item_store.h"
#include "review/checks.h"

namespace gk::disclosure {
namespace json = boost::json;
using accounts::Principal;
using accounts::Role;
using namespace internal;

namespace internal {

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

}  // namespace internal

namespace {

// The pattern with its tokens replaced.
std::string FormatIndexNo(std::string pattern, const std::string& code, int year, int64_t seq) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%05lld", static_cast<long long>(seq));
  auto replace = [&](const std::string& token, const std::string& value) {
    for (size_t p; (p = pattern.find(token)) != std::string::npos;) pattern.replace(p, token.size(), value);
  };
  replace("{code}", code);
  replace("{year}", std::to_string(year));
  replace("{seq}", digits);
  return pattern;
}

// The next number of the sequence that no item holds yet: an item migrated
// from the old website (disclosure/import.h) may hold one already.
Result<std::string> NextIndexNo(store::Tx& tx, int64_t agency_id, int year) {
  ASSIGN_OR_RETURN(auto settings, accounts::LoadSettings(tx, agency_id));
  std::string code = settings.count("index_code") && !settings["index_code"].empty() ? settings["index_code"] : "";
  if (code.empty()) {
    ASSIGN_OR_RETURN(accounts::Agency a, accounts::FindAgencyById(tx, agency_id));
    code = a.code;
  }
  std::string pattern = settings.count("index_pattern") && !settings["index_pattern"].empty()
                            ? settings["index_pattern"] : "{code}/{year}-{seq}";
  for (;;) {
    ASSIGN_OR_RETURN(auto seq, tx.QueryOne("INSERT INTO item_sequences (agency_id, year, last_seq) VALUES (?, ?, 1) "
                                           "ON CONFLICT (agency_id, year) DO UPDATE SET last_seq = "
                                           "item_sequences.last_seq + 1 RETURNING last_seq",
                                           {agency_id, int64_t{year}}));
    std::string index_no = FormatIndexNo(pattern, code, year, seq->Int(0));
    ASSIGN_OR_RETURN(auto taken, tx.QueryOne("SELECT 1 FROM items WHERE agency_id = ? AND index_no = ?",
                                             {agency_id, index_no}));
    // Without {seq} every turn gives the same number: the insert reports it.
    if (!taken || pattern.find("{seq}") == std::string::npos) return index_no;
  }
}

Status WriteCoDepartments(store::Tx& tx, int64_t agency_id, int64_t item_id, const std::set<int64_t>& ids) {
  RETURN_IF_ERROR(tx.Exec("DELETE FROM item_co_departments WHERE item_id = ?", {item_id}).status());
  for (int64_t d : ids) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO item_co_departments (agency_id, item_id, department_id) VALUES (?, ?, ?)",
                            {agency_id, item_id, d}).status());
  }
  return Status::Ok();
}

store::Value OptId(const std::optional<int64_t>& id) { return id ? store::Value(*id) : store::Value(nullptr); }

// ---------------------------------------------------------------- clock

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

Result<std::vector<SignatureView>> LoadSignatures(store::Tx& tx, const Item& it) {
  ASSIGN_OR_RETURN(auto rows, tx.Query(
      "SELECT s.step, s.decision, u.display_name AS signer_name, COALESCE(d.name, '') AS department_name, s.opinion, "
      "s.checks, s.signed_at, s.version "
      "FROM item_signatures s JOIN users u ON u.id = s.user_id LEFT JOIN departments d ON d.id = s.department_id "
      "WHERE s.item_id = ? ORDER BY s.id", {it.id}));
  std::vector<SignatureView> out;
  for (const auto& r : rows) {
    SignatureView s;
    auto step = StepFromKey(r.Str("step"));
    s.step_label = step ? StepLabel(*step) : r.Str("step");
    s.returned = r.Str("decision") != "approve";
    s.decision = !s.returned ? (step == Step::kSubmit ? "提交" : "同意") : "退回";
    s.user = r.Str("signer_name");
    s.department = r.Str("department_name");
    s.opinion = r.Str("opinion");
    s.checks = r.Str("checks") == "1,1,1" ? "产生过程公正合理；决策过程民主科学；结果真实可信" : "";
    s.signed_at = Display(r.Str("signed_at"));
    s.version = static_cast<int>(r.Int("version"));
    s.current = s.version == it.version;
    out.push_back(std::move(s));
  }
  return out;
}

Status LoadHistory(store::Tx& tx, ItemDetail* d) {
  int64_t id = d->item.id;
  ASSIGN_OR_RETURN(auto versions, tx.Query("SELECT v.version, u.display_name AS saver_name, v.saved_at, "
                                           "v.changed_fields, v.content_hash FROM item_versions v "
                                           "JOIN users u ON u.id = v.saved_by "
                                           "WHERE v.item_id = ? ORDER BY v.version DESC", {id}));
  for (const auto& r : versions) {
    d->versions.push_back({static_cast<int>(r.Int("version")), r.Str("saver_name"), Display(r.Str("saved_at")),
                           r.Str("changed_fields"), r.Str("content_hash")});
  }
  ASSIGN_OR_RETURN(auto holds, tx.Query(
      "SELECT h.question, h.authority, h.request_doc, h.requested_on, u.display_name AS opener_name, h.opened_at, "
      "COALESCE(h.determination, '') AS determination, COALESCE(h.determined_on, '') AS determined_on, "
      "COALESCE(c.display_name, '') AS closer_name, h.closed_at "
      "FROM item_holds h JOIN users u ON u.id = h.opened_by LEFT JOIN users c ON c.id = h.closed_by "
      "WHERE h.item_id = ? ORDER BY h.id", {id}));
  for (const auto& r : holds) {
    d->holds.push_back({r.Str("question"), r.Str("authority"), r.Str("request_doc"), r.Str("requested_on"),
                        r.Str("opener_name"), Display(r.Str("opened_at")), r.Str("determination"),
                        r.Str("determined_on"), r.Str("closer_name"), r.IsNull("closed_at")});
  }
  ASSIGN_OR_RETURN(auto decl, tx.Query("SELECT x.decision, x.authority, x.decided_on, x.document_no, "
                                       "u.display_name AS recorder_name, x.recorded_at FROM item_declassifications x "
                                       "JOIN users u ON u.id = x.recorded_by WHERE x.item_id = ? ORDER BY x.id", {id}));
  for (const auto& r : decl) {
    d->declassifications.push_back({r.Str("decision"), r.Str("authority"), r.Str("decided_on"), r.Str("document_no"),
                                    r.Str("recorder_name"), Display(r.Str("recorded_at"))});
  }
  ASSIGN_OR_RETURN(auto pubs, tx.Query(
      "SELECT p.version, p.channel, u.display_name AS publisher_name, p.published_at, p.content_hash, "
      "COALESCE(w.display_name, '') AS withdrawer_name, COALESCE(p.withdrawn_at, '') AS withdrawn_at, "
      "COALESCE(p.withdraw_reason, '') AS withdraw_reason, p.migrated FROM publications p JOIN users u ON u.id = "
      "p.published_by LEFT JOIN users w ON w.id = p.withdrawn_by WHERE p.item_id = ? ORDER BY p.id", {id}));
  for (const auto& r : pubs) {
    const std::string channel = r.Str("channel");
    const std::string withdrawn_at = r.Str("withdrawn_at");
    d->publications.push_back({static_cast<int>(r.Int("version")), channel == "portal" ? "门户网站" : channel,
                               r.Str("publisher_name"), Display(r.Str("published_at")), r.Str("content_hash"),
                               r.Str("withdrawer_name"), withdrawn_at.empty() ? "" : Display(withdrawn_at),
                               r.Str("withdraw_reason"), r.Int("migrated") != 0});
  }
  ASSIGN_OR_RETURN(auto interp, tx.Query("SELECT id, title FROM items WHERE interprets_item_id = ? ORDER BY id", {id}));
  for (const auto& r : interp) d->interpretations.emplace_back(r.Int("id"), r.Str("title"));
  ASSIGN_OR_RETURN(d->attachments, LiveAttachments(tx, id));
  return Status::Ok();
}

}  // namespace

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

Result<PageOf<ItemRow>> Items::List(const Principal& who, std::optional<State> state, const PageSpec& page) {
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
    if (page.after) {
      sql += " AND i.id < ?";
      params.emplace_back(page.after->id);
    }
    params.emplace_back(int64_t{page.limit} + 1);
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql + " ORDER BY i.id DESC LIMIT ?", params));
    for (const auto& r : rows) out.push_back(RowOf(ItemFromRow(r), cal, today));
    return Status::Ok();
  }));
  return TakePage(std::move(out), page.limit, [](const ItemRow& r) { return SeekKey{"", r.id}; });
}

Result<std::map<std::string, int64_t>> Items::CountByState(const Principal& who) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  std::map<std::string, int64_t> out;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    // The counters kept with every change (migration 0030) for what the
    // viewer reads in full; the items themselves for the unpublished states
    // of a viewer who reads only some of them (few rows, by the state index).
    ReadableRule rule = ReadableItemsRule(who);
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT state, n FROM item_state_counts WHERE agency_id = ? AND n <> 0",
                                         {who.agency_id}));
    if (!rule.unpublished.IsAll()) {
      std::erase_if(rows, [](const store::Row& r) { return !IsPublicState(r.Str("state")); });
      std::vector<store::Value> params = {who.agency_id};
      params.insert(params.end(), rule.unpublished.params.begin(), rule.unpublished.params.end());
      ASSIGN_OR_RETURN(auto more, tx.Query("SELECT i.state, COUNT(*) AS n FROM items i WHERE i.agency_id = ? AND "
                                           "i.state IN " + UnpublishedStatesSql() + " AND " + rule.unpublished.sql +
                                               " GROUP BY i.state",
                                           params));
      rows.insert(rows.end(), more.begin(), more.end());
    }
    for (const auto& r : rows) out[r.Str("state")] += r.Int("n");
    return Status::Ok();
  }));
  return out;
}

}  // namespace gk::disclosure
