// The audit log: append-only, hash-chained, written in the same transaction as
// the change it records (DESIGN §4 invariant 4). Format: docs/formats.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/keyset.h"
#include "base/status.h"
#include "store/db.h"

namespace gk::audit {

// Who did it: a user, or a named system actor such as "cli".
struct Actor {
  std::optional<int64_t> user_id;
  std::string label;  // "admin（系统管理员）" or "cli:user add"
};

struct Entry {
  int64_t agency_id = 0;
  Actor actor;
  std::string action;       // "user.create", "session.login", …
  std::string object_type;  // "user", "department", …
  std::string object_id;
  std::string before;       // canonical state before ("" if none); only its digest is kept
  std::string after;        // canonical state after ("" if none)
  std::string detail;       // short human-readable note, no secrets or personal data
};

// Appends `e` inside `tx`. Serialises concurrent appenders of one agency
// (row lock on PostgreSQL, the write lock on SQLite).
Status Append(store::Tx& tx, const Clock& clock, const Entry& e);

// Digest of a state string as stored in before_digest/after_digest ("-" for "").
std::string StateDigest(const std::string& state);

struct Record {
  int64_t id = 0;
  int64_t seq = 0;
  std::string at;
  std::string actor;
  std::string action;
  std::string object_type;
  std::string object_id;
  std::string detail;
  std::string hash;
};

// One page of an agency's entries, the newest first (by seq, which the
// unique (agency_id, seq) index serves); the seek key is the seq alone.
Result<PageOf<Record>> Recent(store::Tx& tx, int64_t agency_id, const PageSpec& page);

struct VerifyReport {
  int64_t entries_checked = 0;
  // Empty when the chain is intact; otherwise where it first breaks, e.g.
  // "agency 1 seq 5 (row id 5): stored hash does not match its contents".
  std::string first_break;
  bool ok() const { return first_break.empty(); }
};

// Walks every agency's chain in order and recomputes every hash.
Result<VerifyReport> Verify(store::Database& db);

}  // namespace gk::audit
