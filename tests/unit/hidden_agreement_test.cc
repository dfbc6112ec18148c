// The check (gk::extract) and the redactor (gk::redact) must agree on what a
// reader does not see, or a redacted copy could keep what the check reports,
// or the check could miss what the redactor leaves. Both read it through the
// same functions of extract/ (ooxml.h, html.h, ofd.h, mupdf_session.h): these
// tests pin those functions, and check per format that every part Extract
// reports hidden is one the shared function calls hidden and is gone after
// Redact.
#include <gtest/gtest.h>
#include <gumbo.h>
#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "extract/extract.h"
#include "extract/html.h"
#include "extract/mupdf_session.h"
#include "extract/ofd.h"
#include "extract/ooxml.h"
#include "extract/xml.h"
#include "redact/redact.h"

#ifndef GK_SOURCE_DIR
#error "GK_SOURCE_DIR must name the project root"
#endif

namespace gk {
namespace {

using Parts = std::vector<std::pair<std::string, std::string>>;

// A zip of `parts`, stored in order.
std::string Package(const Parts& parts) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(out);
  zip_t* z = zip_open_from_source(out, ZIP_TRUNCATE, &err);
  for (const auto& [name, data] : parts) {
    zip_file_add(z, name.c_str(), zip_source_buffer(z, data.data(), data.size(), 0), ZIP_FL_ENC_UTF_8);
  }
  EXPECT_EQ(zip_close(z), 0);
  zip_stat_t st;
  zip_source_open(out);
  zip_source_stat(out, &st);
  std::string bytes(st.size, '\0');
  zip_source_read(out, bytes.data(), st.size);
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&err);
  return bytes;
}

// The `where` of every hidden segment of the extracted file.
std::set<std::string> HiddenWheres(const std::string& name, const std::string& bytes) {
  Result<extract::Extracted> x = extract::Extract(name, bytes);
  EXPECT_TRUE(x.ok()) << x.status().message();
  std::set<std::string> out;
  if (!x.ok()) return out;
  for (const extract::Segment& s : x->segments) {
    if (s.hidden) out.insert(s.where);
  }
  return out;
}

bool Contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// ---- XLSX --------------------------------------------------------------------------

const char kSheetNs[] = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";

// Column C hidden, row 3 hidden; A1..C3 hold "A1".."C3"; the cells of row 4
// have no r attribute (counted from the left).
std::string Worksheet() {
  std::string rows;
  for (int r = 1; r <= 3; ++r) {
    rows += "<row r=\"" + std::to_string(r) + "\"" + (r == 3 ? " hidden=\"1\"" : "") + ">";
    for (char c : std::string("ABC")) {
      const std::string ref = std::string(1, c) + std::to_string(r);
      rows += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + ref + "</t></is></c>";
    }
    rows += "</row>";
  }
  rows += R"(<row><c t="inlineStr"><is><t>A4</t></is></c><c/><c t="inlineStr"><is><t>C4</t></is></c></row>)";
  return std::string("<worksheet ") + kSheetNs + R"(><cols><col min="3" max="3" hidden="1"/></cols><sheetData>)" + rows +
         "</sheetData></worksheet>";
}

std::string Classified(const std::string& worksheet, bool sheet_hidden) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(worksheet.c_str()));
  std::string out;
  extract::ForEachCell(
      doc.document_element(), sheet_hidden,
      [&](pugi::xml_node, const extract::XlsxCell& c) {
        static const char* kCode[] = {"", "S", "R", "C"};
        out += extract::ColumnName(c.col) + std::to_string(c.row) + kCode[static_cast<int>(c.hidden)] + " ";
      },
      [&] { out += "| "; });
  return out;
}

TEST(HiddenAgreementXlsx, ForEachCellNamesWhyACellIsHidden) {
  EXPECT_EQ(Classified(Worksheet(), false), "A1 B1 C1C | A2 B2 C2C | A3R B3R C3R | A4 B4 C4C | ");
  EXPECT_EQ(Classified(Worksheet(), true), "A1S B1S C1S | A2S B2S C2S | A3S B3S C3S | A4S B4S C4S | ");
  EXPECT_EQ(extract::ColumnOf("AB12"), 28);
  EXPECT_EQ(extract::ColumnName(28), "AB");
}

