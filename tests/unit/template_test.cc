// The compiled templates (web/template.h) against kainjow::mustache, the
// reference they replace: every template of the project rendered with
// random data by both must give the same bytes; then the rules one by one.
#include "web/template.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <random>
#include <sstream>

namespace gk::web {
namespace {

namespace fs = std::filesystem;
namespace mstch = kainjow::mustache;

// The View as the renderer once gave it to kainjow: an empty string is false.
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

struct Sink {
  std::string out;
  Sink& operator<<(const std::string& s) {
    out.append(s);
    return *this;
  }
};

// kainjow's rendering of `text` with `view` above the catalog `messages`
// (as {{t.key}}) and, above the view, `outer`.
std::string Reference(const std::string& text, const View& view, const std::map<std::string, std::string>& messages,
                      const View* outer = nullptr) {
  mstch::mustache tmpl(text);
  EXPECT_TRUE(tmpl.is_valid()) << tmpl.error_message();
  mstch::data t(mstch::data::type::object);
  mstch::data catalog(mstch::data::type::object);
  for (const auto& [k, v] : messages) catalog.set(k, v.empty() ? mstch::data(false) : mstch::data(v));
  t.set("t", catalog);
  mstch::data data = ToData(view);
  if (outer != nullptr) {
    for (const auto& [k, v] : outer->map()) data.set(k, ToData(v));
  }
  mstch::context<std::string> ctx;
  ctx.push(&t);
  ctx.push(&data);
  Sink sink;
  tmpl.render(ctx, sink);
  return sink.out;
}

std::string Compiled(const std::string& text, const View& view, const std::map<std::string, std::string>& messages,
                     const View* outer = nullptr) {
  auto tmpl = Template::Compile(text, messages);
  EXPECT_TRUE(tmpl.ok()) << tmpl.status().ToString();
  if (!tmpl.ok()) return "";
  std::string out;
  tmpl->Render(view, out, outer);
  return out;
}

// A template's tags as a tree of sections, to make data for it.
struct Tag {
  char kind;  // 'v' variable, '#' section, '^' inverted
  std::string name;
  std::vector<Tag> children;
};

std::vector<Tag> TagTree(const std::string& text) {
  std::vector<Tag> root;
  std::vector<std::vector<Tag>*> open = {&root};
  for (size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + 2)) {
    bool triple = at + 2 < text.size() && text[at + 2] == '{';
    size_t start = at + (triple ? 3 : 2);
    size_t end = text.find(triple ? "}}}" : "}}", start);
    std::string body = text.substr(start, end - start);
    while (!body.empty() && body.front() == ' ') body.erase(0, 1);
    while (!body.empty() && body.back() == ' ') body.pop_back();
    char kind = triple || body.empty() ? 'v' : body.front();
    if (kind == '!') continue;
    if (kind == '/') {
      open.pop_back();
      continue;
    }
    if (kind == '&') kind = 'v';
    std::string name = kind == '#' || kind == '^' ? body.substr(1) : body;
    if (kind != '#' && kind != '^') kind = 'v';
    open.back()->push_back({kind, name, {}});
    if (kind != 'v') open.push_back(&open.back()->back().children);
  }
  return root;
}

class DataMaker {
 public:
  explicit DataMaker(uint32_t seed) : rng_(seed) {}

  // Random values for the names `tags` use, nested as their sections are.
  View MapFor(const std::vector<Tag>& tags, int depth = 0) {
    View m;
    for (const Tag& tag : tags) {
      if (tag.name == "." || tag.name.rfind("t.", 0) == 0 || Pick(5) == 0) continue;
      View& slot = Slot(m, tag.name);
      slot = tag.kind == 'v' ? View(String()) : SectionValue(tag, depth);
    }
    return m;
  }

  std::map<std::string, std::string> Messages(const std::vector<Tag>& tags) {
    std::map<std::string, std::string> out;
    Collect(tags, out);
    return out;
  }

 private:
  void Collect(const std::vector<Tag>& tags, std::map<std::string, std::string>& out) {
    for (const Tag& tag : tags) {
      if (tag.name.rfind("t.", 0) == 0 && Pick(6) != 0) out[tag.name.substr(2)] = String();
      Collect(tag.children, out);
    }
  }

  View& Slot(View& m, const std::string& dotted) {
    View* v = &m;
    size_t start = 0;
    for (;;) {
      size_t dot = dotted.find('.', start);
      v = &(*v)[dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start)];
      if (dot == std::string::npos) return *v;
      start = dot + 1;
    }
  }

  View SectionValue(const Tag& tag, int depth) {
    switch (Pick(depth > 3 ? 5 : 8)) {
      case 0: return View(false);
      case 1: return View(true);
      case 2: return View(std::string());
      case 3: return View(String());
      case 4: return View::MakeList();
      case 5: return MapFor(tag.children, depth + 1);
      default: {
        View l = View::MakeList();
        int n = 1 + Pick(3);
        for (int i = 0; i < n; ++i) {
          // Lists of strings too, for {{.}}.
          l.Push(Pick(4) == 0 ? View(String()) : MapFor(tag.children, depth + 1));
        }
        return l;
      }
    }
  }

