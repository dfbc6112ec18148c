// A mustache template compiled once and rendered straight from a View.
//
// The subset the templates use: {{name}} (escaped), {{{name}}} and
// {{&name}} (raw), {{#name}}…{{/name}}, {{^name}}…{{/name}}, {{.}}, dotted
// names and {{! comments }}. Partials and set-delimiter tags are refused
// when the template is compiled.
//
// The output is that of kainjow::mustache given the same data (View strings
// that are empty count as false): names are looked up from the innermost
// section outwards, a dotted name is followed within each level in turn; a
// list renders its section once per element; a line that holds a rendered
// section tag and renders to nothing but spaces and tabs is left out with
// its line break. tests/unit/template_test.cc holds the two to that.
//
// `{{t.key}}` is the message catalog's text for the key (data/i18n): the
// name `t` is reserved for it, and the text is placed into the compiled
// template, not looked up per render.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "web/view.h"

namespace gk::web {

class Template {
 public:
  // Compiles `text`; InvalidArgument naming the position of an unclosed or
  // unopened section, an unclosed tag, a partial or a set-delimiter tag.
  static Result<Template> Compile(std::string_view text, const std::map<std::string, std::string>& messages);

  // Appends the rendering of `view` to `out`. `outer`, when given, is looked
  // up after the view's own sections and before the view (Renderer::Page puts
  // the page's content there for the layout).
  void Render(const View& view, std::string& out, const View* outer = nullptr) const;

  struct Node;

 private:
  std::shared_ptr<const std::vector<Node>> nodes_;
};

}  // namespace gk::web
