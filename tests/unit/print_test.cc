// Printed documents (documents/print.h): read back with pdftotext — the text
// in order, paper sizes, header rows repeated on continuation pages, long
// rows broken between pages, two-column flow, page numbers — and the
// validation of bad documents.
#include "documents/print.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/pdf_text.h"

namespace gk::documents {
namespace {

using gk::testing::PdfPage;
using gk::testing::PdfText;
using gk::testing::ReadPdf;

constexpr double kMm = 72.0 / 25.4;

PrintDocument Doc() {
  PrintDocument d;
  d.title = "测试文档";
  d.author = "静安寺街道办事处";
  d.date = Date{2026, 11, 27};
  return d;
}

Block Text(Block::Kind kind, std::string text) { return {kind, std::move(text), {}}; }

Table LedgerTable(int rows) {
  Table t;
  t.widths = {1, 3, 1};
  t.header_rows = 1;
  t.rows.push_back({{"编号", 1, 1, true}, {"内容", 1, 1, true}, {"日期", 1, 1, true}});
  for (int i = 0; i < rows; ++i) {
    t.rows.push_back({{"N" + std::to_string(1000 + i)}, {"第" + std::to_string(i) + "条信息"}, {"2026-01-02"}});
  }
  return t;
}

bool Contains(const PdfPage& p, const std::string& text) {
  for (const auto& r : p.rows) {
    if (r.text.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(PrintTest, HeadAndBodyComeOutInOrderWithPageNumbers) {
  PrintDocument d = Doc();
  d.head = {Text(Block::Kind::kTitle, "关于开展垃圾分类的通知"), Text(Block::Kind::kSubtitle, "静安寺街道办事处")};
  d.body = {Text(Block::Kind::kLine, "索引号：JAS/2026-00001"), Text(Block::Kind::kHeading, "一、总体情况"),
            Text(Block::Kind::kParagraph, "本街道依法做好政府信息公开工作。<b>不是标记</b>")};
  auto pdf = RenderPrintPdf(d);
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  std::vector<PdfPage> pages;
  ASSERT_TRUE(ReadPdf(*pdf, &pages));
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_NEAR(pages[0].width, 210 * kMm, 1);
  EXPECT_NEAR(pages[0].height, 297 * kMm, 1);
  std::string text = PdfText(*pdf);
  size_t title = text.find("关于开展垃圾分类的通知"), index = text.find("索引号：JAS/2026-00001"),
         heading = text.find("一、总体情况"), para = text.find("本街道依法做好政府信息公开工作。<b>不是标记</b>");
  ASSERT_NE(title, std::string::npos) << text;
  ASSERT_NE(index, std::string::npos) << text;
  ASSERT_NE(heading, std::string::npos) << text;
  ASSERT_NE(para, std::string::npos) << text;
  EXPECT_LT(title, index);
  EXPECT_LT(index, heading);
  EXPECT_LT(heading, para);
  EXPECT_TRUE(Contains(pages[0], "第1页共1页")) << text;
}

TEST(PrintTest, SignatureLinesAreFlushRight) {
  PrintDocument d = Doc();
  d.body = {Text(Block::Kind::kLine, "左边的一行"), Text(Block::Kind::kSignature, "静安寺街道办事处")};
  auto pdf = RenderPrintPdf(d);
  ASSERT_TRUE(pdf.ok());
  std::vector<PdfPage> pages;
  ASSERT_TRUE(ReadPdf(*pdf, &pages));
  double left = -1, signature = -1;
  for (const auto& r : pages[0].rows) {
    if (r.text == "左边的一行") left = r.x0;
    if (r.text == "静安寺街道办事处") signature = r.x1;
  }
  EXPECT_NEAR(left, 20 * kMm, 2);
  // The right margin is 20 mm; the signature ends two characters (2 × 14 pt) before it.
  EXPECT_NEAR(signature, (210 - 20) * kMm - 2 * 14, 3);
}

TEST(PrintTest, PaperSizesAndOrientation) {
  for (auto [paper, landscape, w, h] : {std::tuple{Paper::kA3, false, 297.0, 420.0},
                                        std::tuple{Paper::kA4, true, 297.0, 210.0},
                                        std::tuple{Paper::kA3, true, 420.0, 297.0}}) {
    PrintDocument d = Doc();
    d.paper = paper;
    d.landscape = landscape;
    d.body = {Text(Block::Kind::kParagraph, "公开栏")};
    auto pdf = RenderPrintPdf(d);
    ASSERT_TRUE(pdf.ok());
    std::vector<PdfPage> pages;
    ASSERT_TRUE(ReadPdf(*pdf, &pages));
    ASSERT_EQ(pages.size(), 1u);
    EXPECT_NEAR(pages[0].width, w * kMm, 1);
    EXPECT_NEAR(pages[0].height, h * kMm, 1);
  }
}

TEST(PrintTest, LongTableRepeatsItsHeaderOnEveryPageAndLosesNoRow) {
  PrintDocument d = Doc();
  d.body = {Text(Block::Kind::kHeading, "台帐"), {Block::Kind::kTable, "", LedgerTable(150)}};
  auto pdf = RenderPrintPdf(d);
  ASSERT_TRUE(pdf.ok());
  std::vector<PdfPage> pages;
  ASSERT_TRUE(ReadPdf(*pdf, &pages));
  ASSERT_GE(pages.size(), 3u);
  int rows_seen = 0;
  for (size_t p = 0; p < pages.size(); ++p) {
    EXPECT_TRUE(Contains(pages[p], "编号内容日期")) << "page " << p + 1;
    EXPECT_TRUE(Contains(pages[p], "第" + std::to_string(p + 1) + "页共" + std::to_string(pages.size()) + "页"));
    for (const auto& r : pages[p].rows) {
      if (r.text.rfind("N1", 0) == 0) ++rows_seen;
      if (r.text.find("页共") == std::string::npos) {
        EXPECT_LT(r.y1, 297 * kMm - 25 * kMm + 1) << r.text;  // nothing runs into the bottom margin
      }
    }
  }
  EXPECT_EQ(rows_seen, 150);
  std::string text = PdfText(*pdf);
  for (int i : {0, 57, 149}) EXPECT_NE(text.find("第" + std::to_string(i) + "条信息"), std::string::npos) << i;
}

TEST(PrintTest, ARowTallerThanAPageIsBrokenBetweenLines) {
  PrintDocument d = Doc();
  Table t = LedgerTable(0);
  std::string longtext;
  for (int i = 0; i < 120; ++i) longtext += "第" + std::to_string(i) + "行内容\n";
  longtext += "结束标记";
  t.rows.push_back({{"N1"}, {longtext}, {"2026-01-02"}});
  d.body = {{Block::Kind::kTable, "", t}};
  auto pdf = RenderPrintPdf(d);
  ASSERT_TRUE(pdf.ok());
  std::vector<PdfPage> pages;
  ASSERT_TRUE(ReadPdf(*pdf, &pages));
  ASSERT_GE(pages.size(), 2u);
  std::string text = PdfText(*pdf);
  for (int i : {0, 60, 119}) EXPECT_NE(text.find("第" + std::to_string(i) + "行内容"), std::string::npos) << i;
  EXPECT_NE(text.find("结束标记"), std::string::npos);
  EXPECT_TRUE(Contains(pages[1], "编号内容日期"));
}

TEST(PrintTest, SpannedCellsHoldTheirText) {
  PrintDocument d = Doc();
  Table t;
  t.widths = {2, 1, 1, 1};
  t.header_rows = 2;
  t.rows = {{{"项目", 1, 2, true}, {"申请人情况", 3, 1, true}},
            {{"自然人", 1, 1, true}, {"法人", 1, 1, true}, {"总计", 1, 1, true}},
            {{"本年新收", 1, 1, true}, {"3"}, {"4"}, {"7"}}};
  d.body = {{Block::Kind::kTable, "", t}};
  auto pdf = RenderPrintPdf(d);
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  std::string text = PdfText(*pdf);
  for (const char* s : {"项目", "申请人情况", "自然人", "本年新收", "347"}) {
    EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text;
  }
  std::string html = TableHtml(t, "table");
  EXPECT_NE(html.find("<th scope=\"col\" rowspan=\"2\">项目</th>"), std::string::npos) << html;
  EXPECT_NE(html.find("<th scope=\"colgroup\" colspan=\"3\">申请人情况</th>"), std::string::npos) << html;
  EXPECT_NE(html.find("<th scope=\"row\">本年新收</th><td>3</td>"), std::string::npos) << html;
}

TEST(PrintTest, TwoColumnsFillTheLeftColumnFirst) {
  PrintDocument d = Doc();
  d.columns = 2;
  d.head = {Text(Block::Kind::kTitle, "社区报刊")};
  for (int i = 0; i < 40; ++i) {
    d.body.push_back(Text(Block::Kind::kParagraph, "段落" + std::to_string(i) + "：街道办事处公开政府信息的工作情况。"));
  }
  auto pdf = RenderPrintPdf(d);
  ASSERT_TRUE(pdf.ok());
  std::vector<PdfPage> pages;
  ASSERT_TRUE(ReadPdf(*pdf, &pages));
  // pdftotext joins the lines the two columns have at the same height into
  // one row: "段落0：…段落13：…" — the left column's paragraph first.
  double first_x = -1;
  bool side_by_side = false;
  for (const auto& r : pages[0].rows) {
    if (r.text.rfind("段落0：", 0) == 0) first_x = r.x0;
    size_t second = r.text.find("段落", 1);
    if (r.text.rfind("段落", 0) == 0 && second != std::string::npos) {
      int left = std::stoi(r.text.substr(6)), right = std::stoi(r.text.substr(second + 6));
      side_by_side |= right > left + 5;
    }
  }
  std::string text = PdfText(*pdf);
  EXPECT_GT(first_x, 0) << text;
  EXPECT_LT(first_x, 50 * kMm);
  EXPECT_TRUE(side_by_side) << text;
  for (int i : {0, 20, 39}) EXPECT_NE(text.find("段落" + std::to_string(i) + "："), std::string::npos);
}

TEST(PrintTest, BadDocumentsAreRefusedWithAReason) {
  PrintDocument d = Doc();
  d.title = " ";
  EXPECT_EQ(RenderPrintPdf(d).status().message(), "标题不能为空");
  d = Doc();
  d.body = {Text(Block::Kind::kLine, "a\x01b")};
  EXPECT_NE(RenderPrintPdf(d).status().message().find("控制字符"), std::string::npos);
  d = Doc();
  d.body = {Text(Block::Kind::kParagraph, std::string("\xff\xfe"))};
  EXPECT_NE(RenderPrintPdf(d).status().message().find("UTF-8"), std::string::npos);
  d = Doc();
  Table t = LedgerTable(1);
  t.rows[1].pop_back();
  d.body = {{Block::Kind::kTable, "", t}};
  EXPECT_EQ(ValidatePrintDocument(d).message(), "正文第1块表格第2行的单元格数与列数不符");
  t = LedgerTable(1);
  t.rows[1][0].col_span = 0;
  d.body = {{Block::Kind::kTable, "", t}};
  EXPECT_FALSE(ValidatePrintDocument(d).ok());
  t = LedgerTable(1);
  t.rows[0][2].row_span = 5;
  d.body = {{Block::Kind::kTable, "", t}};
  EXPECT_FALSE(ValidatePrintDocument(d).ok());
  d = Doc();
  d.columns = 4;
  EXPECT_FALSE(ValidatePrintDocument(d).ok());
  d = Doc();
  d.body = {Text(Block::Kind::kParagraph, std::string(kMaxPrintBytes + 1, 'a'))};
  EXPECT_NE(ValidatePrintDocument(d).message().find("过长"), std::string::npos);
}

}  // namespace
}  // namespace gk::documents
