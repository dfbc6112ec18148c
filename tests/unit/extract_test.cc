// Text extraction: per format, the visible text and its order, the exact
// code-point offsets of a planted identity number, hidden parts with their
// `where`, document properties; and the errors: corrupt files, encryption,
// zip bombs, an extension that disagrees with the content. Every sample
// document is built here, in memory.
#include "extract/extract.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace gk::extract {
namespace {

constexpr char kId[] = "11010519491231002X";

// ---- helpers --------------------------------------------------------------------

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The code points [start, end) of `text`.
std::string Slice(const std::string& text, size_t start, size_t end) {
  std::string out;
  size_t leads = 0;  // lead bytes so far: byte i belongs to code point leads - 1
  for (char c : text) {
    leads += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (leads - 1 >= start && leads - 1 < end) out.push_back(c);
  }
  return out;
}

// Segments cover the text without gaps or overlaps.
void ExpectCovering(const Extracted& ex) {
  size_t pos = 0;
  for (const Segment& s : ex.segments) {
    EXPECT_EQ(s.start, pos) << s.where;
    EXPECT_LT(s.start, s.end) << s.where;
    pos = s.end;
  }
  EXPECT_EQ(pos, CodePoints(ex.text));
}

// Where `needle` occurs (the n-th time) in code points, and its segment.
struct Found {
  size_t start = 0, end = 0;
  const Segment* segment = nullptr;
};
Found Locate(const Extracted& ex, std::string_view needle, int nth = 0) {
  size_t byte = ex.text.find(needle);
  while (byte != std::string::npos && nth-- > 0) byte = ex.text.find(needle, byte + 1);
  Found f;
  if (byte == std::string::npos) return f;
  f.start = CodePoints(std::string_view(ex.text).substr(0, byte));
  f.end = f.start + CodePoints(needle);
  for (const Segment& s : ex.segments) {
    if (s.start <= f.start && f.end <= s.end) f.segment = &s;
  }
  return f;
}

// Expects `needle` in one segment with this hidden flag and `where`, at
// offsets that slice back to it.
void ExpectIn(const Extracted& ex, std::string_view needle, bool hidden, std::string_view where) {
  Found f = Locate(ex, needle);
  ASSERT_NE(f.segment, nullptr) << needle << " not in one segment of:\n" << ex.text;
  EXPECT_EQ(Slice(ex.text, f.start, f.end), needle);
  EXPECT_EQ(f.segment->hidden, hidden) << needle;
  EXPECT_EQ(f.segment->where, where) << needle;
}

std::string ReadSource(zip_source_t* src) {
  zip_stat_t st;
  zip_source_open(src);
  zip_source_stat(src, &st);
  std::string out(st.size, '\0');
  zip_source_read(src, out.data(), st.size);
  zip_source_close(src);
  return out;
}

using Entries = std::vector<std::pair<std::string, std::string>>;

// A zip of these entries, deflated. Before closing, `extra` may add more.
template <typename Extra>
std::string MakeZip(const Entries& entries, Extra&& extra) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(buffer);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
  }
  extra(z);
  EXPECT_EQ(zip_close(z), 0);
  std::string out = ReadSource(buffer);
  zip_source_free(buffer);
  zip_error_fini(&err);
  return out;
}
std::string MakeZip(const Entries& entries) {
  return MakeZip(entries, [](zip_t*) {});
}

