// The responsibility panel (oversight/responsibility.h) shown on the staff
// pages of items, applications and complaints.
#include "oversight/responsibility.h"

#include "base/strings.h"
#include "web/page.h"

namespace gk::web {

namespace {

std::string Level(const char* title, const char* id, const std::vector<oversight::Responsible>& people) {
  std::string h = std::string("<dt>") + title + "</dt><dd id=\"" + id + "\">";
  if (people.empty()) h += "<span class=\"muted\">（暂无）</span>";
  for (size_t i = 0; i < people.size(); ++i) {
    const auto& p = people[i];
    h += (i ? "；" : "") + EscapeHtml(p.person) + (p.department.empty() ? "" : "（" + EscapeHtml(p.department) + "）") +
         " <span class=\"muted small\">" + EscapeHtml(p.basis) + "</span>";
  }
  return h + "</dd>";
}

}  // namespace

void AddResponsibility(Ctx& c, ResponsibilityOf kind, int64_t id, View& v) {
  auto chain = c.services.db.Read<oversight::ResponsibilityChain>([&](store::Tx& tx) {
    switch (kind) {
      case ResponsibilityOf::kItem: return oversight::ItemResponsibility(tx, c.who().agency_id, id);
      case ResponsibilityOf::kApplication: return oversight::ApplicationResponsibility(tx, c.who().agency_id, id);
      case ResponsibilityOf::kFeedback: break;
    }
    return oversight::FeedbackResponsibility(tx, c.who().agency_id, id);
  });
  if (!chain.ok()) return;
  v["responsibility_html"] = "<section class=\"panel\" id=\"responsibility\"><h2>责任人</h2><dl class=\"facts\">" +
                             Level("承办责任", "resp-handler", chain->handler) +
                             Level("直接领导责任", "resp-direct", chain->direct) +
                             Level("全面领导责任", "resp-overall", chain->overall) +
                             "</dl><p class=\"muted small\">由办理记录自动生成（《实施办法》六之1）。</p></section>";
}

}  // namespace gk::web
