#include "web/render.h"

#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <toml++/toml.h>

namespace gk::web {

namespace mstch = kainjow::mustache;
namespace fs = std::filesystem;

namespace {

// An empty string becomes false so that {{#error}}…{{/error}} hides when
// there is no error, as in most Mustache implementations (kainjow treats every
// string as true); a false variable renders as nothing.
mstch::data ToData(const View& v) {
  if (v.is_string()) return v.str().empty() ? mstch::data(false) : mstch::data(v.str());
  if (v.is_bool()) return mstch::data(v.boolean());
  if (v.is_list()) {
    mstch::data l(mstch::data::type::list);
    for (const View& item : v.list()) l.push_back(ToData(item));
    return l;
  }
  mstch::data o(mstch::data::type::object);
  for (const auto& [k, item] : v.map()) o.set(k, ToData(item));
  return o;
}

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

Result<Renderer> Renderer::Load(const std::string& root) {
  Renderer r;
  fs::path dir = fs::path(root) / "templates";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound("template folder " + dir.string() + " does not exist");
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
    ASSIGN_OR_RETURN(std::string text, ReadFile(entry.path()));
    mstch::mustache tmpl(text);
    if (!tmpl.is_valid()) {
      return InvalidArgument("template " + entry.path().string() + ": " + tmpl.error_message());
    }
    std::string name = fs::relative(entry.path(), dir).replace_extension().generic_string();
    r.templates_[name] = std::move(text);
  }
  fs::path catalog = fs::path(root) / "data" / "i18n" / "zh-CN.toml";
  ASSIGN_OR_RETURN(std::string text, ReadFile(catalog));
  try {
    Flatten(toml::parse(text, catalog.string()), "", &r.messages_);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(catalog.string() + ": line " + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
  for (const auto& [k, v] : r.messages_) r.messages_view_[k] = v;
  return r;
}

Result<std::string> Renderer::Render(const std::string& name, const View& view) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) return NotFound("no template named " + name);
  mstch::data data = ToData(view);
  data.set("t", ToData(messages_view_));
  mstch::mustache tmpl(it->second);
  std::string out = tmpl.render(data);
  if (!tmpl.error_message().empty()) return Internal("template " + name + ": " + tmpl.error_message());
  return out;
}

Result<std::string> Renderer::Page(const std::string& name, View view) const {
  ASSIGN_OR_RETURN(std::string content, Render(name, view));
  view["content"] = std::move(content);
  return Render("layout", view);
}

std::string Renderer::Text(const std::string& key) const {
  auto it = messages_.find(key);
  return it == messages_.end() ? key : it->second;
}

}  // namespace gk::web
