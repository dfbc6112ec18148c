// Applications::Act and QuoteFee: one step of the handling workflow, with its
// case event, clock event, letter and audit entry in one transaction.
#include <boost/json.hpp>

#include "accounts/workdays.h"
#include "audit/audit.h"
#include "base/crypto.h"
#include "base/statutory.h"
#include "base/strings.h"
#include "disclosure/attachments.h"
#include "requests/access.h"
#include "requests/applications.h"
#include "requests/case_store.h"
#include "review/checks.h"

namespace gk::requests {
using accounts::Principal;
using accounts::Role;
using namespace internal;

namespace internal {

// The case and its facts, for someone who may read it (NotFound otherwise).
Result<Loaded> Load(store::Tx& tx, const gk::Clock& clock, const Principal& who, int64_t id) {
  RETURN_IF_ERROR(RequireReadableCase(tx, who, id));
  const int64_t agency_id = who.agency_id;
  Loaded l;
  ASSIGN_OR_RETURN(auto row, LoadCase(tx, agency_id, id));
  if (!row) return NotFound("申请不存在");
  l.row = *row;
  l.state = CaseStateFromKey(row->state).value_or(CaseState::kClosed);
  l.today = ChinaDate(clock.Now());
  ASSIGN_OR_RETURN(l.cal, accounts::Workdays::Load(tx, agency_id));
  ASSIGN_OR_RETURN(ClockEvents ce, LoadClockEvents(tx, id));
  auto deadline = ComputeClock(ce.events, l.cal, l.today);
  if (deadline.ok()) {
    l.clock = std::move(*deadline);
  } else if (deadline.status().code() == Code::kOutOfRange) {
    // A year without a calendar: the case goes on; only steps that need a
    // date counted in working days will say so.
    l.clock.received = l.clock.start = *Date::Parse(row->received_on);
  } else {
    return deadline.status();
  }
  CaseFacts& f = l.facts;
  f.state = l.state;
  f.department_id = row->department_id;
  ASSIGN_OR_RETURN(auto open, tx.QueryOne("SELECT count(*) FROM application_consultations "
                                          "WHERE application_id = ? AND answered_on IS NULL", {id}));
  f.open_consultations = static_cast<int>(open->Int(0));
  ASSIGN_OR_RETURN(auto ext, tx.QueryOne("SELECT count(*) FROM application_events WHERE application_id = ? "
                                         "AND clock_kind = 'extended'", {id}));
  f.extended = ext->Int(0) > 0;
  auto used = l.cal.WorkdaysBetween(l.clock.start, l.today);
  // Without a calendar: within 7 calendar days is certainly within 7 working days.
  f.correction_window_open = used.ok() ? *used <= kCorrectionNoticeDays
                                       : l.today.DaysSinceEpoch() - l.clock.start.DaysSinceEpoch() <= 7;
  ASSIGN_OR_RETURN(auto corr, tx.QueryOne("SELECT on_date, days FROM application_events WHERE application_id = ? "
                                          "AND action = 'request_correction' ORDER BY id DESC LIMIT 1", {id}));
  if (corr) {
    auto deadline = l.cal.AddWorkdays(*Date::Parse(corr->Str("on_date")), static_cast<int>(corr->Int("days")));
    f.correction_period_over = deadline.ok() && l.today > *deadline;
  }
  ASSIGN_OR_RETURN(auto fee, tx.QueryOne("SELECT due_on FROM application_fees WHERE application_id = ? "
                                         "AND paid_on IS NULL AND lapsed = 0 ORDER BY id DESC LIMIT 1", {id}));
  if (fee) f.fee_period_over = l.today > *Date::Parse(fee->Str("due_on"));
  ASSIGN_OR_RETURN(auto draft, tx.QueryOne("SELECT drafted_by FROM application_replies WHERE application_id = ? "
                                           "AND status = 'draft' ORDER BY id DESC LIMIT 1", {id}));
  if (draft) f.drafted_by = draft->Int("drafted_by");
  ASSIGN_OR_RETURN(f.unresolved_blocking, review::UnresolvedBlockingForApplication(tx, id));
  return l;
}

Result<Fee> QuoteByCount(store::Tx& tx, const CaseRow& row) {
  Date received = *Date::Parse(row.received_on);
  char month[16];
  std::snprintf(month, sizeof month, "%04d-%02d", received.year, received.month);
  ASSIGN_OR_RETURN(auto earlier, tx.QueryOne(
      "SELECT count(*) FROM applications o, applications a WHERE a.id = ? AND o.agency_id = a.agency_id "
      "AND o.applicant_key = a.applicant_key AND substr(o.received_on, 1, 7) = ? "
      "AND (o.received_on < a.received_on OR (o.received_on = a.received_on AND o.id < a.id))",
      {row.id, std::string(month)}));
  return FeeByCount(static_cast<int>(earlier->Int(0)), 1);
}

CaseActor ActorOf(const Principal& who) {
  return {who.user_id, who.department_id, who.Has(Role::kDisclosureOffice),
          who.Has(Role::kClerk) || who.Has(Role::kDeptHead)};
}

}  // namespace internal

namespace {

constexpr int kDefaultCorrectionDays = 15;

// The legal date of the action: given (not in the future, not before the
// last clock event) or today.
Result<Date> OnDate(const ActInput& in, const Loaded& l) {
  if (Trim(in.on_date).empty()) return l.today;
  auto d = Date::Parse(Trim(in.on_date));
  if (!d.ok()) return InvalidArgument("日期无效（格式 YYYY-MM-DD）");
  if (*d > l.today) return InvalidArgument("日期不能晚于今天");
  if (*d < *Date::Parse(l.row.received_on)) return InvalidArgument("日期不能早于收到申请之日");
  return *d;
}

Status RequireNote(const std::string& note, const char* label) { return CheckText(note, label, 2000, true); }

std::string OutcomeText(const Outcome& o) { return std::string(o.group_label) + "（" + o.label + "）"; }

// The per-action effects. Each returns the case event to record.
class Step {
 public:
  Step(store::Tx& tx, const gk::Clock& clock, const DataKey& key, const Principal& who, Loaded& l,
       const ActInput& in, Date on, std::string root)
      : tx_(tx), clock_(clock), key_(key), who_(who), l_(l), in_(in), on_(on), root_(std::move(root)) {}

