// PDF redaction with MuPDF (the only file of gk_redact that includes it).
//
// Page by page: the structured text is searched for every withheld string;
// each hit's quads become a Redact annotation, and pdf_redact_page applies
// them: the glyphs under them are deleted from the content stream, image
// pixels under them are blanked, and a black box is painted. The search is
// repeated on the result (at most kRounds times) so that nothing found is
// left. Then everything a reader does not see is dropped: annotations, form
// fields, the document information dictionary, XMP metadata, embedded and
// associated files, bookmarks, page-piece data. The file is written in full
// with garbage collection and de-duplication, unencrypted, so that no object
// of the original survives unless it is still referenced.
//
// Quads are narrowed before they become annotations (see Narrow) so that
// the glyphs next to a hit, on its line and on the lines above and below,
// are not taken with it.
//
// As in extract/pdf.cc, every fz_try calls MuPDF only and assigns plain
// values; all MuPDF allocations count against Limits::max_pdf_memory_bytes.
#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "extract/mupdf_context.h"
#include "redact/internal.h"

namespace gk::redact::internal {
namespace {

constexpr int kMaxQuads = 4096;  // per search
constexpr int kRounds = 3;

struct Session {
  extract::internal::MupdfBudget budget;
  fz_alloc_context alloc{};
  fz_context* ctx = nullptr;
  fz_stream* stream = nullptr;
  pdf_document* doc = nullptr;
  int code = 0;
  std::string message;

  ~Session() {
    if (doc) pdf_drop_document(ctx, doc);
    if (stream) fz_drop_stream(ctx, stream);
    if (ctx) fz_drop_context(ctx);
  }

  void Caught() {
    code = fz_caught(ctx);
    message = fz_caught_message(ctx);
  }

  Status Error(const std::string& what) const {
    if (code == FZ_ERROR_MEMORY) return TooLarge("PDF 文件过于复杂，处理所需内存超过上限");
    return InvalidArgument("文件损坏：" + what + (message.empty() ? "" : "（" + message + "）"));
  }
};

Status Open(std::string_view bytes, Session& s) {
  s.ctx = extract::internal::NewBudgetedContext(&s.budget, &s.alloc);
  if (!s.ctx) return TooLarge("PDF 处理所需内存超过上限");
  int locked = 0;
  fz_var(locked);
  fz_try(s.ctx) {
    s.stream = fz_open_memory(s.ctx, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    s.doc = pdf_open_document_with_stream(s.ctx, s.stream);
    locked = pdf_needs_password(s.ctx, s.doc);
  }
  fz_catch(s.ctx) { s.Caught(); }
  if (s.code != 0 || !s.doc) return s.Error("无法打开 PDF");
  if (locked) return FailedPrecondition("文件已加密，无法检查");
  return Status::Ok();
}

fz_point Add(fz_point p, fz_point d, float k) { return fz_point{p.x + d.x * k, p.y + d.y * k}; }

fz_point Unit(fz_point a, fz_point b, float* length) {
  float dx = b.x - a.x, dy = b.y - a.y;
  *length = std::sqrt(dx * dx + dy * dy);
  if (*length <= 0) return fz_point{0, 0};
  return fz_point{dx / *length, dy / *length};
}

// A search quad spans the line from the font's descender to its ascender,
// and from the first glyph's origin to the end of the last glyph's advance.
// MuPDF 1.21 removes every glyph whose box (the font's box, which reaches
// well above and below the ink) touches a redaction quad, so a full quad
// also takes glyphs of the lines above and below when lines are set close,
// and the glyph after the hit. The quad is therefore narrowed to a band from
// about the baseline (a fifth of the height above the bottom) to the middle
// of the line, and pulled in a little from both ends; it still crosses the
// box of every glyph of the hit.
fz_quad Narrow(fz_quad q) {
  float width = 0, height = 0;
  fz_point along = Unit(q.ul, q.ur, &width);
  fz_point down = Unit(q.ul, q.ll, &height);
  if (width <= 0 || height <= 0) return q;
  const float before = std::min(0.05f * height, 0.1f * width), after = std::min(0.1f * height, 0.3f * width);
  const float top = 0.5f * height, bottom = 0.2f * height;
  fz_quad r;
  r.ul = Add(Add(q.ul, along, before), down, top);
  r.ur = Add(Add(q.ur, along, -after), down, top);
  r.ll = Add(Add(q.ll, along, before), down, -bottom);
  r.lr = Add(Add(q.lr, along, -after), down, -bottom);
  return r;
}

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

// Marks the hits on the page and applies the marks.
Status Apply(Session& s, pdf_page* page, const std::vector<Hits>& hits) {
  std::vector<std::vector<fz_quad>> narrowed;
  for (const Hits& h : hits) {
    if (h.quads.empty()) continue;
    narrowed.emplace_back();
    for (const fz_quad& q : h.quads) narrowed.back().push_back(Narrow(q));
  }
  pdf_redact_options options{};
  options.black_boxes = 1;
  options.image_method = PDF_REDACT_IMAGE_PIXELS;
  fz_try(s.ctx) {
    for (const std::vector<fz_quad>& quads : narrowed) {
      pdf_annot* annot = pdf_create_annot(s.ctx, page, PDF_ANNOT_REDACT);
      pdf_set_annot_quad_points(s.ctx, annot, static_cast<int>(quads.size()), quads.data());
      pdf_drop_annot(s.ctx, annot);
    }
    pdf_redact_page(s.ctx, s.doc, page, &options);
  }
  fz_catch(s.ctx) { s.Caught(); }
  if (s.code != 0) return s.Error("无法对页面作删除处理");
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

struct InfoKey {
  const char* key;
  const char* label;
};
constexpr InfoKey kInfo[] = {
    {FZ_META_INFO_AUTHOR, "作者"},     {FZ_META_INFO_TITLE, "标题"},       {FZ_META_INFO_SUBJECT, "主题"},
    {FZ_META_INFO_KEYWORDS, "关键词"}, {FZ_META_INFO_CREATOR, "创建程序"}, {FZ_META_INFO_PRODUCER, "生成程序"},
};

void NoteMetadata(Session& s, Work& work) {
  std::vector<char> value(4096);
  for (const InfoKey& k : kInfo) {
    int got = -1;
    fz_var(got);
    fz_try(s.ctx) { got = fz_lookup_metadata(s.ctx, &s.doc->super, k.key, value.data(), static_cast<int>(value.size())); }
    fz_catch(s.ctx) { got = -1; }
    if (got > 1) work.Strip(std::string("文档属性：") + k.label);
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

Result<std::string> RedactPdf(std::string_view bytes, const extract::Limits& limits, Work& work) {
  Session s;
  s.budget.max = limits.max_pdf_memory_bytes;
  RETURN_IF_ERROR(Open(bytes, s));
  int pages = -1;
  fz_var(pages);
  fz_try(s.ctx) { pages = pdf_count_pages(s.ctx, s.doc); }
  fz_catch(s.ctx) { s.Caught(); }
  if (pages < 0) return s.Error("无法读取页面");
  for (int i = 0; i < pages; ++i) RETURN_IF_ERROR(RedactPage(s, i, work));
  RETURN_IF_ERROR(StripHidden(s, pages, work));
  return Save(s);
}

}  // namespace gk::redact::internal