// A zip source of `size` zero bytes, produced as it is read.
zip_source_t* Zeros(zip_t* z, zip_uint64_t size) {
  struct State {
    zip_uint64_t size, pos = 0;
  };
  auto* state = new State{size};
  auto fn = [](void* ud, void* data, zip_uint64_t len, zip_source_cmd_t cmd) -> zip_int64_t {
    auto* s = static_cast<State*>(ud);
    switch (cmd) {
      case ZIP_SOURCE_OPEN: s->pos = 0; return 0;
      case ZIP_SOURCE_READ: {
        zip_uint64_t n = std::min(len, s->size - s->pos);
        std::memset(data, 0, n);
        s->pos += n;
        return static_cast<zip_int64_t>(n);
      }
      case ZIP_SOURCE_CLOSE: return 0;
      case ZIP_SOURCE_STAT: {
        auto* st = static_cast<zip_stat_t*>(data);
        zip_stat_init(st);
        st->valid = ZIP_STAT_SIZE;
        st->size = s->size;
        return sizeof(zip_stat_t);
      }
      case ZIP_SOURCE_ERROR: return 2 * sizeof(int);
      case ZIP_SOURCE_FREE: delete s; return 0;
      case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                              ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
      default: return -1;
    }
  };
  return zip_source_function(z, fn, state);
}

// ---- samples ----------------------------------------------------------------

const std::string kW = R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")";

std::string CoreProps(std::string_view creator) {
  return R"(<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>)" +
         std::string(creator) + "</dc:creator><cp:lastModifiedBy>王二</cp:lastModifiedBy><dc:title>名单</dc:title></cp:coreProperties>";
}

std::string SampleDocx() {
  std::string body = "<w:document " + kW + "><w:body>" +
                     "<w:p><w:r><w:t>申请人：</w:t></w:r><w:ins w:author=\"甲\"><w:r><w:t>张三</w:t></w:r></w:ins></w:p>" +
                     "<w:p><w:del w:author=\"乙\"><w:r><w:delText>" + kId + "</w:delText></w:r></w:del>" +
                     "<w:r><w:t xml:space=\"preserve\">第二段 </w:t></w:r>" +
                     "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏号码</w:t></w:r><w:r><w:t>完</w:t></w:r></w:p>" +
                     "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲格</w:t></w:r></w:p></w:tc>" +
                     "<w:tc><w:p><w:r><w:t>身份证 " + kId + "</w:t></w:r></w:p></w:tc></w:tr></w:tbl>" +
                     "</w:body></w:document>";
  std::string header = "<w:hdr " + kW + "><w:p><w:r><w:t>页眉文字</w:t></w:r></w:p></w:hdr>";
  std::string comments = "<w:comments " + kW + "><w:comment w:id=\"0\" w:author=\"丙\"><w:p><w:r><w:t>请核实" +
                         kId + "</w:t></w:r></w:p></w:comment></w:comments>";
  std::string app = R"(<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>某街道办事处</Company><Pages>1</Pages></Properties>)";
  return MakeZip({{"[Content_Types].xml", "<Types/>"},
                  {"word/document.xml", body},
                  {"word/header1.xml", header},
                  {"word/comments.xml", comments},
                  {"docProps/core.xml", CoreProps("丁")},
                  {"docProps/app.xml", app}});
}

std::string SampleXlsx() {
  const std::string ns = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
  std::string workbook = "<workbook " + ns +
                         R"(><sheets><sheet name="名单" sheetId="1" r:id="rId1"/><sheet name="备用" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>)";
  std::string rels = R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>)";
  std::string shared = "<sst " + ns + "><si><t>姓名</t></si><si><t>身份证号</t></si><si><r><t>张</t></r><r><t>三</t></r></si><si><t>" +
                       kId + "</t></si></sst>";
  std::string sheet1 = "<worksheet " + ns + R"(><cols><col min="3" max="4" hidden="1"/></cols><sheetData>)" +
                       R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)" +
                       R"(<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>110105194912310021</v></c><c r="C2" t="inlineStr"><is><t>隐藏列内容</t></is></c></row>)" +
                       R"(<row r="3" hidden="1"><c r="A3" t="str"><v>李四</v></c><c r="B3" t="s"><v>3</v></c></row>)" +
                       R"(<row r="4"><c r="A4" t="s"><v>3</v></c></row>)" + "</sheetData></worksheet>";
  std::string sheet1_rels = R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="comments" Target="../comments1.xml"/></Relationships>)";
  std::string comments = "<comments " + ns + R"(><authors><author>王五</author></authors><commentList><comment ref="B2" authorId="0"><text><r><t>已核对原件</t></r></text></comment></commentList></comments>)";
  std::string sheet2 = "<worksheet " + ns + R"(><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>备用号码</t></is></c></row></sheetData></worksheet>)";
  return MakeZip({{"[Content_Types].xml", "<Types/>"},
                  {"xl/workbook.xml", workbook},
                  {"xl/_rels/workbook.xml.rels", rels},
                  {"xl/sharedStrings.xml", shared},
                  {"xl/worksheets/sheet1.xml", sheet1},
                  {"xl/worksheets/_rels/sheet1.xml.rels", sheet1_rels},
                  {"xl/comments1.xml", comments},
                  {"xl/worksheets/sheet2.xml", sheet2},
                  {"docProps/core.xml", CoreProps("赵六")}});
}

