// The staff's application pages: the inbox, the intake form, the case page
// with its actions, files and letters, and the letter templates. The
// portal's pages are in apply.cc.
#include "base/statutory.h"
#include "base/strings.h"
#include "requests/applications.h"
#include "extract/extract.h"
#include "web/findings.h"
#include "web/page.h"
#include "web/pager.h"
#include "web/pages/application_views.h"
#include "web/render.h"

namespace gk::web {
namespace {

using namespace application_views;
using requests::CaseAction;
using requests::CaseState;

const char* UrgencyClass(requests::Urgency u) { return requests::UrgencyKey(u); }

View InboxRowView(const requests::InboxRow& r) {
  View row;
  row["id"] = r.id;
  row["ref"] = r.ref;
  row["applicant"] = r.applicant_name;
  row["info_title"] = r.info_title;
  row["received_on"] = r.received_on;
  row["due_on"] = r.due_on + (r.due_provisional ? kProvisionalMark : "");
  row["department"] = r.department_name;
  row["state"] = requests::CaseStateLabel(r.state);
  row["state_key"] = requests::CaseStateKey(r.state);
  row["urgency"] = requests::UrgencyLabel(r.urgency);
  row["urgency_key"] = UrgencyClass(r.urgency);
  return row;
}

Response Inbox(Ctx& c) {
  requests::InboxFilter filter = requests::InboxFilterOf(c.req.QueryParam("filter"));
  PageSpec asked = PageRequested(c.req);
  auto page = Service(c).Inbox(c.who(), filter, asked);
  if (!page.ok()) return c.Error(page.status());
  auto counts = Service(c).CountInbox(c.who());
  if (!counts.ok()) return c.Error(counts.status());
  View v = c.Base(c.renderer.Text("nav_applications"), "applications");
  v["can_register"] = c.who().Has(accounts::Role::kDisclosureOffice);
  v["filter_mine"] = filter == requests::InboxFilter::kMine;
  v["filter_open"] = filter == requests::InboxFilter::kOpen;
  v["filter_closed"] = filter == requests::InboxFilter::kClosed;
  v["filter_all"] = filter == requests::InboxFilter::kAll;
  View n;
  n["open"] = std::to_string(counts->open);
  n["overdue"] = std::to_string(counts->overdue);
  n["has_overdue"] = counts->overdue > 0;
  n["mine"] = std::to_string(counts->mine);
  v["counts"] = std::move(n);
  View list = View::MakeList();
  for (const auto& r : page->rows) list.Push(InboxRowView(r));
  v["rows"] = std::move(list);
  SetPager(v, ListBase(c.req), asked, page->next);
  return c.Page("staff/applications", std::move(v));
}

Response RegisterForm(Ctx& c, const std::string& error = "", int status = 200) {
  View v = c.Base("登记依申请公开申请", "applications");
  View form = FormView(c);
  for (const auto& [k, val] : form.map()) v[k] = val;
  if (c.Field("received_on").empty()) v["received_on"] = ChinaDate(c.services.clock.Now()).ToString();
  v["error"] = error;
  return c.Page("staff/application_new", std::move(v), status);
}

Response Register(Ctx& c) {
  auto f = Service(c).Register(c.who(), ReadForm(c));
  if (!f.ok()) return Refused(c, f.status(), [&](const std::string& m, int st) { return RegisterForm(c, m, st); });
  return Response::Redirect("/staff/applications/" + std::to_string(f->id) + "?ok=application_registered");
}

View OutcomeOptions(const std::string& selected) {
  View list = View::MakeList();
  for (const auto& o : requests::Outcomes()) {
    if (std::string_view(o.key).starts_with("other.no_")) continue;  // closed by their own actions
    View row;
    row["key"] = o.key;
    row["label"] = std::string(o.group_label) + " — " + o.label;
    row["selected"] = selected == o.key;
    list.Push(std::move(row));
  }
  return list;
}

// The agencies a case may be handed over to (转交), grouped by kind for the
// form's select.
View HandOverGroups(const std::vector<accounts::PlatformAgency>& targets) {
  View groups = View::MakeList();
  for (auto kind : {accounts::AgencyKind::kDistrict, accounts::AgencyKind::kDepartment, accounts::AgencyKind::kStreet}) {
    View list = View::MakeList();
    for (const auto& t : targets) {
      if (t.kind != kind) continue;
      View row;
      row["id"] = t.agency.id;
      row["name"] = t.agency.name;
      list.Push(std::move(row));
    }
    if (list.list().empty()) continue;
    View g;
    g["label"] = accounts::AgencyKindLabel(kind);
    g["agencies"] = std::move(list);
    groups.Push(std::move(g));
  }
  return groups;
}

// The forms of the actions the service allows, with what they need; no rule
// of their own.
void AddActions(Ctx& c, const requests::CasePageView& p, View& v) {
  const requests::Case& k = p.kase;
  auto allows = [&k](CaseAction a) { return requests::IsAllowed(k.allowed, a); };
  v["can_assign"] = allows(CaseAction::kAssign);
  v["can_correct"] = allows(CaseAction::kRequestCorrection);
  v["can_supplement"] = allows(CaseAction::kReceiveSupplement);
  v["can_correction_lapsed"] = allows(CaseAction::kCorrectionLapsed);
  v["can_consult"] = allows(CaseAction::kStartConsultation);
  v["can_end_consult"] = allows(CaseAction::kEndConsultation);
  v["can_fee"] = allows(CaseAction::kNoticeFee);
  v["can_pay"] = allows(CaseAction::kRecordPayment);
  v["can_fee_lapsed"] = allows(CaseAction::kFeeLapsed);
  if (p.fee_quote && !p.fee_quote->lines.empty()) {
    v["fee_nth"] = p.fee_quote->lines.back().to;
    v["fee_quote"] = p.fee_quote->total;
  }
  v["can_extend"] = allows(CaseAction::kExtend);
  v["can_draft"] = allows(CaseAction::kDraftReply);
  v["can_approve"] = allows(CaseAction::kApproveReply);
  v["can_return"] = allows(CaseAction::kReturnDraft);
  v["can_issue"] = allows(CaseAction::kIssueReply);
  v["can_deliver"] = allows(CaseAction::kRecordDelivery);
  v["can_reveal"] = k.may_reveal;
  v["can_review"] = k.may_add_review;
  v["outcomes"] = OutcomeOptions(c.Field("outcome"));
  View list = View::MakeList();
  for (const auto& d : p.departments) {
    View row;
    row["id"] = d.id;
    row["name"] = d.name;
    row["selected"] = k.department_id == d.id;
    list.Push(std::move(row));
  }
  v["departments"] = std::move(list);
  v["today"] = ChinaDate(c.services.clock.Now()).ToString();
  v["can_hand_over"] = allows(CaseAction::kHandOver) && !p.handover_targets.empty();
  v["handover_groups"] = HandOverGroups(p.handover_targets);
}

// The registry search and related applications, for deciding the reply.
void AddRelated(const requests::CasePageView& p, View& v) {
  if (requests::IsOpen(p.kase.state)) {
    View list = View::MakeList();
    for (const auto& x : p.suggestions) {
      View row;
      row["item_id"] = x.item_id;
      row["title"] = x.title;
      row["index_no"] = x.index_no;
      row["attribute"] = x.attribute;
      row["state"] = x.state;
      row["published"] = x.published;
      list.Push(std::move(row));
    }
    v["has_suggestions"] = !p.suggestions.empty();
    v["suggestions"] = std::move(list);
  }
  v["search_q"] = p.kase.info_title;
  const requests::Repeats& rep = p.repeats;
  View list = View::MakeList();
  for (const auto& x : rep.related) {
    View row;
    row["id"] = x.id;
    row["ref"] = x.ref;
    row["received_on"] = x.received_on;
    row["applicant"] = x.applicant_name;
    row["outcome"] = x.outcome_label;
    row["state"] = x.state_label;
    row["same_applicant"] = x.same_applicant;
    list.Push(std::move(row));
  }
  v["has_related"] = !rep.related.empty();
  v["related"] = std::move(list);
  v["repeat"] = rep.repeat;
  v["suggest_proactive"] = rep.suggest_proactive;
  v["applicants"] = rep.applicants;
}

// The confidentiality check of the files going out with the reply.
void AddChecks(const requests::CasePageView& p, View& v) {
  const requests::Case& k = p.kase;
  View list = View::MakeList();
  int open_blocking = 0;
  for (const auto& chk : p.checks) {
    bool superseded = false;
    for (const auto& f : k.files) superseded = superseded || (chk.file_id == f.id && f.superseded);
    if (superseded) continue;  // replaced by its redacted copy
    View cv;
    cv["source"] = chk.source;
    if (chk.file_id) cv["file_id"] = *chk.file_id;
    bool blocking = false;
    for (const auto& f : chk.findings) blocking = blocking || f.Blocks();
    cv["can_redact"] = blocking && chk.file_id.has_value() && k.may_redact;
    cv["verdict"] = chk.verdict;
    cv["verdict_label"] = VerdictLabel(chk.verdict);
    View fs = View::MakeList();
    for (const auto& f : chk.findings) {
      open_blocking += f.Blocks();
      fs.Push(StoredFindingView(f));
    }
    cv["findings"] = std::move(fs);
    list.Push(std::move(cv));
  }
  v["has_checks"] = !list.list().empty();
  v["checks"] = std::move(list);
  v["open_blocking"] = open_blocking;
  View redactions = View::MakeList();
  for (const std::string& line : k.redactions) redactions.Push(View(line));
  v["has_redactions"] = !k.redactions.empty();
  v["redactions"] = std::move(redactions);
}

// What the case is: the application, the applicant (masked) and the clock.
void AddFacts(const requests::Case& k, View& v) {
  v["id"] = k.id;
  v["case_id"] = k.id;
  v["ref"] = k.ref;
  v["state"] = requests::CaseStateLabel(k.state);
  v["state_key"] = requests::CaseStateKey(k.state);
  v["applicant_type"] = requests::Info(k.applicant_type).label;
  v["applicant_name"] = k.applicant_name;
  v["contact_person"] = k.contact_person;
  v["id_type"] = k.id_type;
  v["id_masked"] = k.id_masked;
  v["phone_masked"] = k.phone_masked;
  v["channel"] = requests::Info(k.channel).label;
  v["received_on"] = k.received_on;
  v["info_title"] = k.info_title;
  v["info_doc_no"] = k.info_doc_no;
  v["description"] = k.description;
  v["form"] = requests::FormLabel(k.form);
  v["delivery"] = requests::DeliveryLabel(k.delivery);
  v["fee_waiver"] = k.fee_waiver_requested;
  v["department"] = k.department_name;
  if (const auto* o = requests::FindOutcome(k.outcome)) v["outcome"] = std::string(o->group_label) + "：" + o->label;
  v["due_on"] = k.clock.clock.due ? k.clock.clock.due->ToString() : std::string();
  v["due_provisional"] = k.clock.clock.provisional_year.has_value();
  if (k.clock.urgency) {
    v["urgency"] = requests::UrgencyLabel(*k.clock.urgency);
    v["urgency_key"] = requests::UrgencyKey(*k.clock.urgency);
  }
  v["clock_lines"] = ClockLines(k.clock);
  v["history"] = HistoryView(k.clock);
  v["timeline"] = TimelineView(k.timeline);
  v["letters"] = LettersView(k.letters);
  v["files"] = FilesView(k.files);
  v["transfer_consent"] = k.transfer_consent;
  AddHandOver(k.handed_to, "handed_to", v);
  AddHandOver(k.handed_from, "handed_from", v);
}

// The work on it so far: consultations, fees and the reply.
void AddWork(const requests::Case& k, View& v) {
  View cons = View::MakeList();
  for (const auto& x : k.consultations) {
    View row;
    row["id"] = x.id;
    row["kind"] = LabelOf(requests::kConsultationKinds, FromKey(requests::kConsultationKinds, x.kind)
                                                            .value_or(requests::ConsultationKind::kAgency));
    row["party"] = x.party;
    row["sent_on"] = x.sent_on;
    row["due_on"] = x.due_on + (x.due_provisional ? kProvisionalMark : "");
    row["answered_on"] = x.answered_on;
    row["open"] = x.answered_on.empty();
    cons.Push(std::move(row));
  }
  v["consultations"] = std::move(cons);
  View fees = View::MakeList();
  for (const auto& f : k.fees) {
    View row;
    row["method"] = f.method == "count" ? "按件计收" : "按量计收";
    row["amount"] = f.amount;
    row["detail"] = f.detail;
    row["notice_on"] = f.notice_on;
    row["due_on"] = f.due_on + (f.due_provisional ? kProvisionalMark : "");
    row["paid_on"] = f.paid_on;
    row["lapsed"] = f.lapsed;
    fees.Push(std::move(row));
  }
  v["fees"] = std::move(fees);
  if (k.reply) {
    View r;
    const auto* o = requests::FindOutcome(k.reply->outcome);
    r["outcome"] = o ? std::string(o->group_label) + "：" + o->label : k.reply->outcome;
    r["basis"] = o ? o->basis : "";
    r["reasons"] = k.reply->reasons;
    r["body"] = k.reply->body;
    const auto status = FromKey(requests::kReplyStatuses, k.reply->status);
    r["status"] = status ? LabelOf(requests::kReplyStatuses, *status) : "已出具";
    r["drafted_by"] = k.reply->drafted_by_name;
    r["decided_by"] = k.reply->decided_by_name;
    r["decision_note"] = k.reply->decision_note;
    v["reply"] = std::move(r);
  }
}

// 行政复议 and 行政诉讼 against the reply.
void AddReviews(const requests::Case& k, View& v) {
  View reviews = View::MakeList();
  for (const auto& r : k.reviews) {
    View row;
    row["id"] = r.id;
    row["kind"] = r.kind_label;
    row["filed_on"] = r.filed_on;
    row["body"] = r.body;
    row["result"] = r.result_label;
    row["pending"] = requests::ReviewPending(r.result);
    row["decided_on"] = r.decided_on;
    row["note"] = r.note;
    reviews.Push(std::move(row));
  }
  v["has_reviews"] = !k.reviews.empty();
  v["reviews"] = std::move(reviews);
}

// The case as read by one service call (Applications::CasePage).
Response ShowCase(Ctx& c, const std::string& error = "", int status = 200) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto page = Service(c).CasePage(c.who(), *id);
  if (!page.ok()) return c.Error(page.status());
  const requests::Case& k = page->kase;
  View v = c.Base("申请 " + k.ref, "applications");
  v["error"] = error;
  AddFacts(k, v);
  AddWork(k, v);
  AddActions(c, *page, v);
  AddRelated(*page, v);
  AddReviews(k, v);
  AddChecks(*page, v);
  AddResponsibility(c, ResponsibilityOf::kApplication, k.id, v);
  return c.Page("staff/application", std::move(v), status);
}

// The case page again with a refusal of an action on it (web/page.h Refused).
Redisplay CaseRedisplay(Ctx& c) {
  return [&c](const std::string& message, int status) { return ShowCase(c, message, status); };
}

int FieldInt(Ctx& c, const char* name) {
  std::string s(Trim(c.Field(name)));
  if (s.empty() || s.size() > 9) return 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return -1;
  }
  return std::atoi(s.c_str());
}

