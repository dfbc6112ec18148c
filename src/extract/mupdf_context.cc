#include <mupdf/fitz.h>

#include "extract/mupdf_context.h"

#include <cstdlib>

namespace gk::extract::internal {
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

}  // namespace

fz_context* NewBudgetedContext(MupdfBudget* budget, fz_alloc_context* alloc) {
  *alloc = fz_alloc_context{budget, BudgetMalloc, BudgetRealloc, BudgetFree};
  fz_context* ctx = fz_new_context(alloc, nullptr, kStoreBytes);
  if (!ctx) return nullptr;
  fz_set_warning_callback(ctx, Quiet, nullptr);
  fz_set_error_callback(ctx, Quiet, nullptr);
  return ctx;
}

}  // namespace gk::extract::internal
