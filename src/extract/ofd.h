// Reading OFD (GB/T 33190) where the extractor and the redactor must agree:
// the document metadata a reader does not see, and where a document's pages
// and annotations are. gk_extract reports these as hidden; gk_redact strips
// exactly these.
#pragma once

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gk::extract {

// The DocInfo fields of OFD.xml, hidden parts "文档属性：<label>". Keywords
// holds Keyword elements and CustomDatas CustomData elements (each labelled
// by its Name); the others hold their text.
struct OfdInfoField {
  const char* local;  // element local name under DocInfo
  const char* label;  // for people
};
inline constexpr OfdInfoField kOfdDocInfo[] = {
    {"Title", "标题"},     {"Author", "作者"},       {"Subject", "主题"},    {"Abstract", "摘要"},
    {"Creator", "创建程序"}, {"DocUsage", "文档类型"}, {"Keywords", "关键词"}, {"CustomDatas", "自定义数据"},
};

// The parts of one document (Doc_0/Document.xml).
struct OfdDocumentParts {
  struct Page {
    std::string id;                   // the ID attribute
    std::optional<std::string> path;  // Content.xml; nullopt when it leaves the package
  };
  std::vector<Page> pages;                 // Pages/Page in order
  std::optional<std::string> annotations;  // Annotations.xml, when there is one
};
// The pages and annotations of the parsed document `path`.
OfdDocumentParts OfdParts(const pugi::xml_document& document, std::string_view path);

// One page's annotation file, listed in Annotations.xml.
struct OfdAnnotationFile {
  std::string page_id;  // PageID
  std::string path;
};
// The annotation files of the parsed Annotations.xml `path`, in order;
// those leaving the package are left out.
std::vector<OfdAnnotationFile> OfdAnnotationFiles(const pugi::xml_document& annotations, std::string_view path);

}  // namespace gk::extract
