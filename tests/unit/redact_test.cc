// Redaction round trips, one per format, on documents built here: an
// identity number in the visible text and in a hidden part (comment, hidden
// sheet, tracked deletion, document properties, PDF Author), redacted, then
// checked by Verify, by extraction, by the raw bytes of every part (every
// stream inflated for PDF) and by pdftotext; Verify must fail on the
// original; a corrupt file is InvalidArgument.
#include "redact/redact.h"
#include "review/check.h"
#include "scan/scan.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "documents/letter.h"
#include "extract/extract.h"
#include "ocr/ocr.h"
#include "support/scanned_pages.h"

namespace gk::redact {
namespace {

constexpr char kId[] = "11010519491231002X";
const std::vector<Withhold> kWithhold = {{kId, "个人隐私（条例第十五条）"}};

// ---- helpers ----------------------------------------------------------------------

using Entries = std::vector<std::pair<std::string, std::string>>;

std::string MakeZip(const Entries& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(buffer);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
  }
  EXPECT_EQ(zip_close(z), 0);
  zip_stat_t st;
  zip_source_open(buffer);
  zip_source_stat(buffer, &st);
  std::string out(st.size, '\0');
  zip_source_read(buffer, out.data(), st.size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&err);
  return out;
}

// Every entry of a zip, decompressed.
Entries ReadZip(const std::string& bytes) {
  Entries out;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  EXPECT_NE(z, nullptr);
  if (!z) return out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(z, i, 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* f = zip_fopen_index(z, i, 0);
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    out.emplace_back(st.name, data);
  }
  zip_discard(z);
  zip_error_fini(&err);
  return out;
}

bool Has(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

// What every round trip checks: Verify fails on the original and passes on
// the copy; the copy's text no longer has the number anywhere, hidden parts
// included, and still has `keep`.
Redacted RoundTrip(const std::string& name, const std::string& original, const std::vector<std::string>& keep,
                   const std::vector<Withhold>& withhold = kWithhold) {
  Status before = Verify(name, original, withhold);
  EXPECT_EQ(before.code(), Code::kFailedPrecondition) << before.ToString();
  auto r = Redact(name, original, withhold);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return Redacted();
  Status after = Verify(name, r->bytes, withhold);
  EXPECT_TRUE(after.ok()) << after.ToString();
  auto ex = extract::Extract(name, r->bytes);
  EXPECT_TRUE(ex.ok()) << ex.status().ToString();
  if (!ex.ok()) return *r;
  for (const Withhold& w : withhold) EXPECT_FALSE(Has(ex->text, w.text)) << ex->text;
  EXPECT_FALSE(Has(ex->text, "1949123100")) << ex->text;
  for (const extract::Segment& s : ex->segments) {
    if (s.hidden && s.where != "域代码") ADD_FAILURE() << "hidden part left: " << s.where;
  }
  for (const std::string& k : keep) EXPECT_TRUE(Has(ex->text, k)) << k << " missing from:\n" << ex->text;
  EXPECT_FALSE(r->log.empty());
  for (const LogEntry& e : r->log) {
    EXPECT_GT(e.count, 0);
    EXPECT_FALSE(e.where.empty());
    EXPECT_EQ(e.ground, withhold[0].ground);
  }
  return *r;
}

// No entry of the package holds the number in its raw bytes.
void ExpectNoRawId(const std::string& package) {
  for (const auto& [name, data] : ReadZip(package)) EXPECT_FALSE(Has(data, "1949123100")) << name << ":\n" << data;
}

bool Stripped(const Redacted& r, std::string_view what) {
  for (const std::string& s : r.stripped) {
    if (s.find(what) != std::string::npos) return true;
  }
  return false;
}

// ---- TXT ----------------------------------------------------------------------

TEST(RedactTxt, MasksEveryOccurrenceAlsoAcrossALineBreak) {
  std::string txt = "申请人张三\n身份证号：" + std::string(kId) + "\n复印件号码 1101051949\n1231002X 完。\n";
  Redacted r = RoundTrip("a.txt", txt, {"申请人张三", "身份证号：", "完。"});
  EXPECT_EQ(r.bytes, "申请人张三\n身份证号：■■■■■■■■■■■■■■■■■■\n复印件号码 ■■■■■■■■■■\n■■■■■■■■ 完。\n");
  ASSERT_EQ(r.log.size(), 1u);
  EXPECT_EQ(r.log[0].where, "正文");
  EXPECT_EQ(r.log[0].count, 2);
}

TEST(RedactTxt, GbkIsWrittenAsUtf8WithBom) {
  std::string gbk = "\xD5\xC5\xC8\xFD " + std::string(kId);  // 张三
  Redacted r = RoundTrip("old.txt", gbk, {"张三"});
  EXPECT_EQ(r.bytes, "\xEF\xBB\xBF张三 ■■■■■■■■■■■■■■■■■■");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_TRUE(Has(r.notes[0], "GB18030")) << r.notes[0];
}

// ---- HTML ---------------------------------------------------------------------

TEST(RedactHtml, TextAttributesCommentsHiddenElementsAndMeta) {
  std::string html = std::string("<html><head><title>答复</title><meta name=\"author\" content=\"") + kId +
                     "\"></head><body><p>申请人张三，身份证号 <b>110105</b>19491231002X&amp;附件。</p>" +
                     "<!-- 核对 " + kId + " --><div hidden>" + kId + "</div>" +
                     "<p title=\"" + kId + "\">第二段</p><input type=\"hidden\" value=\"" + kId + "\"></body></html>";
  Redacted r = RoundTrip("a.html", html, {"申请人张三，身份证号", "&附件。", "第二段", "答复"});
  EXPECT_TRUE(Has(r.bytes, "<b>■■■■■■</b>■■■■■■■■■■■■&amp;附件。")) << r.bytes;
  EXPECT_TRUE(Has(r.bytes, "<p title=\"■■■■■■■■■■■■■■■■■■\">第二段</p>")) << r.bytes;
  EXPECT_FALSE(Has(r.bytes, "1949")) << r.bytes;
  EXPECT_FALSE(Has(r.bytes, "<!--")) << r.bytes;
  EXPECT_TRUE(Stripped(r, "HTML 注释"));
  EXPECT_TRUE(Stripped(r, "隐藏元素"));
  EXPECT_TRUE(Stripped(r, "文档属性：作者"));
  EXPECT_TRUE(Stripped(r, "隐藏表单字段"));
}

// ---- DOCX ---------------------------------------------------------------------

const std::string kW = R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")";

std::string SampleDocx() {
  std::string body =
      "<w:document " + kW + "><w:body>" +
      "<w:p><w:r><w:t>申请人张三，身份证号</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>110105</w:t></w:r>" +
      "<w:r><w:t>19491231002X。</w:t></w:r></w:p>" +
      "<w:p><w:commentRangeStart w:id=\"0\"/><w:r><w:t>第二段</w:t></w:r><w:commentRangeEnd w:id=\"0\"/>" +
      "<w:r><w:commentReference w:id=\"0\"/></w:r>" +
      "<w:del w:id=\"1\" w:author=\"乙\"><w:r><w:delText>" + kId + "</w:delText></w:r></w:del>" +
      "<w:ins w:id=\"2\" w:author=\"甲\"><w:r><w:t>插入文字</w:t></w:r></w:ins>" +
      "<w:r><w:rPr><w:vanish/></w:rPr><w:t>" + kId + "</w:t></w:r></w:p>" +
      "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>" +
      "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>" +
      "</w:body></w:document>";
  std::string header = "<w:hdr " + kW + "><w:p><w:r><w:t>页眉 " + kId + "</w:t></w:r></w:p></w:hdr>";
  std::string comments = "<w:comments " + kW + "><w:comment w:id=\"0\" w:author=\"丙\"><w:p><w:r><w:t>请核实" + kId +
                         "</w:t></w:r></w:p></w:comment></w:comments>";
  std::string core =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>)" +
      std::string(kId) + "</dc:creator><cp:lastModifiedBy>王二</cp:lastModifiedBy></cp:coreProperties>";
  std::string app = R"(<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>某街道办事处</Company><Pages>1</Pages></Properties>)";
  std::string types = R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="x"/><Override PartName="/word/comments.xml" ContentType="y"/></Types>)";
  std::string rels = R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="h" Target="header1.xml"/><Relationship Id="rId2" Type="c" Target="comments.xml"/></Relationships>)";
  return MakeZip({{"[Content_Types].xml", types},
                  {"word/document.xml", body},
                  {"word/_rels/document.xml.rels", rels},
                  {"word/header1.xml", header},
                  {"word/comments.xml", comments},
                  {"docProps/core.xml", core},
                  {"docProps/app.xml", app}});
}