  Result<NewEvent> Run(CaseAction a) {
    NewEvent e{CaseActionKey(a), on_, who_.user_id};
    switch (a) {
      case CaseAction::kAssign: return Assign(e);
      case CaseAction::kRequestCorrection: return RequestCorrection(e);
      case CaseAction::kReceiveSupplement:
        e.clock_kind = ClockEventKind::kSupplementReceived;
        e.note = in_.note.empty() ? "收到补正后的申请，答复期限重新计算" : in_.note;
        e.public_note = "已收到您补正后的申请，答复期限自收到之日的次日起重新计算";
        return e;
      case CaseAction::kCorrectionLapsed: return Close(e, "other.no_correction", "申请人逾期未补正");
      case CaseAction::kStartConsultation: return StartConsultation(e);
      case CaseAction::kEndConsultation: return EndConsultation(e);
      case CaseAction::kNoticeFee: return NoticeFee(e);
      case CaseAction::kRecordPayment: return RecordPayment(e);
      case CaseAction::kFeeLapsed: {
        RETURN_IF_ERROR(tx_.Exec("UPDATE application_fees SET lapsed = 1 WHERE application_id = ? AND paid_on IS NULL",
                                 {l_.row.id}).status());
        return Close(e, "other.no_fee", "申请人逾期未缴纳信息处理费");
      }
      case CaseAction::kExtend: return Extend(e);
      case CaseAction::kDraftReply: return DraftReply(e);
      case CaseAction::kReturnDraft: return Decide(e, ReplyStatus::kReturned, true);
      case CaseAction::kApproveReply: return Decide(e, ReplyStatus::kApproved, false);
      case CaseAction::kIssueReply: return IssueReply(e);
      case CaseAction::kRecordDelivery: return RecordDelivery(e);
      case CaseAction::kHandOver: return internal::HandOver(tx_, clock_, key_, who_, l_, in_, on_);
    }
    return InvalidArgument("unknown action");
  }

