// HTML with gumbo: the text a browser shows, in document order (runs of
// white space collapsed, block elements on lines of their own); then, as
// hidden: elements with the `hidden` attribute or an inline style with
// display:none or visibility:hidden, hidden form fields, comments, and the
// <meta> author, description and keywords. Script and style contents are
// dropped.
#include <gumbo.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "base/strings.h"
#include "extract/html.h"
#include "extract/internal.h"

namespace gk::extract::internal {
namespace {

// Deeper nesting is refused before parsing: gumbo frees its tree recursively.
constexpr int kMaxDepth = 5000;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Elements that never nest (void) or that the parser closes implicitly.
bool NeverNests(const std::string& tag) {
  static const char* const kTags[] = {"area", "base", "br",  "col",    "embed", "hr", "img", "input", "link",
                                      "meta", "source", "track", "wbr", "p",   "li", "td",  "th",    "tr",
                                      "dt",   "dd",   "option", "param", "tbody", "thead", "tfoot"};
  return std::any_of(std::begin(kTags), std::end(kTags), [&](const char* t) { return tag == t; });
}

// An upper bound of the element nesting gumbo will build, from the tags.
int EstimateDepth(std::string_view s) {
  int depth = 0, max = 0;
  for (size_t i = s.find('<'); i != std::string_view::npos && i + 1 < s.size(); i = s.find('<', i + 1)) {
    if (s.substr(i, 4) == "<!--") {
      i = s.find("-->", i + 4);
      if (i == std::string_view::npos) break;
      continue;
    }
    if (s[i + 1] == '/') {
      depth = std::max(0, depth - 1);
      continue;
    }
    if (!IsAlpha(s[i + 1])) continue;
    size_t end = i + 1;
    while (end < s.size() && (IsAlpha(s[end]) || (s[end] >= '0' && s[end] <= '9'))) ++end;
    if (NeverNests(ToLowerAscii(s.substr(i + 1, end - i - 1)))) continue;
    size_t close = s.find('>', end);
    if (close != std::string_view::npos && s[close - 1] == '/') continue;
    max = std::max(max, ++depth);
  }
  return max;
}

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_HR: case GUMBO_TAG_MAIN: case GUMBO_TAG_BODY: case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}


class HtmlText {
 public:
  explicit HtmlText(Collector& out) : out_(out) {}

  // The text under `root`, into the visible or the hidden list.
  void Walk(const GumboNode* root, bool hidden, std::string_view where) {
    WalkGumbo(
        root, [&](const GumboNode* n) { return Enter(n, hidden, where); },
        [&](const GumboNode* n) { Leave(n, hidden, where); });
  }

  // The hidden elements met by the visible walk, each walked as hidden.
  void FlushHidden() {
    for (size_t i = 0; i < pending_.size(); ++i) {
      out_.Break(true);
      Walk(pending_[i].first, true, pending_[i].second);
      out_.Break(true);
    }
  }

 private:
  // Handles `n`; true to visit its children.
  bool Enter(const GumboNode* n, bool hidden, std::string_view where) {
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        Text(n->v.text.text, hidden, where);
        return false;
      case GUMBO_NODE_COMMENT:
        out_.Part(true, "HTML 注释", n->v.text.text);
        return false;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        return Element(n, hidden, where);
      default:
        return true;
    }
  }

  bool Element(const GumboNode* n, bool hidden, std::string_view where) {
    const GumboElement& el = n->v.element;
    switch (el.tag) {
      case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_NOSCRIPT:
        return false;
      case GUMBO_TAG_META:
      case GUMBO_TAG_INPUT: {
        const char* why = HiddenElement(el);
        const char* value = HtmlAttr(el, el.tag == GUMBO_TAG_META ? "content" : "value");
        if (why && value) out_.Part(true, why, value);
        return false;
      }
      case GUMBO_TAG_BR:
        Emit("\n", hidden, where);
        return false;
      default:
        break;
    }
    if (!hidden) {
      if (const char* why = HiddenByAttributes(el)) {
        pending_.emplace_back(n, why);
        return false;
      }
    }
    if (el.tag == GUMBO_TAG_PRE) ++pre_;
    if (IsBlock(el.tag)) Emit("\n", hidden, where);
    return true;
  }

