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
#include "requests/reference.h"
#include "web/page.h"
#include "web/render.h"

namespace gk::web {

namespace {

records::AnnualReports Service(Ctx& c) { return records::AnnualReports(c.services); }

std::string Num(int64_t v) { return std::to_string(v); }

// 万元 with up to four decimals, as the national format asks for fees.
std::string WanYuan(int64_t yuan) {
  std::string s = std::to_string(yuan / 10000);
  int64_t rest = yuan % 10000;
  if (rest == 0) return s;
  std::string frac = std::to_string(rest);
  frac = std::string(4 - frac.size(), '0') + frac;
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return s + "." + frac;
}

std::string Cells(const records::Row& r) {
  std::string out;
  for (int64_t v : r.by_type) out += "<td>" + Num(v) + "</td>";
  return out + "<td>" + Num(r.total()) + "</td>";
}

// Sections 二, 三 and 四 of the national format as HTML tables (numbers and
// fixed labels only).
std::string Tables(const records::AnnualFigures& f) {
  const auto& p = f.proactive;
  std::string h = "<h2>二、主动公开政府信息情况</h2><div class=\"table-wrap\"><table class=\"table report\">";
  h += "<tr><th colspan=\"4\" scope=\"colgroup\">第二十条第（一）项</th></tr>";
  h += "<tr><th scope=\"col\">信息内容</th><th scope=\"col\">本年制发件数</th><th scope=\"col\">本年废止件数</th>"
       "<th scope=\"col\">现行有效件数</th></tr>";
  auto doc = [](const char* label, const records::DocumentRow& d) {
    return std::string("<tr><th scope=\"row\">") + label + "</th><td>" + Num(d.issued) + "</td><td>" +
           Num(d.repealed) + "</td><td>" + Num(d.in_force) + "</td></tr>";
  };
  h += doc("规章", p.rules) + doc("行政规范性文件", p.normative);
  h += "<tr><th colspan=\"4\" scope=\"colgroup\">第二十条第（五）项</th></tr>"
       "<tr><th scope=\"col\">信息内容</th><th scope=\"col\" colspan=\"3\">本年处理决定数量</th></tr>"
       "<tr><th scope=\"row\">行政许可</th><td colspan=\"3\">" + Num(p.entered.permits) + "</td></tr>";
  h += "<tr><th colspan=\"4\" scope=\"colgroup\">第二十条第（六）项</th></tr>"
       "<tr><th scope=\"col\">信息内容</th><th scope=\"col\" colspan=\"3\">本年处理决定数量</th></tr>"
       "<tr><th scope=\"row\">行政处罚</th><td colspan=\"3\">" + Num(p.entered.penalties) + "</td></tr>"
       "<tr><th scope=\"row\">行政强制</th><td colspan=\"3\">" + Num(p.entered.coercions) + "</td></tr>";
  h += "<tr><th colspan=\"4\" scope=\"colgroup\">第二十条第（八）项</th></tr>"
       "<tr><th scope=\"col\">信息内容</th><th scope=\"col\" colspan=\"3\">本年收费金额（单位：万元）</th></tr>"
       "<tr><th scope=\"row\">行政事业性收费</th><td colspan=\"3\">" + WanYuan(p.entered.charges_yuan) +
       "</td></tr></table></div>";

  const auto& t = f.applications;
  h += "<h2>三、收到和处理政府信息公开申请情况</h2><div class=\"table-wrap\"><table class=\"table report\">";
  h += "<tr><th rowspan=\"3\" colspan=\"3\" scope=\"col\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
       "</th><th colspan=\"7\" scope=\"colgroup\">申请人情况</th></tr>"
       "<tr><th rowspan=\"2\" scope=\"col\">自然人</th><th colspan=\"5\" scope=\"colgroup\">法人或其他组织</th>"
       "<th rowspan=\"2\" scope=\"col\">总计</th></tr>"
       "<tr><th scope=\"col\">商业企业</th><th scope=\"col\">科研机构</th><th scope=\"col\">社会公益组织</th>"
       "<th scope=\"col\">法律服务机构</th><th scope=\"col\">其他</th></tr>";
  h += "<tr><th colspan=\"3\" scope=\"row\">一、本年新收政府信息公开申请数量</th>" + Cells(t.new_received) + "</tr>";
  h += "<tr><th colspan=\"3\" scope=\"row\">二、上年结转政府信息公开申请数量</th>" + Cells(t.carried_in) + "</tr>";
  auto outcomes = requests::Outcomes();
  const int rows = static_cast<int>(outcomes.size()) + 1;
  static const char* kGroupNo[] = {"（一）", "（二）", "（三）", "（四）", "（五）", "（六）"};
  bool first = true;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const requests::Outcome& o = outcomes[i];
    h += "<tr>";
    if (first) h += "<th rowspan=\"" + Num(rows) + "\" scope=\"rowgroup\">三、本年度办理结果</th>";
    first = false;
    int group = static_cast<int>(o.group);
    bool single = o.group == requests::OutcomeGroup::kGranted || o.group == requests::OutcomeGroup::kPartial;
    if (single) {
      h += std::string("<th colspan=\"2\" scope=\"row\">") + kGroupNo[group] + o.label + "</th>";
    } else {
      bool starts = i == 0 || outcomes[i - 1].group != o.group;
      if (starts) {
        int span = static_cast<int>(std::count_if(outcomes.begin(), outcomes.end(),
                                                  [&](const requests::Outcome& x) { return x.group == o.group; }));
        h += "<th rowspan=\"" + Num(span) + "\" scope=\"rowgroup\">" + kGroupNo[group] + o.group_label + "</th>";
      }
      int n = 1;
      for (size_t k = i; k > 0 && outcomes[k - 1].group == o.group; --k) ++n;
      h += "<th scope=\"row\">" + Num(n) + "." + o.label + "</th>";
    }
    h += Cells(t.outcomes.at(o.key)) + "</tr>";
  }
  h += "<tr><th colspan=\"2\" scope=\"row\">（七）总计</th>" + Cells(t.total) + "</tr>";
  h += "<tr><th colspan=\"3\" scope=\"row\">四、结转下年度继续办理</th>" + Cells(t.carried_out) + "</tr></table></div>";

