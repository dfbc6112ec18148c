// Shared by the extractors of src/extract/; not for use outside it.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extract.h"

struct zip;  // libzip, kept out of this header

namespace gk::extract::internal {

// ---- collecting the text --------------------------------------------------

// Collects the parts of the text: a visible and a hidden list, each in
// order, joined into Extracted by Finish. Within a list, consecutive text
// with the same `where` goes into one part; a different `where` starts a new
// part that follows without a separator (inline, e.g. a tracked insertion in
// a paragraph) unless Break was called, which ends the part with `sep`.
class Collector {
 public:
  explicit Collector(size_t max_text_bytes) : max_bytes_(max_text_bytes) {}

  // Appends `text` (invalid UTF-8 is replaced by U+FFFD).
  void Append(bool hidden, std::string_view where, std::string_view text);
  // Ends the current part of the list; the next part follows after `sep`.
  void Break(bool hidden, std::string_view sep = "\n");
  // Appends a newline to the current part unless it is empty or ends with one.
  void Newline(bool hidden);
  // One whole part: Break, Append, Break.
  void Part(bool hidden, std::string_view where, std::string_view text);

  // TooLarge once the text has passed the limit.
  Status status() const;
  Result<Extracted> Finish(std::string format);

 private:
  struct Piece {
    std::string where;
    std::string text;
    std::string sep;  // after this piece
    bool closed = false;
  };
  std::vector<Piece>& List(bool hidden) { return hidden ? hidden_ : visible_; }

  size_t max_bytes_;
  size_t bytes_ = 0;
  bool over_ = false;
  std::vector<Piece> visible_, hidden_;
};

// `s` with every invalid UTF-8 sequence replaced by U+FFFD, appended to `out`.
void AppendSanitized(std::string_view s, std::string* out);
// Text bytes as UTF-8: UTF-8 (a byte-order mark is dropped), UTF-16 with a
// byte-order mark, else GB18030/GBK. InvalidArgument when it is none of them.
// The result may exceed `max_bytes` by a little; the caller checks.
Result<std::string> DecodeText(std::string_view bytes, size_t max_bytes);
// Lower-case ASCII extension without the dot ("docx"), or "".
std::string ExtensionOf(std::string_view filename);

// ---- zip packages -----------------------------------------------------------

// A zip package read from memory. Entries are read by streaming, against a
// running budget of decompressed bytes shared by all reads; declared sizes
// are only used to refuse early.
class Zip {
 public:
  // InvalidArgument when `bytes` is not a readable zip, TooLarge with too
  // many entries. `bytes` must outlive the Zip.
  static Result<std::unique_ptr<Zip>> Open(std::string_view bytes, const Limits& limits);
  ~Zip();

  bool Has(std::string_view name) const;
  // Entry names in the order of the central directory.
  const std::vector<std::string>& Names() const { return names_; }
  // The entry's content; nullopt when there is no such entry.
  // FailedPrecondition for an encrypted entry, TooLarge over a limit,
  // InvalidArgument when it cannot be decompressed.
  Result<std::optional<std::string>> Read(std::string_view name);

 private:
  Zip() = default;
  zip* archive_ = nullptr;
  std::vector<std::string> names_;
  Limits limits_;
  size_t used_ = 0;  // decompressed bytes read so far
};

// ---- XML ---------------------------------------------------------------------

// `in` converted from `charset` (an iconv name) to UTF-8; nullopt when it is
// not valid in that charset. Stops once the output passes `max_out` bytes
// (the caller reports the size).
std::optional<std::string> ConvertToUtf8(const char* charset, std::string_view in, size_t max_out);

// The name without its namespace prefix ("w:t" → "t").
std::string_view LocalName(const pugi::xml_node& node);
// The attribute with this local name, or an empty attribute.
pugi::xml_attribute Attr(const pugi::xml_node& node, std::string_view local);
// The first child element with this local name, or an empty node.
pugi::xml_node Child(const pugi::xml_node& node, std::string_view local);
// The concatenated text of all descendants (without recursion).
std::string TextOf(const pugi::xml_node& node);

// Parses `xml` (the zip entry `name`, for messages). InvalidArgument when it
// is not well-formed.
Status ParseXml(std::string_view name, const std::string& xml, pugi::xml_document* doc);
// Reads and parses the entry; nullopt-like: *found = false when absent.
Status ReadXml(Zip& zip, std::string_view name, pugi::xml_document* doc, bool* found);

// Visits the subtree under `root` (not root itself) in document order without
// recursion. enter(node) returns whether to visit its children; leave(node)
// follows for every entered node, after its children.
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
// "." and ".." are resolved; nullopt if it leaves the package.
std::optional<std::string> ResolvePath(std::string_view base_dir, std::string_view target);
// Id → resolved target of a relationships part ("word/_rels/document.xml.rels");
// empty when absent.
Result<std::vector<std::pair<std::string, std::string>>> ReadRels(Zip& zip, std::string_view part);

// The OOXML document properties (docProps/core.xml, docProps/app.xml)
// reported as hidden parts by the extractors and removed by the redactors.
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

// Document properties of OOXML packages (docProps/core.xml, app.xml,
// custom.xml) as hidden parts "文档属性：作者" ….
Status AddOfficeProperties(Zip& zip, Collector& out);

// ---- the extractors ----------------------------------------------------------

Result<Extracted> ExtractTxt(std::string_view bytes, const Limits& limits);
Result<Extracted> ExtractHtml(std::string_view bytes, const Limits& limits);
Result<Extracted> ExtractDocx(Zip& zip, const Limits& limits);
Result<Extracted> ExtractXlsx(Zip& zip, const Limits& limits);
Result<Extracted> ExtractOfd(Zip& zip, const Limits& limits);
Result<Extracted> ExtractPdf(std::string_view bytes, const Limits& limits);

}  // namespace gk::extract::internal
