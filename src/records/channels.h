// Publication on the other channels of the seed rules (I.3/I.5), beside the
// portal column: the 公开栏 (bulletin board), 咨询服务站点 and 集中查阅点
// (places where printed copies are kept for reading), the 社区报刊
// (community newspaper) and the 微信公众号.
//
// A release carries the live portal publication of an item — the approved,
// immutable, content-hashed version — so every channel shows the same text
// and the filing with the upper office stays true. Each release is a record
// with its channel, where (the board, the point, the paper and issue), when,
// who, and the artifact made for it:
//   公开栏      a notice to print on A4 or A3 (PDF);
//   查阅点/站点  the item printed on A4 (PDF); each place also has a printable
//               index of the items kept there (PlaceIndex; a 集中查阅点 is
//               the district's, records/reading_points.h);
//   社区报刊    a print-ready two-column article (PDF);
//   公众号      an article package (zip: article.json, content.html, images/ —
//               the item's PNG/JPEG/GIF attachments, at most 20 and 20 MB)
//               that the outbox pushes to the gateway configured in the agency
//               settings, recording each answer.
// The database refuses a release of anything but a live publication
// (migration 0012). A release can be taken down (撤下) with a reason; when the
// portal publication is withdrawn, its live releases are listed as to be
// taken down.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/config.h"
#include "base/keyset.h"
#include "base/status.h"
#include "documents/print.h"

namespace gk::records {

enum class Channel { kBoard, kServicePoint, kReadingPoint, kNewspaper, kWechat };

const char* ChannelKey(Channel c);    // "board", "service_point", "reading_point", "newspaper", "wechat"
const char* ChannelLabel(Channel c);  // "公开栏", "咨询服务站点", "集中查阅点", "社区报刊", "微信公众号"
std::optional<Channel> ChannelFromKey(std::string_view key);
// The label of a stored channel key, "政府门户网站" for "portal".
std::string ChannelLabelOfKey(const std::string& key);
inline constexpr Channel kChannels[] = {Channel::kBoard, Channel::kServicePoint, Channel::kReadingPoint,
                                        Channel::kNewspaper, Channel::kWechat};

struct ReleaseInput {
  Channel channel = Channel::kBoard;
  // Where: the board ("街道办事处门口公开栏"), the point ("静安寺街道社区事务受理
  // 服务中心"), the paper and issue ("《静安寺社区报》2026年第11期"). Required
  // except for the 公众号 (its account name comes from the settings) and the
  // 集中查阅点 (its point's name).
  std::string place;
  documents::Paper paper = documents::Paper::kA4;  // the board notice
  std::string note;
  // The 集中查阅点: an active point of the agency's district (ReadingPoints,
  // records/reading_points.h); required for that channel, ignored otherwise.
  int64_t point_id = 0;
};

struct ChannelRelease {
  int64_t id = 0, item_id = 0;
  std::string index_no, title;
  Channel channel = Channel::kBoard;
  std::string place, paper, note;
  int64_t point_id = 0;  // 集中查阅点 only (0 otherwise)
  std::string artifact_name, artifact_type, artifact_hash;
  int64_t artifact_size = 0;
  std::string released_by, released_at;
  std::string removed_by, removed_at, remove_reason;  // "" while up
  bool portal_withdrawn = false;  // the portal publication was withdrawn: take it down
  // The 公众号 outbox.
  std::string push_state;  // a key of kPushStates (records/push_state.h)
  int push_attempts = 0;
  std::string next_push_at, pushed_at;
  struct Attempt {
    std::string at;
    std::optional<int> http_status;
    std::string response;
    bool ok = false;
  };
  std::vector<Attempt> attempts;  // Get only
};

struct ReleaseFilter {
  std::optional<Channel> channel;
  std::optional<int> year;  // of the release, China time
  bool live_only = false;   // not taken down
};

// Where a 公众号 push goes: the agency settings wechat_endpoint and
// wechat_account, the platform's token (config.h ChannelsConfig).
struct PushConfig {
  std::string token;  // may be empty: no Authorization header
  int timeout_seconds = 20;
  std::vector<std::string> allowed_hosts;  // ChannelsConfig.gateway_allowed_hosts
};

// The token from the configuration: ChannelsConfig.wechat_token, or the
// first line of wechat_token_file (FailedPrecondition if it cannot be read);
// the allowed gateway hosts.
Result<PushConfig> PushConfigFrom(const ChannelsConfig& c);

class Channels {
 public:
  // `portal_url`: the portal's address, for links in notices and packages
  // ("https://xxgk.example.gov.cn"); may be empty.
  Channels(accounts::Context ctx, std::string portal_url) : ctx_(ctx), portal_url_(std::move(portal_url)) {}

