#include "oversight/feedback.h"

#include <boost/json.hpp>

#include "accounts/agencies.h"
#include "accounts/public_guard.h"
#include "accounts/workdays.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/strings.h"
#include "documents/letter.h"
#include "requests/case_store.h"

namespace gk::oversight {
namespace {

namespace json = boost::json;
using accounts::Principal;
using accounts::Role;
using requests::internal::NewQueryCode;
using requests::internal::NextSeq;
using requests::internal::NormalizeCode;

Status CheckInput(store::Tx& tx, int64_t agency_id, const FeedbackInput& in) {
  RETURN_IF_ERROR(CheckText(in.content, "内容", kMaxFeedbackChars, true));
  RETURN_IF_ERROR(CheckText(in.name, "姓名或名称", 100, false));
  RETURN_IF_ERROR(CheckText(in.phone, "联系电话", 30, false));
  RETURN_IF_ERROR(CheckText(in.email, "电子邮箱", 100, false));
  RETURN_IF_ERROR(CheckText(in.application_ref, "申请编号", 40, false));
  std::string phone = requests::internal::Digits(in.phone);
  if (!Trim(in.phone).empty() && (phone.size() < 7 || phone.size() > 20)) return InvalidArgument("联系电话无效");
  std::string email(Trim(in.email));
  if (!email.empty() && (email.find('@') == std::string::npos || email.find(' ') != std::string::npos)) {
    return InvalidArgument("电子邮箱无效");
  }
  if (in.item_id) {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT 1 FROM publications WHERE item_id = ? AND agency_id = ? AND "
                                           "withdrawn_at IS NULL", {*in.item_id, agency_id}));
    if (!row) return InvalidArgument("所涉信息不存在或未公开");
  }
  if (!Trim(in.application_ref).empty()) {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT 1 FROM applications WHERE agency_id = ? AND ref = ?",
                                           {agency_id, std::string(Trim(in.application_ref))}));
    if (!row) return InvalidArgument("申请编号不存在");
  }
  return Status::Ok();
}

Result<int> ReplyDays(store::Tx& tx, int64_t agency_id) {
  ASSIGN_OR_RETURN(auto settings, accounts::LoadSettings(tx, agency_id));
  const std::string& v = settings["complaint_reply_days"];
  if (v.empty()) return kDefaultReplyDays;
  if (v.size() > 2 || v.find_first_not_of("0123456789") != std::string::npos || std::stoi(v) < 1) {
    return kDefaultReplyDays;
  }
  return std::stoi(v);
}

Result<FeedbackFiled> File(const accounts::Context& ctx, store::Tx& tx, int64_t agency_id, const FeedbackInput& in,
                           FeedbackChannel channel, const Principal* who) {
  if (ctx.data_key == nullptr) return FailedPrecondition("no data key configured");
  const DataKey& key = *ctx.data_key;
  RETURN_IF_ERROR(CheckInput(tx, agency_id, in));
  Date today = ChinaDate(ctx.clock.Now());
  ASSIGN_OR_RETURN(int64_t seq, NextSeq(tx, agency_id, "feedback", today.year));
  char ref[32];
  std::snprintf(ref, sizeof ref, "FK%d-%04lld", today.year, static_cast<long long>(seq));
  FeedbackFiled f;
  f.ref = ref;
  f.query_code = in.submission_key.empty() ? NewQueryCode()
                                           : requests::internal::QueryCodeFrom(key, "feedback:" + in.submission_key);
  f.received_on = today;
  ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, agency_id));
  ASSIGN_OR_RETURN(int days, ReplyDays(tx, agency_id));
  auto due = cal.AddWorkdays(today, days);
  if (due.ok()) f.due_on = *due;
  std::string contact;
  if (!Trim(in.phone).empty() || !Trim(in.email).empty()) {
    contact = key.Seal(json::serialize(json::object{{"phone", std::string(Trim(in.phone))},
                                                    {"email", std::string(Trim(in.email))}}));
  }
  const std::string now = Now(ctx.clock);
  ASSIGN_OR_RETURN(f.id, tx.Insert(
      "INSERT INTO feedback_cases (agency_id, ref, query_code_hash, kind, channel, item_id, application_ref, content, "
      "requester_name, contact_sealed, received_on, due_on, state, registered_by, created_at, updated_at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?) RETURNING id",
      {agency_id, f.ref, key.Fingerprint("feedback:" + NormalizeCode(f.query_code)),
       std::string(FeedbackKindKey(in.kind)), std::string(FeedbackChannelKey(channel)),
       in.item_id ? store::Value(*in.item_id) : store::Value(nullptr), std::string(Trim(in.application_ref)),
       std::string(Trim(in.content)), std::string(Trim(in.name)), contact, today.ToString(),
       f.due_on ? store::Value(f.due_on->ToString()) : store::Value(nullptr),
       who ? store::Value(who->user_id) : store::Value(nullptr), now, now}));
  RETURN_IF_ERROR(tx.Exec("INSERT INTO feedback_events (agency_id, case_id, action, public_note, user_id, at) VALUES "
                          "(?, ?, 'received', ?, ?, ?)",
                          {agency_id, f.id, std::string("已收到，编号 ") + f.ref,
                           who ? store::Value(who->user_id) : store::Value(nullptr), now}).status());
  audit::Actor actor = who ? who->ActorFor() : audit::Actor{std::nullopt, "public:portal"};
  RETURN_IF_ERROR(audit::Append(tx, ctx.clock, {agency_id, actor, "feedback.receive", "feedback",
                                                std::to_string(f.id), "", FeedbackKindKey(in.kind),
                                                f.ref + " " + FeedbackKindLabel(in.kind) + "（" +
                                                    FeedbackChannelLabel(channel) + "）"}));
  return f;
}