Response Act(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto action = requests::CaseActionFromKey(c.params["action"]);
  if (!action) return c.Error(NotFound("未知的操作"));
  requests::ActInput in;
  in.on_date = c.Field("on_date");
  in.note = c.Field("note");
  in.department_id = FieldInt(c, "department_id");
  in.days = FieldInt(c, "days");
  in.party = c.Field("party");
  in.kind = c.Field("kind");
  in.consultation_id = FieldInt(c, "consultation_id");
  in.answer = c.Field("answer");
  in.fee_method = c.Field("fee_method");
  in.units = FieldInt(c, "units");
  in.outcome = c.Field("outcome");
  in.reasons = c.Field("reasons");
  in.body = c.Field("body");
  in.delivery = c.Field("delivery");
  in.target_agency_id = FieldInt(c, "target_agency_id");
  in.consent_recorded = c.Field("consent_recorded") == "1";
  for (const Part& f : c.files) {
    if (!f.data.empty()) in.files.emplace_back(f.filename, f.data);
  }
  Status s = Service(c).Act(c.who(), *id, *action, in);
  if (!s.ok()) return Refused(c, s, CaseRedisplay(c));
  return Response::Redirect("/staff/applications/" + std::to_string(*id) + "?ok=acted");
}

requests::ReviewInput ReadReview(Ctx& c) {
  return {c.Field("kind"), c.Field("filed_on"), c.Field("body"), c.Field("result"), c.Field("decided_on"),
          c.Field("note")};
}