TEST(HiddenAgreementXlsx, WorkbookSheetsKeepOrderStateAndResolvedParts) {
  pugi::xml_document wb;
  ASSERT_TRUE(wb.load_string(
      R"(<workbook xmlns:r="r"><sheets><sheet name="甲" r:id="rId1"/><sheet name="乙" state="veryHidden" r:id="rId2"/><sheet name="图" r:id="rId9"/></sheets></workbook>)"));
  pugi::xml_document rels;
  ASSERT_TRUE(rels.load_string(
      R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/../worksheets/sheet2.xml"/><Relationship Id="rId3" Target="http://x" TargetMode="External"/><Relationship Id="rId4" Target="../../out.xml"/></Relationships>)"));
  extract::Relationships r = extract::ParseRelationships(rels, "xl/workbook.xml");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(extract::RelationshipsPartOf("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
  std::vector<extract::XlsxSheet> sheets = extract::WorkbookSheets(wb, r);
  ASSERT_EQ(sheets.size(), 2u);
  EXPECT_EQ(sheets[0].name, "甲");
  EXPECT_EQ(sheets[0].part, "xl/worksheets/sheet1.xml");
  EXPECT_FALSE(sheets[0].hidden);
  EXPECT_EQ(sheets[1].part, "xl/worksheets/sheet2.xml");
  EXPECT_TRUE(sheets[1].hidden);
}

TEST(HiddenAgreementXlsx, ExtractReportsAndRedactStripsExactlyTheHiddenCells) {
  const std::string ns = std::string(kSheetNs) + R"( xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
  const std::string hidden_sheet = "<worksheet " + ns +
                                   R"(><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>备用A1</t></is></c></row></sheetData></worksheet>)";
  const std::string xlsx = Package(
      {{"xl/workbook.xml", "<workbook " + ns +
                               R"(><sheets><sheet name="名单" sheetId="1" r:id="rId1"/><sheet name="备用" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>)"},
       {"xl/_rels/workbook.xml.rels",
        R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="worksheet" Target="worksheets/sheet2.xml"/></Relationships>)"},
       {"xl/worksheets/sheet1.xml", Worksheet()},
       {"xl/worksheets/sheet2.xml", hidden_sheet}});

  // What the shared walk calls hidden is exactly what Extract reports hidden.
  std::set<std::string> expected;
  const char* kWhy[] = {"", "（隐藏工作表）", "（隐藏行）", "（隐藏列）"};
  auto expect = [&](const std::string& sheet, const std::string& xml, bool sheet_hidden) {
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(xml.c_str()));
    extract::ForEachCell(doc.document_element(), sheet_hidden, [&](pugi::xml_node c, const extract::XlsxCell& cell) {
      if (cell.hidden == extract::CellHidden::kNo || extract::TextOf(c).empty()) return;
      expected.insert("工作表“" + sheet + "”" + extract::ColumnName(cell.col) + std::to_string(cell.row) +
                      kWhy[static_cast<int>(cell.hidden)]);
    });
  };
  expect("名单", Worksheet(), false);
  expect("备用", hidden_sheet, true);
  EXPECT_EQ(HiddenWheres("a.xlsx", xlsx), expected);
  EXPECT_EQ(expected.size(), 7u);  // C1 C2 A3 B3 C3 C4 and 备用A1

  // The redactor blanks those cells and names the rows, columns and sheets.
  Result<redact::Redacted> r = redact::Redact("a.xlsx", xlsx, {{"无关", "测试"}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(Contains(r->stripped, "隐藏列：工作表“名单”C列"));
  EXPECT_TRUE(Contains(r->stripped, "隐藏行：工作表“名单”第3行"));
  EXPECT_TRUE(Contains(r->stripped, "隐藏工作表“备用”"));
  EXPECT_TRUE(HiddenWheres("a.xlsx", r->bytes).empty());
  EXPECT_TRUE(redact::Verify("a.xlsx", r->bytes, {{"无关", "测试"}}).ok());
}

// ---- DOCX --------------------------------------------------------------------------

TEST(HiddenAgreementDocx, MarkOfNamesRevisionsHiddenRunsAndFieldCodes) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      R"(<w:body xmlns:w="w"><w:del/><w:moveFrom/><w:ins/><w:moveTo/><w:r><w:rPr><w:vanish/></w:rPr></w:r><w:r><w:rPr><w:vanish w:val="false"/></w:rPr></w:r><w:instrText/><w:r/><w:t/></w:body>)"));
  std::vector<extract::WordMark> marks;
  for (pugi::xml_node n : doc.document_element().children()) marks.push_back(extract::MarkOf(n));
  using M = extract::WordMark;
  EXPECT_EQ(marks, (std::vector<M>{M::kDeleted, M::kDeleted, M::kInserted, M::kInserted, M::kVanished, M::kPlain,
                                   M::kFieldCode, M::kPlain, M::kPlain}));
  EXPECT_STREQ(extract::WordPartWhere("word/document.xml"), "正文");
  EXPECT_STREQ(extract::WordPartWhere("word/footer2.xml"), "页脚");
  EXPECT_EQ(extract::WordPartWhere("word/media/header.xml"), nullptr);
  EXPECT_EQ(extract::WordPartWhere("word/styles.xml"), nullptr);
}

TEST(HiddenAgreementDocx, ExtractReportsAndRedactStripsDeletionsAndHiddenText) {
  const std::string body =
      R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>正文</w:t></w:r><w:del w:author="甲"><w:r><w:delText>删去的</w:delText></w:r></w:del><w:r><w:rPr><w:vanish/></w:rPr><w:t>藏起的</w:t></w:r></w:p></w:body></w:document>)";
  const std::string docx = Package({{"word/document.xml", body}});
  std::set<std::string> hidden = HiddenWheres("a.docx", docx);
  EXPECT_TRUE(hidden.count("修订（删除）"));
  EXPECT_TRUE(hidden.count("隐藏文字"));
  Result<redact::Redacted> r = redact::Redact("a.docx", docx, {{"正文", "测试"}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(Contains(r->stripped, "修订（删除）"));
  EXPECT_TRUE(Contains(r->stripped, "隐藏文字"));
  EXPECT_TRUE(HiddenWheres("a.docx", r->bytes).empty());
}

// ---- HTML --------------------------------------------------------------------------

TEST(HiddenAgreementHtml, HiddenElementDecidesForBothSides) {
  struct Case {
    const char* element;  // inside <body>
    const char* why;      // HiddenElement's answer, or nullptr
  } cases[] = {
      {R"(<div hidden>x-甲</div>)", "隐藏元素（hidden 属性）"},
      {R"(<span style="DISPLAY: none">x-乙</span>)", "隐藏元素（display:none）"},
      {R"(<p style="visibility :hidden">x-丙</p>)", "隐藏元素（visibility:hidden）"},
      {R"(<input type="HIDDEN" value="x-丁">)", "隐藏表单字段"},
      {R"(<meta name="Author" content="x-戊">)", "文档属性：作者"},
      {R"(<meta name="keywords" content="x-己">)", "文档属性：关键词"},
      {R"(<p>x-庚</p>)", nullptr},
      {R"(<input type="text" hidden value="x-辛">)", nullptr},
  };
  for (const Case& c : cases) {
    const std::string html = std::string("<html><head></head><body>") + c.element + "</body></html>";
    GumboOutput* out = gumbo_parse(html.c_str());
    const GumboNode* el = nullptr;
    extract::WalkGumbo(
        out->document,
        [&](const GumboNode* n) {
          if (!el && n->type == GUMBO_NODE_ELEMENT && n->v.element.tag != GUMBO_TAG_HTML &&
              n->v.element.tag != GUMBO_TAG_HEAD && n->v.element.tag != GUMBO_TAG_BODY) {
            el = n;
          }
          return true;
        },
        [](const GumboNode*) {});
    ASSERT_NE(el, nullptr) << c.element;
    const char* why = extract::HiddenElement(el->v.element);
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    EXPECT_EQ(why ? std::string(why) : "", c.why ? std::string(c.why) : "") << c.element;

    std::set<std::string> hidden = HiddenWheres("a.html", html);
    Result<redact::Redacted> r = redact::Redact("a.html", html, {{"无关", "测试"}});
    ASSERT_TRUE(r.ok()) << r.status().message();
    if (c.why) {
      EXPECT_TRUE(hidden.count(c.why)) << c.element;
      EXPECT_TRUE(Contains(r->stripped, c.why)) << c.element;
      EXPECT_EQ(r->bytes.find("x-"), std::string::npos) << r->bytes;
    } else {
      EXPECT_TRUE(hidden.empty()) << c.element;
      EXPECT_TRUE(r->stripped.empty()) << c.element;
    }
  }
}

// ---- OFD ---------------------------------------------------------------------------

TEST(HiddenAgreementOfd, EveryDocInfoFieldIsReportedAndStripped) {
  const std::string ns = R"(xmlns:ofd="http://www.ofdspec.org/2016")";
  std::string info;
  for (const extract::OfdInfoField& f : extract::kOfdDocInfo) {
    const std::string local = f.local;
    const std::string value = local == "Keywords"      ? "<ofd:Keyword>词</ofd:Keyword>"
                              : local == "CustomDatas" ? R"(<ofd:CustomData Name="密级">内部</ofd:CustomData>)"
                                                       : "值";
    info += "<ofd:" + local + ">" + value + "</ofd:" + local + ">";
  }
  const std::string ofd = Package(
      {{"OFD.xml", "<ofd:OFD " + ns + "><ofd:DocBody><ofd:DocInfo>" + info +
                       "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"},
       {"Doc_0/Document.xml", "<ofd:Document " + ns +
                                  R"(><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>)"},
       {"Doc_0/Pages/Page_0/Content.xml",
        "<ofd:Page " + ns + R"(><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="3" Boundary="0 0 10 10"><ofd:TextCode X="0" Y="0">正文</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>)"}});
  std::set<std::string> hidden = HiddenWheres("a.ofd", ofd);
  Result<redact::Redacted> r = redact::Redact("a.ofd", ofd, {{"正文", "测试"}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  for (const extract::OfdInfoField& f : extract::kOfdDocInfo) {
    const std::string label = std::string("文档属性：") + f.label;
    if (std::string_view(f.local) != "CustomDatas") {
      EXPECT_TRUE(hidden.count(label)) << label;
    }
    EXPECT_TRUE(Contains(r->stripped, label)) << label;
  }
  EXPECT_TRUE(hidden.count("文档属性：密级"));
  EXPECT_TRUE(HiddenWheres("a.ofd", r->bytes).empty());
}

TEST(HiddenAgreementOfd, PartsAndAnnotationFilesResolveInTheDocumentsFolder) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      R"(<ofd:Document xmlns:ofd="o"><ofd:Pages><ofd:Page ID="7" BaseLoc="Pages/P0/Content.xml"/><ofd:Page ID="8" BaseLoc="../../x.xml"/></ofd:Pages><ofd:Annotations>Annots/Annotations.xml</ofd:Annotations></ofd:Document>)"));
  extract::OfdDocumentParts parts = extract::OfdParts(doc, "Doc_0/Document.xml");
  ASSERT_EQ(parts.pages.size(), 2u);
  EXPECT_EQ(parts.pages[0].id, "7");
  EXPECT_EQ(parts.pages[0].path.value_or("?"), "Doc_0/Pages/P0/Content.xml");
  EXPECT_FALSE(parts.pages[1].path.has_value());
  EXPECT_EQ(parts.annotations.value_or("?"), "Doc_0/Annots/Annotations.xml");
  pugi::xml_document annots;
  ASSERT_TRUE(annots.load_string(
      R"(<ofd:Annotations xmlns:ofd="o"><ofd:Page PageID="7"><ofd:FileLoc>P0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>)"));
  std::vector<extract::OfdAnnotationFile> files = extract::OfdAnnotationFiles(annots, "Doc_0/Annots/Annotations.xml");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].page_id, "7");
  EXPECT_EQ(files[0].path, "Doc_0/Annots/P0/Annotation.xml");
}

