#include "oversight/orders.h"

#include <functional>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/strings.h"
#include "disclosure/attachments.h"
#include "requests/case_store.h"

namespace gk::oversight {
namespace {

using accounts::Principal;
using accounts::Role;

constexpr size_t kMaxEvidenceFiles = 10;

constexpr char kColumns[] =
    "SELECT o.id, o.ref, o.department_id, d.name AS department_name, o.problem, o.requirement, o.due_on, "
    "o.source, o.feedback_id, "
    "COALESCE(f.ref, '') AS feedback_ref, o.state, o.report, COALESCE(r.display_name, '') AS reporter_name, "
    "COALESCE(o.reported_at, '') AS reported_at, o.review_note, COALESCE(b.display_name, '') AS orderer_name, "
    "o.ordered_at, COALESCE(c.display_name, '') AS closer_name, COALESCE(o.closed_at, '') AS closed_at, "
    "o.issued_by_agency_id, COALESCE(ia.name, '') AS issuer_agency, oa.code AS agency_code, oa.name AS agency_name "
    "FROM rectification_orders o JOIN departments d ON d.id = o.department_id "
    "JOIN agencies oa ON oa.id = o.agency_id LEFT JOIN agencies ia ON ia.id = o.issued_by_agency_id "
    "LEFT JOIN feedback_cases f ON f.id = o.feedback_id LEFT JOIN users r ON r.id = o.reported_by "
    "LEFT JOIN users b ON b.id = o.ordered_by LEFT JOIN users c ON c.id = o.closed_by ";
constexpr char kSelect[] = "WHERE o.agency_id = ? ";

std::string ChinaTimeOf(const std::string& utc) {
  auto t = ParseUtc(utc);
  return t.ok() ? FormatChinaTime(*t) : utc;
}

Order FromRow(const store::Row& r, Date today) {
  Order o;
  o.id = r.Int("id");
  o.ref = r.Str("ref");
  o.department_id = r.Int("department_id");
  o.department = r.Str("department_name");
  o.problem = r.Str("problem");
  o.requirement = r.Str("requirement");
  o.due_on = r.Str("due_on");
  o.source = r.Str("source");
  o.feedback_id = r.OptInt("feedback_id");
  o.feedback_ref = r.Str("feedback_ref");
  o.state = OrderStateFromKey(r.Str("state")).value_or(OrderState::kOpen);
  o.report = r.Str("report");
  o.reported_by = r.Str("reporter_name");
  o.reported_at = r.Str("reported_at").empty() ? "" : ChinaTimeOf(r.Str("reported_at"));
  o.review_note = r.Str("review_note");
  o.ordered_by = r.Str("orderer_name");
  o.ordered_at = ChinaTimeOf(r.Str("ordered_at"));
  o.closed_by = r.Str("closer_name");
  o.closed_at = r.Str("closed_at").empty() ? "" : ChinaTimeOf(r.Str("closed_at"));
  o.issued_by_agency_id = r.OptInt("issued_by_agency_id");
  o.issuer_agency = r.Str("issuer_agency");
  o.agency_code = r.Str("agency_code");
  o.agency_name = r.Str("agency_name");
  auto due = Date::Parse(o.due_on);
  if (due.ok()) {
    o.overdue = OrderOverdue(o.state, *due, today);
    o.days_left = static_cast<int>(due->DaysSinceEpoch() - today.DaysSinceEpoch());
  }
  return o;
}

// The upper office reading an agency through accounts::Oversee.
bool Upper(const Principal& who) {
  return who.overseeing_from && who.Can(accounts::Permission::kOverseeSubordinates);
}

std::string VisibleTo(const Principal& who, std::vector<store::Value>& params) {
  if (Upper(who)) {  // the orders it issued there, nothing else
    params.push_back(*who.overseeing_from);
    return "AND o.issued_by_agency_id = ? ";
  }
  if (SeesAllOrders(who)) return "";
  params.push_back(who.department_id.value_or(-1));
  return "AND o.department_id = ? ";
}

// `who` as the state machine sees them, for order `o`.
// An order from the upper office is closed and returned by that office; the
// agency's own supervisors follow it like the rest.
OrderActor ActorFor(const Principal& who, const Order& o) {
  bool supervises = o.issued_by_agency_id ? Upper(who) && *who.overseeing_from == *o.issued_by_agency_id
                                          : SupervisesOrders(who);
  return {supervises, !who.overseeing_from && who.department_id == o.department_id};
}

// An order of the staff's views, with what `who` may do on it.
Order ForStaff(const store::Row& r, Date today, const Principal& who) {
  Order o = FromRow(r, today);
  o.allowed = Allowed(o.state, ActorFor(who, o));
  return o;
}

Result<Order> Load(store::Tx& tx, const Principal& who, int64_t id, Date today) {
  std::vector<store::Value> params = {who.agency_id};
  std::string visible = VisibleTo(who, params);
  params.push_back(id);
  ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kColumns) + kSelect + visible + "AND o.id = ?", params));
  if (!row) return NotFound("整改通知不存在或无权查看");
  return ForStaff(*row, today, who);
}

