#include "web/template.h"

#include "base/strings.h"

namespace gk::web {

struct Template::Node {
  enum class Kind { kText, kNewline, kEscaped, kRaw, kSection, kInverted };
  Kind kind = Kind::kText;
  std::string text;               // kText, kNewline: the text; a section: its name
  std::vector<std::string> path;  // a variable's or section's name split at '.'; empty for {{.}}
  size_t end = 0;                 // a section: one past its last node
};

namespace {

using Node = Template::Node;
using Kind = Node::Kind;

// The templates escape as kainjow does.
void AppendEscaped(std::string& out, std::string_view s) { AppendEscapedHtml(out, s, "&apos;"); }

std::vector<std::string> SplitName(std::string_view name) {
  std::vector<std::string> parts;
  if (name == ".") return parts;
  size_t start = 0;
  for (;;) {
    size_t dot = name.find('.', start);
    parts.emplace_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

// Appends text that ends no line to `nodes`, merged with text before it
// unless a section tag lies between (`merge` false).
void AddRun(std::vector<Node>& nodes, std::string_view run, bool& merge) {
  if (merge && !nodes.empty() && nodes.back().kind == Kind::kText) {
    nodes.back().text.append(run);
  } else {
    nodes.push_back({Kind::kText, std::string(run), {}, 0});
  }
  merge = true;
}

// Text between tags: line breaks ("\r\n", "\n", "\r") are nodes of their
// own, the rest is merged.
void AddText(std::vector<Node>& nodes, std::string_view text, bool& merge) {
  while (!text.empty()) {
    size_t nl = text.find_first_of("\r\n");
    if (nl != 0) {
      AddRun(nodes, text.substr(0, nl), merge);
      if (nl == std::string_view::npos) return;
      text.remove_prefix(nl);
    }
    size_t len = text.size() >= 2 && text[0] == '\r' && text[1] == '\n' ? 2 : 1;
    nodes.push_back({Kind::kNewline, std::string(text.substr(0, len)), {}, 0});
    merge = false;
    text.remove_prefix(len);
  }
}

bool Falsy(const View& v) {
  if (v.is_bool()) return !v.boolean();
  if (v.is_string()) return v.str().empty();
  if (v.is_list()) return v.list().empty();
  return false;
}

struct RenderState {
  std::string& out;
  std::vector<const View*> stack;  // innermost last
  size_t line_start = 0;
  bool section_tag = false;  // the current line holds a rendered section tag
};

const View* Lookup(const RenderState& st, const std::vector<std::string>& path) {
  if (path.empty()) return st.stack.back();
  for (auto frame = st.stack.rbegin(); frame != st.stack.rend(); ++frame) {
    const View* v = *frame;
    for (const std::string& name : path) {
      v = v->Find(name);
      if (v == nullptr) break;
    }
    if (v != nullptr) return v;
  }
  return nullptr;
}

// The end of a line: false if it held a rendered section tag and nothing
// but spaces and tabs, and was taken out.
bool EndLine(RenderState& st) {
  bool drop = st.section_tag;
  for (size_t i = st.line_start; i < st.out.size() && drop; ++i) drop = st.out[i] == ' ' || st.out[i] == '\t';
  if (drop) st.out.resize(st.line_start);
  st.section_tag = false;
  return !drop;
}

void RenderNodes(const std::vector<Node>& nodes, size_t from, size_t to, RenderState& st) {
  for (size_t i = from; i < to; ++i) {
    const Node& n = nodes[i];
    switch (n.kind) {
      case Kind::kText:
        st.out.append(n.text);
        break;
      case Kind::kNewline:
        // A line left out takes its line break with it.
        if (EndLine(st)) st.out.append(n.text);
        st.line_start = st.out.size();
        break;
      case Kind::kEscaped:
      case Kind::kRaw: {
        const View* v = Lookup(st, n.path);
        if (v != nullptr && v->is_string()) {
          if (n.kind == Kind::kEscaped) {
            AppendEscaped(st.out, v->str());
          } else {
            st.out.append(v->str());
          }
        }
        break;
      }
      case Kind::kSection: {
        const View* v = Lookup(st, n.path);
        if (v != nullptr && !Falsy(*v)) {
          if (v->is_list()) {
            for (const View& item : v->list()) {
              st.section_tag = true;
              st.stack.push_back(&item);
              RenderNodes(nodes, i + 1, n.end, st);
              st.stack.pop_back();
              st.section_tag = true;
            }
          } else {
            st.section_tag = true;
            st.stack.push_back(v);
            RenderNodes(nodes, i + 1, n.end, st);
            st.stack.pop_back();
            st.section_tag = true;
          }
        }
        i = n.end - 1;
        break;
      }
      case Kind::kInverted: {
        const View* v = Lookup(st, n.path);
        if (v == nullptr || Falsy(*v)) {
          st.section_tag = true;
          if (v != nullptr) st.stack.push_back(v);
          RenderNodes(nodes, i + 1, n.end, st);
          if (v != nullptr) st.stack.pop_back();
          st.section_tag = true;
        }
        i = n.end - 1;
        break;
      }
    }
  }
}

}  // namespace

Result<Template> Template::Compile(std::string_view text, const std::map<std::string, std::string>& messages) {
  auto nodes = std::make_shared<std::vector<Node>>();
  std::vector<size_t> open;  // indices of the open sections
  auto at = [&](size_t pos) { return " at byte " + std::to_string(pos); };
  size_t pos = 0;
  bool merge = false;
  while (pos < text.size()) {
    size_t tag = text.find("{{", pos);
    AddText(*nodes, text.substr(pos, tag == std::string_view::npos ? std::string_view::npos : tag - pos), merge);
    if (tag == std::string_view::npos) break;
    size_t contents = tag + 2;
    const bool triple = tag != text.size() - 2 && text[contents] == '{';
    if (triple) ++contents;
    const std::string_view close = triple ? "}}}" : "}}";
    size_t tag_end = text.find(close, contents);
    if (tag_end == std::string_view::npos) return InvalidArgument("unclosed tag" + at(tag));
    std::string_view body = Trim(text.substr(contents, tag_end - contents));
    pos = tag_end + close.size();
    Kind kind = triple ? Kind::kRaw : Kind::kEscaped;
    char sigil = triple || body.empty() ? '\0' : body.front();
    switch (sigil) {
      case '#': kind = Kind::kSection; break;
      case '^': kind = Kind::kInverted; break;
      case '&': kind = Kind::kRaw; break;
      case '/':
      case '!': break;
      case '>': return InvalidArgument("partials are not supported" + at(tag));
      case '=': return InvalidArgument("set-delimiter tags are not supported" + at(tag));
      default: sigil = '\0';
    }
    if (sigil == '!') continue;
    std::string_view name = sigil ? Trim(body.substr(1)) : body;
    if (name.empty()) return InvalidArgument("a tag without a name" + at(tag));
    if (sigil == '/') {
      if (open.empty()) return InvalidArgument("unopened section \"" + std::string(name) + "\"" + at(tag));
      Node& section = (*nodes)[open.back()];
      if (section.text != name) return InvalidArgument("unclosed section \"" + section.text + "\"" + at(tag));
      section.end = nodes->size();
      open.pop_back();
      merge = false;
      continue;
    }
    std::vector<std::string> path = SplitName(name);
    if (!path.empty() && path.front() == "t") {
      // The message catalog: its text is part of the template.
      if (path.size() != 2 || kind == Kind::kSection || kind == Kind::kInverted) {
        return InvalidArgument("\"t\" is the message catalog: only {{t.key}} may use it" + at(tag));
      }
      auto message = messages.find(path[1]);
      if (message == messages.end() || message->second.empty()) continue;
      std::string out;
      if (kind == Kind::kEscaped) {
        AppendEscaped(out, message->second);
      } else {
        out = message->second;
      }
      // Not split at line breaks: a variable's line breaks do not end the line.
      AddRun(*nodes, out, merge);
      continue;
    }
    if (kind == Kind::kSection || kind == Kind::kInverted) open.push_back(nodes->size());
    nodes->push_back({kind, std::string(name), std::move(path), 0});
    merge = false;
  }
  if (!open.empty()) return InvalidArgument("unclosed section \"" + (*nodes)[open.back()].text + "\"");
  Template t;
  t.nodes_ = std::move(nodes);
  return t;
}

void Template::Render(const View& view, std::string& out, const View* outer) const {
  RenderState st{out, {}, out.size(), false};
  st.stack.reserve(8);
  st.stack.push_back(&view);
  if (outer != nullptr) st.stack.push_back(outer);
  RenderNodes(*nodes_, 0, nodes_->size(), st);
  EndLine(st);
}

}  // namespace gk::web
