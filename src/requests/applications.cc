#include "requests/applications.h"

#include <boost/json.hpp>
#include <sodium.h>

#include "accounts/directory.h"
#include "accounts/public_guard.h"
#include "accounts/workdays.h"
#include "audit/audit.h"
#include "base/statutory.h"
#include "base/strings.h"
#include "disclosure/attachments.h"
#include "documents/letter.h"
#include "requests/access.h"
#include "requests/case_store.h"

namespace gk::requests {
namespace json = boost::json;
using accounts::Principal;
using accounts::Role;
using namespace internal;

namespace {

// ---------------------------------------------------------------- input checks

// 18-digit resident identity number: 17 digits and a check character.
bool ValidResidentId(const std::string& id) {
  if (id.size() != 18) return false;
  static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return false;
    sum += (id[i] - '0') * kWeights[i];
  }
  return "10X98765432"[sum % 11] == id[17];
}

std::string NormalizeId(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '-') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

Status CheckApplicant(const ApplicantInput& a) {
  auto type = ApplicantTypeFromKey(a.type);
  if (!type) return InvalidArgument("请选择申请人类型");
  RETURN_IF_ERROR(CheckText(a.name, IsOrganisation(*type) ? "单位名称" : "姓名", 100, true));
  RETURN_IF_ERROR(CheckText(a.contact_person, "联系人", 50, IsOrganisation(*type)));
  RETURN_IF_ERROR(CheckText(a.id_type, "证件类型", 30, true));
  RETURN_IF_ERROR(CheckText(a.id_number, "证件号码", 40, true));
  if (a.id_type == "居民身份证" && !ValidResidentId(NormalizeId(a.id_number))) {
    return InvalidArgument("居民身份证号码无效（18位，末位校验码不符）");
  }
  RETURN_IF_ERROR(CheckText(a.phone, "联系电话", 30, true));
  std::string digits = Digits(a.phone);
  if (digits.size() < 7 || digits.size() > 20) return InvalidArgument("联系电话无效");
  RETURN_IF_ERROR(CheckText(a.email, "电子邮箱", 100, false));
  if (!Trim(a.email).empty() && a.email.find('@') == std::string::npos) return InvalidArgument("电子邮箱无效");
  RETURN_IF_ERROR(CheckText(a.address, "通信地址", 200, false));
  RETURN_IF_ERROR(CheckText(a.postal_code, "邮政编码", 10, false));
  return Status::Ok();
}

Status CheckRequest(const ApplicationInput& in) {
  RETURN_IF_ERROR(CheckApplicant(in.applicant));
  RETURN_IF_ERROR(CheckText(in.info_title, "所需信息的名称", 200, true));
  RETURN_IF_ERROR(CheckText(in.info_doc_no, "文号", 60, false));
  RETURN_IF_ERROR(CheckText(in.description, "所需信息的内容描述", 2000, false));
  if (!FormFromKey(in.form)) return InvalidArgument("请选择信息的提供形式");
  if (!DeliveryFromKey(in.delivery)) return InvalidArgument("请选择获取信息的方式");
  auto delivery = *DeliveryFromKey(in.delivery);
  if (delivery == Delivery::kPost && Trim(in.applicant.address).empty()) {
    return InvalidArgument("选择邮寄的，请填写通信地址");
  }
  if (delivery == Delivery::kEmail && Trim(in.applicant.email).empty()) {
    return InvalidArgument("选择电子邮件的，请填写电子邮箱");
  }
  return Status::Ok();
}

Date Today(const Clock& clock) { return ChinaDate(clock.Now()); }

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

// ---------------------------------------------------------------- intake

namespace internal {

Result<Filed> File(store::Tx& tx, const Clock& clock, const DataKey& key, int64_t agency_id,
                   const ApplicationInput& in, Channel channel, Date received, std::optional<int64_t> user,
                   const std::string& query_code_hash) {
  const ApplicantInput& a = in.applicant;
  std::string id_number = NormalizeId(a.id_number);
  std::string phone = Digits(a.phone);
  json::object sealed{{"id_number", id_number}, {"phone", std::string(Trim(a.phone))},
                      {"email", std::string(Trim(a.email))}, {"address", std::string(Trim(a.address))},
                      {"postal_code", std::string(Trim(a.postal_code))}};
  // The next free number of the year (an import may have used some).
  char ref[32];
  for (int attempt = 0;; ++attempt) {
    ASSIGN_OR_RETURN(int64_t seq, NextSeq(tx, agency_id, "application", received.year));
    std::snprintf(ref, sizeof ref, "%d-%04lld", received.year, static_cast<long long>(seq));
    ASSIGN_OR_RETURN(auto taken, tx.QueryOne("SELECT 1 FROM applications WHERE agency_id = ? AND ref = ?",
                                             {agency_id, std::string(ref)}));
    if (!taken) break;
    if (attempt > 10000) return Internal("no free application number");
  }
  Filed f;
  f.ref = ref;
  if (query_code_hash.empty()) f.query_code = NewQueryCode();
  f.received_on = received;
  std::string now = Now(clock);
  store::Value created_by = user ? store::Value(*user) : store::Value(nullptr);
  ASSIGN_OR_RETURN(f.id, tx.Insert(
      "INSERT INTO applications (agency_id, ref, query_code_hash, applicant_type, applicant_name, contact_person, "
      "id_type, id_masked, phone_masked, applicant_sealed, applicant_key, phone_key, channel, received_on, year, "
      "info_title, info_doc_no, description, form, delivery, fee_waiver_requested, transfer_consent, state, "
      "created_by, created_at, state_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "'received', ?, ?, ?) RETURNING id",
      {agency_id, f.ref,
       query_code_hash.empty() ? key.Fingerprint("query:" + NormalizeCode(f.query_code)) : query_code_hash, a.type,
       std::string(Trim(a.name)), std::string(Trim(a.contact_person)), std::string(Trim(a.id_type)),
       id_number.size() >= 15 ? MaskMiddle(id_number, 4, 4) : MaskMiddle(id_number, 2, 2), MaskMiddle(phone, 3, 4), key.Seal(json::serialize(sealed)),
       key.Fingerprint("applicant:" + std::string(Trim(a.id_type)) + ":" + id_number), key.Fingerprint("phone:" + phone),
       std::string(Info(channel).key), received.ToString(), int64_t{received.year}, std::string(Trim(in.info_title)),
       std::string(Trim(in.info_doc_no)), std::string(Trim(in.description)), in.form, in.delivery,
       int64_t{in.fee_waiver_requested}, int64_t{in.transfer_consent}, created_by, now, now}));
  RETURN_IF_ERROR(AddEvent(tx, clock, agency_id, f.id,
                           {"received", received, user, ClockEventKind::kReceived, "", 0,
                            std::string("收到申请（") + Info(channel).label + "）",
                            "已收到您的申请，答复期限自收到申请之日的次日起计算"}));
  ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, agency_id));
  RETURN_IF_ERROR(SaveState(tx, clock, cal, agency_id, f.id, CaseState::kReceived));
  auto due = cal.AddWorkdays(received, kReplyPeriod);
  if (due.ok()) {
    f.due_on = *due;
    f.due_provisional = cal.IsProvisional(*due);
  }
  return f;
}

}  // namespace internal