  // The 公开办 releases the live publication of `item_id` to a channel; the
  // artifact is made and stored with the record (audited). A 公众号 release
  // goes into the outbox, due at once. Errors: PermissionDenied,
  // NotFound (no such item), FailedPrecondition (not published on the portal,
  // or the 公众号 gateway is not configured), InvalidArgument (place/note, a
  // 集中查阅点 that is not an active point of the agency's district, or a
  // title too long for a 公众号 article).
  Result<int64_t> Publish(const accounts::Principal& who, int64_t item_id, const ReleaseInput& in);
  // Staff: the releases of an item, newest first.
  Result<std::vector<ChannelRelease>> ForItem(const accounts::Principal& who, int64_t item_id);
  // Staff: one page of the releases of the agency, newest first (by id;
  // the seek key is the id alone). A year is a range of released_at.
  Result<PageOf<ChannelRelease>> List(const accounts::Principal& who, const ReleaseFilter& f,
                                      const PageSpec& page = {});
  // Staff: one release with its push attempts, and its artifact's bytes.
  Result<ChannelRelease> Get(const accounts::Principal& who, int64_t release_id);
  Result<std::pair<ChannelRelease, std::string>> ReadArtifact(const accounts::Principal& who, int64_t release_id);
  // The 公开办 takes a release down with a reason (audited); a pending push
  // is cancelled.
  Status TakeDown(const accounts::Principal& who, int64_t release_id, const std::string& reason);
  // Staff: the places used for a channel so far (for the form's suggestions).
  Result<std::vector<std::string>> Places(const accounts::Principal& who, Channel channel);
  // Staff: a printable A4 index (PDF) of the items kept at a 咨询服务站点 now
  // (live releases there). InvalidArgument for other channels: a 集中查阅点
  // is the district's, with the index of every agency's copies
  // (ReadingPoints::IndexPdf).
  Result<std::string> PlaceIndex(const accounts::Principal& who, Channel channel, const std::string& place);

  // The 公开办 puts a failed (or pending) 公众号 release back in the outbox,
  // due now (audited).
  Status RetryPush(const accounts::Principal& who, int64_t release_id);
  // Pushes every due 公众号 release of every agency (or of `agency_id`):
  // POSTs the package as JSON to the agency's gateway, records the answer
  // (the status and a short excerpt without control characters); a gateway
  // whose host is not in config.allowed_hosts is not contacted and the
  // release fails at once;
  // 2xx is sent; 408, 429, 5xx and no answer are tried again later (after
  // 1, 5, 30 minutes, 2 and 6 hours; failed after the sixth attempt); any
  // other status is failed at once. A release is claimed before pushing, so
  // two nodes never push it at the same moment. Returns how many were tried.
  Result<int> PushDue(const PushConfig& config, std::optional<int64_t> agency_id = std::nullopt);

 private:
  accounts::Context ctx_;
  std::string portal_url_;
};

// The artifacts, from a published item (pure; exposed for tests).
struct PublishedText {
  std::string agency_name, index_no, title, doc_no, department, formed_on, published_on, summary, body, content_hash;
  std::vector<std::string> attachment_names;
  std::string url;  // the item on the portal, "" if unknown
};
documents::PrintDocument BoardNotice(const PublishedText& t, documents::Paper paper);
documents::PrintDocument ReadingCopy(const PublishedText& t, const std::string& place);
documents::PrintDocument NewspaperArticle(const PublishedText& t, const std::string& place);

}  // namespace gk::records