TEST(RedactDocx, RunsRevisionsCommentsAndProperties) {
  Redacted r = RoundTrip("答复书.docx", SampleDocx(), {"申请人张三，身份证号", "。", "第二段", "插入文字"});
  ExpectNoRawId(r.bytes);
  bool found_body = false;
  for (const auto& [name, data] : ReadZip(r.bytes)) {
    EXPECT_NE(name, "word/comments.xml");
    if (name == "word/document.xml") {
      found_body = true;
      // The runs and their formatting stay; the characters are masked across them.
      EXPECT_TRUE(Has(data, "<w:rPr><w:b/></w:rPr><w:t>■■■■■■</w:t>")) << data;
      EXPECT_TRUE(Has(data, "<w:t>■■■■■■■■■■■■。</w:t>")) << data;
      EXPECT_FALSE(Has(data, "commentReference")) << data;
      EXPECT_FALSE(Has(data, "<w:ins ")) << data;
      EXPECT_TRUE(Has(data, " PAGE ")) << data;  // the page number field stays
    }
    if (name == "word/_rels/document.xml.rels") {
      EXPECT_FALSE(Has(data, "comments.xml")) << data;
    }
    if (name == "[Content_Types].xml") {
      EXPECT_FALSE(Has(data, "comments.xml")) << data;
    }
    if (name == "docProps/app.xml") {
      EXPECT_FALSE(Has(data, "某街道办事处")) << data;
    }
  }
  EXPECT_TRUE(found_body);
  EXPECT_TRUE(Stripped(r, "批注"));
  EXPECT_TRUE(Stripped(r, "修订（删除）"));
  EXPECT_TRUE(Stripped(r, "隐藏文字"));
  EXPECT_TRUE(Stripped(r, "文档属性：作者"));
  EXPECT_TRUE(Stripped(r, "文档属性：单位"));
  bool body = false, header = false;
  for (const LogEntry& e : r.log) {
    body = body || (e.where == "正文" && e.count == 1);
    header = header || (e.where == "页眉" && e.count == 1);
  }
  EXPECT_TRUE(body && header);
}