constexpr char kSelect[] =
    "SELECT f.id, f.ref, f.kind, f.channel, f.state, f.item_id, COALESCE(i.index_no, '') AS index_no, "
    "COALESCE(i.title, '') AS item_title, f.application_ref, f.content, f.requester_name, f.contact_sealed, "
    "f.received_on, COALESCE(f.due_on, '') AS due_on, f.department_id, COALESCE(d.name, '') AS department_name, "
    "f.forward_note, f.department_answer, COALESCE(a.display_name, '') AS answerer_name, "
    "COALESCE(f.answered_at, '') AS answered_at, f.reply, f.reply_form, COALESCE(r.display_name, '') AS replier_name, "
    "COALESCE(f.replied_on, '') AS replied_on "
    "FROM feedback_cases f LEFT JOIN items i ON i.id = f.item_id LEFT JOIN departments d ON d.id = f.department_id "
    "LEFT JOIN users a ON a.id = f.answered_by LEFT JOIN users r ON r.id = f.replied_by WHERE f.agency_id = ? ";

std::string MaskContact(const DataKey* key, const std::string& sealed) {
  if (sealed.empty() || key == nullptr) return "";
  auto opened = key->Open(sealed);
  if (!opened.ok()) return "（无法解密）";
  json::error_code ec;
  json::value v = json::parse(*opened, ec);
  if (ec || !v.is_object()) return "";
  std::string out;
  for (const char* field : {"phone", "email"}) {
    const json::value* x = v.as_object().if_contains(field);
    if (!x || !x->is_string() || x->as_string().empty()) continue;
    std::string s(x->as_string());
    out += (out.empty() ? "" : "，") + MaskMiddle(s, 3, std::string(field) == "phone" ? 4 : 6);
  }
  return out;
}

int DaysBetween(const std::string& from, const std::string& to) {
  auto a = Date::Parse(from), b = Date::Parse(to);
  if (!a.ok() || !b.ok()) return 0;
  return static_cast<int>(b->DaysSinceEpoch() - a->DaysSinceEpoch());
}

FeedbackCase FromRow(const store::Row& r, const DataKey* key, Date today) {
  FeedbackCase c;
  c.id = r.Int("id");
  c.ref = r.Str("ref");
  c.kind = FeedbackKindFromKey(r.Str("kind")).value_or(FeedbackKind::kOpinion);
  c.channel = FeedbackChannelFromKey(r.Str("channel")).value_or(FeedbackChannel::kPortal);
  c.state = FeedbackStateFromKey(r.Str("state")).value_or(FeedbackState::kReceived);
  c.item_id = r.OptInt("item_id");
  c.item_index_no = r.Str("index_no");
  c.item_title = r.Str("item_title");
  c.application_ref = r.Str("application_ref");
  c.content = r.Str("content");
  c.requester_name = r.Str("requester_name");
  c.contact_masked = MaskContact(key, r.Str("contact_sealed"));
  c.received_on = r.Str("received_on");
  c.due_on = r.Str("due_on");
  c.department_id = r.OptInt("department_id");
  c.department = r.Str("department_name");
  c.forward_note = r.Str("forward_note");
  c.department_answer = r.Str("department_answer");
  c.answered_by = r.Str("answerer_name");
  c.answered_at = r.Str("answered_at");
  c.reply = r.Str("reply");
  c.reply_form = ReplyFormFromKey(r.Str("reply_form"));
  c.replied_by = r.Str("replier_name");
  c.replied_on = r.Str("replied_on");
  const bool open = FeedbackOpen(c.state);
  c.overdue = open && !c.due_on.empty() && today.ToString() > c.due_on;
  c.age_days = DaysBetween(c.received_on, open || c.replied_on.empty() ? today.ToString() : c.replied_on);
  return c;
}