  void Leave(const GumboNode* n, bool hidden, std::string_view where) {
    if (n->type != GUMBO_NODE_ELEMENT) return;
    GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_PRE) --pre_;
    if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) Emit("\t", hidden, where);
    if (IsBlock(tag)) Emit("\n", hidden, where);
  }

  // Text with runs of white space collapsed (outside <pre>).
  void Text(std::string_view s, bool hidden, std::string_view where) {
    if (pre_ > 0) {
      Emit(s, hidden, where);
      return;
    }
    std::string t;
    for (char c : s) {
      if (!IsSpace(c)) {
        t.push_back(c);
      } else if (t.empty() ? !AtSpace(hidden) : !IsSpace(t.back())) {
        t.push_back(' ');
      }
    }
    Emit(t, hidden, where);
  }

  void Emit(std::string_view s, bool hidden, std::string_view where) {
    if (s.empty()) return;
    if (s == "\n") {
      if (AtLineStart(hidden)) return;
    }
    out_.Append(hidden, where, s);
    last_[hidden] = s.back();
  }

  bool AtSpace(bool hidden) const { return last_[hidden] == 0 || IsSpace(last_[hidden]); }
  bool AtLineStart(bool hidden) const { return last_[hidden] == 0 || last_[hidden] == '\n'; }

  Collector& out_;
  std::vector<std::pair<const GumboNode*, const char*>> pending_;
  int pre_ = 0;
  char last_[2] = {0, 0};  // the last character emitted, per list
};

}  // namespace

Result<Extracted> ExtractHtml(std::string_view bytes, const Limits& limits) {
  ASSIGN_OR_RETURN(std::string html, DecodeText(bytes, limits.max_text_bytes));
  if (EstimateDepth(html) > kMaxDepth) return InvalidArgument("HTML 元素嵌套层数过多，无法检查");
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // the parse errors are not needed
  GumboOutput* parsed = gumbo_parse_with_options(&options, html.data(), html.size());
  if (!parsed) return InvalidArgument("文件损坏：无法解析 HTML");
  Collector out(limits.max_text_bytes);
  HtmlText walker(out);
  walker.Walk(parsed->document, false, "正文");
  walker.FlushHidden();
  gumbo_destroy_output(&options, parsed);
  return out.Finish("html");
}

}  // namespace gk::extract::internal

namespace gk::extract {

const char* HtmlAttr(const GumboElement& el, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
  return a ? a->value : nullptr;
}

const char* HiddenByAttributes(const GumboElement& el) {
  if (HtmlAttr(el, "hidden")) return "隐藏元素（hidden 属性）";
  if (const char* style = HtmlAttr(el, "style")) {
    std::string s;
    for (char c : ToLowerAscii(style)) {
      if (!internal::IsSpace(c)) s.push_back(c);
    }
    if (s.find("display:none") != std::string::npos) return "隐藏元素（display:none）";
    if (s.find("visibility:hidden") != std::string::npos) return "隐藏元素（visibility:hidden）";
  }
  return nullptr;
}

const GumboVector* GumboChildren(const GumboNode* n) {
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) return &n->v.element.children;
  return nullptr;
}

const char* HiddenElement(const GumboElement& el) {
  if (el.tag == GUMBO_TAG_INPUT) {
    const char* type = HtmlAttr(el, "type");
    return type && ToLowerAscii(type) == "hidden" ? "隐藏表单字段" : nullptr;
  }
  if (el.tag == GUMBO_TAG_META) {
    const char* name = HtmlAttr(el, "name");
    const std::string n = name ? ToLowerAscii(name) : "";
    if (n == "author") return "文档属性：作者";
    if (n == "description") return "文档属性：描述";
    if (n == "keywords") return "文档属性：关键词";
    return nullptr;
  }
  return HiddenByAttributes(el);
}

}  // namespace gk::extract
