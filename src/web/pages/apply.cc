// The portal's application pages: the form and receipt, and the status
// look-up by query code and phone, with the letters and files to download.
#include "base/statutory.h"
#include "web/page.h"
#include "web/pages/district_portal.h"
#include "web/pages/application_views.h"
#include "web/render.h"

namespace gk::web {
namespace {

using namespace application_views;

Response PortalPage(Ctx& c, const std::string& name, View v, int status = 200) {
  auto settings = accounts::LoadSettings(c.services.db, c.agency.id);
  if (!settings.ok()) return c.Error(settings.status());
  View page = c.Base(c.renderer.Text("portal_apply_title"), "apply");
  for (auto& [k, val] : v.map()) page[k] = val;
  page["portal"] = true;
  for (const auto& [k, value] : accounts::PublicSettings(*settings)) page["s"][k] = value;
  return c.Page(name, std::move(page), status);
}

// On the district home's platform (no agency column, several agencies) the
// applicant first chooses the agency: its column's form, /{code}/apply,
// takes the agency from the URL.
Response ChooseAgency(Ctx& c, const std::vector<accounts::PlatformAgency>& agencies) {
  View v = c.Base(c.renderer.Text("portal_apply_title"), "apply");
  v["portal"] = true;
  v["groups"] = AgencyGroups(agencies);
  return c.Page("portal/apply_choose", std::move(v));
}

Response ApplyForm(Ctx& c, const std::string& error = "", int status = 200) {
  View v = FormView(c);
  v["error"] = error;
  return PortalPage(c, "portal/apply", std::move(v), status);
}

Response SubmitApplication(Ctx& c) {
  if (c.Field("consent") != "1") return ApplyForm(c, "请阅读并确认申请须知", 400);
  auto f = Service(c).Submit(c.agency.id, ReadForm(c), c.ClientIp());
  if (!f.ok()) return Refused(c, f.status(), [&](const std::string& m, int st) { return ApplyForm(c, m, st); });
  View v;
  v["ref"] = f->ref;
  v["query_code"] = f->query_code;
  v["received_on"] = f->received_on.ToString();
  v["due_on"] = f->due_on ? f->due_on->ToString() : std::string("（待计算）");
  v["due_provisional"] = f->due_provisional;
  if (f->due_provisional) v["provisional_note"] = ProvisionalNote(f->due_on->year);
  return PortalPage(c, "portal/apply_receipt", std::move(v));
}

Response StatusForm(Ctx& c, const std::string& error = "", int status = 200) {
  View v;
  v["error"] = error;
  v["query_code"] = c.Field("query_code");
  return PortalPage(c, "portal/apply_status", std::move(v), status);
}

Response ShowStatus(Ctx& c) {
  auto s = Service(c).Lookup(c.agency.id, c.Field("query_code"), c.Field("phone"), c.ClientIp());
  if (!s.ok()) {
    return Refused(c, s.status(), [&](const std::string& m, int st) { return StatusForm(c, m, st); },
                   FormKind::kLookup);
  }
  View v;
  v["found"] = true;
  v["query_code"] = c.Field("query_code");
  v["phone"] = c.Field("phone");
  v["ref"] = s->ref;
  v["received_on"] = s->received_on;
  v["due_on"] = s->due_on;
  v["due_provisional"] = s->clock.clock.provisional_year.has_value();
  v["state"] = s->state_label;
  v["outcome"] = s->outcome_label;
  v["withheld"] = s->withheld;
  v["clock_lines"] = ClockLines(s->clock);
  v["history"] = HistoryView(s->clock);
  v["timeline"] = TimelineView(s->timeline);
  v["letters"] = LettersView(s->letters);
  v["has_letters"] = !s->letters.empty() || !s->files.empty();
  v["files"] = FilesView(s->files);
  AddHandOver(s->handed_to, "handed_to", v);
  AddHandOver(s->handed_from, "handed_from", v);
  return PortalPage(c, "portal/apply_status", std::move(v));
}

Response ApplicantLetter(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto f = Service(c).LetterForApplicant(c.agency.id, c.Field("query_code"), c.Field("phone"), *id,
                                         c.params["format"], c.ClientIp());
  if (!f.ok()) return c.Error(f.status());
  return FileResponse(f->filename, f->media_type, std::move(f->bytes));
}

Response ApplicantFile(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto f = Service(c).FileForApplicant(c.agency.id, c.Field("query_code"), c.Field("phone"), *id, c.ClientIp());
  if (!f.ok()) return c.Error(f.status());
  return FileResponse(f->filename, f->media_type, std::move(f->bytes));
}

}  // namespace

std::vector<Route> ApplyRoutes() {
  return {
      {"GET", "/apply", Access::kPublic,
       [](Ctx& c) {
         auto platform = DistrictPlatform(c);
         if (!platform.ok()) return c.Error(platform.status());
         if (*platform) return ChooseAgency(c, **platform);
         return ApplyForm(c);
       }},
      {"POST", "/apply", Access::kPublic, SubmitApplication},
      {"GET", "/apply/status", Access::kPublic, [](Ctx& c) { return StatusForm(c); }},
      {"POST", "/apply/status", Access::kPublic, ShowStatus},
      {"POST", "/apply/status/letters/{id}/{format}", Access::kPublic, ApplicantLetter},
      {"POST", "/apply/status/files/{id}", Access::kPublic, ApplicantFile},
  };
}

}  // namespace gk::web
