#include "requests/inquiries.h"

#include <boost/json.hpp>

#include "accounts/public_guard.h"
#include "accounts/workdays.h"
#include "audit/audit.h"
#include "base/crypto.h"
#include "base/strings.h"
#include "disclosure/chain.h"
#include "requests/access.h"
#include "requests/case_store.h"
#include "requests/clock.h"

namespace gk::requests {
namespace json = boost::json;
using accounts::Principal;
using accounts::Role;
using namespace internal;

namespace {

const char* Table(InquiryKind k) {
  return k == InquiryKind::kExplanation ? "explanation_requests" : "correction_requests";
}
const char* RefKind(InquiryKind k) { return k == InquiryKind::kExplanation ? "explanation" : "correction"; }
const char* RefPrefix(InquiryKind k) { return k == InquiryKind::kExplanation ? "SM" : "GZ"; }  // 说明 / 更正

Status CheckInput(InquiryKind kind, const InquiryInput& in) {
  bool explain = kind == InquiryKind::kExplanation;
  RETURN_IF_ERROR(CheckText(in.name, "姓名或名称", 100, true));
  RETURN_IF_ERROR(CheckText(in.phone, "联系电话", 30, true));
  std::string digits = Digits(in.phone);
  if (digits.size() < 7 || digits.size() > 20) return InvalidArgument("联系电话无效");
  RETURN_IF_ERROR(CheckText(in.email, "电子邮箱", 100, false));
  RETURN_IF_ERROR(CheckText(in.address, "通信地址", 200, false));
  RETURN_IF_ERROR(CheckText(in.subject, explain ? "所涉信息" : "需要更正的记录", 300, true));
  RETURN_IF_ERROR(CheckText(in.question, explain ? "希望了解的内容" : "更正内容和证据", 3000, true));
  return Status::Ok();
}

// The 公开办 handles requests (assigns and answers them) while they are open.
bool Handles(const Principal& who) { return who.Has(Role::kDisclosureOffice); }

// The request, if `readable` (a condition over q) lets its reader see it.
Result<Inquiry> Read(store::Tx& tx, InquiryKind kind, int64_t agency_id, int64_t id, Date today,
                     const store::Filter& readable) {
  bool explain = kind == InquiryKind::kExplanation;
  std::string sql = std::string("SELECT q.id, q.ref, q.requester_name, ") +
                    (explain ? "q.subject, q.question" : "q.record AS subject, q.correction AS question") +
                    ", q.received_on, COALESCE(q.due_on, '') AS due_on, q.state, q.answer, "
                    "COALESCE(q.answered_on, '') AS answered_on, COALESCE(u.display_name, '') AS answerer_name, " +
                    (explain ? "q.item_id" : "NULL AS item_id") + ", q.department_id, "
                    "COALESCE(d.name, '') AS department_name FROM " + Table(kind) +
                    " q LEFT JOIN users u ON u.id = q.answered_by "
                    "LEFT JOIN departments d ON d.id = q.department_id WHERE q.id = ? AND q.agency_id = ? AND " +
                    readable.sql;
  std::vector<store::Value> params = {id, agency_id};
  params.insert(params.end(), readable.params.begin(), readable.params.end());
  ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, params));
  if (!row) return NotFound("请求不存在");
  Inquiry q;
  q.id = row->Int("id");
  q.kind = kind;
  q.ref = row->Str("ref");
  q.requester_name = row->Str("requester_name");
  q.subject = row->Str("subject");
  q.question = row->Str("question");
  q.received_on = row->Str("received_on");
  q.due_on = row->Str("due_on");
  q.state = row->Str("state");
  q.state_label = InquiryStateLabel(q.state);
  q.answer = row->Str("answer");
  q.answered_on = row->Str("answered_on");
  q.answered_by = row->Str("answerer_name");
  q.item_id = row->OptInt("item_id");
  q.department_id = row->OptInt("department_id");
  q.department_name = row->Str("department_name");
  q.overdue = InquiryOpen(q) && !q.due_on.empty() && today > *Date::Parse(q.due_on);
  return q;
}

}  // namespace

const char* InquiryStateLabel(const std::string& state) {
  auto s = FromKey(kInquiryStates, state);
  return s ? LabelOf(kInquiryStates, *s) : "";
}

