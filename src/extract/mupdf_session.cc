#include "extract/mupdf_session.h"

#include <cstdlib>
#include <vector>

namespace gk::extract {
namespace {

constexpr size_t kHeader = 16;  // keeps malloc's 16-byte alignment
constexpr size_t kStoreBytes = 32 << 20;

void* BudgetMalloc(void* user, size_t n) {
  auto* b = static_cast<MupdfBudget*>(user);
  if (n > b->max - b->used || n > b->max - kHeader) return nullptr;
  auto* p = static_cast<unsigned char*>(std::malloc(n + kHeader));
  if (!p) return nullptr;
  *reinterpret_cast<size_t*>(p) = n;
  b->used += n;
  return p + kHeader;
}

void BudgetFree(void* user, void* ptr) {
  if (!ptr) return;
  auto* b = static_cast<MupdfBudget*>(user);
  unsigned char* p = static_cast<unsigned char*>(ptr) - kHeader;
  b->used -= *reinterpret_cast<size_t*>(p);
  std::free(p);
}

void* BudgetRealloc(void* user, void* ptr, size_t n) {
  if (!ptr) return BudgetMalloc(user, n);
  if (n == 0) {
    BudgetFree(user, ptr);
    return nullptr;
  }
  auto* b = static_cast<MupdfBudget*>(user);
  unsigned char* p = static_cast<unsigned char*>(ptr) - kHeader;
  size_t old = *reinterpret_cast<size_t*>(p);
  if (n > old && (n - old > b->max - b->used || n > b->max - kHeader)) return nullptr;
  auto* q = static_cast<unsigned char*>(std::realloc(p, n + kHeader));
  if (!q) return nullptr;
  *reinterpret_cast<size_t*>(q) = n;
  b->used = b->used - old + n;
  return q + kHeader;
}

void Quiet(void*, const char*) {}

// A new context allocating through `budget` via `alloc`; nullptr when even
// the context does not fit in the budget.
fz_context* NewBudgetedContext(MupdfBudget* budget, fz_alloc_context* alloc) {
  *alloc = fz_alloc_context{budget, BudgetMalloc, BudgetRealloc, BudgetFree};
  fz_context* ctx = fz_new_context(alloc, nullptr, kStoreBytes);
  if (!ctx) return nullptr;
  fz_set_warning_callback(ctx, Quiet, nullptr);
  fz_set_error_callback(ctx, Quiet, nullptr);
  return ctx;
}

}  // namespace

MupdfSession::~MupdfSession() {
  if (doc) pdf_drop_document(ctx, doc);
  if (stream) fz_drop_stream(ctx, stream);
  if (ctx) fz_drop_context(ctx);
}

Status MupdfSession::Open(std::string_view bytes, size_t max_memory_bytes) {
  budget.max = max_memory_bytes;
  ctx = NewBudgetedContext(&budget, &alloc);
  if (!ctx) return TooLarge("PDF 处理所需内存超过上限");
  int locked = 0;
  fz_var(locked);
  fz_try(ctx) {
    stream = fz_open_memory(ctx, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    doc = pdf_open_document_with_stream(ctx, stream);
    // True only when the empty user password does not open it.
    locked = pdf_needs_password(ctx, doc);
  }
  fz_catch(ctx) { Caught(); }
  if (code != 0 || !doc) return Error("无法打开 PDF");
  if (locked) return FailedPrecondition("文件已加密，无法检查");
  return Status::Ok();
}

int MupdfSession::CountPages() {
  int n = -1;
  fz_var(n);
  fz_try(ctx) { n = pdf_count_pages(ctx, doc); }
  fz_catch(ctx) {
    Caught();
    n = -1;
  }
  return n;
}

std::string MupdfSession::Metadata(const char* key) {
  std::vector<char> value(64 << 10);
  int got = -1;
  fz_var(got);
  fz_try(ctx) { got = fz_lookup_metadata(ctx, &doc->super, key, value.data(), static_cast<int>(value.size())); }
  fz_catch(ctx) { got = -1; }
  if (got <= 0) return "";
  return std::string(value.data());
}

void MupdfSession::Caught() {
  code = fz_caught(ctx);
  message = fz_caught_message(ctx);
}

Status MupdfSession::Error(const std::string& what) const {
  if (code == FZ_ERROR_MEMORY) return TooLarge("PDF 文件过于复杂，处理所需内存超过上限");
  return InvalidArgument("文件损坏：" + what + (message.empty() ? "" : "（" + message + "）"));
}

}  // namespace gk::extract::internal
