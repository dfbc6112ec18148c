// OFD (GB/T 33190-2016): OFD.xml → DocBody/DocRoot (Doc_0/Document.xml) →
// Pages/Page/@BaseLoc (Content.xml). The text of each page is its TextCode
// elements in the order stored, a new line where the baseline moves; one
// segment per page ("第N页"). Hidden: the DocInfo metadata (author, title,
// keywords, custom data …) and the annotations (Annotations.xml → each
// page's Annotation.xml: remarks and the text of their appearance).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "extract/internal.h"
#include "extract/ofd.h"

namespace gk::extract::internal {
namespace {

// The y of a Boundary="x y w h" attribute.
double BoundaryY(const pugi::xml_node& n) {
  double x = 0, y = 0;
  std::sscanf(Attr(n, "Boundary").value(), "%lf %lf", &x, &y);
  return y;
}

// The text of TextObjects under `root`: TextCodes as stored, a newline when
// the baseline moves by more than a millimetre.
std::string TextCodes(const pugi::xml_node& root) {
  std::string out;
  double object_y = 0, last_y = NAN;
  Walk(
      root,
      [&](const pugi::xml_node& n) {
        std::string_view name = LocalName(n);
        if (name == "TextObject") object_y = BoundaryY(n);
        if (name != "TextCode") return n.type() == pugi::node_element;
        double y = object_y + Attr(n, "Y").as_double();
        if (!std::isnan(last_y) && std::fabs(y - last_y) > 1.0 && !out.empty() && out.back() != '\n') out += '\n';
        last_y = y;
        out += TextOf(n);
        return false;
      },
      [](const pugi::xml_node&) {});
  return out;
}

void AddDocInfo(const pugi::xml_node& info, Collector& out) {
  for (const OfdInfoField& f : kOfdDocInfo) {
    const std::string_view local = f.local;
    if (local == "Keywords") {
      for (pugi::xml_node kw : Child(info, "Keywords").children()) {
        if (LocalName(kw) == "Keyword") out.Part(true, std::string("文档属性：") + f.label, TextOf(kw));
      }
    } else if (local == "CustomDatas") {
      for (pugi::xml_node d : Child(info, "CustomDatas").children()) {
        if (LocalName(d) == "CustomData") out.Part(true, std::string("文档属性：") + Attr(d, "Name").value(), TextOf(d));
      }
    } else if (pugi::xml_node n = Child(info, f.local)) {
      out.Part(true, std::string("文档属性：") + f.label, TextOf(n));
    }
  }
}

class OfdText {
 public:
  OfdText(Zip& zip, Collector& out) : zip_(zip), out_(out) {}

  Status Document(const std::string& path) {
    pugi::xml_document doc;
    bool found = false;
    RETURN_IF_ERROR(ReadXml(zip_, path, &doc, &found));
    if (!found) return InvalidArgument("文件损坏：缺少 " + path);
    const OfdDocumentParts parts = OfdParts(doc, path);
    std::map<std::string, int> page_no;  // page ID → number
    for (const OfdDocumentParts::Page& p : parts.pages) {
      const int n = static_cast<int>(page_no.size()) + 1;
      page_no[p.id] = n;
      if (!p.path) return InvalidArgument("文件损坏：页面路径无效");
      RETURN_IF_ERROR(Page(*p.path, n));
    }
    if (parts.annotations) RETURN_IF_ERROR(Annotations(*parts.annotations, page_no));
    return out_.status();
  }

 private:
  Status Page(const std::string& path, int n) {
    pugi::xml_document doc;
    bool found = false;
    RETURN_IF_ERROR(ReadXml(zip_, path, &doc, &found));
    if (!found) return InvalidArgument("文件损坏：缺少 " + path);
    out_.Part(false, "第" + std::to_string(n) + "页", TextCodes(doc));
    return out_.status();
  }

  Status Annotations(const std::string& path, const std::map<std::string, int>& page_no) {
    pugi::xml_document doc;
    bool found = false;
    RETURN_IF_ERROR(ReadXml(zip_, path, &doc, &found));
    if (!found) return Status::Ok();
    for (const OfdAnnotationFile& f : OfdAnnotationFiles(doc, path)) {
      auto it = page_no.find(f.page_id);
      std::string where = it == page_no.end() ? "注释" : "注释（第" + std::to_string(it->second) + "页）";
      RETURN_IF_ERROR(PageAnnotations(f.path, where));
    }
    return Status::Ok();
  }

  Status PageAnnotations(const std::string& path, const std::string& where) {
    pugi::xml_document doc;
    bool found = false;
    RETURN_IF_ERROR(ReadXml(zip_, path, &doc, &found));
    if (!found) return Status::Ok();
    for (pugi::xml_node a : doc.document_element().children()) {
      if (LocalName(a) != "Annot") continue;
      if (Attr(a, "Creator")) out_.Part(true, "注释作者", Attr(a, "Creator").value());
      out_.Part(true, where, TextOf(Child(a, "Remark")));
      out_.Part(true, where, TextCodes(Child(a, "Appearance")));
    }
    return out_.status();
  }

  Zip& zip_;
  Collector& out_;
};

}  // namespace

Result<Extracted> ExtractOfd(Zip& zip, const Limits& limits) {
  pugi::xml_document ofd;
  bool found = false;
  RETURN_IF_ERROR(ReadXml(zip, "OFD.xml", &ofd, &found));
  Collector out(limits.max_text_bytes);
  OfdText text(zip, out);
  int documents = 0;
  for (pugi::xml_node body : ofd.document_element().children()) {
    if (LocalName(body) != "DocBody") continue;
    AddDocInfo(Child(body, "DocInfo"), out);
    std::optional<std::string> root = ResolvePath("", TextOf(Child(body, "DocRoot")));
    if (!root || root->empty()) return InvalidArgument("文件损坏：OFD.xml 中的 DocRoot 无效");
    RETURN_IF_ERROR(text.Document(*root));
    ++documents;
  }
  if (documents == 0) return InvalidArgument("文件损坏：OFD.xml 中没有文档（DocBody）");
  std::vector<Scan> scans;
  RETURN_IF_ERROR(AddPackagePictures(zip, limits, out, &scans));
  ASSIGN_OR_RETURN(Extracted e, out.Finish("ofd"));
  e.scans = std::move(scans);
  return e;
}

}  // namespace gk::extract::internal

namespace gk::extract {

OfdDocumentParts OfdParts(const pugi::xml_document& document, std::string_view path) {
  const std::string dir = DirOf(path);
  pugi::xml_node root = document.document_element();
  OfdDocumentParts parts;
  for (pugi::xml_node p : Child(root, "Pages").children()) {
    if (LocalName(p) != "Page") continue;
    parts.pages.push_back({Attr(p, "ID").value(), ResolvePath(dir, Attr(p, "BaseLoc").value())});
  }
  pugi::xml_node annots = Child(root, "Annotations");
  if (annots) parts.annotations = ResolvePath(dir, TextOf(annots));
  return parts;
}

std::vector<OfdAnnotationFile> OfdAnnotationFiles(const pugi::xml_document& annotations, std::string_view path) {
  const std::string dir = DirOf(path);
  std::vector<OfdAnnotationFile> files;
  for (pugi::xml_node p : annotations.document_element().children()) {
    if (LocalName(p) != "Page") continue;
    std::optional<std::string> loc = ResolvePath(dir, TextOf(Child(p, "FileLoc")));
    if (loc) files.push_back({Attr(p, "PageID").value(), *loc});
  }
  return files;
}

}  // namespace gk::extract