bool InquiryOpen(const Inquiry& q) { return FromKey(kInquiryStates, q.state) == InquiryState::kOpen; }

Result<InquiryFiled> Inquiries::Submit(int64_t agency_id, InquiryKind kind, const InquiryInput& in,
                                       const std::string& address) {
  RETURN_IF_ERROR(CheckInput(kind, in));
  if (ctx_.data_key == nullptr) return FailedPrecondition("no data key configured");
  const DataKey& key = *ctx_.data_key;
  return ctx_.db.Transact<InquiryFiled>([&](store::Tx& tx) -> Result<InquiryFiled> {
    Date today = ChinaDate(ctx_.clock.Now());
    ASSIGN_OR_RETURN(int64_t seq, NextSeq(tx, agency_id, RefKind(kind), today.year));
    char ref[32];
    std::snprintf(ref, sizeof ref, "%s%d-%04lld", RefPrefix(kind), today.year, static_cast<long long>(seq));
    InquiryFiled f;
    f.ref = ref;
    f.query_code = NewQueryCode();
    f.received_on = today;
    ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, agency_id));
    auto due = cal.AddWorkdays(today, kReplyPeriod);
    if (due.ok()) f.due_on = *due;
    json::object contact{{"phone", std::string(Trim(in.phone))}, {"email", std::string(Trim(in.email))},
                         {"address", std::string(Trim(in.address))}};
    bool explain = kind == InquiryKind::kExplanation;
    std::string now = Now(ctx_.clock);
    ASSIGN_OR_RETURN(f.id, tx.Insert(
        std::string("INSERT INTO ") + Table(kind) + " (agency_id, ref, query_code_hash, requester_name, contact_sealed, "
            "phone_key, " + (explain ? "subject, question" : "record, correction") +
            ", received_on, due_on, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) RETURNING id",
        {agency_id, f.ref, key.Fingerprint("query:" + NormalizeCode(f.query_code)), std::string(Trim(in.name)),
         key.Seal(json::serialize(contact)), key.Fingerprint("phone:" + Digits(in.phone)), std::string(Trim(in.subject)),
         std::string(Trim(in.question)), today.ToString(),
         f.due_on ? store::Value(f.due_on->ToString()) : store::Value(nullptr), now}));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {agency_id, {std::nullopt, "public:portal"},
                                                   std::string(RefKind(kind)) + ".submit", RefKind(kind),
                                                   std::to_string(f.id), "", f.ref, f.ref}));
    const auto action = explain ? accounts::PublicAction::kExplain : accounts::PublicAction::kCorrection;
    RETURN_IF_ERROR(accounts::RecordSubmission(tx, key, ctx_.clock, agency_id, action, address));
    return f;
  });
}

Result<Inquiry> Inquiries::Lookup(int64_t agency_id, InquiryKind kind, const std::string& query_code,
                                  const std::string& phone, const std::string& address) {
  if (ctx_.data_key == nullptr) return NotFound("查询码或联系电话不正确");
  return accounts::LimitedLookup<Inquiry>(ctx_, *ctx_.data_key, agency_id, address,
                                          [&] { return Find(agency_id, kind, query_code, phone); });
}

Result<Inquiry> Inquiries::Find(int64_t agency_id, InquiryKind kind, const std::string& query_code,
                                const std::string& phone) {
  if (query_code.size() > 40 || phone.size() > 40 || ctx_.data_key == nullptr) return NotFound("查询码或联系电话不正确");
  std::string code_key = ctx_.data_key->Fingerprint("query:" + NormalizeCode(query_code));
  std::string phone_key = ctx_.data_key->Fingerprint("phone:" + Digits(phone));
  return ctx_.db.Read<Inquiry>([&](store::Tx& tx) -> Result<Inquiry> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT id, phone_key FROM ") + Table(kind) +
                                               " WHERE agency_id = ? AND query_code_hash = ?",
                                           {agency_id, code_key}));
    if (!row || !ConstantTimeEquals(row->Str("phone_key"), phone_key)) return NotFound("查询码或联系电话不正确");
    ASSIGN_OR_RETURN(Inquiry q, Read(tx, kind, agency_id, row->Int("id"), ChinaDate(ctx_.clock.Now()),
                                     store::Filter::All()));
    q.answered_by.clear();  // staff names are not shown to the public
    q.department_id.reset();
    q.department_name.clear();
    return q;
  });
}

