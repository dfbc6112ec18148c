// RenderDocx: the letter as a minimal WordprocessingML package, written by
// hand so that the office can edit it in Word, WPS or LibreOffice.
//
// Parts: [Content_Types].xml, _rels/.rels, docProps/core.xml,
// word/document.xml (+ _rels), word/styles.xml, word/settings.xml,
// word/fontTable.xml and two footers (odd pages flush right, even pages flush
// left, both "— PAGE —"). The section is A4 with the GB/T 9704 margins and a
// document grid of 22 lines × 28 characters, so Word sets the text on the
// same grid as the PDF. Fonts are named as the offices have them: 仿宋_GB2312
// for the body, 方正小标宋简体 for the title, 宋体 for page numbers; the font
// table gives Word and LibreOffice a fallback (仿宋, 宋体) for each. Texts
// go through pugixml, which escapes them; the fixed parts are literals.
#include <pugixml.hpp>
#include <zip.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "documents/geometry.h"
#include "documents/letter.h"

namespace gk::documents {
namespace {

using namespace internal;  // NOLINT: the geometry constants

int Twips(double mm) { return static_cast<int>(std::lround(mm * 1440 / 25.4)); }

// The section, in twips. The text block is exactly 156 × 225 mm; the right
// and bottom margins take the rest of the page.
constexpr int kPageW = 11906, kPageH = 16838;
const int kTop = Twips(kTopMarginMm), kLeft = Twips(kLeftMarginMm);
const int kBlockW = Twips(kBlockWidthMm), kBlockH = Twips(kBlockHeightMm);
const int kCharTwips = static_cast<int>(std::lround(static_cast<double>(kBlockW) / kCharsPerLine));
const int kPageNumberLine = static_cast<int>(kPageNumberPt * 20);
// The footer's bottom edge: its one exact-height line starts 7 mm below the block.
const int kFooter = Twips(kPageHeightMm - kTopMarginMm - kBlockHeightMm - kPageNumberGapMm) - kPageNumberLine;

constexpr char kXmlDecl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr char kNsW[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr char kNsR[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

constexpr char kContentTypes[] = R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>)";

constexpr char kPackageRels[] = R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>)";

constexpr char kDocumentRels[] = R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>
</Relationships>)";

constexpr char kSettings[] = R"(<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:defaultTabStop w:val="420"/>
<w:evenAndOddHeaders/>
<w:characterSpacingControl w:val="compressPunctuation"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
</w:settings>)";

// altName is what Word and LibreOffice use when the named font is missing.
constexpr char kFontTable[] = R"(<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>
</w:fonts>)";

// Normal: 3号仿宋, justified, single spacing snapped to the grid, no widow
// control (it would leave grid lines empty). GkTitle: 2号小标宋, centred.
// GkBody: Normal with the two-character first-line indent.
constexpr char kStyles[] = R"(<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:cs="仿宋_GB2312"/><w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="GkTitle"><w:name w:val="Gongkai Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="方正小标宋简体" w:eastAsia="方正小标宋简体" w:hAnsi="方正小标宋简体"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="GkBody"><w:name w:val="Gongkai Body"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLine="632" w:firstLineChars="200"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="280" w:lineRule="exact"/></w:pPr><w:rPr><w:rFonts w:ascii="宋体" w:eastAsia="宋体" w:hAnsi="宋体"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
</w:styles>)";

// Footers: "— PAGE —", odd pages flush right and even pages flush left, one
// character in from the edge of the block.
std::string Footer(bool odd) {
  std::string indent = odd ? "<w:ind w:right=\"" + std::to_string(kCharTwips) + "\"/><w:jc w:val=\"right\"/>"
                           : "<w:ind w:left=\"" + std::to_string(kCharTwips) + "\"/><w:jc w:val=\"left\"/>";
  return std::string(kXmlDecl) + "<w:ftr xmlns:w=\"" + kNsW + "\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>" +
         indent +
         "</w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:fldSimple w:instr=\" PAGE \">"
         "<w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>";
}

// Width of `text` in grid characters as a CJK font sets it: ideographs and
// full-width forms 1, Latin letters, digits and spaces ½.
double EstimateChars(std::string_view text) {
  double n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    n += c < 0xE1 ? 0.5 : 1.0;  // a lead byte below 0xE1 starts a code point below U+1000
  }
  return n;
}

// Paragraph properties; indents in grid characters (negative first_line hangs).
struct Para {
  const char* style = nullptr;
  const char* jc = nullptr;
  bool keep_next = false;
  double left = 0, right = 0, first_line = 0;
};

