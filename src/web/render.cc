#include "web/render.h"

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "web/template.h"

namespace gk::web {

namespace fs = std::filesystem;

namespace {

Result<std::string> ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return NotFound("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Flatten(const toml::table& t, const std::string& prefix, std::map<std::string, std::string>* out) {
  for (auto&& [k, v] : t) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "_" + std::string(k.str());
    if (const toml::table* sub = v.as_table()) {
      Flatten(*sub, key, out);
    } else if (auto s = v.value<std::string>()) {
      (*out)[key] = *s;
    }
  }
}

}  // namespace

// Each template is compiled once, at Load, and only read afterwards: one
// compiled template serves concurrent requests without a lock.
struct Renderer::Parsed {
  std::map<std::string, Template, std::less<>> templates;

  const Template* Find(const std::string& name) const {
    auto it = templates.find(name);
    return it == templates.end() ? nullptr : &it->second;
  }
};

Result<Renderer> Renderer::Load(const std::string& root) {
  Renderer r;
  auto parsed = std::make_shared<Parsed>();
  fs::path dir = fs::path(root) / "templates";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound("template folder " + dir.string() + " does not exist");
  // The catalog first: the templates' {{t.key}} are compiled into them.
  fs::path catalog = fs::path(root) / "data" / "i18n" / "zh-CN.toml";
  ASSIGN_OR_RETURN(std::string messages, ReadFile(catalog));
  try {
    Flatten(toml::parse(messages, catalog.string()), "", &r.messages_);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(catalog.string() + ": line " + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
    ASSIGN_OR_RETURN(std::string text, ReadFile(entry.path()));
    auto tmpl = Template::Compile(text, r.messages_);
    if (!tmpl.ok()) return InvalidArgument("template " + entry.path().string() + ": " + tmpl.status().message());
    std::string name = fs::relative(entry.path(), dir).replace_extension().generic_string();
    parsed->templates.emplace(std::move(name), std::move(*tmpl));
  }
  r.parsed_ = std::move(parsed);
  return r;
}

Result<std::string> Renderer::Render(const std::string& name, const View& view) const {
  const Template* tmpl = parsed_->Find(name);
  if (tmpl == nullptr) return NotFound("no template named " + name);
  std::string out;
  out.reserve(16 * 1024);
  tmpl->Render(view, out);
  return out;
}

// The layout sees the page's content as {{{content}}} above the view.
Result<std::string> Renderer::Page(const std::string& name, View view) const {
  const Template* layout = parsed_->Find("layout");
  if (layout == nullptr) return NotFound("no template named layout");
  ASSIGN_OR_RETURN(std::string content, Render(name, view));
  View outer;
  outer["content"] = std::move(content);
  std::string out;
  out.reserve(outer.Find("content")->str().size() + 16 * 1024);
  layout->Render(view, out, &outer);
  return out;
}

std::string Renderer::Text(const std::string& key) const {
  auto it = messages_.find(key);
  return it == messages_.end() ? key : it->second;
}

}  // namespace gk::web
