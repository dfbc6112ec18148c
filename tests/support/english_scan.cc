#include "support/english_scan.h"

#include <gumbo.h>

#include <cstring>

#include "web/english.h"

namespace gk::testing {
namespace {

const char* Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : nullptr;
}

bool HasClass(const GumboElement& e, const char* cls) {
  const char* v = Attr(e, "class");
  if (!v) return false;
  size_t n = std::strlen(cls);
  for (const char* p = v; (p = std::strstr(p, cls)) != nullptr; p += n) {
    bool starts = p == v || p[-1] == ' ';
    bool ends = p[n] == '\0' || p[n] == ' ';
    if (starts && ends) return true;
  }
  return false;
}

bool Skipped(const GumboElement& e) {
  switch (e.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_SAMP:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TEMPLATE:
      return true;
    default:
      return HasClass(e, "ident") || Attr(e, "data-ident") != nullptr;
  }
}

std::string TagName(const GumboElement& e) { return gumbo_normalized_tagname(e.tag); }

void Check(const std::string& where, const char* text, std::vector<EnglishHit>& out) {
  if (!text) return;
  for (auto& run : web::EnglishRuns(text)) out.push_back({where, std::move(run)});
}

void CheckAttributes(const GumboElement& e, std::vector<EnglishHit>& out) {
  std::string tag = TagName(e);
  for (const char* name : {"title", "placeholder", "aria-label", "alt"}) {
    Check(std::string(name) + " of <" + tag + ">", Attr(e, name), out);
  }
  if (e.tag == GUMBO_TAG_INPUT) {
    const char* type = Attr(e, "type");
    if (type && (!std::strcmp(type, "submit") || !std::strcmp(type, "button") || !std::strcmp(type, "reset"))) {
      Check("value of <input type=" + std::string(type) + ">", Attr(e, "value"), out);
    }
  }
}

void Walk(const GumboNode* node, const std::string& parent, std::vector<EnglishHit>& out) {
  if (node->type == GUMBO_NODE_TEXT) {
    Check("text in <" + parent + ">", node->v.text.text, out);
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
  if (node->type == GUMBO_NODE_DOCUMENT) {
    for (unsigned i = 0; i < node->v.document.children.length; ++i) {
      Walk(static_cast<const GumboNode*>(node->v.document.children.data[i]), "", out);
    }
    return;
  }
  const GumboElement& e = node->v.element;
  if (Skipped(e)) return;
  CheckAttributes(e, out);
  std::string tag = TagName(e);
  for (unsigned i = 0; i < e.children.length; ++i) {
    Walk(static_cast<const GumboNode*>(e.children.data[i]), tag, out);
  }
}

}  // namespace

std::vector<EnglishHit> FindEnglish(const std::string& html) {
  std::vector<EnglishHit> out;
  GumboOutput* parsed = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (!parsed) return out;
  Walk(parsed->document, "", out);
  gumbo_destroy_output(&kGumboDefaultOptions, parsed);
  return out;
}

std::string DescribeEnglish(const std::vector<EnglishHit>& hits) {
  std::string s;
  for (const auto& h : hits) s += h.where + ": \"" + h.text + "\"\n";
  return s;
}

}  // namespace gk::testing
