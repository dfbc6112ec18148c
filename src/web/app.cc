#include "web/app.h"

#include <spdlog/spdlog.h>

#include <sys/statvfs.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>

#include "accounts/agencies.h"
#include "accounts/platform.h"
#include "accounts/portal_generation.h"
#include "base/crypto.h"
#include "base/metrics.h"
#include "base/strings.h"
#include "store/migrate.h"
#include "text/fold.h"
#include "web/conditional.h"
#include "web/page.h"
#include "web/page_cache.h"
#include "web/render.h"
#include "web/router.h"

namespace gk::web {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSessionCookie = "gk_session";
constexpr const char* kCsrfCookie = "gk_csrf";
// A cached body from this size on is kept in a memory file and sent with
// sendfile(2) (CachedPage::file).
constexpr size_t kFileBodyBytes = 64 * 1024;

struct StaticFile {
  std::string content_type;
  std::string body;
};

const std::map<std::string, std::string>& StaticTypes() {
  static const std::map<std::string, std::string> kTypes = {
      {".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},           {".png", "image/png"},
      {".ico", "image/x-icon"},            {".txt", "text/plain; charset=utf-8"},
  };
  return kTypes;
}

Result<std::map<std::string, StaticFile>> LoadStatic(const std::string& root) {
  std::map<std::string, StaticFile> out;
  fs::path dir = fs::path(root) / "static";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    auto type = StaticTypes().find(e.path().extension().string());
    if (type == StaticTypes().end()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    out["/static/" + fs::relative(e.path(), dir).generic_string()] = {type->second, ss.str()};
  }
  return out;
}

void SecurityHeaders(Response& res, bool no_store, bool https) {
  // Built once: every response carries them.
  static const std::string kNoSniff = "X-Content-Type-Options", kNoSniffValue = "nosniff";
  static const std::string kHsts = "Strict-Transport-Security", kHstsValue = "max-age=31536000";
  static const std::string kFrame = "X-Frame-Options", kFrameValue = "DENY";
  static const std::string kReferrer = "Referrer-Policy", kReferrerValue = "same-origin";
  static const std::string kCsp = "Content-Security-Policy",
                           kCspValue = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
  static const std::string kCacheControl = "Cache-Control", kNoStore = "no-store";
  res.SetHeader(kNoSniff, kNoSniffValue);
  // Cookies marked Secure mean the site is served over HTTPS: browsers are
  // told to use nothing else for a year.
  if (https) res.SetHeader(kHsts, kHstsValue);
  res.SetHeader(kFrame, kFrameValue);
  res.SetHeader(kReferrer, kReferrerValue);
  res.SetHeader(kCsp, kCspValue);
  if (no_store && res.Header(kCacheControl).empty()) res.SetHeader(kCacheControl, kNoStore);
}

// What a visitor sees while the database cannot be reached: a page of its
// own (the site's layout needs the database), asking to come back shortly,
// with the request's id for a report to the operators.
Response UnavailablePage(const Request& req) {
  Response r = Response::Html(
      503,
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>系统暂时无法访问</title></head><body><main><h1>系统暂时无法访问</h1>"
      "<p>系统正在恢复，请稍后再试。</p><p><small>请求编号：" +
          EscapeHtml(req.id) + "</small></p></main></body></html>\n");
  r.SetHeader("Retry-After", "10");
  return r;
}

// Counts a look-up in the rendered-page cache (hit, miss: not there or
// stale, stored: rendered and kept).
void CountCache(std::string_view result) {
  static metrics::Counter& lookups = metrics::Registry::Global().NewCounter(
      "gongkai_page_cache_total", "Rendered-page cache look-ups and stores, by result (hit, miss, stored).",
      {"result"});
  lookups.Add({result});
}

bool IsStateChanging(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// The form token of a visitor (no session): a MAC of the gk_csrf cookie's
// random value under a key derived from the data key. Someone who can plant
// a cookie (a sibling subdomain, a man in the middle of plain HTTP) cannot
// make a matching token without the key.
std::string VisitorCsrfToken(const DataKey& key, const std::string& cookie) { return key.Mac("gkcsrfv1", cookie); }

// The agency code server.hosts gives the request's Host header, or "".
std::string SiteCodeOf(const Request& req, const std::map<std::string, std::string>& hosts) {
  if (hosts.empty()) return "";
  std::string host = ToLowerAscii(req.Header("host"));
  if (size_t colon = host.rfind(':'); colon != std::string::npos && host.find(']') == std::string::npos) {
    host.resize(colon);
  }
  auto it = hosts.find(host);
  return it == hosts.end() ? "" : it->second;
}

// How long a cached page of a route is kept at most, generation unchanged.
std::chrono::seconds KeptFor(Caching c) {
  return c == Caching::kSearch ? std::chrono::seconds(30) : std::chrono::seconds(600);
}

// The agency setting portal_max_age (seconds a browser or proxy may keep a
// public page; 0: revalidate every time), 60 when unset.
int MaxAgeSetting(const std::map<std::string, std::string>& settings) {
  auto it = settings.find("portal_max_age");
  if (it == settings.end() || Trim(it->second).empty()) return 60;
  return std::clamp(std::atoi(std::string(Trim(it->second)).c_str()), 0, 86400);
}

}  // namespace

struct App::Impl {
  store::Database& db;
  const Clock& clock;
  const Config& config;
  Renderer renderer;
  disclosure::ReferenceData ref;
  std::map<std::string, StaticFile> statics;
  DataKey data_key;
  Router<Route> router;
  PageCache pages;
  GenerationCache generations;
  // Each agency's portal_max_age, with the agency's generation it was read
  // under (a settings change increments it).
  std::mutex max_age_mu;
  std::map<int64_t, std::pair<int64_t, int>> max_age_of;  // GUARDED_BY(max_age_mu)

  Response Dispatch(Request& req);
  // /readyz: 200 when this node can serve (the database answers, its schema
  // is at least this binary's, writes have room), else 503 naming what fails.
  Response Ready();
  // /metrics for server.metrics_allow; 404 for anyone else.
  Response Metrics(const Request& req);
  bool LowOnSpace() const;
  std::atomic<bool> schema_current{false};  // once true, stays true
  int cache_gauge = 0;                      // metrics::Registry id
  // The rendered-page cache's key of `req`: what selects the page before
  // any database read — the agency server.hosts gives its Host, and the
  // target as asked (the path with its /{code}/ prefix, and the query).
  std::string CacheKey(const Request& req) const {
    return SiteCodeOf(req, config.server.hosts) + "\n" + req.target;
  }
  // The cached answer to `req` under `key` when its scope's generation is
  // still the one it was rendered under; nullopt otherwise.
  std::optional<Response> FromCache(const Request& req, const std::string& key);
  // The agency's portal_max_age, read again only when `generation` moved.
  int MaxAge(int64_t agency_id, int64_t generation);
  // The platform's agencies, read again only when the platform's generation
  // moved (one primary-key read instead of the list).
  Result<std::shared_ptr<const std::vector<accounts::PlatformAgency>>> PlatformAgencies();
  std::mutex platform_mu;
  int64_t platform_generation = -1;                                                // GUARDED_BY(platform_mu)
  std::shared_ptr<const std::vector<accounts::PlatformAgency>> platform_list;  // GUARDED_BY(platform_mu)
  PortalMemo memo;  // what pages keep per portal generation (Ctx::memo)
  Response Serve(Request& req, const Route& route, std::map<std::string, std::string> params,
                 std::optional<accounts::Agency> column = std::nullopt);
  // A request for an agency's portal column, /{code}/…: its public pages
  // with the agency from the path. nullopt when the path names no agency.
  std::optional<Response> ServeColumn(Request& req);
};

App::App(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  impl_->cache_gauge = metrics::Registry::Global().AddGauge(
      "gongkai_page_cache_bytes", "Bytes held by the rendered-page cache.", [impl = impl_.get()](std::string& out) {
        metrics::AppendSample(out, "gongkai_page_cache_bytes", "", static_cast<double>(impl->pages.bytes()));
      });
}
App::~App() { metrics::Registry::Global().RemoveGauge(impl_->cache_gauge); }

Result<std::unique_ptr<App>> App::Create(store::Database& db, const Clock& clock, const Config& config) {
  // Search folding needs OpenCC's data; without it traditional characters
  // would be indexed unconverted, so refuse to start.
  RETURN_IF_ERROR(text::InitTextFolding());
  ASSIGN_OR_RETURN(Renderer renderer, Renderer::Load(config.root));
  ASSIGN_OR_RETURN(auto statics, LoadStatic(config.root));
  ASSIGN_OR_RETURN(auto ref, disclosure::LoadReferenceData(config.root));
  ASSIGN_OR_RETURN(DataKey key, accounts::LoadDataKey(config.security));
  auto impl = std::unique_ptr<Impl>(new Impl{db, clock, config, std::move(renderer), std::move(ref),
                                             std::move(statics), std::move(key), {},
                                             PageCache(config.server.page_cache_mb * (size_t{1} << 20)),
                                             GenerationCache(db, std::chrono::milliseconds(config.server.portal_recheck_ms)),
                                             {}, {}});
  for (auto table : {PortalRoutes, LoginRoutes, StaffHomeRoutes, AdminRoutes, CalendarRoutes, ApiV1Routes,
                     ItemRoutes, CatalogRoutes, PublicItemRoutes, SearchRoutes, ApplyRoutes, ApplicationRoutes,
                     InquiryRoutes, ScanSettingsRoutes, ReportRoutes, ChannelRoutes, ReadingPointRoutes, FeedbackRoutes, OrderRoutes, SecrecyRoutes, SupervisionRoutes,
                     PlatformRoutes, DistrictRoutes}) {
    for (Route& r : table()) impl->router.Add(r.method, r.pattern, r);
  }
  return std::unique_ptr<App>(new App(std::move(impl)));
}

Response App::Handle(Request& req) {
  Response res = impl_->Dispatch(req);
  // Whatever a state-changing request committed shows on this node's next
  // request (GenerationCache); TouchPortal also counts, but before its commit.
  if (IsStateChanging(req.method)) accounts::NoteLocalPortalChange();
  SecurityHeaders(res, req.path.rfind("/static/", 0) != 0, ServedOverHttps(req, impl_->config.server));
  return res;
}

Response App::Impl::Dispatch(Request& req) {
  size_t q = req.target.find('?');
  auto path = DecodePath(std::string_view(req.target).substr(0, q));
  auto query = ParseUrlEncoded(q == std::string::npos ? "" : std::string_view(req.target).substr(q + 1));
  if (!path.ok() || !query.ok() || req.target.empty() || req.target[0] != '/') {
    return Response::Text(400, "请求地址无效");
  }
  req.path = *path;
  req.query = std::move(*query);
  if (req.path == "/healthz") {
    Status s = db.Read([](store::Tx& tx) { return tx.Exec("SELECT 1").status(); });
    Response res = s.ok() ? Response::Json(200, "{\"status\":\"ok\"}")
                          : Response::Json(503, "{\"status\":\"unavailable\"}");
    res.route = "/healthz";
    return res;
  }
  if (req.path == "/readyz") return Ready();
  if (req.path == "/metrics") return Metrics(req);
  if (auto it = statics.find(req.path); it != statics.end() && (req.method == "GET" || req.method == "HEAD")) {
    Response res;
    res.route = "/static";
    res.SetHeader("Content-Type", it->second.content_type);
    res.SetHeader("Cache-Control", "public, max-age=3600");
    res.body = it->second.body;
    return res;
  }
  // A visitor's GET of a page in the rendered-page cache, before routing and
  // before any agency is looked up: only cacheable routes' pages are there,
  // and whatever would route the target elsewhere (an agency added)
  // increments every generation.
  if (req.method == "GET" && pages.enabled() && req.Cookie(kSessionCookie).empty()) {
    if (auto hit = FromCache(req, CacheKey(req))) return std::move(*hit);
  }
  auto match = router.Find(req.method, req.path);
  if (!match.handler) {
    if (match.path_matched) return Response::Text(405, "不支持的请求方法");
    if (auto column = ServeColumn(req)) return std::move(*column);
    Route not_found{"GET", "", Access::kPublic, [](Ctx& c) { return c.Error(NotFound("页面不存在")); }};
    return Serve(req, not_found, {});
  }
  return Serve(req, *match.handler, std::move(match.params));
}

Response App::Impl::Ready() {
  std::vector<std::string> failing;
  Status s = db.Read([](store::Tx& tx) { return tx.Exec("SELECT 1").status(); });
  if (!s.ok()) {
    failing.push_back("database");
  } else if (!schema_current) {
    // A newer node may have migrated further: the expanded schema serves
    // this binary too (docs/operations.md, upgrades).
    auto version = store::SchemaVersion(db);
    if (version.ok() && *version >= store::EmbeddedMigrations().back().version) schema_current = true;
    else failing.push_back("migrations");
  }
  if (db.StorageFull() || LowOnSpace()) failing.push_back("storage");
  Response res;
  if (failing.empty()) {
    res = Response::Json(200, "{\"status\":\"ready\"}");
  } else {
    std::string list;
    for (const auto& f : failing) list += (list.empty() ? "\"" : ",\"") + f + "\"";
    res = Response::Json(503, "{\"status\":\"not_ready\",\"failing\":[" + list + "]}");
  }
  res.route = "/readyz";
  return res;
}

bool App::Impl::LowOnSpace() const {
  const std::string path = store::SqlitePath(db.url());
  if (path.empty() || config.server.min_free_mb <= 0) return false;
  struct statvfs fs {};
  fs::path dir = fs::path(path).parent_path();
  if (::statvfs(dir.empty() ? "." : dir.c_str(), &fs) != 0) return false;
  const uint64_t free_bytes = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
  return free_bytes < static_cast<uint64_t>(config.server.min_free_mb) << 20;
}

Response App::Impl::Metrics(const Request& req) {
  std::optional<IpAddress> client = ParseIp(ClientAddress(req, config.server.trusted_proxies));
  bool allowed = false;
  for (const IpRange& r : config.server.metrics_allow) allowed = allowed || (client && InRange(r, *client));
  Response res = allowed && (req.method == "GET" || req.method == "HEAD")
                     ? Response::Text(200, metrics::Registry::Global().Exposition())
                     : Response::Text(404, "页面不存在");
  if (allowed) res.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  res.route = "/metrics";
  return res;
}

std::optional<Response> App::Impl::ServeColumn(Request& req) {
  size_t end = req.path.find('/', 1);
  std::string code = req.path.substr(1, end == std::string::npos ? std::string::npos : end - 1);
  if (code.size() < 2 || code.size() > 32 || code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") !=
                                                   std::string::npos) {
    return std::nullopt;
  }
  // From the platform's list of agencies kept under its generation: a new
  // agency or a new name moves that generation (accounts::TouchPortal), so
  // the column is found as freshly as a cached page is.
  auto agencies = PlatformAgencies();
  if (!agencies.ok()) {
    spdlog::error("agency column {}: {}", code, agencies.status().ToString());
    return Response::Text(503, "系统暂时无法访问，请稍后再试");
  }
  std::optional<accounts::Agency> agency;
  for (const auto& a : **agencies) {
    if (a.agency.code == code) {
      agency = a.agency;
      break;
    }
  }
  if (!agency) return std::nullopt;
  if (end == std::string::npos) {  // /{code} → /{code}/, keeping the query
    size_t q = req.target.find('?');
    return Response::Redirect("/" + code + "/" + (q == std::string::npos ? "" : req.target.substr(q)));
  }
  std::string rest = req.path.substr(end);
  auto match = router.Find(req.method, rest);
  req.path = rest;
  if (match.handler && match.handler->access == Access::kPublic) {
    return Serve(req, *match.handler, std::move(match.params), agency);
  }
  if (!match.handler && match.path_matched) return Response::Text(405, "不支持的请求方法");
  // The staff area and the API are not in a column.
  Route not_found{"GET", "", Access::kPublic, [](Ctx& c) { return c.Error(NotFound("页面不存在")); }};
  return Serve(req, not_found, {}, agency);
}

std::optional<Response> App::Impl::FromCache(const Request& req, const std::string& key) {
  auto page = pages.Find(key);
  if (!page) return std::nullopt;
  auto generation = generations.Of(page->scope);
  if (!generation.ok() || *generation != page->generation) {
    pages.Erase(key);
    return std::nullopt;
  }
  CountCache("hit");
  Response res;
  res.route = page->route;
  res.headers = page->headers;
  if (page->file) {  // sent from the memory file with sendfile(2)
    res.file_body = page->file;
    res.file_length = page->file->size();
  } else {
    res.shared_body = std::shared_ptr<const std::string>(page, &page->body);  // no copy
  }
  res.SetHeader("X-Cache", "hit");
  AnswerConditional(req, res);
  return res;
}

Result<std::shared_ptr<const std::vector<accounts::PlatformAgency>>> App::Impl::PlatformAgencies() {
  ASSIGN_OR_RETURN(int64_t generation, generations.Of(accounts::kPlatformScope));
  {
    std::lock_guard<std::mutex> lock(platform_mu);
    if (platform_list && platform_generation == generation) return platform_list;
  }
  // Read after the generation: a change in between leaves the list kept
  // under the older generation, so the next request reads it again.
  ASSIGN_OR_RETURN(auto all, db.Read<std::vector<accounts::PlatformAgency>>(
                                 [](store::Tx& tx) { return accounts::ListPlatform(tx); }));
  auto list = std::make_shared<const std::vector<accounts::PlatformAgency>>(std::move(all));
  std::lock_guard<std::mutex> lock(platform_mu);
  platform_list = list;
  platform_generation = generation;
  return list;
}

int App::Impl::MaxAge(int64_t agency_id, int64_t generation) {
  {
    std::lock_guard<std::mutex> lock(max_age_mu);
    auto it = max_age_of.find(agency_id);
    if (it != max_age_of.end() && it->second.first == generation) return it->second.second;
  }
  auto settings = accounts::LoadSettings(db, agency_id);
  int seconds = settings.ok() ? MaxAgeSetting(*settings) : 0;
  if (settings.ok()) {
    std::lock_guard<std::mutex> lock(max_age_mu);
    max_age_of[agency_id] = {generation, seconds};
  }
  return seconds;
}

Response App::Impl::Serve(Request& req, const Route& route, std::map<std::string, std::string> params,
                          std::optional<accounts::Agency> column) {
  // A page that shows only published content, asked for by a visitor, goes
  // into the rendered-page cache (Dispatch answered from it when it could).
  const bool cacheable = route.caching != Caching::kNone && route.access == Access::kPublic && req.method == "GET";
  const std::string site_code = column ? "" : SiteCodeOf(req, config.server.hosts);
  std::string cache_key;
  if (cacheable && pages.enabled() && req.Cookie(kSessionCookie).empty()) {
    cache_key = CacheKey(req);
    CountCache("miss");
  }
  Ctx ctx{req, config, renderer, ref,
          accounts::Context{db, clock, config.security, &data_key, config.root, &config.channels}, std::move(params)};
  bool api = route.access == Access::kApiPublic || route.access == Access::kApiStaff;

  // The session, if the cookie names a live one.
  if (std::string token = req.Cookie(kSessionCookie); !token.empty()) {
    auto s = ctx.sessions().Authenticate(token);
    if (s.ok()) {
      ctx.session = std::move(*s);
    } else if (s.status().code() == Code::kUnavailable) {
      // Not "signed out": the database cannot say.
      return UnavailablePage(req);
    }
  }
  // A public page asked for by an agency's own host name (server.hosts) is
  // that agency's column, with unprefixed links.
  std::optional<accounts::Agency> site;
  if (route.access == Access::kPublic && !site_code.empty()) {
    Status st = db.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(site, accounts::FindAgencyByCode(tx, site_code));
      return Status::Ok();
    });
    if (!st.ok()) {
      if (db.Reachable()) spdlog::error("agency of host {}: {}", req.Header("host"), st.ToString());
      return UnavailablePage(req);
    }
    if (!site) spdlog::warn("server.hosts maps {} to {}, which is not an agency", req.Header("host"), site_code);
  }
  // The agency: the column's (/{code}/…) or the host's, else the session's,
  // else the configured / only one / the platform's root district.
  if (site) column = site;
  // A visitor's unprefixed request with no agency configured: the platform's
  // agencies, kept while the platform's generation holds, give the agency.
  if (!column && !ctx.session && config.agency.empty()) {
    auto platform = PlatformAgencies();
    if (platform.ok()) ctx.platform_agencies = std::move(*platform);
  }
  std::optional<accounts::Agency> listed;
  if (!column && ctx.platform_agencies) listed = accounts::DefaultAmong(*ctx.platform_agencies);
  auto agency = column   ? Result<accounts::Agency>(*column)
                : listed ? Result<accounts::Agency>(*listed)
                : ctx.session ? [&]() -> Result<accounts::Agency> {
    accounts::Agency a;
    Status st = db.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(a, accounts::FindAgencyById(tx, ctx.session->principal.agency_id));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return a;
  }() : accounts::DefaultAgency(db, config.agency);
  if (!agency.ok()) {
    // The database cannot be reached (said once in the log by the store), or
    // something else that is not the visitor's to know.
    if (agency.status().code() == Code::kUnavailable) {
      if (db.Reachable()) spdlog::error("no agency to serve: {}", agency.status().ToString());
      return UnavailablePage(req);
    }
    spdlog::error("no agency to serve: {}", agency.status().ToString());
    return Response::Text(503, "系统尚未初始化：没有可用的机关数据");
  }
  ctx.agency = *agency;
  if (column && !site) ctx.portal_root = "/" + column->code;
  ctx.agency_site = site.has_value();