Result<PageOf<Inquiry>> Inquiries::List(const Principal& who, InquiryKind kind, InquiryFilter filter,
                                        const PageSpec& page) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<PageOf<Inquiry>>([&](store::Tx& tx) -> Result<PageOf<Inquiry>> {
    store::Filter readable = ReadableInquiries(who);
    std::vector<store::Value> params = {who.agency_id};
    params.insert(params.end(), readable.params.begin(), readable.params.end());
    std::string select = std::string("SELECT q.id, COALESCE(q.due_on, '') AS due_on, q.received_on FROM ") +
                         Table(kind) + " q WHERE q.agency_id = ? AND " + readable.sql;
    std::vector<store::Row> rows;
    if (filter == InquiryFilter::kOpen) {
      // `q.state = 'open'` spelled as the partial indexes of 0027 are.
      ASSIGN_OR_RETURN(rows, SeekNullsLast(tx, select + " AND q.state = 'open'", params, "q.due_on", "q.id", page));
    } else {
      ASSIGN_OR_RETURN(rows, SeekDescending(tx, select, params, "q.received_on", "q.id", page));
    }
    const char* key_column = filter == InquiryFilter::kOpen ? "due_on" : "received_on";
    std::vector<SeekKey> keys;
    for (const auto& r : rows) keys.push_back({r.Str(key_column), r.Int("id")});
    auto taken = TakePage(std::move(keys), page.limit, [](const SeekKey& k) { return k; });
    PageOf<Inquiry> out;
    out.next = taken.next;
    Date today = ChinaDate(ctx_.clock.Now());
    for (const SeekKey& k : taken.rows) {
      ASSIGN_OR_RETURN(Inquiry q, Read(tx, kind, who.agency_id, k.id, today, readable));
      out.rows.push_back(std::move(q));
    }
    return out;
  });
}

Result<Inquiry> Inquiries::Get(const Principal& who, InquiryKind kind, int64_t id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<Inquiry>([&](store::Tx& tx) -> Result<Inquiry> {
    ASSIGN_OR_RETURN(Inquiry q, Read(tx, kind, who.agency_id, id, ChinaDate(ctx_.clock.Now()), ReadableInquiries(who)));
    q.may_handle = Handles(who) && InquiryOpen(q);
    return q;
  });
}

Status Inquiries::Assign(const Principal& who, InquiryKind kind, int64_t id, int64_t department_id) {
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Inquiry q, Read(tx, kind, who.agency_id, id, ChinaDate(ctx_.clock.Now()), ReadableInquiries(who)));
    if (!Handles(who)) return PermissionDenied("只有公开办可以交办请求");
    if (!InquiryOpen(q)) return FailedPrecondition("该请求已答复");
    ASSIGN_OR_RETURN(auto dept, tx.QueryOne("SELECT name FROM departments WHERE id = ? AND agency_id = ?",
                                            {department_id, who.agency_id}));
    if (!dept) return InvalidArgument("请选择承办部门");
    RETURN_IF_ERROR(tx.Exec(std::string("UPDATE ") + Table(kind) + " SET department_id = ? WHERE id = ?",
                            {department_id, id})
                        .status());
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), std::string(RefKind(kind)) + ".assign",
                                          RefKind(kind), std::to_string(id), q.department_name, dept->Str("name"),
                                          q.ref + " 交办" + dept->Str("name")});
  });
}

