// Small RAII and unit helpers for Cairo and Pango shared by the PDF writers
// of gk_documents (letters and printed documents). Internal to gk_documents.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <memory>
#include <string>

#include "documents/geometry.h"

namespace gk::documents::internal {

inline constexpr char kSerifFamily[] = "Noto Serif CJK SC";  // 宋体/仿宋/小标宋 stand-in
inline constexpr char kSansFamily[] = "Noto Sans CJK SC";    // 黑体 stand-in

inline double Mm(double mm) { return mm * kPointsPerMm; }
inline int ToPango(double pt) { return static_cast<int>(std::floor(pt * PANGO_SCALE)); }
inline double FromPango(int units) { return static_cast<double>(units) / PANGO_SCALE; }

struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
struct CairoDestroy {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct FontDescriptionFree {
  void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};
struct AttrListUnref {
  void operator()(PangoAttrList* a) const { pango_attr_list_unref(a); }
};
using LayoutPtr = std::shared_ptr<PangoLayout>;

// True when fontconfig knows `family`. Checked once per family and process:
// fonts are installed with the package, not while we run.
bool FontInstalled(const char* family);

// A cairo_write_func_t appending to the std::string `closure`.
cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length);

// Widens a line by `extra` Pango units spread evenly over the gaps between
// its characters, as Chinese typesetting does. (Pango's own justification
// puts all of it into the spaces when a line has any, which tears a line of
// Chinese with one Latin word in it.) A line that would need more than
// `max_gap` between two characters, say one ended early by a long URL, is
// left ragged rather than spaced out.
void Justify(PangoLayoutLine* line, int extra, int max_gap);

}  // namespace gk::documents::internal
