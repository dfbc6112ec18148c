// Plain text and HTML.
//
// TXT: the withheld strings are masked in the file's own characters. A file
// that was not UTF-8 (GB18030/GBK, UTF-16) is written as UTF-8 with a
// byte-order mark, and a note says so.
//
// HTML: edited in place on the source, by the positions gumbo gives, never
// re-serialised: text is masked block by block (so a string split by <b>
// is found), attribute values are masked too (title, alt …), and comments,
// hidden elements (hidden attribute, display:none, visibility:hidden),
// hidden form fields and <meta> author, description and keywords are cut
// out with their content.
#include <gumbo.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "base/strings.h"
#include "extract/encoding.h"
#include "extract/html.h"
#include "redact/internal.h"

namespace gk::redact::internal {
namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";


// The text as UTF-8 and the prefix to write before it.
struct Decoded {
  std::string text;
  std::string prefix;
};

Result<Decoded> DecodeFor(std::string_view bytes, Work& work) {
  std::string converted;
  ASSIGN_OR_RETURN(std::string text, extract::DecodeText(bytes, extract::Limits().max_text_bytes, &converted));
  Decoded d{std::move(text), ""};
  if (!converted.empty()) {
    d.prefix = kBom;
    work.Note("原文件为 " + converted + " 编码，已转存为带 BOM 的 UTF-8");
  } else if (bytes.substr(0, 3) == kBom) {
    d.prefix = kBom;
  }
  return d;
}

// ---- HTML -----------------------------------------------------------------------

struct Edit {
  size_t start, end;  // bytes of the source
  std::string replacement;
};

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_PRE: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_CAPTION: case GUMBO_TAG_HR:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_BODY: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_BR:
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_OPTION:
      return true;
    default:
      return false;
  }
}

class HtmlRedactor {
 public:
  HtmlRedactor(const std::string& source, Work& work) : src_(source), work_(work) {}

  void Run(const GumboNode* root) {
    extract::WalkGumbo(
        root, [&](const GumboNode* n) { return Enter(n); },
        [&](const GumboNode* n) {
          if (n->type == GUMBO_NODE_ELEMENT && IsBlock(n->v.element.tag)) Flush();
        });
    Flush();
  }

  // The source with the edits applied; nullopt when edits overlap (the
  // parser moved content around), which is refused rather than guessed.
  std::optional<std::string> Apply() {
    std::sort(edits_.begin(), edits_.end(), [](const Edit& a, const Edit& b) { return a.start < b.start; });
    std::string out;
    size_t pos = 0;
    for (const Edit& e : edits_) {
      if (e.start < pos || e.end < e.start || e.end > src_.size()) return std::nullopt;
      out.append(src_, pos, e.start - pos);
      out += e.replacement;
      pos = e.end;
    }
    out.append(src_, pos, std::string::npos);
    return out;
  }

 private:
  // Offset of a piece of the source, or npos if it is not in the source.
  size_t OffsetOf(const GumboStringPiece& p) const {
    if (!p.data || p.data < src_.data() || p.data + p.length > src_.data() + src_.size()) return std::string::npos;
    return static_cast<size_t>(p.data - src_.data());
  }