std::string SampleOfd() {
  const std::string ns = R"(xmlns:ofd="http://www.ofdspec.org/2016")";
  std::string ofd = "<ofd:OFD " + ns + R"( DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1</ofd:DocID><ofd:Title>关于某事的通知</ofd:Title><ofd:Author>张三</ofd:Author><ofd:CustomDatas><ofd:CustomData Name="承办人">李四</ofd:CustomData></ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>)";
  std::string document = "<ofd:Document " + ns + R"(><ofd:CommonData><ofd:MaxUnitID>9</ofd:MaxUnitID></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/><ofd:Page ID="2" BaseLoc="Pages/Page_1/Content.xml"/></ofd:Pages><ofd:Annotations>Annots/Annotations.xml</ofd:Annotations></ofd:Document>)";
  auto text = [](double y, std::string_view s) {
    return "<ofd:TextObject ID=\"3\" Boundary=\"20 " + std::to_string(y) + " 170 10\" Font=\"4\" Size=\"5\"><ofd:TextCode X=\"0\" Y=\"8\">" +
           std::string(s) + "</ofd:TextCode></ofd:TextObject>";
  };
  std::string page0 = "<ofd:Page " + ns + "><ofd:Content><ofd:Layer ID=\"2\">" + text(30, "身份证号：") + text(30, kId) +
                      text(50, "第二行") + "</ofd:Layer></ofd:Content></ofd:Page>";
  std::string page1 = "<ofd:Page " + ns + "><ofd:Content><ofd:Layer ID=\"2\">" + text(30, "第二页内容") + "</ofd:Layer></ofd:Content></ofd:Page>";
  std::string annots = "<ofd:Annotations " + ns + R"(><ofd:Page PageID="1"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>)";
  std::string annot = "<ofd:PageAnnot " + ns + R"(><ofd:Annot ID="7" Type="Highlight" Creator="王五"><ofd:Remark>内部意见</ofd:Remark><ofd:Appearance Boundary="0 0 10 10"/></ofd:Annot></ofd:PageAnnot>)";
  return MakeZip({{"OFD.xml", ofd},
                  {"Doc_0/Document.xml", document},
                  {"Doc_0/Pages/Page_0/Content.xml", page0},
                  {"Doc_0/Pages/Page_1/Content.xml", page1},
                  {"Doc_0/Annots/Annotations.xml", annots},
                  {"Doc_0/Annots/Page_0/Annotation.xml", annot}});
}

// A PDF written object by object with a correct cross-reference table.
// `objects[i]` is object i+1; `trailer` is added to the trailer dictionary.
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

