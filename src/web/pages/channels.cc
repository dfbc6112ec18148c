// Publication on the other channels (records/channels.h): the release form
// and list on the item page, the list of all releases with the printable
// index of each 查阅点, one release with its 公众号 push attempts, the
// artifact download, taking down and pushing again.
#include "records/channels.h"

#include "base/strings.h"
#include "records/push_state.h"
#include "records/reading_points.h"
#include "web/page.h"
#include "web/pager.h"
#include "web/render.h"

namespace gk::web {

namespace {

records::Channels Service(Ctx& c) { return records::Channels(c.services, c.PortalUrl()); }

std::string Num(int64_t v) { return std::to_string(v); }

records::PushState PushStateOf(const records::ChannelRelease& r) {
  return FromKey(records::kPushStates, r.push_state).value_or(records::PushState::kNone);
}

View ReleaseView(const records::ChannelRelease& r) {
  View v;
  v["id"] = Num(r.id);
  v["item_id"] = Num(r.item_id);
  v["index_no"] = r.index_no;
  v["title"] = r.title;
  v["channel"] = records::ChannelLabel(r.channel);
  v["channel_key"] = records::ChannelKey(r.channel);
  v["place"] = r.place;
  v["paper"] = r.paper;
  v["note"] = r.note;
  v["artifact_name"] = r.artifact_name;
  v["artifact_hash"] = r.artifact_hash.substr(0, 16);
  v["released_by"] = r.released_by;
  v["released_at"] = ChinaTime(r.released_at);
  v["removed"] = !r.removed_at.empty();
  v["removed_by"] = r.removed_by;
  v["removed_at"] = r.removed_at.empty() ? "" : ChinaTime(r.removed_at);
  v["remove_reason"] = r.remove_reason;
  v["to_take_down"] = r.portal_withdrawn && r.removed_at.empty();
  v["push_state"] = r.push_state;
  v["push_label"] = LabelOf(records::kPushStates, PushStateOf(r));
  v["push_failed"] = PushStateOf(r) == records::PushState::kFailed;
  v["push_attempts"] = Num(r.push_attempts);
  v["next_push_at"] = r.next_push_at.empty() ? "" : ChinaTime(r.next_push_at);
  v["pushed_at"] = r.pushed_at.empty() ? "" : ChinaTime(r.pushed_at);
  return v;
}

View ChannelOptions(records::Channel selected, bool with_all, bool all_selected) {
  View list = View::MakeList();
  if (with_all) {
    View o;
    o["key"] = "";
    o["label"] = "全部渠道";
    o["selected"] = all_selected;
    list.Push(std::move(o));
  }
  for (records::Channel ch : records::kChannels) {
    View o;
    o["key"] = records::ChannelKey(ch);
    o["label"] = records::ChannelLabel(ch);
    o["selected"] = !all_selected && ch == selected;
    list.Push(std::move(o));
  }
  return list;
}

Response ReleaseItem(Ctx& c) {
  auto id = c.IdParam("id");
  if (!id.ok()) return c.Error(id.status());
  auto channel = records::ChannelFromKey(c.Field("channel"));
  if (!channel) return c.Error(InvalidArgument("请选择发布渠道"));
  records::ReleaseInput in;
  in.channel = *channel;
  in.place = c.Field("place");
  in.point_id = OptionalId(c.Field("point_id")).value_or(0);
  in.paper = c.Field("paper") == "A3" ? documents::Paper::kA3 : documents::Paper::kA4;
  in.note = c.Field("note");
  auto released = Service(c).Publish(c.who(), *id, in);
  if (!released.ok()) return Refused(c, released.status(), [&](const std::string& m, int st) { return ItemPageWithError(c, m, st); });
  return Response::Redirect("/staff/channels/" + Num(*released) + "?ok=channel_released");
}

Response ListReleases(Ctx& c) {
  records::ReleaseFilter f;
  f.channel = records::ChannelFromKey(c.req.QueryParam("channel"));
  std::string year(Trim(c.req.QueryParam("year")));
  if (year.size() == 4 && year.find_first_not_of("0123456789") == std::string::npos) f.year = std::stoi(year);
  f.live_only = c.req.QueryParam("live") == "1";
  PageSpec asked = PageRequested(c.req);
  auto list = Service(c).List(c.who(), f, asked);
  if (!list.ok()) return c.Error(list.status());
  View v = c.Base("其他渠道发布记录", "channels");
  View rows = View::MakeList();
  for (const auto& r : list->rows) rows.Push(ReleaseView(r));
  v["has_releases"] = !list->rows.empty();
  v["releases"] = std::move(rows);
  SetPager(v, ListBase(c.req), asked, list->next);
  v["channels"] = ChannelOptions(f.channel.value_or(records::Channel::kBoard), true, !f.channel.has_value());
  v["year"] = f.year ? Num(*f.year) : "";
  v["live"] = f.live_only;
  // The printable index of every place where copies are kept: the
  // agency's 咨询服务站点, and the district's 集中查阅点 (every agency's copies).
  View places = View::MakeList();
  bool has_places = false;
  auto names = Service(c).Places(c.who(), records::Channel::kServicePoint);
  if (!names.ok()) return c.Error(names.status());
  for (const std::string& p : *names) {
    View o;
    o["channel"] = records::ChannelLabel(records::Channel::kServicePoint);
    o["place"] = p;
    o["href"] = "/staff/channels/index.pdf?channel=service_point&place=" + UrlEncode(p);
    places.Push(std::move(o));
    has_places = true;
  }
  auto points = records::ReadingPoints(c.services, c.PortalUrl()).List(c.who(), false);
  if (!points.ok()) return c.Error(points.status());
  for (const auto& p : *points) {
    View o;
    o["channel"] = records::ChannelLabel(records::Channel::kReadingPoint);
    o["place"] = p.name;
    o["href"] = "/staff/reading-points/" + Num(p.id) + "/index.pdf";
    places.Push(std::move(o));
    has_places = true;
  }
  v["has_places"] = has_places;
  v["places"] = std::move(places);
  return c.Page("staff/channels", std::move(v));
}

// The release page; `error`: why an action on it was refused (shown with
// `status`, never taken from the address, so no one can put text there).
Response ShowRelease(Ctx& c, const std::string& error = "", int status = 200) {
  auto id = c.IdParam("rid");
  if (!id.ok()) return c.Error(id.status());
  auto r = Service(c).Get(c.who(), *id);
  if (!r.ok()) return c.Error(r.status());
  View v = c.Base(std::string(records::ChannelLabel(r->channel)) + "发布记录", "channels");
  View release = ReleaseView(*r);
  v["release"] = release;
  v["wechat"] = r->channel == records::Channel::kWechat;
  v["can_act"] = c.who().Has(accounts::Role::kDisclosureOffice);
  View attempts = View::MakeList();
  for (const auto& a : r->attempts) {
    View o;
    o["at"] = ChinaTime(a.at);
    o["status"] = a.http_status ? Num(*a.http_status) : "无应答";
    o["response"] = a.response;
    o["ok"] = a.ok;
    attempts.Push(std::move(o));
  }
  v["has_attempts"] = !r->attempts.empty();
  v["attempts"] = std::move(attempts);
  v["error"] = error;
  return c.Page("staff/channel_release", std::move(v), status);
}

Response DownloadArtifact(Ctx& c) {
  auto id = c.IdParam("rid");
  if (!id.ok()) return c.Error(id.status());
  auto a = Service(c).ReadArtifact(c.who(), *id);
  if (!a.ok()) return c.Error(a.status());
  return FileResponse(a->first.artifact_name, a->first.artifact_type, std::move(a->second));
}

Response TakeDown(Ctx& c) {
  auto id = c.IdParam("rid");
  if (!id.ok()) return c.Error(id.status());
  Status s = Service(c).TakeDown(c.who(), *id, c.Field("reason"));
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return ShowRelease(c, m, st); });
  return Response::Redirect("/staff/channels/" + Num(*id) + "?ok=channel_taken_down");
}