  const auto& r = f.reviews;
  h += "<h2>四、政府信息公开行政复议、行政诉讼情况</h2><div class=\"table-wrap\"><table class=\"table report\">";
  h += "<tr><th colspan=\"5\" scope=\"colgroup\">行政复议</th><th colspan=\"10\" scope=\"colgroup\">行政诉讼</th></tr>"
       "<tr><th rowspan=\"2\" scope=\"col\">结果维持</th><th rowspan=\"2\" scope=\"col\">结果纠正</th>"
       "<th rowspan=\"2\" scope=\"col\">其他结果</th><th rowspan=\"2\" scope=\"col\">尚未审结</th>"
       "<th rowspan=\"2\" scope=\"col\">总计</th><th colspan=\"5\" scope=\"colgroup\">未经复议直接起诉</th>"
       "<th colspan=\"5\" scope=\"colgroup\">复议后起诉</th></tr><tr>";
  for (int k = 0; k < 2; ++k) {
    h += "<th scope=\"col\">结果维持</th><th scope=\"col\">结果纠正</th><th scope=\"col\">其他结果</th>"
         "<th scope=\"col\">尚未审结</th><th scope=\"col\">总计</th>";
  }
  h += "</tr><tr>";
  for (const records::ReviewCell* c : {&r.reconsideration, &r.suit_direct, &r.suit_after_review}) {
    h += "<td>" + Num(c->upheld) + "</td><td>" + Num(c->corrected) + "</td><td>" + Num(c->other) + "</td><td>" +
         Num(c->pending) + "</td><td>" + Num(c->total()) + "</td>";
  }
  return h + "</tr></table></div>";
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
  const records::Fees& fees = r.figures.fees;
  h += fees.amount_yuan > 0 ? "<p>本年度依据《政府信息公开信息处理费管理办法》收取信息处理费 " + Num(fees.amount_yuan) +
                                  " 元（" + Num(fees.applications) + " 件申请）。</p>"
                            : std::string("<p>本年度未收取信息处理费。</p>");
  return h;
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
  v["balance_error"] = r.balance.ok() ? "" : r.balance.message();
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
  if (!s.ok()) {
    if (s.code() == Code::kPermissionDenied || s.code() == Code::kInternal) return c.Error(s);
    return StaffReport(c, year, s.message(), HttpStatusFor(s.code()));
  }
  return Response::Redirect("/staff/reports/annual?year=" + Num(year) + "&ok=report_saved");
}

Response PublishReport(Ctx& c) {
  int year = YearParam(c.params["year"]);
  if (year == 0) return c.Error(InvalidArgument("年度无效"));
  Status s = Service(c).Publish(c.who(), year);
  if (!s.ok()) {
    if (s.code() == Code::kPermissionDenied || s.code() == Code::kInternal) return c.Error(s);
    return StaffReport(c, year, s.message(), HttpStatusFor(s.code()));
  }
  return Response::Redirect("/staff/reports/annual?year=" + Num(year) + "&ok=report_published");
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

std::optional<int64_t> OptionalId(const std::string& text) {
  std::string s(Trim(text));
  if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(s);
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
      [&](store::Tx& tx) { return records::BuildLedger(tx, c.who().agency_id, r.year, r.filter); });
}

// 台帐: every disclosure of a year with its form, time, feedback and result.
Response LedgerPage(Ctx& c) {
  LedgerRequest req = ReadLedgerRequest(c);
  auto ledger = LoadLedger(c, req);
  if (!ledger.ok()) return c.Error(ledger.status());
  View v = c.Base(Num(req.year) + "年度政府信息公开台帐", "ledger");
  v["year"] = Num(req.year);
  std::string query = "year=" + Num(req.year);
  if (req.filter.category_id) query += "&category=" + Num(*req.filter.category_id);
  if (req.filter.department_id) query += "&department=" + Num(*req.filter.department_id);
  v["csv_href"] = "/staff/ledger.csv?" + query;
  v["xlsx_href"] = "/staff/ledger.xlsx?" + query;
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
  for (const auto& l : ledger->lines) {
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
    row["proactive"] = l.kind == "主动公开";
    row["days"] = l.working_days ? Num(*l.working_days) : "";
    row["late"] = l.working_days.has_value() && !l.on_time;
    lines.Push(std::move(row));
  }
  v["has_lines"] = !ledger->lines.empty();
  v["lines"] = std::move(lines);
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

Response LedgerCsv(Ctx& c) {
  LedgerRequest req = ReadLedgerRequest(c);
  auto ledger = LoadLedger(c, req);
  if (!ledger.ok()) return c.Error(ledger.status());
  return FileResponse(Num(req.year) + "年度政府信息公开台帐.csv", "text/csv; charset=utf-8",
                      records::LedgerCsv(*ledger));
}

// 备案包: what was published in a period, with digests, for the upper office.
Response FilingPackage(Ctx& c) {
  if (Status s = accounts::Require(c.who(), accounts::Permission::kStaffArea); !s.ok()) return c.Error(s);
  std::string from(Trim(c.req.QueryParam("from"))), to(Trim(c.req.QueryParam("to")));
  auto p = c.services.db.Read<records::FilingPackage>([&](store::Tx& tx) {
    return records::BuildFiling(tx, c.who().agency_id, from, to, FormatUtc(c.services.clock.Now()));
  });
  if (!p.ok()) return c.Error(p.status());
  return FileResponse("备案包_" + p->from + "_" + p->to + ".json", "application/json; charset=utf-8",
                      records::FilingJson(*p));
}

Response LedgerXlsx(Ctx& c) {
  LedgerRequest req = ReadLedgerRequest(c);
  auto ledger = LoadLedger(c, req);
  if (!ledger.ok()) return c.Error(ledger.status());
  auto book = records::LedgerXlsx(*ledger);
  if (!book.ok()) return c.Error(book.status());
  return FileResponse(Num(req.year) + "年度政府信息公开台帐.xlsx",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", std::move(*book));
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
      {"GET", "/staff/filing", Access::kStaff, FilingPackage},
      {"GET", "/reports", Access::kPublic, PortalList},
      {"GET", "/reports/{year}", Access::kPublic, PortalReport},
  };
}

}  // namespace gk::web
