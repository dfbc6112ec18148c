// Explanation requests (说明理由, seed III.13) and correction requests (更正,
// 条例 Art. 41): portal forms, receipts and status lookups; the staff lists
// and answer forms.
#include "base/strings.h"
#include "requests/inquiries.h"
#include "web/page.h"
#include "web/pager.h"
#include "web/render.h"

namespace gk::web {
namespace {

using requests::Inquiries;
using requests::InquiryKind;

Inquiries Service(Ctx& c) { return Inquiries(c.services, c.ref); }

struct KindPages {
  InquiryKind kind;
  const char* path;        // portal path: /explain or /correction
  const char* staff_path;  // /staff/explanations or /staff/corrections
  const char* title;
};

constexpr KindPages kExplain{InquiryKind::kExplanation, "/explain", "/staff/explanations", "申请说明不予公开的理由"};
constexpr KindPages kCorrect{InquiryKind::kCorrection, "/correction", "/staff/corrections", "申请更正政府信息"};

View Common(Ctx& c, const KindPages& k, const std::string& title) {
  View v = c.Base(title, "apply");
  v["portal"] = true;
  v["explain"] = k.kind == InquiryKind::kExplanation;
  v["path"] = k.path;
  v["heading"] = k.title;
  return v;
}

Response Form(Ctx& c, const KindPages& k, const std::string& error = "", int status = 200) {
  View v = Common(c, k, k.title);
  v["error"] = error;
  for (const char* f : {"name", "phone", "email", "address", "subject", "question"}) v[f] = c.Field(f);
  if (c.Field("subject").empty()) v["subject"] = c.req.QueryParam("subject");
  return c.Page("portal/inquiry", std::move(v), status);
}

Response Submit(Ctx& c, const KindPages& k) {
  requests::InquiryInput in{c.Field("name"), c.Field("phone"), c.Field("email"), c.Field("address"),
                            c.Field("subject"), c.Field("question")};
  auto f = Service(c).Submit(c.agency.id, k.kind, in, c.ClientIp());
  if (!f.ok()) return Refused(c, f.status(), [&](const std::string& m, int st) { return Form(c, k, m, st); });
  View v = Common(c, k, "已提交");
  v["receipt"] = true;
  v["ref"] = f->ref;
  v["query_code"] = f->query_code;
  v["received_on"] = f->received_on.ToString();
  v["due_on"] = f->due_on ? c.DueText(f->due_on->ToString()) : std::string("（待计算）");
  return c.Page("portal/inquiry", std::move(v));
}

Response StatusPage(Ctx& c, const KindPages& k) {
  View v = Common(c, k, "查询办理结果");
  v["lookup"] = true;
  if (c.req.method == "POST") {
    auto q = Service(c).Lookup(c.agency.id, k.kind, c.Field("query_code"), c.Field("phone"), c.ClientIp());
    if (!q.ok()) {
      auto again = [&](const std::string& m, int st) {
        v["error"] = m;
        return c.Page("portal/inquiry", std::move(v), st);
      };
      return Refused(c, q.status(), again, FormKind::kLookup);
    }
    View r;
    r["ref"] = q->ref;
    r["subject"] = q->subject;
    r["received_on"] = q->received_on;
    r["due_on"] = c.DueText(q->due_on);
    r["state"] = q->state_label;
    r["answer"] = q->answer;
    r["answered_on"] = q->answered_on;
    v["found"] = std::move(r);
  }
  return c.Page("portal/inquiry", std::move(v));
}

// ---------------------------------------------------------------- staff

View Row(const Ctx& c, const requests::Inquiry& q) {
  View r;
  r["id"] = q.id;
  r["ref"] = q.ref;
  r["requester"] = q.requester_name;
  r["subject"] = q.subject;
  r["question"] = q.question;
  r["received_on"] = q.received_on;
  r["due_on"] = c.DueText(q.due_on);
  r["state"] = q.state_label;
  r["open"] = requests::InquiryOpen(q);
  r["overdue"] = q.overdue;
  r["answer"] = q.answer;
  r["answered_on"] = q.answered_on;
  r["answered_by"] = q.answered_by;
  r["department"] = q.department_name;
  return r;
}

Response StaffList(Ctx& c, const KindPages& k) {
  auto filter = FromKey(requests::kInquiryFilters, c.req.QueryParam("filter")).value_or(requests::InquiryFilter::kOpen);
  PageSpec asked = PageRequested(c.req);
  auto page = Service(c).List(c.who(), k.kind, filter, asked);
  if (!page.ok()) return c.Error(page.status());
  View v = c.Base(k.kind == InquiryKind::kExplanation ? "说明理由请求" : "更正请求", "applications");
  v["explain"] = k.kind == InquiryKind::kExplanation;
  v["staff_path"] = k.staff_path;
  v["filter_open"] = filter == requests::InquiryFilter::kOpen;
  v["filter_all"] = filter == requests::InquiryFilter::kAll;
  View list = View::MakeList();
  for (const auto& q : page->rows) list.Push(Row(c, q));
  v["rows"] = std::move(list);
  SetPager(v, ListBase(c.req), asked, page->next);
  return c.Page("staff/inquiries", std::move(v));
}

Response StaffShow(Ctx& c, const KindPages& k, const std::string& error = "", int status = 200) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto q = Service(c).Get(c.who(), k.kind, *id);
  if (!q.ok()) return c.Error(q.status());
  View v = c.Base(q->ref, "applications");
  v["explain"] = k.kind == InquiryKind::kExplanation;
  v["staff_path"] = k.staff_path;
  v["q"] = Row(c, *q);
  v["error"] = error;
  v["can_answer"] = q->may_handle;
  if (q->may_handle) v["departments"] = DepartmentChoices(c, q->department_id);
  v["index_no"] = c.Field("index_no");
  return c.Page("staff/inquiry", std::move(v), status);
}

Response StaffAnswer(Ctx& c, const KindPages& k) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  Status s;
  if (k.kind == InquiryKind::kExplanation) {
    s = Service(c).Explain(c.who(), *id, c.Field("index_no"), c.Field("answer"));
  } else {
    std::string r = c.Field("result");
    auto result = r == "corrected"     ? requests::CorrectionResult::kCorrected
                  : r == "transferred" ? requests::CorrectionResult::kTransferred
                                       : requests::CorrectionResult::kRefused;
    if (r != "corrected" && r != "transferred" && r != "refused") return StaffShow(c, k, "请选择处理结果", 400);
    s = Service(c).AnswerCorrection(c.who(), *id, result, c.Field("answer"));
  }
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return StaffShow(c, k, m, st); });
  return Response::Redirect(std::string(k.staff_path) + "/" + std::to_string(*id) + "?ok=acted");
}

