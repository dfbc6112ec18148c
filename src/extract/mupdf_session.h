// One PDF opened with MuPDF, for the two files that use MuPDF
// (extract/pdf.cc and redact/pdf.cc): every allocation is counted against a
// byte budget, MuPDF's warnings and errors are silenced (they come back as
// exceptions), and errors map to Status the same way in both.
//
// MuPDF reports errors with setjmp/longjmp (fz_try/fz_catch): a fz_try must
// call MuPDF only and assign plain pointers or numbers, and its fz_catch
// calls Caught().
#pragma once

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace gk::extract {

struct MupdfBudget {
  size_t used = 0;
  size_t max = 0;
};

// The MuPDF objects of one document, dropped in order by the destructor.
// Not copyable or movable (MuPDF holds a pointer to the budget). Not
// thread-safe; separate sessions share nothing.
struct MupdfSession {
  MupdfSession() = default;
  MupdfSession(const MupdfSession&) = delete;
  MupdfSession& operator=(const MupdfSession&) = delete;
  ~MupdfSession();

  // Opens the PDF `bytes` (which must outlive the session) with at most
  // `max_memory_bytes` allocated by MuPDF. TooLarge when that does not
  // suffice, FailedPrecondition "文件已加密，无法检查" when the empty user
  // password does not open it, InvalidArgument when it cannot be read.
  // REQUIRES: called once, first.
  Status Open(std::string_view bytes, size_t max_memory_bytes);
  // The number of pages, or -1 after recording the error.
  int CountPages();
  // The document information entry `key` (FZ_META_INFO_…), "" when absent
  // or unreadable.
  std::string Metadata(const char* key);
  // Records MuPDF's error; call it in every fz_catch.
  void Caught();
  // The Status for the recorded error: TooLarge when MuPDF ran out of its
  // budget, else InvalidArgument "文件损坏：<what>（MuPDF's message）".
  Status Error(const std::string& what) const;

  MupdfBudget budget;
  fz_alloc_context alloc{};
  fz_context* ctx = nullptr;
  fz_stream* stream = nullptr;
  pdf_document* doc = nullptr;
  // After a failed call: MuPDF's error code and message.
  int code = 0;
  std::string message;
};

// The document information entries a reader does not see: the extractor
// reports them as hidden parts "文档属性：<label>", the redactor drops them.
struct PdfInfoKey {
  const char* key;
  const char* label;
};
inline constexpr PdfInfoKey kPdfInfo[] = {
    {FZ_META_INFO_AUTHOR, "作者"},     {FZ_META_INFO_TITLE, "标题"},       {FZ_META_INFO_SUBJECT, "主题"},
    {FZ_META_INFO_KEYWORDS, "关键词"}, {FZ_META_INFO_CREATOR, "创建程序"}, {FZ_META_INFO_PRODUCER, "生成程序"},
};

}  // namespace gk::extract
