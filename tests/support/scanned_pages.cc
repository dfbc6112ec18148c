#include "support/scanned_pages.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <random>

namespace gk::testing {
namespace {

constexpr int kWidth = 2000, kLeft = 100, kTop = 100, kLineHeight = 90;

cairo_status_t Append(void* out, const unsigned char* data, unsigned int n) {
  static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), n);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

cairo_surface_t* ScanPicture(const std::vector<std::string>& lines, const ScanLook& look,
                             std::vector<ocr::Box>* line_boxes) {
  const int height = kTop * 2 + kLineHeight * static_cast<int>(lines.size());
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, kWidth, height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  if (look.rotate_degrees != 0) {
    cairo_translate(cr, kWidth / 2.0, height / 2.0);
    cairo_rotate(cr, look.rotate_degrees * M_PI / 180);
    cairo_translate(cr, -kWidth / 2.0, -height / 2.0);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* font = pango_font_description_from_string("Noto Sans CJK SC 36px");
  pango_layout_set_font_description(layout, font);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int y = kTop + kLineHeight * static_cast<int>(i);
    cairo_move_to(cr, kLeft, y);
    pango_layout_set_text(layout, lines[i].c_str(), -1);
    pango_cairo_show_layout(cr, layout);
    int w = 0, h = 0;
    pango_layout_get_pixel_size(layout, &w, &h);
    if (line_boxes) line_boxes->push_back({kLeft, y, kLeft + w, y + h});
  }
  pango_font_description_free(font);
  g_object_unref(layout);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  if (look.speckle > 0) {
    std::mt19937 random(look.seed);
    std::uniform_real_distribution<double> chance(0, 1);
    unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < kWidth; ++x) {
        if (chance(random) >= look.speckle) continue;
        const unsigned char v = chance(random) < 0.5 ? 0 : 255;
        unsigned char* p = data + y * stride + x * 4;
        p[0] = p[1] = p[2] = v;
      }
    }
    cairo_surface_mark_dirty(surface);
  }
  return surface;
}

GreyPicture ScanGrey(const std::vector<std::string>& lines, const ScanLook& look, std::vector<ocr::Box>* line_boxes) {
  cairo_surface_t* surface = ScanPicture(lines, look, line_boxes);
  GreyPicture g;
  g.width = cairo_image_surface_get_width(surface);
  g.height = cairo_image_surface_get_height(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  g.pixels.resize(static_cast<size_t>(g.width) * g.height);
  for (int y = 0; y < g.height; ++y) {
    for (int x = 0; x < g.width; ++x) {
      const unsigned char* p = data + y * stride + x * 4;  // B G R x
      g.pixels[static_cast<size_t>(y) * g.width + x] = static_cast<unsigned char>((p[0] + p[1] * 2 + p[2]) / 4);
    }
  }
  cairo_surface_destroy(surface);
  return g;
}

std::string ScanPng(const std::vector<std::string>& lines, const ScanLook& look) {
  cairo_surface_t* picture = ScanPicture(lines, look);
  std::string png;
  cairo_surface_write_to_png_stream(picture, Append, &png);
  cairo_surface_destroy(picture);
  return png;
}

std::string ScanPdf(const std::vector<std::string>& lines, const ScanLook& look) {
  cairo_surface_t* picture = ScanPicture(lines, look);
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

}  // namespace gk::testing
