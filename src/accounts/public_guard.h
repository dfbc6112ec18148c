// Limits on what the public may submit without an account (feedback,
// complaints): a simple arithmetic challenge a person answers at a glance,
// and a rate limit per address kept in the database (so every node of a
// deployment counts together). The address is stored only as a keyed
// fingerprint.
#pragma once

#include <cstdint>
#include <string>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/status.h"
#include "store/db.h"

namespace gk::accounts {

struct Challenge {
  std::string question;  // "3 加 4 等于几？"
  std::string token;     // to send back with the answer; valid for 30 minutes
};

Challenge NewChallenge(const DataKey& key, UnixSeconds now);

// OK when `answer` (ASCII or full-width digits, spaces ignored) answers the
// question of `token`, and the token is ours and not expired; InvalidArgument
// with a message for the person otherwise.
Status CheckChallenge(const DataKey& key, const std::string& token, const std::string& answer, UnixSeconds now);

struct SubmissionLimit {
  int per_ten_minutes = 5;
  int per_day = 30;
};

// Inside the submission's transaction: refuses with TooManyRequests when
// `address` has already submitted `kind` to the agency as often as the limit
// allows, otherwise records this submission. Old records are pruned.
Status RecordSubmission(store::Tx& tx, const DataKey& key, const Clock& clock, int64_t agency_id,
                        const std::string& kind, const std::string& address, const SubmissionLimit& limit = {});

}  // namespace gk::accounts
