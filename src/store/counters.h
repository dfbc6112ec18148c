// The counters the dashboards read (migrations/0030_counters.sql) are kept by
// triggers in the transaction that changes the rows they count.
#pragma once

#include "base/status.h"
#include "store/db.h"

namespace gk::store {

// Inside Database::Transact, for a transaction that writes many rows (an
// import): its changes to the counters are added up and applied once, when
// it commits, instead of row by row (migrations/0031_deferred_counters.sql).
// The counters stay exact; only this transaction's own reads of them, before
// it commits, do not include its changes. Nothing to do on SQLite, which
// updates a counter row in place.
Status DeferCounters(Tx& tx);

}  // namespace gk::store