 private:
  Result<NewEvent> Assign(NewEvent e) {
    ASSIGN_OR_RETURN(auto d, tx_.QueryOne("SELECT name FROM departments WHERE id = ? AND agency_id = ? AND active = 1",
                                          {in_.department_id, l_.row.agency_id}));
    if (!d) return InvalidArgument("请选择承办部门");
    RETURN_IF_ERROR(tx_.Exec("UPDATE applications SET department_id = ? WHERE id = ?", {in_.department_id, l_.row.id})
                        .status());
    e.note = "分办至" + d->Str("name") + (in_.note.empty() ? "" : "：" + in_.note);
    e.public_note = "已交承办部门办理";
    return e;
  }

  Result<NewEvent> RequestCorrection(NewEvent e) {
    RETURN_IF_ERROR(RequireNote(in_.note, "需要补正的内容"));
    int days = in_.days > 0 ? in_.days : kDefaultCorrectionDays;
    if (days > 60) return InvalidArgument("补正期限不能超过 60 个工作日");
    ASSIGN_OR_RETURN(Date deadline, l_.cal.AddWorkdays(on_, days));
    e.clock_kind = ClockEventKind::kCorrectionSent;
    e.days = days;
    e.note = in_.note;
    e.public_note = "请于" + MarkedDate(l_.cal, deadline) + "前补正申请：" + in_.note;
    RETURN_IF_ERROR(IssueLetter(tx_, clock_, who_, l_.row, LetterKind::kCorrection, on_,
                                {{"correction", in_.note}, {"correction_deadline", LetterDate(l_.cal, deadline)}})
                        .status());
    return e;
  }

  Result<NewEvent> Close(NewEvent e, const char* outcome, const char* why) {
    RETURN_IF_ERROR(tx_.Exec("UPDATE applications SET outcome = ?, closed_on = ? WHERE id = ?",
                             {std::string(outcome), on_.ToString(), l_.row.id}).status());
    const Outcome* o = FindOutcome(outcome);
    e.note = std::string(why) + "，按“" + OutcomeText(*o) + "”办结";
    e.public_note = std::string(o->reply_text);
    return e;
  }

  Result<NewEvent> StartConsultation(NewEvent e) {
    const auto kind = FromKey(kConsultationKinds, in_.kind);
    if (!kind) return InvalidArgument("请选择征求意见的对象类型");
    RETURN_IF_ERROR(CheckText(in_.party, "征求意见对象", 100, true));
    ASSIGN_OR_RETURN(Date due, l_.cal.AddWorkdays(on_, kConsultationDays));
    ASSIGN_OR_RETURN(int64_t cid, tx_.Insert("INSERT INTO application_consultations (agency_id, application_id, kind, "
                                             "party, sent_on, due_on, note) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                             {l_.row.agency_id, l_.row.id, in_.kind, std::string(Trim(in_.party)),
                                              on_.ToString(), due.ToString(), in_.note}));
    bool third = kind == ConsultationKind::kThirdParty;
    e.clock_kind = ClockEventKind::kPauseStart;
    e.days = kConsultationDays;  // the other side's time; after it the clock runs again
    e.pause = "consultation:" + std::to_string(cid);
    e.note = std::string(third ? "征求第三方意见：" : "征求有关机关意见：") + std::string(Trim(in_.party)) +
             "，答复期限 " + MarkedDate(l_.cal, due);
    e.public_note = std::string(third ? "正在征求第三方意见" : "正在征求有关机关意见") +
                    "，征求意见期间不计入答复期限";
    RETURN_IF_ERROR(IssueLetter(tx_, clock_, who_, l_.row, LetterKind::kConsultation, on_,
                                {{"addressee", std::string(Trim(in_.party))},
                                 {"consult_reason", third ? "公开可能损害第三方合法权益" : "由本机关与其他机关共同制作"},
                                 {"consult_article", third ? "第三十二条" : "第三十四条"},
                                 {"consult_silence", third ? "逾期未提出意见的，本机关将依照《中华人民共和国政府信息公开条例》的规定决定是否公开。"
                                                           : "逾期未提出意见的，视为同意公开。"},
                                 {"consult_deadline", LetterDate(l_.cal, due)}})
                        .status());
    return e;
  }