namespace {

constexpr std::string_view kApplyKind = "apply";

// The receipt of application `id`, filed from a form whose submission key
// gave `query_code`, as Submit showed it the first time.
Result<std::optional<Filed>> EarlierReceipt(store::Tx& tx, const DataKey& key, int64_t agency_id,
                                            const std::string& submission_key) {
  ASSIGN_OR_RETURN(auto id, accounts::FindSubmission(tx, key, agency_id, kApplyKind, submission_key));
  if (!id) return std::optional<Filed>();
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT ref, received_on FROM applications WHERE id = ? AND agency_id = ?",
                                         {*id, agency_id}));
  if (!row) return std::optional<Filed>();
  Filed f;
  f.id = *id;
  f.ref = row->Str("ref");
  f.query_code = QueryCodeFrom(key, submission_key);
  ASSIGN_OR_RETURN(f.received_on, Date::Parse(row->Str("received_on")));
  ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, agency_id));
  if (auto due = cal.AddWorkdays(f.received_on, kReplyPeriod); due.ok()) {
    f.due_on = *due;
    f.due_provisional = cal.IsProvisional(*due);
  }
  return std::optional<Filed>(std::move(f));
}

}  // namespace

Result<Filed> Applications::Submit(int64_t agency_id, const ApplicationInput& in, const std::string& address) {
  RETURN_IF_ERROR(CheckRequest(in));
  const std::string& once = in.submission_key;
  return accounts::SubmitOnce<Filed>(
      once,
      [&] {
        return ctx_.db.Read<std::optional<Filed>>(
            [&](store::Tx& tx) { return EarlierReceipt(tx, key_, agency_id, once); });
      },
      [&] {
        return ctx_.db.Transact<Filed>([&](store::Tx& tx) -> Result<Filed> {
          const std::string code = once.empty() ? "" : QueryCodeFrom(key_, once);
          ASSIGN_OR_RETURN(Filed f, File(tx, ctx_.clock, key_, agency_id, in, Channel::kOnline, Today(ctx_.clock),
                                         std::nullopt,
                                         code.empty() ? "" : key_.Fingerprint("query:" + NormalizeCode(code))));
          if (!code.empty()) f.query_code = code;
          RETURN_IF_ERROR(accounts::KeepSubmission(tx, key_, ctx_.clock, agency_id, kApplyKind, once, f.id));
          // Counted once the input is good; a refusal rolls the case back.
          RETURN_IF_ERROR(accounts::RecordSubmission(tx, key_, ctx_.clock, agency_id, accounts::PublicAction::kApply,
                                                     address));
          RETURN_IF_ERROR(audit::Append(tx, ctx_.clock,
                                        {agency_id, {std::nullopt, "public:portal"}, "application.submit",
                                         "application", std::to_string(f.id), "", f.ref, "网上申请 " + f.ref}));
          return f;
        });
      });
}

