// Importing historical applications (offices move from spreadsheets): one
// JSON object per line,
//   {"ref": "2025-001", "applicant": {"type": "natural", "name": "…"},
//    "channel": "online", "received": "2025-03-04", "request": "…",
//    "outcome": "granted" | null, "closed": "2025-03-20" | null,
//    "reviews": [{"kind": "reconsideration", "filed": "2025-04-01", "result": "upheld"}]}
// Either the whole file is imported or nothing: the first bad line is
// reported with its number. Imported applications count like any other (the
// annual report, the ledger); they carry no identity documents or contact
// details, so the applicant cannot look them up.
#pragma once

#include <string>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/status.h"

namespace gk::requests {

struct ImportReport {
  int applications = 0;
  int open = 0;  // imported without an outcome: carried over, still to be handled
  int reviews = 0;
};

inline constexpr size_t kMaxImportBytes = 64 * 1024 * 1024;
inline constexpr size_t kMaxImportLineBytes = 64 * 1024;

// `text` is the file's content. InvalidArgument "line 7: …" for the first
// bad line (nothing imported); Conflict for a ref that already exists.
Result<ImportReport> ImportApplications(const accounts::Context& ctx, const accounts::Principal& who,
                                        const std::string& text);

}  // namespace gk::requests
