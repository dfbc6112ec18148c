// OFD (GB/T 33190): the characters of each page's TextCode elements are
// masked (the elements stay, one ■ per character, so DeltaX still lines up);
// a TextObject whose text changed loses its CGTransform glyph mappings,
// which would otherwise still draw the original glyphs. DocInfo's personal
// fields (title, author, subject, abstract, creator, usage, keywords,
// custom data) and the annotations go. A signed document's signatures no
// longer match the content; a note says so.
#include <set>
#include <string>
#include <vector>

#include "extract/ofd.h"
#include "redact/internal.h"

namespace gk::redact::internal {
namespace {

bool StripDocInfo(pugi::xml_document& doc, Work& work) {
  bool changed = false;
  for (pugi::xml_node info : Elements(doc, "DocInfo")) {
    for (const extract::OfdInfoField& l : extract::kOfdDocInfo) {
      for (pugi::xml_node n = Child(info, l.local); n; n = Child(info, l.local)) {
        if (!TextOf(n).empty()) work.Strip(std::string("文档属性：") + l.label);
        info.remove_child(n);
        changed = true;
      }
    }
  }
  return changed;
}

// Masks the TextCodes of one page, all of them as one text.
bool MaskPage(pugi::xml_document& doc, Work& work, const std::string& where) {
  std::vector<pugi::xml_node> codes = Elements(doc, "TextCode");
  std::vector<std::string> before;
  std::vector<pugi::xml_node> nodes;
  std::vector<size_t> owner;  // index into codes
  for (size_t i = 0; i < codes.size(); ++i) {
    for (pugi::xml_node n : TextNodes(codes[i])) {
      nodes.push_back(n);
      owner.push_back(i);
      before.emplace_back(n.value());
    }
  }
  if (!work.MaskNodes(nodes, where)) return false;
  std::set<size_t> changed;
  for (size_t k = 0; k < nodes.size(); ++k) {
    if (before[k] != nodes[k].value()) changed.insert(owner[k]);
  }
  for (size_t i : changed) {
    pugi::xml_node object = codes[i].parent();
    for (pugi::xml_node t = Child(object, "CGTransform"); t; t = Child(object, "CGTransform")) object.remove_child(t);
  }
  return true;
}

class OfdRedactor {
 public:
  OfdRedactor(Package& pkg, Work& work) : pkg_(pkg), work_(work) {}

  Status Run() {
    std::vector<std::string> roots;
    bool signed_doc = false;
    RETURN_IF_ERROR(EditXml(pkg_, "OFD.xml", [&](pugi::xml_document& doc) {
      for (pugi::xml_node body : Elements(doc, "DocBody")) {
        roots.push_back(PackagePath("", TextOf(Child(body, "DocRoot"))));
        signed_doc = signed_doc || Child(body, "Signatures");
      }
      return StripDocInfo(doc, work_);
    }));
    if (roots.empty()) return InvalidArgument("文件损坏：OFD.xml 中没有文档（DocBody）");
    for (const std::string& root : roots) RETURN_IF_ERROR(Document(root));
    if (signed_doc) work_.Note("原文件的电子签名或签章与删除后的内容不再相符");
    return Status::Ok();
  }

 private:
  Status Document(const std::string& path) {
    extract::OfdDocumentParts parts;
    RETURN_IF_ERROR(EditXml(pkg_, path, [&](pugi::xml_document& doc) {
      parts = extract::OfdParts(doc, path);
      bool changed = false;
      for (pugi::xml_node a : Elements(doc, "Annotations")) {
        a.parent().remove_child(a);
        changed = true;
      }
      return changed;
    }));
    for (size_t i = 0; i < parts.pages.size(); ++i) {
      const std::string where = "第" + std::to_string(i + 1) + "页";
      const std::string page = parts.pages[i].path.value_or("");
      RETURN_IF_ERROR(EditXml(pkg_, page, [&](pugi::xml_document& doc) { return MaskPage(doc, work_, where); }));
    }
    if (parts.annotations && !parts.annotations->empty()) RETURN_IF_ERROR(RemoveAnnotations(*parts.annotations));
    return Status::Ok();
  }

  Status RemoveAnnotations(const std::string& path) {
    std::vector<std::string> files;
    RETURN_IF_ERROR(EditXml(pkg_, path, [&](pugi::xml_document& doc) {
      for (const extract::OfdAnnotationFile& f : extract::OfdAnnotationFiles(doc, path)) files.push_back(f.path);
      return false;
    }));
    for (const std::string& f : files) {
      if (Entry* e = pkg_.Find(f)) {
        pugi::xml_document doc;
        if (ParseXml(*e, &doc).ok() && !Elements(doc, "Annot").empty()) work_.Strip("注释");
      }
      pkg_.Remove(f);
    }
    pkg_.Remove(path);
    return Status::Ok();
  }

  Package& pkg_;
  Work& work_;
};

}  // namespace

Status RedactOfd(Package& pkg, Work& work) {
  OfdRedactor redactor(pkg, work);
  return redactor.Run();
}

}  // namespace gk::redact::internal
