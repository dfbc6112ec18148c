// 政府信息公开工作年度报告: the 公开办 writes the draft beside the tables
// computed from the records and publishes it; the portal lists the published
// reports and shows each in the national format (records/annual_reports.h).
#include <algorithm>

#include "base/strings.h"
#include "accounts/directory.h"
#include "disclosure/catalog.h"
#include "records/annual_reports.h"
#include "records/filing.h"
#include "records/ledger.h"
#include "records/printouts.h"
#include "requests/reference.h"
#include "web/page.h"
#include "web/pager.h"
#include "web/render.h"

namespace gk::web {

namespace {

records::AnnualReports Service(Ctx& c) { return records::AnnualReports(c.services); }

std::string Num(int64_t v) { return std::to_string(v); }

// Sections 二, 三 and 四 of the national format as HTML: the same tables
// as the PDF (records/printouts.h).
std::string Tables(const records::AnnualFigures& f) {
  std::string h;
  for (const documents::Block& b : records::AnnualTableBlocks(f)) {
    h += b.kind == documents::Block::Kind::kTable ? documents::TableHtml(b.table, "table report")
                                                   : "<h2>" + EscapeHtml(b.text) + "</h2>";
  }
  return h;
}

std::string Paragraphs(const std::string& text) {
  std::string out;
  for (const std::string& line : Split(text, '\n')) {
    if (!Trim(line).empty()) out += "<p>" + EscapeHtml(std::string(Trim(line))) + "</p>";
  }
  return out.empty() ? "<p class=\"muted\">（尚未填写）</p>" : out;
}

// The whole report in the national format's order: the staff's texts
// (escaped) around the computed tables.
std::string Body(const records::AnnualReport& r) {
  std::string h = "<h2>一、总体情况</h2>" + Paragraphs(r.input.overview);
  h += Tables(r.figures);
  h += "<h2>五、存在的主要问题及改进情况</h2>" + Paragraphs(r.input.problems);
  h += "<h2>六、其他需要报告的事项</h2>";
  if (!Trim(r.input.other_matters).empty()) h += Paragraphs(r.input.other_matters);
  return h + "<p>" + EscapeHtml(records::FeesSentence(r.figures.fees)) + "</p>";
}

View ReportView(Ctx& c, const records::AnnualReport& r) {
  View v = c.Base(Num(r.year) + "年度政府信息公开工作年度报告", "reports");
  v["year"] = Num(r.year);
  v["overview"] = r.input.overview;
  v["problems"] = r.input.problems;
  v["other_matters"] = r.input.other_matters;
  v["permits"] = Num(r.input.entered.permits);
  v["penalties"] = Num(r.input.entered.penalties);
  v["coercions"] = Num(r.input.entered.coercions);
  v["charges_yuan"] = Num(r.input.entered.charges_yuan);
  v["body"] = Body(r);
  v["fees_applications"] = Num(r.figures.fees.applications);
  v["fees_amount"] = Num(r.figures.fees.amount_yuan);
  v["published"] = r.published;
  auto published = ParseUtc(r.published_at);
  v["published_at"] = published.ok() ? ChinaDate(*published).ToString() : r.published_at;
  v["published_by"] = r.published_by;
  v["updated_at"] = r.updated_at;
  v["updated_by"] = r.updated_by;
  v["due"] = r.due.ToString();
  v["balanced"] = r.balance.ok();
  v["balance_error"] = r.balance.ok() ? "" : c.UserMessage(r.balance);
  return v;
}

int YearParam(const std::string& text) {
  std::string s(Trim(text));
  if (s.size() != 4 || s.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoi(s);
}

Response StaffReport(Ctx& c, int year, const std::string& error = "", int status = 200) {
  auto r = Service(c).Get(c.who(), year);
  if (!r.ok()) return c.Error(r.status());
  View v = ReportView(c, *r);
  v["error"] = error;
  v["can_edit"] = c.who().Has(accounts::Role::kDisclosureOffice) && !r->published;
  if (!error.empty()) {
    // Keep what was typed.
    for (const char* f : {"overview", "problems", "other_matters", "permits", "penalties", "coercions", "charges_yuan"}) {
      v[f] = c.Field(f);
    }
  }
  View years = View::MakeList();
  int this_year = ChinaDate(c.services.clock.Now()).year;
  for (int y = this_year; y >= this_year - 5; --y) {
    View row;
    row["year"] = Num(y);
    row["current"] = y == year;
    years.Push(std::move(row));
  }
  v["years"] = std::move(years);
  return c.Page("staff/annual_report", std::move(v), status);
}

int64_t FigureField(Ctx& c, const char* name, bool* ok) {
  std::string s(Trim(c.Field(name)));
  if (s.empty()) return 0;
  if (s.size() > 13 || s.find_first_not_of("0123456789") != std::string::npos) {
    *ok = false;
    return 0;
  }
  return std::stoll(s);
}

Response SaveReport(Ctx& c) {
  int year = YearParam(c.params["year"]);
  if (year == 0) return c.Error(InvalidArgument("年度无效"));
  records::ReportInput in;
  in.overview = c.Field("overview");
  in.problems = c.Field("problems");
  in.other_matters = c.Field("other_matters");
  bool ok = true;
  in.entered = {FigureField(c, "permits", &ok), FigureField(c, "penalties", &ok), FigureField(c, "coercions", &ok),
                FigureField(c, "charges_yuan", &ok)};
  if (!ok) return StaffReport(c, year, "填报的数字须为不小于 0 的整数", 400);
  Status s = Service(c).Save(c.who(), year, in);
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return StaffReport(c, year, m, st); });
  return Response::Redirect("/staff/reports/annual?year=" + Num(year) + "&ok=report_saved");
}

Response PublishReport(Ctx& c) {
  int year = YearParam(c.params["year"]);
  if (year == 0) return c.Error(InvalidArgument("年度无效"));
  Status s = Service(c).Publish(c.who(), year);
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return StaffReport(c, year, m, st); });
  return Response::Redirect("/staff/reports/annual?year=" + Num(year) + "&ok=report_published");
}

