#include "accounts/sessions.h"

#include <algorithm>

#include "accounts/directory.h"
#include "base/crypto.h"

namespace gk::accounts {
namespace {

// Verified against when the user does not exist, so that the response time
// does not reveal which usernames exist.
const std::string& DummyHash() {
  static const std::string kHash = *HashPassword("gongkai-dummy-password", PasswordCost::kInteractive);
  return kHash;
}

struct Throttle {
  int64_t user_failures = 0;
  int64_t ip_failures = 0;
};

Result<Throttle> CountFailures(store::Tx& tx, int64_t agency_id, const std::string& username,
                               const std::string& ip, const std::string& since) {
  Throttle t;
  ASSIGN_OR_RETURN(auto last_ok, tx.QueryOne(
      "SELECT MAX(at) FROM login_attempts WHERE agency_id = ? AND username = ? AND success = 1",
      {agency_id, username}));
  std::string from = since;
  if (last_ok && !last_ok->IsNull(0)) from = std::max(from, last_ok->Str(0));
  ASSIGN_OR_RETURN(auto u, tx.QueryOne("SELECT COUNT(*) FROM login_attempts WHERE agency_id = ? AND "
                                       "username = ? AND success = 0 AND at > ?", {agency_id, username, from}));
  ASSIGN_OR_RETURN(auto i, tx.QueryOne("SELECT COUNT(*) FROM login_attempts WHERE ip = ? AND success = 0 "
                                       "AND at > ?", {ip, since}));
  t.user_failures = u ? u->Int(0) : 0;
  t.ip_failures = i ? i->Int(0) : 0;
  return t;
}

}  // namespace

std::string Sessions::HashToken(const std::string& token) { return Blake2bHex("gk-session\n" + token); }

Result<Session> Sessions::Login(int64_t agency_id, const std::string& username, const std::string& password,
                                const std::string& ip) {
  const SecurityConfig& sec = ctx_.security;
  UnixSeconds now = ctx_.clock.Now();
  std::string since = FormatUtc(now - int64_t{sec.login_window_minutes} * 60);
  Throttle throttle;
  std::optional<int64_t> user_id;
  std::string hash;
  bool active = false;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(throttle, CountFailures(tx, agency_id, username, ip, since));
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id, password_hash, active FROM users "
                                           "WHERE agency_id = ? AND username = ?", {agency_id, username}));
    if (row) user_id = row->Int(0), hash = row->Str(1), active = row->Int(2) != 0;
    return Status::Ok();
  }));
  if (throttle.user_failures >= sec.login_max_failures || throttle.ip_failures >= sec.ip_max_failures) {
    return TooManyRequests("登录失败次数过多，请 " + std::to_string(sec.login_window_minutes) + " 分钟后再试");
  }
  bool ok = VerifyPassword(password, user_id ? hash : DummyHash()) && user_id && active;
  Session session;
  Status s = ctx_.db.Transact([&](store::Tx& tx) -> Status {
    std::string at = FormatUtc(now);
    RETURN_IF_ERROR(tx.Exec("INSERT INTO login_attempts (agency_id, username, ip, at, success) "
                            "VALUES (?, ?, ?, ?, ?)", {agency_id, username.substr(0, 64), ip, at, int64_t{ok}})
                        .status());
    if (!ok) {
      audit::Actor anon{std::nullopt, "anonymous@" + ip};
      return audit::Append(tx, ctx_.clock, {agency_id, anon, "session.login_failed", "user",
                                            username.substr(0, 64), "", "", "登录失败"});
    }
    session.token = RandomToken(32);
    session.token_hash = HashToken(session.token);
    session.csrf_token = RandomToken(24);
    session.expires_at = std::min(now + int64_t{sec.session_idle_minutes} * 60,
                                  now + int64_t{sec.session_absolute_hours} * 3600);
    ASSIGN_OR_RETURN(User u, LoadUser(tx, agency_id, *user_id));
    session.principal = Principal{u.id, agency_id, u.username, u.display_name, u.department_id, u.roles};
    RETURN_IF_ERROR(tx.Exec("INSERT INTO sessions (token_hash, agency_id, user_id, csrf_token, created_at, "
                            "last_seen_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            {session.token_hash, agency_id, u.id, session.csrf_token, at, at,
                             FormatUtc(session.expires_at), ip}).status());
    return audit::Append(tx, ctx_.clock, {agency_id, session.principal.ActorFor(), "session.login", "user",
                                          std::to_string(u.id), "", "", "登录 " + ip});
  });
  RETURN_IF_ERROR(s);
  if (!ok) return Unauthenticated("用户名或密码错误");
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
  ASSIGN_OR_RETURN(UnixSeconds created, ParseUtc(row->Str(3)));
  ASSIGN_OR_RETURN(UnixSeconds last_seen, ParseUtc(row->Str(4)));
  ASSIGN_OR_RETURN(UnixSeconds expires, ParseUtc(row->Str(5)));
  if (now >= expires || row->Int(6) == 0) {
    (void)ctx_.db.Transact([&](store::Tx& tx) {
      return tx.Exec("DELETE FROM sessions WHERE token_hash = ?", {token_hash}).status();
    });
    return Unauthenticated("登录已过期，请重新登录");
  }
  Session session;
  session.token_hash = token_hash;
  session.csrf_token = row->Str(2);
  session.expires_at = expires;
  int64_t agency_id = row->Int(0), user_id = row->Int(1);
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
    session.principal = Principal{u.id, agency_id, u.username, u.display_name, u.department_id, u.roles};
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
