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
    switch (MarkOf(n)) {
      case WordMark::kDeleted:
        ++deleted_;
        Author(n);
        out_.Break(true);
        return true;
      case WordMark::kInserted:
        ++inserted_;
        Author(n);
        return true;
      case WordMark::kVanished:
        ++vanished_;
        out_.Break(true);
        return true;
      case WordMark::kFieldCode:
        out_.Part(true, "域代码", TextOf(n));
        return false;
      case WordMark::kPlain:
        break;
    }
    if (name == "t" || name == "delText") {
      Text(TextOf(n));
      return false;
    }
    if (name == "tab") Text("\t");
    if (name == "br" || name == "cr") Text("\n");
    return true;
  }

  void Leave(const pugi::xml_node& n) {
    if (n.type() != pugi::node_element) return;
    switch (MarkOf(n)) {
      case WordMark::kDeleted:
        --deleted_;
        out_.Break(true);
        break;
      case WordMark::kInserted:
        --inserted_;
        break;
      case WordMark::kVanished:
        --vanished_;
        out_.Break(true);
        break;
      default:
        if (LocalName(n) == "p") out_.Newline(hidden_);
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

// word/header1.xml, word/footer2.xml, word/footnotes.xml …, in package order.
Status AddParts(Zip& zip, WordText& words, Collector& out) {
  for (const WordPart& k : kWordParts) {
    if (std::string_view(k.where) == kBody) continue;
    for (const std::string& name : zip.Names()) {
      const char* where = WordPartWhere(name);
      if (!where || std::string_view(where) != k.where) continue;
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
  std::vector<Scan> scans;
  RETURN_IF_ERROR(AddPackagePictures(zip, limits, out, &scans));
  ASSIGN_OR_RETURN(Extracted e, out.Finish("docx"));
  e.scans = std::move(scans);
  return e;
}

}  // namespace gk::extract::internal