// The visibility rule of the class comment, as SQL.
std::string VisibleTo(const Principal& who, std::vector<store::Value>& params) {
  if (SeesAllFeedback(who)) return "";
  params.push_back(who.department_id.value_or(-1));
  return "AND f.department_id = ? ";
}

// `who` as the state machine sees them, for case `c`.
FeedbackActor ActorFor(const Principal& who, const FeedbackCase& c) {
  return {who.Has(Role::kDisclosureOffice),
          c.state == FeedbackState::kForwarded && c.department_id && who.department_id == c.department_id};
}

// A case of the staff's views, with what `who` may do on it.
FeedbackCase ForStaff(const store::Row& r, const DataKey* key, Date today, const Principal& who) {
  FeedbackCase c = FromRow(r, key, today);
  c.allowed = Allowed(c.state, ActorFor(who, c));
  return c;
}

Result<FeedbackCase> Load(store::Tx& tx, const accounts::Context& ctx, const Principal& who, int64_t id) {
  std::vector<store::Value> params = {who.agency_id};
  std::string visible = VisibleTo(who, params);
  params.push_back(id);
  ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kSelect) + visible + "AND f.id = ?", params));
  if (!row) return NotFound("该件不存在或无权查看");
  return ForStaff(*row, ctx.data_key, ChinaDate(ctx.clock.Now()), who);
}

// Applies `action` to case `id` for `who`: the state machine decides, then
// `write` records what the action carries; an event and an audit entry are
// written in the same transaction.
Status Act(const accounts::Context& ctx, const Principal& who, int64_t id, FeedbackAction action,
           const std::function<Status(store::Tx&, const FeedbackCase&, FeedbackState)>& write, const std::string& note,
           const std::string& public_note) {
  return ctx.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(FeedbackCase c, Load(tx, ctx, who, id));
    ASSIGN_OR_RETURN(FeedbackState next, NextFeedbackState(c.state, action, ActorFor(who, c)));
    const std::string now = Now(ctx.clock);
    ASSIGN_OR_RETURN(int64_t changed, tx.Exec("UPDATE feedback_cases SET state = ?, updated_at = ? WHERE id = ? AND "
                                              "state = ?",
                                              {std::string(FeedbackStateKey(next)), now, id,
                                               std::string(FeedbackStateKey(c.state))}));
    if (changed != 1) return Conflict("该件刚被他人处理，请刷新后重试");
    RETURN_IF_ERROR(write(tx, c, next));
    RETURN_IF_ERROR(tx.Exec("INSERT INTO feedback_events (agency_id, case_id, action, note, public_note, user_id, at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)",
                            {who.agency_id, id, std::string(FeedbackStateKey(next)), note, public_note, who.user_id,
                             now}).status());
    return audit::Append(tx, ctx.clock, {who.agency_id, who.ActorFor(), std::string("feedback.") +
                                             FeedbackStateKey(next), "feedback", std::to_string(id),
                                         FeedbackStateKey(c.state), FeedbackStateKey(next),
                                         c.ref + " " + FeedbackActionLabel(action) + (note.empty() ? "" : "：" + note)});
  });
}

Result<Feedback::LetterFile> RenderReply(store::Tx& tx, int64_t agency_id, const FeedbackCase& c, bool docx) {
  if (c.state != FeedbackState::kReplied) return FailedPrecondition("尚未答复");
  ASSIGN_OR_RETURN(auto settings, accounts::LoadSettings(tx, agency_id));
  documents::Letter l;
  l.issuer = settings["name"];
  l.title = std::string("关于") + (c.kind == FeedbackKind::kComplaint ? "政府信息公开工作投诉" : "政府信息公开工作意见建议") +
            "的答复";
  l.addressee = c.requester_name.empty() ? "来信人" : c.requester_name;
  auto received = Date::Parse(c.received_on);
  std::string on = received.ok() ? documents::FormatChineseDate(*received) : c.received_on;
  std::string about = c.item_title.empty() ? "" : "关于“" + c.item_title + "”的";
  l.paragraphs.push_back("您于" + on + "通过" + FeedbackChannelLabel(c.channel) + "提出的" + about +
                         FeedbackKindLabel(c.kind) + "（编号：" + c.ref + "）收悉。经研究，现答复如下：");
  for (const std::string& line : Split(c.reply, '\n')) {
    std::string p(Trim(line));
    if (!p.empty()) l.paragraphs.push_back(p);
  }
  l.paragraphs.push_back("感谢您对本机关政府信息公开工作的关注和监督。");
  auto replied = Date::Parse(c.replied_on);
  l.date = replied.ok() ? *replied : Date{2000, 1, 1};
  if (!settings["phone"].empty()) l.contact = "联系电话：" + settings["phone"];
  Feedback::LetterFile f;
  f.filename = "答复_" + c.ref + (docx ? ".docx" : ".pdf");
  if (docx) {
    ASSIGN_OR_RETURN(f.bytes, documents::RenderDocx(l));
    f.media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  } else {
    ASSIGN_OR_RETURN(f.bytes, documents::RenderPdf(l));
    f.media_type = "application/pdf";
  }
  return f;
}

}  // namespace

