// The public portal (信息公开): home, 公开指南 and the sections later
// capabilities fill (公开目录, 依申请公开, 公开年报, 监督投诉).
#include "web/page.h"
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
  auto settings = accounts::LoadSettings(c.services.db, c.agency.id);
  if (!settings.ok()) return c.Error(settings.status());
  View v = c.Base(c.renderer.Text(title_key), nav);
  v["portal"] = true;
  v["contacts"] = Contacts(*settings);
  for (const auto& [k, value] : accounts::PublicSettings(*settings)) v["s"][k] = value;
  return c.Page(template_name, std::move(v));
}

}  // namespace

std::vector<Route> PortalRoutes() {
  return {
      {"GET", "/", Access::kPublic, [](Ctx& c) { return Portal(c, "portal/home", "portal_home_title", "home"); }},
      {"GET", "/guide", Access::kPublic,
       [](Ctx& c) { return Portal(c, "portal/guide", "portal_guide_title", "guide"); }},
      {"GET", "/supervision", Access::kPublic,
       [](Ctx& c) { return Portal(c, "portal/supervision", "portal_supervision_title", "supervision"); }},
  };
}

}  // namespace gk::web