Status Inquiries::Explain(const Principal& who, int64_t id, const std::string& index_no, const std::string& text) {
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    Date today = ChinaDate(ctx_.clock.Now());
    ASSIGN_OR_RETURN(Inquiry q, Read(tx, InquiryKind::kExplanation, who.agency_id, id, today, ReadableInquiries(who)));
    if (!Handles(who)) return PermissionDenied("只有公开办可以答复说明理由的请求");
    RETURN_IF_ERROR(CheckText(index_no, "索引号", 60, false));
    RETURN_IF_ERROR(CheckText(text, "答复内容", 3000, Trim(index_no).empty()));
    if (!InquiryOpen(q)) return FailedPrecondition("该请求已答复");
    std::string answer;
    std::optional<int64_t> item_id;
    if (!Trim(index_no).empty()) {
      ASSIGN_OR_RETURN(auto it, tx.QueryOne("SELECT title, index_no, attribute, ground_key, reason, state, id FROM items "
                                            "WHERE index_no = ? AND agency_id = ?",
                                            {std::string(Trim(index_no)), who.agency_id}));
      if (!it) return InvalidArgument("索引号为“" + std::string(Trim(index_no)) + "”的信息不存在");
      item_id = it->Int("id");
      const auto state = disclosure::StateFromKey(it->Str("state"));
      if (state != disclosure::State::kApproved && state != disclosure::State::kPublished &&
          state != disclosure::State::kWithdrawn) {
        return InvalidArgument("该信息尚未完成审查，其公开属性、依据和理由未经确认，不能据以答复");
      }
      auto attr = disclosure::AttributeFromKey(it->Str("attribute"));
      if (!attr || *attr == disclosure::Attribute::kProactive) {
        return InvalidArgument("所选信息属于主动公开，不是不予公开或依申请公开的信息");
      }
      const disclosure::LegalGround* g = ref_.FindGround(it->Str("ground_key"));
      answer = "您询问的信息“" + it->Str("title") + "”（索引号 " + it->Str("index_no") + "）的公开属性为" +
               disclosure::AttributeLabel(*attr) + "。依据：" + (g ? g->cite + " " + g->label : it->Str("ground_key")) +
               "。理由：" + it->Str("reason") + "。";
    }
    if (!Trim(text).empty()) answer += (answer.empty() ? "" : "\n") + std::string(Trim(text));
    RETURN_IF_ERROR(tx.Exec("UPDATE explanation_requests SET state = 'answered', answer = ?, answered_by = ?, "
                            "answered_on = ?, item_id = ? WHERE id = ?",
                            {answer, who.user_id, today.ToString(),
                             item_id ? store::Value(*item_id) : store::Value(nullptr), id})
                        .status());
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "explanation.answer", "explanation",
                                          std::to_string(id), "open", "answered", q.ref});
  });
}

Status Inquiries::AnswerCorrection(const Principal& who, int64_t id, CorrectionResult result, const std::string& text) {
  const char* state = result == CorrectionResult::kCorrected     ? "corrected"
                      : result == CorrectionResult::kTransferred ? "transferred"
                                                                 : "refused";
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    Date today = ChinaDate(ctx_.clock.Now());
    ASSIGN_OR_RETURN(Inquiry q, Read(tx, InquiryKind::kCorrection, who.agency_id, id, today, ReadableInquiries(who)));
    if (!Handles(who)) return PermissionDenied("只有公开办可以答复更正请求");
    RETURN_IF_ERROR(CheckText(text, "答复内容", 3000, true));
    if (!InquiryOpen(q)) return FailedPrecondition("该请求已答复");
    RETURN_IF_ERROR(tx.Exec("UPDATE correction_requests SET state = ?, answer = ?, answered_by = ?, answered_on = ? "
                            "WHERE id = ?",
                            {std::string(state), std::string(Trim(text)), who.user_id, today.ToString(), id})
                        .status());
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "correction.answer", "correction",
                                          std::to_string(id), "open", state, q.ref});
  });
}

Result<int> Inquiries::RecomputeDueDates(const accounts::Context& ctx, const Principal& who) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kEditCalendar));
  return ctx.db.Transact<int>([&](store::Tx& tx) -> Result<int> {
    int changed = 0;
    for (InquiryKind kind : {InquiryKind::kExplanation, InquiryKind::kCorrection}) {
      ASSIGN_OR_RETURN(int n, accounts::Workdays::RecomputeStoredDueDates(tx, who.agency_id, Table(kind),
                                                                          "state = 'open'", kReplyPeriod));
      changed += n;
    }
    if (changed > 0) {
      RETURN_IF_ERROR(audit::Append(tx, ctx.clock, {who.agency_id, who.ActorFor(), "inquiry.recompute_due", "agency",
                                                     std::to_string(who.agency_id), "", "",
                                                     std::to_string(changed) + " 件说明、更正请求的答复期限随工作日历调整"}));
    }
    return changed;
  });
}

}  // namespace gk::requests
