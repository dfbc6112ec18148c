#include "records/channels.h"

#include "accounts/agencies.h"
#include "accounts/platform.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/strings.h"
#include "disclosure/portal.h"
#include "net/http_client.h"
#include "records/channels_internal.h"
#include "records/push_state.h"

namespace gk::records {
using accounts::Principal;
using accounts::Role;
using documents::Paper;
using namespace internal;

namespace internal {


std::string ChinaDay(const std::string& utc) {
  auto t = ParseUtc(utc);
  return t.ok() ? ChinaDate(*t).ToString() : utc.substr(0, 10);
}

Status RequireOffice(const Principal& who, const char* what) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied(std::string("只有公开办可以") + what);
  return Status::Ok();
}

std::string ImageExtension(const std::string& type) {
  if (type == "image/png") return ".png";
  if (type == "image/jpeg") return ".jpg";
  if (type == "image/gif") return ".gif";
  return "";
}

}  // namespace internal

namespace {

constexpr size_t kMaxNoteChars = 500, kMaxReasonChars = 500;
constexpr size_t kWechatTitleChars = 64;
constexpr size_t kMaxWechatImages = 20;
constexpr int64_t kMaxWechatImageBytes = 20 << 20;  // all images of one package together

const char* PlaceLabel(Channel c) {
  switch (c) {
    case Channel::kBoard: return "公开栏位置";
    case Channel::kServicePoint:
    case Channel::kReadingPoint: return "站点名称";
    case Channel::kNewspaper: return "报刊名称及期次";
    case Channel::kWechat: return "公众号";
  }
  return "位置";
}

struct Made {
  std::string name, type, data;
};

Result<PublishedText> LoadPublished(const accounts::Context& ctx, const Principal& who, int64_t item_id,
                                    const std::string& portal_url, std::vector<Image>* images) {
  auto item = disclosure::GetPublished(ctx.db, who.agency_id, item_id);
  if (!item.ok()) {
    if (item.status().code() == Code::kNotFound) return FailedPrecondition("该信息尚未在门户网站公开（或已撤回），不能在其他渠道发布");
    return item.status();
  }
  PublishedText t;
  ASSIGN_OR_RETURN(auto agency, ctx.db.Read<accounts::Agency>([&](store::Tx& tx) {
    return accounts::FindAgencyById(tx, who.agency_id);
  }));
  t.agency_name = agency.name;
  t.index_no = item->index_no;
  t.title = item->title;
  t.doc_no = item->doc_no;
  t.department = item->department;
  t.formed_on = item->formed_on;
  t.published_on = ChinaDay(item->published_at);
  t.summary = item->summary;
  t.body = item->body;
  t.content_hash = item->content_hash;
  if (!portal_url.empty()) t.url = portal_url + "/items/" + std::to_string(item_id);
  int64_t image_bytes = 0;
  for (const auto& f : item->attachments) {
    bool image = !ImageExtension(f.type).empty();
    // Images go into the package up to a count and a total size; the rest
    // are named as attachments to download from the portal.
    if (images && image && images->size() < kMaxWechatImages && image_bytes + f.size <= kMaxWechatImageBytes) {
      image_bytes += f.size;
      ASSIGN_OR_RETURN(auto file, disclosure::GetPublishedAttachment(ctx.db, who.agency_id, item_id, f.id));
      images->push_back({f.name, f.type, std::move(file.second)});
    } else {
      t.attachment_names.push_back(f.name);
    }
  }
  return t;
}

// The name of 集中查阅点 `point_id`, which must be an active point of the
// district of `who`'s agency (the district's points are the only ones its
// agencies place copies at).
Result<std::string> PointName(const accounts::Context& ctx, const Principal& who, int64_t point_id) {
  if (point_id <= 0) return InvalidArgument("请选择集中查阅点");
  return ctx.db.Read<std::string>([&](store::Tx& tx) -> Result<std::string> {
    ASSIGN_OR_RETURN(accounts::Agency district, accounts::DistrictOf(tx, who.agency_id));
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT name, active FROM reading_points WHERE id = ? AND agency_id = ?",
                                           {point_id, district.id}));
    if (!row) return InvalidArgument("所选集中查阅点不存在，请重新选择");
    if (row->Int("active") == 0) return InvalidArgument("集中查阅点“" + row->Str("name") + "”已停用，请选择其他查阅点");
    return row->Str("name");
  });
}

std::string PaperKey(Paper p) { return p == Paper::kA3 ? "A3" : "A4"; }

