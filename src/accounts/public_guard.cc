#include "accounts/public_guard.h"

#include <cstdio>

#include "base/strings.h"

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

Status RecordSubmission(store::Tx& tx, const DataKey& key, const Clock& clock, int64_t agency_id,
                        const std::string& kind, const std::string& address, const SubmissionLimit& limit) {
  const UnixSeconds now = clock.Now();
  const std::string who = key.Fingerprint("address:" + address);
  RETURN_IF_ERROR(tx.Exec("DELETE FROM public_submissions WHERE agency_id = ? AND at < ?",
                          {agency_id, FormatUtc(now - 86400)}).status());
  ASSIGN_OR_RETURN(auto day, tx.QueryOne("SELECT count(*) FROM public_submissions WHERE agency_id = ? AND kind = ? AND "
                                         "address_key = ? AND at >= ?", {agency_id, kind, who, FormatUtc(now - 86400)}));
  ASSIGN_OR_RETURN(auto recent, tx.QueryOne("SELECT count(*) FROM public_submissions WHERE agency_id = ? AND kind = ? "
                                            "AND address_key = ? AND at >= ?", {agency_id, kind, who, FormatUtc(now - 600)}));
  if (recent->Int(0) >= limit.per_ten_minutes || day->Int(0) >= limit.per_day) {
    return TooManyRequests("提交过于频繁，请稍后再试；如有急事请致电本机关");
  }
  return tx.Exec("INSERT INTO public_submissions (agency_id, kind, address_key, at) VALUES (?, ?, ?, ?)",
                 {agency_id, kind, who, FormatUtc(now)}).status();
}

}  // namespace gk::accounts