  std::string String() {
    static const char* const kPieces[] = {"", " ", "  ", "\t", "公开", "a&b", "<i>", "\"q\"", "'s'", "x", "\n", "42"};
    std::string s;
    int n = Pick(4);
    for (int i = 0; i < n; ++i) s += kPieces[Pick(std::size(kPieces))];
    return s;
  }

  int Pick(size_t n) { return static_cast<int>(std::uniform_int_distribution<size_t>(0, n - 1)(rng_)); }

  std::mt19937 rng_;
};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(TemplateTest, EveryTemplateRendersAsKainjowDoes) {
  fs::path dir = fs::path(GK_SOURCE_DIR) / "templates";
  int templates = 0, renders = 0, nonempty = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".mustache") continue;
    ++templates;
    const std::string text = ReadFile(entry.path());
    const std::vector<Tag> tags = TagTree(text);
    for (uint32_t seed = 0; seed < 40; ++seed) {
      DataMaker maker(seed * 7919 + static_cast<uint32_t>(templates));
      View view = maker.MapFor(tags);
      auto messages = maker.Messages(tags);
      View outer;
      outer["content"] = seed % 2 ? std::string("<p>内容</p>\n") : std::string();
      std::string want = Reference(text, view, messages, &outer);
      ASSERT_EQ(Compiled(text, view, messages, &outer), want) << entry.path() << " seed " << seed;
      ++renders;
      nonempty += !want.empty();
    }
  }
  EXPECT_GT(templates, 30);
  EXPECT_GT(nonempty, renders / 2);
}

struct Case {
  std::string text;
  std::string want;
};

View Sample() {
  View v;
  v["name"] = "<a&b>";
  v["empty"] = "";
  v["yes"] = true;
  v["no"] = false;
  v["items"].Push("一");
  v["items"].Push("二");
  View row;
  row["name"] = "行";
  v["rows"].Push(row);
  v["rows"].Push(View());
  v["alerts"]["show"] = true;
  v["alerts"]["n"] = "3";
  v["none"] = View::MakeList();
  return v;
}

TEST(TemplateTest, Rules) {
  const std::map<std::string, std::string> messages = {{"hello", "你好<>"}, {"blank", ""}};
  const Case cases[] = {
      {"{{name}}|{{{name}}}|{{& name }}", "&lt;a&amp;b&gt;|<a&b>|<a&b>"},
      {"{{t.hello}}{{{t.hello}}}[{{t.blank}}{{t.missing}}]", "你好&lt;&gt;你好<>[]"},
      {"{{#items}}[{{.}}]{{/items}}", "[一][二]"},
      {"{{#rows}}({{name}}){{/rows}}", "(行)(&lt;a&amp;b&gt;)"},  // the outer name shows through
      {"{{#empty}}x{{/empty}}{{^empty}}E{{/empty}}{{^none}}N{{/none}}{{#no}}x{{/no}}{{^no}}F{{/no}}", "ENF"},
      {"{{#alerts.show}}{{alerts.n}}{{/alerts.show}}{{#alerts}}{{n}}{{/alerts}}", "33"},
      {"{{#yes}}{{name}}{{/yes}}", "&lt;a&amp;b&gt;"},
      {"a\n  {{#yes}}\nb\n  {{/yes}}\nc\n", "a\nb\nc\n"},              // standalone section lines go
      {"a\n  {{#no}}\nb\n  {{/no}}\nc\n", "a\n  \nc\n"},                // an unrendered section's line stays
      {"a\n  {{! note }}\nb", "a\n  \nb"},                              // a comment line stays
      {"x\r\n{{#yes}}\r\ny{{/yes}}", "x\r\ny"},
      {"{{missing}}{{missing.deeper}}{{#missing}}x{{/missing}}", ""},
  };
  View v = Sample();
  for (const Case& c : cases) {
    EXPECT_EQ(Compiled(c.text, v, messages), c.want) << c.text;
    EXPECT_EQ(Reference(c.text, v, messages), c.want) << c.text << " (kainjow)";
  }
}

TEST(TemplateTest, RefusesWhatItDoesNotSupport) {
  const std::map<std::string, std::string> messages;
  for (const char* bad : {"{{#a}}x", "x{{/a}}", "{{#a}}{{/b}}", "{{name", "{{{name}}", "{{> part}}", "{{=<% %>=}}",
                          "{{#t.x}}y{{/t.x}}", "{{t}}", "{{}}"}) {
    auto t = Template::Compile(bad, messages);
    EXPECT_FALSE(t.ok()) << bad;
  }
}

}  // namespace
}  // namespace gk::web