Result<Filed> Applications::Register(const Principal& who, const ApplicationInput& in) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied("只有公开办可以登记申请");
  RETURN_IF_ERROR(CheckRequest(in));
  auto channel = ChannelFromKey(in.channel);
  if (!channel) return InvalidArgument("请选择申请方式");
  auto received = Date::Parse(in.received_on);
  if (!received.ok()) return InvalidArgument("收到申请日期无效（格式 YYYY-MM-DD）");
  if (*received > Today(ctx_.clock)) return InvalidArgument("收到申请日期不能晚于今天");
  return ctx_.db.Transact<Filed>([&](store::Tx& tx) -> Result<Filed> {
    ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, who.agency_id));
    if (!cal.Covers(received->year)) {
      return InvalidArgument("收到申请日期所在的" + std::to_string(received->year) +
                             "年尚未录入工作日历，无法计算答复期限；历史申请请用导入功能");
    }
    ASSIGN_OR_RETURN(Filed f, File(tx, ctx_.clock, key_, who.agency_id, in, *channel, *received, who.user_id, ""));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "application.register",
                                                   "application", std::to_string(f.id), "", f.ref,
                                                   std::string("登记申请 ") + f.ref + "（" + Info(*channel).label + "）"}));
    return f;
  });
}

// ---------------------------------------------------------------- reading

namespace {

// The keys of the states in which the case awaits its reply (AwaitsReply), as
// an SQL list: "('received', …)".
std::string AwaitingReplyStates() {
  std::string list;
  for (int i = 0; i <= static_cast<int>(CaseState::kClosed); ++i) {
    auto s = static_cast<CaseState>(i);
    if (AwaitsReply(s)) list += std::string(list.empty() ? "" : ", ") + "'" + CaseStateKey(s) + "'";
  }
  return "(" + list + ")";
}

// A stored YYYY-MM-DD that lies in the calendar's provisional year.
bool IsProvisionalText(const WorkdayCalendar& cal, const std::string& date) {
  auto d = Date::Parse(date);
  return d.ok() && cal.IsProvisional(*d);
}

Result<std::vector<TimelineEntry>> LoadTimeline(store::Tx& tx, int64_t id, bool public_view) {
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT e.at, e.on_date, e.action, e.note, e.public_note, "
                                       "COALESCE(u.display_name, '') AS display_name FROM application_events e "
                                       "LEFT JOIN users u ON u.id = e.user_id WHERE e.application_id = ? "
                                       "ORDER BY e.id",
                                       {id}));
  std::vector<TimelineEntry> out;
  for (const auto& r : rows) {
    TimelineEntry t;
    t.at = r.Str("at");
    t.on_date = r.Str("on_date");
    t.action = r.Str("action");
    auto action = CaseActionFromKey(t.action);
    t.label = action ? CaseActionLabel(*action) : (t.action == "received" ? "收到申请" : t.action);
    if (t.action == "calendar") t.label = "工作日历调整";
    if (t.action == "review") t.label = "复议诉讼";
    if (t.action == "imported") t.label = "历史数据导入";
    if (t.action == "handed_in") t.label = "转来申请";
    t.note = public_view ? r.Str("public_note") : r.Str("note");
    if (!public_view) t.actor = r.Str("display_name");
    if (public_view && t.note.empty()) continue;
    out.push_back(std::move(t));
  }
  return out;
}

// The letters of a case; for the applicant only those addressed to them
// (not the consultation letters sent to third parties).
Result<std::vector<LetterRef>> LoadLetters(store::Tx& tx, int64_t id, bool public_view) {
  ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT id, kind, number, title, issued_on FROM letters "
                                                   "WHERE application_id = ?") +
                                           (public_view ? " AND kind <> 'consultation'" : "") + " ORDER BY id",
                                       {id}));
  std::vector<LetterRef> out;
  for (const auto& r : rows)
    out.push_back({r.Int("id"), r.Str("kind"), r.Str("number"), r.Str("title"), r.Str("issued_on")});
  return out;
}

Result<std::vector<CaseFile>> LoadFiles(store::Tx& tx, int64_t id, bool released_only) {
  ASSIGN_OR_RETURN(auto rows,
                   tx.Query("SELECT f.id, f.filename, f.mime, f.sha256, f.size, COALESCE(r.status, '') AS status, "
                            "f.kind FROM application_files f LEFT JOIN application_replies r "
                            "ON r.id = f.reply_id WHERE f.application_id = ? ORDER BY f.id",
                            {id}));
  std::vector<CaseFile> out;
  for (const auto& r : rows) {
    bool released = r.Str("status") == "issued";
    if (released_only && !released) continue;
    out.push_back({r.Int("id"), r.Str("filename"), r.Str("mime"), r.Str("sha256"), r.Int("size"), released,
                   r.Str("kind") == "superseded"});
  }
  return out;
}

}  // namespace

Result<PublicStatus> Applications::Lookup(int64_t agency_id, const std::string& query_code, const std::string& phone,
                                          const std::string& address) {
  return accounts::LimitedLookup<PublicStatus>(ctx_, key_, agency_id, address,
                                               [&] { return FindStatus(agency_id, query_code, phone); });
}

