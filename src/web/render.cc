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
//
// kainjow's set() and push_back() copy the whole value they are given, so
// a tree built with them is copied once per level; instead a placeholder is
// added and the converted value moved into it.
mstch::data ToData(const View& v);

void SetMoved(mstch::data& object, const std::string& key, mstch::data value) {
  object.set(key, mstch::data(false));
  const_cast<mstch::data&>(*object.get(key)) = std::move(value);  // the object is ours, not const
}

mstch::data ToData(const View& v) {
  if (v.is_string()) return v.str().empty() ? mstch::data(false) : mstch::data(v.str());
  if (v.is_bool()) return mstch::data(v.boolean());
  if (v.is_list()) {
    mstch::data l(mstch::data::type::list);
    // Reserved: growing would copy the elements (their move is not noexcept).
    auto& items = const_cast<mstch::basic_list<std::string>&>(l.list_value());
    items.reserve(v.list().size());
    for (const View& item : v.list()) {
      l.push_back(mstch::data(false));
      items.back() = ToData(item);
    }
    return l;
  }
  mstch::data o(mstch::data::type::object);
  for (const auto& [k, item] : v.map()) SetMoved(o, k, ToData(item));
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

// Collects the rendered text (the engine writes to any `stream << string`).
struct Sink {
  std::string out;
  Sink& operator<<(const std::string& s) {
    out.append(s);
    return *this;
  }
};

// A partial tag makes the engine parse, at render time, whatever string the
// data holds under that name and write its error into the shared template:
// no template may use one (none needs to).
bool HasPartialTag(const std::string& text) {
  for (size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + 2)) {
    size_t p = text.find_first_not_of(" \t", at + 2);
    if (p != std::string::npos && text[p] == '>') return true;
  }
  return false;
}

}  // namespace

// Each template is parsed once, at Load. kainjow's render() is not declared
// const, but with data that holds no lambdas (ToData makes none) and
// templates without partial tags (Load refuses them) it only reads the
// parsed tree: every per-render state (the line buffer, the context stack)
// lives in the context object of the call. So one parsed template serves
// concurrent requests without a lock.
struct Renderer::Parsed {
  std::map<std::string, mstch::mustache, std::less<>> templates;
  mstch::data t{mstch::data::type::object};  // {"t": the catalog}

  Result<std::string> Render(const std::string& name, const mstch::data& data) const {
    auto it = templates.find(name);
    if (it == templates.end()) return NotFound("no template named " + name);
    auto& tmpl = const_cast<mstch::mustache&>(it->second);  // read-only, see above
    // The page's data above the catalog: {{t.key}} finds the catalog unless
    // the page's data has a "t" of its own (no page has).
    mstch::context<std::string> ctx;
    ctx.push(&t);
    ctx.push(&data);
    Sink sink;
    sink.out.reserve(16 * 1024);
    tmpl.render(ctx, sink);
    if (!tmpl.error_message().empty()) return Internal("template " + name + ": " + tmpl.error_message());
    return std::move(sink.out);
  }
};

Result<Renderer> Renderer::Load(const std::string& root) {
  Renderer r;
  auto parsed = std::make_shared<Parsed>();
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
    if (HasPartialTag(text)) return InvalidArgument("template " + entry.path().string() + ": partials are not supported");
    std::string name = fs::relative(entry.path(), dir).replace_extension().generic_string();
    parsed->templates.emplace(std::move(name), std::move(tmpl));
  }
  fs::path catalog = fs::path(root) / "data" / "i18n" / "zh-CN.toml";
  ASSIGN_OR_RETURN(std::string text, ReadFile(catalog));
  try {
    Flatten(toml::parse(text, catalog.string()), "", &r.messages_);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(catalog.string() + ": line " + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
  View messages;
  for (const auto& [k, v] : r.messages_) messages[k] = v;
  SetMoved(parsed->t, "t", ToData(messages));
  r.parsed_ = std::move(parsed);
  return r;
}

Result<std::string> Renderer::Render(const std::string& name, const View& view) const {
  return parsed_->Render(name, ToData(view));
}

// The view is converted once for both the page and the layout.
Result<std::string> Renderer::Page(const std::string& name, View view) const {
  mstch::data data = ToData(view);
  ASSIGN_OR_RETURN(std::string content, parsed_->Render(name, data));
  SetMoved(data, "content", content.empty() ? mstch::data(false) : mstch::data(content));
  return parsed_->Render("layout", data);
}

std::string Renderer::Text(const std::string& key) const {
  auto it = messages_.find(key);
  return it == messages_.end() ? key : it->second;
}

}  // namespace gk::web
