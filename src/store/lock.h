// Named locks: serialise the transactions that must check a count and then
// add to it (migrations/0018_named_locks.sql), on both engines.
#pragma once

#include <string>

#include "base/status.h"
#include "store/db.h"

namespace gk::store {

// Inside Database::Transact: holds the agency's lock called `name` until the
// transaction ends. A second transaction locking the same name waits for the
// first to commit or roll back, and then sees what it wrote. `now` (UTC text)
// is recorded with the name. Lock names in a fixed order (e.g. user before
// address) so that two transactions cannot wait for each other. Unavailable
// if the lock cannot be taken.
Status LockName(Tx& tx, int64_t agency_id, const std::string& name, const std::string& now);

}  // namespace gk::store
