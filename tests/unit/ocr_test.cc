// OCR of pictures the test draws itself: Chinese text set by Pango at the
// size of body text on a page scanned at 300 dpi, with the numbers the
// content check looks for.
#include "ocr/ocr.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>
#include <pango/pangocairo.h>

#include <string>
#include <vector>

#include "extract/extract.h"
#include "scan/scan.h"

namespace gk::ocr {
namespace {

// A white picture `width` pixels wide with `lines` drawn in black, 12 pt at
// 300 dpi (50 px), from (left, top); as 8-bit grey pixels.
struct Drawn {
  int width = 0, height = 0;
  std::vector<unsigned char> grey;
  std::vector<Box> line_boxes;  // where each line was drawn
};

// The picture itself (RGB24), with where each line went.
cairo_surface_t* Picture(const std::vector<std::string>& lines, std::vector<Box>* line_boxes, int width = 2000,
                         int left = 100, int top = 100) {
  const int line_height = 90;
  const int height = top * 2 + line_height * static_cast<int>(lines.size());
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
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
    if (line_boxes) line_boxes->push_back({left, y, left + w, y + h});
  }
  pango_font_description_free(font);
  g_object_unref(layout);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  return surface;
}

Drawn Draw(const std::vector<std::string>& lines) {
  Drawn d;
  cairo_surface_t* surface = Picture(lines, &d.line_boxes);
  d.width = cairo_image_surface_get_width(surface);
  d.height = cairo_image_surface_get_height(surface);
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

// ---- scans in files: what extraction makes of them -----------------------------

cairo_status_t Append(void* out, const unsigned char* data, unsigned int n) {
  static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), n);
  return CAIRO_STATUS_SUCCESS;
}

// A PDF page that is only a picture of the lines (a scan at 300 dpi), no
// text layer.
std::string ScanAsPdf(const std::vector<std::string>& lines) {
  cairo_surface_t* picture = Picture(lines, nullptr);
  const double w = cairo_image_surface_get_width(picture), h = cairo_image_surface_get_height(picture);
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &pdf, w * 72 / 300, h * 72 / 300);
  cairo_t* cr = cairo_create(surface);
  cairo_scale(cr, 72.0 / 300, 72.0 / 300);
  cairo_set_source_surface(cr, picture, 0, 0);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  cairo_surface_destroy(picture);
  return pdf;
}

std::string ScanAsPng(const std::vector<std::string>& lines) {
  cairo_surface_t* picture = Picture(lines, nullptr);
  std::string png;
  cairo_surface_write_to_png_stream(picture, Append, &png);
  cairo_surface_destroy(picture);
  return png;
}

std::vector<std::string> IdNumbers(const extract::Extracted& e) {
  scan::Settings settings;
  settings.today = *Date::Parse("2026-12-07");
  auto scanner = scan::Scanner::Build(settings);
  EXPECT_TRUE(scanner.ok());
  auto found = scanner->Scan(e.text);
  EXPECT_TRUE(found.ok());
  std::vector<std::string> out;
  for (const auto& f : *found) {
    if (f.kind == scan::Kind::kIdCard) out.push_back(f.text);
  }
  return out;
}

const std::vector<std::string> kNotice = {"关于发放补助的公示", "申请人：张三", "身份证号码：11010519491231002X"};

TEST(OcrExtractTest, AScannedPdfPageIsReadAndItsNumberFound) {
  if (!Available()) GTEST_SKIP() << "the OCR models are not installed";
  auto e = extract::Extract("notice.pdf", ScanAsPdf(kNotice));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(IdNumbers(*e), std::vector<std::string>{"11010519491231002X"}) << e->text;
  bool marked = false;
  for (const auto& seg : e->segments) marked |= seg.where == "第1页（扫描件识别）" && !seg.hidden;
  EXPECT_TRUE(marked) << "the OCR text is marked as such";
}

TEST(OcrExtractTest, APictureIsReadAndItsNumberFound) {
  if (!Available()) GTEST_SKIP() << "the OCR models are not installed";
  auto e = extract::Extract("notice.png", ScanAsPng(kNotice));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->format, "image");
  EXPECT_EQ(IdNumbers(*e), std::vector<std::string>{"11010519491231002X"}) << e->text;
  ASSERT_FALSE(e->segments.empty());
  EXPECT_EQ(e->segments[0].where, "图片（扫描件识别）");
}

TEST(OcrExtractTest, OverTheBudgetAScanCannotBeChecked) {
  extract::Limits none;
  none.ocr_max_pages = 0;
  auto pdf = extract::Extract("notice.pdf", ScanAsPdf(kNotice), none);
  EXPECT_EQ(pdf.status().code(), Code::kTooLarge) << "never passed unread";
  EXPECT_EQ(extract::Extract("notice.png", ScanAsPng(kNotice), none).status().code(), Code::kTooLarge);
  extract::Limits tiny;
  tiny.ocr_max_pixels = 10000;
  EXPECT_EQ(extract::Extract("notice.pdf", ScanAsPdf(kNotice), tiny).status().code(), Code::kTooLarge);
  EXPECT_EQ(extract::Extract("notice.png", ScanAsPng(kNotice), tiny).status().code(), Code::kTooLarge);
  // A picture named as something else, and something else named as a picture.
  EXPECT_EQ(extract::Extract("notice.pdf", ScanAsPng(kNotice)).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(extract::Extract("notice.png", ScanAsPdf(kNotice)).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(extract::Extract("notice.jpg", "not a picture at all").status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace gk::ocr
