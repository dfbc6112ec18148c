// The 公众号 outbox: pushing due releases to the agency's gateway, with
// retries, and putting a release back in the outbox.
#include "records/channels.h"

#include <zip.h>

#include <boost/json.hpp>
#include <fstream>

#include "accounts/agencies.h"
#include "audit/audit.h"
#include "base/crypto.h"
#include "base/metrics.h"
#include "base/strings.h"
#include "net/http_client.h"
#include "records/channels_internal.h"
#include "records/push_state.h"

#include <spdlog/spdlog.h>

namespace gk::records {
namespace {

namespace json = boost::json;
using accounts::Principal;
using namespace internal;

constexpr size_t kExcerptChars = 200;  // of a gateway's answer shown to staff, "…" included
constexpr int kMaxPushAttempts = 6;
constexpr int64_t kRetryAfterSeconds[] = {60, 300, 1800, 7200, 21600};
constexpr int64_t kClaimSeconds = 300;  // a claimed push is not taken by another node for this long

// The entries of a zip held in memory, by name (packages we wrote).
Result<std::map<std::string, std::string>> ReadZip(const std::string& bytes) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* z = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : nullptr;
  zip_error_fini(&err);
  if (!z) {
    if (src) zip_source_free(src);
    return InvalidArgument("the package is not a zip file");
  }
  std::map<std::string, std::string> out;
  zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(z, i, 0, &st) != 0 || st.size > (64u << 20)) continue;
    zip_file_t* f = zip_fopen_index(z, i, 0);
    if (!f) continue;
    std::string data(st.size, '\0');
    zip_int64_t got = zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    if (got == static_cast<zip_int64_t>(st.size)) out[st.name] = std::move(data);
  }
  zip_close(z);
  return out;
}

// The JSON pushed to the gateway, from a stored package.
Result<std::string> PushPayload(const std::string& package, const std::string& agency_code, int64_t release_id) {
  ASSIGN_OR_RETURN(auto files, ReadZip(package));
  auto article_it = files.find("article.json");
  auto content_it = files.find("content.html");
  if (article_it == files.end() || content_it == files.end()) return Internal("the package lacks its article");
  json::error_code ec;
  json::value article = json::parse(article_it->second, ec);
  if (ec || !article.is_object()) return Internal("the package's article.json is not JSON");
  json::object out = article.as_object();
  out["agency"] = agency_code;
  out["release_id"] = release_id;
  out["content"] = content_it->second;
  json::array images;
  if (const json::value* list = article.as_object().if_contains("images"); list && list->is_array()) {
    for (const json::value& i : list->as_array()) {
      if (!i.is_object()) continue;
      json::object img = i.as_object();
      const json::value* path = img.if_contains("path");
      if (!path || !path->is_string()) continue;
      auto data = files.find(std::string(path->as_string()));
      if (data == files.end()) continue;
      img["data_base64"] = Base64Encode(data->second);
      images.push_back(std::move(img));
    }
  }
  out["images"] = std::move(images);
  return json::serialize(out);
}

// What one push attempt came to: the gateway's status and a short,
// printable excerpt of its answer (or why there was none).
struct PushOutcome {
  std::optional<int> http_status;
  std::string response;
  bool ok = false, retry = false;
};

// At most kExcerptChars characters of a gateway's answer for staff: control
// characters become spaces, runs of spaces one; not UTF-8: a placeholder.
std::string AnswerExcerpt(const std::string& body) {
  if (!IsValidUtf8(body)) return "（非 UTF-8 应答，" + std::to_string(body.size()) + " 字节）";
  std::string out;
  for (char ch : body) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool space = c < 0x20 || c == 0x7F || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : ch;
  }
  return Utf8Clip(std::string(Trim(out)), kExcerptChars - 1);  // "…" included
}

// POSTs `payload` to the agency's gateway. net::Post refuses a host the
// configuration does not allow before any look-up, so the bearer token goes
// nowhere else; that refusal is recorded like any failure, without retries.
PushOutcome PushOnce(const PushConfig& config, const std::string& endpoint, const std::string& agency_code,
                     int64_t release_id, std::string payload) {
  net::PostRequest req;
  req.url = endpoint;
  req.allowed_hosts = config.allowed_hosts;
  req.body = std::move(payload);
  req.timeout_seconds = config.timeout_seconds;
  req.headers.emplace_back("Idempotency-Key", "gongkai-" + agency_code + "-release-" + std::to_string(release_id));
  if (!config.token.empty()) req.headers.emplace_back("Authorization", "Bearer " + config.token);
  auto answer = net::Post(req);
  if (!answer.ok()) {
    spdlog::warn("push of release {} to {}: {}", release_id, endpoint, answer.status().ToString());
    bool unavailable = answer.status().code() == Code::kUnavailable;
    return {std::nullopt, unavailable ? "推送网关无应答或无法连接" : answer.status().message(), false, unavailable};
  }
  const int st = answer->status;
  return {st, AnswerExcerpt(answer->body), st >= 200 && st < 300, st == 408 || st == 429 || st >= 500};
}

}  // namespace

Result<PushConfig> PushConfigFrom(const ChannelsConfig& c) {
  PushConfig p;
  p.allowed_hosts = c.gateway_allowed_hosts;
  p.token = c.wechat_token;
  if (p.token.empty() && !c.wechat_token_file.empty()) {
    std::ifstream in(c.wechat_token_file);
    if (!in) return FailedPrecondition("cannot read channels.wechat_token_file " + c.wechat_token_file);
    std::getline(in, p.token);
    p.token = std::string(Trim(p.token));
  }
  return p;
}