Date ReportDate(Ctx& c, const records::AnnualReport& r) {
  auto published = ParseUtc(r.published_at);
  return ChinaDate(published.ok() ? *published : c.services.clock.Now());
}

Response ReportPdf(Ctx& c, const records::AnnualReport& r) {
  auto pdf = documents::RenderPrintPdf(records::AnnualReportDocument(r, c.agency.name, ReportDate(c, r)));
  if (!pdf.ok()) return c.Error(pdf.status());
  return FileResponse(c.agency.name + Num(r.year) + "年度政府信息公开工作年度报告.pdf", "application/pdf",
                      std::move(*pdf));
}

Response StaffReportPdf(Ctx& c) {
  int year = YearParam(c.params["year"]);
  if (year == 0) return c.Error(InvalidArgument("年度无效"));
  auto r = Service(c).Get(c.who(), year);
  if (!r.ok()) return c.Error(r.status());
  return ReportPdf(c, *r);
}

Response PortalReportPdf(Ctx& c) {
  int year = YearParam(c.params["year"]);
  if (year == 0) return c.Error(NotFound("该年度报告尚未发布"));
  auto r = Service(c).GetPublished(c.agency.id, year);
  if (!r.ok()) return c.Error(r.status());
  return ReportPdf(c, *r);
}

Response PortalList(Ctx& c) {
  auto list = Service(c).ListPublished(c.agency.id);
  if (!list.ok()) return c.Error(list.status());
  View v = c.Base(c.renderer.Text("portal_reports_title"), "reports");
  v["portal"] = true;
  View rows = View::MakeList();
  for (const auto& r : *list) {
    View row;
    row["year"] = Num(r.year);
    auto at = ParseUtc(r.published_at);
    row["published_at"] = at.ok() ? ChinaDate(*at).ToString() : r.published_at.substr(0, 10);
    rows.Push(std::move(row));
  }
  v["has_reports"] = !list->empty();
  v["reports"] = std::move(rows);
  return c.Page("portal/reports", std::move(v));
}

Response PortalReport(Ctx& c) {
  int year = YearParam(c.params["year"]);
  if (year == 0) return c.Error(NotFound("该年度报告尚未发布"));
  auto r = Service(c).GetPublished(c.agency.id, year);
  if (!r.ok()) return c.Error(r.status());
  View v = ReportView(c, *r);
  v["portal"] = true;
  return c.Page("portal/annual_report", std::move(v));
}

struct LedgerRequest {
  int year = 0;
  records::LedgerFilter filter;
};

LedgerRequest ReadLedgerRequest(Ctx& c) {
  LedgerRequest r;
  r.year = YearParam(c.req.QueryParam("year"));
  if (r.year == 0) r.year = ChinaDate(c.services.clock.Now()).year;
  r.filter.category_id = OptionalId(c.req.QueryParam("category"));
  r.filter.department_id = OptionalId(c.req.QueryParam("department"));
  return r;
}

