// The data key a database belongs to. Personal data is sealed under the key
// (base/crypto.h DataKey); a database restored without its key file, or a
// node configured with another key, must not start and seal new data under a
// key that opens nothing of the old — which is what creating a fresh key
// file would do.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/config.h"
#include "base/crypto.h"
#include "base/status.h"
#include "store/db.h"

namespace gk::accounts {

// A fingerprint of `key` that reveals nothing of it (a MAC under a subkey).
std::string KeyFingerprint(const DataKey& key);

// The configured data key (LoadDataKey), checked against `db`:
//   - the fingerprint recorded at the key's first use must match;
//   - for a database without one, a sealed value of it must open;
//   - a missing key file is created only for a database with neither.
//   - its sealing key must not be one that rotation retired (a key file
//     from before the rotation).
// Records the fingerprint when there is none. FailedPrecondition, with what
// to do, otherwise; nothing is created then.
Result<DataKey> OpenDataKey(store::Database& db, const Clock& clock, const SecurityConfig& security);

// ---- rotation (docs/operations.md, "Key rotation") -----------------------------

// A column holding values sealed with the data key.
struct SealedColumn {
  const char* table;
  const char* column;
};
// Every one of them: what rotation seals again and what a key check opens.
extern const std::vector<SealedColumn> kSealedColumns;

// How many sealed values of each column are under each key number.
struct SealedCount {
  std::string table;
  std::map<int, int64_t> by_key;  // key number -> values (0: not a sealed value)
};
Result<std::vector<SealedCount>> CountSealed(store::Database& db);

// What Reseal did to one column.
struct Resealed {
  std::string table;
  int64_t resealed = 0;    // opened and sealed again with the sealing key
  int64_t unchanged = 0;   // already under the sealing key, or empty
  int64_t unopened = 0;    // under a key the set does not hold, or altered: left as they are
};
// Seals every value not under `key`'s sealing key again with it: `batch`
// rows per transaction, in the order of their ids, so the service goes on
// meanwhile; a value changed by a request in between is left to that
// request (which sealed it with the sealing key too, or will be sealed
// again on the next run). Safe to run again after an interruption.
Result<std::vector<Resealed>> Reseal(store::Database& db, const DataKey& key, int batch = 500);

// Retires key `version` of `key`: FailedPrecondition while any value is still
// sealed with it (or it is the sealing key); otherwise records it as retired
// in the database, so that no node starts with a file that seals with it,
// and takes it out of `key`. The caller writes the key file.
Status RetireKey(store::Database& db, const Clock& clock, DataKey& key, int version);

}  // namespace gk::accounts
