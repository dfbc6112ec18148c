// Reading OOXML packages (DOCX, XLSX) where the extractor and the redactor
// must agree: relationships, the document properties, and which cells of a
// workbook a reader does not see. gk_extract reports what these functions
// call hidden; gk_redact strips exactly that.
#pragma once

#include <pugixml.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gk::extract {

// ---- relationships -------------------------------------------------------------

// Relationship id → resolved package path, in document order.
using Relationships = std::vector<std::pair<std::string, std::string>>;

// The relationships part of `part` ("word/document.xml" →
// "word/_rels/document.xml.rels").
std::string RelationshipsPartOf(std::string_view part);
// The internal relationships of the parsed relationships part of `part`;
// external ones and targets leaving the package are left out.
Relationships ParseRelationships(const pugi::xml_document& rels, std::string_view part);
// The target of relationship `id`, or "" (the first one when ids repeat).
std::string TargetOf(const Relationships& rels, std::string_view id);

// ---- document properties ---------------------------------------------------------

// The OOXML document properties (docProps/core.xml, docProps/app.xml): the
// extractor reports them as hidden parts "文档属性：<label>", the redactor
// removes them.
struct PropertyName {
  const char* local;  // element local name
  const char* label;  // for people
};
inline constexpr PropertyName kCoreProperties[] = {
    {"creator", "作者"},          {"lastModifiedBy", "最后修改者"}, {"title", "标题"},
    {"subject", "主题"},          {"description", "备注"},          {"keywords", "关键词"},
    {"category", "类别"},         {"contentStatus", "状态"},        {"identifier", "标识"},
};
inline constexpr PropertyName kAppProperties[] = {
    {"Company", "单位"}, {"Manager", "经理"}, {"Template", "模板"}, {"HyperlinkBase", "超链接基础"},
};

// ---- word processing documents --------------------------------------------------

// The text parts of a DOCX package and where their text stands, for people.
struct WordPart {
  const char* prefix;
  const char* where;
};
inline constexpr WordPart kWordParts[] = {{"word/document.xml", "正文"}, {"word/header", "页眉"}, {"word/footer", "页脚"},
                                          {"word/footnotes", "脚注"},    {"word/endnotes", "尾注"}};
// Where the text of part `name` stands (a kWordParts entry: an .xml part
// directly in word/ starting with its prefix), or nullptr for other parts.
const char* WordPartWhere(std::string_view name);

// What a WordprocessingML element means for the reader.
enum class WordMark {
  kPlain,      // anything else
  kDeleted,    // w:del, w:moveFrom: a tracked deletion, not shown
  kInserted,   // w:ins, w:moveTo: a tracked insertion, shown
  kVanished,   // a w:r whose w:rPr has w:vanish on: hidden text
  kFieldCode,  // w:instrText: a field code, not shown
};
WordMark MarkOf(const pugi::xml_node& element);
// Whether an on/off property (w:vanish, w:b …) is on: present, and its
// w:val neither "0", "false" nor "off".
bool IsOn(const pugi::xml_node& flag);

// ---- workbooks ---------------------------------------------------------------------

struct XlsxSheet {
  std::string name;
  std::string part;     // "xl/worksheets/sheet1.xml"
  bool hidden = false;  // state="hidden" or "veryHidden"
};

// The worksheets of xl/workbook.xml in workbook order, their parts resolved
// through the workbook's relationships; a sheet without a part (a chart sheet
// or a broken reference) is left out.
std::vector<XlsxSheet> WorkbookSheets(const pugi::xml_document& workbook, const Relationships& rels);

// Why a reader does not see a cell; the first that applies, in this order.
enum class CellHidden { kNo, kSheet, kRow, kColumn };

struct XlsxCell {
  int row = 0;  // 1-based
  int col = 0;  // 1-based
  CellHidden hidden = CellHidden::kNo;
};

// "B7" → column 2 (1-based); 0 when there is no column.
int ColumnOf(std::string_view ref);
// 2 → "B".
std::string ColumnName(int col);

// Calls `cell` for every <c> of the worksheet's sheetData in document order,
// with its position (from its r attributes, else counted) and whether it is
// hidden by the sheet, its row (<row hidden="1">) or its column (<col
// hidden="1" min max>); calls `row_end`, when given, after every row.
// `cell` may change the cell's content.
void ForEachCell(const pugi::xml_node& worksheet, bool sheet_hidden,
                 const std::function<void(pugi::xml_node, const XlsxCell&)>& cell,
                 const std::function<void()>& row_end = {});

}  // namespace gk::extract