// Two pages of text; the font maps codes 0x80 and 0x81 to 姓 and 名 through
// its ToUnicode map. Page 1 carries a text annotation; the information
// dictionary names the author.
std::string SamplePdf(const std::string& trailer_extra = "", bool with_info = true) {
  std::string cmap =
      "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
      "1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <80> <59D3> <81> <540D> endbfchar "
      "endcmap CMapName currentdict /CMap defineresource pop end end";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R "
      "/Annots [9 0 R] >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 7 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 8 0 R >>",
      Stream("BT /F1 12 Tf 72 720 Td (\x80\x81 " + std::string(kId) + ") Tj ET"),
      Stream("BT /F1 12 Tf 72 720 Td (Page two) Tj ET"),
      Stream(cmap),
      "<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents (check this) /T (Li Si) >>",
      "<< /Author <FEFF5F204E09> /Title (Notice) >>",
  };
  return MakePdf(objects, (with_info ? "/Info 10 0 R " : "") + trailer_extra);
}

// ---- TXT ----------------------------------------------------------------------

TEST(ExtractTxt, Utf8WithBomKeepsTheFileCharacters) {
  std::string body = "第一行\r\n身份证：" + std::string(kId) + "\n";
  auto r = Extract("申请.txt", "\xEF\xBB\xBF" + body);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "txt");
  EXPECT_EQ(r->text, body);
  Found f = Locate(*r, kId);
  EXPECT_EQ(f.start, 9u);  // 第一行 \r \n 身份证：
  ExpectIn(*r, kId, false, "正文");
  ExpectCovering(*r);
}

TEST(ExtractTxt, GbkIsConverted) {
  std::string gbk = "\xD0\xD5\xC3\xFB\xA3\xBA\xD5\xC5\xC8\xFD " + std::string(kId);  // 姓名：张三
  auto r = Extract("old.TXT", gbk);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->text, "姓名：张三 " + std::string(kId));
  EXPECT_EQ(Locate(*r, kId).start, 6u);
}

TEST(ExtractTxt, Utf16WithBom) {
  std::string u16("\xFF\xFE\xD3\x59\x0D\x54", 6);  // 姓名 in UTF-16LE
  auto r = Extract("a.txt", u16);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->text, "姓名");
}

TEST(ExtractTxt, UndecodableTextIsRefused) {
  auto r = Extract("a.txt", "abc\xFF\xFF\x81");
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
}

// ---- HTML ---------------------------------------------------------------------

TEST(ExtractHtml, VisibleTextThenHiddenParts) {
  std::string html = std::string("<html><head><title>公告</title><meta name=\"author\" content=\"张三\">") +
                     "<style>p{color:red}</style><script>var id = 'x';</script></head><body>" +
                     "<p>第一段   " + kId + "</p><!-- 内部备注 --><div hidden>隐藏甲</div>" +
                     "<span style=\"DISPLAY: none\">隐藏乙</span><p>第二<b>段</b></p>" +
                     "<input type=\"hidden\" name=\"sfz\" value=\"sfz-42\"></body></html>";
  auto r = Extract("page.html", html);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "html");
  EXPECT_EQ(r->text.substr(0, r->text.find("张三")), "公告\n第一段 " + std::string(kId) + "\n第二段\n");
  EXPECT_EQ(r->text.find("var id"), std::string::npos);
  EXPECT_EQ(r->text.find("color"), std::string::npos);
  ExpectIn(*r, kId, false, "正文");
  EXPECT_EQ(Locate(*r, kId).start, 7u);
  ExpectIn(*r, "张三", true, "文档属性：作者");
  ExpectIn(*r, "内部备注", true, "HTML 注释");
  ExpectIn(*r, "隐藏甲", true, "隐藏元素（hidden 属性）");
  ExpectIn(*r, "隐藏乙", true, "隐藏元素（display:none）");
  ExpectIn(*r, "sfz-42", true, "隐藏表单字段");
  ExpectCovering(*r);
}

TEST(ExtractHtml, DeepNestingIsRefusedNotCrashed) {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  auto r = Extract("deep.htm", html);
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
}

// ---- DOCX ---------------------------------------------------------------------

