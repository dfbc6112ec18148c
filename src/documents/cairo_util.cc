#include "documents/cairo_util.h"

#include <map>
#include <mutex>
#include <vector>

namespace gk::documents::internal {

bool FontInstalled(const char* family) {
  static std::mutex mu;
  static std::map<std::string, bool> known;
  std::lock_guard lock(mu);
  auto it = known.find(family);
  if (it != known.end()) return it->second;
  PangoFontFamily** families = nullptr;
  int n = 0;
  pango_font_map_list_families(pango_cairo_font_map_get_default(), &families, &n);
  bool found = false;
  for (int i = 0; i < n; ++i) found |= std::string(pango_font_family_get_name(families[i])) == family;
  g_free(families);
  known[family] = found;
  return found;
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void Justify(PangoLayoutLine* line, int extra, int max_gap) {
  std::vector<PangoGlyphInfo*> cluster_ends;  // the last glyph of each cluster
  for (GSList* r = line->runs; r != nullptr; r = r->next) {
    PangoGlyphString* glyphs = static_cast<PangoGlyphItem*>(r->data)->glyphs;
    for (int i = 0; i < glyphs->num_glyphs; ++i) {
      if (i + 1 == glyphs->num_glyphs || glyphs->glyphs[i + 1].attr.is_cluster_start) {
        cluster_ends.push_back(&glyphs->glyphs[i]);
      }
    }
  }
  // A space ending the line has no width (Pango zeroes it); stretch up to the
  // last visible character.
  while (!cluster_ends.empty() && cluster_ends.back()->geometry.width == 0) cluster_ends.pop_back();
  const long gaps = static_cast<long>(cluster_ends.size()) - 1;
  if (extra <= 0 || gaps <= 0 || extra > gaps * max_gap) return;
  for (long k = 0; k < gaps; ++k) {
    cluster_ends[k]->geometry.width += static_cast<int>(extra * (k + 1) / gaps - extra * k / gaps);
  }
}

}  // namespace gk::documents::internal
