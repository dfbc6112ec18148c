// Reading HTML (gumbo trees) where the extractor and the redactor must
// agree: which elements a reader does not see, and the walk over the tree.
// gk_extract reports what HiddenElement names; gk_redact cuts exactly that
// out. Include only where gumbo is linked (gk_extract, gk_redact).
#pragma once

#include <gumbo.h>

#include <vector>

namespace gk::extract {

// The value of attribute `name`, or nullptr.
const char* HtmlAttr(const GumboElement& el, const char* name);

// Why the element is hidden by its `hidden` attribute or its inline style
// (display:none, visibility:hidden), for people, or nullptr.
const char* HiddenByAttributes(const GumboElement& el);

// Why a reader does not see the element or what it holds, for people, or
// nullptr: a hidden form field ("隐藏表单字段"), a <meta> author, description
// or keywords ("文档属性：作者" …), else HiddenByAttributes. An <input> or
// <meta> is judged by its type or name only.
const char* HiddenElement(const GumboElement& el);

// The children of a document, element or template node; nullptr for others.
const GumboVector* GumboChildren(const GumboNode* n);

// Visits the tree under `root` in document order without recursion (gumbo
// trees can be deep). enter(child) returns whether to visit its children;
// leave(node) follows for `root` and every entered node, after its children.
template <typename Enter, typename Leave>
void WalkGumbo(const GumboNode* root, Enter&& enter, Leave&& leave) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  std::vector<Frame> stack{{root, 0}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboVector* kids = GumboChildren(f.node);
    if (!kids || f.next >= kids->length) {
      leave(f.node);
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(kids->data[f.next++]);
    if (enter(child)) stack.push_back({child, 0});
  }
}

}  // namespace gk::extract