Response AddReview(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto r = Service(c).AddReview(c.who(), *id, ReadReview(c));
  if (!r.ok()) return Refused(c, r.status(), CaseRedisplay(c));
  return Response::Redirect("/staff/applications/" + std::to_string(*id) + "?ok=acted");
}

Response UpdateReview(Ctx& c) {
  auto id = c.IdParam("id");
  auto rid = c.IdParam("review");
  if (!id.ok() || !rid.ok()) return c.Error(InvalidArgument("编号无效"));
  Status s = Service(c).UpdateReview(c.who(), *id, *rid, ReadReview(c));
  if (!s.ok()) return Refused(c, s, CaseRedisplay(c));
  return Response::Redirect("/staff/applications/" + std::to_string(*id) + "?ok=acted");
}

Response OverrideFinding(Ctx& c) {
  auto id = c.IdParam("id");
  auto fid = c.IdParam("finding");
  if (!id.ok() || !fid.ok()) return c.Error(InvalidArgument("编号无效"));
  Status s = Service(c).OverrideFinding(c.who(), *id, *fid, c.Field("reason"));
  if (!s.ok()) return Refused(c, s, CaseRedisplay(c));
  return Response::Redirect("/staff/applications/" + std::to_string(*id) + "?ok=acted");
}

Response RevealId(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto full = Service(c).RevealApplicant(c.who(), *id);
  if (!full.ok()) return c.Error(full.status());
  View v = c.Base("申请人证件号码和联系方式", "applications");
  v["id"] = *id;
  v["id_number"] = full->id_number;
  v["phone"] = full->phone;
  v["email"] = full->email;
  v["address"] = full->address;
  v["postal_code"] = full->postal_code;
  return c.Page("staff/application_id", std::move(v));
}