// ---- XLSX ---------------------------------------------------------------------

std::string SampleXlsx() {
  const std::string ns = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
  std::string workbook = "<workbook " + ns +
                         R"(><sheets><sheet name="名单" sheetId="1" r:id="rId1"/><sheet name="备用" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>)";
  std::string rels = R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="sharedStrings" Target="sharedStrings.xml"/></Relationships>)";
  std::string shared = "<sst " + ns + "><si><t>申请人张三</t></si><si><r><t>身份证号 110105</t></r><r><rPr><b/></rPr><t>19491231002X</t></r></si><si><t>" +
                       kId + "</t></si><si><t>隐藏行内容</t></si></sst>";
  std::string sheet1 = "<worksheet " + ns + R"(><cols><col min="3" max="3" hidden="1"/></cols><sheetData>)" +
                       R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>)" +
                       R"(<row r="2"><c r="A2"><v>110105194912310021</v></c><c r="B2" t="inlineStr"><is><t>号码)" + kId +
                       R"(</t></is></c><c r="D2"><v>42</v></c></row>)" +
                       R"(<row r="3" hidden="1"><c r="A3" t="s"><v>3</v></c></row>)" +
                       R"(</sheetData><legacyDrawing r:id="rId2"/></worksheet>)";
  std::string sheet1_rels = R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="comments" Target="../comments1.xml"/><Relationship Id="rId2" Type="vmlDrawing" Target="../drawings/vmlDrawing1.vml"/></Relationships>)";
  std::string comments = "<comments " + ns + R"(><authors><author>王五</author></authors><commentList><comment ref="B2" authorId="0"><text><r><t>核对)" +
                         kId + "</t></r></text></comment></commentList></comments>";
  std::string sheet2 = "<worksheet " + ns + R"(><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>)" + kId +
                       "</t></is></c></row></sheetData></worksheet>";
  std::string types = R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/comments1.xml" ContentType="c"/></Types>)";
  return MakeZip({{"[Content_Types].xml", types},
                  {"xl/workbook.xml", workbook},
                  {"xl/_rels/workbook.xml.rels", rels},
                  {"xl/sharedStrings.xml", shared},
                  {"xl/worksheets/sheet1.xml", sheet1},
                  {"xl/worksheets/_rels/sheet1.xml.rels", sheet1_rels},
                  {"xl/comments1.xml", comments},
                  {"xl/drawings/vmlDrawing1.vml", "<xml><v:shape/></xml>"},
                  {"xl/worksheets/sheet2.xml", sheet2}});
}

TEST(RedactXlsx, SharedInlineNumericHiddenAndComments) {
  const std::vector<Withhold> withhold = {{kId, "个人隐私（条例第十五条）"},
                                          {"110105194912310021", "个人隐私（条例第十五条）"}};
  Redacted r = RoundTrip("名单.xlsx", SampleXlsx(), {"申请人张三", "身份证号 ", "号码", "42"}, withhold);
  ExpectNoRawId(r.bytes);
  for (const auto& [name, data] : ReadZip(r.bytes)) {
    EXPECT_NE(name, "xl/comments1.xml");
    EXPECT_NE(name, "xl/drawings/vmlDrawing1.vml");
    EXPECT_FALSE(Has(data, "隐藏行内容")) << name;
    EXPECT_FALSE(Has(data, "194912310021")) << name;
    if (name == "xl/worksheets/sheet1.xml") {
      EXPECT_TRUE(Has(data, R"(<c r="A2" t="inlineStr"><is><t xml:space="preserve">■■■■■■■■■■■■■■■■■■</t></is></c>)")) << data;
      EXPECT_FALSE(Has(data, "legacyDrawing")) << data;
    }
    if (name == "xl/sharedStrings.xml") {
      EXPECT_TRUE(Has(data, "<r><t>身份证号 ■■■■■■</t></r><r><rPr><b/></rPr><t>■■■■■■■■■■■■</t></r>")) << data;
    }
  }
  EXPECT_TRUE(Stripped(r, "批注"));
  EXPECT_TRUE(Stripped(r, "隐藏工作表“备用”"));
  EXPECT_TRUE(Stripped(r, "隐藏行：工作表“名单”第3行"));
  EXPECT_TRUE(Stripped(r, "隐藏列：工作表“名单”C列"));
  bool cell = false;
  for (const LogEntry& e : r.log) cell = cell || e.where == "工作表“名单”B1";
  EXPECT_TRUE(cell);
}

