// PDF with MuPDF (through extract/mupdf_session.h): the text layer page by
// page, one segment per page ("第N页"); a scanned page — a picture over much
// of the page and next to no text layer — rendered and read by OCR
// ("第N页（扫描件识别）"); then, hidden, the annotations (comments, with
// their authors) and the document information (Author, Title, Subject,
// Keywords, Creator, Producer).
//
// MuPDF reports errors with setjmp/longjmp (fz_try/fz_catch). Every fz_try
// below calls MuPDF only and assigns plain pointers or numbers, so no C++
// object is ever jumped over; the C++ work happens outside the try blocks.
// Every allocation of MuPDF goes through a counting allocator, so one file
// cannot take more than Limits::max_pdf_memory_bytes.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "extract/internal.h"
#include "extract/mupdf_session.h"

namespace gk::extract::internal {
namespace {

using Session = MupdfSession;

void AppendUtf8(int c, std::string* out) {
  if (c <= 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// The characters of a text page, a line per line.
void AppendStext(const fz_stext_page* page, std::string* out) {
  for (const fz_stext_block* b = page->first_block; b; b = b->next) {
    if (b->type != FZ_STEXT_BLOCK_TEXT) continue;
    for (const fz_stext_line* l = b->u.t.first_line; l; l = l->next) {
      for (const fz_stext_char* c = l->first_char; c; c = c->next) AppendUtf8(c->c, out);
      out->push_back('\n');
    }
  }
}

struct Note {
  int page;  // 1-based
  std::string author, contents;
};

// What a page shows a reader: the share of its area pictures cover (at most
// 1) and how many characters of its text are drawn. Invisible text (render
// mode 3, the text layer OCR tools lay under a scan) is not drawn: a page
// of a "searchable PDF" is a scan whose text layer may say anything.
struct Look {
  double cover = 0;
  size_t drawn = 0;
};

// A page is a scan when pictures cover much of it and the text it draws
// says next to nothing (a page number, a stamp's caption).
constexpr double kScanCover = 0.3;
constexpr size_t kScanMaxText = 16;
bool IsScan(const Look& look) { return look.cover >= kScanCover && look.drawn < kScanMaxText; }

// The share of a page's area that pictures cover (at most 1), from its
// structured text (kept with FZ_STEXT_PRESERVE_IMAGES).
double PictureCover(const fz_stext_page* page) {
  const fz_rect bounds = page->mediabox;
  const double area = (bounds.x1 - bounds.x0) * (bounds.y1 - bounds.y0);
  if (area <= 0) return 0;
  double covered = 0;
  for (const fz_stext_block* b = page->first_block; b; b = b->next) {
    if (b->type != FZ_STEXT_BLOCK_IMAGE) continue;
    fz_rect r = fz_intersect_rect(b->bbox, bounds);
    if (!fz_is_empty_rect(r)) covered += (r.x1 - r.x0) * (r.y1 - r.y0);
  }
  return std::min(1.0, covered / area);
}

// A device that counts the characters drawn (MuPDF calls it for every text
// drawn; invisible text goes to ignore_text, which it leaves alone).
struct DrawnDevice {
  fz_device super;
  size_t drawn;
};

void CountDrawn(fz_device* dev, const fz_text* text) {
  auto* d = reinterpret_cast<DrawnDevice*>(dev);
  for (const fz_text_span* span = text->head; span; span = span->next) {
    for (int i = 0; i < span->len; ++i) d->drawn += span->items[i].ucs > ' ';
  }
}
void DrawnFillText(fz_context*, fz_device* dev, const fz_text* text, fz_matrix, fz_colorspace*, const float*, float,
                   fz_color_params) {
  CountDrawn(dev, text);
}
void DrawnStrokeText(fz_context*, fz_device* dev, const fz_text* text, const fz_stroke_state*, fz_matrix,
                     fz_colorspace*, const float*, float, fz_color_params) {
  CountDrawn(dev, text);
}
void DrawnClipText(fz_context*, fz_device* dev, const fz_text* text, fz_matrix, fz_rect) { CountDrawn(dev, text); }
void DrawnClipStrokeText(fz_context*, fz_device* dev, const fz_text* text, const fz_stroke_state*, fz_matrix,
                         fz_rect) {
  CountDrawn(dev, text);
}

// The characters page `page` draws: a second run of its content, so only
// for pages pictures cover enough to be scans.
size_t DrawnCharacters(MupdfSession& s, pdf_page* page) {
  DrawnDevice* dev = nullptr;
  fz_var(dev);
  fz_try(s.ctx) {
    dev = reinterpret_cast<DrawnDevice*>(fz_new_device_of_size(s.ctx, sizeof(DrawnDevice)));
    dev->super.fill_text = DrawnFillText;
    dev->super.stroke_text = DrawnStrokeText;
    dev->super.clip_text = DrawnClipText;
    dev->super.clip_stroke_text = DrawnClipStrokeText;
    fz_run_page(s.ctx, &page->super, &dev->super, fz_identity, nullptr);
    fz_close_device(s.ctx, &dev->super);
  }
  fz_catch(s.ctx) { s.Caught(); }
  const size_t drawn = dev ? dev->drawn : 0;
  fz_drop_device(s.ctx, &dev->super);
  return drawn;
}

// The text of page `n` (0-based) into `text`, its annotations into `notes`,
// what it shows a reader into `look`.
Status Page(Session& s, int n, std::string* text, std::vector<Note>* notes, Look* look) {
  pdf_page* page = nullptr;
  fz_stext_page* stext = nullptr;
  fz_var(page);
  fz_var(stext);
  fz_stext_options options{};
  options.flags = FZ_STEXT_PRESERVE_IMAGES;
  fz_try(s.ctx) {
    page = pdf_load_page(s.ctx, s.doc, n);
    stext = fz_new_stext_page_from_page(s.ctx, &page->super, &options);
    for (pdf_annot* a = pdf_first_annot(s.ctx, page); a; a = pdf_next_annot(s.ctx, a)) {
      const char* author = pdf_annot_author(s.ctx, a);
      const char* contents = pdf_annot_contents(s.ctx, a);
      notes->push_back(Note{n + 1, author ? author : "", contents ? contents : ""});
    }
  }
  fz_catch(s.ctx) {
    s.Caught();
  }
  if (stext) {
    AppendStext(stext, text);
    look->cover = PictureCover(stext);
  }
  if (page && s.code == 0 && look->cover >= kScanCover) look->drawn = DrawnCharacters(s, page);
  fz_drop_stext_page(s.ctx, stext);
  if (page) fz_drop_page(s.ctx, &page->super);
  if (s.code != 0) return s.Error("第" + std::to_string(n + 1) + "页无法读取");
  return Status::Ok();
}

// Page `n` (0-based) rendered in colour at `dpi` (OCR reads red seals away), read by OCR.
Result<ocr::Page> ReadScannedPage(Session& s, int n, int dpi, const ocr::Limits& limits) {
  pdf_page* page = nullptr;
  fz_pixmap* pixmap = nullptr;
  fz_var(page);
  fz_var(pixmap);
  const float scale = static_cast<float>(dpi) / 72.0f;
  double pixels = 0;
  fz_try(s.ctx) {
    page = pdf_load_page(s.ctx, s.doc, n);
    fz_rect bounds = fz_bound_page(s.ctx, &page->super);
    pixels = static_cast<double>(bounds.x1 - bounds.x0) * scale * (bounds.y1 - bounds.y0) * scale;
    if (pixels <= static_cast<double>(limits.max_pixels)) {
      pixmap = fz_new_pixmap_from_page(s.ctx, &page->super, fz_scale(scale, scale), fz_device_rgb(s.ctx), 0);
    }
  }
  fz_catch(s.ctx) {
    s.Caught();
  }
  Result<ocr::Page> read = TooLarge("第" + std::to_string(n + 1) + "页按 " + std::to_string(dpi) +
                                    " dpi 识别时像素过多，超过文字识别的限制，无法检查");
  if (pixmap) {
    ocr::Pixels p{fz_pixmap_samples(s.ctx, pixmap), fz_pixmap_width(s.ctx, pixmap), fz_pixmap_height(s.ctx, pixmap), 3,
                  static_cast<int>(fz_pixmap_stride(s.ctx, pixmap)), dpi};
    read = ocr::Read(p, limits);
    // Boxes in page space × dpi/72, wherever the page's origin is.
    const int dx = fz_pixmap_x(s.ctx, pixmap), dy = fz_pixmap_y(s.ctx, pixmap);
    if (read.ok() && (dx != 0 || dy != 0)) {
      for (ocr::Box& b : read->boxes) b = ocr::Box{b.x0 + dx, b.y0 + dy, b.x1 + dx, b.y1 + dy};
    }
  }
  fz_drop_pixmap(s.ctx, pixmap);
  if (page) fz_drop_page(s.ctx, &page->super);
  if (s.code != 0) return s.Error("第" + std::to_string(n + 1) + "页无法读取");
  return read;
}



}  // namespace

Result<std::string> RenderPdfPage(std::string_view bytes, int n, const std::vector<ocr::Box>& marks, int marks_dpi,
                                  int max_width, const Limits& limits) {
  Session s;
  RETURN_IF_ERROR(s.Open(bytes, limits.max_pdf_memory_bytes));
  const int pages = s.CountPages();
  if (pages < 0) return s.Error("无法读取页面");
  if (n < 0 || n >= pages || marks_dpi <= 0) return InvalidArgument("没有这一页");
  pdf_page* page = nullptr;
  fz_pixmap* pixmap = nullptr;
  fz_var(page);
  fz_var(pixmap);
  float scale = 1;
  fz_var(scale);
  fz_try(s.ctx) {
    page = pdf_load_page(s.ctx, s.doc, n);
    fz_rect bounds = fz_bound_page(s.ctx, &page->super);
    const float width = bounds.x1 - bounds.x0;
    scale = std::min(static_cast<float>(marks_dpi) / 72.0f, width > 0 ? static_cast<float>(max_width) / width : 1.0f);
    pixmap = fz_new_pixmap_from_page(s.ctx, &page->super, fz_scale(scale, scale), fz_device_rgb(s.ctx), 0);
  }
  fz_catch(s.ctx) { s.Caught(); }
  Result<std::string> png = Internal("页面无法显示");
  if (pixmap) {
    const float to_pixels = scale * 72.0f / static_cast<float>(marks_dpi);
    const int dx = fz_pixmap_x(s.ctx, pixmap), dy = fz_pixmap_y(s.ctx, pixmap);
    std::vector<ocr::Box> scaled;
    for (const ocr::Box& b : marks) {
      scaled.push_back({static_cast<int>(b.x0 * to_pixels) - dx, static_cast<int>(b.y0 * to_pixels) - dy,
                        static_cast<int>(b.x1 * to_pixels + 0.999f) - dx,
                        static_cast<int>(b.y1 * to_pixels + 0.999f) - dy});
    }
    ocr::Pixels p{fz_pixmap_samples(s.ctx, pixmap), fz_pixmap_width(s.ctx, pixmap), fz_pixmap_height(s.ctx, pixmap), 3,
                  static_cast<int>(fz_pixmap_stride(s.ctx, pixmap)), 72};
    png = ocr::MarkedPng(p, scaled);
  }
  fz_drop_pixmap(s.ctx, pixmap);
  if (page) fz_drop_page(s.ctx, &page->super);
  if (s.code != 0) return s.Error("第" + std::to_string(n + 1) + "页无法显示");
  return png;
}

Result<Extracted> ExtractPdf(std::string_view bytes, const Limits& limits) {
  // A truncated file still opens after MuPDF's repair, with pages missing;
  // a check must not pass on what it could not read.
  if (bytes.substr(bytes.size() > 2048 ? bytes.size() - 2048 : 0).find("%%EOF") == std::string_view::npos) {
    return InvalidArgument("文件损坏：PDF 文件不完整（缺少结尾标记 %%EOF）");
  }
  Session s;
  RETURN_IF_ERROR(s.Open(bytes, limits.max_pdf_memory_bytes));
  const int pages = s.CountPages();
  if (pages < 0) return s.Error("无法读取页面");
  Collector out(limits.max_text_bytes);
  std::vector<Note> notes;
  OcrBudget budget(limits);
  std::vector<Scan> scans;
  for (int i = 0; i < pages; ++i) {
    std::string text;
    Look look;
    RETURN_IF_ERROR(Page(s, i, &text, &notes, &look));
    out.Part(false, "第" + std::to_string(i + 1) + "页", text);
    if (IsScan(look)) {
      ASSIGN_OR_RETURN(ocr::Limits l, budget.Next());
      ASSIGN_OR_RETURN(ocr::Page scanned, ReadScannedPage(s, i, limits.ocr_dpi, l));
      std::string where = "第" + std::to_string(i + 1) + "页（扫描件识别）";
      out.Part(false, where, scanned.text);
      scans.push_back(Scan{std::move(where), "", i, limits.ocr_dpi, std::move(scanned)});
    }
    RETURN_IF_ERROR(out.status());
  }
  for (const Note& n : notes) {
    out.Part(true, "注释作者", n.author);
    out.Part(true, "注释（第" + std::to_string(n.page) + "页）", n.contents);
  }
  for (const PdfInfoKey& k : kPdfInfo) out.Part(true, std::string("文档属性：") + k.label, s.Metadata(k.key));
  ASSIGN_OR_RETURN(Extracted e, out.Finish("pdf"));
  e.scans = std::move(scans);
  return e;
}

}  // namespace gk::extract::internal
