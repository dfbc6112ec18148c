#include "web/page.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include "accounts/public_guard.h"
#include "base/clock.h"
#include "base/statutory.h"
#include "base/strings.h"
#include "web/english.h"
#include "web/page_cache.h"
#include "web/render.h"

namespace gk::web {
namespace {

struct NavItem {
  const char* key;
  const char* href;
  const char* label_key;
  std::optional<accounts::Permission> permission;
};

const std::vector<NavItem>& StaffNav() {
  static const std::vector<NavItem> kNav = {
      {"home", "/staff", "nav_staff_home", accounts::Permission::kStaffArea},
      {"items", "/staff/items", "nav_items", accounts::Permission::kStaffArea},
      {"applications", "/staff/applications", "nav_applications", accounts::Permission::kStaffArea},
      {"search", "/staff/search", "nav_search", accounts::Permission::kStaffArea},
      {"feedback", "/staff/feedback", "nav_feedback", accounts::Permission::kStaffArea},
      {"dashboard", "/staff/supervision", "nav_dashboard", accounts::Permission::kViewSupervision},
      {"secrecy", "/staff/secrecy", "nav_secrecy", accounts::Permission::kViewSupervision},
      {"channels", "/staff/channels", "nav_channels", accounts::Permission::kStaffArea},
      {"ledger", "/staff/ledger", "nav_ledger", accounts::Permission::kStaffArea},
      {"reports", "/staff/reports/annual", "nav_annual_report", accounts::Permission::kStaffArea},
      {"catalog", "/staff/catalog", "nav_catalog_admin", accounts::Permission::kManageCatalog},
      {"scan", "/staff/scan-settings", "nav_scan_settings", accounts::Permission::kManageCatalog},
      {"calendar", "/staff/calendar", "nav_calendar", accounts::Permission::kViewCalendar},
      {"audit", "/staff/audit", "nav_audit", accounts::Permission::kViewAuditLog},
      {"users", "/staff/admin/users", "nav_users", accounts::Permission::kManageUsers},
      {"departments", "/staff/admin/departments", "nav_departments", accounts::Permission::kManageDepartments},
      {"agency", "/staff/admin/agency", "nav_agency", accounts::Permission::kManageAgencySettings},
      {"platform", "/staff/platform", "nav_platform", accounts::Permission::kManagePlatform},
      {"district", "/staff/district", "nav_district", accounts::Permission::kOverseeSubordinates},
  };
  return kNav;
}

}  // namespace

bool Ctx::IsApi() const { return req.path.rfind("/api/", 0) == 0; }

Result<std::shared_ptr<const disclosure::PortalCatalog>> Ctx::PortalCatalog() const {
  std::function<Result<disclosure::PortalCatalog>()> read = [&] {
    return disclosure::ReadPortalCatalog(services.db, agency.id);
  };
  if (memo && generations) return memo->catalog.Get(agency.id, generations->agency, read);
  ASSIGN_OR_RETURN(auto catalog, read());
  return std::make_shared<const disclosure::PortalCatalog>(std::move(catalog));
}

Result<std::shared_ptr<const std::map<std::string, std::string>>> Ctx::PortalSettings() const {
  std::function<Result<std::map<std::string, std::string>>()> read = [&] {
    return accounts::LoadSettings(services.db, agency.id);
  };
  if (memo && generations) return memo->settings.Get(agency.id, generations->agency, read);
  ASSIGN_OR_RETURN(auto settings, read());
  return std::make_shared<const std::map<std::string, std::string>>(std::move(settings));
}

View Ctx::Base(const std::string& title, const std::string& nav) const {
  View v;
  v["title"] = title;
  v["agency_name"] = agency.name;
  v["root"] = portal_root;
  v["csrf"] = csrf_token;
  v["nav_" + nav] = true;
  v["year"] = std::to_string(ChinaDate(services.clock.Now()).year);
  if (session) {
    const auto& p = session->principal;
    View user;
    user["display_name"] = p.display_name;
    user["username"] = p.username;
    std::string roles;
    for (auto r : p.roles) roles += (roles.empty() ? "" : "、") + std::string(accounts::RoleLabel(r));
    user["roles"] = roles;
    v["user"] = std::move(user);
    View items = View::MakeList();
    for (const NavItem& n : StaffNav()) {
      if (n.permission && !p.Can(*n.permission)) continue;
      View item;
      item["href"] = n.href;
      item["label"] = renderer.Text(n.label_key);
      item["active"] = nav == n.key;
      items.Push(std::move(item));
    }
    v["staff_nav"] = std::move(items);
  }
  if (std::string ok = req.QueryParam("ok"); !ok.empty()) {
    std::string key = "flash_" + ok;
    std::string text = renderer.Text(key);
    if (text != key) v["flash"] = text;
  }
  return v;
}

Response Ctx::Page(const std::string& name, View view, int status) const {
  auto html = renderer.Page(name, std::move(view));
  if (!html.ok()) {
    spdlog::error("rendering {} failed: {}", name, html.status().ToString());
    return Response::Text(500, "服务器内部错误");
  }
  return Response::Html(status, std::move(*html));
}

Response Ctx::Error(const Status& s) const {
  int status = HttpStatusFor(s.code());
  std::string message = UserMessage(s);
  if (IsApi()) {
    boost::json::object err;
    err["code"] = CodeName(s.code());
    err["message"] = message;
    boost::json::object body;
    body["error"] = std::move(err);
    return Response::Json(status, boost::json::serialize(body));
  }
  View v = Base(renderer.Text("error_title"), "");
  v["status"] = std::to_string(status);
  v["message"] = message;
  // For a report to the operators: the same id is in the log lines.
  if (status >= 500) v["request_id"] = req.id;
  v["is_404"] = status == 404;
  v["is_401"] = status == 401;
  return Page("error", std::move(v), status);
}

std::string MessageForPeople(const Renderer& renderer, const Status& s, bool* replaced) {
  bool internal = s.code() == Code::kInternal || s.code() == Code::kUnavailable;
  bool for_people = !internal && !s.message().empty() && EnglishRuns(s.message()).empty();
  if (replaced) *replaced = !for_people;
  if (for_people) return s.message();
  std::string key = "error";  // "InvalidArgument" → "error_invalid_argument"
  for (const char* p = CodeName(s.code()); *p; ++p) {
    if (*p >= 'A' && *p <= 'Z') {
      key += '_';
      key += static_cast<char>(*p - 'A' + 'a');
    } else {
      key += *p;
    }
  }
  std::string text = renderer.Text(key);
  return text == key ? renderer.Text("error_internal") : text;
}

std::string Ctx::UserMessage(const Status& s) const {
  bool replaced = false;
  std::string text = MessageForPeople(renderer, s, &replaced);
  if (store::IsStorageFull(s)) {
    // Said once in the log by the store.
    return renderer.Text("error_storage_full");
  }
  if (s.code() == Code::kUnavailable && !services.db.Reachable()) {
    // The store said once that the database is gone; not once per request.
  } else if (s.code() == Code::kInternal || s.code() == Code::kUnavailable) {
    spdlog::error("{} {}: {}", req.method, req.path, s.ToString());
  } else if (replaced) {
    spdlog::warn("{} {}: {} (shown as the message for its code)", req.method, req.path, s.ToString());
  }
  return text;
}

namespace {

void SetFileHeaders(Response& r, const std::string& filename, const std::string& media_type) {
  r.SetHeader("Content-Type", media_type);
  r.SetHeader("Content-Disposition", "attachment; filename=\"file\"; filename*=UTF-8''" + UrlEncode(filename));
  r.SetHeader("Cache-Control", "private, no-store");
}

}  // namespace

Result<Response> FileResponse(const std::string& filename, const std::string& media_type, TempFile file) {
  size_t size = file.size();
  ASSIGN_OR_RETURN(int fd, file.Release());
  Response r;
  r.file_body = FileBytes::Adopt(fd, size);
  r.file_length = size;
  SetFileHeaders(r, filename, media_type);
  return r;
}

Response FileResponse(const std::string& filename, const std::string& media_type, std::string bytes) {
  Response r;
  r.body = std::move(bytes);
  SetFileHeaders(r, filename, media_type);
  return r;
}

Response InlinePng(std::string bytes) {
  Response r;
  r.body = std::move(bytes);
  r.SetHeader("Content-Type", "image/png");
  r.SetHeader("Cache-Control", "private, no-store");
  return r;
}

Result<int64_t> Ctx::IdParam(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end() || it->second.empty() || it->second.size() > 18) return InvalidArgument("编号无效");
  int64_t v = 0;
  for (char c : it->second) {
    if (c < '0' || c > '9') return InvalidArgument("编号无效");
    v = v * 10 + (c - '0');
  }
  if (v <= 0) return InvalidArgument("编号无效");
  return v;
}