// ---- OFD ----------------------------------------------------------------------

std::string SampleOfd() {
  const std::string ns = R"(xmlns:ofd="http://www.ofdspec.org/2016")";
  std::string ofd = "<ofd:OFD " + ns + R"( DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1</ofd:DocID><ofd:Title>通知</ofd:Title><ofd:Author>)" +
                    std::string(kId) + R"(</ofd:Author></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>)";
  std::string document = "<ofd:Document " + ns + R"(><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages><ofd:Annotations>Annots/Annotations.xml</ofd:Annotations></ofd:Document>)";
  auto text = [](double y, std::string_view s, std::string_view extra = "") {
    return "<ofd:TextObject ID=\"3\" Boundary=\"20 " + std::to_string(y) + " 170 10\" Font=\"4\" Size=\"5\">" +
           std::string(extra) + "<ofd:TextCode X=\"0\" Y=\"8\" DeltaX=\"g 5 3\">" + std::string(s) +
           "</ofd:TextCode></ofd:TextObject>";
  };
  std::string page0 = "<ofd:Page " + ns + "><ofd:Content><ofd:Layer ID=\"2\">" + text(30, "申请人张三，身份证号") +
                      text(30, "1101051949", R"(<ofd:CGTransform CodePosition="0" CodeCount="10" GlyphCount="10"><ofd:Glyphs>1 2 3 4 5 6 7 8 9 10</ofd:Glyphs></ofd:CGTransform>)") +
                      text(30, "1231002X。") + text(50, "第二行") + "</ofd:Layer></ofd:Content></ofd:Page>";
  std::string annots = "<ofd:Annotations " + ns + R"(><ofd:Page PageID="1"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>)";
  std::string annot = "<ofd:PageAnnot " + ns + R"(><ofd:Annot ID="7" Type="Highlight" Creator="王五"><ofd:Remark>)" +
                      std::string(kId) + R"(</ofd:Remark><ofd:Appearance Boundary="0 0 10 10"/></ofd:Annot></ofd:PageAnnot>)";
  return MakeZip({{"OFD.xml", ofd},
                  {"Doc_0/Document.xml", document},
                  {"Doc_0/Pages/Page_0/Content.xml", page0},
                  {"Doc_0/Annots/Annotations.xml", annots},
                  {"Doc_0/Annots/Page_0/Annotation.xml", annot}});
}

TEST(RedactOfd, TextCodesDocInfoAndAnnotations) {
  Redacted r = RoundTrip("通知.ofd", SampleOfd(), {"申请人张三，身份证号", "。", "第二行"});
  ExpectNoRawId(r.bytes);
  for (const auto& [name, data] : ReadZip(r.bytes)) {
    EXPECT_EQ(name.find("Annot"), std::string::npos) << name;
    if (name == "Doc_0/Pages/Page_0/Content.xml") {
      EXPECT_TRUE(Has(data, "DeltaX=\"g 5 3\">■■■■■■■■■■</ofd:TextCode>")) << data;
      EXPECT_TRUE(Has(data, ">■■■■■■■■。</ofd:TextCode>")) << data;
      EXPECT_FALSE(Has(data, "CGTransform")) << data;
    }
    if (name == "Doc_0/Document.xml") {
      EXPECT_FALSE(Has(data, "Annotations")) << data;
    }
  }
  EXPECT_TRUE(Stripped(r, "文档属性：作者"));
  EXPECT_TRUE(Stripped(r, "注释"));
  ASSERT_EQ(r.log.size(), 1u);
  EXPECT_EQ(r.log[0].where, "第1页");
}

// ---- PDF ----------------------------------------------------------------------

std::string MakePdf(const std::vector<std::string>& objects, const std::string& trailer) {
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R " + trailer + " >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string Stream(const std::string& data) {
  return "<< /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream";
}

// One page: "申请人张三 11010519491231002X end" on a line, "20260105 end"
// close below (Helvetica's digits and these letters are all 556 wide, as the
// Widths say, so MuPDF reads the words whole); codes 0x80–0x84 map to 申请人张三 through ToUnicode. A text
// annotation and the information dictionary (Author) hold the number too.
std::string SamplePdf() {
  std::string cmap =
      "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
      "1 begincodespacerange <00> <FF> endcodespacerange 5 beginbfchar <80> <7533> <81> <8BF7> <82> <4EBA> "
      "<83> <5F20> <84> <4E09> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end";
  std::string content = "BT /F1 12 Tf 72 720 Td (\x80\x81\x82\x83\x84 " + std::string(kId) +
                        " end) Tj 0 -14 Td (20260105 end) Tj ET";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R "
      "/Annots [7 0 R] >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 255 /Widths [" +
          [] {
            std::string w;
            for (int c = 32; c <= 255; ++c) w += c >= 0x80 && c <= 0x84 ? "1000 " : "556 ";
            return w;
          }() +
          "] /ToUnicode 6 0 R >>",
      Stream(content),
      Stream(cmap),
      "<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents (" + std::string(kId) + ") /T (Li Si) >>",
      "<< /Author (" + std::string(kId) + ") /Title (Notice) >>",
  };
  return MakePdf(objects, "/Info 8 0 R");
}