Response StaffFile(Ctx& c) {
  auto id = c.IdParam("id");
  auto fid = c.IdParam("file");
  if (!id.ok() || !fid.ok()) return c.Error(InvalidArgument("编号无效"));
  auto f = Service(c).ReadFile(c.who(), *id, *fid);
  if (!f.ok()) return c.Error(f.status());
  return FileResponse(f->filename, f->media_type, std::move(f->bytes));
}

// A file of the case as the check read it, findings highlighted (see
// items.cc AttachmentText); a file of the reply awaiting approval can be
// redacted from here by whoever may draft the reply.
Response StaffFileText(Ctx& c) {
  auto id = c.IdParam("id");
  auto fid = c.IdParam("file");
  if (!id.ok() || !fid.ok()) return c.Error(InvalidArgument("编号无效"));
  auto got = Service(c).Get(c.who(), *id);
  if (!got.ok()) return c.Error(got.status());
  auto f = Service(c).ReadFile(c.who(), *id, *fid);
  if (!f.ok()) return c.Error(f.status());
  const requests::Case& k = *got;
  View v = c.Base(f->filename, "applications");
  v["back"] = "/staff/applications/" + std::to_string(k.id) + "#checks";
  v["back_title"] = "申请 " + k.ref;
  v["name"] = f->filename;
  v["redact_action"] = "/staff/applications/" + std::to_string(k.id) + "/files/" + std::to_string(*fid) + "/redact";
  v["redact_button"] = "区分处理并替换答复所附文件";
  const accounts::Principal& who = c.who();
  const review::CheckView* check = nullptr;
  auto checks = Service(c).Checks(who, k.id);
  if (checks.ok()) {
    for (const auto& chk : *checks) {
      if (chk.file_id == *fid) check = &chk;
    }
  }
  bool current = false;
  for (const auto& cf : k.files) current = current || (cf.id == *fid && !cf.superseded && !cf.released);
  v["can_edit"] = k.may_redact && current;
  v["checked"] = check != nullptr;
  if (check) {
    v["verdict"] = check->verdict;
    v["verdict_label"] = VerdictLabel(check->verdict);
    View fs = View::MakeList();
    for (const auto& finding : check->findings) fs.Push(StoredFindingView(finding));
    v["findings"] = std::move(fs);
    v["has_findings"] = !check->findings.empty();
  }
  auto text = extract::ExtractRemembered(f->filename, f->bytes);
  if (!text.ok()) {
    v["error"] = c.UserMessage(text.status());
  } else {
    const std::vector<review::FindingView> none;
    v["parts"] = TextPartsView(**text, check ? check->findings : none,
                               "/staff/applications/" + std::to_string(k.id) + "/files/" + std::to_string(*fid) +
                                   "/scans");
  }
  return c.Page("staff/attachment_text", std::move(v));
}

