// Rectification orders (oversight/orders.h): the list each role may see,
// issuing one, the department's report with evidence files, closing and
// sending back.
#include "oversight/orders.h"

#include "accounts/directory.h"
#include "base/strings.h"
#include "oversight/feedback.h"
#include "web/page.h"
#include "web/pager.h"
#include "web/render.h"

namespace gk::web {

namespace {

using oversight::Order;
using oversight::OrderState;

oversight::Orders Service(Ctx& c) { return oversight::Orders(c.services); }

std::string Num(int64_t v) { return std::to_string(v); }

View OrderView(const Order& o) {
  View v;
  v["id"] = Num(o.id);
  v["ref"] = o.ref;
  v["department"] = o.department;
  v["problem"] = o.problem;
  v["problem_excerpt"] = Utf8Clip(o.problem, 40);
  v["requirement"] = o.requirement;
  v["due_on"] = o.due_on;
  v["source"] = o.source;
  if (o.feedback_id) v["feedback_id"] = Num(*o.feedback_id);
  v["feedback_ref"] = o.feedback_ref;
  v["state"] = oversight::OrderStateLabel(o.state);
  v["closed"] = o.state == OrderState::kClosed;
  v["overdue"] = o.overdue;
  v["days_left"] = Num(o.days_left);
  v["days_late"] = Num(-o.days_left);
  v["report"] = o.report;
  v["reported_by"] = o.reported_by;
  v["reported_at"] = o.reported_at;
  v["review_note"] = o.review_note;
  v["ordered_by"] = o.ordered_by;
  v["ordered_at"] = o.ordered_at;
  v["closed_by"] = o.closed_by;
  v["closed_at"] = o.closed_at;
  return v;
}

Response List(Ctx& c) {
  oversight::OrderFilter f;
  f.open_only = c.req.QueryParam("open") == "1";
  f.overdue_only = c.req.QueryParam("overdue") == "1";
  PageSpec asked = PageRequested(c.req);
  auto list = Service(c).Page(c.who(), f, asked);
  if (!list.ok()) return c.Error(list.status());
  auto overdue = Service(c).CountOverdue(c.who());
  if (!overdue.ok()) return c.Error(overdue.status());
  View v = c.Base("整改通知", "feedback");
  View rows = View::MakeList();
  for (const auto& o : list->rows) rows.Push(OrderView(o));
  v["orders"] = std::move(rows);
  v["has_orders"] = !list->rows.empty();
  v["overdue_count"] = Num(*overdue);
  v["has_overdue"] = *overdue > 0;
  SetPager(v, ListBase(c.req), asked, list->next);
  v["open_only"] = f.open_only;
  v["overdue_only"] = f.overdue_only;
  v["sees_all"] = oversight::SeesAllOrders(c.who());
  v["can_issue"] = oversight::SupervisesOrders(c.who());
  return c.Page("staff/orders", std::move(v));
}

Response NewForm(Ctx& c, const std::string& error = "", int status = 200) {
  if (!oversight::SupervisesOrders(c.who())) return c.Error(PermissionDenied("只有领导小组或监察办可以下达整改通知"));
  View v = c.Base("下达整改通知", "feedback");
  v["error"] = error;
  for (const char* f : {"problem", "requirement", "due_on", "source", "feedback"}) v[f] = c.Field(f);
  if (c.req.method == "GET") {
    // From a complaint: the problem and its source filled in from the case.
    if (auto fid = OptionalId(c.req.QueryParam("feedback"))) {
      auto f = oversight::Feedback(c.services).Get(c.who(), *fid);
      if (f.ok()) {
        v["feedback"] = std::to_string(f->id);
        v["problem"] = std::string(oversight::FeedbackKindLabel(f->kind)) + "（" + f->ref + "）反映：" + f->content;
        v["source"] = std::string("群众") + oversight::FeedbackKindLabel(f->kind) + " " + f->ref;
      }
    }
  }
  auto departments = c.directory().Departments(c.who());
  if (departments.ok()) {
    for (const auto& d : *departments) {
      View o;
      o["id"] = Num(d.id);
      o["name"] = d.name;
      o["selected"] = c.Field("department") == Num(d.id);
      v["departments"].Push(std::move(o));
    }
  }
  return c.Page("staff/order_new", std::move(v), status);
}


Response Issue(Ctx& c) {
  oversight::OrderInput in;
  in.department_id = OptionalId(c.Field("department")).value_or(0);
  in.problem = c.Field("problem");
  in.requirement = c.Field("requirement");
  in.due_on = c.Field("due_on");
  in.source = c.Field("source");
  in.feedback_id = OptionalId(c.Field("feedback"));
  auto id = Service(c).Issue(c.who(), in);
  if (!id.ok()) return Refused(c, id.status(), [&](const std::string& m, int st) { return NewForm(c, m, st); });
  return Response::Redirect("/staff/orders/" + Num(*id) + "?ok=order_issued");
}

Response Show(Ctx& c, const std::string& error = "", int status = 200) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto o = Service(c).Get(c.who(), *id);
  if (!o.ok()) return c.Error(o.status());
  View v = c.Base("整改通知 " + o->ref, "feedback");
  v["order"] = OrderView(*o);
  v["error"] = error;
  for (const auto& e : o->evidence) {
    View f;
    f["id"] = Num(e.id);
    f["name"] = e.filename;
    f["added_by"] = e.added_by;
    f["added_at"] = e.added_at;
    v["evidence"].Push(std::move(f));
  }
  for (const auto& e : o->events) {
    View f;
    f["at"] = e.at;
    f["action"] = e.action;
    f["note"] = e.note;
    f["user"] = e.user;
    v["events"].Push(std::move(f));
  }
  using oversight::OrderAction;
  v["can_report"] = Offers(o->allowed, OrderAction::kReport);
  v["can_close"] = Offers(o->allowed, OrderAction::kClose);
  v["can_return"] = Offers(o->allowed, OrderAction::kReturn);
  v["can_review"] = Offers(o->allowed, OrderAction::kClose) || Offers(o->allowed, OrderAction::kReturn);
  return c.Page("staff/order", std::move(v), status);
}

template <typename Fn>
Response Act(Ctx& c, Fn fn) {
  return ActOnRecord(c, fn, [](Ctx& ctx, const std::string& error, int status) { return Show(ctx, error, status); },
                     "/staff/orders", "order_acted");
}

Response Evidence(Ctx& c) {
  auto id = c.IdParam("id");
  auto eid = c.IdParam("eid");
  if (!id.ok() || !eid.ok()) return c.Error(InvalidArgument("编号无效"));
  auto f = Service(c).ReadEvidence(c.who(), *id, *eid);
  if (!f.ok()) return c.Error(f.status());
  return FileResponse(f->first.filename, f->first.media_type, std::move(f->second));
}

}  // namespace

