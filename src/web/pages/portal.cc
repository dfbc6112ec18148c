// The public portal (信息公开): home, 公开指南 and the sections later
// capabilities fill (公开目录, 依申请公开, 公开年报, 监督投诉).
#include "accounts/platform.h"
#include "base/clock.h"
#include "disclosure/portal.h"
#include "records/annual_reports.h"
#include "records/reading_points.h"
#include "web/page.h"
#include "web/pages/district_portal.h"
#include "web/render.h"

namespace gk::web {
namespace {

// The agency's public contact data (条例 Art. 12) as a list of {label, value}
// for templates; internal settings never reach the portal.
View Contacts(const std::map<std::string, std::string>& settings) {
  View list = View::MakeList();
  for (const auto& info : accounts::AgencySettingKeys()) {
    auto it = settings.find(info.key);
    if (!info.is_public || it == settings.end() || it->second.empty() || std::string(info.key) == "name") continue;
    View row;
    row["label"] = info.label;
    row["value"] = it->second;
    list.Push(std::move(row));
  }
  return list;
}

Response Portal(Ctx& c, const std::string& template_name, const std::string& title_key,
                const std::string& nav) {
  auto settings = c.PortalSettings();
  if (!settings.ok()) return c.Error(settings.status());
  View v = c.Base(c.renderer.Text(title_key), nav);
  v["portal"] = true;
  v["contacts"] = Contacts(**settings);
  for (const auto& [k, value] : accounts::PublicSettings(**settings)) v["s"][k] = value;
  return c.Page(template_name, std::move(v));
}

// How many items the home's 最新公开 list shows.
constexpr int kLatestOnHome = 8;

// The home's columns: the latest published items, the catalog's top-level
// categories with their counts, and the latest annual report. Each reads a
// bounded amount: LIMIT kLatestOnHome, one GROUP BY, LIMIT 1.
Status AddHomeColumns(Ctx& c, View& v) {
  ASSIGN_OR_RETURN(auto latest, disclosure::LatestPublished(c.services.db, c.agency.id, kLatestOnHome));
  View items = View::MakeList();
  for (const auto& h : latest) {
    View row;
    row["id"] = h.id;
    row["title"] = h.title;
    row["published_at"] = h.published_at;
    items.Push(std::move(row));
  }
  v["latest"] = std::move(items);
  v["has_latest"] = !latest.empty();
  // From the categories and counts kept per generation (Ctx::PortalCatalog).
  ASSIGN_OR_RETURN(auto catalog, c.PortalCatalog());
  const disclosure::CatalogOverview overview = disclosure::OverviewOf(*catalog);
  View sections = View::MakeList();
  for (const auto& cat : overview.top) {
    View row;
    row["id"] = cat.id;
    row["name"] = cat.name;
    row["count"] = cat.count;
    sections.Push(std::move(row));
  }
  v["sections"] = std::move(sections);
  v["has_sections"] = !overview.top.empty();
  v["total_published"] = overview.total;
  ASSIGN_OR_RETURN(auto report, records::AnnualReports(c.services).LatestPublished(c.agency.id));
  if (report) {
    View r;
    r["year"] = std::to_string(report->year);
    auto at = ParseUtc(report->published_at);
    r["published_at"] = at.ok() ? ChinaDate(*at).ToString() : report->published_at.substr(0, 10);
    v["report"] = std::move(r);
  }
  return Status::Ok();
}

// How many items the district home's 最新公开 list shows.
constexpr int kLatestOnPlatform = 12;

// The district home (/ on a platform of several agencies): every agency's
// column, grouped by kind, and the latest items of all of them.
Response DistrictHome(Ctx& c, const std::vector<accounts::PlatformAgency>& agencies) {
  View v = c.Base("政府信息公开", "home");
  v["portal"] = true;
  v["platform_name"] = agencies.front().agency.name;
  v["groups"] = AgencyGroups(agencies);
  auto latest = disclosure::LatestOnPlatform(c.services.db, kLatestOnPlatform);
  if (!latest.ok()) return c.Error(latest.status());
  View items = View::MakeList();
  for (const auto& h : *latest) {
    View row;
    row["href"] = "/" + h.agency_code + "/items/" + std::to_string(h.item.id);
    row["title"] = h.item.title;
    row["published_at"] = h.item.published_at;
    row["agency_code"] = h.agency_code;
    row["agency_name"] = h.agency_name;
    items.Push(std::move(row));
  }
  v["has_latest"] = !latest->empty();
  v["latest"] = std::move(items);
  // The district's 集中查阅点, where every agency's printed copies are kept.
  auto points = records::ReadingPoints::Public(c.services.db, agencies.front().agency.id);
  if (!points.ok()) return c.Error(points.status());
  View point_rows = View::MakeList();
  for (const auto& p : *points) {
    View row;
    row["name"] = p.name;
    row["address"] = p.address;
    row["hours"] = p.hours;
    point_rows.Push(std::move(row));
  }
  v["has_reading_points"] = !points->empty();
  v["reading_points"] = std::move(point_rows);
  return c.Page("portal/district", std::move(v));
}

Response Home(Ctx& c) {
  auto platform = DistrictPlatform(c);
  if (!platform.ok()) return c.Error(platform.status());
  if (*platform) return DistrictHome(c, **platform);
  auto settings = c.PortalSettings();
  if (!settings.ok()) return c.Error(settings.status());
  View v = c.Base(c.renderer.Text("portal_home_title"), "home");
  v["portal"] = true;
  v["contacts"] = Contacts(**settings);
  if (Status s = AddHomeColumns(c, v); !s.ok()) return c.Error(s);
  return c.Page("portal/home", std::move(v));
}

}  // namespace

std::vector<Route> PortalRoutes() {
  return {
      {"GET", "/", Access::kPublic, Home, Caching::kPage},
      {"GET", "/guide", Access::kPublic,
       [](Ctx& c) { return Portal(c, "portal/guide", "portal_guide_title", "guide"); }, Caching::kPage},
      {"GET", "/supervision", Access::kPublic,
       [](Ctx& c) { return Portal(c, "portal/supervision", "portal_supervision_title", "supervision"); },
       Caching::kPage},
  };
}

}  // namespace gk::web
