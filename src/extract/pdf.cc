// PDF with MuPDF (through extract/mupdf_session.h): the text layer page by
// page, one segment per page ("第N页"); then, hidden, the annotations
// (comments, with their authors) and the document information (Author,
// Title, Subject, Keywords, Creator, Producer).
//
// MuPDF reports errors with setjmp/longjmp (fz_try/fz_catch). Every fz_try
// below calls MuPDF only and assigns plain pointers or numbers, so no C++
// object is ever jumped over; the C++ work happens outside the try blocks.
// Every allocation of MuPDF goes through a counting allocator, so one file
// cannot take more than Limits::max_pdf_memory_bytes.
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

// The text of page `n` (0-based) into `text`, its annotations into `notes`.
Status Page(Session& s, int n, std::string* text, std::vector<Note>* notes) {
  pdf_page* page = nullptr;
  fz_stext_page* stext = nullptr;
  fz_var(page);
  fz_var(stext);
  fz_try(s.ctx) {
    page = pdf_load_page(s.ctx, s.doc, n);
    stext = fz_new_stext_page_from_page(s.ctx, &page->super, nullptr);
    for (pdf_annot* a = pdf_first_annot(s.ctx, page); a; a = pdf_next_annot(s.ctx, a)) {
      const char* author = pdf_annot_author(s.ctx, a);
      const char* contents = pdf_annot_contents(s.ctx, a);
      notes->push_back(Note{n + 1, author ? author : "", contents ? contents : ""});
    }
  }
  fz_catch(s.ctx) {
    s.Caught();
  }
  if (stext) AppendStext(stext, text);
  fz_drop_stext_page(s.ctx, stext);
  if (page) fz_drop_page(s.ctx, &page->super);
  if (s.code != 0) return s.Error("第" + std::to_string(n + 1) + "页无法读取");
  return Status::Ok();
}

}  // namespace

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
  for (int i = 0; i < pages; ++i) {
    std::string text;
    RETURN_IF_ERROR(Page(s, i, &text, &notes));
    out.Part(false, "第" + std::to_string(i + 1) + "页", text);
    RETURN_IF_ERROR(out.status());
  }
  for (const Note& n : notes) {
    out.Part(true, "注释作者", n.author);
    out.Part(true, "注释（第" + std::to_string(n.page) + "页）", n.contents);
  }
  for (const PdfInfoKey& k : kPdfInfo) out.Part(true, std::string("文档属性：") + k.label, s.Metadata(k.key));
  return out.Finish("pdf");
}

}  // namespace gk::extract::internal