bool ShownOnForm(const Status& s, FormKind kind) {
  switch (s.code()) {
    case Code::kInvalidArgument:
    case Code::kOutOfRange:
    case Code::kConflict:
    case Code::kFailedPrecondition:
    case Code::kTooLarge:
    case Code::kTooManyRequests:
    case Code::kPermissionDenied: return true;
    case Code::kNotFound: return kind == FormKind::kLookup;
    case Code::kUnauthenticated: return kind == FormKind::kLogin;
    case Code::kOk:
    case Code::kUnavailable:
    case Code::kInternal: return false;
  }
  return false;
}

Response Refused(Ctx& c, const Status& s, const Redisplay& redisplay, FormKind kind) {
  if (!ShownOnForm(s, kind)) return c.Error(s);
  return redisplay(c.UserMessage(s), HttpStatusFor(s.code()));
}

std::string Ctx::ClientIp() const { return ClientAddress(req, config.server.trusted_proxies); }

std::string Ctx::SubmissionToken() const {
  std::string posted = Field("_once");
  return accounts::IsSubmissionToken(posted) ? posted : accounts::NewSubmissionToken();
}

std::string Ctx::SubmissionKey() const {
  std::string posted = Field("_once");
  return accounts::IsSubmissionToken(posted) ? posted + ":" + csrf_token : "";
}