Status Act(const accounts::Context& ctx, const Principal& who, int64_t id, OrderAction action, const std::string& note,
           const std::function<Status(store::Tx&, const Order&, const std::string& now)>& write) {
  return ctx.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Order o, Load(tx, who, id, ChinaDate(ctx.clock.Now())));
    ASSIGN_OR_RETURN(OrderState next, NextOrderState(o.state, action, ActorFor(who, o)));
    const std::string now = Now(ctx.clock);
    ASSIGN_OR_RETURN(int64_t changed, tx.Exec("UPDATE rectification_orders SET state = ?, updated_at = ? WHERE id = ? "
                                              "AND state = ?",
                                              {std::string(OrderStateKey(next)), now, id,
                                               std::string(OrderStateKey(o.state))}));
    if (changed != 1) return Conflict("该整改通知刚被他人处理，请刷新后重试");
    RETURN_IF_ERROR(write(tx, o, now));
    RETURN_IF_ERROR(tx.Exec("INSERT INTO rectification_events (agency_id, order_id, action, note, user_id, at) VALUES "
                            "(?, ?, ?, ?, ?, ?)",
                            {who.agency_id, id, std::string(OrderActionLabel(action)), note, who.user_id, now})
                        .status());
    return audit::Append(tx, ctx.clock, {who.agency_id, who.ActorFor(), std::string("order.") + OrderStateKey(next),
                                         "rectification_order", std::to_string(id), OrderStateKey(o.state),
                                         OrderStateKey(next), o.ref + " " + OrderActionLabel(action) +
                                                                  (note.empty() ? "" : "：" + Utf8Clip(note, 100))});
  });
}

}  // namespace

bool SeesAllOrders(const Principal& who) {
  return who.Has(Role::kLeadingGroup) || who.Has(Role::kSupervision) || who.Has(Role::kDisclosureOffice) ||
         who.Has(Role::kLeaderInCharge) || who.Has(Role::kPrincipal);
}

bool SupervisesOrders(const Principal& who) { return who.Has(Role::kLeadingGroup) || who.Has(Role::kSupervision); }

