#include "support/scanned_pages.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/renderer.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace gk::testing {
namespace {

// An A4 sheet's width at 300 dpi, its margin, and body text of 14.4 pt
// (60 px; official documents set theirs in 16 pt, GB/T 9704).
constexpr int kWidth = 2480, kLeft = 200, kTop = 150, kLineHeight = 120;

cairo_status_t Append(void* out, const unsigned char* data, unsigned int n) {
  static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), n);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

cairo_surface_t* ScanPicture(const std::vector<std::string>& lines, const ScanLook& look,
                             std::vector<ocr::Box>* line_boxes) {
  const int height = kTop * 2 + kLineHeight * static_cast<int>(lines.size()) + (look.stamp ? 200 : 0);
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
  PangoFontDescription* font = pango_font_description_from_string("Noto Sans CJK SC 60px");
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
  if (look.stamp && !lines.empty()) {
    // A seal of 4 cm across over the signature, its centre on the last
    // line: a ring, a star and the office's name, in red.
    const double r = 236, cx = kLeft + 250, cy = kTop + kLineHeight * (lines.size() - 0.5);
    cairo_set_source_rgb(cr, 0.85, 0.1, 0.1);
    cairo_set_line_width(cr, 12);
    cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
    cairo_stroke(cr);
    for (int k = 0; k < 10; ++k) {
      const double a = -M_PI / 2 + k * M_PI / 5, d = k % 2 ? 30 : 75;
      cairo_line_to(cr, cx + d * std::cos(a), cy + d * std::sin(a));
    }
    cairo_close_path(cr);
    cairo_fill(cr);
    PangoLayout* seal = pango_cairo_create_layout(cr);
    PangoFontDescription* seal_font = pango_font_description_from_string("Noto Sans CJK SC Bold 40px");
    pango_layout_set_font_description(seal, seal_font);
    pango_layout_set_text(seal, "静安寺街道办事处", -1);
    int w = 0, h = 0;
    pango_layout_get_pixel_size(seal, &w, &h);
    cairo_move_to(cr, cx - w / 2.0, cy + 90);
    pango_cairo_show_layout(cr, seal);
    pango_font_description_free(seal_font);
    g_object_unref(seal);
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

namespace {

// Leptonica's reading of a PNG, and its bytes written back.
PIX* PixOf(const std::string& png) {
  return pixReadMem(reinterpret_cast<const l_uint8*>(png.data()), png.size());
}
std::string Take(l_uint8* data, size_t size) {
  std::string out(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

}  // namespace

std::string ScanJpeg(const std::vector<std::string>& lines, const ScanLook& look) {
  PIX* pix = PixOf(ScanPng(lines, look));
  l_uint8* data = nullptr;
  size_t size = 0;
  pixWriteMemJpeg(&data, &size, pix, 90, 0);
  pixDestroy(&pix);
  return Take(data, size);
}

std::string ScanTiff(const std::vector<std::vector<std::string>>& pages, const ScanLook& look) {
  PIXA* pixa = pixaCreate(0);
  for (const auto& lines : pages) {
    PIX* pix = PixOf(ScanPng(lines, look));
    PIX* grey = pixConvertTo8(pix, 0);
    pixDestroy(&pix);
    pixSetResolution(grey, 300, 300);
    pixaAddPix(pixa, grey, L_INSERT);
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  pixaWriteMemMultipageTiff(&data, &size, pixa);
  pixaDestroy(&pixa);
  return Take(data, size);
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

std::string ScanSearchablePdf(const std::vector<std::string>& lines, const ScanLook& look) {
  char dir[] = "/tmp/gk_searchable_XXXXXX";
  if (!mkdtemp(dir)) return "";
  const std::string png = std::string(dir) + "/page.png", base = std::string(dir) + "/page";
  {
    // At the 300 dpi it was drawn for (a PNG from cairo says nothing, and
    // Tesseract would take it for 70).
    PIX* pix = PixOf(ScanPng(lines, look));
    pixSetResolution(pix, 300, 300);
    pixWritePng(png.c_str(), pix, 0);
    pixDestroy(&pix);
  }
  std::string pdf;
  tesseract::TessBaseAPI api;
  if (api.Init(nullptr, "chi_sim", tesseract::OEM_LSTM_ONLY) == 0) {
    api.SetVariable("debug_file", "/dev/null");
    tesseract::TessPDFRenderer renderer(base.c_str(), api.GetDatapath(), false);
    if (api.ProcessPages(png.c_str(), nullptr, 0, &renderer)) {
      std::ostringstream read;
      read << std::ifstream(base + ".pdf", std::ios::binary).rdbuf();
      pdf = read.str();
    }
  }
  std::remove(png.c_str());
  std::remove((base + ".pdf").c_str());
  rmdir(dir);
  return pdf;
}

}  // namespace gk::testing