  Result<NewEvent> EndConsultation(NewEvent e) {
    if (in_.answer != "consent" && in_.answer != "objection" && in_.answer != "no_answer") {
      return InvalidArgument("请选择征求意见的结果");
    }
    ASSIGN_OR_RETURN(auto c, tx_.QueryOne("SELECT party FROM application_consultations WHERE id = ? AND "
                                          "application_id = ? AND answered_on IS NULL",
                                          {in_.consultation_id, l_.row.id}));
    if (!c) return InvalidArgument("没有进行中的该项征求意见");
    RETURN_IF_ERROR(tx_.Exec("UPDATE application_consultations SET answered_on = ?, answer = ?, note = ? WHERE id = ?",
                             {on_.ToString(), in_.answer, in_.note, in_.consultation_id}).status());
    const char* label = in_.answer == "consent" ? "同意公开" : in_.answer == "objection" ? "不同意公开" : "逾期未答复";
    e.clock_kind = ClockEventKind::kPauseEnd;
    e.pause = "consultation:" + std::to_string(in_.consultation_id);
    e.note = "征求意见结束：" + c->Str("party") + "，" + label + (in_.note.empty() ? "" : "。" + in_.note);
    e.public_note = "征求意见结束，答复期限继续计算";
    return e;
  }

  Result<NewEvent> NoticeFee(NewEvent e) {
    auto method = FeeMethodFromKey(in_.fee_method);
    if (!method) return InvalidArgument("请选择计费方式");
    ASSIGN_OR_RETURN(Fee fee, Quote(*method));
    if (fee.total <= 0) return InvalidArgument("按规定该申请不收取信息处理费");
    std::string detail;
    for (const FeeLine& line : fee.lines) {
      if (line.rate == 0) continue;
      if (!detail.empty()) detail += "；";
      detail += std::string(*method == FeeMethod::kByCount ? "第" : "第") + std::to_string(line.from) +
                (line.to > line.from ? "—" + std::to_string(line.to) : "") +
                (*method == FeeMethod::kByCount ? "件" : "页") + " " + std::to_string(line.rate) + "元×" +
                std::to_string(line.to - line.from + 1) + "=" + std::to_string(line.amount) + "元";
    }
    ASSIGN_OR_RETURN(Date due, l_.cal.AddWorkdays(on_, kFeePaymentDays));
    int units = *method == FeeMethod::kByVolume ? in_.units : 1;
    RETURN_IF_ERROR(tx_.Exec("INSERT INTO application_fees (agency_id, application_id, method, units, amount, detail, "
                             "notice_on, due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             {l_.row.agency_id, l_.row.id, std::string(FeeMethodKey(*method)), int64_t{units},
                              fee.total, detail, on_.ToString(), due.ToString()}).status());
    e.clock_kind = ClockEventKind::kPauseStart;
    e.days = kFeePaymentDays;
    e.pause = "fee";
    e.note = std::string("收费通知：") + FeeMethodLabel(*method) + " " + std::to_string(fee.total) + "元，" + detail +
             "，缴费期限 " + MarkedDate(l_.cal, due);
    e.public_note = "已发出收费通知，请于" + MarkedDate(l_.cal, due) + "前缴纳" + std::to_string(fee.total) +
                    "元；缴费期间不计入答复期限";
    RETURN_IF_ERROR(IssueLetter(tx_, clock_, who_, l_.row, LetterKind::kFee, on_,
                                {{"fee_basis", fee.basis}, {"fee_detail", detail},
                                 {"fee_amount", std::to_string(fee.total)},
                                 {"fee_deadline", LetterDate(l_.cal, due)}})
                        .status());
    return e;
  }

  Result<NewEvent> RecordPayment(NewEvent e) {
    RETURN_IF_ERROR(tx_.Exec("UPDATE application_fees SET paid_on = ? WHERE application_id = ? AND paid_on IS NULL "
                             "AND lapsed = 0", {on_.ToString(), l_.row.id}).status());
    e.clock_kind = ClockEventKind::kPauseEnd;
    e.pause = "fee";
    e.note = "申请人已缴纳信息处理费" + (in_.note.empty() ? "" : "：" + in_.note);
    e.public_note = "已收到您缴纳的信息处理费，答复期限继续计算";
    return e;
  }

