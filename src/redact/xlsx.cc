// XLSX: every cell of a hidden sheet, hidden row or hidden column is
// blanked (value, formula and type removed, style kept); in the cells left,
// inline strings are masked, and a number or formula result holding a
// withheld string becomes an inline string with the ■s (its formula is
// dropped); shared strings are masked in place (runs keep their format) and
// those no visible cell uses any more are emptied. Comments (legacy and
// threaded) with their drawings and the people list go; the document
// properties are cleared.
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "redact/internal.h"

namespace gk::redact::internal {
namespace {

using extract::CellHidden;
using extract::ColumnName;
using extract::XlsxCell;
using extract::XlsxSheet;

// The text nodes of a string item (<si>, <is>): the runs, and each phonetic
// run on its own.
std::vector<std::vector<pugi::xml_node>> ItemText(const pugi::xml_node& item) {
  std::vector<std::vector<pugi::xml_node>> groups(1);
  for (pugi::xml_node t : Elements(item, "t")) {
    const bool phonetic = LocalName(t.parent()) == "rPh";
    if (phonetic) groups.emplace_back();
    for (pugi::xml_node n : TextNodes(t)) groups.back().push_back(n);
    if (phonetic) groups.emplace_back();
  }
  return groups;
}

class XlsxRedactor {
 public:
  XlsxRedactor(Package& pkg, Work& work) : pkg_(pkg), work_(work) {}

  Status Run() {
    std::vector<XlsxSheet> sheets;
    RETURN_IF_ERROR(Sheets(&sheets));
    for (const XlsxSheet& s : sheets) RETURN_IF_ERROR(RedactSheet(s));
    RETURN_IF_ERROR(SharedStrings());
    for (const Entry& e : pkg_.entries()) {
      if (e.name.rfind("xl/comments", 0) == 0 || e.name.rfind("xl/threadedComments/", 0) == 0 ||
          e.name.rfind("xl/persons/", 0) == 0) {
        doomed_.insert(e.name);
      }
    }
    for (const std::string& name : doomed_) pkg_.Remove(name);
    RETURN_IF_ERROR(StripOfficeProperties(pkg_, work_));
    return pkg_.Prune();
  }

 private:
  Status Sheets(std::vector<XlsxSheet>* sheets) {
    ASSIGN_OR_RETURN(extract::Relationships rels, ReadRels(pkg_, "xl/workbook.xml"));
    Entry* e = pkg_.Find("xl/workbook.xml");
    if (!e) return InvalidArgument("文件损坏：缺少 xl/workbook.xml");
    pugi::xml_document wb;
    RETURN_IF_ERROR(ParseXml(*e, &wb));
    *sheets = extract::WorkbookSheets(wb, rels);
    return Status::Ok();
  }

  Status RedactSheet(const XlsxSheet& sheet) {
    ASSIGN_OR_RETURN(extract::Relationships rels, ReadRels(pkg_, sheet.part));
    bool comments = false;
    for (const auto& [id, target] : rels) {
      if (target.find("omments") != std::string::npos || target.find("vmlDrawing") != std::string::npos) {
        comments = comments || target.find("omments") != std::string::npos;
        doomed_.insert(target);
      }
    }
    if (comments) work_.Strip("批注");
    if (sheet.hidden) work_.Strip("隐藏工作表“" + sheet.name + "”");
    return EditXml(pkg_, sheet.part, [&](pugi::xml_document& doc) {
      pugi::xml_node ws = doc.document_element();
      if (comments) {
        for (pugi::xml_node n = Child(ws, "legacyDrawing"); n; n = Child(ws, "legacyDrawing")) ws.remove_child(n);
      }
      Cells(sheet, ws);
      for (pugi::xml_node hf : Elements(ws, "headerFooter")) work_.MaskNodes(TextNodes(hf), "页眉页脚");
      return true;
    });
  }

  void Cells(const XlsxSheet& sheet, const pugi::xml_node& ws) {
    const std::string prefix = "工作表“" + sheet.name + "”";
    extract::ForEachCell(ws, sheet.hidden, [&](pugi::xml_node c, const XlsxCell& cell) {
      if (cell.hidden == CellHidden::kNo) {
        Cell(c, prefix + ColumnName(cell.col) + std::to_string(cell.row));
        return;
      }
      if (Blank(c) && cell.hidden != CellHidden::kSheet) {
        work_.Strip(cell.hidden == CellHidden::kRow ? "隐藏行：" + prefix + "第" + std::to_string(cell.row) + "行"
                                                    : "隐藏列：" + prefix + ColumnName(cell.col) + "列");
      }
    });
  }

  // Empties a cell; true if it held anything.
  static bool Blank(pugi::xml_node c) {
    bool had = false;
    while (pugi::xml_node k = c.first_child()) {
      had = had || k.type() == pugi::node_element;
      c.remove_child(k);
    }
    c.remove_attribute("t");
    return had;
  }

  void Cell(pugi::xml_node c, const std::string& where) {
    std::string_view type = Attr(c, "t").value();
    if (type == "inlineStr") {
      for (const auto& group : ItemText(Child(c, "is"))) work_.MaskNodes(group, where);
      return;
    }
    std::string value = TextOf(Child(c, "v"));
    if (type == "s") {
      char* end = nullptr;
      unsigned long i = std::strtoul(value.c_str(), &end, 10);
      if (!value.empty() && *end == '\0') used_[i].push_back(where);
      return;
    }
    pugi::xml_node f = Child(c, "f");
    const std::string original_formula = TextOf(f);
    std::string formula = original_formula;
    Mask({&formula}, work_.withhold());
    const bool in_formula = formula != original_formula;
    if (!work_.MaskText({&value}, where) && !in_formula) return;
    // The value becomes text with the ■s; the formula would bring it back.
    Blank(c);
    c.append_attribute("t") = "inlineStr";
    pugi::xml_node t = c.append_child("is").append_child("t");
    t.append_attribute("xml:space") = "preserve";
    t.text().set(value.c_str());
    if (in_formula) work_.Strip("公式（含被删除的内容）");
  }

  Status SharedStrings() {
    const std::string part = "xl/sharedStrings.xml";
    return EditXml(pkg_, part, [&](pugi::xml_document& doc) {
      unsigned long index = 0;
      for (pugi::xml_node si : doc.document_element().children()) {
        if (LocalName(si) != "si") continue;
        auto it = used_.find(index++);
        if (it == used_.end()) {  // only hidden cells, or none, used it
          while (pugi::xml_node k = si.first_child()) si.remove_child(k);
          si.append_child("t");
          continue;
        }
        for (const auto& group : ItemText(si)) {
          std::vector<std::string> values;
          for (const pugi::xml_node& n : group) values.emplace_back(n.value());
          std::vector<std::string*> pieces;
          for (std::string& v : values) pieces.push_back(&v);
          std::vector<int> counts = Mask(pieces, work_.withhold());
          for (size_t w = 0; w < counts.size(); ++w) {
            if (counts[w] == 0) continue;
            for (const std::string& where : it->second) work_.Count(w, where, counts[w]);
          }
          for (size_t k = 0; k < group.size(); ++k) {
            pugi::xml_node n = group[k];
            n.set_value(values[k].c_str());
          }
        }
      }
      return true;
    });
  }

  Package& pkg_;
  Work& work_;
  std::map<unsigned long, std::vector<std::string>> used_;  // shared string → visible cells using it
  std::set<std::string> doomed_;
};

}  // namespace

Status RedactXlsx(Package& pkg, Work& work) {
  XlsxRedactor redactor(pkg, work);
  return redactor.Run();
}

}  // namespace gk::redact::internal