Status Channels::RetryPush(const Principal& who, int64_t release_id) {
  RETURN_IF_ERROR(RequireOffice(who, "重新推送公众号文章"));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT r.push_state, r.removed_at, i.index_no, r.item_id FROM "
                                           "channel_releases r JOIN items i ON i.id = r.item_id WHERE r.id = ? AND "
                                           "r.agency_id = ? AND r.channel = 'wechat'", {release_id, who.agency_id}));
    if (!row) return NotFound("公众号发布记录不存在");
    if (!row->IsNull("removed_at")) return FailedPrecondition("该发布已经撤下");
    const std::string state = row->Str("push_state");
    if (FromKey(kPushStates, state) == PushState::kSent) return FailedPrecondition("该文章已推送成功");
    const std::string now = Now(ctx_.clock);
    RETURN_IF_ERROR(tx.Exec("UPDATE channel_releases SET push_state = 'pending', next_push_at = ? WHERE id = ?",
                            {now, release_id}).status());
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "channel.retry_push", "item",
                                          std::to_string(row->Int("item_id")), state,
                                          KeyOf(kPushStates, PushState::kPending),
                                          row->Str("index_no") + " 重新推送到微信公众号"});
  });
}

Result<int> Channels::PushDue(const PushConfig& config, std::optional<int64_t> agency_id) {
  const std::string now = Now(ctx_.clock);
  ASSIGN_OR_RETURN(auto due, ctx_.db.Read<std::vector<store::Row>>([&](store::Tx& tx) {
    std::string sql = "SELECT r.id, r.agency_id, r.next_push_at, r.push_attempts, a.code AS agency_code "
                      "FROM channel_releases r "
                      "JOIN agencies a ON a.id = r.agency_id WHERE r.push_state = 'pending' AND r.removed_at IS NULL "
                      "AND r.next_push_at <= ? ";
    std::vector<store::Value> params = {now};
    if (agency_id) {
      sql += "AND r.agency_id = ? ";
      params.push_back(*agency_id);
    }
    return tx.Query(sql + "ORDER BY r.next_push_at, r.id LIMIT 50", params);
  }));
  int tried = 0;
  for (const auto& r : due) {
    const int64_t id = r.Int("id"), agency = r.Int("agency_id");
    const int attempts = static_cast<int>(r.Int("push_attempts")) + 1;
    // Claim it: only the node whose update changes the row pushes now.
    const std::string lease = FormatUtc(ctx_.clock.Now() + kClaimSeconds);
    ASSIGN_OR_RETURN(int64_t claimed, ctx_.db.Transact<int64_t>([&](store::Tx& tx) {
      return tx.Exec("UPDATE channel_releases SET next_push_at = ? WHERE id = ? AND push_state = 'pending' AND "
                     "next_push_at = ?", {lease, id, r.Str("next_push_at")});
    }));
    if (claimed != 1) continue;
    ++tried;
    ASSIGN_OR_RETURN(auto settings, accounts::LoadSettings(ctx_.db, agency));
    ASSIGN_OR_RETURN(std::string encoded, ctx_.db.Read<std::string>([&](store::Tx& tx) -> Result<std::string> {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT artifact FROM channel_releases WHERE id = ?", {id}));
      if (!row) return NotFound("release vanished");
      return row->Str("artifact");
    }));
    auto package = Base64Decode(encoded);
    const std::string agency_code = r.Str("agency_code");
    auto payload = package.ok() ? PushPayload(*package, agency_code, id) : Result<std::string>(package.status());
    PushOutcome out = payload.ok() ? PushOnce(config, settings["wechat_endpoint"], agency_code, id, std::move(*payload))
                                   : PushOutcome{std::nullopt, payload.status().message(), false, false};
    const bool ok = out.ok;
    const std::string at = Now(ctx_.clock);
    const bool again = out.retry && attempts < kMaxPushAttempts;
    const PushState state = ok ? PushState::kSent : again ? PushState::kPending : PushState::kFailed;
    static metrics::Counter& pushes = metrics::Registry::Global().NewCounter(
        "gongkai_wechat_pushes_total", "公众号 push attempts by outcome (sent, retry: tried again later, failed).",
        {"result"});
    pushes.Add({ok ? "sent" : again ? "retry" : "failed"});
    store::Value next = state == PushState::kPending
                            ? store::Value(FormatUtc(ctx_.clock.Now() + kRetryAfterSeconds[std::min(attempts, 5) - 1]))
                            : store::Value(nullptr);
    RETURN_IF_ERROR(ctx_.db.Transact([&](store::Tx& tx) -> Status {
      RETURN_IF_ERROR(tx.Exec("INSERT INTO channel_push_attempts (agency_id, release_id, attempted_at, http_status, "
                              "response, ok) VALUES (?, ?, ?, ?, ?, ?)",
                              {agency, id, at,
                               out.http_status ? store::Value(int64_t{*out.http_status}) : store::Value(nullptr),
                               out.response, int64_t{ok}}).status());
      // A release taken down meanwhile keeps its 'cancelled' state.
      return tx.Exec("UPDATE channel_releases SET push_state = ?, push_attempts = ?, next_push_at = ?, "
                     "pushed_at = ? WHERE id = ? AND push_state = 'pending'",
                     {std::string(KeyOf(kPushStates, state)), int64_t{attempts}, next,
                      ok ? store::Value(at) : store::Value(nullptr), id}).status();
    }));
  }
  return tried;
}

}  // namespace gk::records
