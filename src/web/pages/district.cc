// The upper office on the platform (区政务公开办, Role::kUpperOffice): the
// district dashboard comparing the agencies below it, each agency's figures,
// ledger, annual reports, filings and the orders it was given — read through
// accounts::Oversee, so read-only — the filing queue, and rectification
// orders to an agency. And the filing agency's side: submitting a filing and
// following what became of it.
#include "accounts/platform.h"
#include "base/strings.h"
#include "oversight/dashboard.h"
#include "oversight/district.h"
#include "oversight/orders.h"
#include "records/annual_reports.h"
#include "records/filings.h"
#include "records/ledger.h"
#include "web/page.h"
#include "web/pager.h"
#include "web/render.h"

namespace gk::web {
namespace {

using records::FilingAction;

std::string Num(int64_t v) { return std::to_string(v); }

Result<accounts::Agency> AgencyOf(Ctx& c, int64_t id) {
  return c.services.db.Read<accounts::Agency>([&](store::Tx& tx) { return accounts::FindAgencyById(tx, id); });
}

// ?from=&to= (dates); default: this year up to today.
struct Period {
  Date from, to;
};
Result<Period> ReadPeriod(Ctx& c) {
  Date today = ChinaDate(c.services.clock.Now());
  std::string from(Trim(c.req.QueryParam("from"))), to(Trim(c.req.QueryParam("to")));
  if (from.empty() && to.empty()) return Period{Date{today.year, 1, 1}, today};
  auto f = Date::Parse(from), t = Date::Parse(to);
  if (!f.ok() || !t.ok()) return InvalidArgument("统计期间的日期无效");
  return Period{*f, *t};
}

View FilingRow(const records::Filing& f) {
  View row;
  row["id"] = f.id;
  row["agency"] = f.agency_name;
  row["agency_code"] = f.agency_code;
  row["upper"] = f.upper_agency_name;
  row["period"] = f.period_from + " 至 " + f.period_to;
  row["items"] = Num(f.item_count);
  row["state"] = records::FilingStateLabel(f.state);
  row["waiting"] = f.state == records::FilingState::kSubmitted;
  row["returned"] = f.state == records::FilingState::kReturned;
  row["submitted_by"] = f.submitted_by;
  row["submitted_at"] = ChinaTime(f.submitted_at);
  row["decided_by"] = f.decided_by;
  row["decided_at"] = ChinaTime(f.decided_at);
  row["remarks"] = f.remarks;
  return row;
}

View FilingRows(const std::vector<records::Filing>& list) {
  View rows = View::MakeList();
  for (const auto& f : list) rows.Push(FilingRow(f));
  return rows;
}

View OrderRow(const oversight::Order& o) {
  View row;
  row["id"] = o.id;
  row["ref"] = o.ref;
  row["agency"] = o.agency_name;
  row["agency_code"] = o.agency_code;
  row["department"] = o.department;
  row["problem"] = Utf8Clip(o.problem, 60);
  row["due_on"] = o.due_on;
  row["state"] = oversight::OrderStateLabel(o.state);
  row["overdue"] = o.overdue;
  row["reported"] = o.state == oversight::OrderState::kReported;
  return row;
}

// ---- the district dashboard -------------------------------------------------

// One row of the comparison: an agency's figures, or their sum.
View ComparisonRow(const oversight::AgencyComparison& r) {
  const auto& t = r.total;
  View row;
  row["published"] = Num(t.published);
  row["published_late"] = Num(t.published_late);
  row["unpublished_late"] = Num(t.unpublished_late);
  row["received"] = Num(t.applications_received);
  row["open"] = Num(t.applications_open);
  row["overdue"] = Num(t.applications_overdue);
  row["closed_late"] = Num(t.applications_closed_late);
  row["feedback"] = Num(t.feedback_about);
  row["feedback_open"] = Num(r.feedback_open);
  row["orders_open"] = Num(r.orders_open);
  row["orders_overdue"] = Num(r.orders_overdue);
  return row;
}

Response Dashboard(Ctx& c) {
  auto period = ReadPeriod(c);
  if (!period.ok()) return c.Error(period.status());
  auto rows = oversight::CompareSubordinates(c.services, c.who(), period->from, period->to);
  if (!rows.ok()) return c.Error(rows.status());
  records::Filings filings(c.services);
  auto queue = filings.Queue(c.who(), {.pending_only = true});
  if (!queue.ok()) return c.Error(queue.status());
  auto orders = oversight::Orders(c.services).IssuedBelow(c.who(), true);
  if (!orders.ok()) return c.Error(orders.status());

  View v = c.Base("指导监督下级机关", "district");
  v["from"] = period->from.ToString();
  v["to"] = period->to.ToString();
  View list = View::MakeList();
  for (const auto& r : *rows) {
    View row = ComparisonRow(r);
    row["code"] = r.agency.agency.code;
    row["name"] = r.agency.agency.name;
    row["kind"] = accounts::AgencyKindLabel(r.agency.kind);
    row["alert"] = r.NeedsAttention();
    list.Push(std::move(row));
  }
  v["agencies"] = std::move(list);
  v["has_agencies"] = !rows->empty();
  v["total"] = ComparisonRow(oversight::SumOf(*rows));
  v["filings"] = FilingRows(*queue);
  v["has_filings"] = !queue->empty();
  View order_rows = View::MakeList();
  for (const auto& o : *orders) order_rows.Push(OrderRow(o));
  v["orders"] = std::move(order_rows);
  v["has_orders"] = !orders->empty();
  return c.Page("staff/district", std::move(v));
}

// ---- one agency, read-only --------------------------------------------------

Response AgencyView(Ctx& c, const std::string& order_error = "", int status = 200) {
  auto reader = accounts::Oversee(c.services, c.who(), c.params["code"]);
  if (!reader.ok()) return c.Error(reader.status());
  auto period = ReadPeriod(c);
  if (!period.ok()) return c.Error(period.status());
  auto s = oversight::BuildSupervision(c.services, *reader, period->from, period->to);
  if (!s.ok()) return c.Error(s.status());
  auto agency = AgencyOf(c, reader->agency_id);
  if (!agency.ok()) return c.Error(agency.status());

  View v = c.Base(agency->name + " · 指导监督", "district");
  v["code"] = agency->code;
  v["name"] = agency->name;
  v["from"] = s->from.ToString();
  v["to"] = s->to.ToString();
  v["today"] = s->today.ToString();
  View depts = View::MakeList();
  for (const auto& d : s->departments) {
    View row;
    row["department"] = d.department;
    row["total"] = d.department_id == 0;
    row["published"] = Num(d.published);
    row["on_time"] = Num(d.published_on_time);
    row["late"] = Num(d.published_late);
    row["unpublished_late"] = Num(d.unpublished_late);
    row["waiting"] = Num(d.waiting_in_chain);
    row["received"] = Num(d.applications_received);
    row["closed"] = Num(d.applications_closed);
    row["closed_late"] = Num(d.applications_closed_late);
    row["open"] = Num(d.applications_open);
    row["overdue"] = Num(d.applications_overdue);
    row["feedback"] = Num(d.feedback_about);
    row["orders"] = Num(d.orders_issued);
    row["orders_overdue"] = Num(d.orders_overdue);
    depts.Push(std::move(row));
  }
  v["departments"] = std::move(depts);
  View late = View::MakeList();
  for (const auto& w : s->late_unpublished) {
    View row;
    row["title"] = w.title;
    row["index_no"] = w.index_no;
    row["department"] = w.department;
    row["state"] = w.state_label;
    row["days"] = Num(w.waited_days);
    late.Push(std::move(row));
  }
  v["late_items"] = std::move(late);
  View due = View::MakeList();
  for (const auto& a : s->applications) {
    View row;
    row["ref"] = a.ref;
    row["department"] = a.department;
    row["due_on"] = a.due_on;
    row["overdue"] = a.working_days_left < 0;
    row["left"] = Num(a.working_days_left);
    due.Push(std::move(row));
  }
  v["due_applications"] = std::move(due);
  v["feedback_open"] = Num(s->feedback_open);
  v["feedback_overdue"] = Num(s->feedback_overdue);
  v["orders_open"] = Num(s->orders_open);
  v["orders_overdue"] = Num(s->orders_overdue);

  // Annual reports of the last three years: due date and publication.
  records::AnnualReports reports(c.services);
  View years = View::MakeList();
  for (int year = s->today.year - 1; year >= s->today.year - 3; --year) {
    auto d = reports.DeadlineOf(*reader, year);
    if (!d.ok()) return c.Error(d.status());
    View row;
    row["year"] = Num(year);
    row["due"] = d->due.ToString();
    row["published"] = !d->published_at.empty();
    row["published_at"] = ChinaTime(d->published_at);
    row["late"] = d->LateOn(s->today);
    years.Push(std::move(row));
  }
  v["reports"] = std::move(years);

  auto filings = records::Filings(c.services).OfAgency(*reader);
  if (!filings.ok()) return c.Error(filings.status());
  v["filings"] = FilingRows(*filings);
  v["has_filings"] = !filings->empty();

  oversight::Orders orders(c.services);
  PageSpec asked = PageRequested(c.req);
  auto issued = orders.Page(*reader, {}, asked);
  if (!issued.ok()) return c.Error(issued.status());
  View order_rows = View::MakeList();
  for (const auto& o : issued->rows) order_rows.Push(OrderRow(o));
  v["orders"] = std::move(order_rows);
  v["has_orders"] = !issued->rows.empty();
  SetPager(v, ListBase(c.req), asked, issued->next);
  // The order form: the agency's departments.
  auto departments = c.directory().Departments(*reader);
  if (!departments.ok()) return c.Error(departments.status());
  View options = View::MakeList();
  auto chosen = OptionalId(c.Field("department_id"));
  for (const auto& d : *departments) {
    if (!d.active) continue;
    View o;
    o["id"] = d.id;
    o["name"] = d.name;
    o["selected"] = chosen && *chosen == d.id;
    options.Push(std::move(o));
  }
  v["order_departments"] = std::move(options);
  v["order_error"] = order_error;
  for (const char* f : {"problem", "requirement", "due_on", "source"}) v["order_" + std::string(f)] = c.Field(f);
  v["ledger_year"] = Num(s->today.year);
  return c.Page("staff/district_agency", std::move(v), status);
}

Response IssueOrder(Ctx& c) {
  auto reader = accounts::Oversee(c.services, c.who(), c.params["code"]);
  if (!reader.ok()) return c.Error(reader.status());
  oversight::OrderInput in;
  auto dept = OptionalId(c.Field("department_id"));
  in.department_id = dept.value_or(0);
  in.problem = c.Field("problem");
  in.requirement = c.Field("requirement");
  in.due_on = c.Field("due_on");
  in.source = c.Field("source");
  auto id = oversight::Orders(c.services).Issue(*reader, in);
  if (!id.ok()) {
    return Refused(c, id.status(),
                   [&c](const std::string& message, int status) { return AgencyView(c, message, status); });
  }
  return Response::Redirect("/staff/district/agencies/" + c.params["code"] + "?ok=district_order_issued#orders");
}

Response OrderView(Ctx& c, const std::string& error = "", int status = 200) {
  auto reader = accounts::Oversee(c.services, c.who(), c.params["code"]);
  if (!reader.ok()) return c.Error(reader.status());
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto o = oversight::Orders(c.services).Get(*reader, *id);
  if (!o.ok()) return c.Error(o.status());
  View v = c.Base("整改通知 " + o->ref, "district");
  v["code"] = c.params["code"];
  v["agency"] = o->agency_name;
  v["ref"] = o->ref;
  v["id"] = o->id;
  v["department"] = o->department;
  v["problem"] = o->problem;
  v["requirement"] = o->requirement;
  v["due_on"] = o->due_on;
  v["source"] = o->source;
  v["state"] = oversight::OrderStateLabel(o->state);
  v["overdue"] = o->overdue;
  v["report"] = o->report;
  v["reported_by"] = o->reported_by;
  v["reported_at"] = o->reported_at;
  v["review_note"] = o->review_note;
  v["ordered_by"] = o->ordered_by;
  v["ordered_at"] = o->ordered_at;
  View events = View::MakeList();
  for (const auto& e : o->events) {
    View row;
    row["at"] = e.at;
    row["action"] = e.action;
    row["note"] = e.note;
    row["user"] = e.user;
    events.Push(std::move(row));
  }
  v["events"] = std::move(events);
  View evidence = View::MakeList();
  for (const auto& e : o->evidence) {
    View row;
    row["filename"] = e.filename;
    row["size"] = Num(e.size);
    evidence.Push(std::move(row));
  }
  v["evidence"] = std::move(evidence);
  v["can_close"] = Offers(o->allowed, oversight::OrderAction::kClose);
  v["can_return"] = Offers(o->allowed, oversight::OrderAction::kReturn);
  v["error"] = error;
  return c.Page("staff/district_order", std::move(v), status);
}

Response DecideOrder(Ctx& c, oversight::OrderAction action) {
  auto reader = accounts::Oversee(c.services, c.who(), c.params["code"]);
  if (!reader.ok()) return c.Error(reader.status());
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  oversight::Orders orders(c.services);
  Status s = action == oversight::OrderAction::kClose ? orders.Close(*reader, *id, c.Field("note"))
                                                      : orders.Return(*reader, *id, c.Field("note"));
  if (!s.ok()) {
    return Refused(c, s, [&c](const std::string& message, int status) { return OrderView(c, message, status); });
  }
  return Response::Redirect("/staff/district/agencies/" + c.params["code"] + "/orders/" + Num(*id));
}

Response AgencyLedger(Ctx& c) {
  auto reader = accounts::Oversee(c.services, c.who(), c.params["code"]);
  if (!reader.ok()) return c.Error(reader.status());
  int year = ChinaDate(c.services.clock.Now()).year;
  std::string y(Trim(c.req.QueryParam("year")));
  if (!y.empty()) {
    auto first = Date::Parse(y + "-01-01");
    if (y.size() != 4 || !first.ok()) return c.Error(InvalidArgument("年度无效"));
    year = first->year;
  }
  PageSpec asked = PageRequested(c.req, 100, 500);
  auto ledger = c.services.db.Read<records::LedgerView>(
      [&](store::Tx& tx) { return records::ReadLedgerPage(tx, reader->agency_id, year, {}, asked); });
  if (!ledger.ok()) return c.Error(ledger.status());
  auto agency = AgencyOf(c, reader->agency_id);
  if (!agency.ok()) return c.Error(agency.status());
  View v = c.Base(agency->name + " · " + Num(year) + "年度台帐", "district");
  v["code"] = agency->code;
  v["name"] = agency->name;
  v["year"] = Num(year);
  v["prev_year"] = Num(year - 1);
  v["next_year"] = Num(year + 1);
  View lines = View::MakeList();
  for (const auto& l : ledger->page.rows) {
    View row;
    row["kind"] = l.kind;
    row["reference"] = l.reference;
    row["content"] = l.content;
    row["department"] = l.department;
    row["form"] = l.form;
    row["date"] = l.date;
    row["feedback"] = l.feedback;
    row["result"] = l.result;
    row["days"] = l.working_days ? Num(*l.working_days) : std::string();
    row["late"] = l.Late();
    lines.Push(std::move(row));
  }
  v["lines"] = std::move(lines);
  v["has_lines"] = !ledger->page.rows.empty();
  v["total"] = ledger->counts.publications + ledger->counts.releases + ledger->counts.applications;
  SetPager(v, ListBase(c.req), asked, ledger->page.next);
  View timeliness = View::MakeList();
  for (const auto& t : ledger->timeliness) {
    View row;
    row["department"] = t.department;
    row["published"] = Num(t.published);
    row["on_time"] = Num(t.on_time);
    row["unknown"] = Num(t.unknown);
    timeliness.Push(std::move(row));
  }
  v["timeliness"] = std::move(timeliness);
  View empty = View::MakeList();
  for (const auto& e : ledger->empty_must_fill) empty.Push(View(e));
  v["empty"] = std::move(empty);
  v["has_empty"] = !ledger->empty_must_fill.empty();
  return c.Page("staff/district_ledger", std::move(v));
}

// ---- filings ------------------------------------------------------------------

// The detail of one filing, for either side; `base` is where its forms post.
Response FilingView(Ctx& c, const std::string& base, const std::string& nav, const std::string& error = "",
                    int status = 200) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto f = records::Filings(c.services).Get(c.who(), *id);
  if (!f.ok()) return c.Error(f.status());
  View v = c.Base("备案 " + f->agency_name + " " + f->period_from + " 至 " + f->period_to, nav);
  v["filing"] = FilingRow(*f);
  v["note"] = f->note;
  v["base"] = base;
  View items = View::MakeList();
  for (const auto& i : f->items) {
    View row;
    row["index_no"] = i.index_no;
    row["title"] = i.title;
    row["published_at"] = i.published_at;
    row["version"] = Num(i.version);
    row["hash"] = i.content_hash.substr(0, 16);
    items.Push(std::move(row));
  }
  v["items"] = std::move(items);
  v["has_items"] = !f->items.empty();
  View diffs = View::MakeList();
  for (const auto& d : f->differences) {
    View row;
    row["index_no"] = d.index_no;
    row["title"] = d.title;
    row["what"] = d.what;
    diffs.Push(std::move(row));
  }
  v["differences"] = std::move(diffs);
  v["has_differences"] = !f->differences.empty();
  v["can_accept"] = Offers(f->allowed, FilingAction::kAccept);
  v["can_return"] = Offers(f->allowed, FilingAction::kReturn);
  v["error"] = error;
  v["remarks_input"] = c.Field("remarks");
  return c.Page("staff/filing", std::move(v), status);
}

Response DecideFiling(Ctx& c, FilingAction action) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  records::Filings filings(c.services);
  Status s = action == FilingAction::kAccept ? filings.Accept(c.who(), *id, c.Field("remarks"))
                                             : filings.Return(c.who(), *id, c.Field("remarks"));
  if (!s.ok()) {
    return Refused(c, s, [&c](const std::string& message, int status) {
      return FilingView(c, "/staff/district/filings", "district", message, status);
    });
  }
  return Response::Redirect("/staff/district/filings/" + Num(*id) + "?ok=" +
                            (action == FilingAction::kAccept ? "filing_accepted" : "filing_returned"));
}