// A scanned page of a reply file with its findings framed, for the same
// readers as the text above.
Response StaffFileScan(Ctx& c) {
  auto id = c.IdParam("id");
  auto fid = c.IdParam("file");
  if (!id.ok() || !fid.ok()) return c.Error(InvalidArgument("编号无效"));
  auto n = ScanIndexParam(c.params);
  if (!n.ok()) return c.Error(n.status());
  auto got = Service(c).Get(c.who(), *id);
  if (!got.ok()) return c.Error(got.status());
  auto f = Service(c).ReadFile(c.who(), *id, *fid);
  if (!f.ok()) return c.Error(f.status());
  std::vector<review::FindingView> findings;
  auto checks = Service(c).Checks(c.who(), got->id);
  if (checks.ok()) {
    for (const auto& chk : *checks) {
      if (chk.file_id == *fid) findings = chk.findings;
    }
  }
  auto png = ScanImage(f->filename, f->bytes, *n, findings);
  if (!png.ok()) return c.Error(png.status());
  return InlinePng(std::move(*png));
}

Response RedactReplyFile(Ctx& c) {
  auto id = c.IdParam("id");
  auto fid = c.IdParam("file");
  if (!id.ok() || !fid.ok()) return c.Error(InvalidArgument("编号无效"));
  std::vector<std::string> terms;
  for (const std::string& t : Split(c.Field("terms"), '\n')) {
    if (!Trim(t).empty()) terms.emplace_back(Trim(t));
  }
  auto r = Service(c).RedactReplyFile(c.who(), *id, *fid, terms);
  if (!r.ok()) return Refused(c, r.status(), CaseRedisplay(c));
  return Response::Redirect("/staff/applications/" + std::to_string(*id) + "?ok=acted#checks");
}

