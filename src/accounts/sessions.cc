#include "accounts/sessions.h"

#include <algorithm>

#include "accounts/directory.h"
#include "base/crypto.h"
#include "store/lock.h"

namespace gk::accounts {
namespace {

// Verified against when the user does not exist, so that the response time
// does not reveal which usernames exist.
const std::string& DummyHash() {
  static const std::string kHash = *HashPassword("gongkai-dummy-password", PasswordCost::kInteractive);
  return kHash;
}

// One login attempt, recorded as a failure before the password is checked
// (see BeginAttempt); the user's row when the name exists.
struct Attempt {
  int64_t id = 0;
  std::optional<int64_t> user_id;
  std::string hash;
  bool active = false;
};

struct Throttle {
  int64_t user_failures = 0;     // the user's, since its last success
  int64_t user_ip_failures = 0;  // the same, from this address
  int64_t ip_failures = 0;       // from this address, for any user
};

Result<int64_t> CountOne(store::Tx& tx, const std::string& sql, const std::vector<store::Value>& params) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, params));
  return row ? row->Int(0) : 0;
}

Result<Throttle> CountFailures(store::Tx& tx, int64_t agency_id, const std::string& username,
                               const std::string& ip, const std::string& since) {
  ASSIGN_OR_RETURN(auto last_ok, tx.QueryOne(
      "SELECT MAX(at) FROM login_attempts WHERE agency_id = ? AND username = ? AND success = 1",
      {agency_id, username}));
  std::string from = since;
  if (last_ok && !last_ok->IsNull(0)) from = std::max(from, last_ok->Str(0));
  Throttle t;
  const std::string user_sql = "SELECT COUNT(*) FROM login_attempts WHERE agency_id = ? AND username = ? AND "
                               "success = 0 AND at > ?";
  ASSIGN_OR_RETURN(t.user_failures, CountOne(tx, user_sql, {agency_id, username, from}));
  ASSIGN_OR_RETURN(t.user_ip_failures, CountOne(tx, user_sql + " AND ip = ?", {agency_id, username, from, ip}));
  ASSIGN_OR_RETURN(t.ip_failures, CountOne(tx, "SELECT COUNT(*) FROM login_attempts WHERE ip = ? AND success = 0 "
                                               "AND at > ?", {ip, since}));
  return t;
}

// The address-wide limit refuses only users that failed from the address
// themselves: a correct password of anyone else still gets through, so
// spraying from a shared address cannot lock everybody out.
bool Refused(const Throttle& t, const SecurityConfig& sec) {
  if (t.user_failures >= sec.login_max_failures) return true;
  return t.ip_failures >= sec.ip_max_failures && t.user_ip_failures > 0;
}

// One atomic step: locks the user's name and then the address (in that
// order, store/lock.h), counts the failures, and either refuses or records
// this attempt as a failure before any password is checked, so parallel
// attempts see each other and no more than the limit are ever evaluated.
Result<Attempt> BeginAttempt(const Context& ctx, int64_t agency_id, const std::string& username,
                             const std::string& ip) {
  const SecurityConfig& sec = ctx.security;
  UnixSeconds now = ctx.clock.Now();
  std::string at = FormatUtc(now), since = FormatUtc(now - int64_t{sec.login_window_minutes} * 60);
  return ctx.db.Transact<Attempt>([&](store::Tx& tx) -> Result<Attempt> {
    // The address's lock is the agency's: its failures at other agencies of
    // the deployment count, but do not wait for this lock.
    RETURN_IF_ERROR(store::LockName(tx, agency_id, "login-user:" + Blake2bHex(username), at));
    RETURN_IF_ERROR(store::LockName(tx, agency_id, "login-ip:" + Blake2bHex(ip), at));
    ASSIGN_OR_RETURN(Throttle t, CountFailures(tx, agency_id, username, ip, since));
    if (Refused(t, sec)) {
      return TooManyRequests("登录失败次数过多，请 " + std::to_string(sec.login_window_minutes) + " 分钟后再试");
    }
    Attempt a;
    ASSIGN_OR_RETURN(a.id, tx.Insert("INSERT INTO login_attempts (agency_id, username, ip, at, success) "
                                     "VALUES (?, ?, ?, ?, 0) RETURNING id", {agency_id, username, ip, at}));
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id, password_hash, active FROM users "
                                           "WHERE agency_id = ? AND username = ?", {agency_id, username}));
    if (row) a.user_id = row->Int("id"), a.hash = row->Str("password_hash"), a.active = row->Int("active") != 0;
    return a;
  });
}

}  // namespace

std::string Sessions::HashToken(const std::string& token) { return Blake2bHex("gk-session\n" + token); }