void AddIndent(pugi::xml_node ppr, const Para& p) {
  if (p.left == 0 && p.right == 0 && p.first_line == 0) return;
  pugi::xml_node ind = ppr.append_child("w:ind");
  auto set = [&](const char* name, double chars) {
    if (chars == 0) return;
    ind.append_attribute(name) = std::lround(chars * kCharTwips);
    ind.append_attribute((std::string(name) + "Chars").c_str()) = std::lround(chars * 100);
  };
  set("w:left", p.left);
  set("w:right", p.right);
  set(p.first_line < 0 ? "w:hanging" : "w:firstLine", std::abs(p.first_line));
}

void AddParagraph(pugi::xml_node body, const Para& p, const std::string& text) {
  pugi::xml_node para = body.append_child("w:p");
  pugi::xml_node ppr = para.append_child("w:pPr");
  if (p.style) ppr.append_child("w:pStyle").append_attribute("w:val") = p.style;
  if (p.keep_next) ppr.append_child("w:keepNext");
  AddIndent(ppr, p);
  if (p.jc) ppr.append_child("w:jc").append_attribute("w:val") = p.jc;
  if (!ppr.first_child()) para.remove_child(ppr);
  if (text.empty()) return;
  pugi::xml_node t = para.append_child("w:r").append_child("w:t");
  t.append_attribute("xml:space") = "preserve";
  t.text().set(text.c_str());
}

void AddSection(pugi::xml_node body) {
  pugi::xml_node sect = body.append_child("w:sectPr");
  for (auto [type, id] : {std::pair{"default", "rId4"}, std::pair{"even", "rId5"}}) {
    pugi::xml_node ref = sect.append_child("w:footerReference");
    ref.append_attribute("w:type") = type;
    ref.append_attribute("r:id") = id;
  }
  pugi::xml_node size = sect.append_child("w:pgSz");
  size.append_attribute("w:w") = kPageW;
  size.append_attribute("w:h") = kPageH;
  pugi::xml_node mar = sect.append_child("w:pgMar");
  mar.append_attribute("w:top") = kTop;
  mar.append_attribute("w:right") = kPageW - kLeft - kBlockW;
  mar.append_attribute("w:bottom") = kPageH - kTop - kBlockH;
  mar.append_attribute("w:left") = kLeft;
  mar.append_attribute("w:header") = 851;
  mar.append_attribute("w:footer") = kFooter;
  mar.append_attribute("w:gutter") = 0;
  sect.append_child("w:cols").append_attribute("w:space") = 425;
  // Word's grid: linePitch in twips; charSpace in 1/4096 pt relative to the
  // 16 pt font, rounded down so that 28 characters fit.
  pugi::xml_node grid = sect.append_child("w:docGrid");
  grid.append_attribute("w:type") = "linesAndChars";
  grid.append_attribute("w:linePitch") = kBlockH / kLinesPerPage;
  double pitch_pt = static_cast<double>(kBlockW) / 20 / kCharsPerLine;
  grid.append_attribute("w:charSpace") = static_cast<int>(std::floor((pitch_pt - kBodyPt) * 4096));
}

// The elements in the order of the PDF (see pdf.cc's SetLetter).
void AddLetter(pugi::xml_node body, const Letter& letter) {
  if (!letter.number.empty()) {
    AddParagraph(body, {.jc = "right"}, letter.number);
    AddParagraph(body, {}, "");
  }
  AddParagraph(body, {.style = "GkTitle"}, letter.title);
  AddParagraph(body, {}, "");
  if (!letter.addressee.empty()) AddParagraph(body, {.jc = "left"}, letter.addressee + "：");
  const bool has_attachments = !letter.attachments.empty();
  for (size_t k = 0; k < letter.paragraphs.size(); ++k) {
    bool last = k + 1 == letter.paragraphs.size() && !has_attachments;
    AddParagraph(body, {.style = "GkBody", .keep_next = last}, letter.paragraphs[k]);
  }
  if (has_attachments) AddParagraph(body, {}, "");
  std::vector<AttachmentLine> lines = AttachmentLines(letter);
  const double lead = EstimateChars("附件：");
  for (size_t k = 0; k < lines.size(); ++k) {
    const AttachmentLine& a = lines[k];
    double number = EstimateChars(a.number);
    AddParagraph(body,
                 {.keep_next = k + 1 == lines.size(),
                  .left = kFirstLineIndentChars + lead + number,
                  .first_line = -(EstimateChars(a.lead) + number)},
                 a.lead + a.number + a.name);
  }
  for (int k = 0; k < kSignatureBlankLines; ++k) AddParagraph(body, {.keep_next = true}, "");
  std::string date = FormatChineseDate(letter.date);
  double issuer_right = IssuerRightIndent(1.0, EstimateChars(letter.issuer), EstimateChars(date));
  AddParagraph(body, {.jc = "right", .keep_next = true, .right = issuer_right}, letter.issuer);
  std::string note = NoteText(letter);
  AddParagraph(body, {.jc = "right", .keep_next = !note.empty(), .right = kDateRightIndentChars}, date);
  if (!note.empty()) AddParagraph(body, {.jc = "left", .left = kNoteIndentChars}, note);
}

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override { out.append(static_cast<const char*>(data), size); }
};