// Every stream of the file, inflated when it is deflated, and the rest.
std::string InflateAll(const std::string& pdf) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t s = pdf.find("stream", pos);
    if (s == std::string::npos) break;
    size_t data = s + 6;
    if (pdf.compare(data, 2, "\r\n") == 0) {
      data += 2;
    } else if (data < pdf.size() && (pdf[data] == '\n' || pdf[data] == '\r')) {
      data += 1;
    } else {
      pos = data;
      continue;
    }
    size_t end = pdf.find("endstream", data);
    if (end == std::string::npos) break;
    std::string raw = pdf.substr(data, end - data);
    z_stream z{};
    inflateInit(&z);
    z.next_in = reinterpret_cast<Bytef*>(raw.data());
    z.avail_in = static_cast<uInt>(raw.size());
    std::string inflated;
    char buf[65536];
    int rc = Z_OK;
    while (rc == Z_OK) {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      rc = inflate(&z, Z_NO_FLUSH);
      inflated.append(buf, sizeof buf - z.avail_out);
    }
    inflateEnd(&z);
    out += inflated.empty() ? raw : inflated;
    out += "\n";
    pos = end + 9;
  }
  return pdf + "\n" + out;
}

std::string PdfToText(const std::string& pdf) {
  char path[] = "/tmp/gk_redact_test_XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  if (fd < 0) return "";
  EXPECT_EQ(write(fd, pdf.data(), pdf.size()), static_cast<ssize_t>(pdf.size()));
  close(fd);
  std::string command = std::string("pdftotext -q ") + path + " - 2>/dev/null";
  std::string text;
  if (FILE* p = popen(command.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
    pclose(p);
  }
  std::remove(path);
  return text;
}

void ExpectGoneFromPdf(const std::string& pdf) {
  std::string all = InflateAll(pdf);
  EXPECT_FALSE(Has(all, "1949123100")) << "digits survive in the raw file";
  EXPECT_FALSE(Has(all, "<FEFF0031003100300031")) << "digits survive as a UTF-16 string";
  std::string text = PdfToText(pdf);
  EXPECT_FALSE(text.empty()) << "pdftotext read nothing";
  EXPECT_FALSE(Has(text, "1949123100")) << text;
}

TEST(RedactPdf, GlyphsAreRemovedAndHiddenPartsDropped) {
  std::string pdf = SamplePdf();
  Status before = Verify("reply.pdf", pdf, kWithhold);
  EXPECT_EQ(before.message(), "仍可提取到被删除的内容：110105…（第1页）");
  Redacted r = RoundTrip("reply.pdf", pdf, {"申", "三", " end", "20260105 end"});
  ExpectGoneFromPdf(r.bytes);
  std::string text = PdfToText(r.bytes);
  EXPECT_TRUE(Has(text, "申请人张三")) << text;
  EXPECT_TRUE(Has(text, "20260105 end")) << text;
  EXPECT_TRUE(Stripped(r, "文档属性：作者"));
  EXPECT_TRUE(Stripped(r, "注释"));
  ASSERT_EQ(r.log.size(), 1u);
  EXPECT_EQ(r.log[0].where, "第1页");
  EXPECT_EQ(r.log[0].count, 1);
}

// A real letter: CJK text set by Pango in an embedded, subset font.
TEST(RedactPdf, LetterWithEmbeddedCjkFont) {
  documents::Letter letter;
  letter.issuer = "静安寺街道办事处";
  letter.title = "政府信息公开申请答复书";
  letter.addressee = "张三";
  letter.paragraphs = {"申请人张三，身份证号" + std::string(kId) + "，现予答复如下。",
                       "本机关经审查，决定予以公开。"};
  letter.date = Date{2026, 1, 5};
  auto pdf = documents::RenderPdf(letter);
  if (!pdf.ok() && pdf.status().code() == Code::kFailedPrecondition) GTEST_SKIP() << pdf.status().ToString();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  Redacted r = RoundTrip("letter.pdf", *pdf, {"申请人张三，身份证号", "，现予答复如", "下。", "本机关经审查，决定予以公开。"});
  ExpectGoneFromPdf(r.bytes);
  std::string text = PdfToText(r.bytes);
  EXPECT_TRUE(Has(text, "现予答复如")) << text;
}

// Short hits, hits at the start and end of a line, and a hit right above
// another line take exactly their own glyphs: the glyphs' font boxes (four
// ems wide in a CJK font) reach over their neighbours, so removal must not
// go by box overlap.
TEST(RedactPdf, HitsTakeNoNeighbouringGlyphs) {
  documents::Letter letter;
  letter.issuer = "静安寺街道办事处";
  letter.title = "补助名单";
  letter.paragraphs = {"张三，身份证号" + std::string(kId) + "，补助2000元。", "李四，补助1500元整。",
                       "王五领取补助一千五百元。"};
  letter.date = Date{2026, 1, 5};
  auto pdf = documents::RenderPdf(letter);
  if (!pdf.ok() && pdf.status().code() == Code::kFailedPrecondition) GTEST_SKIP() << pdf.status().ToString();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const std::string ground = kWithhold[0].ground;
  RoundTrip("list.pdf", *pdf, {"张三，身份证号", "，补助2000元。", "，补助1500元整。", "领取补助一", "百元。"},
            {{kId, ground}, {"李四", ground}, {"王五", ground}, {"千五", ground}});
}

// The case of a redaction that once failed: "收款银行卡号：" ends one line,
// the card number starts the next. The check finds it, and the redacted
// copy lacks it for pdftotext too.
TEST(RedactPdf, ACardNumberOnTheLineAfterItsContextIsFoundAndRemoved) {
  documents::Letter letter;
  letter.issuer = "静安寺街道办事处";
  letter.title = "补助发放情况";
  letter.paragraphs = {"收款人：张三　收款银行卡号：", "6222021234567890128", "开户行：中国工商银行上海分行。"};
  letter.date = Date{2026, 1, 5};
  auto pdf = documents::RenderPdf(letter);
  if (!pdf.ok() && pdf.status().code() == Code::kFailedPrecondition) GTEST_SKIP() << pdf.status().ToString();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  ASSERT_TRUE(Has(PdfToText(*pdf), "6222021234567890128"));
  scan::Settings settings;
  settings.today = Date{2026, 1, 5};
  auto scanner = scan::Scanner::Build(settings);
  ASSERT_TRUE(scanner.ok());
  auto report = review::CheckDocument(*scanner, "list.pdf", *pdf);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->verdict, "block");
  std::vector<Withhold> withhold;
  for (const auto& l : report->findings) {
    if (l.finding.severity == scan::Severity::kBlock) withhold.push_back({l.finding.text, "个人隐私"});
  }
  ASSERT_EQ(withhold.size(), 1u);
  EXPECT_EQ(withhold[0].text, "6222021234567890128");
  auto r = Redact("list.pdf", *pdf, withhold);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(Verify("list.pdf", r->bytes, withhold).ok());
  std::string text = PdfToText(r->bytes);
  EXPECT_FALSE(Has(text, "6222021234567890128")) << text;
  EXPECT_FALSE(Has(text, "62220212")) << text;
  EXPECT_TRUE(Has(text, "开户行")) << text;
}

