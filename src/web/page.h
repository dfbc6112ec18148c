// What a page or API handler sees: the request, the signed-in session (if
// any), the decoded form, the services, and helpers to answer. Included by
// the files under pages/ and api/; no Beast, no SOCI, no template engine.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/agencies.h"
#include "accounts/context.h"
#include "accounts/directory.h"
#include "accounts/platform.h"
#include "accounts/portal_generation.h"
#include "accounts/sessions.h"
#include "accounts/workdays.h"
#include "base/config.h"
#include "base/temp_file.h"
#include "disclosure/items.h"
#include "disclosure/portal.h"
#include "disclosure/reference.h"
#include "web/http.h"
#include "web/multipart.h"
#include "web/view.h"

namespace gk::web {

class Renderer;

// Whether `action` is among the actions a service allows (its view's
// `allowed`, from the state machine): the one question a page asks before it
// shows an action's form.
template <typename Action>
bool Offers(const std::vector<Action>& allowed, Action action) {
  return std::find(allowed.begin(), allowed.end(), action) != allowed.end();
}

// Who may reach a route. Staff routes send anonymous visitors to the login
// page; API routes answer 401 JSON instead.
enum class Access { kPublic, kStaff, kApiPublic, kApiStaff };

// Whether a public GET route's page may be cached (docs/architecture.md,
// "The portal's caches"): only routes that show published content and
// settings, nothing of a visitor or of the office's work. Their answers to
// visitors carry Cache-Control: public and an ETag, and are kept in the
// rendered-page cache until the generation of their agency (or of the
// platform) changes, or for at most the route's time.
enum class Caching {
  kNone,    // no-store (forms, case status, every staff page)
  kPage,    // at most 10 minutes (dates on the page move on at midnight)
  kSearch,  // search results: at most 30 seconds
};

struct PortalMemo;  // web/page_cache.h

struct Ctx {
  Request& req;
  const Config& config;
  const Renderer& renderer;
  const disclosure::ReferenceData& ref;
  accounts::Context services;
  std::map<std::string, std::string> params;  // from the route pattern
  Params form;                                // decoded form body (POST)
  std::vector<Part> files;                    // uploaded files (multipart/form-data)
  std::optional<accounts::Session> session;
  accounts::Agency agency;                    // the agency this request is for
  // "/{code}" when the request came by the agency's portal column
  // (/{code}/…), else "": what the portal's links start with.
  std::string portal_root;
  // The request came by the agency's own host name (server.hosts): its
  // column without the prefix.
  bool agency_site = false;
  // The page shows the whole platform (DistrictPlatform found one): it is
  // cached under the platform's generation, not the agency's.
  bool platform_wide = false;
  // The platform's agencies (ListPlatform) when the middleware has them: an
  // unprefixed request of a visitor with no agency configured. Kept by the
  // App while the platform's generation is unchanged.
  std::shared_ptr<const std::vector<accounts::PlatformAgency>> platform_agencies;
  // The portal's generation counters the middleware read before this page
  // (a visitor's GET of a cacheable route; docs/architecture.md, "The
  // portal's caches"), else none; and what the App keeps per generation.
  // A page may reuse a kept value only under these counters.
  std::optional<accounts::PortalGenerations> generations;
  PortalMemo* memo = nullptr;
  std::string csrf_token;                     // to embed in forms
  std::vector<std::pair<std::string, std::string>> extra_cookies;

  // The agency's catalog categories and per-category counts
  // (disclosure::ReadPortalCatalog): kept by the App per agency generation
  // when the middleware read one (`generations`), else read.
  Result<std::shared_ptr<const disclosure::PortalCatalog>> PortalCatalog() const;
  // The agency's settings (accounts::LoadSettings), kept the same way.
  Result<std::shared_ptr<const std::map<std::string, std::string>>> PortalSettings() const;
  const accounts::Principal& who() const { return session->principal; }
  accounts::Directory directory() const { return accounts::Directory(services); }
  accounts::Sessions sessions() const { return accounts::Sessions(services); }
  accounts::Workdays workdays() const { return accounts::Workdays(services); }
  disclosure::Items items() const { return disclosure::Items(services, ref); }

