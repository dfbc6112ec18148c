// OCR of pictures the test draws itself: Chinese text set by Pango at the
// size of body text on a page scanned at 300 dpi, with the numbers the
// content check looks for.
#include "ocr/ocr.h"

#include <cairo.h>
#include <gtest/gtest.h>
#include <pango/pangocairo.h>

#include <string>
#include <vector>

namespace gk::ocr {
namespace {

// A white picture `width` pixels wide with `lines` drawn in black, 12 pt at
// 300 dpi (50 px), from (left, top); as 8-bit grey pixels.
struct Drawn {
  int width = 0, height = 0;
  std::vector<unsigned char> grey;
  std::vector<Box> line_boxes;  // where each line was drawn
};

Drawn Draw(const std::vector<std::string>& lines, int width = 2000, int left = 100, int top = 100) {
  const int line_height = 90;
  Drawn d;
  d.width = width;
  d.height = top * 2 + line_height * static_cast<int>(lines.size());
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, d.width, d.height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* font = pango_font_description_from_string("Noto Sans CJK SC 36px");
  pango_layout_set_font_description(layout, font);
  for (size_t i = 0; i < lines.size(); ++i) {
    int y = top + line_height * static_cast<int>(i);
    cairo_move_to(cr, left, y);
    pango_layout_set_text(layout, lines[i].c_str(), -1);
    pango_cairo_show_layout(cr, layout);
    int w = 0, h = 0;
    pango_layout_get_pixel_size(layout, &w, &h);
    d.line_boxes.push_back({left, y, left + w, y + h});
  }
  pango_font_description_free(font);
  g_object_unref(layout);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  int stride = cairo_image_surface_get_stride(surface);
  d.grey.resize(static_cast<size_t>(d.width) * d.height);
  for (int y = 0; y < d.height; ++y) {
    for (int x = 0; x < d.width; ++x) {
      const unsigned char* p = data + y * stride + x * 4;  // B G R x
      d.grey[static_cast<size_t>(y) * d.width + x] = static_cast<unsigned char>((p[0] + p[1] * 2 + p[2]) / 4);
    }
  }
  cairo_surface_destroy(surface);
  return d;
}

Pixels Of(const Drawn& d) { return {d.grey.data(), d.width, d.height, 1, d.width, 300}; }

std::string WithoutBlanks(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ') out += c;
  }
  return out;
}

TEST(OcrTest, ReadsChineseTextAndNumbersWithTheirBoxes) {
  if (!Available()) GTEST_SKIP() << "the OCR models are not installed";
  Drawn d = Draw({"申请人：张三", "身份证号码：11010519491231002X", "联系电话：13812345678"});
  auto page = Read(Of(d));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  const std::string text = WithoutBlanks(page->text);
  EXPECT_NE(text.find("11010519491231002X"), std::string::npos) << page->text;
  EXPECT_NE(text.find("13812345678"), std::string::npos) << page->text;
  EXPECT_NE(text.find("申请人"), std::string::npos) << page->text;
  EXPECT_NE(page->text.find("申请人"), std::string::npos) << "no blanks between Chinese characters: " << page->text;
  EXPECT_EQ(std::count(page->text.begin(), page->text.end(), '\n'), 2) << page->text;
  EXPECT_GT(page->confidence, 60);

  // Every code point has a box; the identity number's are on its line.
  size_t points = 0;
  for (unsigned char c : page->text) points += (c & 0xC0) != 0x80;
  ASSERT_EQ(page->boxes.size(), points);
  size_t at = page->text.find("110105");
  ASSERT_NE(at, std::string::npos);
  size_t cp = 0;
  for (size_t i = 0; i < at; ++i) cp += (static_cast<unsigned char>(page->text[i]) & 0xC0) != 0x80;
  const Box& one = page->boxes[cp];
  const Box& line = d.line_boxes[1];
  EXPECT_GE(one.y0, line.y0 - 10);
  EXPECT_LE(one.y1, line.y1 + 10);
  EXPECT_GT(one.x0, line.x0 + 100) << "after 身份证号码：";
  EXPECT_LT(one.x1 - one.x0, 40) << "one digit's box";
}

TEST(OcrTest, AnEmptyPictureHasNoText) {
  if (!Available()) GTEST_SKIP() << "the OCR models are not installed";
  Drawn d = Draw({});
  auto page = Read(Of(d));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(WithoutBlanks(page->text).empty()) << page->text;
}

TEST(OcrTest, BudgetsAndBadInput) {
  Drawn d = Draw({"申请人：张三"});
  Limits small;
  small.max_pixels = 1000;
  EXPECT_EQ(Read(Of(d), small).status().code(), Code::kTooLarge);
  EXPECT_EQ(ReadImageFile("not a picture").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ReadImageFile("").status().code(), Code::kInvalidArgument);
  Pixels bad = Of(d);
  bad.stride = 1;
  EXPECT_EQ(Read(bad).status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace gk::ocr
