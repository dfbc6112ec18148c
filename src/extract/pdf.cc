// PDF with MuPDF (the only file that includes it): the text layer page by
// page, one segment per page ("第N页"); then, hidden, the annotations
// (comments, with their authors) and the document information (Author,
// Title, Subject, Keywords, Creator, Producer).
//
// MuPDF reports errors with setjmp/longjmp (fz_try/fz_catch). Every fz_try
// below calls MuPDF only and assigns plain pointers or numbers, so no C++
// object is ever jumped over; the C++ work happens outside the try blocks.
// Every allocation of MuPDF goes through a counting allocator, so one file
// cannot take more than Limits::max_pdf_memory_bytes.
#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "extract/internal.h"
#include "extract/mupdf_context.h"

namespace gk::extract::internal {
namespace {

// The MuPDF objects of one extraction, dropped in order.
struct Session {
  MupdfBudget budget;
  fz_alloc_context alloc{};
  fz_context* ctx = nullptr;
  fz_stream* stream = nullptr;
  pdf_document* doc = nullptr;
  // After a failed call: MuPDF's error code and message.
  int code = 0;
  std::string message;

  ~Session() {
    if (doc) pdf_drop_document(ctx, doc);
    if (stream) fz_drop_stream(ctx, stream);
    if (ctx) fz_drop_context(ctx);
  }

  Status Error(const std::string& what) const {
    if (code == FZ_ERROR_MEMORY) return TooLarge("PDF 文件过于复杂，处理所需内存超过上限");
    return InvalidArgument("文件损坏：" + what + (message.empty() ? "" : "（" + message + "）"));
  }
};

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

Status Open(std::string_view bytes, Session& s) {
  s.ctx = NewBudgetedContext(&s.budget, &s.alloc);
  if (!s.ctx) return TooLarge("PDF 处理所需内存超过上限");
  int locked = 0;
  fz_var(s.stream);
  fz_var(s.doc);
  fz_var(locked);
  fz_try(s.ctx) {
    s.stream = fz_open_memory(s.ctx, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    s.doc = pdf_open_document_with_stream(s.ctx, s.stream);
    // True only when the empty user password does not open it.
    locked = pdf_needs_password(s.ctx, s.doc);
  }
  fz_catch(s.ctx) {
    s.code = fz_caught(s.ctx);
    s.message = fz_caught_message(s.ctx);
  }
  if (s.code != 0 || !s.doc) return s.Error("无法打开 PDF");
  if (locked) return FailedPrecondition("文件已加密，无法检查");
  return Status::Ok();
}

int CountPages(Session& s) {
  int n = -1;
  fz_var(n);
  fz_try(s.ctx) { n = pdf_count_pages(s.ctx, s.doc); }
  fz_catch(s.ctx) {
    s.code = fz_caught(s.ctx);
    s.message = fz_caught_message(s.ctx);
    n = -1;
  }
  return n;
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
    s.code = fz_caught(s.ctx);
    s.message = fz_caught_message(s.ctx);
  }
  if (stext) AppendStext(stext, text);
  fz_drop_stext_page(s.ctx, stext);
  if (page) fz_drop_page(s.ctx, &page->super);
  if (s.code != 0) return s.Error("第" + std::to_string(n + 1) + "页无法读取");
  return Status::Ok();
}

std::string Metadata(Session& s, const char* key) {
  std::vector<char> value(64 << 10);
  int got = -1;
  fz_var(got);
  fz_try(s.ctx) { got = fz_lookup_metadata(s.ctx, &s.doc->super, key, value.data(), static_cast<int>(value.size())); }
  fz_catch(s.ctx) { got = -1; }
  if (got <= 0) return "";
  return std::string(value.data());
}

struct InfoKey {
  const char* key;
  const char* label;
};
constexpr InfoKey kInfo[] = {
    {FZ_META_INFO_AUTHOR, "作者"},      {FZ_META_INFO_TITLE, "标题"},   {FZ_META_INFO_SUBJECT, "主题"},
    {FZ_META_INFO_KEYWORDS, "关键词"},  {FZ_META_INFO_CREATOR, "创建程序"}, {FZ_META_INFO_PRODUCER, "生成程序"},
};

}  // namespace

Result<Extracted> ExtractPdf(std::string_view bytes, const Limits& limits) {
  // A truncated file still opens after MuPDF's repair, with pages missing;
  // a check must not pass on what it could not read.
  if (bytes.substr(bytes.size() > 2048 ? bytes.size() - 2048 : 0).find("%%EOF") == std::string_view::npos) {
    return InvalidArgument("文件损坏：PDF 文件不完整（缺少结尾标记 %%EOF）");
  }
  Session s;
  s.budget.max = limits.max_pdf_memory_bytes;
  RETURN_IF_ERROR(Open(bytes, s));
  const int pages = CountPages(s);
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
  for (const InfoKey& k : kInfo) out.Part(true, std::string("文档属性：") + k.label, Metadata(s, k.key));
  return out.Finish("pdf");
}

}  // namespace gk::extract::internal
