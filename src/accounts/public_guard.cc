#include "accounts/public_guard.h"

#include <algorithm>
#include <cstdio>

#include "base/crypto.h"
#include "base/strings.h"
#include "store/lock.h"

namespace gk::accounts {
namespace {

constexpr UnixSeconds kChallengeSeconds = 30 * 60;

std::string Mac(const DataKey& key, const std::string& payload) {
  return key.Fingerprint("challenge:" + payload).substr(0, 32);
}

// The digits of `answer`: ASCII or full-width (U+FF10–FF19); anything else
// but spaces makes it unreadable.
std::string AnswerDigits(const std::string& answer) {
  std::string out;
  for (size_t i = 0; i < answer.size();) {
    unsigned char c = answer[i];
    if (c >= '0' && c <= '9') {
      out += static_cast<char>(c);
      ++i;
    } else if (c == ' ') {
      ++i;
    } else if (c == 0xEF && i + 2 < answer.size() && static_cast<unsigned char>(answer[i + 1]) == 0xBC &&
               static_cast<unsigned char>(answer[i + 2]) >= 0x90 && static_cast<unsigned char>(answer[i + 2]) <= 0x99) {
      out += static_cast<char>('0' + (static_cast<unsigned char>(answer[i + 2]) - 0x90));
      i += 3;
    } else {
      return "";
    }
  }
  return out;
}

}  // namespace

Challenge NewChallenge(const DataKey& key, UnixSeconds now) {
  std::string nonce = RandomToken(8);
  unsigned a = static_cast<unsigned char>(nonce[0]) % 9 + 1, b = static_cast<unsigned char>(nonce[1]) % 9 + 1;
  std::string payload = std::to_string(now + kChallengeSeconds) + "." + std::to_string(a) + "." + std::to_string(b) +
                        "." + nonce.substr(2);
  Challenge c;
  c.question = std::to_string(a) + " 加 " + std::to_string(b) + " 等于几？";
  c.token = payload + "." + Mac(key, payload);
  return c;
}

Status CheckChallenge(const DataKey& key, const std::string& token, const std::string& answer, UnixSeconds now) {
  if (token.size() > 200) return InvalidArgument("验证问题已失效，请重新回答");
  std::vector<std::string> parts = Split(token, '.');
  if (parts.size() != 5) return InvalidArgument("验证问题已失效，请重新回答");
  std::string payload = parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3];
  if (!ConstantTimeEquals(Mac(key, payload), parts[4])) return InvalidArgument("验证问题已失效，请重新回答");
  for (int k = 0; k < 3; ++k) {
    if (parts[k].empty() || parts[k].size() > 12 || parts[k].find_first_not_of("0123456789") != std::string::npos) {
      return InvalidArgument("验证问题已失效，请重新回答");
    }
  }
  if (std::stoll(parts[0]) < now) return InvalidArgument("验证问题已过期，请重新回答");
  std::string digits = AnswerDigits(answer);
  if (digits.empty() || digits.size() > 3 || std::stoi(digits) != std::stoi(parts[1]) + std::stoi(parts[2])) {
    return InvalidArgument("验证问题回答不正确");
  }
  return Status::Ok();
}