Response Queue(Ctx& c) {
  records::Filings filings(c.services);
  auto list = filings.Queue(c.who(), {.limit = 200});
  if (!list.ok()) return c.Error(list.status());
  View v = c.Base("备案审核", "district");
  v["filings"] = FilingRows(*list);
  v["has_filings"] = !list->empty();
  return c.Page("staff/district_filings", std::move(v));
}

// The filing agency's page: its filings and the form to submit one.
Response OwnFilings(Ctx& c, const std::string& error = "", int status = 200) {
  auto list = records::Filings(c.services).OfAgency(c.who());
  if (!list.ok()) return c.Error(list.status());
  View v = c.Base("报送备案", "ledger");
  v["filings"] = FilingRows(*list);
  v["has_filings"] = !list->empty();
  v["error"] = error;
  Date today = ChinaDate(c.services.clock.Now());
  std::string from = c.Field("from"), to = c.Field("to");
  v["from"] = from.empty() ? Date{today.year, 1, 1}.ToString() : from;
  v["to"] = to.empty() ? today.ToString() : to;
  v["note"] = c.Field("note");
  v["can_submit"] = records::Filings::Files(c.who());
  return c.Page("staff/filings", std::move(v), status);
}

Response SubmitFiling(Ctx& c) {
  auto id = records::Filings(c.services).Submit(c.who(), c.Field("from"), c.Field("to"), c.Field("note"));
  if (!id.ok()) {
    return Refused(c, id.status(), [&c](const std::string& message, int status) { return OwnFilings(c, message, status); });
  }
  return Response::Redirect("/staff/filings/" + Num(*id) + "?ok=filing_submitted");
}

}  // namespace