Result<PublicStatus> Applications::FindStatus(int64_t agency_id, const std::string& query_code,
                                              const std::string& phone) {
  if (query_code.size() > 40 || phone.size() > 40) return NotFound("查询码或联系电话不正确");
  std::string code_key = key_.Fingerprint("query:" + NormalizeCode(query_code));
  std::string phone_key = key_.Fingerprint("phone:" + Digits(phone));
  return ctx_.db.Read<PublicStatus>([&](store::Tx& tx) -> Result<PublicStatus> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id, ref, received_on, state, outcome, phone_key FROM applications "
                                           "WHERE agency_id = ? AND query_code_hash = ?",
                                           {agency_id, code_key}));
    if (!row || !ConstantTimeEquals(row->Str("phone_key"), phone_key)) return NotFound("查询码或联系电话不正确");
    PublicStatus s;
    int64_t id = row->Int("id");
    s.ref = row->Str("ref");
    s.received_on = row->Str("received_on");
    auto state = CaseStateFromKey(row->Str("state")).value_or(CaseState::kReceived);
    s.state_label = CaseStatePublicLabel(state);
    if (const Outcome* o = FindOutcome(row->Str("outcome"))) {
      s.outcome_label = std::string(o->group_label) + "：" + o->label;
      s.withheld = Withholds(o->group);
    }
    ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, agency_id));
    ASSIGN_OR_RETURN(ClockEvents ce, LoadClockEvents(tx, id));
    s.clock = MakeClockView(ce, cal, Today(ctx_.clock), AwaitsReply(state));
    if (s.clock.clock.due) s.due_on = s.clock.clock.due->ToString();
    ASSIGN_OR_RETURN(s.timeline, LoadTimeline(tx, id, true));
    ASSIGN_OR_RETURN(s.letters, LoadLetters(tx, id, true));
    ASSIGN_OR_RETURN(s.files, LoadFiles(tx, id, true));
    ASSIGN_OR_RETURN(s.handed_to, LoadHandOver(tx, agency_id, id, HandOverSide::kTo));
    ASSIGN_OR_RETURN(s.handed_from, LoadHandOver(tx, agency_id, id, HandOverSide::kFrom));
    return s;
  });
}

