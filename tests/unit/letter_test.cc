// Letters after GB/T 9704-2012: the PDF's geometry as poppler's pdftotext
// reads it back (page size, margins, the 22-line grid, page numbers, page
// breaks), the DOCX package as Word reads it (parts, text, section), and
// input validation with its exact messages.
#include "documents/letter.h"
#include "support/pdf_text.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace gk::documents {
namespace {

namespace fs = std::filesystem;
using gk::testing::PdfPage;
using gk::testing::ReadPdf;
using gk::testing::Row;

// Page geometry in points.
constexpr double kMm = 72.0 / 25.4;
constexpr double kLeft = 28 * kMm, kTop = 37 * kMm;
constexpr double kRight = (28 + 156) * kMm, kBottom = (37 + 225) * kMm;
constexpr double kChar = 156.0 / 28 * kMm, kPitch = 225.0 / 22 * kMm;
constexpr double kTolerance = 0.5 * kMm;  // for "inside the text block"

std::string RemoveSpaces(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

bool IsPageNumber(const Row& r) { return r.y0 > kBottom; }

// Every "/MediaBox [ x0 y0 x1 y1 ]" in the file, as {x1 - x0, y1 - y0}.
std::vector<std::pair<double, double>> MediaBoxes(const std::string& pdf) {
  static const std::regex kBox(R"(/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\])");
  std::vector<std::pair<double, double>> boxes;
  for (auto it = std::sregex_iterator(pdf.begin(), pdf.end(), kBox); it != std::sregex_iterator(); ++it) {
    boxes.push_back({std::stod((*it)[3]) - std::stod((*it)[1]), std::stod((*it)[4]) - std::stod((*it)[2])});
  }
  return boxes;
}

Letter ShortLetter() {
  Letter l;
  l.issuer = "上海市静安区人民政府静安寺街道办事处";
  l.title = "政府信息公开申请答复书";
  l.number = "静安寺公复〔2026〕3号";
  l.addressee = "张三";
  l.paragraphs = {
      "本机关于2026年11月3日收到您提出的政府信息公开申请，要求获取“静安寺街道2025年度老旧小区改造"
      "项目的资金使用情况”。经研究，现答复如下：",
      "您申请的信息属于本机关公开的政府信息，现提供给您，内容包括<b>&amp;</b>字样，详见附件。",
  };
  l.attachments = {"资金使用情况表"};
  l.date = {2026, 11, 27};
  l.contact = "联系人：李四，电话：62561234";
  return l;
}

// A paragraph of `n` characters cycling through a fixed text.
std::string Filler(int n, int seed) {
  static const std::u32string kText =
      U"根据中华人民共和国政府信息公开条例的规定本机关对您申请公开的信息进行了检索和审查现将有关情况告知如下";
  std::u32string out;
  for (int i = 0; i < n; ++i) out += kText[(seed + i) % kText.size()];
  std::string utf8;
  for (char32_t c : out) {  // BMP only
    utf8 += static_cast<char>(0xE0 | (c >> 12));
    utf8 += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    utf8 += static_cast<char>(0x80 | (c & 0x3F));
  }
  return utf8;
}

TEST(LetterTest, FormatsTheDateWithoutLeadingZeros) {
  EXPECT_EQ(FormatChineseDate({2026, 11, 27}), "2026年11月27日");
  EXPECT_EQ(FormatChineseDate({2026, 1, 5}), "2026年1月5日");
}

TEST(LetterTest, RejectsBadInputWithTheField) {
  struct {
    void (*edit)(Letter&);
    std::string message;
  } cases[] = {
      {[](Letter& l) { l.paragraphs[1] = "a\xFF" "b"; }, "正文第2段不是有效的 UTF-8 文本"},
      {[](Letter& l) { l.title = ""; }, "标题不能为空"},
      {[](Letter& l) { l.issuer = "　 "; }, "发文机关不能为空"},
      {[](Letter& l) { l.addressee = "张\n三"; }, "主送机关含有控制字符"},
      {[](Letter& l) { l.number = "\t3号"; }, "发文字号含有控制字符"},
      {[](Letter& l) { l.contact = "电话\u202E4321"; }, "附注含有控制字符"},
      {[](Letter& l) { l.paragraphs[0] += "\u2028"; }, "正文第1段含有控制字符"},
      {[](Letter& l) { l.paragraphs[0] += "\xC2\x85"; }, "正文第1段含有控制字符"},  // NEL
      {[](Letter& l) { l.attachments = {" "}; }, "附件说明第1项不能为空"},
      {[](Letter& l) { l.date = {2026, 2, 30}; }, "成文日期无效"},
      {[](Letter& l) { l.paragraphs.push_back(std::string(kMaxLetterBytes, 'x')); },
       "公文内容过长（不超过 200000 字节）"},
  };
  for (const auto& c : cases) {
    Letter letter = ShortLetter();
    c.edit(letter);
    Result<std::string> pdf = RenderPdf(letter);
    Result<std::string> docx = RenderDocx(letter);
    EXPECT_EQ(pdf.status().code(), Code::kInvalidArgument) << c.message;
    EXPECT_EQ(pdf.status().message(), c.message);
    EXPECT_EQ(docx.status().code(), Code::kInvalidArgument) << c.message;
    EXPECT_EQ(docx.status().message(), c.message);
  }
  EXPECT_TRUE(ValidateLetter(ShortLetter()).ok());
}

TEST(LetterPdfTest, OnePageOnTheGbt9704Grid) {
  Result<std::string> pdf = RenderPdf(ShortLetter());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  ASSERT_EQ(pdf->rfind("%PDF-", 0), 0u);
  for (auto [w, h] : MediaBoxes(*pdf)) {
    EXPECT_NEAR(w, 595.28, 0.5);
    EXPECT_NEAR(h, 841.89, 0.5);
  }
  EXPECT_EQ(MediaBoxes(*pdf).size(), 1u);

  std::vector<PdfPage> pages;
  ASSERT_TRUE(ReadPdf(*pdf, &pages));
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_NEAR(pages[0].width, 595.28, 0.5);
  EXPECT_NEAR(pages[0].height, 841.89, 0.5);
  const std::vector<Row>& rows = pages[0].rows;
  // number, title, addressee, 3 + 2 body lines, attachment, issuer, date, note, page number
  ASSERT_EQ(rows.size(), 13u);
  std::vector<std::string> texts;
  for (const Row& r : rows) texts.push_back(r.text);
  EXPECT_EQ(texts[0], "静安寺公复〔2026〕3号");
  EXPECT_EQ(texts[1], "政府信息公开申请答复书");
  EXPECT_EQ(texts[2], "张三：");
  EXPECT_EQ(texts[3] + texts[4] + texts[5], ShortLetter().paragraphs[0]);
  EXPECT_EQ(texts[6] + texts[7], ShortLetter().paragraphs[1]);
  EXPECT_NE(texts[7].find("<b>&amp;</b>"), std::string::npos) << "user text is not markup";
  EXPECT_EQ(texts[8], "附件：资金使用情况表");
  EXPECT_EQ(texts[9], ShortLetter().issuer);
  EXPECT_EQ(texts[10], "2026年11月27日");
  EXPECT_EQ(texts[11], "（联系人：李四，电话：62561234）");
  EXPECT_EQ(texts[12], "—1—");

  EXPECT_NEAR(rows[0].y0, kTop, 1.5 * kMm) << "天头 37 mm";
  EXPECT_NEAR(rows[0].x1, kRight, 1 * kMm) << "发文字号 flush right";
  EXPECT_NEAR((rows[1].x0 + rows[1].x1) / 2, (kLeft + kRight) / 2, 1 * kMm) << "title centred";
  EXPECT_NEAR(rows[1].y0, kTop + 2 * kPitch, 1 * kMm) << "title one blank line below the number";
  EXPECT_NEAR(rows[2].x0, kLeft, 1 * kMm) << "addressee flush left";
  EXPECT_NEAR(rows[3].x0, kLeft + 2 * kChar, 1 * kMm) << "first-line indent";
  EXPECT_NEAR(rows[4].x0, kLeft, 1 * kMm) << "订口 28 mm";
  EXPECT_NEAR(rows[4].x1, kRight, 1 * kMm) << "justified";
  EXPECT_NEAR(rows[6].x0, kLeft + 2 * kChar, 1 * kMm) << "first-line indent";
  EXPECT_NEAR(rows[8].x0, kLeft + 2 * kChar, 1 * kMm) << "附件 indented two characters";
  EXPECT_NEAR(rows[8].y0, rows[7].y0 + 2 * kPitch, 1 * kMm) << "附件 one blank line below the body";
  EXPECT_NEAR(rows[9].x1, kRight, 1 * kMm) << "issuer too long to centre over the date: flush right";
  EXPECT_NEAR(rows[9].y0, rows[8].y0 + 3 * kPitch, 1 * kMm) << "two blank lines for the seal";
  EXPECT_NEAR(rows[10].x1, kRight - 4 * kChar, 1 * kMm) << "date right-indented four characters";
  EXPECT_NEAR(rows[11].x0, kLeft + 2 * kChar, 1 * kMm) << "附注 indented two characters";
  for (size_t i = 0; i + 1 < rows.size(); ++i) {
    double slot = (rows[i].y0 - kTop) / kPitch;
    EXPECT_NEAR(slot, std::round(slot), 0.05) << texts[i] << " is on the grid";
    EXPECT_GE(rows[i].x0, kLeft - kTolerance) << texts[i];
    EXPECT_LE(rows[i].x1, kRight + kTolerance) << texts[i];
    EXPECT_GE(rows[i].y0, kTop - kTolerance) << texts[i];
    EXPECT_LE(rows[i].y1, kBottom + kTolerance) << texts[i];
  }
  EXPECT_NEAR(rows[12].y0, kBottom + 7 * kMm, 1 * kMm) << "page number 7 mm below the block";
  EXPECT_NEAR(rows[12].x1, kRight - kChar, 1 * kMm) << "odd page: right, one character in";
}

TEST(LetterPdfTest, LongLetterBreaksPagesOnTheGrid) {
  Letter letter = ShortLetter();
  letter.paragraphs.clear();
  int total = 0;
  for (int i = 0; total < 5000; ++i) {
    letter.paragraphs.push_back(Filler(150 + 37 * (i % 5), i) + "。第" + std::to_string(i + 1) + "段。");
    total += 150 + 37 * (i % 5);
  }
  letter.paragraphs[3] += "详见 Open Government Data 平台 https://data.sh.gov.cn/view/detail.html?type=cp&id=AC2200400000";
  Result<std::string> pdf = RenderPdf(letter);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  std::vector<PdfPage> pages;
  ASSERT_TRUE(ReadPdf(*pdf, &pages));
  ASSERT_GE(pages.size(), 9u);  // 5,000 characters at 22 × 28 a page
  EXPECT_EQ(MediaBoxes(*pdf).size(), pages.size());

  std::string text;
  for (size_t p = 0; p < pages.size(); ++p) {
    const std::vector<Row>& rows = pages[p].rows;
    ASSERT_FALSE(rows.empty());
    const Row& number = rows.back();
    ASSERT_TRUE(IsPageNumber(number)) << "page " << p + 1 << " has no page number";
    EXPECT_EQ(number.text, "—" + std::to_string(p + 1) + "—");
    if (p % 2 == 0) {
      EXPECT_NEAR(number.x1, kRight - kChar, 1 * kMm) << "odd page " << p + 1;
    } else {
      EXPECT_NEAR(number.x0, kLeft + kChar, 1 * kMm) << "even page " << p + 1;
    }
    EXPECT_LE(rows.size() - 1, 22u) << "page " << p + 1;
    EXPECT_NEAR(rows[0].y0, kTop, 1.5 * kMm) << "page " << p + 1;
    for (size_t i = 0; i + 1 < rows.size(); ++i) {
      const Row& r = rows[i];
      EXPECT_FALSE(IsPageNumber(r)) << r.text;
      EXPECT_GE(r.x0, kLeft - kTolerance) << r.text;
      EXPECT_LE(r.x1, kRight + kTolerance) << r.text;
      EXPECT_GE(r.y0, kTop - kTolerance) << r.text;
      EXPECT_LE(r.y1, kBottom + kTolerance) << r.text;
      double slot = (r.y0 - kTop) / kPitch;
      EXPECT_NEAR(slot, std::round(slot), 0.05) << r.text;
      EXPECT_LT(std::round(slot), 22) << r.text;
      text += r.text;
    }
  }
  size_t at = 0;
  for (const std::string& p : letter.paragraphs) {
    size_t found = text.find(RemoveSpaces(p), at);  // pdftotext's words are joined without spaces
    ASSERT_NE(found, std::string::npos) << "paragraph missing or out of order: " << p;
    at = found + RemoveSpaces(p).size();
  }
  EXPECT_NE(text.find("2026年11月27日", at), std::string::npos);
}

// Page 1 holds number, blank, title, blank, addressee and 17 one-line
// paragraphs: exactly full. The issuer and date must not start page 2 alone,
// so the last paragraph goes with them.
TEST(LetterPdfTest, SignatureNeverStartsAPageAlone) {
  Letter letter = ShortLetter();
  letter.attachments.clear();
  letter.paragraphs.clear();
  for (int i = 0; i < 17; ++i) letter.paragraphs.push_back(Filler(26, i));
  Result<std::string> pdf = RenderPdf(letter);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  std::vector<PdfPage> pages;
  ASSERT_TRUE(ReadPdf(*pdf, &pages));
  ASSERT_EQ(pages.size(), 2u);
  ASSERT_EQ(pages[0].rows.size(), 3u + 16u + 1u);  // number, title, addressee, 16 paragraphs, page number
  const std::vector<Row>& rows = pages[1].rows;
  ASSERT_EQ(rows.size(), 5u);  // last paragraph, issuer, date, note, page number
  EXPECT_EQ(rows[0].text, letter.paragraphs[16]);
  EXPECT_NEAR(rows[0].y0, kTop, 1.5 * kMm);
  EXPECT_NEAR(rows[1].y0, kTop + 3 * kPitch, 1 * kMm) << "two blank lines for the seal";
  EXPECT_EQ(rows[1].text, letter.issuer);
  EXPECT_EQ(rows[2].text, "2026年11月27日");
  EXPECT_EQ(rows[4].text, "—2—");
  EXPECT_NEAR(rows[4].x0, kLeft + kChar, 1 * kMm) << "even page: left, one character in";
}

// ---- DOCX -----------------------------------------------------------------

// The entries of a ZIP archive held in memory.
::testing::AssertionResult Unzip(const std::string& bytes, std::map<std::string, std::string>* entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr;
  if (archive == nullptr) {
    std::string why = zip_error_strerror(&error);
    if (src) zip_source_free(src);
    zip_error_fini(&error);
    return ::testing::AssertionFailure() << "not a ZIP archive: " << why;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(archive, i, 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* file = zip_fopen_index(archive, i, 0);
    zip_int64_t n = file ? zip_fread(file, data.data(), data.size()) : -1;
    if (file) zip_fclose(file);
    if (n != static_cast<zip_int64_t>(st.size)) {
      zip_close(archive);
      return ::testing::AssertionFailure() << "cannot read " << st.name;
    }
    (*entries)[st.name] = data;
  }
  zip_close(archive);
  return ::testing::AssertionSuccess();
}

// The text of each w:p of the body, in order.
std::vector<std::string> ParagraphTexts(const pugi::xml_document& doc) {
  std::vector<std::string> out;
  for (pugi::xml_node p : doc.child("w:document").child("w:body").children("w:p")) {
    std::string text;
    for (pugi::xpath_node t : p.select_nodes(".//w:t")) text += t.node().text().get();
    out.push_back(text);
  }
  return out;
}

TEST(LetterDocxTest, PackageOpensAndHoldsTheLetter) {
  Letter letter = ShortLetter();
  letter.attachments = {"资金使用情况表", "项目清单"};
  Result<std::string> docx = RenderDocx(letter);
  ASSERT_TRUE(docx.ok()) << docx.status().ToString();
  std::map<std::string, std::string> entries;
  ASSERT_TRUE(Unzip(*docx, &entries));
  for (const char* name : {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
                           "word/styles.xml", "word/settings.xml", "word/footer1.xml", "word/footer2.xml",
                           "docProps/core.xml"}) {
    ASSERT_TRUE(entries.count(name)) << name;
  }
  for (const auto& [name, data] : entries) {
    pugi::xml_document part;
    EXPECT_TRUE(part.load_string(data.c_str())) << name << " is not well-formed XML";
  }

  const std::string& xml = entries["word/document.xml"];
  EXPECT_NE(xml.find("&lt;b&gt;&amp;amp;&lt;/b&gt;"), std::string::npos) << "user text escaped";
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  std::vector<std::string> expected = {
      letter.number, "", letter.title, "", "张三：", letter.paragraphs[0], letter.paragraphs[1], "",
      "附件：1.资金使用情况表", "2.项目清单", "", "", letter.issuer, "2026年11月27日",
      "（联系人：李四，电话：62561234）"};
  EXPECT_EQ(ParagraphTexts(doc), expected);

  pugi::xml_node sect = doc.child("w:document").child("w:body").child("w:sectPr");
  pugi::xml_node size = sect.child("w:pgSz");
  EXPECT_STREQ(size.attribute("w:w").value(), "11906");
  EXPECT_STREQ(size.attribute("w:h").value(), "16838");
  pugi::xml_node mar = sect.child("w:pgMar");
  EXPECT_EQ(mar.attribute("w:top").as_int(), 2098);   // 37 mm
  EXPECT_EQ(mar.attribute("w:left").as_int(), 1587);  // 28 mm
  // The rest of the page is the 156 × 225 mm text block (8844 × 12756 twips).
  EXPECT_EQ(11906 - mar.attribute("w:left").as_int() - mar.attribute("w:right").as_int(), 8844);
  EXPECT_EQ(16838 - mar.attribute("w:top").as_int() - mar.attribute("w:bottom").as_int(), 12756);
  pugi::xml_node grid = sect.child("w:docGrid");
  EXPECT_STREQ(grid.attribute("w:type").value(), "linesAndChars");
  EXPECT_EQ(grid.attribute("w:linePitch").as_int(), 12756 / 22);
  EXPECT_LT(grid.attribute("w:charSpace").as_int(), 0) << "16 pt characters squeezed to 28 a line";
  EXPECT_EQ(sect.select_nodes("w:footerReference").size(), 2u);

  EXPECT_NE(entries["word/settings.xml"].find("<w:evenAndOddHeaders/>"), std::string::npos);
  for (const char* footer : {"word/footer1.xml", "word/footer2.xml"}) {
    pugi::xml_document f;
    ASSERT_TRUE(f.load_string(entries[footer].c_str()));
    EXPECT_STREQ(f.select_node("//w:fldSimple").node().attribute("w:instr").value(), " PAGE ");
    std::string text;
    for (pugi::xpath_node t : f.select_nodes("//w:t")) text += t.node().text().get();
    EXPECT_EQ(text, "— 1 —") << footer;
  }
  pugi::xml_document styles;
  ASSERT_TRUE(styles.load_string(entries["word/styles.xml"].c_str()));
  EXPECT_STREQ(styles.select_node("//w:rPrDefault//w:rFonts").node().attribute("w:eastAsia").value(),
               "仿宋_GB2312");
}

}  // namespace
}  // namespace gk::documents
