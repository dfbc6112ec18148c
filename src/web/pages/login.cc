// Staff sign-in and sign-out.
#include "accounts/platform.h"
#include "base/strings.h"
#include "web/page.h"
#include "web/render.h"

namespace gk::web {
namespace {

// True if `p` is a path of this site that no browser can read as another
// host: a single slash, then a printable character other than a slash or a
// backslash; no control character (tab included) and no backslash anywhere.
bool LocalPath(std::string_view p) {
  if (p.size() < 2 || p[0] != '/' || p[1] == '/' || p[1] == '\\') return false;
  for (unsigned char c : p) {
    if (c < 0x20 || c == 0x7F || c == '\\') return false;
  }
  return true;
}

// Only same-site paths are followed after login (no open redirect). The
// path is checked as sent and once percent-decoded, so "/%2F%2Fevil" or
// "/%5Cevil" or "/%09/evil" are refused too.
std::string SafeNext(const std::string& next) {
  auto decoded = DecodePath(next);
  if (!LocalPath(next) || !decoded.ok() || !LocalPath(*decoded)) return "/staff";
  return next;
}

Response LoginForm(Ctx& c, const std::string& error, const std::string& username, int status) {
  View v = c.Base(c.renderer.Text("login_title"), "login");
  v["next"] = SafeNext(c.req.QueryParam("next").empty() ? c.Field("next") : c.req.QueryParam("next"));
  v["error"] = error;
  v["username"] = username;
  auto agencies = [&]() -> Result<std::vector<accounts::Agency>> {
    std::vector<accounts::Agency> out;
    RETURN_IF_ERROR(c.services.db.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(out, accounts::ListAgencies(tx));
      return Status::Ok();
    }));
    return out;
  }();
  if (agencies.ok() && agencies->size() > 1) {
    for (const auto& a : *agencies) {
      View item;
      item["code"] = a.code;
      item["name"] = a.name;
      item["selected"] = a.id == c.agency.id;
      v["agencies"].Push(std::move(item));
    }
    v["many_agencies"] = true;
  }
  return c.Page("staff/login", std::move(v), status);
}

Response DoLogin(Ctx& c) {
  std::string username = std::string(Trim(c.Field("username")));
  std::string password = c.Field("password");
  if (username.empty() || password.empty()) {
    return LoginForm(c, "请输入用户名和密码", username, 400);
  }
  accounts::Agency agency = c.agency;
  std::string code = c.Field("agency");
  // "office@jingansi": the agency's code after the name, over the chooser.
  auto typed = accounts::ParseLoginName(username);
  if (!typed.ok()) return LoginForm(c, typed.status().message(), "", 400);
  username = typed->username;
  if (!typed->agency_code.empty()) code = typed->agency_code;
  if (!code.empty()) {
    auto a = accounts::ResolveAgency(c.services.db, code);
    if (!a.ok()) return LoginForm(c, "所选机关不存在", username, 400);
    agency = *a;
  }
  auto s = c.sessions().Login(agency.id, username, password, c.ClientIp());
  if (!s.ok()) {
    return Refused(c, s.status(), [&](const std::string& m, int st) { return LoginForm(c, m, username, st); }, FormKind::kLogin);
  }
  Response res = Response::Redirect(SafeNext(c.Field("next")));
  res.SetCookie("gk_session", s->token, ServedOverHttps(c.req, c.config.server), true);
  res.log_user = s->principal.username;
  return res;
}

Response DoLogout(Ctx& c) {
  if (c.session) {
    Status s = c.sessions().Logout(*c.session);
    if (!s.ok()) return c.Error(s);
  }
  Response res = Response::Redirect("/staff/login?ok=logged_out");
  res.SetCookie("gk_session", "", ServedOverHttps(c.req, c.config.server), true, 0);
  return res;
}

}  // namespace

std::vector<Route> LoginRoutes() {
  return {
      {"GET", "/staff/login", Access::kPublic,
       [](Ctx& c) {
         if (c.session) return Response::Redirect("/staff");
         return LoginForm(c, "", "", 200);
       }},
      {"POST", "/staff/login", Access::kPublic, DoLogin},
      {"POST", "/staff/logout", Access::kPublic, DoLogout},
  };
}

}  // namespace gk::web