namespace internal {

Result<Case> ReadCase(store::Tx& tx, const gk::Clock& clock, const Principal& who, int64_t id) {
  RETURN_IF_ERROR(RequireReadableCase(tx, who, id));
  ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(
          "SELECT a.id, a.ref, a.applicant_type, a.applicant_name, a.contact_person, a.id_type, a.id_masked, "
          "a.phone_masked, a.channel, a.received_on, a.info_title, a.info_doc_no, a.description, a.form, a.delivery, "
          "a.fee_waiver_requested, a.transfer_consent, a.state, a.department_id, COALESCE(d.name, '') AS department_name, "
          "COALESCE(a.outcome, '') AS outcome, "
          "COALESCE(a.closed_on, '') AS closed_on, a.imported FROM applications a LEFT JOIN departments d ON "
          "d.id = a.department_id "
          "WHERE a.id = ? AND a.agency_id = ?",
          {id, who.agency_id}));
  if (!row) return NotFound("申请不存在");
  Case c;
  c.id = row->Int("id");
  c.ref = row->Str("ref");
  c.applicant_type = ApplicantTypeFromKey(row->Str("applicant_type")).value_or(ApplicantType::kNatural);
  c.applicant_name = row->Str("applicant_name");
  c.contact_person = row->Str("contact_person");
  c.id_type = row->Str("id_type");
  c.id_masked = row->Str("id_masked");
  c.phone_masked = row->Str("phone_masked");
  c.channel = ChannelFromKey(row->Str("channel")).value_or(Channel::kOnline);
  c.received_on = row->Str("received_on");
  c.info_title = row->Str("info_title");
  c.info_doc_no = row->Str("info_doc_no");
  c.description = row->Str("description");
  c.form = FormFromKey(row->Str("form")).value_or(Form::kElectronic);
  c.delivery = DeliveryFromKey(row->Str("delivery")).value_or(Delivery::kOnline);
  c.fee_waiver_requested = row->Int("fee_waiver_requested") != 0;
  c.transfer_consent = row->Int("transfer_consent") != 0;
  c.state = CaseStateFromKey(row->Str("state")).value_or(CaseState::kReceived);
  c.department_id = row->OptInt("department_id");
  c.department_name = row->Str("department_name");
  c.outcome = row->Str("outcome");
  c.closed_on = row->Str("closed_on");
  c.imported = row->Int("imported") != 0;
  ASSIGN_OR_RETURN(Loaded l, Load(tx, clock, who, id));
  const CaseActor actor = ActorOf(who);
  c.allowed = Allowed(l.facts, actor);
  c.may_redact = MayRedactReplyFiles(l.facts, actor).ok();
  c.may_reveal = who.Has(Role::kDisclosureOffice);
  c.may_add_review = c.may_reveal && !c.outcome.empty();
  const WorkdayCalendar& cal = l.cal;
  ASSIGN_OR_RETURN(ClockEvents ce, LoadClockEvents(tx, id));
  if (!ce.events.empty()) c.clock = MakeClockView(ce, cal, Today(clock), AwaitsReply(c.state));
  ASSIGN_OR_RETURN(c.timeline, LoadTimeline(tx, id, false));
  ASSIGN_OR_RETURN(c.letters, LoadLetters(tx, id, false));
  ASSIGN_OR_RETURN(c.files, LoadFiles(tx, id, false));
  ASSIGN_OR_RETURN(c.handed_to, LoadHandOver(tx, who.agency_id, id, HandOverSide::kTo));
  ASSIGN_OR_RETURN(c.handed_from, LoadHandOver(tx, who.agency_id, id, HandOverSide::kFrom));
  ASSIGN_OR_RETURN(
      auto redactions,
      tx.Query("SELECT r.created_at, COALESCE(u.display_name, '') AS display_name, f.filename, r.entries, r.stripped "
               "FROM application_redactions r JOIN application_files f ON f.id = r.from_file_id "
               "LEFT JOIN users u ON u.id = r.created_by WHERE r.application_id = ? ORDER BY r.id DESC",
               {id}));
  for (const auto& r : redactions) {
    c.redactions.push_back(r.Str("created_at") + " " + r.Str("display_name") + " 区分处理 " + r.Str("filename") + "：" +
                           disclosure::RedactionSummary(r.Str("entries"), r.Str("stripped")));
  }
  ASSIGN_OR_RETURN(auto cons,
                   tx.Query("SELECT id, kind, party, sent_on, due_on, COALESCE(answered_on, '') AS answered_on, "
                            "COALESCE(answer, '') AS answer, note FROM application_consultations "
                            "WHERE application_id = ? ORDER BY id",
                            {id}));
  for (const auto& r : cons) {
    c.consultations.push_back({r.Int("id"), r.Str("kind"), r.Str("party"), r.Str("sent_on"), r.Str("due_on"),
                               r.Str("answered_on"), r.Str("answer"), r.Str("note"),
                               IsProvisionalText(cal, r.Str("due_on"))});
  }
  ASSIGN_OR_RETURN(auto fees,
                   tx.Query("SELECT id, method, detail, notice_on, due_on, COALESCE(paid_on, '') AS paid_on, units, "
                            "amount, lapsed FROM application_fees WHERE application_id = ? ORDER BY id",
                            {id}));
  for (const auto& r : fees) {
    c.fees.push_back({r.Int("id"), r.Str("method"), r.Str("detail"), r.Str("notice_on"), r.Str("due_on"),
                      r.Str("paid_on"), r.Int("units"), r.Int("amount"), r.Int("lapsed") != 0,
                      IsProvisionalText(cal, r.Str("due_on"))});
  }
  ASSIGN_OR_RETURN(
      auto reply,
      tx.QueryOne(
          "SELECT r.id, r.outcome, r.reasons, r.body, r.status, COALESCE(u.display_name, '') AS drafter_name, "
          "r.drafted_at, "
          "COALESCE(v.display_name, '') AS decider_name, r.decision_note, r.drafted_by FROM application_replies r "
          "LEFT JOIN users u ON u.id = r.drafted_by LEFT JOIN users v ON v.id = r.decided_by "
          "WHERE r.application_id = ? ORDER BY r.id DESC LIMIT 1",
          {id}));
  ASSIGN_OR_RETURN(auto reviews,
                   tx.Query("SELECT id, kind, filed_on, body, result, COALESCE(decided_on, '') AS decided_on, note "
                            "FROM application_reviews WHERE application_id = ? ORDER BY id",
                            {id}));
  for (const auto& r : reviews) {
    c.reviews.push_back({r.Int("id"), r.Str("kind"), ReviewKindLabel(r.Str("kind")), r.Str("filed_on"), r.Str("body"),
                         r.Str("result"), ReviewResultLabel(r.Str("result")), r.Str("decided_on"), r.Str("note")});
  }
  if (reply) {
    c.reply = ReplyView{reply->Int("id"),         reply->Str("outcome"),      reply->Str("reasons"),
                        reply->Str("body"),       reply->Str("status"),       reply->Str("drafter_name"),
                        reply->Str("drafted_at"), reply->Str("decider_name"), reply->Str("decision_note"),
                        reply->Int("drafted_by")};
  }
  return c;
}

}  // namespace internal

Result<Case> Applications::Get(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<Case>([&](store::Tx& tx) { return ReadCase(tx, ctx_.clock, who, id); });
}