  Result<NewEvent> Extend(NewEvent e) {
    RETURN_IF_ERROR(RequireNote(in_.note, "延期理由"));
    if (in_.days < 1 || in_.days > kMaxExtension) return InvalidArgument("延长期限须为 1 至 20 个工作日");
    ASSIGN_OR_RETURN(auto head, tx_.QueryOne("SELECT value FROM agency_settings WHERE agency_id = ? AND "
                                             "key = 'disclosure_head'", {l_.row.agency_id}));
    if (head && !Trim(head->Str("value")).empty() && Trim(head->Str("value")) != who_.username) {
      return PermissionDenied("延期答复须经政府信息公开工作机构负责人（" + std::string(Trim(head->Str("value"))) + "）同意");
    }
    if (!l_.clock.due) {
      return FailedPrecondition("答复期限尚无法计算（相关年度的工作日历尚未录入），暂不能延期；请先在“工作日历”中添加该年度");
    }
    if (on_ > *l_.clock.due) {
      return FailedPrecondition("答复期限已于" + l_.clock.due->ToString() +
                                "届满；延期须在答复期限内决定并告知申请人（《条例》第三十三条）");
    }
    e.clock_kind = ClockEventKind::kExtended;
    e.days = in_.days;
    ASSIGN_OR_RETURN(Date extended_due, l_.cal.AddWorkdays(*l_.clock.due, in_.days));
    std::string new_due = MarkedDate(l_.cal, extended_due);
    e.note = "经公开办负责人同意延期 " + std::to_string(in_.days) + " 个工作日：" + in_.note;
    e.public_note = "答复期限延长" + std::to_string(in_.days) + "个工作日" +
                    "，将于" + new_due + "前答复";
    RETURN_IF_ERROR(IssueLetter(tx_, clock_, who_, l_.row, LetterKind::kExtension, on_,
                                {{"reason", in_.note}, {"extension_days", std::to_string(in_.days)},
                                 {"new_due", LetterDate(l_.cal, extended_due)}})
                        .status());
    return e;
  }

