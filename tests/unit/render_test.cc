#include "web/render.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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

TEST(ShippedTemplatesTest, AllLoad) {
  auto r = Renderer::Load(GK_SOURCE_DIR);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Text("nav_guide"), "公开指南");
}

}  // namespace
}  // namespace gk::web
