// Pictures of text as a scanner makes them, for the OCR tests and
// bench/ocr_bench: Chinese lines set by Pango at body-text size (14.4 pt) on an A4-wide page
// scanned at 300 dpi, optionally turned a little and speckled, as a PNG or
// as a PDF page that is only that picture.
#pragma once

#include <cairo.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ocr/ocr.h"

namespace gk::testing {

struct ScanLook {
  double rotate_degrees = 0;  // the sheet fed slightly askew
  double speckle = 0;         // the share of pixels turned black or white at random
  uint32_t seed = 1;
  bool stamp = false;         // a red official seal over the right end of the last lines, as on a notice
};

// The picture (RGB24; the caller destroys it) and, when `line_boxes` is
// given, where each line was set (before any rotation).
cairo_surface_t* ScanPicture(const std::vector<std::string>& lines, const ScanLook& look = {},
                             std::vector<ocr::Box>* line_boxes = nullptr);
// The picture as 8-bit grey pixels.
struct GreyPicture {
  int width = 0, height = 0;
  std::vector<unsigned char> pixels;
  ocr::Pixels View() const { return {pixels.data(), width, height, 1, width, 300}; }
};
GreyPicture ScanGrey(const std::vector<std::string>& lines, const ScanLook& look = {},
                     std::vector<ocr::Box>* line_boxes = nullptr);
std::string ScanPng(const std::vector<std::string>& lines, const ScanLook& look = {});
// The picture as a JPEG (quality 90, as a camera or scanner saves it).
std::string ScanJpeg(const std::vector<std::string>& lines, const ScanLook& look = {});
// A TIFF of several pictures, one per page, as a fax or a scanner's batch.
std::string ScanTiff(const std::vector<std::vector<std::string>>& pages, const ScanLook& look = {});
// A PDF page holding only the picture, sized as 300 dpi makes it.
std::string ScanPdf(const std::vector<std::string>& lines, const ScanLook& look = {});
// A "searchable PDF" as scanning software makes it: the picture with
// Tesseract's invisible text layer (render mode 3) laid over it. Empty
// when the OCR models are missing.
std::string ScanSearchablePdf(const std::vector<std::string>& lines, const ScanLook& look = {});

}  // namespace gk::testing