ChannelRelease FromRow(const store::Row& r) {
  ChannelRelease x;
  x.id = r.Int("id");
  x.item_id = r.Int("item_id");
  x.index_no = r.Str("index_no");
  x.channel = ChannelFromKey(r.Str("channel")).value_or(Channel::kBoard);
  x.place = r.Str("place");
  x.point_id = r.OptInt("point_id").value_or(0);
  x.paper = r.Str("paper");
  x.note = r.Str("note");
  x.artifact_name = r.Str("artifact_name");
  x.artifact_type = r.Str("artifact_type");
  x.artifact_hash = r.Str("artifact_hash");
  x.artifact_size = r.Int("artifact_size");
  x.released_by = r.Str("releaser_name");
  x.released_at = r.Str("released_at");
  x.removed_by = r.Str("remover_name");
  x.removed_at = r.Str("removed_at");  // NULL reads as ""
  x.remove_reason = r.Str("remove_reason");
  x.push_state = r.Str("push_state");
  x.push_attempts = static_cast<int>(r.Int("push_attempts"));
  x.next_push_at = r.Str("next_push_at");
  x.pushed_at = r.Str("pushed_at");
  x.portal_withdrawn = r.Int("portal_withdrawn") != 0;
  x.title = r.Str("title");
  return x;
}

constexpr char kSelect[] =
    "SELECT r.id, r.item_id, i.index_no, r.channel, r.place, r.point_id, r.paper, r.note, r.artifact_name, r.artifact_type, "
    "r.artifact_hash, r.artifact_size, COALESCE(u.display_name, '') AS releaser_name, r.released_at, "
    "COALESCE(v.display_name, '') AS remover_name, "
    "r.removed_at, r.remove_reason, r.push_state, r.push_attempts, r.next_push_at, r.pushed_at, "
    "CASE WHEN p.withdrawn_at IS NULL THEN 0 ELSE 1 END AS portal_withdrawn, i.title "
    "FROM channel_releases r JOIN items i ON i.id = r.item_id JOIN publications p ON p.id = r.publication_id "
    "LEFT JOIN users u ON u.id = r.released_by LEFT JOIN users v ON v.id = r.removed_by "
    "WHERE r.agency_id = ? ";

}  // namespace

const char* ChannelKey(Channel c) {
  switch (c) {
    case Channel::kBoard: return "board";
    case Channel::kServicePoint: return "service_point";
    case Channel::kReadingPoint: return "reading_point";
    case Channel::kNewspaper: return "newspaper";
    case Channel::kWechat: return "wechat";
  }
  return "board";
}

const char* ChannelLabel(Channel c) {
  switch (c) {
    case Channel::kBoard: return "公开栏";
    case Channel::kServicePoint: return "咨询服务站点";
    case Channel::kReadingPoint: return "集中查阅点";
    case Channel::kNewspaper: return "社区报刊";
    case Channel::kWechat: return "微信公众号";
  }
  return "";
}

std::optional<Channel> ChannelFromKey(std::string_view key) {
  for (Channel c : kChannels) {
    if (key == ChannelKey(c)) return c;
  }
  return std::nullopt;
}

std::string ChannelLabelOfKey(const std::string& key) {
  if (key == "portal") return "政府门户网站";
  auto c = ChannelFromKey(key);
  return c ? ChannelLabel(*c) : key;
}

