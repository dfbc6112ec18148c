// XML helpers for the package formats (extract/xml.h) and reading XML parts
// of a zip package.
#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "extract/internal.h"
#include "extract/ooxml.h"
#include "extract/xml.h"

namespace gk::extract {

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_attribute Attr(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view name = a.name();
    size_t colon = name.find(':');
    if ((colon == std::string_view::npos ? name : name.substr(colon + 1)) == local) return a;
  }
  return pugi::xml_attribute();
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && LocalName(c) == local) return c;
  }
  return pugi::xml_node();
}

std::string TextOf(const pugi::xml_node& node) {
  std::string out;
  for (const pugi::xml_node& n : TextNodes(node)) out += n.value();
  return out;
}

std::vector<pugi::xml_node> TextNodes(const pugi::xml_node& root) {
  std::vector<pugi::xml_node> out;
  Walk(
      root,
      [&](const pugi::xml_node& n) {
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) out.push_back(n);
        return true;
      },
      [](const pugi::xml_node&) {});
  return out;
}

std::vector<pugi::xml_node> Elements(const pugi::xml_node& root, std::string_view local) {
  std::vector<pugi::xml_node> out;
  Walk(
      root,
      [&](const pugi::xml_node& n) {
        if (n.type() == pugi::node_element && LocalName(n) == local) out.push_back(n);
        return true;
      },
      [](const pugi::xml_node&) {});
  return out;
}

std::optional<std::string> ResolvePath(std::string_view base_dir, std::string_view target) {
  std::string joined = !target.empty() && target[0] == '/' ? std::string(target.substr(1))
                                                            : std::string(base_dir) + std::string(target);
  std::replace(joined.begin(), joined.end(), '\\', '/');
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string part = joined.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(std::move(part));
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string DirOf(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? "" : std::string(path.substr(0, slash + 1));
}

}  // namespace gk::extract

namespace gk::extract::internal {

Status ParseXml(std::string_view name, const std::string& xml, pugi::xml_document* doc) {
  // Whitespace-only text is kept when it is an element's only content: a
  // w:t of one space is text.
  const unsigned options = pugi::parse_default | pugi::parse_ws_pcdata_single;
  pugi::xml_parse_result r = doc->load_buffer(xml.data(), xml.size(), options, pugi::encoding_utf8);
  if (!r) {
    return InvalidArgument("文件损坏：" + std::string(name) + " 不是有效的 XML（第 " + std::to_string(r.offset) +
                           " 字节）");
  }
  return Status::Ok();
}

Status ReadXml(Zip& zip, std::string_view name, pugi::xml_document* doc, bool* found) {
  ASSIGN_OR_RETURN(std::optional<std::string> xml, zip.Read(name));
  *found = xml.has_value();
  if (!xml) return Status::Ok();
  return ParseXml(name, *xml, doc);
}

Result<Relationships> ReadRels(Zip& zip, std::string_view part) {
  pugi::xml_document doc;
  bool found = false;
  RETURN_IF_ERROR(ReadXml(zip, RelationshipsPartOf(part), &doc, &found));
  return ParseRelationships(doc, part);
}

namespace {

template <size_t N>
void AddNamed(const pugi::xml_document& doc, const PropertyName (&names)[N], Collector& out) {
  for (const PropertyName& p : names) {
    for (pugi::xml_node n : doc.document_element().children()) {
      if (n.type() == pugi::node_element && LocalName(n) == p.local) {
        out.Part(true, std::string("文档属性：") + p.label, TextOf(n));
      }
    }
  }
}

}  // namespace

Status AddOfficeProperties(Zip& zip, Collector& out) {
  pugi::xml_document doc;
  bool found = false;
  RETURN_IF_ERROR(ReadXml(zip, "docProps/core.xml", &doc, &found));
  if (found) AddNamed(doc, kCoreProperties, out);
  RETURN_IF_ERROR(ReadXml(zip, "docProps/app.xml", &doc, &found));
  if (found) AddNamed(doc, kAppProperties, out);
  RETURN_IF_ERROR(ReadXml(zip, "docProps/custom.xml", &doc, &found));
  if (found) {
    for (pugi::xml_node p : doc.document_element().children()) {
      if (LocalName(p) != "property") continue;
      out.Part(true, std::string("文档属性：") + Attr(p, "name").value(), TextOf(p));
    }
  }
  return out.status();
}

}  // namespace gk::extract::internal