const char* FeedbackKindKey(FeedbackKind k) {
  switch (k) {
    case FeedbackKind::kOpinion: return "opinion";
    case FeedbackKind::kSuggestion: return "suggestion";
    case FeedbackKind::kComplaint: return "complaint";
  }
  return "opinion";
}
const char* FeedbackKindLabel(FeedbackKind k) {
  switch (k) {
    case FeedbackKind::kOpinion: return "意见";
    case FeedbackKind::kSuggestion: return "建议";
    case FeedbackKind::kComplaint: return "投诉";
  }
  return "";
}
std::optional<FeedbackKind> FeedbackKindFromKey(std::string_view key) {
  for (FeedbackKind k : {FeedbackKind::kOpinion, FeedbackKind::kSuggestion, FeedbackKind::kComplaint}) {
    if (key == FeedbackKindKey(k)) return k;
  }
  return std::nullopt;
}
const char* FeedbackChannelKey(FeedbackChannel c) {
  switch (c) {
    case FeedbackChannel::kPortal: return "portal";
    case FeedbackChannel::kPhone: return "phone";
    case FeedbackChannel::kLetter: return "letter";
    case FeedbackChannel::kVisit: return "visit";
  }
  return "portal";
}
const char* FeedbackChannelLabel(FeedbackChannel c) {
  switch (c) {
    case FeedbackChannel::kPortal: return "门户网站";
    case FeedbackChannel::kPhone: return "电话";
    case FeedbackChannel::kLetter: return "来信";
    case FeedbackChannel::kVisit: return "来访";
  }
  return "";
}
std::optional<FeedbackChannel> FeedbackChannelFromKey(std::string_view key) {
  for (FeedbackChannel c : {FeedbackChannel::kPortal, FeedbackChannel::kPhone, FeedbackChannel::kLetter,
                            FeedbackChannel::kVisit}) {
    if (key == FeedbackChannelKey(c)) return c;
  }
  return std::nullopt;
}
const char* ReplyFormKey(ReplyForm f) {
  switch (f) {
    case ReplyForm::kDirect: return "direct";
    case ReplyForm::kMeeting: return "meeting";
    case ReplyForm::kMedia: return "media";
    case ReplyForm::kBoard: return "board";
  }
  return "direct";
}
const char* ReplyFormLabel(ReplyForm f) {
  switch (f) {
    case ReplyForm::kDirect: return "直接答复";
    case ReplyForm::kMeeting: return "会议通报";
    case ReplyForm::kMedia: return "媒体报道";
    case ReplyForm::kBoard: return "公开栏公告";
  }
  return "";
}
std::optional<ReplyForm> ReplyFormFromKey(std::string_view key) {
  for (ReplyForm f : {ReplyForm::kDirect, ReplyForm::kMeeting, ReplyForm::kMedia, ReplyForm::kBoard}) {
    if (key == ReplyFormKey(f)) return f;
  }
  return std::nullopt;
}

bool SeesAllFeedback(const Principal& who) {
  return who.Has(Role::kDisclosureOffice) || who.Has(Role::kSupervision) || who.Has(Role::kLeadingGroup);
}