// The pixels of a PDF's first image, as (width, height, RGB bytes), read
// with pdfimages (PPM by default).
struct Picture {
  int w = 0, h = 0;
  std::string rgb;
  bool Red(int x, int y) const {
    size_t i = (static_cast<size_t>(y) * w + x) * 3;
    return static_cast<unsigned char>(rgb[i]) > 200 && static_cast<unsigned char>(rgb[i + 1]) < 50;
  }
  bool Black(int x, int y) const {
    size_t i = (static_cast<size_t>(y) * w + x) * 3;
    return rgb[i] == 0 && rgb[i + 1] == 0 && rgb[i + 2] == 0;
  }
};

Picture FirstImage(const std::string& pdf) {
  char dir[] = "/tmp/gk_redact_img_XXXXXX";
  EXPECT_NE(mkdtemp(dir), nullptr);
  std::string path = std::string(dir) + "/in.pdf";
  FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(pdf.data(), 1, pdf.size(), f);
  std::fclose(f);
  std::string command = "pdfimages -f 1 -l 1 " + path + " " + dir + "/img 2>/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0);
  Picture p;
  if (FILE* ppm = std::fopen((std::string(dir) + "/img-000.ppm").c_str(), "rb")) {
    int max = 0;
    if (std::fscanf(ppm, "P6 %d %d %d", &p.w, &p.h, &max) == 3 && std::fgetc(ppm) != EOF) {
      p.rgb.resize(static_cast<size_t>(p.w) * p.h * 3);
      p.rgb.resize(std::fread(p.rgb.data(), 1, p.rgb.size(), ppm));
    }
    std::fclose(ppm);
  }
  std::system(("rm -rf " + std::string(dir)).c_str());
  return p;
}

cairo_status_t AppendToString(void* out, const unsigned char* data, unsigned int n) {
  static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), n);
  return CAIRO_STATUS_SUCCESS;
}