Result<CasePageView> Applications::CasePage(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<CasePageView>([&](store::Tx& tx) -> Result<CasePageView> {
    CasePageView p;
    ASSIGN_OR_RETURN(p.kase, ReadCase(tx, ctx_.clock, who, id));
    if (IsOpen(p.kase.state)) {
      // A title or 文号 the search refuses as a query (InvalidArgument, before
      // any statement runs) leaves the suggestions out, as it always has.
      auto suggestions = ReadSuggestions(tx, who, id);
      if (suggestions.ok()) {
        p.suggestions = std::move(*suggestions);
      } else if (suggestions.status().code() != Code::kInvalidArgument) {
        return suggestions.status();
      }
    }
    ASSIGN_OR_RETURN(p.repeats, ReadRepeats(tx, who, id));
    ASSIGN_OR_RETURN(p.checks, review::ApplicationChecks(tx, who.agency_id, id));
    if (IsAllowed(p.kase.allowed, CaseAction::kNoticeFee)) {
      ASSIGN_OR_RETURN(auto row, LoadCase(tx, who.agency_id, id));
      if (row) {
        ASSIGN_OR_RETURN(p.fee_quote, QuoteByCount(tx, *row));
      }
    }
    ASSIGN_OR_RETURN(auto departments, accounts::LoadDepartments(tx, who.agency_id));
    for (auto& d : departments) {
      if (d.active) p.departments.push_back(std::move(d));
    }
    if (IsAllowed(p.kase.allowed, CaseAction::kHandOver)) {
      ASSIGN_OR_RETURN(p.handover_targets, HandOverTargets(tx, who.agency_id));
    }
    return p;
  });
}

Result<Applications::Contact> Applications::RevealApplicant(const Principal& who, int64_t id) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied("只有公开办可以查看申请人的完整证件号码和联系方式");
  return ctx_.db.Transact<Contact>([&](store::Tx& tx) -> Result<Contact> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT applicant_sealed, ref FROM applications WHERE id = ? AND agency_id = ?",
                                           {id, who.agency_id}));
    if (!row) return NotFound("申请不存在");
    ASSIGN_OR_RETURN(std::string plain, key_.Open(row->Str("applicant_sealed")));
    json::value v = json::parse(plain);
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "application.reveal_id",
                                                   "application", std::to_string(id), "", "",
                                                   "查看申请 " + row->Str("ref") + " 的完整证件号码和联系方式"}));
    const json::object& o = v.as_object();
    return Contact{Str(o, "id_number"), Str(o, "phone"), Str(o, "email"), Str(o, "address"), Str(o, "postal_code")};
  });
}

InboxFilter InboxFilterOf(std::string_view key) { return FromKey(kInboxFilters, key).value_or(InboxFilter::kMine); }

namespace {

constexpr const char* kInboxColumns =
    "SELECT a.id, a.ref, a.applicant_name, a.info_title, a.received_on, COALESCE(a.due_on, '') AS due_on, "
    "COALESCE(a.closed_on, '') AS closed_on, COALESCE(d.name, '') AS department_name, a.state, a.department_id, "
    "a.due_provisional FROM applications a LEFT JOIN departments d ON d.id = a.department_id ";

}  // namespace

Result<PageOf<InboxRow>> Applications::Inbox(const Principal& who, InboxFilter filter, const PageSpec& page) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<PageOf<InboxRow>>([&](store::Tx& tx) -> Result<PageOf<InboxRow>> {
    // The need-to-know rule, in the query: only readable rows are read.
    store::Filter readable = ReadableCases(who);
    std::string select = std::string(kInboxColumns) + "WHERE a.agency_id = ? AND " + readable.sql;
    std::vector<store::Value> params = {who.agency_id};
    params.insert(params.end(), readable.params.begin(), readable.params.end());
    // `a.state <> 'closed'` spelled as the partial indexes of 0027 are.
    if (filter == InboxFilter::kMine || filter == InboxFilter::kOpen) select += " AND a.state <> 'closed'";
    if (filter == InboxFilter::kMine) {
      store::Filter mine = CasesWaitingFor(who);
      select += " AND " + mine.sql;
      params.insert(params.end(), mine.params.begin(), mine.params.end());
    }
    if (filter == InboxFilter::kClosed) select += " AND a.state = 'closed'";
    std::vector<store::Row> rows;
    std::string key_column;
    switch (filter) {
      case InboxFilter::kMine:
      case InboxFilter::kOpen: {
        ASSIGN_OR_RETURN(rows, SeekNullsLast(tx, select, params, "a.due_on", "a.id", page));
        key_column = "due_on";
        break;
      }
      case InboxFilter::kClosed: {
        ASSIGN_OR_RETURN(rows, SeekDescending(tx, select, params, "a.closed_on", "a.id", page));
        key_column = "closed_on";
        break;
      }
      case InboxFilter::kAll: {
        ASSIGN_OR_RETURN(rows, SeekDescending(tx, select, params, "a.received_on", "a.id", page));
        key_column = "received_on";
        break;
      }
    }
    ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, who.agency_id));
    Date today = Today(ctx_.clock);
    CaseActor actor = ActorOf(who);
    std::vector<std::pair<InboxRow, SeekKey>> out;
    for (const auto& r : rows) {
      InboxRow row;
      row.id = r.Int("id");
      row.ref = r.Str("ref");
      row.applicant_name = r.Str("applicant_name");
      row.info_title = r.Str("info_title");
      row.received_on = r.Str("received_on");
      row.due_on = r.Str("due_on");
      row.due_provisional = r.Int("due_provisional") != 0;
      row.department_name = r.Str("department_name");
      row.state = CaseStateFromKey(r.Str("state")).value_or(CaseState::kReceived);
      CaseFacts facts;
      facts.state = row.state;
      facts.department_id = r.OptInt("department_id");
      row.mine = WaitsFor(facts, actor);
      if (AwaitsReply(row.state) && !row.due_on.empty()) {
        auto u = UrgencyOf(*Date::Parse(row.due_on), today, cal);
        if (u.ok()) row.urgency = *u;
      }
      out.push_back({std::move(row), SeekKey{r.Str(key_column), r.Int("id")}});
    }
    auto taken = TakePage(std::move(out), page.limit, [](const auto& p) { return p.second; });
    PageOf<InboxRow> result;
    result.next = taken.next;
    for (auto& [row, key] : taken.rows) result.rows.push_back(std::move(row));
    return result;
  });
}

