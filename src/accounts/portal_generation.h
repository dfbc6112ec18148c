// Generation counters of what the public portal shows (migration 0026): the
// rendered-page cache of every node keeps a page only while the counter of
// its scope is the one it was rendered under (docs/architecture.md, "The
// portal's caches").
#pragma once

#include <cstdint>

#include "base/status.h"
#include "store/db.h"

namespace gk::accounts {

// The scope of the platform's own pages (the district home, search and
// catalog), which show every agency.
inline constexpr int64_t kPlatformScope = 0;

// Marks what the portal shows of `agency_id` as changed: increments its
// counter and the platform's. Call it in the transaction that makes the
// change (publication, withdrawal, validity, catalog, settings, annual
// report, reading points), never for changes the portal does not show.
// Takes row 0 first, so concurrent writers queue rather than deadlock.
Status TouchPortal(store::Tx& tx, int64_t agency_id);

// Marks every agency's portal as changed (an agency joined: unprefixed
// pages may now be the district's, and the district home lists it).
Status TouchWholePortal(store::Tx& tx);

// This process's count of portal changes: TouchPortal and TouchWholePortal
// increment it (inside the transaction, so before the commit), and the web
// layer after each state-changing request it served (after the commit). A
// node re-reads the counters in the database whenever it moved, so that its
// own changes show on its very next request (web::GenerationCache).
int64_t LocalPortalChanges();
void NoteLocalPortalChange();

struct PortalGenerations {
  int64_t platform = 0;
  int64_t agency = 0;
};
// The platform's and `agency_id`'s counters, in one indexed read.
Result<PortalGenerations> ReadPortalGenerations(store::Tx& tx, int64_t agency_id);
// The counter of one scope (an agency id or kPlatformScope).
Result<int64_t> ReadPortalGeneration(store::Tx& tx, int64_t scope);

}  // namespace gk::accounts
