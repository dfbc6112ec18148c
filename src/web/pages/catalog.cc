// The 公开办 keeps the agency's catalog (政府信息公开目录).
#include "disclosure/catalog.h"
#include "web/page.h"
#include "web/render.h"

namespace gk::web {
namespace {

Response CatalogPage(Ctx& c, const std::string& error, int status) {
  if (Status s = accounts::Require(c.who(), accounts::Permission::kManageCatalog); !s.ok()) return c.Error(s);
  auto cats = disclosure::Catalog(c.services).List(c.agency.id);
  if (!cats.ok()) return c.Error(cats.status());
  View v = c.Base(c.renderer.Text("catalog_admin_title"), "catalog");
  v["error"] = error;
  for (const auto& cat : *cats) {
    View row;
    row["id"] = cat.id;
    row["code"] = cat.code;
    row["name"] = cat.name;
    row["depth"] = cat.depth;
    row["sort_order"] = cat.sort_order;
    row["must_fill"] = cat.must_fill;
    row["active"] = cat.active;
    v["categories"].Push(row);
    View opt;
    opt["id"] = cat.id;
    opt["label"] = cat.code + " " + cat.path_name;
    v["parents"].Push(std::move(opt));
  }
  return c.Page("staff/catalog", std::move(v), status);
}

int Clamp(const std::string& s) { return std::clamp(std::atoi(s.c_str()), -100000, 100000); }

Response CreateCategory(Ctx& c) {
  std::optional<int64_t> parent;
  if (std::string p = c.Field("parent_id"); !p.empty()) {
    char* end = nullptr;
    long long id = std::strtoll(p.c_str(), &end, 10);
    if (*end != '\0' || id <= 0) return CatalogPage(c, "上级分类无效", 400);
    parent = id;
  }
  auto id = disclosure::Catalog(c.services).Create(c.who(), parent, c.Field("code"), c.Field("name"),
                                                   c.Field("must_fill") == "1");
  if (!id.ok()) return Refused(c, id.status(), [&](const std::string& m, int st) { return CatalogPage(c, m, st); });
  return Response::Redirect("/staff/catalog?ok=category_created");
}

Response UpdateCategory(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  Status s = disclosure::Catalog(c.services).Update(c.who(), *id, c.Field("name"), Clamp(c.Field("sort_order")),
                                                    c.Field("must_fill") == "1", c.Field("active") == "1");
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return CatalogPage(c, m, st); });
  return Response::Redirect("/staff/catalog?ok=category_saved");
}

}  // namespace

std::vector<Route> CatalogRoutes() {
  return {
      {"GET", "/staff/catalog", Access::kStaff, [](Ctx& c) { return CatalogPage(c, "", 200); }},
      {"POST", "/staff/catalog", Access::kStaff, CreateCategory},
      {"POST", "/staff/catalog/{id}", Access::kStaff, UpdateCategory},
  };
}

}  // namespace gk::web
