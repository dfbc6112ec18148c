// Limits on what the public may do without an account (feedback and
// complaints, applications, explanation and correction requests, look-ups by
// query code): a simple arithmetic challenge a person answers at a glance,
// and rate limits per address kept in the database (so every node of a
// deployment counts together). The address is stored only as a keyed
// fingerprint.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "accounts/context.h"

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

// What the public does without an account, each limited per address by an
// agency setting (AgencySettingKeys: limit_feedback, limit_apply, …).
enum class PublicAction { kFeedback, kApply, kExplain, kCorrection, kLookup };

struct SubmissionLimit {
  int per_ten_minutes = 5;
  int per_day = 30;
};

// The setting key of `action` ("limit_apply") and its default.
const char* LimitSettingKey(PublicAction action);
SubmissionLimit DefaultLimit(PublicAction action);
// "5/30" → {5, 30}: both whole numbers in 1..10000; nullopt otherwise.
std::optional<SubmissionLimit> ParseLimit(std::string_view text);
// The agency's limit for `action` (the default when unset or unreadable).
Result<SubmissionLimit> LoadLimit(store::Tx& tx, int64_t agency_id, PublicAction action);

// Inside the submission's transaction: refuses with TooManyRequests ("提交
// 过于频繁，请于 N 分钟后再试…", N the minutes until one more is allowed)
// when `address` has already done `action` at the agency as often as the
// agency's limit allows, otherwise records this one. Parallel submissions
// from one address are serialised (store/lock.h), so none slips past the
// limit. Old records are pruned. `address` comes from web::ClientAddress.
// NotFound for an agency that does not exist.
Status RecordSubmission(store::Tx& tx, const DataKey& key, const Clock& clock, int64_t agency_id,
                        PublicAction action, const std::string& address);

// Submission keys: a public form carries a random token (SubmissionToken),
// which the web layer binds to the visitor's form token; the submission
// stores a keyed hash of it (kind "apply", "feedback", …) with the id of what
// it created, in its own transaction. Sending the same form again finds it
// and shows the same receipt instead of filing twice.
//
// A new form's token (24 characters of base64url).
std::string NewSubmissionToken();
// Whether `token` looks like one (16–64 of [A-Za-z0-9_-]); anything else is
// not used as a key.
bool IsSubmissionToken(std::string_view token);
// The id stored under `submission_key` ("" : never any), or nullopt.
Result<std::optional<int64_t>> FindSubmission(store::Tx& tx, const DataKey& key, int64_t agency_id,
                                              std::string_view kind, const std::string& submission_key);
// Stores `target_id` under `submission_key` (nothing for ""). Conflict when
// another transaction stored the same key first: roll back and find it.
Status KeepSubmission(store::Tx& tx, const DataKey& key, const Clock& clock, int64_t agency_id,
                      std::string_view kind, const std::string& submission_key, int64_t target_id);

// A public submission filed once per submission key: what `earlier` finds
// stored under the key (the form sent again), else what `file` files; and
// when `file` lost the key to the same form sent at the same moment
// (Conflict), what that one stored. Without a key, `file` alone.
template <typename T>
Result<T> SubmitOnce(const std::string& submission_key, const std::function<Result<std::optional<T>>()>& earlier,
                     const std::function<Result<T>()>& file) {
  if (!submission_key.empty()) {
    ASSIGN_OR_RETURN(std::optional<T> found, earlier());
    if (found) return std::move(*found);
  }
  Result<T> filed = file();
  if (!filed.ok() && filed.status().code() == Code::kConflict && !submission_key.empty()) {
    ASSIGN_OR_RETURN(std::optional<T> first, earlier());
    if (first) return std::move(*first);
  }
  return filed;
}

// A look-up by query code, limited by its failures (PublicAction::kLookup,
// all look-up pages together): TooManyRequests without running `lookup` once
// `address` failed as often as the limit allows; otherwise the attempt is
// counted, `lookup` runs, and the count is taken back unless it answered
// NotFound. Parallel attempts never run more look-ups than the limit.
template <typename T>
Result<T> LimitedLookup(const Context& ctx, const DataKey& key, int64_t agency_id, const std::string& address,
                        const std::function<Result<T>()>& lookup);

namespace internal {
// The two halves of LimitedLookup: the counted attempt's id, and taking it back.
Result<int64_t> BeginLookup(const Context& ctx, const DataKey& key, int64_t agency_id, const std::string& address);
Status ForgetLookup(const Context& ctx, int64_t attempt_id);
}  // namespace internal

template <typename T>
Result<T> LimitedLookup(const Context& ctx, const DataKey& key, int64_t agency_id, const std::string& address,
                        const std::function<Result<T>()>& lookup) {
  ASSIGN_OR_RETURN(int64_t attempt, internal::BeginLookup(ctx, key, agency_id, address));
  Result<T> out = lookup();
  if (out.ok() || out.status().code() != Code::kNotFound) RETURN_IF_ERROR(internal::ForgetLookup(ctx, attempt));
  return out;
}

}  // namespace gk::accounts
