#include "store/counters.h"

namespace gk::store {

Status DeferCounters(Tx& tx) {
  if (tx.dialect() != Dialect::kPostgres) return Status::Ok();
  return tx.Exec("SET LOCAL gongkai.counters = 'deferred'").status();
}

}  // namespace gk::store