Response StaffLetter(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto letter = c.IdParam("letter");
  if (!letter.ok()) return c.Error(letter.status());
  auto f = Service(c).RenderLetter(c.who(), *id, *letter, c.params["format"]);
  if (!f.ok()) return c.Error(f.status());
  return FileResponse(f->filename, f->media_type, std::move(f->bytes));
}

Response Templates(Ctx& c, const std::string& error = "", int status = 200) {
  auto list = Service(c).LetterTemplates(c.who());
  if (!list.ok()) return c.Error(list.status());
  View v = c.Base("文书模板", "applications");
  v["error"] = error;
  View rows = View::MakeList();
  for (const auto& t : *list) {
    View row;
    row["kind"] = t.kind;
    row["title"] = t.title;
    row["text"] = t.kind == c.Field("kind") && !error.empty() ? c.Field("text") : t.text;
    row["custom"] = t.custom;
    View fields = View::MakeList();
    for (const std::string& f : Split(t.fields, ' ')) fields.Push(View("{{" + f + "}}"));
    row["fields"] = std::move(fields);
    rows.Push(std::move(row));
  }
  v["templates"] = std::move(rows);
  return c.Page("staff/letter_templates", std::move(v), status);
}

Response SaveTemplate(Ctx& c) {
  Status s = Service(c).SaveLetterTemplate(c.who(), c.params["kind"], c.Field("reset") == "1" ? "" : c.Field("text"));
  if (!s.ok()) {
    c.form.emplace("kind", c.params["kind"]);
    return Refused(c, s, [&](const std::string& m, int st) { return Templates(c, m, st); });
  }
  return Response::Redirect("/staff/letter-templates?ok=acted");
}

}  // namespace