  // CSRF: the session's synchroniser token, or for visitors a MAC of the
  // gk_csrf cookie's random value (VisitorCsrfToken); plus an Origin check.
  std::string cookie_csrf = req.Cookie(kCsrfCookie);
  bool fresh_cookie = false;
  if (!ctx.session && (cookie_csrf.size() < 20 || cookie_csrf.size() > 64)) {
    cookie_csrf = RandomToken(24);
    fresh_cookie = true;
  }
  ctx.csrf_token = ctx.session ? ctx.session->csrf_token : VisitorCsrfToken(data_key, cookie_csrf);
  // The generations are read before the page is, so that a change committed
  // while it renders leaves it stale rather than current.
  std::optional<accounts::PortalGenerations> seen;
  if (cacheable && !ctx.session) {
    auto g = generations.ForAgency(ctx.agency.id);
    if (g.ok()) seen = *g;
  }
  ctx.generations = seen;
  ctx.memo = &memo;

  Response res = [&]() -> Response {
    if (IsStateChanging(req.method)) {
      std::string type = ToLowerAscii(req.Header("content-type"));
      if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
        auto form = ParseUrlEncoded(req.body);
        if (!form.ok()) return ctx.Error(InvalidArgument("提交的内容含有无效字符或编码错误"));
        ctx.form = std::move(*form);
      } else if (!api && type.rfind("multipart/form-data", 0) == 0) {
        auto parts = ParseMultipart(req.Header("content-type"), req.body);
        if (!parts.ok()) {
          spdlog::info("{} {}: multipart body refused: {}", req.method, req.path, parts.status().message());
          return ctx.Error(InvalidArgument("提交的内容格式错误，请重新提交"));
        }
        for (Part& p : *parts) {
          if (p.filename.empty()) {
            if (!IsValidUtf8(p.data)) return ctx.Error(InvalidArgument("提交的内容含有无效字符或编码错误"));
            ctx.form.emplace(p.name, std::move(p.data));
          } else {
            ctx.files.push_back(std::move(p));
          }
        }
      } else if (!req.body.empty() && !(api && type.rfind("application/json", 0) == 0)) {
        return ctx.Error(InvalidArgument("不支持的提交格式"));
      }
      std::string sent = api ? req.Header("x-csrf-token") : ctx.Field("_csrf");
      if (sent.empty()) sent = req.Header("x-csrf-token");
      if (fresh_cookie || !SameOrigin(req, config.server) || !ConstantTimeEquals(sent, ctx.csrf_token)) {
        return ctx.Error(PermissionDenied("页面已过期或请求来源无效，请刷新页面后重试"));
      }
    }
    if ((route.access == Access::kStaff || route.access == Access::kApiStaff) && !ctx.session) {
      if (route.access == Access::kStaff && req.method == "GET") {
        return Response::Redirect("/staff/login?next=" + UrlEncode(req.target));
      }
      return ctx.Error(Unauthenticated("请先登录"));
    }
    return route.fn(ctx);
  }();
  // A visitor's cookie only when the page carries the token made from it
  // (a form that posts); a page without one sets no cookie and may be cached.
  // (Downloads are not searched: no file carries it.)
  const bool uses_token = !ctx.session && res.Header("Content-Disposition").empty() &&
                          res.body.find(ctx.csrf_token) != std::string::npos;
  if (fresh_cookie && uses_token) res.SetCookie(kCsrfCookie, cookie_csrf, ServedOverHttps(req, config.server), false);
  for (const auto& [name, value] : ctx.extra_cookies) res.headers.emplace_back(name, value);
  if (ctx.session) res.log_user = ctx.session->principal.username;
  res.route = route.pattern;
  if (seen && res.status == 200 && !uses_token && res.Header("Set-Cookie").empty()) {
    int max_age = MaxAge(ctx.agency.id, seen->agency);
    res.SetHeader("Cache-Control", max_age > 0 ? "public, max-age=" + std::to_string(max_age) : "no-cache");
    // The same address shows a signed-in user their own page: a browser or
    // proxy keeps the visitor's copy for requests without cookies only.
    res.SetHeader("Vary", "Cookie");
    if (res.Header("ETag").empty()) res.SetHeader("ETag", EntityTag(res.body));
    if (!cache_key.empty()) {
      CachedPage page;
      page.headers = res.headers;
      // A large body (an attachment) is kept in a sealed memory file and
      // sent from it by sendfile(2) on every hit: no copy of it from user
      // memory per response. Pages (tens of KiB) stay in memory and go out
      // with the head in one sendmsg.
      if (res.body.size() >= kFileBodyBytes && pages.Keeps(res.body.size())) page.file = FileBytes::Of(res.body);
      if (!page.file) page.body = res.body;
      page.route = res.route;
      page.scope = ctx.platform_wide ? accounts::kPlatformScope : ctx.agency.id;
      page.generation = ctx.platform_wide ? seen->platform : seen->agency;
      page.expires = std::chrono::steady_clock::now() + KeptFor(route.caching);
      pages.Put(cache_key, std::move(page));
      CountCache("stored");
      res.SetHeader("X-Cache", "miss");
    }
    AnswerConditional(req, res);
  }
  return res;
}

}  // namespace gk::web
