// Attachment files of the demo items, written with the project's own
// document code (PDF, DOCX, XLSX) and, for OFD, as the zip of XML parts the
// format is (GB/T 33190-2016).
#include <zip.h>

#include "base/strings.h"
#include "demo/world.h"
#include "documents/letter.h"
#include "documents/print.h"
#include "documents/workbook.h"

namespace gk::demo {
namespace {

// The bytes of a zip holding `parts` (name, content), in order.
Result<std::string> Zip(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_error_fini(&err);
  if (!src) return Internal("cannot create a zip buffer");
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, nullptr);
  if (!z) {
    zip_source_free(src);
    return Internal("cannot open a zip buffer");
  }
  for (const auto& [name, data] : parts) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    if (!s || zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8) < 0) {
      if (s) zip_source_free(s);
      zip_discard(z);
      zip_source_free(src);
      return Internal("cannot add a zip entry");
    }
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
    zip_source_free(src);
    return Internal("cannot write the zip");
  }
  zip_stat_t st;
  std::string out;
  if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
    out.resize(st.size);
    zip_int64_t n = zip_source_read(src, out.data(), st.size);
    zip_source_close(src);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) out.clear();
  }
  zip_source_free(src);
  if (out.empty()) return Internal("cannot read the zip");
  return out;
}

}  // namespace

Result<std::string> PdfFile(const std::string& author, const std::string& title,
                            const std::vector<std::string>& paragraphs) {
  documents::PrintDocument doc;
  doc.title = title;
  doc.author = author;
  doc.head.push_back({documents::Block::Kind::kTitle, title, {}});
  for (const std::string& p : paragraphs) doc.body.push_back({documents::Block::Kind::kParagraph, p, {}});
  return documents::RenderPrintPdf(doc);
}

Result<std::string> DocxFile(const std::string& issuer, const std::string& title,
                             const std::vector<std::string>& paragraphs, Date date) {
  documents::Letter letter;
  letter.issuer = issuer;
  letter.title = title;
  letter.paragraphs = paragraphs;
  letter.date = date;
  return documents::RenderDocx(letter);
}

Result<std::string> XlsxFile(const std::vector<std::vector<std::string>>& rows) {
  return documents::BuildWorkbook([&](lxw_workbook* book, lxw_format* bold) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, "数据");
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t c = 0; c < rows[r].size(); ++c) {
        worksheet_write_string(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), rows[r][c].c_str(),
                               r == 0 ? bold : nullptr);
      }
    }
  });
}

Result<std::string> OfdFile(const std::string& title, const std::vector<std::string>& lines) {
  const std::string ns = R"(xmlns:ofd="http://www.ofdspec.org/2016")";
  std::string ofd = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:OFD " + ns +
                    R"( DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>demo</ofd:DocID><ofd:Title>)" +
                    EscapeHtml(title) +
                    "</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
  std::string document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Document " + ns +
                         R"(><ofd:CommonData><ofd:MaxUnitID>)" + std::to_string(lines.size() + 3) +
                         R"(</ofd:MaxUnitID><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:CommonData>)"
                         R"(<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>)";
  std::string content;
  int y = 30, id = 3;
  for (const std::string& line : {title}) {
    content += "<ofd:TextObject ID=\"" + std::to_string(id++) + "\" Boundary=\"20 " + std::to_string(y) +
               " 170 12\" Font=\"2\" Size=\"6\"><ofd:TextCode X=\"0\" Y=\"9\">" + EscapeHtml(line) +
               "</ofd:TextCode></ofd:TextObject>";
    y += 16;
  }
  for (const std::string& line : lines) {
    content += "<ofd:TextObject ID=\"" + std::to_string(id++) + "\" Boundary=\"20 " + std::to_string(y) +
               " 170 10\" Font=\"2\" Size=\"4.2\"><ofd:TextCode X=\"0\" Y=\"7\">" + EscapeHtml(line) +
               "</ofd:TextCode></ofd:TextObject>";
    y += 10;
  }
  std::string page = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Page " + ns +
                     "><ofd:Content><ofd:Layer ID=\"2\">" + content + "</ofd:Layer></ofd:Content></ofd:Page>";
  return Zip({{"OFD.xml", ofd}, {"Doc_0/Document.xml", document}, {"Doc_0/Pages/Page_0/Content.xml", page}});
}

}  // namespace gk::demo
