#include "accounts/portal_generation.h"

#include <atomic>

namespace gk::accounts {
namespace {

std::atomic<int64_t> local_changes{0};

}  // namespace

int64_t LocalPortalChanges() { return local_changes.load(std::memory_order_acquire); }

void NoteLocalPortalChange() { local_changes.fetch_add(1, std::memory_order_acq_rel); }

Status TouchPortal(store::Tx& tx, int64_t agency_id) {
  NoteLocalPortalChange();
  if (agency_id == kPlatformScope) {
    return tx.Exec("INSERT INTO portal_generations (agency_id, generation) VALUES (?, 1) "
                   "ON CONFLICT (agency_id) DO UPDATE SET generation = portal_generations.generation + 1",
                   {kPlatformScope})
        .status();
  }
  return tx.Exec("INSERT INTO portal_generations (agency_id, generation) VALUES (?, 1), (?, 1) "
                 "ON CONFLICT (agency_id) DO UPDATE SET generation = portal_generations.generation + 1",
                 {kPlatformScope, agency_id})
      .status();
}

Status TouchWholePortal(store::Tx& tx) {
  NoteLocalPortalChange();
  RETURN_IF_ERROR(TouchPortal(tx, kPlatformScope));
  // "WHERE 1 = 1": SQLite needs a WHERE before ON CONFLICT after a SELECT.
  return tx.Exec("INSERT INTO portal_generations (agency_id, generation) SELECT id, 1 FROM agencies WHERE 1 = 1 "
                 "ON CONFLICT (agency_id) DO UPDATE SET generation = portal_generations.generation + 1")
      .status();
}

Result<PortalGenerations> ReadPortalGenerations(store::Tx& tx, int64_t agency_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT agency_id, generation FROM portal_generations WHERE agency_id IN (?, ?)",
                                       {kPlatformScope, agency_id}));
  PortalGenerations g;
  for (const auto& r : rows) (r.Int(0) == kPlatformScope ? g.platform : g.agency) = r.Int(1);
  return g;
}

Result<int64_t> ReadPortalGeneration(store::Tx& tx, int64_t scope) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT generation FROM portal_generations WHERE agency_id = ?", {scope}));
  return row ? row->Int(0) : int64_t{0};
}

}  // namespace gk::accounts