// A scanned page: the number is in the picture and in the text layer above
// it. The pixels under the hit are blanked in the picture itself, not only
// covered by the black box; the rest of the picture is untouched.
TEST(RedactPdf, PixelsUnderAHitAreBlanked) {
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(AppendToString, &pdf, 300, 100);
  cairo_t* cr = cairo_create(surface);
  cairo_surface_t* scan = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 300, 100);
  cairo_t* scr = cairo_create(scan);
  cairo_set_source_rgb(scr, 1, 0, 0);
  cairo_paint(scr);
  cairo_destroy(scr);
  cairo_set_source_surface(cr, scan, 0, 0);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 12);
  cairo_move_to(cr, 20, 50);
  cairo_show_text(cr, (std::string("ID ") + kId + " end").c_str());
  cairo_destroy(cr);
  cairo_surface_destroy(scan);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);

  Picture before = FirstImage(pdf);
  ASSERT_EQ(before.w, 300);
  ASSERT_EQ(before.h, 100);
  ASSERT_TRUE(before.Red(100, 46));
  Redacted r = RoundTrip("scan.pdf", pdf, {"ID", "end"});
  Picture after = FirstImage(r.bytes);
  ASSERT_EQ(after.w, 300);
  ASSERT_EQ(after.h, 100);
  EXPECT_TRUE(after.Black(100, 46)) << "under the number";
  EXPECT_TRUE(after.Red(100, 90)) << "below the line";
  EXPECT_TRUE(after.Red(5, 46)) << "left of the line";
  EXPECT_TRUE(after.Red(290, 10)) << "far away";
}

// ---- scans ----------------------------------------------------------------------------
// Pages and pictures drawn here (support/scanned_pages.h), read by OCR. The
// copy is checked by a second OCR pass (Verify and Extract read it again),
// by pdftotext for PDFs, and the rest of the page must still read.

const std::vector<std::string> kStampedNotice = {
    "关于发放困难补助的公示", "申请人：张三", std::string("身份证号码：") + kId, "公示期：七个工作日",
    "静安寺街道办事处",       "二〇二六年十二月一日"};
const std::vector<std::string> kNoticeKeeps = {"发放困难补助的公示", "申请人", "公示期"};

const LogEntry* LogAt(const Redacted& r, std::string_view where) {
  for (const LogEntry& e : r.log) {
    if (e.where == where) return &e;
  }
  return nullptr;
}

// The Done-when of the OCR work: a scanned, stamped notice, a little askew
// and speckled as scanners leave it.
TEST(RedactScan, AScannedStampedNoticeLosesTheNumberFromThePicture) {
  if (!ocr::Available()) GTEST_SKIP() << "the OCR models are not installed";
  testing::ScanLook look;
  look.stamp = true;
  look.rotate_degrees = 0.6;
  look.speckle = 0.002;
  const std::string pdf = testing::ScanPdf(kStampedNotice, look);
  EXPECT_EQ(Verify("notice.pdf", pdf, kWithhold).message(), "仍可提取到被删除的内容：110105…（第1页（扫描件识别））");
  Redacted r = RoundTrip("notice.pdf", pdf, kNoticeKeeps);
  const LogEntry* e = LogAt(r, "第1页（扫描件识别）");
  ASSERT_NE(e, nullptr) << "logged where it was read";
  EXPECT_EQ(e->count, 1);
  EXPECT_FALSE(Has(PdfToText(r.bytes), "1949123100"));
  EXPECT_FALSE(Has(InflateAll(r.bytes), "1949123100"));
}

// A searchable PDF: the scan under an invisible text layer. The text layer
// loses the number, and the picture under it too; a reader of either layer
// finds the rest.
TEST(RedactScan, ASearchablePdfLosesTheNumberFromBothLayers) {
  if (!ocr::Available()) GTEST_SKIP() << "the OCR models are not installed";
  const std::string pdf = testing::ScanSearchablePdf(kStampedNotice, {.stamp = true});
  ASSERT_FALSE(pdf.empty());
  ASSERT_TRUE(Has(PdfToText(pdf), kId)) << "the text layer holds the number: " << PdfToText(pdf);
  auto before = extract::Extract("notice.pdf", pdf);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  ASSERT_EQ(before->scans.size(), 1u) << "invisible text does not make a page text: the picture is read too";
  EXPECT_TRUE(Has(before->scans[0].read.text, kId)) << before->scans[0].read.text;

  Redacted r = RoundTrip("notice.pdf", pdf, kNoticeKeeps);
  EXPECT_NE(LogAt(r, "第1页"), nullptr) << "removed from the text layer";
  EXPECT_NE(LogAt(r, "第1页（扫描件识别）"), nullptr) << "and from the picture";
  const std::string text = PdfToText(r.bytes);
  EXPECT_FALSE(Has(text, "1949123100")) << text;
  std::string dense;
  for (char c : text) {
    if (c != ' ' && c != '\n') dense += c;
  }
  EXPECT_TRUE(Has(dense, "申请人")) << "the rest of the text layer stays: " << text;
  auto after = extract::Extract("notice.pdf", r.bytes);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  ASSERT_EQ(after->scans.size(), 1u);
  EXPECT_FALSE(Has(after->scans[0].read.text, "1949123100")) << after->scans[0].read.text;
  EXPECT_TRUE(Has(after->scans[0].read.text, "发放困难补助的公示")) << after->scans[0].read.text;
}