Result<InboxCounts> Applications::CountInbox(const Principal& who) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<InboxCounts>([&](store::Tx& tx) -> Result<InboxCounts> {
    store::Filter readable = ReadableCases(who);
    store::Filter mine = CasesWaitingFor(who);
    std::vector<store::Value> params = {Today(ctx_.clock).ToString()};
    params.insert(params.end(), mine.params.begin(), mine.params.end());
    params.emplace_back(who.agency_id);
    params.insert(params.end(), readable.params.begin(), readable.params.end());
    // Over the open cases alone (the partial index of 0027), never the history.
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(
        "SELECT COUNT(*) AS n_open, COALESCE(SUM(CASE WHEN a.state IN " + AwaitingReplyStates() +
            " AND a.due_on < ? THEN 1 ELSE 0 END), 0) AS n_overdue, COALESCE(SUM(CASE WHEN " + mine.sql +
            " THEN 1 ELSE 0 END), 0) AS n_mine FROM applications a WHERE a.agency_id = ? AND a.state <> 'closed' AND " +
            readable.sql,
        params));
    InboxCounts c;
    if (row) {
      c.open = row->Int("n_open");
      c.overdue = row->Int("n_overdue");
      c.mine = row->Int("n_mine");
    }
    return c;
  });
}

Result<int> Applications::RecomputeDueDates(const Principal& who) {
  if (!who.Can(accounts::Permission::kEditCalendar)) return PermissionDenied("没有调整工作日历的权限");
  return ctx_.db.Transact<int>([&](store::Tx& tx) -> Result<int> {
    ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, who.agency_id));
    ASSIGN_OR_RETURN(auto rows,
                     tx.Query("SELECT id, COALESCE(due_on, '') AS due_on, state, due_provisional FROM applications "
                              "WHERE agency_id = ? AND state IN " +
                                  AwaitingReplyStates(),
                              {who.agency_id}));
    int moved = 0;
    Date today = Today(ctx_.clock);
    for (const auto& r : rows) {
      ASSIGN_OR_RETURN(ClockEvents ce, LoadClockEvents(tx, r.Int("id")));
      auto c = ComputeClock(ce.events, cal, today);
      std::string now_due = c.ok() && c->due ? c->due->ToString() : "";
      bool now_provisional = c.ok() && c->provisional_year;
      bool was_provisional = r.Int("due_provisional") != 0;
      if (now_due == r.Str("due_on") && now_provisional == was_provisional) continue;
      ++moved;
      auto text = [](const std::string& due, bool provisional) {
        return due.empty() ? std::string("（未定）") : due + (provisional ? kProvisionalMark : "");
      };
      std::string note =
          now_due == r.Str("due_on")
              ? "国务院办公厅放假安排已载入，答复期限" + now_due + "确认不变"
              : "工作日历调整，答复期限由" + text(r.Str("due_on"), was_provisional) + "变为" + text(now_due, now_provisional);
      RETURN_IF_ERROR(AddEvent(tx, ctx_.clock, who.agency_id, r.Int("id"),
                               {"calendar", today, who.user_id, std::nullopt, "", 0, note, note}));
      RETURN_IF_ERROR(SaveState(tx, ctx_.clock, cal, who.agency_id, r.Int("id"),
                                CaseStateFromKey(r.Str("state")).value_or(CaseState::kReceived)));
    }
    if (moved > 0) {
      RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "application.recompute_due",
                                                     "agency", std::to_string(who.agency_id), "", "",
                                                     std::to_string(moved) + " 件申请的答复期限随工作日历调整"}));
    }
    return moved;
  });
}

Result<int64_t> CountProvisionalDueDates(store::Tx& tx, int64_t agency_id) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT COUNT(*) FROM applications WHERE agency_id = ? AND "
                                         "due_provisional = 1 AND state IN " + AwaitingReplyStates(),
                                         {agency_id}));
  return row ? row->Int(0) : 0;
}

// ---------------------------------------------------------------- case files

