// The district's 集中查阅点 (records/reading_points.h): the list with each
// point's printable index, for every staff user of the platform; adding and
// changing a point, for the district's 公开办.
#include "records/reading_points.h"

#include "base/strings.h"
#include "web/page.h"
#include "web/render.h"

namespace gk::web {
namespace {

records::ReadingPoints Service(Ctx& c) { return records::ReadingPoints(c.services, c.PortalUrl()); }

View PointView(const records::ReadingPoint& p) {
  View v;
  v["id"] = std::to_string(p.id);
  v["name"] = p.name;
  v["address"] = p.address;
  v["hours"] = p.hours;
  v["active"] = p.active;
  return v;
}

// The page; `error` (with `status`): why the last change was refused, the
// form's fields kept.
Response List(Ctx& c, const std::string& error = "", int status = 200) {
  auto manage = Service(c).CanManage(c.who());
  if (!manage.ok()) return c.Error(manage.status());
  auto points = Service(c).List(c.who(), *manage);
  if (!points.ok()) return c.Error(points.status());
  View v = c.Base("集中查阅点", "channels");
  View rows = View::MakeList();
  for (const auto& p : *points) rows.Push(PointView(p));
  v["has_points"] = !points->empty();
  v["points"] = std::move(rows);
  v["can_manage"] = *manage;
  v["error"] = error;
  for (const char* f : {"name", "address", "hours"}) v[f] = c.Field(f);
  return c.Page("staff/reading_points", std::move(v), status);
}

records::ReadingPointInput InputFrom(Ctx& c) {
  return {c.Field("name"), c.Field("address"), c.Field("hours"), c.Field("active") != "0"};
}

Response Add(Ctx& c) {
  auto id = Service(c).Add(c.who(), InputFrom(c));
  if (!id.ok()) return Refused(c, id.status(), [&](const std::string& m, int st) { return List(c, m, st); });
  return Response::Redirect("/staff/reading-points?ok=reading_point_added");
}

Response Update(Ctx& c) {
  auto id = c.IdParam("pid");
  if (!id.ok()) return c.Error(id.status());
  Status s = Service(c).Update(c.who(), *id, InputFrom(c));
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return List(c, m, st); });
  return Response::Redirect("/staff/reading-points?ok=reading_point_saved");
}

Response IndexPdf(Ctx& c) {
  auto id = c.IdParam("pid");
  if (!id.ok()) return c.Error(id.status());
  auto point = Service(c).Get(c.who(), *id);
  if (!point.ok()) return c.Error(point.status());
  auto pdf = Service(c).IndexPdf(c.who(), *id);
  if (!pdf.ok()) return c.Error(pdf.status());
  return FileResponse(point->name + "政府信息目录.pdf", "application/pdf", std::move(*pdf));
}

}  // namespace

void AddReadingPointChoices(Ctx& c, View& v) {
  auto points = Service(c).List(c.who(), false);
  View list = View::MakeList();
  if (points.ok()) {
    for (const auto& p : *points) list.Push(PointView(p));
  }
  v["has_reading_points"] = points.ok() && !points->empty();
  v["reading_points"] = std::move(list);
}

std::vector<Route> ReadingPointRoutes() {
  return {
      {"GET", "/staff/reading-points", Access::kStaff, [](Ctx& c) { return List(c); }},
      {"POST", "/staff/reading-points", Access::kStaff, Add},
      {"POST", "/staff/reading-points/{pid}", Access::kStaff, Update},
      {"GET", "/staff/reading-points/{pid}/index.pdf", Access::kStaff, IndexPdf},
  };
}

}  // namespace gk::web