Result<int64_t> Orders::Issue(const Principal& who, const OrderInput& in) {
  if (!SupervisesOrders(who) && !Upper(who)) {
    return PermissionDenied("只有领导小组、监察办或上级政务公开办可以下达整改通知");
  }
  RETURN_IF_ERROR(CheckText(in.problem, "存在的问题", 3000, true));
  RETURN_IF_ERROR(CheckText(in.requirement, "整改要求", 3000, true));
  RETURN_IF_ERROR(CheckText(in.source, "问题来源", 200, false));
  auto due = Date::Parse(in.due_on);
  if (!due.ok()) return InvalidArgument("请填写整改期限（年-月-日）");
  Date today = ChinaDate(ctx_.clock.Now());
  if (*due < today) return InvalidArgument("整改期限不能早于今天");
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto dept, tx.QueryOne("SELECT name FROM departments WHERE id = ? AND agency_id = ?",
                                            {in.department_id, who.agency_id}));
    if (!dept) return InvalidArgument("请选择整改部门");
    if (in.feedback_id) {
      if (Upper(who)) return InvalidArgument("上级政务公开办下达的整改通知不关联本机关的投诉");
      ASSIGN_OR_RETURN(auto f, tx.QueryOne("SELECT 1 FROM feedback_cases WHERE id = ? AND agency_id = ?",
                                           {*in.feedback_id, who.agency_id}));
      if (!f) return InvalidArgument("所涉投诉不存在");
    }
    ASSIGN_OR_RETURN(int64_t seq, requests::internal::NextSeq(tx, who.agency_id, "rectification", today.year));
    char ref[32];
    std::snprintf(ref, sizeof ref, "ZG%d-%04lld", today.year, static_cast<long long>(seq));
    const std::string now = Now(ctx_.clock);
    ASSIGN_OR_RETURN(int64_t id, tx.Insert(
        "INSERT INTO rectification_orders (agency_id, ref, department_id, problem, requirement, due_on, source, "
        "feedback_id, state, ordered_by, ordered_at, updated_at, issued_by_agency_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?) RETURNING id",
        {who.agency_id, std::string(ref), in.department_id, std::string(Trim(in.problem)),
         std::string(Trim(in.requirement)), due->ToString(), std::string(Trim(in.source)),
         in.feedback_id ? store::Value(*in.feedback_id) : store::Value(nullptr), who.user_id, now, now,
         Upper(who) ? store::Value(*who.overseeing_from) : store::Value(nullptr)}));
    RETURN_IF_ERROR(tx.Exec("INSERT INTO rectification_events (agency_id, order_id, action, note, user_id, at) VALUES "
                            "(?, ?, '下达整改通知', ?, ?, ?)",
                            {who.agency_id, id, "限 " + due->ToString() + " 前完成", who.user_id, now}).status());
    RETURN_IF_ERROR(
        audit::Append(tx, ctx_.clock,
                      {who.agency_id, who.ActorFor(), "order.issue", "rectification_order", std::to_string(id), "",
                       "open", std::string(ref) + " 责令" + dept->Str("name") + "于 " + due->ToString() + " 前整改"}));
    return id;
  });
}

Status Orders::Report(const Principal& who, int64_t id, const std::string& text,
                      const std::vector<std::pair<std::string, std::string>>& files) {
  RETURN_IF_ERROR(CheckText(text, "整改情况", 5000, true));
  if (files.size() > kMaxEvidenceFiles) {
    return InvalidArgument("证明材料不能超过 " + std::to_string(kMaxEvidenceFiles) + " 个文件");
  }
  std::vector<disclosure::CheckedFile> checked;
  for (const auto& [name, data] : files) {
    ASSIGN_OR_RETURN(disclosure::CheckedFile f, disclosure::CheckAttachment(name, data));
    checked.push_back(std::move(f));
  }
  return Act(ctx_, who, id, OrderAction::kReport, Utf8Clip(std::string(Trim(text)), 200),
             [&](store::Tx& tx, const Order&, const std::string& now) -> Status {
               RETURN_IF_ERROR(tx.Exec("UPDATE rectification_orders SET report = ?, reported_by = ?, reported_at = ? "
                                       "WHERE id = ?", {std::string(Trim(text)), who.user_id, now, id}).status());
               for (size_t k = 0; k < files.size(); ++k) {
                 const std::string& data = files[k].second;
                 RETURN_IF_ERROR(tx.Exec("INSERT INTO rectification_evidence (agency_id, order_id, filename, "
                                         "media_type, size, content_hash, data, added_by, added_at) VALUES "
                                         "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                         {who.agency_id, id, checked[k].filename, checked[k].media_type,
                                          static_cast<int64_t>(data.size()), Sha256Hex(data), Base64Encode(data),
                                          who.user_id, now}).status());
               }
               return Status::Ok();
             });
}