Result<int64_t> Channels::Publish(const Principal& who, int64_t item_id, const ReleaseInput& in) {
  RETURN_IF_ERROR(RequireOffice(who, "在其他渠道发布信息"));
  const bool wechat = in.channel == Channel::kWechat;
  const bool point = in.channel == Channel::kReadingPoint;
  if (!point) RETURN_IF_ERROR(CheckText(in.place, PlaceLabel(in.channel), kMaxPlaceChars, !wechat));
  RETURN_IF_ERROR(CheckText(in.note, "备注", kMaxNoteChars, false));
  ASSIGN_OR_RETURN(auto settings, accounts::LoadSettings(ctx_.db, who.agency_id));
  std::string place(Trim(in.place));
  if (wechat) {
    const std::string& endpoint = settings["wechat_endpoint"];
    if (endpoint.rfind("http://", 0) != 0) {
      return FailedPrecondition("请先由系统管理员在“机关信息”中设置微信公众号推送网关地址（http://…）");
    }
    Status allowed = net::CheckAllowedHost(endpoint, accounts::GatewayHosts(ctx_));
    if (!allowed.ok()) return FailedPrecondition(allowed.message());
    place = settings["wechat_account"].empty() ? "微信公众号" : settings["wechat_account"];
  }
  if (point) {
    ASSIGN_OR_RETURN(place, PointName(ctx_, who, in.point_id));
  }
  std::vector<Image> images;
  ASSIGN_OR_RETURN(PublishedText t, LoadPublished(ctx_, who, item_id, portal_url_, wechat ? &images : nullptr));

  Made a;
  const std::string base = t.index_no;
  switch (in.channel) {
    case Channel::kBoard: {
      ASSIGN_OR_RETURN(a.data, documents::RenderPrintPdf(BoardNotice(t, in.paper)));
      a.name = "公开栏_" + base + "_" + PaperKey(in.paper) + ".pdf";
      break;
    }
    case Channel::kServicePoint:
    case Channel::kReadingPoint: {
      ASSIGN_OR_RETURN(a.data, documents::RenderPrintPdf(ReadingCopy(t, place)));
      a.name = std::string(ChannelLabel(in.channel)) + "_" + base + ".pdf";
      break;
    }
    case Channel::kNewspaper: {
      ASSIGN_OR_RETURN(a.data, documents::RenderPrintPdf(NewspaperArticle(t, place)));
      a.name = "社区报刊_" + base + ".pdf";
      break;
    }
    case Channel::kWechat: {
      if (Utf8Length(t.title) > kWechatTitleChars) {
        return InvalidArgument("标题超过 " + std::to_string(kWechatTitleChars) + " 个字，公众号文章不能发布");
      }
      ASSIGN_OR_RETURN(a.data, WechatPackage(t, place, images));
      a.name = "公众号_" + base + ".zip";
      break;
    }
  }
  for (char& c : a.name) {
    if (c == '/' || c == '\\') c = '-';
  }
  a.type = wechat ? "application/zip" : "application/pdf";
  const std::string now = Now(ctx_.clock);
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(auto pub, tx.QueryOne("SELECT id, content_hash FROM publications WHERE item_id = ? AND "
                                           "agency_id = ? AND withdrawn_at IS NULL ORDER BY id DESC",
                                           {item_id, who.agency_id}));
    if (!pub || pub->Str("content_hash") != t.content_hash) {
      return FailedPrecondition("该信息在门户网站的公开版本已变化，请刷新后重试");
    }
    ASSIGN_OR_RETURN(int64_t id, tx.Insert(
        "INSERT INTO channel_releases (agency_id, publication_id, item_id, channel, place, point_id, paper, note, "
        "artifact_name, artifact_type, artifact_hash, artifact_size, artifact, released_by, released_at, "
        "push_state, next_push_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {who.agency_id, pub->Int("id"), item_id, std::string(ChannelKey(in.channel)), place,
         point ? store::Value(in.point_id) : store::Value(nullptr),
         in.channel == Channel::kBoard ? PaperKey(in.paper) : std::string(), std::string(Trim(in.note)), a.name,
         a.type, Sha256Hex(a.data), static_cast<int64_t>(a.data.size()), Base64Encode(a.data), who.user_id, now,
         std::string(KeyOf(kPushStates, wechat ? PushState::kPending : PushState::kNone)),
         wechat ? store::Value(now) : store::Value(nullptr)}));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "channel.release", "item",
                                                   std::to_string(item_id), "", ChannelKey(in.channel),
                                                   t.index_no + " 发布到" + ChannelLabel(in.channel) + "：" + place}));
    return id;
  });
}

Result<std::vector<ChannelRelease>> Channels::ForItem(const Principal& who, int64_t item_id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<std::vector<ChannelRelease>>([&](store::Tx& tx) -> Result<std::vector<ChannelRelease>> {
    ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kSelect) + "AND r.item_id = ? ORDER BY r.id DESC",
                                         {who.agency_id, item_id}));
    std::vector<ChannelRelease> out;
    for (const auto& r : rows) out.push_back(FromRow(r));
    return out;
  });
}