  // The layout data every page needs: agency, user, staff navigation, CSRF
  // token, title, and the flash message named by ?ok=… (after a redirect).
  View Base(const std::string& title, const std::string& nav) const;
  // Renders templates/<name> inside the layout.
  Response Page(const std::string& name, View view, int status = 200) const;
  // An error page (HTML) or error object (API) for a non-OK status, with
  // UserMessage(s).
  Response Error(const Status& s) const;
  // What a person is told of a refusal `s`: its message when that is meant
  // for people (Simplified Chinese). An internal or unavailable failure, and
  // a message with English in it (an internal text from below, web/english.h),
  // is logged and replaced by the catalog's message for its code.
  std::string UserMessage(const Status& s) const;
  // A form value (first), "" if absent.
  std::string Field(const std::string& name) const { return Param(form, name); }
  // The route parameter `name` as a positive id, or InvalidArgument.
  Result<int64_t> IdParam(const std::string& name) const;
  bool IsApi() const;
  // The client's address (web::ClientAddress under server.trusted_proxies):
  // what per-address limits and login records use.
  std::string ClientIp() const;
  // A public form's submission token (hidden field "_once"): the one posted
  // with a form shown again (an error to correct: the same submission), else
  // a new one (accounts::NewSubmissionToken).
  std::string SubmissionToken() const;
  // What a submission is known by (accounts::KeepSubmission): the posted
  // token bound to this visitor's form token, so that a token seen by
  // someone else finds nothing for them; "" without a well-formed token.
  std::string SubmissionKey() const;
  // The portal's address for links that leave the site (feeds, sitemaps,
  // printed notices): server.public_url, or "" when it is not set. Never
  // taken from the request's Host header, which the sender chooses.
  std::string PortalUrl() const;
  // A stored due date (YYYY-MM-DD) as shown to people: followed by "（暂定）"
  // when WorkdayCalendar::IsProvisional says it lies in the year after the
  // agency's latest holiday notice. The calendar is read once per request.
  std::string DueText(const std::string& date) const;