std::string Ctx::PortalUrl() const { return config.server.public_url; }

std::string Ctx::DueText(const std::string& date) const {
  auto d = Date::Parse(date);
  if (!d.ok()) return date;
  if (!calendar_) {
    auto cal = workdays().Calendar(agency.id);
    if (!cal.ok()) {
      // Unmarked rather than failing the page; the date itself is right.
      spdlog::warn("due date mark: calendar of agency {}: {}", agency.id, cal.status().ToString());
      return date;
    }
    calendar_ = std::move(*cal);
  }
  return MarkedDate(*calendar_, *d);
}

std::string ChinaTime(const std::string& utc) {
  if (utc.empty()) return "";
  auto t = ParseUtc(utc);
  return t.ok() ? FormatChinaTime(*t) : utc;
}

std::optional<int64_t> OptionalId(const std::string& text) {
  std::string s(Trim(text));
  if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int64_t v = std::stoll(s);
  if (v <= 0) return std::nullopt;
  return v;
}

View DepartmentChoices(Ctx& c, std::optional<int64_t> selected) {
  View list = View::MakeList();
  auto depts = c.directory().Departments(c.who());
  if (!depts.ok()) return list;
  for (const auto& d : *depts) {
    View item;
    item["id"] = d.id;
    item["name"] = d.active ? d.name : d.name + "（已停用）";
    item["selected"] = selected && *selected == d.id;
    list.Push(std::move(item));
  }
  return list;
}

Response ActOnRecord(Ctx& c, const std::function<Status(int64_t)>& act,
                     const std::function<Response(Ctx&, const std::string&, int)>& show, const std::string& base,
                     const std::string& flash) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  Status s = act(*id);
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int status) { return show(c, m, status); });
  return Response::Redirect(base + "/" + std::to_string(*id) + "?ok=" + flash);
}

}  // namespace gk::web
