// A MuPDF context whose every allocation is counted against a byte budget,
// with MuPDF's warnings and errors silenced (they come back as exceptions).
// Shared by the two files that use MuPDF: extract/pdf.cc and redact/pdf.cc;
// include it only there, after <mupdf/fitz.h>.
#pragma once

#include <mupdf/fitz.h>

#include <cstddef>

namespace gk::extract::internal {

struct MupdfBudget {
  size_t used = 0;
  size_t max = 0;
};

// A new context allocating through `budget` via `alloc`; both must outlive
// it. nullptr when even the context does not fit in the budget.
fz_context* NewBudgetedContext(MupdfBudget* budget, fz_alloc_context* alloc);

}  // namespace gk::extract::internal
