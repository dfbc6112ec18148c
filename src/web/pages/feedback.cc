// Feedback and complaints (oversight/feedback.h): the public form with its
// receipt and the lookup by query code (the code travels in POST bodies
// only), and the staff pages — the list each role may see, registering a case
// received by phone, letter or in person, and handling one.
#include "oversight/feedback.h"
#include "oversight/orders.h"

#include "accounts/directory.h"
#include "accounts/public_guard.h"
#include "base/strings.h"
#include "disclosure/portal.h"
#include "web/page.h"
#include "web/pager.h"
#include "web/render.h"

namespace gk::web {

namespace {

using oversight::FeedbackCase;
using oversight::FeedbackKind;
using oversight::FeedbackState;

oversight::Feedback Service(Ctx& c) { return oversight::Feedback(c.services); }

std::string Num(int64_t v) { return std::to_string(v); }

View KindOptions(const std::string& selected) {
  View list = View::MakeList();
  for (FeedbackKind k : {FeedbackKind::kOpinion, FeedbackKind::kSuggestion, FeedbackKind::kComplaint}) {
    View o;
    o["key"] = oversight::FeedbackKindKey(k);
    o["label"] = oversight::FeedbackKindLabel(k);
    o["selected"] = selected == oversight::FeedbackKindKey(k) || (selected.empty() && k == FeedbackKind::kOpinion);
    list.Push(std::move(o));
  }
  return list;
}

oversight::FeedbackInput InputFromForm(Ctx& c) {
  oversight::FeedbackInput in;
  in.kind = oversight::FeedbackKindFromKey(c.Field("kind")).value_or(FeedbackKind::kOpinion);
  in.item_id = OptionalId(c.Field("item"));
  in.application_ref = c.Field("application_ref");
  in.content = c.Field("content");
  in.name = c.Field("name");
  in.phone = c.Field("phone");
  in.email = c.Field("email");
  in.submission_key = c.SubmissionKey();
  return in;
}

// ---------------------------------------------------------------- public

View PublicBase(Ctx& c, const std::string& title) {
  View v = c.Base(title, "supervision");
  v["portal"] = true;
  return v;
}

Response PublicForm(Ctx& c, const std::string& error = "", int status = 200) {
  View v = PublicBase(c, "提交意见、建议或投诉");
  v["form"] = true;
  v["error"] = error;
  std::string item = c.req.method == "POST" ? c.Field("item") : c.req.QueryParam("item");
  if (auto id = OptionalId(item)) {
    auto published = disclosure::GetPublished(c.services.db, c.agency.id, *id);
    if (published.ok()) {
      v["item_id"] = Num(*id);
      v["item_title"] = published->title;
      v["item_index_no"] = published->index_no;
    }
  }
  v["kinds"] = KindOptions(c.Field("kind"));
  v["submission_token"] = c.SubmissionToken();
  for (const char* f : {"application_ref", "content", "name", "phone", "email"}) v[f] = c.Field(f);
  if (c.services.data_key) {
    accounts::Challenge ch = accounts::NewChallenge(*c.services.data_key, c.services.clock.Now());
    v["challenge_question"] = ch.question;
    v["challenge_token"] = ch.token;
  }
  return c.Page("portal/feedback", std::move(v), status);
}

Response PublicSubmit(Ctx& c) {
  oversight::Feedback::Origin origin{c.ClientIp(), c.Field("challenge_token"), c.Field("challenge_answer")};
  auto f = Service(c).Submit(c.agency.id, InputFromForm(c), origin);
  if (!f.ok()) return Refused(c, f.status(), [&](const std::string& m, int st) { return PublicForm(c, m, st); });
  View v = PublicBase(c, "已收到");
  v["receipt"] = true;
  v["ref"] = f->ref;
  v["query_code"] = f->query_code;
  v["received_on"] = f->received_on.ToString();
  v["due_on"] = f->due_on ? c.DueText(f->due_on->ToString()) : std::string("（待计算）");
  return c.Page("portal/feedback", std::move(v));
}

Response PublicStatus(Ctx& c) {
  View v = PublicBase(c, "查询意见投诉办理结果");
  v["lookup"] = true;
  if (c.req.method == "POST") {
    std::string code = c.Field("query_code");
    auto p = Service(c).Lookup(c.agency.id, code, c.ClientIp());
    if (!p.ok()) {
      auto again = [&](const std::string& m, int st) {
        v["error"] = m;
        return c.Page("portal/feedback", std::move(v), st);
      };
      return Refused(c, p.status(), again, FormKind::kLookup);
    }
    View r;
    r["ref"] = p->ref;
    r["kind"] = p->kind_label;
    r["subject"] = p->subject;
    r["content"] = p->content;
    r["received_on"] = p->received_on;
    r["due_on"] = c.DueText(p->due_on);
    r["state"] = p->state_label;
    r["replied"] = p->replied;
    r["reply"] = p->reply;
    r["reply_form"] = p->reply_form_label;
    r["replied_on"] = p->replied_on;
    r["query_code"] = code;  // for the letter download form, in a POST body again
    View notes = View::MakeList();
    for (const auto& [date, note] : p->notes) {
      View n;
      n["date"] = date;
      n["note"] = note;
      notes.Push(std::move(n));
    }
    r["has_notes"] = !p->notes.empty();
    r["notes"] = std::move(notes);
    v["found"] = std::move(r);
  }
  return c.Page("portal/feedback", std::move(v));
}

Response PublicLetter(Ctx& c) {
  bool docx = c.Field("format") == "docx";
  auto f = Service(c).ReplyLetterForSender(c.agency.id, c.Field("query_code"), docx, c.ClientIp());
  if (!f.ok()) return c.Error(f.status());
  return FileResponse(f->filename, f->media_type, std::move(f->bytes));
}

// ---------------------------------------------------------------- staff

View CaseRow(const Ctx& c, const FeedbackCase& f) {
  View v;
  v["id"] = Num(f.id);
  v["ref"] = f.ref;
  v["kind"] = oversight::FeedbackKindLabel(f.kind);
  v["complaint"] = f.kind == FeedbackKind::kComplaint;
  v["channel"] = oversight::FeedbackChannelLabel(f.channel);
  v["state"] = oversight::FeedbackStateLabel(f.state);
  v["open"] = oversight::FeedbackOpen(f.state);
  v["subject"] = f.item_title.empty() ? (f.application_ref.empty() ? "政府信息公开工作" : "申请 " + f.application_ref)
                                      : f.item_index_no + " " + f.item_title;
  if (f.item_id) v["item_id"] = Num(*f.item_id);
  v["content"] = f.content;
  v["excerpt"] = Utf8Clip(f.content, 40);
  v["requester"] = f.requester_name.empty() ? "（匿名）" : f.requester_name;
  v["contact"] = f.contact_masked;
  v["received_on"] = f.received_on;
  v["due_on"] = c.DueText(f.due_on);
  v["overdue"] = f.overdue;
  v["age_days"] = Num(f.age_days);
  v["department"] = f.department;
  v["forward_note"] = f.forward_note;
  v["department_answer"] = f.department_answer;
  v["answered_by"] = f.answered_by;
  v["answered_at"] = f.answered_at;
  v["reply"] = f.reply;
  v["reply_form"] = f.reply_form ? oversight::ReplyFormLabel(*f.reply_form) : "";
  v["replied_by"] = f.replied_by;
  v["replied_on"] = f.replied_on;
  v["replied"] = f.state == FeedbackState::kReplied;
  v["dismissed"] = f.state == FeedbackState::kDismissed;
  return v;
}

Response StaffList(Ctx& c) {
  oversight::FeedbackFilter filter;
  filter.open_only = c.req.QueryParam("open") == "1";
  filter.kind = oversight::FeedbackKindFromKey(c.req.QueryParam("kind"));
  PageSpec asked = PageRequested(c.req);
  auto list = Service(c).Page(c.who(), filter, asked);
  if (!list.ok()) return c.Error(list.status());
  auto counts = Service(c).Count(c.who(), filter);
  if (!counts.ok()) return c.Error(counts.status());
  View v = c.Base("意见建议和投诉", "feedback");
  View rows = View::MakeList();
  for (const auto& f : list->rows) rows.Push(CaseRow(c, f));
  v["cases"] = std::move(rows);
  v["has_cases"] = !list->rows.empty();
  v["open_count"] = Num(counts->open);
  v["overdue_count"] = Num(counts->overdue);
  SetPager(v, ListBase(c.req), asked, list->next);
  v["open_only"] = filter.open_only;
  v["kinds"] = KindOptions(c.req.QueryParam("kind"));
  v["sees_all"] = oversight::SeesAllFeedback(c.who());
  v["can_register"] = c.who().Has(accounts::Role::kDisclosureOffice);
  return c.Page("staff/feedback_list", std::move(v));
}

Response StaffNew(Ctx& c, const std::string& error = "", int status = 200) {
  if (!c.who().Has(accounts::Role::kDisclosureOffice)) {
    return c.Error(PermissionDenied("只有公开办可以登记收到的意见和投诉"));
  }
  View v = c.Base("登记意见建议或投诉", "feedback");
  v["error"] = error;
  v["kinds"] = KindOptions(c.Field("kind"));
  for (const char* f : {"item", "application_ref", "content", "name", "phone", "email"}) v[f] = c.Field(f);
  View channels = View::MakeList();
  for (auto ch : {oversight::FeedbackChannel::kPhone, oversight::FeedbackChannel::kLetter,
                  oversight::FeedbackChannel::kVisit}) {
    View o;
    o["key"] = oversight::FeedbackChannelKey(ch);
    o["label"] = oversight::FeedbackChannelLabel(ch);
    o["selected"] = c.Field("channel") == oversight::FeedbackChannelKey(ch);
    channels.Push(std::move(o));
  }
  v["channels"] = std::move(channels);
  return c.Page("staff/feedback_new", std::move(v), status);
}

Response StaffRegister(Ctx& c) {
  auto channel = oversight::FeedbackChannelFromKey(c.Field("channel"));
  if (!channel) return StaffNew(c, "请选择收到的方式", 400);
  oversight::FeedbackInput in = InputFromForm(c);
  if (!Trim(c.Field("item")).empty() && !in.item_id) return StaffNew(c, "所涉信息的编号无效", 400);
  auto f = Service(c).Register(c.who(), in, *channel);
  if (!f.ok()) return Refused(c, f.status(), [&](const std::string& m, int st) { return StaffNew(c, m, st); });
  return Response::Redirect("/staff/feedback/" + Num(f->id) + "?ok=feedback_registered&code=" +
                            UrlEncode(f->query_code));
}

Response StaffShow(Ctx& c, const std::string& error = "", int status = 200) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto f = Service(c).Get(c.who(), *id);
  if (!f.ok()) return c.Error(f.status());
  View v = c.Base(std::string(oversight::FeedbackKindLabel(f->kind)) + " " + f->ref, "feedback");
  v["case"] = CaseRow(c, *f);
  v["error"] = error;
  // A code shown once after registering, for the office to pass on.
  const std::string code = c.req.QueryParam("code");
  if (Service(c).CodeBelongsTo(c.who().agency_id, f->id, code)) v["new_code"] = code;
  View events = View::MakeList();
  for (const auto& e : f->events) {
    View o;
    o["at"] = e.at;
    o["action"] = e.action;
    o["note"] = e.note;
    o["user"] = e.user;
    events.Push(std::move(o));
  }
  v["events"] = std::move(events);
  AddResponsibility(c, ResponsibilityOf::kFeedback, f->id, v);
  using oversight::FeedbackAction;
  v["can_reply"] = Offers(f->allowed, FeedbackAction::kReply);
  v["can_forward"] = Offers(f->allowed, FeedbackAction::kForward);
  v["can_dismiss"] = Offers(f->allowed, FeedbackAction::kDismiss);
  v["can_order"] = oversight::SupervisesOrders(c.who());
  v["can_answer"] = Offers(f->allowed, FeedbackAction::kAnswer);
  if (Offers(f->allowed, FeedbackAction::kForward)) {
    auto departments = c.directory().Departments(c.who());
    if (departments.ok()) {
      for (const auto& d : *departments) {
        View o;
        o["id"] = Num(d.id);
        o["name"] = d.name;
        v["departments"].Push(std::move(o));
      }
    }
  }
  if (Offers(f->allowed, FeedbackAction::kReply)) {
    for (auto form : {oversight::ReplyForm::kDirect, oversight::ReplyForm::kMeeting, oversight::ReplyForm::kMedia,
                      oversight::ReplyForm::kBoard}) {
      View o;
      o["key"] = oversight::ReplyFormKey(form);
      o["label"] = oversight::ReplyFormLabel(form);
      v["reply_forms"].Push(std::move(o));
    }
  }
  return c.Page("staff/feedback", std::move(v), status);
}

template <typename Fn>
Response StaffAct(Ctx& c, Fn fn) {
  return ActOnRecord(c, fn, [](Ctx& ctx, const std::string& error, int status) { return StaffShow(ctx, error, status); },
                     "/staff/feedback", "feedback_acted");
}

Response StaffLetter(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto f = Service(c).ReplyLetter(c.who(), *id, c.req.QueryParam("format") == "docx");
  if (!f.ok()) return c.Error(f.status());
  return FileResponse(f->filename, f->media_type, std::move(f->bytes));
}

}  // namespace

