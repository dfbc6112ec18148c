// Sign-in, server-side sessions and login throttling.
//
// The browser holds a random 256-bit token in an HttpOnly cookie; the
// database holds only its BLAKE2b digest, so a copy of the database does not
// let anyone sign in. A session ends at the earlier of its idle limit (moved
// forward on use) and its absolute limit, at logout, on a password reset, or
// when the user is deactivated.
#pragma once

#include <string>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/status.h"

namespace gk::accounts {

struct Session {
  std::string token;       // only set by Login; the cookie value
  std::string token_hash;  // primary key in the sessions table
  std::string csrf_token;  // the synchroniser token for forms of this session
  Principal principal;
  UnixSeconds expires_at = 0;
};

class Sessions {
 public:
  explicit Sessions(const Context& ctx) : ctx_(ctx) {}

  // Checks the password in constant work whether or not the user exists.
  // Unauthenticated("用户名或密码错误") for a wrong name or password or an
  // inactive user. TooManyRequests, without checking the password, once
  // `login_max_failures` failures for the user fall in the last
  // `login_window_minutes` (since its last success), or `ip_max_failures`
  // from the address and the user has failed from it too: a user with no
  // failures of its own from a busy address still signs in. The count and
  // the record of the attempt are one atomic step (an attempt counts as a
  // failure until its password proved right), so parallel attempts never get
  // more than the limit evaluated. Thread-safe, also across nodes.
  Result<Session> Login(int64_t agency_id, const std::string& username, const std::string& password,
                        const std::string& ip);
  // The live session for a cookie token, or Unauthenticated.
  Result<Session> Authenticate(const std::string& token);
  // Ends the session (idempotent) and records it in the audit log.
  Status Logout(const Session& session);

  static std::string HashToken(const std::string& token);

 private:
  Result<Session> OpenSession(store::Tx& tx, int64_t agency_id, int64_t user_id, const std::string& ip);

  Context ctx_;
};

}  // namespace gk::accounts