namespace {

struct ActionInfo {
  PublicAction action;
  const char* kind;  // public_submissions.kind
  const char* setting;
  SubmissionLimit fallback;
};

constexpr ActionInfo kActions[] = {
    {PublicAction::kFeedback, "feedback", "limit_feedback", {5, 30}},
    {PublicAction::kApply, "apply", "limit_apply", {10, 50}},
    {PublicAction::kExplain, "explain", "limit_explain", {5, 30}},
    {PublicAction::kCorrection, "correction", "limit_correction", {5, 30}},
    {PublicAction::kLookup, "lookup", "limit_lookup", {10, 50}},
};

const ActionInfo& Info(PublicAction action) {
  for (const ActionInfo& i : kActions) {
    if (i.action == action) return i;
  }
  return kActions[0];
}

std::optional<int> LimitNumber(std::string_view text) {
  std::string t(Trim(text));
  if (t.empty() || t.size() > 5 || t.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int n = std::stoi(t);
  if (n < 1 || n > 10000) return std::nullopt;
  return n;
}

// Seconds until `times` (ascending, UTC text) holds fewer than `limit` entries
// not older than `window` seconds; 0 when it already does.
UnixSeconds WaitFor(const std::vector<UnixSeconds>& times, UnixSeconds now, UnixSeconds window, int limit) {
  std::vector<UnixSeconds> inside;
  for (UnixSeconds t : times) {
    if (t > now - window) inside.push_back(t);
  }
  if (static_cast<int>(inside.size()) < limit) return 0;
  return std::max<UnixSeconds>(1, inside[inside.size() - limit] + window - now);
}

std::string TooOftenMessage(PublicAction action, UnixSeconds wait) {
  std::string minutes = std::to_string((wait + 59) / 60);
  if (action == PublicAction::kLookup) return "查询失败次数过多，请于 " + minutes + " 分钟后再试";
  return "提交过于频繁，请于 " + minutes + " 分钟后再试；如有急事请致电本机关";
}

// Checks and records one submission; its row id.
Result<int64_t> Count(store::Tx& tx, const DataKey& key, const Clock& clock, int64_t agency_id,
                      PublicAction action, const std::string& address) {
  const UnixSeconds now = clock.Now();
  const std::string kind = Info(action).kind, who = key.Fingerprint("address:" + address);
  ASSIGN_OR_RETURN(auto agency, tx.QueryOne("SELECT id FROM agencies WHERE id = ?", {agency_id}));
  if (!agency) return NotFound("no agency with id " + std::to_string(agency_id));
  RETURN_IF_ERROR(store::LockName(tx, agency_id, "public:" + kind + ":" + who, FormatUtc(now)));
  ASSIGN_OR_RETURN(SubmissionLimit limit, LoadLimit(tx, agency_id, action));
  RETURN_IF_ERROR(tx.Exec("DELETE FROM public_submissions WHERE agency_id = ? AND at < ?",
                          {agency_id, FormatUtc(now - 86400)}).status());
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT at FROM public_submissions WHERE agency_id = ? AND kind = ? AND "
                                       "address_key = ? AND at > ? ORDER BY at", {agency_id, kind, who,
                                                                                  FormatUtc(now - 86400)}));
  std::vector<UnixSeconds> times;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(UnixSeconds t, ParseUtc(r.Str("at")));
    times.push_back(t);
  }
  UnixSeconds wait = std::max(WaitFor(times, now, 600, limit.per_ten_minutes), WaitFor(times, now, 86400, limit.per_day));
  if (wait > 0) return TooManyRequests(TooOftenMessage(action, wait));
  return tx.Insert("INSERT INTO public_submissions (agency_id, kind, address_key, at) VALUES (?, ?, ?, ?) "
                   "RETURNING id", {agency_id, kind, who, FormatUtc(now)});
}

}  // namespace

const char* LimitSettingKey(PublicAction action) { return Info(action).setting; }

SubmissionLimit DefaultLimit(PublicAction action) { return Info(action).fallback; }

std::optional<SubmissionLimit> ParseLimit(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto recent = LimitNumber(text.substr(0, slash)), day = LimitNumber(text.substr(slash + 1));
  if (!recent || !day) return std::nullopt;
  return SubmissionLimit{*recent, *day};
}

Result<SubmissionLimit> LoadLimit(store::Tx& tx, int64_t agency_id, PublicAction action) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT value FROM agency_settings WHERE agency_id = ? AND key = ?",
                                         {agency_id, std::string(LimitSettingKey(action))}));
  if (!row) return DefaultLimit(action);
  return ParseLimit(row->Str("value")).value_or(DefaultLimit(action));
}

Status RecordSubmission(store::Tx& tx, const DataKey& key, const Clock& clock, int64_t agency_id,
                        PublicAction action, const std::string& address) {
  return Count(tx, key, clock, agency_id, action, address).status();
}

std::string NewSubmissionToken() { return RandomToken(18); }

bool IsSubmissionToken(std::string_view token) {
  if (token.size() < 16 || token.size() > 64) return false;
  return std::all_of(token.begin(), token.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

namespace {

std::string SubmissionHash(const DataKey& key, std::string_view kind, const std::string& submission_key) {
  return key.Fingerprint("submission:" + std::string(kind) + ":" + submission_key);
}

}  // namespace

Result<std::optional<int64_t>> FindSubmission(store::Tx& tx, const DataKey& key, int64_t agency_id,
                                              std::string_view kind, const std::string& submission_key) {
  if (submission_key.empty()) return std::optional<int64_t>();
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT target_id FROM submission_keys WHERE agency_id = ? AND kind = ? "
                                         "AND key_hash = ?",
                                         {agency_id, std::string(kind), SubmissionHash(key, kind, submission_key)}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int("target_id"));
}

Status KeepSubmission(store::Tx& tx, const DataKey& key, const Clock& clock, int64_t agency_id,
                      std::string_view kind, const std::string& submission_key, int64_t target_id) {
  if (submission_key.empty()) return Status::Ok();
  return tx.Exec("INSERT INTO submission_keys (agency_id, kind, key_hash, target_id, created_at) VALUES (?, ?, ?, ?, ?)",
                 {agency_id, std::string(kind), SubmissionHash(key, kind, submission_key), target_id, Now(clock)})
      .status();
}

namespace internal {

Result<int64_t> BeginLookup(const Context& ctx, const DataKey& key, int64_t agency_id, const std::string& address) {
  return ctx.db.Transact<int64_t>([&](store::Tx& tx) {
    return Count(tx, key, ctx.clock, agency_id, PublicAction::kLookup, address);
  });
}

Status ForgetLookup(const Context& ctx, int64_t attempt_id) {
  return ctx.db.Transact([&](store::Tx& tx) {
    return tx.Exec("DELETE FROM public_submissions WHERE id = ?", {attempt_id}).status();
  });
}

}  // namespace internal

}  // namespace gk::accounts