// Back in the outbox and pushed at once (the staff member sees the answer).
Response RetryPush(Ctx& c) {
  auto id = c.IdParam("rid");
  if (!id.ok()) return c.Error(id.status());
  Status s = Service(c).RetryPush(c.who(), *id);
  if (!s.ok()) return Refused(c, s, [&](const std::string& m, int st) { return ShowRelease(c, m, st); });
  auto config = records::PushConfigFrom(c.config.channels);
  if (!config.ok()) return c.Error(config.status());
  config->timeout_seconds = 10;
  auto pushed = Service(c).PushDue(*config, c.who().agency_id);
  if (!pushed.ok()) return c.Error(pushed.status());
  return Response::Redirect("/staff/channels/" + Num(*id) + "?ok=channel_pushed");
}

Response PlaceIndex(Ctx& c) {
  auto channel = records::ChannelFromKey(c.req.QueryParam("channel"));
  if (!channel) return c.Error(InvalidArgument("请选择咨询服务站点"));
  std::string place = c.req.QueryParam("place");
  auto pdf = Service(c).PlaceIndex(c.who(), *channel, place);
  if (!pdf.ok()) return c.Error(pdf.status());
  return FileResponse(std::string(Trim(place)) + "政府信息目录.pdf", "application/pdf", std::move(*pdf));
}

}  // namespace

void AddChannelReleases(Ctx& c, int64_t item_id, bool published, View& v) {
  auto list = Service(c).ForItem(c.who(), item_id);
  if (!list.ok()) return;
  View rows = View::MakeList();
  for (const auto& r : *list) rows.Push(ReleaseView(r));
  v["has_channel_releases"] = !list->empty();
  v["channel_releases"] = std::move(rows);
  v["can_release"] = published && c.who().Has(accounts::Role::kDisclosureOffice);
  v["release_channels"] = ChannelOptions(records::Channel::kBoard, false, false);
  View places = View::MakeList();
  for (records::Channel ch : records::kChannels) {
    if (ch == records::Channel::kReadingPoint) continue;  // chosen from the district's points
    auto names = Service(c).Places(c.who(), ch);
    if (!names.ok()) continue;
    for (const std::string& p : *names) places.Push(View(p));
  }
  v["known_places"] = std::move(places);
  AddReadingPointChoices(c, v);
}

std::string ChannelLabelOf(const std::string& key) { return records::ChannelLabelOfKey(key); }

std::vector<Route> ChannelRoutes() {
  return {
      {"POST", "/staff/items/{id}/channels", Access::kStaff, ReleaseItem},
      {"GET", "/staff/channels", Access::kStaff, ListReleases},
      {"GET", "/staff/channels/index.pdf", Access::kStaff, PlaceIndex},
      {"GET", "/staff/channels/{rid}", Access::kStaff, [](Ctx& c) { return ShowRelease(c); }},
      {"GET", "/staff/channels/{rid}/artifact", Access::kStaff, DownloadArtifact},
      {"POST", "/staff/channels/{rid}/take-down", Access::kStaff, TakeDown},
      {"POST", "/staff/channels/{rid}/retry", Access::kStaff, RetryPush},
  };
}

}  // namespace gk::web