Result<records::Ledger> LoadLedger(Ctx& c, const LedgerRequest& r) {
  RETURN_IF_ERROR(accounts::Require(c.who(), accounts::Permission::kStaffArea));
  return c.services.db.Read<records::Ledger>(
      [&](store::Tx& tx) { return records::BuildPrintableLedger(tx, c.who().agency_id, r.year, r.filter); });
}

// 台帐: the year's counts and timeliness, and one page of its disclosures
// with their form, time, feedback and result (the exports hold them all).
Response LedgerPage(Ctx& c) {
  LedgerRequest req = ReadLedgerRequest(c);
  if (Status s = accounts::Require(c.who(), accounts::Permission::kStaffArea); !s.ok()) return c.Error(s);
  PageSpec asked = PageRequested(c.req, 100, 500);
  auto ledger = c.services.db.Read<records::LedgerView>([&](store::Tx& tx) {
    return records::ReadLedgerPage(tx, c.who().agency_id, req.year, req.filter, asked);
  });
  if (!ledger.ok()) return c.Error(ledger.status());
  View v = c.Base(Num(req.year) + "年度政府信息公开台帐", "ledger");
  v["year"] = Num(req.year);
  std::string query = "year=" + Num(req.year);
  if (req.filter.category_id) query += "&category=" + Num(*req.filter.category_id);
  if (req.filter.department_id) query += "&department=" + Num(*req.filter.department_id);
  v["csv_href"] = "/staff/ledger.csv?" + query;
  v["xlsx_href"] = "/staff/ledger.xlsx?" + query;
  v["pdf_href"] = "/staff/ledger.pdf?" + query;
  View years = View::MakeList();
  int this_year = ChinaDate(c.services.clock.Now()).year;
  for (int y = this_year; y >= this_year - 5; --y) {
    View row;
    row["year"] = Num(y);
    row["selected"] = y == req.year;
    years.Push(std::move(row));
  }
  v["years"] = std::move(years);
  auto catalog = disclosure::Catalog(c.services).List(c.who().agency_id);
  if (catalog.ok()) {
    for (const auto& cat : *catalog) {
      View o;
      o["id"] = Num(cat.id);
      o["label"] = cat.code + " " + cat.path_name;
      o["selected"] = req.filter.category_id == cat.id;
      v["categories"].Push(std::move(o));
    }
  }
  auto departments = c.directory().Departments(c.who());
  if (departments.ok()) {
    for (const auto& d : *departments) {
      View o;
      o["id"] = Num(d.id);
      o["label"] = d.name;
      o["selected"] = req.filter.department_id == d.id;
      v["departments"].Push(std::move(o));
    }
  }
  View lines = View::MakeList();
  for (const auto& l : ledger->page.rows) {
    View row;
    row["kind"] = l.kind;
    row["reference"] = l.reference;
    row["content"] = l.content;
    row["category"] = l.category;
    row["department"] = l.department;
    row["form"] = l.form;
    row["date"] = l.date;
    row["feedback"] = l.feedback;
    row["result"] = l.result;
    row["proactive"] = l.source == records::LedgerSource::kProactive;
    row["days"] = l.working_days ? Num(*l.working_days) : "";
    row["late"] = l.Late();
    lines.Push(std::move(row));
  }
  v["has_lines"] = !ledger->page.rows.empty();
  v["lines"] = std::move(lines);
  v["publications"] = ledger->counts.publications;
  v["releases"] = ledger->counts.releases;
  v["applications"] = ledger->counts.applications;
  v["total"] = ledger->counts.publications + ledger->counts.releases + ledger->counts.applications;
  SetPager(v, ListBase(c.req), asked, ledger->page.next);
  View timeliness = View::MakeList();
  for (const auto& t : ledger->timeliness) {
    View row;
    row["department"] = t.department;
    row["published"] = Num(t.published);
    row["on_time"] = Num(t.on_time);
    row["unknown"] = Num(t.unknown);
    int known = t.published - t.unknown;
    row["share"] = known > 0 ? Num(t.on_time * 100 / known) + "%" : "—";
    timeliness.Push(std::move(row));
  }
  v["has_timeliness"] = !ledger->timeliness.empty();
  v["timeliness"] = std::move(timeliness);
  View empty = View::MakeList();
  for (const auto& e : ledger->empty_must_fill) empty.Push(View(e));
  v["has_empty"] = !ledger->empty_must_fill.empty();
  v["empty"] = std::move(empty);
  return c.Page("staff/ledger", std::move(v));
}

