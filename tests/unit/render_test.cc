#include "web/render.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace gk::web {
namespace {

namespace fs = std::filesystem;

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("gk_render_" + std::to_string(::getpid()));
    fs::create_directories(root_ / "templates" / "portal");
    fs::create_directories(root_ / "data" / "i18n");
    Write("data/i18n/zh-CN.toml", "hello = \"你好\"\n[nav]\nhome = \"首页\"\n");
    Write("templates/layout.mustache", "<main>{{{content}}}</main><title>{{title}}</title>");
    Write("templates/portal/page.mustache",
          "{{t.hello}}/{{t.nav_home}}|{{#error}}E:{{error}}{{/error}}|{{name}}|{{#items}}[{{.}}]{{/items}}");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) { std::ofstream(root_ / rel) << text; }
  fs::path root_;
};

TEST_F(RenderTest, RendersWithCatalogEscapingAndLayout) {
  auto r = Renderer::Load(root_.string());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  View v;
  v["name"] = "<b>\"x\"&'y'</b>";
  v["error"] = "";
  v["items"].Push("a");
  v["items"].Push("b");
  v["title"] = "T";
  auto html = r->Page("portal/page", v);
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_EQ(*html, "<main>你好/首页||&lt;b&gt;&quot;x&quot;&amp;&apos;y&apos;&lt;/b&gt;|[a][b]</main><title>T</title>");
  v["error"] = "坏了";
  EXPECT_NE(r->Render("portal/page", v)->find("E:坏了"), std::string::npos);
  EXPECT_EQ(r->Render("missing", v).status().code(), Code::kNotFound);
  EXPECT_EQ(r->Text("hello"), "你好");
  EXPECT_EQ(r->Text("nope"), "nope");
}

TEST_F(RenderTest, BrokenTemplateFailsAtLoad) {
  Write("templates/broken.mustache", "{{#open}} never closed");
  auto r = Renderer::Load(root_.string());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("broken.mustache"), std::string::npos) << r.status().message();
}

TEST_F(RenderTest, PartialsAreRefusedAtLoad) {
  // A partial would make the engine parse data at render time and write into
  // the shared parsed template.
  Write("templates/partial.mustache", "before {{ > other}} after");
  auto r = Renderer::Load(root_.string());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("partial.mustache"), std::string::npos) << r.status().message();
}

TEST_F(RenderTest, TemplatesParsedOnceRenderConcurrently) {
  auto r = Renderer::Load(root_.string());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        View v;
        v["name"] = std::to_string(t) + ":" + std::to_string(i);
        v["items"].Push(std::to_string(i));
        v["title"] = "T";
        auto html = r->Page("portal/page", v);
        std::string want = "<main>你好/首页||" + std::to_string(t) + ":" + std::to_string(i) + "|[" +
                           std::to_string(i) + "]</main><title>T</title>";
        if (!html.ok() || *html != want) ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

TEST(ShippedTemplatesTest, AllLoad) {
  auto r = Renderer::Load(GK_SOURCE_DIR);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Text("nav_guide"), "公开指南");
}

}  // namespace
}  // namespace gk::web
