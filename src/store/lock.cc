#include "store/lock.h"

namespace gk::store {

Status LockName(Tx& tx, int64_t agency_id, const std::string& name, const std::string& now) {
  // The UPDATE takes the row lock (PostgreSQL); it finds no row only if the
  // row was deleted between the two statements, so a second round succeeds.
  for (int round = 0; round < 3; ++round) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO named_locks (agency_id, name, touched_at) VALUES (?, ?, ?) "
                            "ON CONFLICT (agency_id, name) DO NOTHING", {agency_id, name, now}).status());
    ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE named_locks SET touched_at = ? WHERE agency_id = ? AND name = ?",
                                        {now, agency_id, name}));
    if (n == 1) return Status::Ok();
  }
  return Unavailable("could not take the lock " + name);
}

}  // namespace gk::store