std::vector<Route> OrderRoutes() {
  return {
      {"GET", "/staff/orders", Access::kStaff, List},
      {"GET", "/staff/orders/new", Access::kStaff, [](Ctx& c) { return NewForm(c); }},
      {"POST", "/staff/orders", Access::kStaff, Issue},
      {"GET", "/staff/orders/{id}", Access::kStaff, [](Ctx& c) { return Show(c); }},
      {"GET", "/staff/orders/{id}/evidence/{eid}", Access::kStaff, Evidence},
      {"POST", "/staff/orders/{id}/report", Access::kStaff,
       [](Ctx& c) {
         return Act(c, [&](int64_t id) {
           std::vector<std::pair<std::string, std::string>> files;
           for (const Part& p : c.files) {
             if (!p.filename.empty()) files.emplace_back(p.filename, p.data);
           }
           return Service(c).Report(c.who(), id, c.Field("text"), files);
         });
       }},
      {"POST", "/staff/orders/{id}/close", Access::kStaff,
       [](Ctx& c) { return Act(c, [&](int64_t id) { return Service(c).Close(c.who(), id, c.Field("note")); }); }},
      {"POST", "/staff/orders/{id}/return", Access::kStaff,
       [](Ctx& c) { return Act(c, [&](int64_t id) { return Service(c).Return(c.who(), id, c.Field("reason")); }); }},
  };
}

}  // namespace gk::web