  // The end of the element's source: its end tag, else its last descendant.
  size_t SourceEnd(const GumboNode* n) const {
    size_t end = 0;
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
      const GumboElement& el = n->v.element;
      size_t at = OffsetOf(el.original_end_tag);
      if (el.original_end_tag.length > 0 && at != std::string::npos) return at + el.original_end_tag.length;
      at = OffsetOf(el.original_tag);
      if (at != std::string::npos) end = at + el.original_tag.length;
      for (unsigned i = 0; i < el.children.length; ++i) {
        end = std::max(end, SourceEnd(static_cast<const GumboNode*>(el.children.data[i])));
      }
    } else if (n->type != GUMBO_NODE_DOCUMENT) {
      size_t at = OffsetOf(n->v.text.original_text);
      if (at != std::string::npos) end = at + n->v.text.original_text.length;
    }
    return end;
  }

  bool Enter(const GumboNode* n) {
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        texts_.push_back(n);
        return false;
      case GUMBO_NODE_COMMENT: {
        size_t at = OffsetOf(n->v.text.original_text);
        if (at != std::string::npos) {
          edits_.push_back(Edit{at, at + n->v.text.original_text.length, ""});
          work_.Strip("HTML 注释");
        }
        return false;
      }
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        return Element(n);
      default:
        return true;
    }
  }

  bool Element(const GumboNode* n) {
    const GumboElement& el = n->v.element;
    size_t at = OffsetOf(el.original_tag);
    if (const char* why = extract::HiddenElement(el); why && at != std::string::npos && el.original_tag.length > 0) {
      Flush();
      edits_.push_back(Edit{at, std::max(SourceEnd(n), at + el.original_tag.length), ""});
      work_.Strip(why);
      return false;
    }
    if (IsBlock(el.tag)) Flush();
    Attributes(el);
    return true;
  }

  void Attributes(const GumboElement& el) {
    for (unsigned i = 0; i < el.attributes.length; ++i) {
      const auto* a = static_cast<const GumboAttribute*>(el.attributes.data[i]);
      std::string value = a->value;
      if (!work_.MaskText({&value}, "属性")) continue;
      size_t at = OffsetOf(a->original_value);
      if (at == std::string::npos || a->original_value.length == 0) continue;  // Verify reports it
      edits_.push_back(Edit{at, at + a->original_value.length, "\"" + EscapeHtml(value) + "\""});
    }
  }

  // Masks the text nodes of the current block.
  void Flush() {
    if (texts_.empty()) return;
    std::vector<std::string> values;
    for (const GumboNode* t : texts_) values.emplace_back(t->v.text.text);
    std::vector<std::string*> pieces;
    for (std::string& v : values) pieces.push_back(&v);
    if (work_.MaskText(pieces, "正文")) {
      for (size_t i = 0; i < texts_.size(); ++i) {
        const GumboNode* t = texts_[i];
        if (values[i] == t->v.text.text) continue;
        const GumboStringPiece& raw = t->v.text.original_text;
        size_t at = OffsetOf(raw);
        if (at == std::string::npos) continue;
        // Raw text (script, style) and text without references is copied as
        // is; text that had character references is escaped again.
        const bool plain = std::string_view(raw.data, raw.length) == t->v.text.text;
        edits_.push_back(Edit{at, at + raw.length, plain ? values[i] : EscapeHtml(values[i])});
      }
    }
    texts_.clear();
  }

  const std::string& src_;
  Work& work_;
  std::vector<const GumboNode*> texts_;
  std::vector<Edit> edits_;
};

bool HoldsWithheld(std::string_view s, const std::vector<Withhold>& withhold) {
  std::string copy(s);
  std::vector<int> counts = Mask({&copy}, withhold);
  return std::any_of(counts.begin(), counts.end(), [](int n) { return n > 0; });
}

}  // namespace

Result<std::string> RedactTxt(std::string_view bytes, Work& work) {
  ASSIGN_OR_RETURN(Decoded d, DecodeFor(bytes, work));
  work.MaskText({&d.text}, "正文");
  return d.prefix + d.text;
}

Result<std::string> RedactHtml(std::string_view bytes, Work& work) {
  ASSIGN_OR_RETURN(Decoded d, DecodeFor(bytes, work));
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* parsed = gumbo_parse_with_options(&options, d.text.data(), d.text.size());
  if (!parsed) return InvalidArgument("文件损坏：无法解析 HTML");
  HtmlRedactor redactor(d.text, work);
  redactor.Run(parsed->document);
  std::optional<std::string> out = redactor.Apply();
  gumbo_destroy_output(&options, parsed);
  if (!out) return FailedPrecondition("HTML 结构异常（内容被解析器移位），无法安全地作删除处理");
  // What gumbo does not show as text or attributes (a string split by a
  // character reference inside a tag, say) is refused, not released.
  if (HoldsWithheld(*out, work.withhold())) {
    return FailedPrecondition("HTML 源码中仍含有被删除的内容，无法安全地作删除处理");
  }
  return d.prefix + *out;
}

}  // namespace gk::redact::internal