TEST(ExtractDocx, BodyRevisionsCommentsAndProperties) {
  auto r = Extract("答复书.docx", SampleDocx());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "docx");
  EXPECT_EQ(r->text.substr(0, r->text.find("页眉文字")),
            "申请人：张三\n第二段 完\n甲格\n身份证 " + std::string(kId) + "\n");
  ExpectIn(*r, "申请人：", false, "正文");
  ExpectIn(*r, "张三", false, "修订（插入）");
  ExpectIn(*r, "身份证 " + std::string(kId), false, "正文");
  EXPECT_EQ(Locate(*r, kId).start, 20u);
  ExpectIn(*r, "页眉文字", false, "页眉");
  // The deleted copy of the number: the second occurrence.
  Found del = Locate(*r, kId, 1);
  ASSERT_NE(del.segment, nullptr);
  EXPECT_TRUE(del.segment->hidden);
  EXPECT_EQ(del.segment->where, "修订（删除）");
  EXPECT_EQ(Slice(r->text, del.start, del.end), kId);
  ExpectIn(*r, "隐藏号码", true, "隐藏文字");
  ExpectIn(*r, "请核实", true, "批注");
  ExpectIn(*r, "丙", true, "批注或修订的作者");
  ExpectIn(*r, "丁", true, "文档属性：作者");
  ExpectIn(*r, "王二", true, "文档属性：最后修改者");
  ExpectIn(*r, "某街道办事处", true, "文档属性：单位");
  ExpectCovering(*r);
}

TEST(ExtractDocx, EncryptedOfficeFileIsFailedPrecondition) {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(500, '\0') + std::string("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32);
  auto r = Extract("a.docx", ole);
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(r.status().message(), "文件已加密，无法检查");
}

TEST(ExtractDocx, EncryptedZipEntryIsFailedPrecondition) {
  bool set = true;
  std::string z = MakeZip({{"word/document.xml", "<w:document " + kW + "/>"}}, [&](zip_t* zip) {
    set = zip_file_set_encryption(zip, 0, ZIP_EM_AES_256, "secret") == 0;
  });
  if (!set) GTEST_SKIP() << "this libzip cannot write encrypted entries";
  auto r = Extract("a.docx", z);
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
}

// ---- XLSX ---------------------------------------------------------------------

TEST(ExtractXlsx, CellsHiddenSheetsRowsColumnsAndComments) {
  auto r = Extract("名单.xlsx", SampleXlsx());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "xlsx");
  EXPECT_EQ(r->text.substr(0, r->text.find("隐藏列内容")),
            "姓名\t身份证号\n张三\t110105194912310021\n" + std::string(kId) + "\n");
  ExpectIn(*r, "身份证号", false, "工作表“名单”B1");
  ExpectIn(*r, "110105194912310021", false, "工作表“名单”B2");
  ExpectIn(*r, kId, false, "工作表“名单”A4");
  EXPECT_EQ(Locate(*r, kId).start, 30u);
  ExpectIn(*r, "隐藏列内容", true, "工作表“名单”C2（隐藏列）");
  ExpectIn(*r, "李四", true, "工作表“名单”A3（隐藏行）");
  Found hidden_row = Locate(*r, kId, 1);
  ASSERT_NE(hidden_row.segment, nullptr);
  EXPECT_EQ(hidden_row.segment->where, "工作表“名单”B3（隐藏行）");
  EXPECT_TRUE(hidden_row.segment->hidden);
  ExpectIn(*r, "备用号码", true, "工作表“备用”A1（隐藏工作表）");
  ExpectIn(*r, "已核对原件", true, "工作表“名单”B2 批注");
  ExpectIn(*r, "王五", true, "批注作者");
  ExpectIn(*r, "赵六", true, "文档属性：作者");
  ExpectCovering(*r);
}

// ---- OFD ----------------------------------------------------------------------