namespace {

Result<Applications::LetterFile> ReadCaseFile(store::Tx& tx, int64_t agency_id, int64_t application_id,
                                              int64_t file_id, bool released_only) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT f.filename, f.mime, f.content, COALESCE(r.status, '') AS status "
                                         "FROM application_files f LEFT JOIN application_replies r ON r.id = f.reply_id "
                                         "WHERE f.id = ? AND f.application_id = ? AND f.agency_id = ?",
                                         {file_id, application_id, agency_id}));
  if (!row || (released_only && row->Str("status") != "issued")) return NotFound("文件不存在");
  ASSIGN_OR_RETURN(std::string bytes, Base64Decode(row->Str("content")));
  return Applications::LetterFile{row->Str("filename"), row->Str("mime"), std::move(bytes)};
}

}  // namespace

Result<Applications::LetterFile> Applications::ReadFile(const Principal& who, int64_t id, int64_t file_id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<LetterFile>([&](store::Tx& tx) -> Result<LetterFile> {
    RETURN_IF_ERROR(RequireReadableCase(tx, who, id));
    return ReadCaseFile(tx, who.agency_id, id, file_id, false);
  });
}

Result<Applications::LetterFile> Applications::ApplicantDownload(
    int64_t agency_id, const std::string& query_code, const std::string& phone, const std::string& address,
    const std::function<Result<LetterFile>(store::Tx&, int64_t)>& read) {
  return accounts::LimitedLookup<LetterFile>(ctx_, key_, agency_id, address, [&]() -> Result<LetterFile> {
    if (query_code.size() > 40 || phone.size() > 40) return NotFound("查询码或联系电话不正确");
    std::string code_key = key_.Fingerprint("query:" + NormalizeCode(query_code));
    std::string phone_key = key_.Fingerprint("phone:" + Digits(phone));
    return ctx_.db.Read<LetterFile>([&](store::Tx& tx) -> Result<LetterFile> {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id, phone_key FROM applications WHERE agency_id = ? AND "
                                             "query_code_hash = ?", {agency_id, code_key}));
      if (!row || !ConstantTimeEquals(row->Str("phone_key"), phone_key)) return NotFound("查询码或联系电话不正确");
      return read(tx, row->Int("id"));
    });
  });
}

Result<Applications::LetterFile> Applications::FileForApplicant(int64_t agency_id, const std::string& query_code,
                                                                const std::string& phone, int64_t file_id,
                                                                const std::string& address) {
  return ApplicantDownload(agency_id, query_code, phone, address, [&](store::Tx& tx, int64_t id) {
    return ReadCaseFile(tx, agency_id, id, file_id, true);
  });
}

// ---------------------------------------------------------------- letter files

namespace {

// A letter of application `application_id`; the applicant's view leaves out
// the consultation letters sent to third parties.
Result<Applications::LetterFile> Render(store::Tx& tx, int64_t agency_id, int64_t application_id, int64_t letter_id,
                                        bool applicant_view, const std::string& format) {
  if (format != "pdf" && format != "docx") return InvalidArgument("文书格式只能是 pdf 或 docx");
  std::string sql = "SELECT number, title, addressee, body, issued_on FROM letters WHERE id = ? AND agency_id = ? "
                    "AND application_id = ?";
  if (applicant_view) sql += " AND kind <> 'consultation'";
  ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, {letter_id, agency_id, application_id}));
  if (!row) return NotFound("文书不存在");
  ASSIGN_OR_RETURN(auto settings, LetterSettings(tx, agency_id));
  documents::Letter letter;
  letter.issuer = settings["name"];
  letter.number = row->Str("number");
  letter.title = row->Str("title");
  letter.addressee = row->Str("addressee");
  for (const std::string& line : Split(row->Str("body"), '\n')) {
    if (!Trim(line).empty()) letter.paragraphs.emplace_back(Trim(line));
  }
  letter.date = *Date::Parse(row->Str("issued_on"));
  if (!Trim(settings["phone"]).empty()) letter.contact = "联系电话：" + std::string(Trim(settings["phone"]));
  Applications::LetterFile f;
  f.filename = row->Str("title") + "（" + row->Str("number") + "）." + format;
  if (format == "pdf") {
    ASSIGN_OR_RETURN(f.bytes, documents::RenderPdf(letter));
    f.media_type = "application/pdf";
  } else {
    ASSIGN_OR_RETURN(f.bytes, documents::RenderDocx(letter));
    f.media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  }
  return f;
}

}  // namespace

Result<Applications::LetterFile> Applications::RenderLetter(const Principal& who, int64_t id, int64_t letter_id,
                                                            const std::string& format) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<LetterFile>([&](store::Tx& tx) -> Result<LetterFile> {
    RETURN_IF_ERROR(RequireReadableCase(tx, who, id));
    return Render(tx, who.agency_id, id, letter_id, false, format);
  });
}

Result<Applications::LetterFile> Applications::LetterForApplicant(int64_t agency_id, const std::string& query_code,
                                                                  const std::string& phone, int64_t letter_id,
                                                                  const std::string& format,
                                                                  const std::string& address) {
  return ApplicantDownload(agency_id, query_code, phone, address, [&](store::Tx& tx, int64_t id) {
    return Render(tx, agency_id, id, letter_id, true, format);
  });
}

}  // namespace gk::requests