  Result<NewEvent> DraftReply(NewEvent e) {
    const Outcome* o = FindOutcome(in_.outcome);
    if (!o) return InvalidArgument("请选择答复类型");
    if (std::string_view(o->key).starts_with("other.no_")) {
      return InvalidArgument("逾期不补正、逾期未缴费由相应的办结操作处理");
    }
    bool needs_reasons = o->group != OutcomeGroup::kGranted;
    RETURN_IF_ERROR(CheckText(in_.reasons, "事实和理由", 5000, needs_reasons));
    RETURN_IF_ERROR(CheckText(in_.body, "答复正文", 20000, false));
    if (o->group == OutcomeGroup::kPartial && in_.files.empty()) {
      return InvalidArgument("部分公开须附上区分处理后的信息（已删除不应公开的部分），并写明不予公开部分的理由");
    }
    if (in_.files.size() > 10) return InvalidArgument("一次最多附 10 个文件");
    std::vector<disclosure::CheckedFile> checked;
    for (const auto& [name, data] : in_.files) {
      ASSIGN_OR_RETURN(disclosure::CheckedFile f, disclosure::CheckAttachment(name, data));
      checked.push_back(std::move(f));
    }
    ASSIGN_OR_RETURN(auto prior, tx_.QueryOne("SELECT count(*) FROM application_replies WHERE application_id = ? "
                                              "AND status IN ('draft', 'approved')", {l_.row.id}));
    if (prior->Int(0) > 0) return FailedPrecondition("已有待审核的答复");
    std::string now = FormatUtc(clock_.Now());
    ASSIGN_OR_RETURN(int64_t reply, tx_.Insert("INSERT INTO application_replies (agency_id, application_id, outcome, "
                                               "reasons, body, status, drafted_by, drafted_at) "
                                               "VALUES (?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id",
                                               {l_.row.agency_id, l_.row.id, in_.outcome, in_.reasons, in_.body,
                                                who_.user_id, now}));
    std::vector<review::Source> sources;
    for (size_t i = 0; i < checked.size(); ++i) {
      const std::string& data = in_.files[i].second;
      ASSIGN_OR_RETURN(int64_t file, tx_.Insert("INSERT INTO application_files (agency_id, application_id, reply_id, "
                                                "kind, filename, mime, size, sha256, content, created_by, created_at) "
                                                "VALUES (?, ?, ?, 'reply', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                                {l_.row.agency_id, l_.row.id, reply, checked[i].filename,
                                                 checked[i].media_type, static_cast<int64_t>(data.size()),
                                                 Sha256Hex(data), Base64Encode(data), who_.user_id, now}));
      sources.push_back({checked[i].filename, data, true, std::nullopt, file});
    }
    // Every file going out with a reply is checked like an item's attachment.
    if (!sources.empty()) {
      ASSIGN_OR_RETURN(auto scanner, review::AgencyScanner(tx_, clock_, l_.row.agency_id, root_));
      RETURN_IF_ERROR(review::CheckReplyFiles(tx_, clock_, *scanner, l_.row.agency_id, l_.row.id, sources));
    }
    e.note = "拟定答复：" + OutcomeText(*o);
    e.public_note = "已拟定答复意见，正在审核";
    return e;
  }

  Result<NewEvent> Decide(NewEvent e, ReplyStatus status, bool needs_note) {
    if (needs_note) RETURN_IF_ERROR(RequireNote(in_.note, "退回理由"));
    RETURN_IF_ERROR(tx_.Exec("UPDATE application_replies SET status = ?, decided_by = ?, decided_at = ?, "
                             "decision_note = ? WHERE application_id = ? AND status = 'draft'",
                             {std::string(KeyOf(kReplyStatuses, status)), who_.user_id, FormatUtc(clock_.Now()),
                              in_.note, l_.row.id})
                        .status());
    e.note = needs_note ? "退回答复：" + in_.note : "答复审核通过" + (in_.note.empty() ? "" : "：" + in_.note);
    return e;
  }

  Result<NewEvent> IssueReply(NewEvent e) {
    ASSIGN_OR_RETURN(auto r, tx_.QueryOne("SELECT id, outcome, reasons, body FROM application_replies "
                                          "WHERE application_id = ? AND status = 'approved' ORDER BY id DESC LIMIT 1",
                                          {l_.row.id}));
    if (!r) return FailedPrecondition("没有审核通过的答复");
    const Outcome* o = FindOutcome(r->Str("outcome"));
    if (!o) return Internal("reply with unknown outcome");
    ASSIGN_OR_RETURN(auto custom, tx_.QueryOne("SELECT body FROM letter_templates WHERE agency_id = ? AND kind = ?",
                                               {l_.row.agency_id, std::string("decision.") + o->key}));
    std::string decision = FillTemplate(custom ? custom->Str("body") : o->reply_text,
                                        {{"info", l_.row.info_title}, {"ref", l_.row.ref},
                                         {"received_date", ChineseDate(l_.row.received_on)}});
    // The drafter's own text (how, where and when the information is
    // provided; the responsible organ and its contact …) is its own section.
    std::map<std::string, std::string> fields = {
        {"decision", decision}, {"reasons", r->Str("reasons")}, {"details", r->Str("body")}, {"basis", o->basis}};
    RETURN_IF_ERROR(IssueLetter(tx_, clock_, who_, l_.row, LetterKind::kReply, on_, fields).status());
    RETURN_IF_ERROR(tx_.Exec("UPDATE application_replies SET status = 'issued' WHERE id = ?", {r->Int("id")}).status());
    RETURN_IF_ERROR(
        tx_.Exec("UPDATE applications SET outcome = ? WHERE id = ?", {r->Str("outcome"), l_.row.id}).status());
    e.note = "出具答复书：" + OutcomeText(*o);
    e.public_note = "已作出答复（" + OutcomeText(*o) + "），可下载答复书";
    return e;
  }

  Result<NewEvent> RecordDelivery(NewEvent e) {
    RETURN_IF_ERROR(CheckText(in_.delivery, "送达方式", 100, true));
    RETURN_IF_ERROR(tx_.Exec("UPDATE applications SET closed_on = ? WHERE id = ?", {on_.ToString(), l_.row.id})
                        .status());
    e.note = "答复书已送达：" + in_.delivery + (in_.note.empty() ? "" : "，" + in_.note);
    e.public_note = "答复书已送达，申请办结";
    return e;
  }

  Result<Fee> Quote(FeeMethod method) {
    if (method == FeeMethod::kByVolume) return FeeByVolume(in_.units);
    return QuoteByCount(tx_, l_.row);
  }

 private:
  store::Tx& tx_;
  const gk::Clock& clock_;
  const DataKey& key_;
  const Principal& who_;
  Loaded& l_;
  const ActInput& in_;
  Date on_;
  std::string root_;
};

