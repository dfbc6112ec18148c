// DOCX: in the body, headers, footers, footnotes and endnotes, tracked
// changes are resolved (deletions and moved-away text dropped, insertions
// accepted, formatting changes dropped), hidden runs (w:vanish), comment
// markers and field codes that are not plain page or cross-references are
// removed; then each paragraph's text — the concatenation of its w:t runs —
// is masked across the runs, which keep their formatting. Comments and the
// people list go, the document properties are cleared. Every other part is
// copied unchanged, after checking it does not hold a withheld string.
#include <set>
#include <string>
#include <vector>

#include "redact/internal.h"

namespace gk::redact::internal {
namespace {

enum class Action { kKeep, kRemove, kUnwrap };

bool HasElementChild(const pugi::xml_node& n) {
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_element) return true;
  }
  return false;
}

pugi::xml_node NextSkippingChildren(pugi::xml_node n, const pugi::xml_node& root) {
  while (n) {
    if (n.next_sibling()) return n.next_sibling();
    n = n.parent();
    if (n == root) return pugi::xml_node();
  }
  return n;
}

// Walks the tree under `root`, letting `decide` keep, remove or unwrap (keep
// the children in place of) each element; removed subtrees are not visited.
template <typename Decide>
bool Rewrite(pugi::xml_node root, Decide&& decide) {
  bool changed = false;
  pugi::xml_node node = root.first_child();
  while (node) {
    Action a = node.type() == pugi::node_element ? decide(node) : Action::kKeep;
    if (a == Action::kKeep) {
      node = node.first_child() ? node.first_child() : NextSkippingChildren(node, root);
      continue;
    }
    changed = true;
    pugi::xml_node parent = node.parent();
    pugi::xml_node next = NextSkippingChildren(node, root);
    if (a == Action::kUnwrap && node.first_child()) {
      next = node.first_child();
      while (node.first_child()) parent.insert_move_before(node.first_child(), node);
    }
    parent.remove_child(node);
    node = next;
  }
  return changed;
}

constexpr std::string_view kFormatChanges[] = {
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange",
    "tblPrExChange", "numberingChange", "cellIns", "cellDel", "cellMerge"};
constexpr std::string_view kMarkers[] = {
    "commentRangeStart", "commentRangeEnd", "commentReference", "moveFromRangeStart", "moveFromRangeEnd",
    "moveToRangeStart", "moveToRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlInsRangeStart", "customXmlInsRangeEnd",
    "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd"};

template <size_t N>
bool In(std::string_view name, const std::string_view (&list)[N]) {
  for (std::string_view s : list) {
    if (s == name) return true;
  }
  return false;
}

// Resolves revisions and removes hidden runs and foreign field codes.
bool StripHidden(pugi::xml_document& doc, Work& work) {
  return Rewrite(doc, [&](const pugi::xml_node& n) {
    std::string_view name = LocalName(n);
    const extract::WordMark mark = extract::MarkOf(n);
    if (mark == extract::WordMark::kDeleted) {
      if (!TextOf(n).empty()) work.Strip("修订（删除）");
      return Action::kRemove;
    }
    if (mark == extract::WordMark::kInserted) {
      if (!HasElementChild(n)) return Action::kRemove;  // a paragraph-mark marker
      work.Strip("修订（插入，已接受）");
      return Action::kUnwrap;
    }
    if (In(name, kFormatChanges)) {
      work.Strip("修订（格式）");
      return Action::kRemove;
    }
    if (In(name, kMarkers)) return Action::kRemove;
    if (name == "delText" || name == "delInstrText") return Action::kRemove;
    if (mark == extract::WordMark::kVanished) {
      if (!TextOf(n).empty()) work.Strip("隐藏文字");
      return Action::kRemove;
    }
    if (mark == extract::WordMark::kFieldCode && !IsHarmlessField(TextOf(n))) {
      work.Strip("域代码");
      return Action::kRemove;
    }
    return Action::kKeep;
  });
}

// The text nodes of the w:t runs of paragraph `p`, without those of the
// paragraphs nested in it (text boxes), which are paragraphs of their own.
std::vector<pugi::xml_node> ParagraphText(const pugi::xml_node& p) {
  std::vector<pugi::xml_node> out;
  pugi::xml_node node = p.first_child();
  while (node) {
    std::string_view name = node.type() == pugi::node_element ? LocalName(node) : "";
    if (name == "t") {
      for (pugi::xml_node c : node.children()) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out.push_back(c);
      }
    }
    const bool descend = node.first_child() && name != "t" && name != "p";
    node = descend ? node.first_child() : NextSkippingChildren(node, p);
  }
  return out;
}

bool MaskParagraphs(pugi::xml_document& doc, Work& work, std::string_view where) {
  bool changed = false;
  for (const pugi::xml_node& p : Elements(doc, "p")) changed = work.MaskNodes(ParagraphText(p), where) || changed;
  return changed;
}

// Withheld strings in attribute values (alternative text of pictures …).
bool MaskAttributes(pugi::xml_document& doc, Work& work) {
  bool changed = false;
  std::vector<pugi::xml_node> elements;
  pugi::xml_node node = doc.first_child();
  while (node) {
    if (node.type() == pugi::node_element) elements.push_back(node);
    node = node.first_child() ? node.first_child() : NextSkippingChildren(node, doc);
  }
  for (pugi::xml_node& e : elements) {
    for (pugi::xml_attribute a : e.attributes()) {
      std::string v = a.value();
      if (!work.MaskText({&v}, "属性")) continue;
      a.set_value(v.c_str());
      changed = true;
    }
  }
  return changed;
}

constexpr std::string_view kCommentParts[] = {"word/comments.xml", "word/commentsExtended.xml",
                                              "word/commentsIds.xml", "word/commentsExtensible.xml",
                                              "word/people.xml"};

void RemoveComments(Package& pkg, Work& work) {
  if (Entry* e = pkg.Find("word/comments.xml")) {
    pugi::xml_document doc;
    if (ParseXml(*e, &doc).ok() && !Elements(doc, "comment").empty()) work.Strip("批注");
  }
  if (pkg.Find("word/people.xml")) work.Strip("批注或修订的作者");
  for (std::string_view name : kCommentParts) pkg.Remove(name);
}

}  // namespace

Status RedactDocx(Package& pkg, Work& work) {
  std::vector<std::pair<std::string, const char*>> parts;
  for (const Entry& e : pkg.entries()) {
    if (const char* where = extract::WordPartWhere(e.name)) parts.emplace_back(e.name, where);
  }
  for (const auto& part : parts) {
    const char* where = part.second;  // not a structured binding: lambdas cannot capture those in clang 14
    RETURN_IF_ERROR(EditXml(pkg, part.first, [&](pugi::xml_document& doc) {
      bool changed = StripHidden(doc, work);
      changed = MaskParagraphs(doc, work, where) || changed;
      return MaskAttributes(doc, work) || changed;
    }));
  }
  RemoveComments(pkg, work);
  RETURN_IF_ERROR(StripOfficeProperties(pkg, work));
  return pkg.Prune();
}

}  // namespace gk::redact::internal