Result<Session> Sessions::Login(int64_t agency_id, const std::string& username, const std::string& password,
                                const std::string& ip) {
  const std::string name = username.substr(0, 64);
  ASSIGN_OR_RETURN(Attempt attempt, BeginAttempt(ctx_, agency_id, name, ip));
  bool ok = VerifyPassword(password, attempt.user_id ? attempt.hash : DummyHash()) && attempt.user_id &&
            attempt.active;
  Session session;
  RETURN_IF_ERROR(ctx_.db.Transact([&](store::Tx& tx) -> Status {
    if (!ok) {
      audit::Actor anon{std::nullopt, "anonymous@" + ip};
      return audit::Append(tx, ctx_.clock, {agency_id, anon, "session.login_failed", "user", name, "", "",
                                            "登录失败"});
    }
    RETURN_IF_ERROR(tx.Exec("UPDATE login_attempts SET success = 1 WHERE id = ?", {attempt.id}).status());
    ASSIGN_OR_RETURN(session, OpenSession(tx, agency_id, *attempt.user_id, ip));
    return Status::Ok();
  }));
  if (!ok) return Unauthenticated("用户名或密码错误");
  return session;
}

Result<Session> Sessions::OpenSession(store::Tx& tx, int64_t agency_id, int64_t user_id, const std::string& ip) {
  const SecurityConfig& sec = ctx_.security;
  UnixSeconds now = ctx_.clock.Now();
  std::string at = FormatUtc(now);
  Session session;
  session.token = RandomToken(32);
  session.token_hash = HashToken(session.token);
  session.csrf_token = RandomToken(24);
  session.expires_at = std::min(now + int64_t{sec.session_idle_minutes} * 60,
                                now + int64_t{sec.session_absolute_hours} * 3600);
  ASSIGN_OR_RETURN(User u, LoadUser(tx, agency_id, user_id));
  session.principal = Principal{u.id, agency_id, u.username, u.display_name, u.department_id, ActingRoles(u.roles)};
  RETURN_IF_ERROR(tx.Exec("INSERT INTO sessions (token_hash, agency_id, user_id, csrf_token, created_at, "
                          "last_seen_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          {session.token_hash, agency_id, u.id, session.csrf_token, at, at,
                           FormatUtc(session.expires_at), ip}).status());
  RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {agency_id, session.principal.ActorFor(), "session.login", "user",
                                                 std::to_string(u.id), "", "", "登录 " + ip}));
  return session;
}

Result<Session> Sessions::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 100) return Unauthenticated("未登录");
  std::string token_hash = HashToken(token);
  UnixSeconds now = ctx_.clock.Now();
  std::optional<store::Row> row;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(row, tx.QueryOne(
        "SELECT s.agency_id, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, u.active "
        "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?", {token_hash}));
    return Status::Ok();
  }));
  if (!row) return Unauthenticated("未登录或登录已过期");
  ASSIGN_OR_RETURN(UnixSeconds created, ParseUtc(row->Str("created_at")));
  ASSIGN_OR_RETURN(UnixSeconds last_seen, ParseUtc(row->Str("last_seen_at")));
  ASSIGN_OR_RETURN(UnixSeconds expires, ParseUtc(row->Str("expires_at")));
  if (now >= expires || row->Int("active") == 0) {
    (void)ctx_.db.Transact([&](store::Tx& tx) {
      return tx.Exec("DELETE FROM sessions WHERE token_hash = ?", {token_hash}).status();
    });
    return Unauthenticated("登录已过期，请重新登录");
  }
  Session session;
  session.token_hash = token_hash;
  session.csrf_token = row->Str("csrf_token");
  session.expires_at = expires;
  int64_t agency_id = row->Int("agency_id"), user_id = row->Int("user_id");
  const SecurityConfig& sec = ctx_.security;
  bool touch = now - last_seen >= 60;
  if (touch) {
    session.expires_at = std::min(now + int64_t{sec.session_idle_minutes} * 60,
                                  created + int64_t{sec.session_absolute_hours} * 3600);
  }
  auto load = [&](store::Tx& tx) -> Status {
    if (touch) {
      RETURN_IF_ERROR(tx.Exec("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?",
                              {FormatUtc(now), FormatUtc(session.expires_at), token_hash}).status());
    }
    ASSIGN_OR_RETURN(User u, LoadUser(tx, agency_id, user_id));
    session.principal = Principal{u.id, agency_id, u.username, u.display_name, u.department_id, ActingRoles(u.roles)};
    return Status::Ok();
  };
  RETURN_IF_ERROR(touch ? ctx_.db.Transact(load) : ctx_.db.Read(load));
  return session;
}

Status Sessions::Logout(const Session& session) {
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(int64_t n, tx.Exec("DELETE FROM sessions WHERE token_hash = ?", {session.token_hash}));
    if (n == 0) return Status::Ok();
    const Principal& p = session.principal;
    return audit::Append(tx, ctx_.clock, {p.agency_id, p.ActorFor(), "session.logout", "user",
                                          std::to_string(p.user_id), "", "", "退出登录"});
  });
}

}  // namespace gk::accounts
