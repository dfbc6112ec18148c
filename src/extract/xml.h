// XML helpers over pugixml for the package formats (DOCX, XLSX, OFD): the
// one way gk_extract and gk_redact name elements, read text and resolve
// paths inside a package. Namespace prefixes are ignored throughout.
#pragma once

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gk::extract {

// The name without its namespace prefix ("w:t" → "t").
std::string_view LocalName(const pugi::xml_node& node);
// The attribute with this local name, or an empty attribute.
pugi::xml_attribute Attr(const pugi::xml_node& node, std::string_view local);
// The first child element with this local name, or an empty node.
pugi::xml_node Child(const pugi::xml_node& node, std::string_view local);
// The concatenated text (pcdata and cdata) of all descendants.
std::string TextOf(const pugi::xml_node& node);
// The text nodes (pcdata, cdata) under `root`, in document order.
std::vector<pugi::xml_node> TextNodes(const pugi::xml_node& root);
// Every element under `root` (not root) with this local name, in document order.
std::vector<pugi::xml_node> Elements(const pugi::xml_node& root, std::string_view local);

// Visits the subtree under `root` (not root itself) in document order without
// recursion. enter(node) returns whether to visit its children; leave(node)
// follows for every entered node, after its children. `enter` may change the
// node's own content but not its siblings or ancestors.
template <typename Enter, typename Leave>
void Walk(const pugi::xml_node& root, Enter&& enter, Leave&& leave) {
  pugi::xml_node node = root.first_child();
  while (node) {
    if (enter(node) && node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node) {
      leave(node);
      if (node.next_sibling()) {
        node = node.next_sibling();
        break;
      }
      node = node.parent();
      if (node == root) node = pugi::xml_node();
    }
  }
}

// A path inside a package: `target` relative to the folder `base_dir`
// ("word/", "" for the root), or absolute when it starts with '/'.
// Backslashes count as slashes; "." and ".." are resolved; nullopt if it
// leaves the package.
std::optional<std::string> ResolvePath(std::string_view base_dir, std::string_view target);
// The folder of a part with its trailing slash ("word/document.xml" →
// "word/"), "" at the root.
std::string DirOf(std::string_view path);

}  // namespace gk::extract