TEST(ExtractOfd, PagesMetadataAndAnnotations) {
  auto r = Extract("通知.ofd", SampleOfd());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "ofd");
  EXPECT_EQ(r->text.substr(0, r->text.find("关于某事")),
            "身份证号：" + std::string(kId) + "\n第二行\n第二页内容\n");
  ExpectIn(*r, kId, false, "第1页");
  EXPECT_EQ(Locate(*r, kId).start, 5u);
  ExpectIn(*r, "第二页内容", false, "第2页");
  ExpectIn(*r, "关于某事的通知", true, "文档属性：标题");
  ExpectIn(*r, "张三", true, "文档属性：作者");
  ExpectIn(*r, "李四", true, "文档属性：承办人");
  ExpectIn(*r, "内部意见", true, "注释（第1页）");
  ExpectIn(*r, "王五", true, "注释作者");
  ExpectCovering(*r);
}

// ---- PDF ----------------------------------------------------------------------

TEST(ExtractPdf, TextLayerByPageAnnotationsAndInfo) {
  auto r = Extract("reply.pdf", SamplePdf());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "pdf");
  EXPECT_EQ(r->text.substr(0, r->text.find("Li Si")), "姓名 " + std::string(kId) + "\nPage two\n");
  ExpectIn(*r, kId, false, "第1页");
  EXPECT_EQ(Locate(*r, kId).start, 3u);
  ExpectIn(*r, "Page two", false, "第2页");
  ExpectIn(*r, "Li Si", true, "注释作者");
  ExpectIn(*r, "check this", true, "注释（第1页）");
  ExpectIn(*r, "张三", true, "文档属性：作者");
  ExpectIn(*r, "Notice", true, "文档属性：标题");
  ExpectCovering(*r);
}

TEST(ExtractPdf, PasswordProtectedIsFailedPrecondition) {
  const std::string hex32(64, 'A');
  std::string pdf = SamplePdf("/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + hex32 + "> /U <" + hex32 +
                              "> /P -4 >> /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]",
                              false);
  auto r = Extract("secret.pdf", pdf);
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition) << r.status().ToString();
  EXPECT_EQ(r.status().message(), "文件已加密，无法检查");
}

// ---- errors common to all formats ---------------------------------------------

TEST(ExtractErrors, TruncatedFilesAreInvalidArgument) {
  const std::pair<const char*, std::string> files[] = {
      {"a.docx", SampleDocx()}, {"a.xlsx", SampleXlsx()}, {"a.ofd", SampleOfd()}, {"a.pdf", SamplePdf()}};
  for (const auto& [name, bytes] : files) {
    auto r = Extract(name, bytes.substr(0, bytes.size() / 2));
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << name << ": " << r.status().ToString();
    EXPECT_EQ(r.status().message().rfind("文件损坏", 0), 0u) << r.status().message();
  }
  EXPECT_EQ(Extract("a.html", "<p>\xFF\xFF\x81").status().code(), Code::kInvalidArgument);
}

TEST(ExtractErrors, BrokenXmlInsideAPackageIsInvalidArgument) {
  std::string z = MakeZip({{"word/document.xml", "<w:document " + kW + "><w:body><w:p>"}});
  auto r = Extract("a.docx", z);
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("word/document.xml"), std::string::npos) << r.status().message();
}

TEST(ExtractErrors, ExtensionAndContentMustAgree) {
  EXPECT_EQ(Extract("a.docx", SamplePdf()).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Extract("a.pdf", SampleDocx()).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Extract("a.xlsx", SampleDocx()).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Extract("a.txt", SampleOfd()).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Extract("a.docx", "plain text").status().code(), Code::kInvalidArgument);
  auto r = Extract("a.doc", "x");
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "不支持的文件类型：.doc");
  auto m = Extract("a.xlsx", SampleDocx());
  EXPECT_NE(m.status().message().find("不一致"), std::string::npos) << m.status().message();
}

