// DOCX: the body in document order (paragraphs and table cells a line each,
// text boxes once), tracked insertions inline but marked "修订（插入）", then
// headers, footers, footnotes and endnotes (visible); then, hidden: tracked
// deletions and moved-away text ("修订（删除）"), hidden text (w:vanish),
// field codes, comments ("批注"), the authors of comments and revisions, and
// the document properties.
#include <set>
#include <string>
#include <vector>

#include "extract/internal.h"

namespace gk::extract::internal {
namespace {

constexpr char kBody[] = "正文";

bool IsOn(const pugi::xml_node& flag) {
  if (!flag) return false;
  std::string_view v = Attr(flag, "val").value();
  return v != "0" && v != "false" && v != "off";
}

// Walks WordprocessingML (a body, a header, a comment …) into the collector.
class WordText {
 public:
  WordText(Collector& out, std::set<std::string>& authors) : out_(out), authors_(authors) {}

  // The text under `root`; `where` names visible text ("正文", "页眉"), or all
  // of it is hidden under `where` when `hidden`.
  void Run(const pugi::xml_node& root, bool hidden, std::string_view where) {
    hidden_ = hidden;
    where_ = where;
    Walk(root, [this](const pugi::xml_node& n) { return Enter(n); }, [this](const pugi::xml_node& n) { Leave(n); });
  }

 private:
  bool Enter(const pugi::xml_node& n) {
    if (n.type() != pugi::node_element) return false;
    std::string_view name = LocalName(n);
    if (name == "Fallback" || name == "rPr" || name == "pPr" || name == "sectPr") return false;
    if (name == "del" || name == "moveFrom") {
      ++deleted_;
      Author(n);
      out_.Break(true);
    } else if (name == "ins" || name == "moveTo") {
      ++inserted_;
      Author(n);
    } else if (name == "r" && IsOn(Child(Child(n, "rPr"), "vanish"))) {
      ++vanished_;
      out_.Break(true);
    } else if (name == "t" || name == "delText") {
      Text(TextOf(n));
      return false;
    } else if (name == "instrText") {
      out_.Part(true, "域代码", TextOf(n));
      return false;
    } else if (name == "tab") {
      Text("\t");
    } else if (name == "br" || name == "cr") {
      Text("\n");
    }
    return true;
  }

  void Leave(const pugi::xml_node& n) {
    if (n.type() != pugi::node_element) return;
    std::string_view name = LocalName(n);
    if (name == "del" || name == "moveFrom") {
      --deleted_;
      out_.Break(true);
    } else if (name == "ins" || name == "moveTo") {
      --inserted_;
    } else if (name == "r" && IsOn(Child(Child(n, "rPr"), "vanish"))) {
      --vanished_;
      out_.Break(true);
    } else if (name == "p") {
      out_.Newline(hidden_);
    }
  }

  void Text(std::string_view s) {
    if (hidden_) {
      out_.Append(true, where_, s);
    } else if (deleted_ > 0) {
      out_.Append(true, "修订（删除）", s);
    } else if (vanished_ > 0) {
      out_.Append(true, "隐藏文字", s);
    } else if (inserted_ > 0) {
      out_.Append(false, "修订（插入）", s);
    } else {
      out_.Append(false, where_, s);
    }
  }

  void Author(const pugi::xml_node& n) {
    std::string a = Attr(n, "author").value();
    if (!a.empty()) authors_.insert(a);
  }

  Collector& out_;
  std::set<std::string>& authors_;
  bool hidden_ = false;
  std::string where_;
  int deleted_ = 0, inserted_ = 0, vanished_ = 0;
};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// word/header1.xml, word/footer2.xml, word/footnotes.xml …, in package order.
Status AddParts(Zip& zip, WordText& words, Collector& out) {
  struct Kind {
    const char* prefix;
    const char* where;
  };
  static constexpr Kind kKinds[] = {
      {"word/header", "页眉"}, {"word/footer", "页脚"}, {"word/footnotes", "脚注"}, {"word/endnotes", "尾注"}};
  for (const Kind& k : kKinds) {
    for (const std::string& name : zip.Names()) {
      if (!StartsWith(name, k.prefix) || name.find('/', 5) != std::string::npos ||
          name.size() < 4 || name.substr(name.size() - 4) != ".xml") {
        continue;
      }
      pugi::xml_document doc;
      bool found = false;
      RETURN_IF_ERROR(ReadXml(zip, name, &doc, &found));
      out.Break(false);
      words.Run(doc, false, k.where);
      out.Break(false);
      RETURN_IF_ERROR(out.status());
    }
  }
  return Status::Ok();
}

Status AddComments(Zip& zip, WordText& words, std::set<std::string>& authors, Collector& out) {
  pugi::xml_document doc;
  bool found = false;
  RETURN_IF_ERROR(ReadXml(zip, "word/comments.xml", &doc, &found));
  if (!found) return Status::Ok();
  for (pugi::xml_node c : doc.document_element().children()) {
    if (LocalName(c) != "comment") continue;
    std::string a = Attr(c, "author").value();
    if (!a.empty()) authors.insert(a);
    out.Break(true);
    words.Run(c, true, "批注");
    out.Break(true);
  }
  return out.status();
}

}  // namespace

Result<Extracted> ExtractDocx(Zip& zip, const Limits& limits) {
  Collector out(limits.max_text_bytes);
  std::set<std::string> authors;
  WordText words(out, authors);
  {
    pugi::xml_document doc;
    bool found = false;
    RETURN_IF_ERROR(ReadXml(zip, "word/document.xml", &doc, &found));
    words.Run(doc, false, kBody);
  }
  RETURN_IF_ERROR(out.status());
  RETURN_IF_ERROR(AddParts(zip, words, out));
  RETURN_IF_ERROR(AddComments(zip, words, authors, out));
  for (const std::string& a : authors) out.Part(true, "批注或修订的作者", a);
  RETURN_IF_ERROR(AddOfficeProperties(zip, out));
  return out.Finish("docx");
}

}  // namespace gk::extract::internal