// A reply's files are checked (extracted and scanned) before the write
// transaction, which then stores the kept reports (review::Precheck).
Status PrecheckReplyFiles(const accounts::Context& ctx, int64_t agency_id, const ActInput& in) {
  std::vector<review::Source> sources;
  for (const auto& [name, data] : in.files) {
    auto file = disclosure::CheckAttachment(name, data);
    if (!file.ok()) return Status::Ok();  // DraftReply refuses it with its message
    sources.push_back({file->filename, data, true, std::nullopt, std::nullopt});
  }
  return review::Precheck(ctx.db, ctx.clock, agency_id, ctx.root, sources);
}

}  // namespace

Status Applications::Act(const Principal& who, int64_t id, CaseAction action, const ActInput& in) {
  RETURN_IF_ERROR(CheckText(in.note, "说明", 2000, false));
  if (action == CaseAction::kDraftReply) {
    // Who may draft is known before any work on the files (NotFound for a case
    // `who` may not read); the write transaction asks again.
    RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(Loaded l, Load(tx, ctx_.clock, who, id));
      return requests::Decide(l.facts, ActorOf(who), action).status();
    }));
    RETURN_IF_ERROR(PrecheckReplyFiles(ctx_, who.agency_id, in));
  }
  Status s = ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Loaded l, Load(tx, ctx_.clock, who, id));
    ASSIGN_OR_RETURN(CaseState next, requests::Decide(l.facts, ActorOf(who), action));
    ASSIGN_OR_RETURN(Date on, OnDate(in, l));
    Step step(tx, ctx_.clock, key_, who, l, in, on, ctx_.root);
    ASSIGN_OR_RETURN(NewEvent e, step.Run(action));
    RETURN_IF_ERROR(AddEvent(tx, ctx_.clock, who.agency_id, id, e));
    // The clock must still make sense with the new event (dates in order).
    ASSIGN_OR_RETURN(ClockEvents ce, LoadClockEvents(tx, id));
    if (Status c = ComputeClock(ce.events, l.cal, l.today).status(); !c.ok() && c.code() != Code::kOutOfRange) return c;
    RETURN_IF_ERROR(SaveState(tx, ctx_.clock, l.cal, who.agency_id, id, next));
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), std::string("application.") +
                                          CaseActionKey(action), "application", std::to_string(id),
                                          l.row.state, CaseStateKey(next), l.row.ref + " " + e.note});
  });
  if (s.code() == Code::kOutOfRange) {
    return FailedPrecondition("尚未录入相关年度的法定节假日安排，无法按工作日计算期限；请先在“工作日历”中添加该年度");
  }
  return s;
}

Result<Fee> Applications::QuoteFee(const Principal& who, int64_t id, FeeMethod method, int units) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied("只有公开办可以计算信息处理费");
  if (method == FeeMethod::kByVolume) return FeeByVolume(units);
  return ctx_.db.Read<Fee>([&](store::Tx& tx) -> Result<Fee> {
    ASSIGN_OR_RETURN(auto row, LoadCase(tx, who.agency_id, id));
    if (!row) return NotFound("申请不存在");
    return QuoteByCount(tx, *row);
  });
}

Status Applications::OverrideFinding(const Principal& who, int64_t id, int64_t finding_id, const std::string& reason) {
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(RequireReadableCase(tx, who, id));
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT 1 FROM content_findings f JOIN content_checks c ON c.id = f.check_id "
                                           "WHERE f.id = ? AND c.application_id = ? AND c.agency_id = ?",
                                           {finding_id, id, who.agency_id}));
    if (!row) return NotFound("该申请没有这条发现");
    return review::OverrideFinding(tx, ctx_.clock, who, finding_id, reason);
  });
}