Status Orders::Close(const Principal& who, int64_t id, const std::string& note) {
  RETURN_IF_ERROR(CheckText(note, "销号意见", 2000, false));
  return Act(ctx_, who, id, OrderAction::kClose, std::string(Trim(note)),
             [&](store::Tx& tx, const Order&, const std::string& now) -> Status {
               return tx.Exec("UPDATE rectification_orders SET review_note = ?, closed_by = ?, closed_at = ? WHERE "
                              "id = ?", {std::string(Trim(note)), who.user_id, now, id}).status();
             });
}

Status Orders::Return(const Principal& who, int64_t id, const std::string& reason) {
  RETURN_IF_ERROR(CheckText(reason, "退回理由", 2000, true));
  return Act(ctx_, who, id, OrderAction::kReturn, std::string(Trim(reason)),
             [&](store::Tx& tx, const Order&, const std::string&) -> Status {
               return tx.Exec("UPDATE rectification_orders SET review_note = ? WHERE id = ?",
                              {std::string(Trim(reason)), id}).status();
             });
}

Result<std::vector<Order>> Orders::List(const Principal& who, const OrderFilter& f) {
  ASSIGN_OR_RETURN(auto page, Page(who, f, PageSpec{std::nullopt, 1000}));
  return std::move(page.rows);
}

namespace {

// OrderOverdue as a condition: not closed, and due before `today`.
std::string Overdue(const Date& today, std::vector<store::Value>& params) {
  params.emplace_back(today.ToString());
  return "o.state <> 'closed' AND o.due_on < ? ";
}

}  // namespace

Result<PageOf<Order>> Orders::Page(const Principal& who, const OrderFilter& f, const PageSpec& page) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  // The position: a segment (0 open, 1 closed) and a due date, or none.
  std::optional<std::pair<char, std::string>> after;
  if (page.after && page.after->key.size() == 11 && (page.after->key[0] == '0' || page.after->key[0] == '1') &&
      Date::Parse(page.after->key.substr(1)).ok()) {
    after = std::make_pair(page.after->key[0], page.after->key.substr(1));
  }
  const size_t want = static_cast<size_t>(page.limit) + 1;
  Date today = ChinaDate(ctx_.clock.Now());
  std::vector<Order> out;
  auto read = [&](store::Tx& tx, char segment) -> Status {
    std::vector<store::Value> params = {who.agency_id};
    std::string sql = std::string(kColumns) + kSelect + VisibleTo(who, params);
    sql += segment == '0' ? "AND o.state <> 'closed' " : "AND o.state = 'closed' ";
    if (f.overdue_only) sql += "AND " + Overdue(today, params);
    if (after && after->first == segment) {
      sql += "AND (o.due_on > ? OR (o.due_on = ? AND o.id > ?)) ";
      params.insert(params.end(), {after->second, after->second, page.after->id});
    }
    params.emplace_back(static_cast<int64_t>(want - out.size()));
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql + "ORDER BY o.due_on, o.id LIMIT ?", params));
    for (const auto& r : rows) out.push_back(ForStaff(r, today, who));
    return Status::Ok();
  };
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    if (!after || after->first == '0') RETURN_IF_ERROR(read(tx, '0'));
    if (f.open_only || f.overdue_only || out.size() >= want) return Status::Ok();
    return read(tx, '1');
  }));
  return TakePage(std::move(out), page.limit, [](const Order& o) {
    return SeekKey{(o.state == OrderState::kClosed ? "1" : "0") + o.due_on, o.id};
  });
}