View ApplicationTasks(Ctx& c, int limit) {
  View list = View::MakeList();
  // The most urgent of the cases waiting for the user; the inbox has the rest.
  auto page = Service(c).Inbox(c.who(), requests::InboxFilter::kMine, PageSpec{std::nullopt, limit});
  if (!page.ok()) return list;
  for (const auto& r : page->rows) {
    View row;
    row["href"] = "/staff/applications/" + std::to_string(r.id);
    row["ref"] = r.ref;
    row["title"] = r.info_title;
    row["state"] = requests::CaseStateLabel(r.state);
    row["due_on"] = r.due_on + (r.due_provisional ? kProvisionalMark : "");
    row["urgency"] = requests::UrgencyLabel(r.urgency);
    list.Push(std::move(row));
  }
  return list;
}

int64_t ApplicationsWaiting(Ctx& c) {
  auto counts = Service(c).CountInbox(c.who());
  return counts.ok() ? counts->mine : 0;
}

std::vector<Route> ApplicationRoutes() {
  return {
      {"GET", "/staff/applications/{id}/files/{file}", Access::kStaff, StaffFile},
      {"GET", "/staff/applications/{id}/files/{file}/text", Access::kStaff, StaffFileText},
      {"GET", "/staff/applications/{id}/files/{file}/scans/{n}", Access::kStaff, StaffFileScan},
      {"POST", "/staff/applications/{id}/files/{file}/redact", Access::kStaff, RedactReplyFile},
      {"GET", "/staff/applications", Access::kStaff, Inbox},
      {"GET", "/staff/letter-templates", Access::kStaff, [](Ctx& c) { return Templates(c); }},
      {"POST", "/staff/letter-templates/{kind}", Access::kStaff, SaveTemplate},
      {"GET", "/staff/applications/new", Access::kStaff, [](Ctx& c) { return RegisterForm(c); }},
      {"POST", "/staff/applications", Access::kStaff, Register},
      {"GET", "/staff/applications/{id}", Access::kStaff, [](Ctx& c) { return ShowCase(c); }},
      {"POST", "/staff/applications/{id}/act/{action}", Access::kStaff, Act},
      {"POST", "/staff/applications/{id}/reveal-id", Access::kStaff, RevealId},
      {"POST", "/staff/applications/{id}/findings/{finding}/override", Access::kStaff, OverrideFinding},
      {"POST", "/staff/applications/{id}/reviews", Access::kStaff, AddReview},
      {"POST", "/staff/applications/{id}/reviews/{review}", Access::kStaff, UpdateReview},
      {"GET", "/staff/applications/{id}/letters/{letter}/{format}", Access::kStaff, StaffLetter},
  };
}

}  // namespace gk::web