namespace {

// A file of the reply awaiting approval that `who` may redact: its name,
// bytes and reply; NotFound or the refusal of the state machine otherwise.
struct DraftFile {
  std::string filename, bytes;
  int64_t reply_id = 0;
};
Result<DraftFile> LoadDraftFile(store::Tx& tx, const gk::Clock& clock, const Principal& who, int64_t id,
                                int64_t file_id, Loaded* loaded) {
  ASSIGN_OR_RETURN(*loaded, Load(tx, clock, who, id));
  RETURN_IF_ERROR(MayRedactReplyFiles(loaded->facts, ActorOf(who)));
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT f.filename, f.content, f.reply_id FROM application_files f "
                                         "JOIN application_replies r ON r.id = f.reply_id "
                                         "WHERE f.id = ? AND f.application_id = ? AND f.agency_id = ? "
                                         "AND r.status = 'draft'",
                                         {file_id, id, who.agency_id}));
  if (!row) return NotFound("答复文件不存在");
  DraftFile f{row->Str("filename"), "", row->Int("reply_id")};
  ASSIGN_OR_RETURN(f.bytes, Base64Decode(row->Str("content")));
  return f;
}

}  // namespace

// Read, redacted and verified outside any write transaction; written in a
// short one that reads the file again (it must still be the draft's).
Result<int64_t> Applications::RedactReplyFile(const Principal& who, int64_t id, int64_t file_id,
                                             const std::vector<std::string>& terms) {
  DraftFile draft;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    Loaded l;
    ASSIGN_OR_RETURN(draft, LoadDraftFile(tx, ctx_.clock, who, id, file_id, &l));
    return Status::Ok();
  }));
  ASSIGN_OR_RETURN(disclosure::ReleaseCopy copy, disclosure::RedactForRelease(ctx_.db, ctx_.clock, who.agency_id,
                                                                              ctx_.root, draft.filename, draft.bytes,
                                                                              terms));
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    Loaded l;
    ASSIGN_OR_RETURN(DraftFile now_file, LoadDraftFile(tx, ctx_.clock, who, id, file_id, &l));
    if (now_file.bytes != draft.bytes) return Conflict("区分处理期间该文件已被更换，请重新操作");
    const std::string& filename = draft.filename;
    std::string now = Now(ctx_.clock);
    ASSIGN_OR_RETURN(int64_t copy_id, tx.Insert("INSERT INTO application_files (agency_id, application_id, reply_id, "
                                                "kind, filename, mime, size, sha256, content, created_by, created_at) "
                                                "VALUES (?, ?, ?, 'reply', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                                {who.agency_id, id, now_file.reply_id, copy.file.filename,
                                                 copy.file.media_type, static_cast<int64_t>(copy.bytes.size()),
                                                 Sha256Hex(copy.bytes), Base64Encode(copy.bytes), who.user_id, now}));
    RETURN_IF_ERROR(tx.Exec("UPDATE application_files SET kind = 'superseded', reply_id = NULL WHERE id = ?",
                            {file_id}).status());
    RETURN_IF_ERROR(tx.Exec("INSERT INTO application_redactions (agency_id, application_id, from_file_id, to_file_id, "
                            "entries, stripped, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            {who.agency_id, id, file_id, copy_id, copy.entries, copy.stripped, who.user_id, now})
                        .status());
    ASSIGN_OR_RETURN(auto scanner, review::AgencyScanner(tx, ctx_.clock, who.agency_id, ctx_.root));
    RETURN_IF_ERROR(review::CheckReplyFiles(tx, ctx_.clock, *scanner, who.agency_id, id,
                                            {{copy.file.filename, copy.bytes, true, std::nullopt, copy_id}}));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "application.redact_file",
                                                   "application", std::to_string(id), "", copy.hash,
                                                   l.row.ref + " 区分处理答复文件 " + filename + "：删除 " +
                                                       std::to_string(copy.removals) + " 处，去除隐藏内容 " +
                                                       std::to_string(copy.parts_stripped) + " 项"}));
    return copy_id;
  });
}

}  // namespace gk::requests