TEST(ExtractErrors, ZipBombOf300MegabytesIsTooLarge) {
  std::string bomb = MakeZip({{"[Content_Types].xml", "<Types/>"}}, [](zip_t* z) {
    zip_file_add(z, "word/document.xml", Zeros(z, 300ull << 20), 0);
  });
  ASSERT_LT(bomb.size(), 2u << 20);
  auto r = Extract("bomb.docx", bomb);
  EXPECT_EQ(r.status().code(), Code::kTooLarge);
  EXPECT_EQ(r.status().message(), "解压后内容过大（疑似压缩炸弹）");
}

// Declared sizes are not trusted: an entry that claims 1000 bytes but
// inflates to 8 MB is stopped by the running budget.
TEST(ExtractErrors, ZipEntryThatLiesAboutItsSizeIsStopped) {
  std::string z = MakeZip({{"[Content_Types].xml", "<Types/>"}}, [](zip_t* zip) {
    zip_file_add(zip, "word/document.xml", Zeros(zip, 8 << 20), 0);
  });
  // Rewrite the uncompressed size in the local header and the central directory.
  auto patch = [&](std::string_view sig, size_t size_offset) {
    for (size_t p = z.find(sig); p != std::string::npos; p = z.find(sig, p + 1)) {
      if (z.compare(p + (sig[2] == 3 ? 30 : 46), 17, "word/document.xml") != 0) continue;
      const unsigned char lie[4] = {0xE8, 0x03, 0, 0};  // 1000
      std::memcpy(z.data() + p + size_offset, lie, 4);
    }
  };
  patch(std::string_view("PK\x03\x04", 4), 22);
  patch(std::string_view("PK\x01\x02", 4), 24);
  Limits limits;
  limits.max_uncompressed_bytes = 1 << 20;
  limits.max_compression_ratio = 1e12;  // only the running budget is left
  auto r = Extract("a.docx", z, limits);
  EXPECT_TRUE(r.status().code() == Code::kTooLarge || r.status().code() == Code::kInvalidArgument)
      << r.status().ToString();
}

TEST(ExtractErrors, RunningBudgetStopsAnHonestEntry) {
  std::string z = MakeZip({{"[Content_Types].xml", "<Types/>"}}, [](zip_t* zip) {
    zip_file_add(zip, "word/document.xml", Zeros(zip, 4 << 20), 0);
  });
  Limits limits;
  limits.max_part_bytes = 1 << 20;
  EXPECT_EQ(Extract("a.docx", z, limits).status().code(), Code::kTooLarge);
}

TEST(ExtractErrors, InputAndTextLimits) {
  Limits limits;
  limits.max_input_bytes = 10;
  EXPECT_EQ(Extract("a.txt", "01234567890", limits).status().code(), Code::kTooLarge);
  limits = Limits();
  limits.max_text_bytes = 10;
  EXPECT_EQ(Extract("a.txt", "01234567890", limits).status().code(), Code::kTooLarge);
  EXPECT_EQ(Extract("a.docx", SampleDocx(), limits).status().code(), Code::kTooLarge);
  limits = Limits();
  limits.max_entries = 3;
  EXPECT_EQ(Extract("a.docx", SampleDocx(), limits).status().code(), Code::kTooLarge);
}

// Damaged copies of every sample (bytes overwritten at positions from a fixed
// generator) give a result or an error, never a crash or an invalid result.
TEST(ExtractErrors, DamagedSamplesNeverCrash) {
  const std::pair<const char*, std::string> files[] = {{"a.docx", SampleDocx()}, {"a.xlsx", SampleXlsx()},
                                                       {"a.ofd", SampleOfd()},   {"a.pdf", SamplePdf()},
                                                       {"a.html", "<p>a<!--b--><i hidden>c</i></p>"}};
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  for (const auto& [name, original] : files) {
    for (int round = 0; round < 150; ++round) {
      std::string bytes = original;
      for (int k = 0; k < 1 + round % 4; ++k) bytes[next() % bytes.size()] = static_cast<char>(next() >> 24);
      auto r = Extract(name, bytes);
      if (r.ok()) ExpectCovering(*r);
    }
  }
}

}  // namespace
}  // namespace gk::extract