Result<PageOf<ChannelRelease>> Channels::List(const Principal& who, const ReleaseFilter& f, const PageSpec& page) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<PageOf<ChannelRelease>>([&](store::Tx& tx) -> Result<PageOf<ChannelRelease>> {
    std::string sql = kSelect;
    std::vector<store::Value> params = {who.agency_id};
    if (f.channel) {
      sql += "AND r.channel = ? ";
      params.push_back(std::string(ChannelKey(*f.channel)));
    }
    if (f.live_only) sql += "AND r.removed_at IS NULL ";
    if (f.year) {
      sql += "AND r.released_at >= ? AND r.released_at < ? ";
      params.push_back(ChinaDayStartUtc(Date{*f.year, 1, 1}));
      params.push_back(ChinaDayStartUtc(Date{*f.year + 1, 1, 1}));
    }
    if (page.after) {
      sql += "AND r.id < ? ";
      params.emplace_back(page.after->id);
    }
    params.emplace_back(int64_t{page.limit} + 1);
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql + "ORDER BY r.id DESC LIMIT ?", params));
    std::vector<ChannelRelease> out;
    for (const auto& r : rows) out.push_back(FromRow(r));
    return TakePage(std::move(out), page.limit, [](const ChannelRelease& x) { return SeekKey{"", x.id}; });
  });
}

Result<ChannelRelease> Channels::Get(const Principal& who, int64_t release_id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<ChannelRelease>([&](store::Tx& tx) -> Result<ChannelRelease> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kSelect) + "AND r.id = ?", {who.agency_id, release_id}));
    if (!row) return NotFound("发布记录不存在");
    ChannelRelease x = FromRow(*row);
    ASSIGN_OR_RETURN(auto attempts, tx.Query("SELECT attempted_at, http_status, response, ok FROM "
                                             "channel_push_attempts WHERE release_id = ? ORDER BY id",
                                             {release_id}));
    for (const auto& a : attempts) {
      std::optional<int64_t> http_status = a.OptInt("http_status");
      x.attempts.push_back({a.Str("attempted_at"),
                            http_status ? std::optional<int>(static_cast<int>(*http_status)) : std::nullopt,
                            a.Str("response"), a.Int("ok") != 0});
    }
    return x;
  });
}

Result<std::pair<ChannelRelease, std::string>> Channels::ReadArtifact(const Principal& who, int64_t release_id) {
  ASSIGN_OR_RETURN(ChannelRelease x, Get(who, release_id));
  ASSIGN_OR_RETURN(auto encoded, ctx_.db.Read<std::string>([&](store::Tx& tx) -> Result<std::string> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT artifact FROM channel_releases WHERE id = ? AND agency_id = ?",
                                           {release_id, who.agency_id}));
    if (!row) return NotFound("发布记录不存在");
    return row->Str("artifact");
  }));
  ASSIGN_OR_RETURN(std::string data, Base64Decode(encoded));
  if (Sha256Hex(data) != x.artifact_hash) return Internal("the stored artifact of release " + std::to_string(release_id) + " does not match its digest");
  return std::make_pair(std::move(x), std::move(data));
}

Status Channels::TakeDown(const Principal& who, int64_t release_id, const std::string& reason) {
  RETURN_IF_ERROR(RequireOffice(who, "撤下其他渠道的信息"));
  RETURN_IF_ERROR(CheckText(reason, "撤下原因", kMaxReasonChars, true));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT r.item_id, r.channel, r.removed_at, r.place, i.index_no FROM "
                                           "channel_releases r JOIN items i ON i.id = r.item_id WHERE r.id = ? AND "
                                           "r.agency_id = ?", {release_id, who.agency_id}));
    if (!row) return NotFound("发布记录不存在");
    if (!row->IsNull("removed_at")) return FailedPrecondition("该发布已经撤下");
    const std::string now = Now(ctx_.clock);
    RETURN_IF_ERROR(tx.Exec("UPDATE channel_releases SET removed_by = ?, removed_at = ?, remove_reason = ?, "
                            "push_state = CASE WHEN push_state = 'pending' THEN 'cancelled' ELSE push_state END "
                            "WHERE id = ?", {who.user_id, now, std::string(Trim(reason)), release_id}).status());
    const std::string channel = row->Str("channel");
    std::string label = ChannelLabelOfKey(channel);
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "channel.take_down", "item",
                                          std::to_string(row->Int("item_id")), channel, "removed",
                                          row->Str("index_no") + " 从" + label + "（" + row->Str("place") +
                                              "）撤下：" + reason});
  });
}

Result<std::vector<std::string>> Channels::Places(const Principal& who, Channel channel) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<std::vector<std::string>>([&](store::Tx& tx) -> Result<std::vector<std::string>> {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT DISTINCT place FROM channel_releases WHERE agency_id = ? AND "
                                         "channel = ? ORDER BY place", {who.agency_id, std::string(ChannelKey(channel))}));
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.Str("place"));
    return out;
  });
}

}  // namespace gk::records
