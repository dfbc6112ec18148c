// Server-side HTML from mustache templates in files (templates/**.mustache),
// escaped by default, with every user-interface string taken from the message
// catalog data/i18n/zh-CN.toml (available to templates as {{t.key}}).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "base/status.h"
#include "web/view.h"

namespace gk::web {

class Renderer {
 public:
  // Loads and checks every template under root/templates and the catalog
  // root/data/i18n/zh-CN.toml. An unparsable template is an error naming the
  // file: start-up fails instead of a page breaking later.
  static Result<Renderer> Load(const std::string& root);

  // Renders templates/<name>.mustache with `view` (plus `t`). NotFound for an
  // unknown template. Thread-safe: the templates are parsed once by Load and
  // only read here.
  Result<std::string> Render(const std::string& name, const View& view) const;
  // Renders `name` and places it into templates/layout.mustache as {{{content}}}.
  Result<std::string> Page(const std::string& name, View view) const;

  // The catalog text for `key`, or the key itself if it is missing.
  std::string Text(const std::string& key) const;

 private:
  // The parsed templates and the catalog as template data (`t`), built once
  // by Load; opaque here so that page code never includes the engine.
  struct Parsed;
  std::shared_ptr<const Parsed> parsed_;
  std::map<std::string, std::string> messages_;
};

}  // namespace gk::web
