#include "web/pages/district_portal.h"

#include <cstdlib>

#include "disclosure/portal.h"
#include "search/search.h"
#include "web/render.h"

namespace gk::web {
namespace {

// The agency of ?agency=CODE among the platform's; none for "" or a code
// that is not one of them (then the page shows every agency).
const accounts::PlatformAgency* ChosenAgency(const Ctx& c, const std::vector<accounts::PlatformAgency>& agencies) {
  std::string code = c.req.QueryParam("agency");
  for (const auto& a : agencies) {
    if (!code.empty() && a.agency.code == code) return &a;
  }
  return nullptr;
}

const accounts::PlatformAgency* AgencyById(const std::vector<accounts::PlatformAgency>& agencies, int64_t id) {
  for (const auto& a : agencies) {
    if (a.agency.id == id) return &a;
  }
  return nullptr;
}

constexpr int kPerPage = 20;
// Result pages beyond this are not offered: a search is refined, not paged
// through (the offset stays bounded).
constexpr int kMaxSearchPage = 50;

}  // namespace

Result<PlatformList> DistrictPlatform(Ctx& c) {
  if (!c.portal_root.empty() || !c.config.agency.empty() || c.agency_site) return PlatformList();
  std::vector<accounts::PlatformAgency> all;
  if (c.platform_agencies) {
    all = *c.platform_agencies;
  } else {
    RETURN_IF_ERROR(c.services.db.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(all, accounts::ListPlatform(tx));
      return Status::Ok();
    }));
  }
  if (all.size() < 2) return PlatformList();
  c.platform_wide = true;
  return PlatformList(std::move(all));
}

View AgencyGroups(const std::vector<accounts::PlatformAgency>& agencies, const std::string& selected_code) {
  View groups = View::MakeList();
  for (auto kind : {accounts::AgencyKind::kDistrict, accounts::AgencyKind::kDepartment, accounts::AgencyKind::kStreet}) {
    View list = View::MakeList();
    for (const auto& a : agencies) {
      if (a.kind != kind) continue;
      View row;
      row["code"] = a.agency.code;
      row["name"] = a.agency.name;
      row["selected"] = a.agency.code == selected_code;
      list.Push(std::move(row));
    }
    if (list.list().empty()) continue;
    View g;
    g["label"] = accounts::AgencyKindLabel(kind);
    g["agencies"] = std::move(list);
    groups.Push(std::move(g));
  }
  return groups;
}

Response DistrictSearch(Ctx& c, const std::vector<accounts::PlatformAgency>& agencies) {
  const accounts::PlatformAgency* chosen = ChosenAgency(c, agencies);
  search::PlatformQuery q;
  q.text = c.req.QueryParam("q");
  if (chosen) q.agency_id = chosen->agency.id;
  int page = std::clamp(std::atoi(c.req.QueryParam("page").c_str()), 1, kMaxSearchPage);
  q.limit = kPerPage;
  q.offset = (page - 1) * kPerPage;
  if (c.config.server.search_rank_cap > 0) q.rank_cap = c.config.server.search_rank_cap;
  View v = c.Base("检索", "catalog");
  v["portal"] = true;
  v["q"] = q.text;
  v["groups"] = AgencyGroups(agencies, chosen ? chosen->agency.code : "");
  if (q.text.empty()) return c.Page("portal/district_search", std::move(v));
  auto results = c.services.db.Read<search::Results>(
      [&](store::Tx& tx) -> Result<search::Results> { return search::SearchPlatform(tx, q); });
  if (!results.ok()) {
    return Refused(c, results.status(), [&](const std::string& m, int st) {
      v["error"] = m;
      return c.Page("portal/district_search", std::move(v), st);
    });
  }
  v["searched"] = true;
  v["total"] = results->total;
  v["capped"] = results->capped;
  for (const auto& h : results->hits) {
    const accounts::PlatformAgency* a = AgencyById(agencies, h.agency_id);
    if (a == nullptr) continue;  // an agency added since the list was read
    View hit;
    hit["href"] = "/" + a->agency.code + h.url;
    hit["agency_name"] = a->agency.name;
    hit["agency_href"] = "/" + a->agency.code + "/";
    hit["title_html"] = h.title_html;
    hit["snippet_html"] = h.snippet_html;
    hit["date"] = h.date;
    v["hits"].Push(std::move(hit));
  }
  std::string base = "/search?q=" + UrlEncode(q.text) + "&agency=" + (chosen ? UrlEncode(chosen->agency.code) : "");
  if (page > 1) v["prev_href"] = base + "&page=" + std::to_string(page - 1);
  if (page < kMaxSearchPage && static_cast<int64_t>(q.offset) + q.limit < results->total) {
    v["next_href"] = base + "&page=" + std::to_string(page + 1);
  }
  return c.Page("portal/district_search", std::move(v));
}

Response DistrictCatalog(Ctx& c, const std::vector<accounts::PlatformAgency>& agencies) {
  const accounts::PlatformAgency* chosen = ChosenAgency(c, agencies);
  disclosure::PlatformBrowse b;
  b.catalog_agency_id = agencies.front().agency.id;
  b.category_code = c.req.QueryParam("category");
  if (chosen) b.agency_id = chosen->agency.id;
  b.before = OptionalId(c.req.QueryParam("before"));
  b.limit = kPerPage;
  auto page = disclosure::BrowsePlatformCatalog(c.services.db, b);
  if (!page.ok()) return c.Error(page.status());
  View v = c.Base(c.renderer.Text("portal_catalog_title"), "catalog");
  v["portal"] = true;
  std::string agency_param = chosen ? UrlEncode(chosen->agency.code) : "";
  v["agency_param"] = chosen ? chosen->agency.code : "";
  v["category_param"] = b.category_code;
  v["groups"] = AgencyGroups(agencies, chosen ? chosen->agency.code : "");
  std::string current_name;
  for (const auto& cat : page->categories) {
    View row;
    row["href"] = "/catalog?category=" + UrlEncode(cat.code) + "&agency=" + agency_param;
    row["name"] = cat.name;
    row["sub"] = cat.depth > 0;
    auto n = page->counts.find(cat.code);
    row["count"] = n == page->counts.end() ? 0 : n->second;
    row["current"] = cat.code == b.category_code;
    if (cat.code == b.category_code) current_name = cat.path_name;
    v["categories"].Push(std::move(row));
  }
  v["all_href"] = "/catalog?agency=" + agency_param;
  v["current_category"] = current_name;
  v["total"] = page->total;
  for (const auto& item : page->items) {
    View row;
    row["href"] = "/" + item.line.agency_code + "/items/" + std::to_string(item.line.item.id);
    row["title"] = item.line.item.title;
    row["published_at"] = item.line.item.published_at;
    row["agency_name"] = item.line.agency_name;
    row["agency_href"] = "/" + item.line.agency_code + "/";
    row["category"] = item.category;
    v["items"].Push(std::move(row));
  }
  std::string base = "/catalog?category=" + UrlEncode(b.category_code) + "&agency=" + agency_param;
  if (b.before) v["first_href"] = base;
  if (page->next) v["next_href"] = base + "&before=" + std::to_string(*page->next);
  return c.Page("portal/district_catalog", std::move(v));
}

}  // namespace gk::web