std::vector<Route> DistrictRoutes() {
  return {
      {"GET", "/staff/district", Access::kStaff, Dashboard},
      {"GET", "/staff/district/filings", Access::kStaff, Queue},
      {"GET", "/staff/district/filings/{id}", Access::kStaff,
       [](Ctx& c) { return FilingView(c, "/staff/district/filings", "district"); }},
      {"POST", "/staff/district/filings/{id}/accept", Access::kStaff,
       [](Ctx& c) { return DecideFiling(c, FilingAction::kAccept); }},
      {"POST", "/staff/district/filings/{id}/return", Access::kStaff,
       [](Ctx& c) { return DecideFiling(c, FilingAction::kReturn); }},
      {"GET", "/staff/district/agencies/{code}", Access::kStaff, [](Ctx& c) { return AgencyView(c); }},
      {"GET", "/staff/district/agencies/{code}/ledger", Access::kStaff, AgencyLedger},
      {"POST", "/staff/district/agencies/{code}/orders", Access::kStaff, IssueOrder},
      {"GET", "/staff/district/agencies/{code}/orders/{id}", Access::kStaff, [](Ctx& c) { return OrderView(c); }},
      {"POST", "/staff/district/agencies/{code}/orders/{id}/close", Access::kStaff,
       [](Ctx& c) { return DecideOrder(c, oversight::OrderAction::kClose); }},
      {"POST", "/staff/district/agencies/{code}/orders/{id}/return", Access::kStaff,
       [](Ctx& c) { return DecideOrder(c, oversight::OrderAction::kReturn); }},
      {"GET", "/staff/filings", Access::kStaff, [](Ctx& c) { return OwnFilings(c); }},
      {"POST", "/staff/filings", Access::kStaff, SubmitFiling},
      {"GET", "/staff/filings/{id}", Access::kStaff,
       [](Ctx& c) { return FilingView(c, "/staff/filings", "ledger"); }},
  };
}

}  // namespace gk::web
