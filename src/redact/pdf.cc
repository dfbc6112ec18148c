// PDF redaction with MuPDF (the only file of gk_redact that includes it, through
// extract/mupdf_session.h).
//
// Page by page: the structured text is searched for every withheld string,
// and the page's content is filtered (MuPDF's content filter, form XObjects
// included): a glyph is removed when a point inside it lies in a hit's quad
// (see KeepOrDropGlyph), the pixels of images under a hit are blanked, and
// black boxes are painted over the hits. The search is repeated on the
// result (at most kRounds times) so that nothing found is left. On a
// scanned page (one the extraction read by OCR) the same is done over the
// boxes where OCR read a withheld string. Then
// everything a reader does not see is dropped: annotations, form fields, the
// document information dictionary, XMP metadata, embedded and associated
// files, bookmarks, page-piece data. The file is written in full with
// garbage collection and de-duplication, unencrypted, so that no object of
// the original survives unless it is still referenced.
//
// As in extract/pdf.cc, every fz_try calls MuPDF only and assigns plain
// values; all MuPDF allocations count against Limits::max_pdf_memory_bytes.
#include <cstdlib>
#include <string>
#include <vector>

#include "extract/mupdf_session.h"
#include "redact/internal.h"

namespace gk::redact::internal {
namespace {

constexpr int kMaxQuads = 4096;  // per search
constexpr int kRounds = 3;

using Session = extract::MupdfSession;

struct Hits {
  std::vector<fz_quad> quads;
  int count = 0;  // occurrences
};

// The quads of `needle` on the page (at most kMaxQuads), or -1.
int SearchOne(Session& s, fz_stext_page* stext, const char* needle, int* marks, fz_quad* quads) {
  int n = -1;
  fz_var(n);
  fz_try(s.ctx) { n = fz_search_stext_page(s.ctx, stext, needle, marks, quads, kMaxQuads); }
  fz_catch(s.ctx) {
    s.Caught();
    n = -1;
  }
  return n;
}

// Searches the page for every withheld string; one Hits per string.
Status Search(Session& s, pdf_page* page, const std::vector<Withhold>& withhold, std::vector<Hits>* hits) {
  hits->assign(withhold.size(), Hits());
  std::vector<fz_quad> quads(kMaxQuads);
  std::vector<int> marks(kMaxQuads);
  fz_stext_page* stext = nullptr;
  fz_var(stext);
  fz_try(s.ctx) { stext = fz_new_stext_page_from_page(s.ctx, &page->super, nullptr); }
  fz_catch(s.ctx) { s.Caught(); }
  if (!stext) return s.Error("无法读取页面文字");
  for (size_t w = 0; w < withhold.size(); ++w) {
    int n = SearchOne(s, stext, withhold[w].text.c_str(), marks.data(), quads.data());
    if (n < 0) break;
    for (int i = 0; i < n; ++i) {
      (*hits)[w].quads.push_back(quads[i]);
      if (marks[i]) ++(*hits)[w].count;
    }
  }
  fz_drop_stext_page(s.ctx, stext);
  if (s.code != 0) return s.Error("无法搜索页面文字");
  return Status::Ok();
}

// What the content filter needs for one page: the hits' quads in page
// space (as found by the search) and the page's PDF-to-page transform.
struct PageMarks {
  std::vector<fz_quad> quads;
  fz_matrix page_ctm = fz_identity;  // PDF user space -> page space
};

// A glyph goes when a point inside it — 0.15 em along the baseline from
// its origin, 0.3 em above the baseline — lies inside a hit. MuPDF's own
// redaction (pdf_redact_page) removes every glyph whose bounding box touches
// a mark, and for embedded CJK fonts that box is the font's FontBBox: about
// four ems wide and three high, so it takes the glyphs on either side of a
// hit and glyphs of the lines above and below. A point test takes exactly
// the glyphs the search matched.
int KeepOrDropGlyph(fz_context*, void* opaque, int*, int, fz_matrix trm, fz_matrix ctm, fz_rect) {
  auto* marks = static_cast<PageMarks*>(opaque);
  fz_point p = fz_transform_point(fz_make_point(0.15f, 0.3f), fz_concat(fz_concat(trm, ctm), marks->page_ctm));
  for (const fz_quad& q : marks->quads) {
    if (fz_is_point_inside_quad(p, q)) return 1;
  }
  return 0;
}

// The pixels of an image (w × h) under a hit, or an empty rect.
fz_irect PixelsUnder(const fz_quad& hit, fz_matrix to_page, int w, int h) {
  fz_rect area = fz_transform_rect(fz_unit_rect, to_page);
  if (fz_is_empty_rect(fz_intersect_rect(fz_rect_from_quad(hit), area))) return fz_empty_irect;
  // Image space is the unit square with the first row at the top.
  fz_matrix to_pixels = fz_concat(fz_invert_matrix(to_page), fz_make_matrix(static_cast<float>(w), 0, 0,
                                                                          -static_cast<float>(h), 0,
                                                                          static_cast<float>(h)));
  fz_irect r = fz_round_rect(fz_transform_rect(fz_rect_from_quad(hit), to_pixels));
  return fz_intersect_irect(r, fz_make_irect(0, 0, w, h));
}

// Sets every colour component of the pixels in `r` to 0 (opaque).
void Blank(fz_pixmap* pixmap, fz_irect r) {
  const int n = pixmap->n, colors = n - pixmap->alpha;
  for (int y = r.y0; y < r.y1; ++y) {
    unsigned char* p = pixmap->samples + static_cast<ptrdiff_t>(y - pixmap->y) * pixmap->stride +
                       static_cast<ptrdiff_t>(r.x0 - pixmap->x) * n;
    for (int x = r.x0; x < r.x1; ++x, p += n) {
      for (int c = 0; c < colors; ++c) p[c] = 0;
      if (pixmap->alpha) p[colors] = 255;
    }
  }
}

// Images under a hit (a scanned page under its text layer) have the pixels
// under the hit blanked; an image no hit touches is kept as it is. Called
// from inside MuPDF, which may unwind through it: no C++ object with a
// destructor lives here.
fz_image* BlankImageUnderHits(fz_context* ctx, void* opaque, fz_matrix ctm, const char*, fz_image* image) {
  auto* marks = static_cast<PageMarks*>(opaque);
  fz_matrix to_page = fz_concat(ctm, marks->page_ctm);
  bool any = false;
  for (const fz_quad& q : marks->quads) any = any || !fz_is_empty_irect(PixelsUnder(q, to_page, image->w, image->h));
  if (!any) return fz_keep_image(ctx, image);
  fz_pixmap* pixmap = fz_get_pixmap_from_image(ctx, image, nullptr, nullptr, nullptr, nullptr);
  fz_image* out = nullptr;
  fz_var(out);
  fz_try(ctx) {
    for (const fz_quad& q : marks->quads) {
      fz_irect r = PixelsUnder(q, to_page, pixmap->w, pixmap->h);
      if (!fz_is_empty_irect(r)) Blank(pixmap, r);
    }
    out = fz_new_image_from_pixmap(ctx, pixmap, nullptr);
  }
  fz_always(ctx) { fz_drop_pixmap(ctx, pixmap); }
  fz_catch(ctx) { fz_rethrow(ctx); }
  return out;
}

// Black boxes over the hits, appended to the filtered page content (which
// ends in the page's own coordinate system).
void PaintBoxes(fz_context* ctx, fz_buffer* buffer, void* opaque) {
  auto* marks = static_cast<PageMarks*>(opaque);
  fz_matrix to_pdf = fz_invert_matrix(marks->page_ctm);
  fz_append_string(ctx, buffer, "\nq 0 g\n");
  for (const fz_quad& page_quad : marks->quads) {
    fz_quad q = fz_transform_quad(page_quad, to_pdf);
    fz_append_printf(ctx, buffer, "%g %g m %g %g l %g %g l %g %g l h f\n", q.ul.x, q.ul.y, q.ur.x, q.ur.y, q.lr.x,
                     q.lr.y, q.ll.x, q.ll.y);
  }
  fz_append_string(ctx, buffer, "Q\n");
}

// Removes the glyphs and image pixels under the hits and paints black boxes
// over them, by filtering the page's content (form XObjects included, each
// instance filtered on its own).
Status Apply(Session& s, pdf_page* page, const std::vector<Hits>& hits) {
  PageMarks marks;
  for (const Hits& h : hits) marks.quads.insert(marks.quads.end(), h.quads.begin(), h.quads.end());
  pdf_filter_options options{};
  options.opaque = &marks;
  options.text_filter = KeepOrDropGlyph;
  options.image_filter = BlankImageUnderHits;
  options.end_page = PaintBoxes;
  options.recurse = 1;
  options.instance_forms = 1;
  options.sanitize = 1;
  fz_try(s.ctx) {
    pdf_page_transform(s.ctx, page, nullptr, &marks.page_ctm);
    pdf_filter_page_contents(s.ctx, s.doc, page, &options);
  }
  fz_catch(s.ctx) { s.Caught(); }
  if (s.code != 0) return s.Error("无法对页面作删除处理");
  return Status::Ok();
}

// A scanned page: the pictures under what OCR read there (`scan`) are
// painted over like the hits of the text layer, and the glyphs of an
// invisible text layer there go too.
Status RedactScannedPage(Session& s, const extract::Scan& scan, Work& work) {
  std::vector<int> counts;
  const std::vector<ocr::Box> boxes = FindOnScan(scan.read, work.withhold(), &counts);
  if (boxes.empty()) return Status::Ok();
  const float to_page = 72.0f / static_cast<float>(scan.dpi);
  std::vector<Hits> hits(1);
  for (const ocr::Box& b : boxes) {
    hits[0].quads.push_back(fz_quad_from_rect(fz_make_rect(b.x0 * to_page, b.y0 * to_page, b.x1 * to_page,
                                                           b.y1 * to_page)));
  }
  const std::string& where = scan.where;
  pdf_page* page = nullptr;
  fz_var(page);
  fz_try(s.ctx) { page = pdf_load_page(s.ctx, s.doc, scan.page); }
  fz_catch(s.ctx) { s.Caught(); }
  if (!page) return s.Error(where + "无法读取");
  Status st = Apply(s, page, hits);
  fz_drop_page(s.ctx, &page->super);
  RETURN_IF_ERROR(st);
  for (size_t w = 0; w < counts.size(); ++w) {
    if (counts[w] > 0) work.Count(w, where, counts[w]);
  }
  return Status::Ok();
}

Status RedactPage(Session& s, int n, Work& work) {
  const std::string where = "第" + std::to_string(n + 1) + "页";
  for (int round = 0; round < kRounds; ++round) {
    pdf_page* page = nullptr;
    fz_var(page);
    fz_try(s.ctx) { page = pdf_load_page(s.ctx, s.doc, n); }
    fz_catch(s.ctx) { s.Caught(); }
    if (!page) return s.Error(where + "无法读取");
    std::vector<Hits> hits;
    Status st = Search(s, page, work.withhold(), &hits);
    bool any = false;
    for (const Hits& h : hits) any = any || !h.quads.empty();
    if (st.ok() && any) st = Apply(s, page, hits);
    fz_drop_page(s.ctx, &page->super);
    RETURN_IF_ERROR(st);
    if (!any) break;
    for (size_t w = 0; w < hits.size(); ++w) {
      if (hits[w].count > 0 && round == 0) work.Count(w, where, hits[w].count);
    }
  }
  return Status::Ok();
}

void NoteMetadata(Session& s, Work& work) {
  for (const extract::PdfInfoKey& k : extract::kPdfInfo) {
    if (!s.Metadata(k.key).empty()) work.Strip(std::string("文档属性：") + k.label);
  }
}

// Drops what a reader does not see, and notes it.
Status StripHidden(Session& s, int pages, Work& work) {
  NoteMetadata(s, work);
  int annots = 0, info = 0, xmp = 0, form = 0, files = 0, outlines = 0;
  fz_var(annots);
  fz_try(s.ctx) {
    pdf_obj* trailer = pdf_trailer(s.ctx, s.doc);
    pdf_obj* root = pdf_dict_get(s.ctx, trailer, PDF_NAME(Root));
    info = pdf_dict_get(s.ctx, trailer, PDF_NAME(Info)) != nullptr;
    pdf_dict_del(s.ctx, trailer, PDF_NAME(Info));
    xmp = pdf_dict_get(s.ctx, root, PDF_NAME(Metadata)) != nullptr;
    pdf_dict_del(s.ctx, root, PDF_NAME(Metadata));
    form = pdf_dict_get(s.ctx, root, PDF_NAME(AcroForm)) != nullptr;
    pdf_dict_del(s.ctx, root, PDF_NAME(AcroForm));
    outlines = pdf_dict_get(s.ctx, root, PDF_NAME(Outlines)) != nullptr;
    pdf_dict_del(s.ctx, root, PDF_NAME(Outlines));
    pdf_dict_del(s.ctx, root, PDF_NAME(PageMode));
    pdf_obj* names = pdf_dict_get(s.ctx, root, PDF_NAME(Names));
    files = pdf_dict_get(s.ctx, names, PDF_NAME(EmbeddedFiles)) != nullptr || pdf_dict_gets(s.ctx, root, "AF");
    if (pdf_is_dict(s.ctx, names)) pdf_dict_del(s.ctx, names, PDF_NAME(EmbeddedFiles));
    pdf_dict_dels(s.ctx, root, "AF");
    pdf_dict_dels(s.ctx, root, "PieceInfo");
    for (int i = 0; i < pages; ++i) {
      pdf_obj* page = pdf_lookup_page_obj(s.ctx, s.doc, i);
      annots += pdf_array_len(s.ctx, pdf_dict_get(s.ctx, page, PDF_NAME(Annots)));
      pdf_dict_del(s.ctx, page, PDF_NAME(Annots));
      pdf_dict_del(s.ctx, page, PDF_NAME(Metadata));
      pdf_dict_dels(s.ctx, page, "PieceInfo");
      pdf_dict_dels(s.ctx, page, "AF");
    }
  }
  fz_catch(s.ctx) { s.Caught(); }
  if (s.code != 0) return s.Error("无法清除隐藏内容");
  if (info) work.Strip("文档信息字典");
  if (xmp) work.Strip("XMP 元数据");
  if (annots > 0) work.Strip("注释（" + std::to_string(annots) + " 个）");
  if (form) work.Strip("表单域");
  if (files) work.Strip("嵌入文件");
  if (outlines) work.Strip("书签");
  return Status::Ok();
}

Result<std::string> Save(Session& s) {
  fz_buffer* buffer = nullptr;
  fz_output* out = nullptr;
  fz_var(buffer);
  fz_var(out);
  pdf_write_options options{};
  options.do_garbage = 3;  // collect, renumber, de-duplicate: no unreferenced object survives
  options.do_compress = 1;
  options.do_compress_images = 1;
  options.do_compress_fonts = 1;
  options.do_encrypt = PDF_ENCRYPT_NONE;
  std::string bytes;
  fz_try(s.ctx) {
    buffer = fz_new_buffer(s.ctx, 64 << 10);
    out = fz_new_output_with_buffer(s.ctx, buffer);
    pdf_write_document(s.ctx, s.doc, out, &options);
    fz_close_output(s.ctx, out);
  }
  fz_catch(s.ctx) { s.Caught(); }
  if (s.code == 0 && buffer) {
    unsigned char* data = nullptr;
    size_t n = fz_buffer_storage(s.ctx, buffer, &data);
    bytes.assign(reinterpret_cast<const char*>(data), n);
  }
  fz_drop_output(s.ctx, out);
  fz_drop_buffer(s.ctx, buffer);
  if (s.code != 0) {
    if (s.code == FZ_ERROR_MEMORY) return s.Error("");
    return Internal("写出 PDF 失败：" + s.message);
  }
  return bytes;
}

}  // namespace

Result<std::string> RedactPdf(std::string_view bytes, const extract::Limits& limits,
                              const std::vector<extract::Scan>& scans, Work& work) {
  Session s;
  RETURN_IF_ERROR(s.Open(bytes, limits.max_pdf_memory_bytes));
  const int pages = s.CountPages();
  if (pages < 0) return s.Error("无法读取页面");
  for (int i = 0; i < pages; ++i) RETURN_IF_ERROR(RedactPage(s, i, work));
  for (const extract::Scan& scan : scans) {
    if (scan.page < 0 || scan.page >= pages || scan.dpi <= 0) return Internal("扫描页的位置无效");
    RETURN_IF_ERROR(RedactScannedPage(s, scan, work));
  }
  RETURN_IF_ERROR(StripHidden(s, pages, work));
  return Save(s);
}

}  // namespace gk::redact::internal