namespace {

constexpr std::string_view kFeedbackKind = "feedback";

// The receipt the portal showed for `submission_key` the first time.
Result<std::optional<FeedbackFiled>> EarlierReceipt(store::Tx& tx, const DataKey& key, int64_t agency_id,
                                                    const std::string& submission_key) {
  ASSIGN_OR_RETURN(auto id, accounts::FindSubmission(tx, key, agency_id, kFeedbackKind, submission_key));
  if (!id) return std::optional<FeedbackFiled>();
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT ref, received_on, due_on FROM feedback_cases WHERE id = ? AND "
                                         "agency_id = ?", {*id, agency_id}));
  if (!row) return std::optional<FeedbackFiled>();
  FeedbackFiled f;
  f.id = *id;
  f.ref = row->Str("ref");
  f.query_code = requests::internal::QueryCodeFrom(key, "feedback:" + submission_key);
  ASSIGN_OR_RETURN(f.received_on, Date::Parse(row->Str("received_on")));
  if (!row->IsNull("due_on")) {
    ASSIGN_OR_RETURN(Date due, Date::Parse(row->Str("due_on")));
    f.due_on = due;
  }
  return std::optional<FeedbackFiled>(std::move(f));
}

}  // namespace

Result<FeedbackFiled> Feedback::Submit(int64_t agency_id, const FeedbackInput& in, const Origin& origin) {
  if (ctx_.data_key == nullptr) return FailedPrecondition("no data key configured");
  const DataKey& key = *ctx_.data_key;
  // The challenge only for a new submission: a form re-sent after its
  // challenge expired is still the submission it was.
  return accounts::SubmitOnce<FeedbackFiled>(
      in.submission_key,
      [&] {
        return ctx_.db.Read<std::optional<FeedbackFiled>>(
            [&](store::Tx& tx) { return EarlierReceipt(tx, key, agency_id, in.submission_key); });
      },
      [&]() -> Result<FeedbackFiled> {
        RETURN_IF_ERROR(
            accounts::CheckChallenge(key, origin.challenge_token, origin.challenge_answer, ctx_.clock.Now()));
        return ctx_.db.Transact<FeedbackFiled>([&](store::Tx& tx) -> Result<FeedbackFiled> {
          ASSIGN_OR_RETURN(FeedbackFiled f, File(ctx_, tx, agency_id, in, FeedbackChannel::kPortal, nullptr));
          RETURN_IF_ERROR(
              accounts::KeepSubmission(tx, key, ctx_.clock, agency_id, kFeedbackKind, in.submission_key, f.id));
          // Counted only once the input is good: a person correcting a typo
          // is not held back.
          RETURN_IF_ERROR(accounts::RecordSubmission(tx, key, ctx_.clock, agency_id,
                                                     accounts::PublicAction::kFeedback, origin.address));
          return f;
        });
      });
}

Result<FeedbackFiled> Feedback::Register(const Principal& who, const FeedbackInput& in, FeedbackChannel channel) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied("只有公开办可以登记收到的意见和投诉");
  if (channel == FeedbackChannel::kPortal) return InvalidArgument("请选择电话、来信或来访");
  return ctx_.db.Transact<FeedbackFiled>(
      [&](store::Tx& tx) { return File(ctx_, tx, who.agency_id, in, channel, &who); });
}

Result<PublicFeedback> Feedback::Lookup(int64_t agency_id, const std::string& query_code, const std::string& address) {
  if (ctx_.data_key == nullptr) return NotFound("查询码不正确");
  return accounts::LimitedLookup<PublicFeedback>(ctx_, *ctx_.data_key, agency_id, address,
                                                 [&] { return Find(agency_id, query_code); });
}

Result<PublicFeedback> Feedback::Find(int64_t agency_id, const std::string& query_code) {
  if (query_code.size() > 40 || ctx_.data_key == nullptr) return NotFound("查询码不正确");
  std::string code_key = ctx_.data_key->Fingerprint("feedback:" + NormalizeCode(query_code));
  return ctx_.db.Read<PublicFeedback>([&](store::Tx& tx) -> Result<PublicFeedback> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kSelect) + "AND f.query_code_hash = ?", {agency_id, code_key}));
    if (!row) return NotFound("查询码不正确");
    FeedbackCase c = FromRow(*row, nullptr, ChinaDate(ctx_.clock.Now()));
    PublicFeedback p;
    p.ref = c.ref;
    p.kind_label = FeedbackKindLabel(c.kind);
    p.state_label = c.state == FeedbackState::kForwarded || c.state == FeedbackState::kAnswered
                        ? "办理中"
                        : FeedbackStateLabel(c.state);
    p.received_on = c.received_on;
    p.due_on = c.due_on;
    p.subject = c.item_title.empty() ? (c.application_ref.empty() ? "政府信息公开工作" : "申请 " + c.application_ref)
                                     : c.item_title;
    p.content = c.content;
    p.replied = c.state == FeedbackState::kReplied;
    if (p.replied) {
      p.reply = c.reply;
      p.reply_form_label = c.reply_form ? ReplyFormLabel(*c.reply_form) : "";
      p.replied_on = c.replied_on;
    }
    ASSIGN_OR_RETURN(auto notes, tx.Query("SELECT at, public_note FROM feedback_events WHERE case_id = ? AND "
                                          "public_note <> '' ORDER BY id", {c.id}));
    for (const auto& n : notes) {
      auto at = ParseUtc(n.Str("at"));
      p.notes.emplace_back(at.ok() ? ChinaDate(*at).ToString() : n.Str("at"), n.Str("public_note"));
    }
    return p;
  });
}

