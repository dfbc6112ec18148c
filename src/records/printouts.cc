#include "records/printouts.h"

#include <algorithm>

#include "base/strings.h"
#include "requests/reference.h"

namespace gk::records {
namespace {

using documents::Block;
using documents::CellAlign;
using documents::Table;
using documents::TableCell;

std::string Num(int64_t v) { return std::to_string(v); }

TableCell Head(std::string text, int col_span = 1, int row_span = 1) {
  return {std::move(text), col_span, row_span, true, CellAlign::kCenter};
}
TableCell RowLabel(std::string text, int col_span = 1, int row_span = 1) {
  return {std::move(text), col_span, row_span, true, CellAlign::kLeft};
}
TableCell Figure(int64_t v, int col_span = 1) { return {Num(v), col_span, 1, false, CellAlign::kCenter}; }

void AddCells(std::vector<TableCell>& cells, const Row& r) {
  for (int64_t v : r.by_type) cells.push_back(Figure(v));
  cells.push_back(Figure(r.total()));
}

Block TableBlock(Table t) { return {Block::Kind::kTable, "", std::move(t)}; }
Block Heading(std::string text) { return {Block::Kind::kHeading, std::move(text), {}}; }

Table ProactiveSection(const ProactiveTable& p) {
  Table t;
  t.widths = {3, 2, 2, 2};
  auto section = [&](const char* label) { t.rows.push_back({Head(label, 4)}); };
  section("第二十条第（一）项");
  t.rows.push_back({Head("信息内容"), Head("本年制发件数"), Head("本年废止件数"), Head("现行有效件数")});
  for (auto [label, d] : {std::pair{"规章", &p.rules}, std::pair{"行政规范性文件", &p.normative}}) {
    t.rows.push_back({RowLabel(label), Figure(d->issued), Figure(d->repealed), Figure(d->in_force)});
  }
  section("第二十条第（五）项");
  t.rows.push_back({Head("信息内容"), Head("本年处理决定数量", 3)});
  t.rows.push_back({RowLabel("行政许可"), Figure(p.entered.permits, 3)});
  section("第二十条第（六）项");
  t.rows.push_back({Head("信息内容"), Head("本年处理决定数量", 3)});
  t.rows.push_back({RowLabel("行政处罚"), Figure(p.entered.penalties, 3)});
  t.rows.push_back({RowLabel("行政强制"), Figure(p.entered.coercions, 3)});
  section("第二十条第（八）项");
  t.rows.push_back({Head("信息内容"), Head("本年收费金额（单位：万元）", 3)});
  t.rows.push_back({RowLabel("行政事业性收费"), {WanYuan(p.entered.charges_yuan), 3, 1, false, CellAlign::kCenter}});
  return t;
}

Table ApplicationsSection(const ApplicationsTable& a) {
  Table t;
  t.widths = {0.8, 1.3, 2.6, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1};
  t.header_rows = 3;
  t.font_pt = 8.5;
  t.rows.push_back({Head("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
                    Head("申请人情况", 7)});
  t.rows.push_back({Head("自然人", 1, 2), Head("法人或其他组织", 5), Head("总计", 1, 2)});
  t.rows.push_back({Head("商业企业"), Head("科研机构"), Head("社会公益组织"), Head("法律服务机构"), Head("其他")});
  auto line = [&](std::vector<TableCell> cells, const Row& r) {
    AddCells(cells, r);
    t.rows.push_back(std::move(cells));
  };
  line({RowLabel("一、本年新收政府信息公开申请数量", 3)}, a.new_received);
  line({RowLabel("二、上年结转政府信息公开申请数量", 3)}, a.carried_in);
  auto outcomes = requests::Outcomes();
  static const char* kGroupNo[] = {"（一）", "（二）", "（三）", "（四）", "（五）", "（六）"};
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const requests::Outcome& o = outcomes[i];
    std::vector<TableCell> cells;
    if (i == 0) cells.push_back(RowLabel("三、本年度办理结果", 1, static_cast<int>(outcomes.size()) + 1));
    const int group = static_cast<int>(o.group);
    const bool single = o.group == requests::OutcomeGroup::kGranted || o.group == requests::OutcomeGroup::kPartial;
    if (single) {
      cells.push_back(RowLabel(std::string(kGroupNo[group]) + o.label, 2));
    } else {
      if (i == 0 || outcomes[i - 1].group != o.group) {
        int span = static_cast<int>(std::count_if(outcomes.begin(), outcomes.end(),
                                                  [&](const requests::Outcome& x) { return x.group == o.group; }));
        cells.push_back(RowLabel(std::string(kGroupNo[group]) + o.group_label, 1, span));
      }
      int n = 1;
      for (size_t k = i; k > 0 && outcomes[k - 1].group == o.group; --k) ++n;
      cells.push_back(RowLabel(Num(n) + "." + o.label));
    }
    line(std::move(cells), a.outcomes.at(o.key));
  }
  line({RowLabel("（七）总计", 2)}, a.total);
  line({RowLabel("四、结转下年度继续办理", 3)}, a.carried_out);
  return t;
}

Table ReviewsSection(const ReviewsTable& r) {
  Table t;
  t.widths.assign(15, 1);
  t.header_rows = 3;
  t.font_pt = 9;
  t.rows.push_back({Head("行政复议", 5), Head("行政诉讼", 10)});
  std::vector<TableCell> second;
  for (const char* label : {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}) second.push_back(Head(label, 1, 2));
  second.push_back(Head("未经复议直接起诉", 5));
  second.push_back(Head("复议后起诉", 5));
  t.rows.push_back(std::move(second));
  std::vector<TableCell> third;
  for (int k = 0; k < 2; ++k) {
    for (const char* label : {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}) third.push_back(Head(label));
  }
  t.rows.push_back(std::move(third));
  std::vector<TableCell> figures;
  for (const ReviewCell* c : {&r.reconsideration, &r.suit_direct, &r.suit_after_review}) {
    for (int64_t v : {c->upheld, c->corrected, c->other, c->pending, c->total()}) figures.push_back(Figure(v));
  }
  t.rows.push_back(std::move(figures));
  return t;
}

// The lines of a text staff typed, as paragraphs; blank lines dropped.
void AddParagraphs(std::vector<Block>& out, const std::string& text, const char* if_empty) {
  size_t before = out.size();
  for (const std::string& line : Split(text, '\n')) {
    std::string p(Trim(line));
    if (!p.empty()) out.push_back({Block::Kind::kParagraph, std::move(p), {}});
  }
  if (out.size() == before && if_empty) out.push_back({Block::Kind::kParagraph, if_empty, {}});
}

std::string ChineseDate(Date d) {
  return Num(d.year) + "年" + Num(d.month) + "月" + Num(d.day) + "日";
}

}  // namespace

std::string WanYuan(int64_t yuan) {
  std::string s = Num(yuan / 10000);
  int64_t rest = yuan % 10000;
  if (rest == 0) return s;
  std::string frac = Num(rest);
  frac = std::string(4 - frac.size(), '0') + frac;
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return s + "." + frac;
}

std::string FeesSentence(const Fees& fees) {
  return fees.amount_yuan > 0 ? "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费 " + Num(fees.amount_yuan) +
                                    " 元（" + Num(fees.applications) + " 件申请）。"
                              : "本年度未收取信息处理费。";
}

std::vector<Block> AnnualTableBlocks(const AnnualFigures& f) {
  return {Heading("二、主动公开政府信息情况"), TableBlock(ProactiveSection(f.proactive)),
          Heading("三、收到和处理政府信息公开申请情况"), TableBlock(ApplicationsSection(f.applications)),
          Heading("四、政府信息公开行政复议、行政诉讼情况"), TableBlock(ReviewsSection(f.reviews))};
}

documents::PrintDocument AnnualReportDocument(const AnnualReport& r, const std::string& agency_name, Date date) {
  documents::PrintDocument d;
  d.title = agency_name + Num(r.year) + "年度政府信息公开工作年度报告";
  d.author = agency_name;
  d.date = date;
  d.body_pt = 12;
  d.head = {{Block::Kind::kTitle, agency_name + "\n" + Num(r.year) + "年度政府信息公开工作年度报告", {}}};
  if (!r.published) d.footer = "草稿（未发布）";
  d.body.push_back(Heading("一、总体情况"));
  AddParagraphs(d.body, r.input.overview, "（尚未填写）");
  for (Block& b : AnnualTableBlocks(r.figures)) d.body.push_back(std::move(b));
  d.body.push_back(Heading("五、存在的主要问题及改进情况"));
  AddParagraphs(d.body, r.input.problems, "（尚未填写）");
  d.body.push_back(Heading("六、其他需要报告的事项"));
  AddParagraphs(d.body, r.input.other_matters, nullptr);
  d.body.push_back({Block::Kind::kParagraph, FeesSentence(r.figures.fees), {}});
  d.body.push_back({Block::Kind::kSpace, "", {}});
  d.body.push_back({Block::Kind::kSignature, agency_name, {}});
  d.body.push_back({Block::Kind::kSignature, ChineseDate(date), {}});
  return d;
}

documents::PrintDocument LedgerDocument(const Ledger& l, const std::string& agency_name, Date today) {
  documents::PrintDocument d;
  d.title = agency_name + Num(l.year) + "年度政府信息公开台帐";
  d.author = agency_name;
  d.date = today;
  d.landscape = true;
  d.body_pt = 12;
  d.footer = d.title + "（" + ChineseDate(today) + "生成）";
  d.head = {{Block::Kind::kTitle, agency_name + "\n" + Num(l.year) + "年度政府信息公开台帐", {}}};
  Table t;
  t.widths = {1.1, 1.8, 4, 1.6, 1.4, 1.4, 1.2, 1.8, 1.8, 0.9};
  t.header_rows = 1;
  t.font_pt = 9;
  std::vector<TableCell> header;
  for (const char* h : {"类别", "编号", "内容", "目录分类 / 主办部门", "公开形式", "公开时间", "反馈情况", "处理结果",
                        "形成至公开工作日", "按时"}) {
    header.push_back(Head(h));
  }
  t.rows.push_back(std::move(header));
  for (const LedgerLine& line : l.lines) {
    std::string where = line.category.empty() ? "" : line.category + "\n" + line.department;
    std::string days = line.working_days ? Num(*line.working_days) : "";
    std::string on_time = line.source != LedgerSource::kProactive || line.channel_release ? ""
                          : !line.on_time                                                 ? "未能计算"
                          : *line.on_time                                                 ? "是"
                                                                                          : "否";
    t.rows.push_back({{line.kind}, {line.reference}, {line.content}, {where}, {line.form}, {line.date},
                      {line.feedback}, {line.result}, {days, 1, 1, false, CellAlign::kCenter},
                      {on_time, 1, 1, false, CellAlign::kCenter}});
  }
  if (l.lines.empty()) t.rows.push_back({{"本年度尚无记录", 10, 1, false, CellAlign::kCenter}});
  d.body.push_back(TableBlock(std::move(t)));
  d.body.push_back(Heading("主动公开及时性（条例第二十六条：形成之日起20个工作日内）"));
  Table timely;
  timely.widths = {3, 1, 1, 1, 1};
  timely.header_rows = 1;
  timely.font_pt = 10;
  timely.rows.push_back({Head("主办部门"), Head("公开条数"), Head("按时"), Head("无法计算"), Head("按时比例")});
  for (const DepartmentTimeliness& dt : l.timeliness) {
    int known = dt.published - dt.unknown;
    timely.rows.push_back({{dt.department}, Figure(dt.published), Figure(dt.on_time), Figure(dt.unknown),
                           {known > 0 ? Num(dt.on_time * 100 / known) + "%" : "—", 1, 1, false, CellAlign::kCenter}});
  }
  if (l.timeliness.empty()) timely.rows.push_back({{"本年度尚无主动公开记录", 5, 1, false, CellAlign::kCenter}});
  d.body.push_back(TableBlock(std::move(timely)));
  d.body.push_back(Heading("本年度尚无公开内容的必填栏目"));
  if (l.empty_must_fill.empty()) d.body.push_back({Block::Kind::kLine, "无", {}});
  for (const std::string& e : l.empty_must_fill) d.body.push_back({Block::Kind::kLine, e, {}});
  return d;
}

}  // namespace gk::records