  mutable std::optional<WorkdayCalendar> calendar_;  // DueText's cache
};

using HandlerFn = std::function<Response(Ctx&)>;

// The one error policy of pages (docs/architecture.md, "Refusals on pages").
// A refusal is shown on the page the person sent it from — that page again,
// with the message, answered with the code's HTTP status — whenever the
// record is there and the system works: bad input, a state that does not
// allow the action, a concurrent change, a file too large, too many
// submissions, an action the person's role may not take. The error page is
// for the rest: a record that is missing or not readable (404), a lost
// session (401), a failure of the system (500, 503). Two kinds of form are
// about the very thing the rest treats as the error page:
enum class FormKind {
  kChange,  // a form that acts on or creates a record
  kLookup,  // a look-up by what the person typed (query code): "not found" is their input
  kLogin,   // the login form: wrong credentials are their input
};
// Whether `s` (not ok) is shown on the form of that kind rather than on the
// error page.
bool ShownOnForm(const Status& s, FormKind kind = FormKind::kChange);
// The page a refusal is shown on: the form again, with the message and status.
using Redisplay = std::function<Response(const std::string& message, int status)>;
// The response to a refusal `s`: `redisplay` when ShownOnForm, else the error
// page. Every page answers refusals through this.
Response Refused(Ctx& c, const Status& s, const Redisplay& redisplay, FormKind kind = FormKind::kChange);

// What a person is told of a refusal `s`: s.message() when it is meant for
// people (Simplified Chinese, web/english.h finds no English in it);
// otherwise — Internal, Unavailable, an empty message or one with English —
// the catalog's message for its code ("error_invalid_argument", …), and
// *replaced (if given) is set. Logs nothing; Ctx::UserMessage logs.
std::string MessageForPeople(const Renderer& renderer, const Status& s, bool* replaced = nullptr);

// A file download: Content-Disposition attachment with the UTF-8 file name
// (RFC 6266/5987), nosniff, and the media type decided on upload.
Response FileResponse(const std::string& filename, const std::string& media_type, std::string bytes);
// A PNG shown in a page (not a download), never cached: it may show
// personal data.
Response InlinePng(std::string bytes);
// The same for bytes in a temporary file (a large export), sent from it
// with sendfile(2). Internal if its last bytes cannot be written out.
Result<Response> FileResponse(const std::string& filename, const std::string& media_type, TempFile file);

struct Route {
  const char* method;
  const char* pattern;
  Access access;
  HandlerFn fn;
  Caching caching = Caching::kNone;
};

// Route tables, one per file under pages/ and api/.
std::vector<Route> PortalRoutes();
std::vector<Route> LoginRoutes();
std::vector<Route> StaffHomeRoutes();
std::vector<Route> AdminRoutes();
std::vector<Route> CalendarRoutes();
std::vector<Route> ApiV1Routes();
std::vector<Route> ItemRoutes();
// The staff page of the item named by the route parameter "id", with an
// error message for the person (after a refused POST), answered with `status`.
Response ItemPageWithError(Ctx& c, const std::string& error, int status);
// The staff member's tasks (items waiting for them), oldest first.
View TaskList(Ctx& c);
// The first `limit` open applications waiting for the user's role or
// department, by due date.
View ApplicationTasks(Ctx& c, int limit);
// How many open applications wait for the user (an indexed count); 0 when
// it cannot be read.
int64_t ApplicationsWaiting(Ctx& c);
std::vector<Route> CatalogRoutes();
std::vector<Route> PublicItemRoutes();
std::vector<Route> SearchRoutes();
// The portal's application pages (apply.cc) and the staff's (applications.cc).
std::vector<Route> ApplyRoutes();
std::vector<Route> ApplicationRoutes();
std::vector<Route> InquiryRoutes();
std::vector<Route> ScanSettingsRoutes();
std::vector<Route> ReportRoutes();
std::vector<Route> ChannelRoutes();
std::vector<Route> ReadingPointRoutes();
std::vector<Route> FeedbackRoutes();
std::vector<Route> PlatformRoutes();
std::vector<Route> DistrictRoutes();

// Runs `act` on the record named by the route parameter "id": success
// redirects to `base`/{id}?ok=`flash`; a refusal is answered by Refused, with
// the record's page (`show`) as the form.
Response ActOnRecord(Ctx& c, const std::function<Status(int64_t)>& act,
                     const std::function<Response(Ctx&, const std::string&, int)>& show, const std::string& base,
                     const std::string& flash);
std::vector<Route> OrderRoutes();
std::vector<Route> SecrecyRoutes();
std::vector<Route> SupervisionRoutes();
// The panel naming who answers for a record (oversight/responsibility.h),
// as v["responsibility_html"] (escaped HTML).
enum class ResponsibilityOf { kItem, kApplication, kFeedback };
void AddResponsibility(Ctx& c, ResponsibilityOf kind, int64_t id, View& v);
// The item page's panel of releases on other channels (and the form, for
// the 公开办 when the item is published).
void AddChannelReleases(Ctx& c, int64_t item_id, bool published, View& v);
// The active 集中查阅点 of the reader's district, as v["reading_points"]
// {id, name, address, hours} and v["has_reading_points"].
void AddReadingPointChoices(Ctx& c, View& v);
// "政府门户网站", "公开栏", … for a stored channel key.
std::string ChannelLabelOf(const std::string& key);
// A stored UTC time as China time for people ("" stays "", text that is not
// a time is shown as it is).
std::string ChinaTime(const std::string& utc);
// A positive id from a form or query value; nullopt when empty or invalid.
std::optional<int64_t> OptionalId(const std::string& s);
// The agency's departments as options {id, name, selected} of a select.
View DepartmentChoices(Ctx& c, std::optional<int64_t> selected);

}  // namespace gk::web