Result<int64_t> Orders::CountOverdue(const Principal& who) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  std::vector<store::Value> params = {who.agency_id};
  std::string sql = "SELECT COUNT(*) AS n FROM rectification_orders o " + std::string(kSelect) + VisibleTo(who, params);
  sql += "AND " + Overdue(ChinaDate(ctx_.clock.Now()), params);
  return ctx_.db.Read<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, params));
    return row ? row->Int("n") : 0;
  });
}

Result<std::vector<Order>> Orders::IssuedBelow(const Principal& who, bool open_only) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kOverseeSubordinates));
  if (who.overseeing_from) return PermissionDenied("没有“指导监督下级机关”权限");
  return ctx_.db.Read<std::vector<Order>>([&](store::Tx& tx) -> Result<std::vector<Order>> {
    std::string sql = std::string(kColumns) + "WHERE o.issued_by_agency_id = ? ";
    if (open_only) sql += "AND o.state <> 'closed' ";
    sql += "ORDER BY CASE WHEN o.state = 'closed' THEN 1 ELSE 0 END, o.due_on, o.id LIMIT 200";
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql, {who.agency_id}));
    Date today = ChinaDate(ctx_.clock.Now());
    std::vector<Order> out;
    for (const auto& r : rows) out.push_back(FromRow(r, today));  // acted on through Oversee, not here
    return out;
  });
}

Result<Order> Orders::Get(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<Order>([&](store::Tx& tx) -> Result<Order> {
    ASSIGN_OR_RETURN(Order o, Load(tx, who, id, ChinaDate(ctx_.clock.Now())));
    ASSIGN_OR_RETURN(
        auto files,
        tx.Query("SELECT e.id, e.filename, e.media_type, e.content_hash, "
                 "COALESCE(u.display_name, '') AS display_name, e.added_at, e.size FROM rectification_evidence "
                 "e LEFT JOIN users u ON u.id = e.added_by WHERE e.order_id = ? ORDER BY e.id",
                 {id}));
    for (const auto& f : files) {
      o.evidence.push_back({f.Int("id"), f.Str("filename"), f.Str("media_type"), f.Str("content_hash"),
                            f.Str("display_name"), ChinaTimeOf(f.Str("added_at")), f.Int("size")});
    }
    ASSIGN_OR_RETURN(auto events,
                     tx.Query("SELECT e.at, e.action, e.note, COALESCE(u.display_name, '') AS display_name FROM "
                              "rectification_events e LEFT JOIN users u ON u.id = e.user_id WHERE "
                              "e.order_id = ? ORDER BY e.id",
                              {id}));
    for (const auto& e : events)
      o.events.push_back({ChinaTimeOf(e.Str("at")), e.Str("action"), e.Str("note"), e.Str("display_name")});
    return o;
  });
}

Result<std::pair<OrderEvidence, std::string>> Orders::ReadEvidence(const Principal& who, int64_t id,
                                                                   int64_t evidence_id) {
  ASSIGN_OR_RETURN(Order o, Get(who, id));
  for (const OrderEvidence& e : o.evidence) {
    if (e.id != evidence_id) continue;
    ASSIGN_OR_RETURN(auto encoded, ctx_.db.Read<std::string>([&](store::Tx& tx) -> Result<std::string> {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT data FROM rectification_evidence WHERE id = ? AND order_id = ?",
                                             {evidence_id, id}));
      if (!row) return NotFound("证明材料不存在");
      return row->Str("data");
    }));
    ASSIGN_OR_RETURN(std::string data, Base64Decode(encoded));
    if (Sha256Hex(data) != e.content_hash) return Internal("evidence " + std::to_string(evidence_id) + " is damaged");
    return std::make_pair(e, std::move(data));
  }
  return NotFound("证明材料不存在");
}

}  // namespace gk::oversight
