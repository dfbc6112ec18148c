// XLSX: every cell's text as written (shared and inline strings, numbers as
// stored, cached formula results), sheet by sheet in workbook order, row by
// row; cells separated by tabs and rows by newlines, one segment per cell
// ("工作表“名单”B7"). Cells of hidden sheets, hidden rows and hidden columns
// are hidden ("工作表“名单”B7（隐藏列）"), as are cell comments, their
// authors and the document properties.
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "extract/internal.h"

namespace gk::extract::internal {
namespace {

// The text of a string item (<si> or <is>) without phonetic runs.
std::string StringItem(const pugi::xml_node& item) {
  std::string out;
  Walk(
      item,
      [&](const pugi::xml_node& n) {
        if (LocalName(n) == "rPh") return false;
        if (LocalName(n) == "t") {
          out += TextOf(n);
          return false;
        }
        return true;
      },
      [](const pugi::xml_node&) {});
  return out;
}

Result<std::vector<std::string>> SharedStrings(Zip& zip, const std::string& part) {
  std::vector<std::string> strings;
  if (part.empty()) return strings;
  pugi::xml_document doc;
  bool found = false;
  RETURN_IF_ERROR(ReadXml(zip, part, &doc, &found));
  for (pugi::xml_node si : doc.document_element().children()) {
    if (LocalName(si) == "si") strings.push_back(StringItem(si));
  }
  return strings;
}

class SheetText {
 public:
  SheetText(Collector& out, const std::vector<std::string>& strings) : out_(out), strings_(strings) {}

  Status Add(Zip& zip, const XlsxSheet& sheet) {
    pugi::xml_document doc;
    bool found = false;
    RETURN_IF_ERROR(ReadXml(zip, sheet.part, &doc, &found));
    if (!found) return InvalidArgument("文件损坏：缺少 " + sheet.part);
    const std::string prefix = "工作表“" + sheet.name + "”";
    ForEachCell(
        doc.document_element(), sheet.hidden,
        [&](pugi::xml_node c, const XlsxCell& cell) {
          std::string text = CellText(c);
          if (text.empty()) return;
          std::string where = prefix + ColumnName(cell.col) + std::to_string(cell.row);
          if (cell.hidden == CellHidden::kNo) {
            out_.Break(false, "\t");
            out_.Append(false, where, text);
            return;
          }
          where += cell.hidden == CellHidden::kSheet ? "（隐藏工作表）"
                   : cell.hidden == CellHidden::kRow ? "（隐藏行）"
                                                      : "（隐藏列）";
          out_.Part(true, where, text);
        },
        [&] { out_.Break(false, "\n"); });
    return out_.status();
  }

 private:
  std::string CellText(const pugi::xml_node& c) const {
    std::string_view type = Attr(c, "t").value();
    if (type == "inlineStr") return StringItem(Child(c, "is"));
    std::string v = TextOf(Child(c, "v"));
    if (type == "s") {
      char* end = nullptr;
      unsigned long i = std::strtoul(v.c_str(), &end, 10);
      return (!v.empty() && *end == '\0' && i < strings_.size()) ? strings_[i] : "";
    }
    return v;
  }

  Collector& out_;
  const std::vector<std::string>& strings_;
};

// The comments of one sheet, each a hidden part; the authors are collected.
Status AddComments(Zip& zip, const std::string& part, const std::string& sheet_name, std::set<std::string>& authors,
                   Collector& out) {
  pugi::xml_document doc;
  bool found = false;
  RETURN_IF_ERROR(ReadXml(zip, part, &doc, &found));
  if (!found) return Status::Ok();
  pugi::xml_node root = doc.document_element();
  for (pugi::xml_node a : Child(root, "authors").children()) {
    if (LocalName(a) == "author" && !TextOf(a).empty()) authors.insert(TextOf(a));
  }
  for (pugi::xml_node c : Child(root, "commentList").children()) {
    if (LocalName(c) != "comment") continue;
    std::string where = (sheet_name.empty() ? std::string() : "工作表“" + sheet_name + "”") +
                        Attr(c, "ref").value() + " 批注";
    out.Part(true, where, StringItem(Child(c, "text")));
  }
  return out.status();
}

}  // namespace

Result<Extracted> ExtractXlsx(Zip& zip, const Limits& limits) {
  pugi::xml_document wb;
  bool found = false;
  RETURN_IF_ERROR(ReadXml(zip, "xl/workbook.xml", &wb, &found));
  ASSIGN_OR_RETURN(auto rels, ReadRels(zip, "xl/workbook.xml"));
  std::string shared;
  for (const std::string& name : zip.Names()) {
    if (name == "xl/sharedStrings.xml") shared = name;
  }
  ASSIGN_OR_RETURN(std::vector<std::string> strings, SharedStrings(zip, shared));

  const std::vector<XlsxSheet> sheets = WorkbookSheets(wb, rels);

  Collector out(limits.max_text_bytes);
  SheetText cells(out, strings);
  std::set<std::string> authors, comment_parts;
  for (const XlsxSheet& sheet : sheets) {
    RETURN_IF_ERROR(cells.Add(zip, sheet));
    ASSIGN_OR_RETURN(auto sheet_rels, ReadRels(zip, sheet.part));
    for (const auto& [id, target] : sheet_rels) {
      if (target.find("comments") == std::string::npos || target.find("threaded") != std::string::npos) continue;
      comment_parts.insert(target);
      RETURN_IF_ERROR(AddComments(zip, target, sheet.name, authors, out));
    }
  }
  for (const std::string& name : zip.Names()) {  // comments no sheet refers to
    if (name.rfind("xl/comments", 0) == 0 && !comment_parts.count(name)) {
      RETURN_IF_ERROR(AddComments(zip, name, "", authors, out));
    }
  }
  for (const std::string& a : authors) out.Part(true, "批注作者", a);
  RETURN_IF_ERROR(AddOfficeProperties(zip, out));
  std::vector<Scan> scans;
  RETURN_IF_ERROR(AddPackagePictures(zip, limits, out, &scans));
  ASSIGN_OR_RETURN(Extracted e, out.Finish("xlsx"));
  e.scans = std::move(scans);
  return e;
}

}  // namespace gk::extract::internal