// ---- PDF ---------------------------------------------------------------------------

// One empty page and a document information dictionary with every key of
// kPdfInfo.
std::string PdfWithInfo() {
  std::string info;
  for (const extract::PdfInfoKey& k : extract::kPdfInfo) {
    // FZ_META_INFO_AUTHOR is "info:Author": the PDF key follows the colon.
    const std::string key = std::string(k.key).substr(std::string(k.key).find(':') + 1);
    info += "/" + key + " (v-" + key + ") ";
  }
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
      "<< " + info + ">>",
  };
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R /Info 4 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

TEST(HiddenAgreementPdf, EveryInformationKeyIsReportedAndStripped) {
  const std::string pdf = PdfWithInfo();
  std::set<std::string> hidden = HiddenWheres("a.pdf", pdf);
  Result<redact::Redacted> r = redact::Redact("a.pdf", pdf, {{"无关", "测试"}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  for (const extract::PdfInfoKey& k : extract::kPdfInfo) {
    const std::string label = std::string("文档属性：") + k.label;
    EXPECT_TRUE(hidden.count(label)) << label;
    EXPECT_TRUE(Contains(r->stripped, label)) << label;
  }
  EXPECT_TRUE(Contains(r->stripped, "文档信息字典"));
  Result<extract::Extracted> after = extract::Extract("a.pdf", r->bytes);
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ(after->text.find("v-"), std::string::npos) << after->text;
}

// ---- the layering ------------------------------------------------------------------

// redact/ reads through extract/'s declared headers only: none of its files
// includes another folder's internal.h.
TEST(HiddenAgreement, RedactIncludesNoInternalHeaderOfAnotherFolder) {
  const char* kFiles[] = {"internal.h", "redact.cc", "mask.cc", "package.cc", "text.cc",
                          "docx.cc",    "xlsx.cc",   "ofd.cc",  "pdf.cc"};
  for (const char* f : kFiles) {
    std::ifstream in(std::string(GK_SOURCE_DIR) + "/src/redact/" + f);
    ASSERT_TRUE(in) << f;
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("#include", 0) != 0 || line.find("internal.h") == std::string::npos) continue;
      EXPECT_EQ(line, "#include \"redact/internal.h\"") << f;
    }
  }
}

}  // namespace
}  // namespace gk