// Pictures keep their format; their pixels are painted, nothing else of
// the file is kept; every page of a TIFF is done.
TEST(RedactScan, PicturesArePaintedInTheirOwnFormat) {
  if (!ocr::Available()) GTEST_SKIP() << "the OCR models are not installed";
  const std::string png = testing::ScanPng(kStampedNotice, {.stamp = true});
  Redacted p = RoundTrip("notice.png", png, kNoticeKeeps);
  EXPECT_EQ(p.bytes.substr(0, 8), "\x89PNG\r\n\x1a\n");
  ASSERT_NE(LogAt(p, "图片（扫描件识别）"), nullptr);

  Redacted j = RoundTrip("notice.jpg", testing::ScanJpeg(kStampedNotice), kNoticeKeeps);
  EXPECT_EQ(j.bytes.substr(0, 3), "\xFF\xD8\xFF");

  const std::string tiff = testing::ScanTiff({{"附件：申请人李四的来信"}, kStampedNotice});
  Redacted t = RoundTrip("notice.tif", tiff, {"李四", "发放困难补助的公示"});
  EXPECT_TRUE(t.bytes.substr(0, 4) == std::string("II*\0", 4) || t.bytes.substr(0, 4) == std::string("MM\0*", 4));
  ASSERT_NE(LogAt(t, "图片第2页（扫描件识别）"), nullptr) << "the number was on the second page";
  auto pages = extract::Extract("notice.tif", t.bytes);
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(pages->scans.size(), 2u) << "both pages kept";
}

// A scan pasted into a Word document: the picture is read, and painted in
// the copy, which keeps it a PNG in its place.
TEST(RedactScan, APictureInsideADocxIsPainted) {
  if (!ocr::Available()) GTEST_SKIP() << "the OCR models are not installed";
  const std::string body = "<w:document " + kW + "><w:body><w:p><w:r><w:t>附件：公示扫描件</w:t></w:r></w:p></w:body></w:document>";
  const std::string types = R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="x"/></Types>)";
  const std::string docx = MakeZip({{"[Content_Types].xml", types},
                                    {"word/document.xml", body},
                                    {"word/media/image1.png", testing::ScanPng(kStampedNotice, {.stamp = true})}});
  auto before = extract::Extract("公示.docx", docx);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  ASSERT_EQ(before->scans.size(), 1u);
  EXPECT_EQ(before->scans[0].part, "word/media/image1.png");
  Redacted r = RoundTrip("公示.docx", docx, {"附件：公示扫描件", "发放困难补助的公示", "申请人"});
  EXPECT_NE(LogAt(r, "嵌入图片“word/media/image1.png”（扫描件识别）"), nullptr);
  bool png = false;
  for (const auto& [name, data] : ReadZip(r.bytes)) {
    if (name == "word/media/image1.png") png = data.substr(0, 4) == "\x89PNG";
  }
  EXPECT_TRUE(png) << "still a PNG, in its place";
}

// ---- errors ---------------------------------------------------------------------

TEST(RedactErrors, CorruptFilesAreInvalidArgument) {
  const std::pair<const char*, std::string> files[] = {
      {"a.docx", SampleDocx()}, {"a.xlsx", SampleXlsx()}, {"a.ofd", SampleOfd()}, {"a.pdf", SamplePdf()}};
  for (const auto& [name, bytes] : files) {
    auto r = Redact(name, bytes.substr(0, bytes.size() / 2), kWithhold);
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << name << ": " << r.status().ToString();
    EXPECT_EQ(Verify(name, bytes.substr(0, bytes.size() / 2), kWithhold).code(), Code::kInvalidArgument) << name;
  }
  EXPECT_EQ(Redact("a.txt", "abc\xFF\xFF\x81", kWithhold).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Redact("a.doc", "x", kWithhold).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Redact("a.txt", "x", {{" ", "g"}}).status().code(), Code::kInvalidArgument);
}

TEST(RedactErrors, VerifyNamesAHiddenPart) {
  Status s = Verify("a.html", "<p>正文</p><!-- 备注 -->", {{"无关", "g"}});
  EXPECT_EQ(s.code(), Code::kFailedPrecondition);
  EXPECT_EQ(s.message(), "仍有隐藏内容：HTML 注释");
}

// Damaged copies of the samples give a result or an error, never a crash.
TEST(RedactErrors, DamagedSamplesNeverCrash) {
  const std::pair<const char*, std::string> files[] = {
      {"a.docx", SampleDocx()}, {"a.xlsx", SampleXlsx()}, {"a.ofd", SampleOfd()}, {"a.pdf", SamplePdf()}};
  uint32_t seed = 777;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  for (const auto& [name, original] : files) {
    for (int round = 0; round < 40; ++round) {
      std::string bytes = original;
      for (int k = 0; k < 1 + round % 3; ++k) bytes[next() % bytes.size()] = static_cast<char>(next() >> 24);
      auto r = Redact(name, bytes, kWithhold);
      if (r.ok()) (void)Verify(name, r->bytes, kWithhold);
    }
  }
}

}  // namespace
}  // namespace gk::redact