std::vector<Route> FeedbackRoutes() {
  return {
      {"GET", "/feedback", Access::kPublic, [](Ctx& c) { return PublicForm(c); }},
      {"POST", "/feedback", Access::kPublic, PublicSubmit},
      {"GET", "/feedback/status", Access::kPublic, PublicStatus},
      {"POST", "/feedback/status", Access::kPublic, PublicStatus},
      {"POST", "/feedback/letter", Access::kPublic, PublicLetter},
      {"GET", "/staff/feedback", Access::kStaff, StaffList},
      {"GET", "/staff/feedback/new", Access::kStaff, [](Ctx& c) { return StaffNew(c); }},
      {"POST", "/staff/feedback", Access::kStaff, StaffRegister},
      {"GET", "/staff/feedback/{id}", Access::kStaff, [](Ctx& c) { return StaffShow(c); }},
      {"GET", "/staff/feedback/{id}/letter", Access::kStaff, StaffLetter},
      {"POST", "/staff/feedback/{id}/forward", Access::kStaff,
       [](Ctx& c) {
         return StaffAct(c, [&](int64_t id) {
           auto dept = OptionalId(c.Field("department"));
           if (!dept) return InvalidArgument("请选择承办部门");
           return Service(c).Forward(c.who(), id, *dept, c.Field("note"));
         });
       }},
      {"POST", "/staff/feedback/{id}/answer", Access::kStaff,
       [](Ctx& c) { return StaffAct(c, [&](int64_t id) { return Service(c).Answer(c.who(), id, c.Field("text")); }); }},
      {"POST", "/staff/feedback/{id}/reply", Access::kStaff,
       [](Ctx& c) {
         return StaffAct(c, [&](int64_t id) {
           auto form = oversight::ReplyFormFromKey(c.Field("form"));
           if (!form) return InvalidArgument("请选择反馈形式");
           return Service(c).Reply(c.who(), id, c.Field("text"), *form);
         });
       }},
      {"POST", "/staff/feedback/{id}/dismiss", Access::kStaff,
       [](Ctx& c) {
         return StaffAct(c, [&](int64_t id) { return Service(c).Dismiss(c.who(), id, c.Field("reason")); });
       }},
  };
}

}  // namespace gk::web