bool Feedback::CodeBelongsTo(int64_t agency_id, int64_t id, const std::string& query_code) {
  if (query_code.empty() || query_code.size() > 40 || ctx_.data_key == nullptr) return false;
  std::string code_key = ctx_.data_key->Fingerprint("feedback:" + NormalizeCode(query_code));
  auto row = ctx_.db.Read<std::string>([&](store::Tx& tx) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto r, tx.QueryOne("SELECT query_code_hash FROM feedback_cases WHERE id = ? AND agency_id = ?",
                                         {id, agency_id}));
    return r ? r->Str("query_code_hash") : std::string();
  });
  return row.ok() && !row->empty() && ConstantTimeEquals(*row, code_key);
}

Result<std::vector<FeedbackCase>> Feedback::List(const Principal& who, const FeedbackFilter& f) {
  ASSIGN_OR_RETURN(auto page, Page(who, f, PageSpec{std::nullopt, 1000}));
  return std::move(page.rows);
}

namespace {

// The open states (FeedbackOpen) as a condition over `feedback_cases f`.
std::string OpenCases() {
  std::string sql;
  for (FeedbackState s : {FeedbackState::kReceived, FeedbackState::kForwarded, FeedbackState::kAnswered,
                          FeedbackState::kReplied, FeedbackState::kDismissed}) {
    if (!FeedbackOpen(s)) continue;
    sql += std::string(sql.empty() ? "f.state IN (" : ", ") + "'" + FeedbackStateKey(s) + "'";
  }
  return sql + ")";
}

// The cases of the filter `who` may see: kSelect and its conditions.
std::string Listed(const Principal& who, const FeedbackFilter& f, std::vector<store::Value>& params) {
  std::string sql = VisibleTo(who, params);
  if (f.kind) {
    sql += "AND f.kind = ? ";
    params.push_back(std::string(FeedbackKindKey(*f.kind)));
  }
  return sql;
}

}  // namespace

Result<PageOf<FeedbackCase>> Feedback::Page(const Principal& who, const FeedbackFilter& f, const PageSpec& page) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  // Where the position is: among the open cases (by received date, then
  // newest), among the closed ones (newest first), or nowhere (the start).
  std::optional<std::string> open_after;
  const bool closed_after = page.after && page.after->key == "1";
  if (page.after && page.after->key.size() == 11 && page.after->key[0] == '0' &&
      Date::Parse(page.after->key.substr(1)).ok()) {
    open_after = page.after->key.substr(1);
  }
  const size_t want = static_cast<size_t>(page.limit) + 1;
  Date today = ChinaDate(ctx_.clock.Now());
  std::vector<FeedbackCase> out;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    if (!closed_after) {
      std::vector<store::Value> params = {who.agency_id};
      std::string sql = std::string(kSelect) + Listed(who, f, params) + "AND " + OpenCases() + " ";
      if (open_after) {
        sql += "AND (f.received_on > ? OR (f.received_on = ? AND f.id < ?)) ";
        params.insert(params.end(), {*open_after, *open_after, page.after->id});
      }
      params.emplace_back(static_cast<int64_t>(want));
      ASSIGN_OR_RETURN(auto rows, tx.Query(sql + "ORDER BY f.received_on, f.id DESC LIMIT ?", params));
      for (const auto& r : rows) out.push_back(ForStaff(r, ctx_.data_key, today, who));
    }
    if (f.open_only || out.size() >= want) return Status::Ok();
    std::vector<store::Value> params = {who.agency_id};
    std::string sql = std::string(kSelect) + Listed(who, f, params) + "AND NOT " + OpenCases() + " ";
    if (closed_after) {
      sql += "AND f.id < ? ";
      params.emplace_back(page.after->id);
    }
    params.emplace_back(static_cast<int64_t>(want - out.size()));
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql + "ORDER BY f.id DESC LIMIT ?", params));
    for (const auto& r : rows) out.push_back(ForStaff(r, ctx_.data_key, today, who));
    return Status::Ok();
  }));
  return TakePage(std::move(out), page.limit, [](const FeedbackCase& c) {
    return FeedbackOpen(c.state) ? SeekKey{"0" + c.received_on, c.id} : SeekKey{"1", c.id};
  });
}