std::string Serialize(const pugi::xml_document& doc) {
  StringWriter writer;
  writer.out = kXmlDecl;
  doc.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return std::move(writer.out);
}

std::string DocumentXml(const Letter& letter) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("w:document");
  root.append_attribute("xmlns:w") = kNsW;
  root.append_attribute("xmlns:r") = kNsR;
  pugi::xml_node body = root.append_child("w:body");
  AddLetter(body, letter);
  AddSection(body);
  return Serialize(doc);
}

std::string CoreXml(const Letter& letter) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("cp:coreProperties");
  root.append_attribute("xmlns:cp") = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
  root.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
  root.append_attribute("xmlns:dcterms") = "http://purl.org/dc/terms/";
  root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
  root.append_child("dc:title").text().set(letter.title.c_str());
  root.append_child("dc:creator").text().set(letter.issuer.c_str());
  pugi::xml_node created = root.append_child("dcterms:created");
  created.append_attribute("xsi:type") = "dcterms:W3CDTF";
  created.text().set((letter.date.ToString() + "T00:00:00Z").c_str());
  return Serialize(doc);
}

// The archive's timestamps: the letter's date, within what ZIP can store.
time_t ZipTime(const Date& date) {
  Date d = std::clamp(date, Date{1980, 1, 2}, Date{2107, 12, 30});
  return static_cast<time_t>(d.DaysSinceEpoch() * 86400 + 12 * 3600);
}

Status ZipError(const char* what, zip_error_t* error) {
  Status s = Internal(std::string("libzip: ") + what + ": " + zip_error_strerror(error));
  zip_error_fini(error);
  return s;
}

// Zips the named parts in order into memory.
Result<std::string> Zip(const std::vector<std::pair<const char*, std::string>>& parts, time_t mtime) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return ZipError("buffer", &error);
  zip_source_keep(buffer);  // it outlives the archive: we read the bytes from it
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> keep(buffer, &zip_source_free);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);  // the reference the archive would have taken
    return ZipError("open", &error);
  }
  for (const auto& [name, data] : parts) {
    zip_source_t* src = zip_source_buffer(archive, data.data(), data.size(), 0);
    zip_int64_t index = src ? zip_file_add(archive, name, src, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0 || zip_file_set_mtime(archive, index, mtime, 0) < 0) {
      if (index < 0 && src) zip_source_free(src);
      Status s = Internal(std::string("libzip: add ") + name + ": " + zip_strerror(archive));
      zip_discard(archive);
      return s;
    }
  }
  if (zip_close(archive) < 0) {
    Status s = Internal(std::string("libzip: close: ") + zip_strerror(archive));
    zip_discard(archive);
    return s;
  }
  zip_stat_t st;
  if (zip_source_stat(buffer, &st) < 0 || zip_source_open(buffer) < 0) {
    return Internal(std::string("libzip: read back: ") + zip_error_strerror(zip_source_error(buffer)));
  }
  std::string out(st.size, '\0');
  zip_int64_t n = zip_source_read(buffer, out.data(), out.size());
  zip_source_close(buffer);
  if (n != static_cast<zip_int64_t>(out.size())) return Internal("libzip: short read");
  return out;
}

}  // namespace

Result<std::string> RenderDocx(const Letter& letter) {
  RETURN_IF_ERROR(ValidateLetter(letter));
  auto decl = [](const char* xml) { return std::string(kXmlDecl) + xml; };
  return Zip({{"[Content_Types].xml", decl(kContentTypes)},
              {"_rels/.rels", decl(kPackageRels)},
              {"docProps/core.xml", CoreXml(letter)},
              {"word/document.xml", DocumentXml(letter)},
              {"word/_rels/document.xml.rels", decl(kDocumentRels)},
              {"word/styles.xml", decl(kStyles)},
              {"word/settings.xml", decl(kSettings)},
              {"word/fontTable.xml", decl(kFontTable)},
              {"word/footer1.xml", Footer(true)},
              {"word/footer2.xml", Footer(false)}},
             ZipTime(letter.date));
}

}  // namespace gk::documents