Response StaffAssign(Ctx& c, const KindPages& k) {
  auto department = OptionalId(c.Field("department"));
  return ActOnRecord(
      c,
      [&](int64_t id) {
        return department ? Service(c).Assign(c.who(), k.kind, id, *department) : InvalidArgument("请选择承办部门");
      },
      [&](Ctx& c, const std::string& error, int status) { return StaffShow(c, k, error, status); }, k.staff_path,
      "acted");
}

// The routes of one kind; the patterns are string literals (Route keeps the pointer).
std::vector<Route> RoutesFor(const KindPages& k, const char* form, const char* status, const char* list,
                             const char* show, const char* answer, const char* assign) {
  const KindPages* kp = &k;
  return {
      {"GET", form, Access::kPublic, [kp](Ctx& c) { return Form(c, *kp); }},
      {"POST", form, Access::kPublic, [kp](Ctx& c) { return Submit(c, *kp); }},
      {"GET", status, Access::kPublic, [kp](Ctx& c) { return StatusPage(c, *kp); }},
      {"POST", status, Access::kPublic, [kp](Ctx& c) { return StatusPage(c, *kp); }},
      {"GET", list, Access::kStaff, [kp](Ctx& c) { return StaffList(c, *kp); }},
      {"GET", show, Access::kStaff, [kp](Ctx& c) { return StaffShow(c, *kp); }},
      {"POST", answer, Access::kStaff, [kp](Ctx& c) { return StaffAnswer(c, *kp); }},
      {"POST", assign, Access::kStaff, [kp](Ctx& c) { return StaffAssign(c, *kp); }},
  };
}

}  // namespace

std::vector<Route> InquiryRoutes() {
  std::vector<Route> out = RoutesFor(kExplain, "/explain", "/explain/status", "/staff/explanations",
                                     "/staff/explanations/{id}", "/staff/explanations/{id}/answer",
                                     "/staff/explanations/{id}/assign");
  for (Route& r : RoutesFor(kCorrect, "/correction", "/correction/status", "/staff/corrections",
                            "/staff/corrections/{id}", "/staff/corrections/{id}/answer",
                            "/staff/corrections/{id}/assign")) {
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace gk::web