Result<Feedback::Counts> Feedback::Count(const Principal& who, const FeedbackFilter& f) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  // Overdue as FromRow says: open, with a due date, and today after it.
  std::vector<store::Value> params = {ChinaDate(ctx_.clock.Now()).ToString(), who.agency_id};
  std::string sql = "SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN f.due_on IS NOT NULL AND f.due_on <> '' AND "
                    "f.due_on < ? THEN 1 ELSE 0 END), 0) AS late FROM feedback_cases f WHERE f.agency_id = ? ";
  sql += Listed(who, f, params) + "AND " + OpenCases();
  return ctx_.db.Read<Counts>([&](store::Tx& tx) -> Result<Counts> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, params));
    Counts c;
    if (row) c = {row->Int("n"), row->Int("late")};
    return c;
  });
}

Result<FeedbackCase> Feedback::Get(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<FeedbackCase>([&](store::Tx& tx) -> Result<FeedbackCase> {
    ASSIGN_OR_RETURN(FeedbackCase c, Load(tx, ctx_, who, id));
    ASSIGN_OR_RETURN(
        auto events,
        tx.Query("SELECT e.at, e.action, e.note, e.public_note, COALESCE(u.display_name, '') AS display_name "
                 "FROM feedback_events e LEFT JOIN users u ON u.id = e.user_id WHERE "
                 "e.case_id = ? ORDER BY e.id",
                 {id}));
    for (const auto& e : events) {
      auto at = ParseUtc(e.Str("at"));
      std::string action =
          e.Str("action") == "received"
              ? std::string("收到（") + FeedbackChannelLabel(c.channel) + "）"
              : FeedbackStateLabel(FeedbackStateFromKey(e.Str("action")).value_or(FeedbackState::kReceived));
      c.events.push_back({at.ok() ? FormatChinaTime(*at) : e.Str("at"), action, e.Str("note"), e.Str("public_note"),
                          e.Str("display_name")});
    }
    return c;
  });
}

Status Feedback::Forward(const Principal& who, int64_t id, int64_t department_id, const std::string& note) {
  RETURN_IF_ERROR(CheckText(note, "转办说明", 1000, false));
  return Act(ctx_, who, id, FeedbackAction::kForward,
             [&](store::Tx& tx, const FeedbackCase&, FeedbackState) -> Status {
               ASSIGN_OR_RETURN(auto dept, tx.QueryOne("SELECT name FROM departments WHERE id = ? AND agency_id = ?",
                                                       {department_id, who.agency_id}));
               if (!dept) return InvalidArgument("请选择承办部门");
               return tx.Exec("UPDATE feedback_cases SET department_id = ?, forward_note = ?, department_answer = '', "
                              "answered_by = NULL, answered_at = NULL WHERE id = ?",
                              {department_id, std::string(Trim(note)), id}).status();
             },
             std::string(Trim(note)), "已转相关部门办理");
}

Status Feedback::Answer(const Principal& who, int64_t id, const std::string& text) {
  RETURN_IF_ERROR(CheckText(text, "部门答复意见", kMaxFeedbackChars, true));
  return Act(ctx_, who, id, FeedbackAction::kAnswer,
             [&](store::Tx& tx, const FeedbackCase&, FeedbackState) -> Status {
               return tx.Exec("UPDATE feedback_cases SET department_answer = ?, answered_by = ?, answered_at = ? "
                              "WHERE id = ?", {std::string(Trim(text)), who.user_id, Now(ctx_.clock), id}).status();
             },
             "", "");
}

Status Feedback::Reply(const Principal& who, int64_t id, const std::string& text, ReplyForm form) {
  RETURN_IF_ERROR(CheckText(text, "答复内容", kMaxFeedbackChars, true));
  return Act(ctx_, who, id, FeedbackAction::kReply,
             [&](store::Tx& tx, const FeedbackCase&, FeedbackState) -> Status {
               return tx.Exec("UPDATE feedback_cases SET reply = ?, reply_form = ?, replied_by = ?, replied_on = ? "
                              "WHERE id = ?",
                              {std::string(Trim(text)), std::string(ReplyFormKey(form)), who.user_id,
                               ChinaDate(ctx_.clock.Now()).ToString(), id}).status();
             },
             ReplyFormLabel(form), std::string("已答复（") + ReplyFormLabel(form) + "）");
}

