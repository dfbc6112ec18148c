// Search on the portal (published items only) and in the staff area (all of
// the agency's items).
#include <boost/json.hpp>

#include "disclosure/access.h"
#include "disclosure/catalog.h"
#include "search/search.h"
#include "web/page.h"
#include "web/pages/district_portal.h"
#include "web/render.h"

namespace gk::web {
namespace {

namespace json = boost::json;

search::Query ReadQuery(const Ctx& c, bool public_only) {
  search::Query q;
  q.text = c.req.QueryParam("q");
  q.public_only = public_only;
  q.category_id = OptionalId(c.req.QueryParam("category"));
  q.department_id = OptionalId(c.req.QueryParam("department"));
  if (auto y = OptionalId(c.req.QueryParam("year"))) q.year = static_cast<int>(*y);
  int page = std::max(1, std::atoi(c.req.QueryParam("page").c_str()));
  q.limit = 20;
  q.offset = (page - 1) * q.limit;
  if (c.config.server.search_rank_cap > 0) q.rank_cap = c.config.server.search_rank_cap;
  return q;
}

// The portal's search, or the staff search of what the user may read.
Result<search::Results> Run(Ctx& c, const search::Query& q, bool staff) {
  return c.services.db.Read<search::Results>([&](store::Tx& tx) -> Result<search::Results> {
    if (staff) return disclosure::StaffSearch(tx, c.who(), q);
    return search::Search(tx, c.agency.id, q);
  });
}

Response SearchPage(Ctx& c, bool staff) {
  search::Query q = ReadQuery(c, !staff);
  View v = c.Base("检索", staff ? "search" : "catalog");
  v["portal"] = !staff;
  v["staff"] = staff;
  v["action"] = staff ? std::string("/staff/search") : c.portal_root + "/search";
  v["q"] = q.text;
  // The portal's: kept per generation with the catalog page's counts; the
  // staff's: read (the counts are not needed there).
  std::shared_ptr<const disclosure::PortalCatalog> kept;
  std::vector<disclosure::Category> read;
  const std::vector<disclosure::Category>* cats = nullptr;
  if (staff) {
    if (auto r = disclosure::Catalog(c.services).List(c.agency.id); r.ok()) cats = &(read = std::move(*r));
  } else if (auto k = c.PortalCatalog(); k.ok()) {
    kept = std::move(*k);
    cats = &kept->categories;
  }
  if (cats) {
    for (const auto& cat : *cats) {
      View o;
      o["id"] = cat.id;
      o["name"] = std::string(cat.depth * 2, ' ') + cat.name;
      o["selected"] = q.category_id == cat.id;
      v["categories"].Push(std::move(o));
    }
  }
  int this_year = ChinaDate(c.services.clock.Now()).year;
  for (int y = this_year; y >= this_year - 5; --y) {
    View yv;
    yv["year"] = y;
    yv["selected"] = q.year == y;
    v["years"].Push(std::move(yv));
  }
  if (staff) {
    if (auto depts = c.directory().Departments(c.who()); depts.ok()) {
      for (const auto& d : *depts) {
        View o;
        o["id"] = d.id;
        o["name"] = d.name;
        o["selected"] = q.department_id == d.id;
        v["departments"].Push(std::move(o));
      }
    }
  }
  if (q.text.empty()) return c.Page("search", std::move(v));
  auto results = Run(c, q, staff);
  if (!results.ok()) {
    auto again = [&](const std::string& m, int st) {
      v["error"] = m;
      return c.Page("search", std::move(v), st);
    };
    return Refused(c, results.status(), again);
  }
  v["searched"] = true;
  v["total"] = results->total;
  v["capped"] = results->capped;
  for (const auto& h : results->hits) {
    View hit;
    hit["href"] = staff ? "/staff/items/" + std::to_string(h.object_id) : c.portal_root + h.url;
    hit["title_html"] = h.title_html;
    hit["snippet_html"] = h.snippet_html;
    hit["date"] = h.date;
    v["hits"].Push(std::move(hit));
  }
  int page = q.offset / q.limit + 1;
  std::string base = (staff ? std::string("/staff/search") : c.portal_root + "/search") + "?q=" + UrlEncode(q.text) +
                     "&category=" + UrlEncode(c.req.QueryParam("category")) + "&year=" +
                     UrlEncode(c.req.QueryParam("year")) + "&department=" + UrlEncode(c.req.QueryParam("department"));
  if (page > 1) v["prev_href"] = base + "&page=" + std::to_string(page - 1);
  if (static_cast<int64_t>(q.offset) + q.limit < results->total) v["next_href"] = base + "&page=" + std::to_string(page + 1);
  return c.Page("search", std::move(v));
}

// The portal's search: the district search on the district platform (all
// agencies), else the agency's.
Response PortalSearch(Ctx& c) {
  auto platform = DistrictPlatform(c);
  if (!platform.ok()) return c.Error(platform.status());
  if (*platform) return DistrictSearch(c, **platform);
  return SearchPage(c, false);
}

Response ApiSearch(Ctx& c) {
  search::Query q = ReadQuery(c, true);
  auto results = Run(c, q, false);
  if (!results.ok()) return c.Error(results.status());
  json::array hits;
  for (const auto& h : results->hits) {
    hits.push_back(json::object{{"id", h.object_id}, {"title", h.title}, {"url", h.url}, {"date", h.date},
                                {"title_html", h.title_html}, {"snippet_html", h.snippet_html}});
  }
  return Response::Json(200, json::serialize(json::object{{"total", results->total}, {"capped", results->capped}, {"hits", hits}}));
}

}  // namespace

std::vector<Route> SearchRoutes() {
  return {
      {"GET", "/search", Access::kPublic, PortalSearch, Caching::kSearch},
      {"GET", "/staff/search", Access::kStaff, [](Ctx& c) { return SearchPage(c, true); }},
      {"GET", "/api/v1/search", Access::kApiPublic, ApiSearch},
  };
}

}  // namespace gk::web
