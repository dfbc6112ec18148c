// OOXML reading shared by the extractor and the redactor (extract/ooxml.h).
#include "extract/ooxml.h"

#include <algorithm>

#include "extract/xml.h"

namespace gk::extract {

std::string RelationshipsPartOf(std::string_view part) {
  const std::string dir = DirOf(part);
  return dir + "_rels/" + std::string(part.substr(dir.size())) + ".rels";
}

Relationships ParseRelationships(const pugi::xml_document& rels, std::string_view part) {
  const std::string dir = DirOf(part);
  Relationships out;
  for (pugi::xml_node r : rels.document_element().children()) {
    if (LocalName(r) != "Relationship") continue;
    if (std::string_view(Attr(r, "TargetMode").value()) == "External") continue;
    std::optional<std::string> target = ResolvePath(dir, Attr(r, "Target").value());
    if (target) out.emplace_back(Attr(r, "Id").value(), *target);
  }
  return out;
}

std::string TargetOf(const Relationships& rels, std::string_view id) {
  for (const auto& [rid, target] : rels) {
    if (rid == id) return target;
  }
  return "";
}

std::vector<XlsxSheet> WorkbookSheets(const pugi::xml_document& workbook, const Relationships& rels) {
  std::vector<XlsxSheet> sheets;
  for (pugi::xml_node s : Child(workbook.document_element(), "sheets").children()) {
    if (LocalName(s) != "sheet") continue;
    std::string_view state = Attr(s, "state").value();
    std::string part = TargetOf(rels, Attr(s, "id").value());
    if (part.empty()) continue;
    sheets.push_back(XlsxSheet{Attr(s, "name").value(), part, state == "hidden" || state == "veryHidden"});
  }
  return sheets;
}

const char* WordPartWhere(std::string_view name) {
  if (name.find('/', 5) != std::string_view::npos || name.size() < 4 || name.substr(name.size() - 4) != ".xml") {
    return nullptr;
  }
  for (const WordPart& p : kWordParts) {
    if (name.substr(0, std::string_view(p.prefix).size()) == p.prefix) return p.where;
  }
  return nullptr;
}

bool IsOn(const pugi::xml_node& flag) {
  if (!flag) return false;
  std::string_view v = Attr(flag, "val").value();
  return v != "0" && v != "false" && v != "off";
}

WordMark MarkOf(const pugi::xml_node& element) {
  std::string_view name = LocalName(element);
  if (name == "del" || name == "moveFrom") return WordMark::kDeleted;
  if (name == "ins" || name == "moveTo") return WordMark::kInserted;
  if (name == "r" && IsOn(Child(Child(element, "rPr"), "vanish"))) return WordMark::kVanished;
  if (name == "instrText") return WordMark::kFieldCode;
  return WordMark::kPlain;
}

int ColumnOf(std::string_view ref) {
  int col = 0;
  for (char c : ref) {
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + (c - 'A' + 1);
    if (col > 1 << 20) return 0;
  }
  return col;
}

std::string ColumnName(int col) {
  std::string s;
  for (; col > 0; col = (col - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (col - 1) % 26));
  return s;
}

namespace {

using ColumnRanges = std::vector<std::pair<int, int>>;

ColumnRanges HiddenColumns(const pugi::xml_node& worksheet) {
  ColumnRanges ranges;
  for (pugi::xml_node col : Child(worksheet, "cols").children()) {
    if (LocalName(col) == "col" && std::string_view(Attr(col, "hidden").value()) == "1") {
      ranges.emplace_back(Attr(col, "min").as_int(), Attr(col, "max").as_int());
    }
  }
  return ranges;
}

CellHidden HiddenBy(bool sheet, bool row, const ColumnRanges& cols, int col) {
  if (sheet) return CellHidden::kSheet;
  if (row) return CellHidden::kRow;
  const bool in_col = std::any_of(cols.begin(), cols.end(), [&](auto r) { return col >= r.first && col <= r.second; });
  return in_col ? CellHidden::kColumn : CellHidden::kNo;
}

}  // namespace

void ForEachCell(const pugi::xml_node& worksheet, bool sheet_hidden,
                 const std::function<void(pugi::xml_node, const XlsxCell&)>& cell,
                 const std::function<void()>& row_end) {
  const ColumnRanges hidden_cols = HiddenColumns(worksheet);
  int row_no = 0;
  for (pugi::xml_node row : Child(worksheet, "sheetData").children()) {
    if (LocalName(row) != "row") continue;
    row_no = Attr(row, "r") ? Attr(row, "r").as_int() : row_no + 1;
    const bool row_hidden = std::string_view(Attr(row, "hidden").value()) == "1";
    int col_no = 0;
    for (pugi::xml_node c : row.children()) {
      if (LocalName(c) != "c") continue;
      const int col = ColumnOf(Attr(c, "r").value());
      col_no = col > 0 ? col : col_no + 1;
      cell(c, XlsxCell{row_no, col_no, HiddenBy(sheet_hidden, row_hidden, hidden_cols, col_no)});
    }
    if (row_end) row_end();
  }
}

}  // namespace gk::extract