Status Feedback::Dismiss(const Principal& who, int64_t id, const std::string& reason) {
  RETURN_IF_ERROR(CheckText(reason, "不予处理的理由", 1000, true));
  return Act(ctx_, who, id, FeedbackAction::kDismiss,
             [&](store::Tx& tx, const FeedbackCase&, FeedbackState) -> Status {
               return tx.Exec("UPDATE feedback_cases SET reply = ?, replied_by = ?, replied_on = ? WHERE id = ?",
                              {std::string(Trim(reason)), who.user_id, ChinaDate(ctx_.clock.Now()).ToString(), id})
                   .status();
             },
             std::string(Trim(reason)), "不予处理：" + std::string(Trim(reason)));
}

Result<Feedback::LetterFile> Feedback::ReplyLetter(const Principal& who, int64_t id, bool docx) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<LetterFile>([&](store::Tx& tx) -> Result<LetterFile> {
    ASSIGN_OR_RETURN(FeedbackCase c, Load(tx, ctx_, who, id));
    return RenderReply(tx, who.agency_id, c, docx);
  });
}

Result<Feedback::LetterFile> Feedback::ReplyLetterForSender(int64_t agency_id, const std::string& query_code,
                                                            bool docx, const std::string& address) {
  if (ctx_.data_key == nullptr) return NotFound("查询码不正确");
  return accounts::LimitedLookup<LetterFile>(ctx_, *ctx_.data_key, agency_id, address, [&]() -> Result<LetterFile> {
    if (query_code.size() > 40) return NotFound("查询码不正确");
    std::string code_key = ctx_.data_key->Fingerprint("feedback:" + NormalizeCode(query_code));
    return ctx_.db.Read<LetterFile>([&](store::Tx& tx) -> Result<LetterFile> {
      ASSIGN_OR_RETURN(auto row,
                       tx.QueryOne(std::string(kSelect) + "AND f.query_code_hash = ?", {agency_id, code_key}));
      if (!row) return NotFound("查询码不正确");
      return RenderReply(tx, agency_id, FromRow(*row, nullptr, ChinaDate(ctx_.clock.Now())), docx);
    });
  });
}

Result<std::map<int64_t, std::string>> FeedbackByItem(store::Tx& tx, int64_t agency_id, int year,
                                                      const std::optional<std::vector<int64_t>>& items) {
  std::string sql = "SELECT item_id, kind, state, ref FROM feedback_cases WHERE agency_id = ? AND "
                    "item_id IS NOT NULL AND received_on <= ?";
  std::vector<store::Value> params = {agency_id, std::to_string(year) + "-12-31"};
  if (items) {
    if (items->empty()) return std::map<int64_t, std::string>{};
    sql += " AND item_id IN (";
    for (size_t i = 0; i < items->size(); ++i) {
      sql += i ? ", ?" : "?";
      params.emplace_back((*items)[i]);
    }
    sql += ")";
  }
  ASSIGN_OR_RETURN(auto rows, tx.Query(sql + " ORDER BY received_on, id", params));
  std::map<int64_t, std::string> out;
  for (const auto& r : rows) {
    std::string& s = out[r.Int("item_id")];
    FeedbackState state = FeedbackStateFromKey(r.Str("state")).value_or(FeedbackState::kReceived);
    std::string kind = FeedbackKindLabel(FeedbackKindFromKey(r.Str("kind")).value_or(FeedbackKind::kOpinion));
    s += (s.empty() ? "" : "；") + kind + " " + r.Str("ref") + "（" + FeedbackStateLabel(state) + "）";
  }
  return out;
}

Result<int> Feedback::RecomputeDueDates(const Principal& who) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kEditCalendar));
  std::string open_sql;
  for (FeedbackState s : {FeedbackState::kReceived, FeedbackState::kForwarded, FeedbackState::kAnswered,
                          FeedbackState::kReplied, FeedbackState::kDismissed}) {
    if (!FeedbackOpen(s)) continue;
    open_sql += std::string(open_sql.empty() ? "state IN (" : ", ") + "'" + FeedbackStateKey(s) + "'";
  }
  open_sql += ")";
  return ctx_.db.Transact<int>([&](store::Tx& tx) -> Result<int> {
    ASSIGN_OR_RETURN(int days, ReplyDays(tx, who.agency_id));
    ASSIGN_OR_RETURN(int changed, accounts::Workdays::RecomputeStoredDueDates(tx, who.agency_id, "feedback_cases",
                                                                              open_sql, days));
    if (changed > 0) {
      RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "feedback.recompute_due", "agency",
                                                     std::to_string(who.agency_id), "", "",
                                                     std::to_string(changed) + " 件意见投诉的答复期限随工作日历调整"}));
    }
    return changed;
  });
}

}  // namespace gk::oversight
