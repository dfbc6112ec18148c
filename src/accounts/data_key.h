// The data key a database belongs to. Personal data is sealed under the key
// (base/crypto.h DataKey); a database restored without its key file, or a
// node configured with another key, must not start and seal new data under a
// key that opens nothing of the old — which is what creating a fresh key
// file would do.
#pragma once

#include <string>

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
// Records the fingerprint when there is none. FailedPrecondition, with what
// to do, otherwise; nothing is created then.
Result<DataKey> OpenDataKey(store::Database& db, const Clock& clock, const SecurityConfig& security);

}  // namespace gk::accounts