// The exports read the year's lines a batch at a time into a temporary file,
// which is then sent (sendfile): neither the records nor the file pile up
// in memory.
Response LedgerCsv(Ctx& c) {
  LedgerRequest req = ReadLedgerRequest(c);
  if (Status s = accounts::Require(c.who(), accounts::Permission::kStaffArea); !s.ok()) return c.Error(s);
  auto csv = c.services.db.Read<TempFile>([&](store::Tx& tx) {
    return records::LedgerCsvFile(records::YearLines(tx, c.who().agency_id, req.year, req.filter));
  });
  if (!csv.ok()) return c.Error(csv.status());
  auto r = FileResponse(Num(req.year) + "年度政府信息公开台帐.csv", "text/csv; charset=utf-8", std::move(*csv));
  return r.ok() ? std::move(*r) : c.Error(r.status());
}

// 备案包: what was published in a period, with digests, for the upper office.
Response FilingPackage(Ctx& c) {
  if (Status s = accounts::Require(c.who(), accounts::Permission::kStaffArea); !s.ok()) return c.Error(s);
  std::string from(Trim(c.req.QueryParam("from"))), to(Trim(c.req.QueryParam("to")));
  auto p = c.services.db.Read<records::FilingPackage>([&](store::Tx& tx) {
    return records::BuildFiling(tx, c.who().agency_id, from, to, Now(c.services.clock));
  });
  if (!p.ok()) return c.Error(p.status());
  return FileResponse("备案包_" + p->from + "_" + p->to + ".json", "application/json; charset=utf-8",
                      records::FilingJson(*p));
}

Response LedgerPdf(Ctx& c) {
  LedgerRequest req = ReadLedgerRequest(c);
  auto ledger = LoadLedger(c, req);
  if (!ledger.ok()) return c.Error(ledger.status());
  auto pdf = documents::RenderPrintPdf(
      records::LedgerDocument(*ledger, c.agency.name, ChinaDate(c.services.clock.Now())));
  if (!pdf.ok()) return c.Error(pdf.status());
  return FileResponse(Num(req.year) + "年度政府信息公开台帐.pdf", "application/pdf", std::move(*pdf));
}

Response LedgerXlsx(Ctx& c) {
  LedgerRequest req = ReadLedgerRequest(c);
  if (Status s = accounts::Require(c.who(), accounts::Permission::kStaffArea); !s.ok()) return c.Error(s);
  auto book = c.services.db.Read<TempFile>([&](store::Tx& tx) -> Result<TempFile> {
    const int64_t agency_id = c.who().agency_id;
    // The figures (from the counters), then every line.
    ASSIGN_OR_RETURN(records::LedgerView figures,
                     records::ReadLedgerFigures(tx, agency_id, req.year, req.filter));
    return records::LedgerXlsxFile(records::YearLines(tx, agency_id, req.year, req.filter), figures.timeliness,
                               figures.empty_must_fill);
  });
  if (!book.ok()) return c.Error(book.status());
  auto r = FileResponse(Num(req.year) + "年度政府信息公开台帐.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", std::move(*book));
  return r.ok() ? std::move(*r) : c.Error(r.status());
}

}  // namespace

std::vector<Route> ReportRoutes() {
  return {
      {"GET", "/staff/reports/annual", Access::kStaff,
       [](Ctx& c) {
         int year = YearParam(c.req.QueryParam("year"));
         if (year == 0) year = ChinaDate(c.services.clock.Now()).year - 1;
         return StaffReport(c, year);
       }},
      {"POST", "/staff/reports/annual/{year}", Access::kStaff, SaveReport},
      {"POST", "/staff/reports/annual/{year}/publish", Access::kStaff, PublishReport},
      {"GET", "/staff/ledger", Access::kStaff, LedgerPage},
      {"GET", "/staff/ledger.csv", Access::kStaff, LedgerCsv},
      {"GET", "/staff/ledger.xlsx", Access::kStaff, LedgerXlsx},
      {"GET", "/staff/ledger.pdf", Access::kStaff, LedgerPdf},
      {"GET", "/staff/reports/annual/{year}/pdf", Access::kStaff, StaffReportPdf},
      {"GET", "/staff/filing", Access::kStaff, FilingPackage},
      {"GET", "/reports", Access::kPublic, PortalList},
      {"GET", "/reports/{year}", Access::kPublic, PortalReport},
      {"GET", "/reports/{year}/pdf", Access::kPublic, PortalReportPdf},
  };
}

}  // namespace gk::web
