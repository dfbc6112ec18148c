#include "records/channels.h"

#include <zip.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "accounts/agencies.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/strings.h"
#include "disclosure/portal.h"
#include "net/http_client.h"

#include <spdlog/spdlog.h>

namespace gk::records {
namespace {

namespace json = boost::json;
using accounts::Principal;
using accounts::Role;
using documents::Block;
using documents::Paper;
using documents::PrintDocument;

constexpr size_t kMaxPlaceChars = 100, kMaxNoteChars = 500, kMaxReasonChars = 500;
constexpr size_t kWechatTitleChars = 64, kWechatDigestChars = 120;
constexpr size_t kExcerptChars = 200;  // of a gateway's answer shown to staff, "…" included
constexpr int kMaxPushAttempts = 6;
constexpr int64_t kRetryAfterSeconds[] = {60, 300, 1800, 7200, 21600};
constexpr int64_t kClaimSeconds = 300;  // a claimed push is not taken by another node for this long
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

std::string ChinaDay(const std::string& utc) {
  auto t = ParseUtc(utc);
  return t.ok() ? ChinaDate(*t).ToString() : utc.substr(0, 10);
}

std::string ChineseDay(const std::string& iso) {
  auto d = Date::Parse(iso);
  if (!d.ok()) return iso;
  return std::to_string(d->year) + "年" + std::to_string(d->month) + "月" + std::to_string(d->day) + "日";
}

std::vector<std::string> Paragraphs(const std::string& text) {
  std::vector<std::string> out;
  for (const std::string& line : Split(text, '\n')) {
    std::string p(Trim(line));
    if (!p.empty() && p != "\r") out.push_back(p);
  }
  return out;
}

void AddBody(std::vector<Block>& body, const PublishedText& t) {
  for (const std::string& p : Paragraphs(t.summary)) body.push_back({Block::Kind::kParagraph, p, {}});
  for (const std::string& p : Paragraphs(t.body)) body.push_back({Block::Kind::kParagraph, p, {}});
  if (!t.attachment_names.empty()) {
    std::string names;
    for (const std::string& n : t.attachment_names) names += (names.empty() ? "" : "、") + n;
    body.push_back({Block::Kind::kLine, "附件：" + names + "（全文见政府信息公开网站）", {}});
  }
}

std::vector<Block> MetadataLines(const PublishedText& t) {
  std::vector<Block> out = {{Block::Kind::kLine, "索引号：" + t.index_no, {}}};
  if (!t.doc_no.empty()) out.push_back({Block::Kind::kLine, "文号：" + t.doc_no, {}});
  out.push_back({Block::Kind::kLine, "发布机构：" + t.agency_name + (t.department.empty() ? "" : "（" + t.department + "）"), {}});
  out.push_back({Block::Kind::kLine, "生成日期：" + ChineseDay(t.formed_on) + "　公开日期：" + ChineseDay(t.published_on), {}});
  return out;
}

std::string VersionMark(const PublishedText& t) {
  return "索引号 " + t.index_no + " · 公开版本摘要 " + t.content_hash.substr(0, 16);
}

PrintDocument ItemDocument(const PublishedText& t, double body_pt, const std::string& footer) {
  PrintDocument d;
  d.title = t.title;
  d.author = t.agency_name;
  auto published = Date::Parse(t.published_on);
  d.date = published.ok() ? *published : Date{2000, 1, 1};
  d.body_pt = body_pt;
  d.head = {{Block::Kind::kTitle, t.title, {}}};
  d.body = MetadataLines(t);
  d.body.push_back({Block::Kind::kSpace, "", {}});
  AddBody(d.body, t);
  d.body.push_back({Block::Kind::kSpace, "", {}});
  std::string online = "本信息已在" + t.agency_name + "政府信息公开网站公开";
  d.body.push_back({Block::Kind::kLine, online + (t.url.empty() ? "。" : "：" + t.url), {}});
  d.footer = footer;
  return d;
}

// An in-memory zip (libzip).
class ZipWriter {
 public:
  ZipWriter() {
    zip_error_t err;
    zip_error_init(&err);
    src_ = zip_source_buffer_create(nullptr, 0, 0, &err);
    if (src_) {
      zip_source_keep(src_);
      zip_ = zip_open_from_source(src_, ZIP_TRUNCATE, &err);
    }
    zip_error_fini(&err);
  }
  ~ZipWriter() {
    if (zip_) zip_discard(zip_);
    if (src_) zip_source_free(src_);
  }
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  bool Add(const std::string& name, std::string data) {
    if (!zip_) return false;
    data_.push_back(std::move(data));
    zip_source_t* s = zip_source_buffer(zip_, data_.back().data(), data_.back().size(), 0);
    if (!s) return false;
    if (zip_file_add(zip_, name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      zip_source_free(s);
      return false;
    }
    return true;
  }

  Result<std::string> Finish() {
    if (!zip_ || zip_close(zip_) != 0) return Internal("cannot write the package");
    zip_ = nullptr;
    zip_stat_t st;
    if (zip_source_stat(src_, &st) != 0 || zip_source_open(src_) != 0) return Internal("cannot read the package");
    std::string out(st.size, '\0');
    zip_int64_t n = zip_source_read(src_, out.data(), st.size);
    zip_source_close(src_);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) return Internal("cannot read the package");
    return out;
  }

 private:
  zip_source_t* src_ = nullptr;
  zip_t* zip_ = nullptr;
  std::vector<std::string> data_;  // (a list would do; buffers must outlive zip_close)
};

// The entries of a zip held in memory, by name (packages we wrote).
Result<std::map<std::string, std::string>> ReadZip(const std::string& bytes) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* z = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : nullptr;
  zip_error_fini(&err);
  if (!z) {
    if (src) zip_source_free(src);
    return InvalidArgument("the package is not a zip file");
  }
  std::map<std::string, std::string> out;
  zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(z, i, 0, &st) != 0 || st.size > (64u << 20)) continue;
    zip_file_t* f = zip_fopen_index(z, i, 0);
    if (!f) continue;
    std::string data(st.size, '\0');
    zip_int64_t got = zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    if (got == static_cast<zip_int64_t>(st.size)) out[st.name] = std::move(data);
  }
  zip_close(z);
  return out;
}

struct Image {
  std::string name, type, data;
};

std::string ImageExtension(const std::string& type) {
  if (type == "image/png") return ".png";
  if (type == "image/jpeg") return ".jpg";
  if (type == "image/gif") return ".gif";
  return "";
}

// The 公众号 article package.
Result<std::string> WechatPackage(const PublishedText& t, const std::string& account,
                                  const std::vector<Image>& images) {
  std::string digest = t.summary.empty() ? t.body : t.summary;
  for (char& c : digest) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  digest = Utf8Clip(Trim(digest), kWechatDigestChars - 1);
  std::string html = "<section>\n";
  for (const std::string& p : Paragraphs(t.body)) html += "<p>" + EscapeHtml(p) + "</p>\n";
  json::array image_list;
  for (size_t k = 0; k < images.size(); ++k) {
    std::string path = "images/" + std::to_string(k + 1) + ImageExtension(images[k].type);
    html += "<p><img src=\"" + path + "\" alt=\"" + EscapeHtml(images[k].name) + "\"></p>\n";
    image_list.push_back(json::object{{"path", path}, {"name", images[k].name}, {"media_type", images[k].type}});
  }
  std::vector<std::string> files;
  for (const std::string& n : t.attachment_names) files.push_back(n);
  if (!files.empty()) {
    std::string names;
    for (const std::string& n : files) names += (names.empty() ? "" : "、") + n;
    html += "<p>附件：" + EscapeHtml(names) + "（请到政府信息公开网站下载）</p>\n";
  }
  html += "<p>索引号：" + EscapeHtml(t.index_no) + "　发布机构：" + EscapeHtml(t.agency_name) + "　公开日期：" +
          EscapeHtml(ChineseDay(t.published_on)) + "</p>\n";
  if (!t.url.empty()) html += "<p><a href=\"" + EscapeHtml(t.url) + "\">阅读原文</a></p>\n";
  html += "</section>\n";
  json::object article = {{"title", t.title},
                          {"author", t.agency_name},
                          {"account", account},
                          {"digest", digest},
                          {"content_source_url", t.url},
                          {"index_no", t.index_no},
                          {"published_on", t.published_on},
                          {"content_hash", t.content_hash},
                          {"content", "content.html"},
                          {"images", std::move(image_list)}};
  ZipWriter zip;
  bool ok = zip.Add("article.json", json::serialize(article)) && zip.Add("content.html", html);
  for (size_t k = 0; k < images.size() && ok; ++k) {
    ok = zip.Add("images/" + std::to_string(k + 1) + ImageExtension(images[k].type), images[k].data);
  }
  if (!ok) return Internal("cannot write the package");
  return zip.Finish();
}

// The JSON pushed to the gateway, from a stored package.
Result<std::string> PushPayload(const std::string& package, const std::string& agency_code, int64_t release_id) {
  ASSIGN_OR_RETURN(auto files, ReadZip(package));
  auto article_it = files.find("article.json");
  auto content_it = files.find("content.html");
  if (article_it == files.end() || content_it == files.end()) return Internal("the package lacks its article");
  json::error_code ec;
  json::value article = json::parse(article_it->second, ec);
  if (ec || !article.is_object()) return Internal("the package's article.json is not JSON");
  json::object out = article.as_object();
  out["agency"] = agency_code;
  out["release_id"] = release_id;
  out["content"] = content_it->second;
  json::array images;
  if (const json::value* list = article.as_object().if_contains("images"); list && list->is_array()) {
    for (const json::value& i : list->as_array()) {
      if (!i.is_object()) continue;
      json::object img = i.as_object();
      const json::value* path = img.if_contains("path");
      if (!path || !path->is_string()) continue;
      auto data = files.find(std::string(path->as_string()));
      if (data == files.end()) continue;
      img["data_base64"] = Base64Encode(data->second);
      images.push_back(std::move(img));
    }
  }
  out["images"] = std::move(images);
  return json::serialize(out);
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

// What one push attempt came to: the gateway's status and a short,
// printable excerpt of its answer (or why there was none).
struct PushOutcome {
  std::optional<int> http_status;
  std::string response;
  bool ok = false, retry = false;
};

// At most kExcerptChars characters of a gateway's answer for staff: control
// characters become spaces, runs of spaces one; not UTF-8: a placeholder.
std::string AnswerExcerpt(const std::string& body) {
  if (!IsValidUtf8(body)) return "（非 UTF-8 应答，" + std::to_string(body.size()) + " 字节）";
  std::string out;
  for (char ch : body) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool space = c < 0x20 || c == 0x7F || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : ch;
  }
  return Utf8Clip(std::string(Trim(out)), kExcerptChars - 1);  // "…" included
}

// POSTs `payload` to the agency's gateway. net::Post refuses a host the
// configuration does not allow before any look-up, so the bearer token goes
// nowhere else; that refusal is recorded like any failure, without retries.
PushOutcome PushOnce(const PushConfig& config, const std::string& endpoint, const std::string& agency_code,
                     int64_t release_id, std::string payload) {
  net::PostRequest req;
  req.url = endpoint;
  req.allowed_hosts = config.allowed_hosts;
  req.body = std::move(payload);
  req.timeout_seconds = config.timeout_seconds;
  req.headers.emplace_back("Idempotency-Key", "gongkai-" + agency_code + "-release-" + std::to_string(release_id));
  if (!config.token.empty()) req.headers.emplace_back("Authorization", "Bearer " + config.token);
  auto answer = net::Post(req);
  if (!answer.ok()) {
    spdlog::warn("push of release {} to {}: {}", release_id, endpoint, answer.status().ToString());
    bool unavailable = answer.status().code() == Code::kUnavailable;
    return {std::nullopt, unavailable ? "推送网关无应答或无法连接" : answer.status().message(), false, unavailable};
  }
  const int st = answer->status;
  return {st, AnswerExcerpt(answer->body), st >= 200 && st < 300, st == 408 || st == 429 || st >= 500};
}

std::string PaperKey(Paper p) { return p == Paper::kA3 ? "A3" : "A4"; }

ChannelRelease FromRow(const store::Row& r) {
  ChannelRelease x;
  x.id = r.Int(0);
  x.item_id = r.Int(1);
  x.index_no = r.Str(2);
  x.channel = ChannelFromKey(r.Str(3)).value_or(Channel::kBoard);
  x.place = r.Str(4);
  x.paper = r.Str(5);
  x.note = r.Str(6);
  x.artifact_name = r.Str(7);
  x.artifact_type = r.Str(8);
  x.artifact_hash = r.Str(9);
  x.artifact_size = r.Int(10);
  x.released_by = r.Str(11);
  x.released_at = r.Str(12);
  x.removed_by = r.Str(13);
  x.removed_at = r.IsNull(14) ? "" : r.Str(14);
  x.remove_reason = r.IsNull(15) ? "" : r.Str(15);
  x.push_state = r.Str(16);
  x.push_attempts = static_cast<int>(r.Int(17));
  x.next_push_at = r.IsNull(18) ? "" : r.Str(18);
  x.pushed_at = r.IsNull(19) ? "" : r.Str(19);
  x.portal_withdrawn = r.Int(20) != 0;
  x.title = r.Str(21);
  return x;
}

constexpr char kSelect[] =
    "SELECT r.id, r.item_id, i.index_no, r.channel, r.place, r.paper, r.note, r.artifact_name, r.artifact_type, "
    "r.artifact_hash, r.artifact_size, COALESCE(u.display_name, ''), r.released_at, COALESCE(v.display_name, ''), "
    "r.removed_at, r.remove_reason, r.push_state, r.push_attempts, r.next_push_at, r.pushed_at, "
    "CASE WHEN p.withdrawn_at IS NULL THEN 0 ELSE 1 END, i.title "
    "FROM channel_releases r JOIN items i ON i.id = r.item_id JOIN publications p ON p.id = r.publication_id "
    "LEFT JOIN users u ON u.id = r.released_by LEFT JOIN users v ON v.id = r.removed_by "
    "WHERE r.agency_id = ? ";

Status RequireOffice(const Principal& who, const char* what) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied(std::string("只有公开办可以") + what);
  return Status::Ok();
}

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

PrintDocument BoardNotice(const PublishedText& t, Paper paper) {
  PrintDocument d = ItemDocument(t, paper == Paper::kA3 ? 20 : 14, VersionMark(t));
  d.paper = paper;
  d.head.insert(d.head.begin(), {Block::Kind::kSubtitle, t.agency_name + "政府信息公开", {}});
  return d;
}

PrintDocument ReadingCopy(const PublishedText& t, const std::string& place) {
  return ItemDocument(t, 12, "放置于" + place + " · " + VersionMark(t));
}

PrintDocument NewspaperArticle(const PublishedText& t, const std::string& place) {
  PrintDocument d;
  d.title = t.title;
  d.author = t.agency_name;
  auto published = Date::Parse(t.published_on);
  d.date = published.ok() ? *published : Date{2000, 1, 1};
  d.columns = 2;
  d.body_pt = 10.5;
  d.head = {{Block::Kind::kTitle, t.title, {}},
            {Block::Kind::kSubtitle, t.agency_name + "　" + ChineseDay(t.published_on), {}}};
  AddBody(d.body, t);
  std::string tail = "（索引号：" + t.index_no + (t.doc_no.empty() ? "" : "；文号：" + t.doc_no) +
                     "。全文见" + t.agency_name + "政府信息公开网站" + (t.url.empty() ? "" : " " + t.url) + "）";
  d.body.push_back({Block::Kind::kLine, tail, {}});
  d.footer = place + " · " + VersionMark(t);
  return d;
}

Result<PushConfig> PushConfigFrom(const ChannelsConfig& c) {
  PushConfig p;
  p.allowed_hosts = c.gateway_allowed_hosts;
  p.token = c.wechat_token;
  if (p.token.empty() && !c.wechat_token_file.empty()) {
    std::ifstream in(c.wechat_token_file);
    if (!in) return FailedPrecondition("cannot read channels.wechat_token_file " + c.wechat_token_file);
    std::getline(in, p.token);
    p.token = std::string(Trim(p.token));
  }
  return p;
}

Result<int64_t> Channels::Publish(const Principal& who, int64_t item_id, const ReleaseInput& in) {
  RETURN_IF_ERROR(RequireOffice(who, "在其他渠道发布信息"));
  const bool wechat = in.channel == Channel::kWechat;
  RETURN_IF_ERROR(CheckText(in.place, PlaceLabel(in.channel), kMaxPlaceChars, !wechat));
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
    if (!pub || pub->Str(1) != t.content_hash) {
      return FailedPrecondition("该信息在门户网站的公开版本已变化，请刷新后重试");
    }
    ASSIGN_OR_RETURN(int64_t id, tx.Insert(
        "INSERT INTO channel_releases (agency_id, publication_id, item_id, channel, place, paper, note, "
        "artifact_name, artifact_type, artifact_hash, artifact_size, artifact, released_by, released_at, "
        "push_state, next_push_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {who.agency_id, pub->Int(0), item_id, std::string(ChannelKey(in.channel)), place,
         in.channel == Channel::kBoard ? PaperKey(in.paper) : std::string(), std::string(Trim(in.note)), a.name,
         a.type, Sha256Hex(a.data), static_cast<int64_t>(a.data.size()), Base64Encode(a.data), who.user_id, now,
         std::string(wechat ? "pending" : ""), wechat ? store::Value(now) : store::Value(nullptr)}));
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

Result<std::vector<ChannelRelease>> Channels::List(const Principal& who, const ReleaseFilter& f) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<std::vector<ChannelRelease>>([&](store::Tx& tx) -> Result<std::vector<ChannelRelease>> {
    std::string sql = kSelect;
    std::vector<store::Value> params = {who.agency_id};
    if (f.channel) {
      sql += "AND r.channel = ? ";
      params.push_back(std::string(ChannelKey(*f.channel)));
    }
    if (f.live_only) sql += "AND r.removed_at IS NULL ";
    if (f.year) {
      // A day's margin each side of the UTC range; the China date decides below.
      sql += "AND r.released_at >= ? AND r.released_at < ? ";
      params.push_back(std::to_string(*f.year - 1) + "-12-31");
      params.push_back(std::to_string(*f.year + 1) + "-01-02");
    }
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql + "ORDER BY r.id DESC", params));
    std::vector<ChannelRelease> out;
    for (const auto& r : rows) {
      ChannelRelease x = FromRow(r);
      if (f.year && ChinaDay(x.released_at).substr(0, 4) != std::to_string(*f.year)) continue;
      out.push_back(std::move(x));
    }
    return out;
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
      x.attempts.push_back({a.Str(0), a.IsNull(1) ? std::nullopt : std::optional<int>(static_cast<int>(a.Int(1))),
                            a.Str(2), a.Int(3) != 0});
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
    return row->Str(0);
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
    if (!row->IsNull(2)) return FailedPrecondition("该发布已经撤下");
    const std::string now = Now(ctx_.clock);
    RETURN_IF_ERROR(tx.Exec("UPDATE channel_releases SET removed_by = ?, removed_at = ?, remove_reason = ?, "
                            "push_state = CASE WHEN push_state = 'pending' THEN 'cancelled' ELSE push_state END "
                            "WHERE id = ?", {who.user_id, now, std::string(Trim(reason)), release_id}).status());
    std::string label = ChannelLabelOfKey(row->Str(1));
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "channel.take_down", "item",
                                          std::to_string(row->Int(0)), row->Str(1), "removed",
                                          row->Str(4) + " 从" + label + "（" + row->Str(3) + "）撤下：" + reason});
  });
}

Result<std::vector<std::string>> Channels::Places(const Principal& who, Channel channel) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<std::vector<std::string>>([&](store::Tx& tx) -> Result<std::vector<std::string>> {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT DISTINCT place FROM channel_releases WHERE agency_id = ? AND "
                                         "channel = ? ORDER BY place", {who.agency_id, std::string(ChannelKey(channel))}));
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.Str(0));
    return out;
  });
}

Result<std::string> Channels::PlaceIndex(const Principal& who, Channel channel, const std::string& place) {
  if (channel != Channel::kServicePoint && channel != Channel::kReadingPoint) {
    return InvalidArgument("只有咨询服务站点和集中查阅点有信息目录");
  }
  RETURN_IF_ERROR(CheckText(place, "站点名称", kMaxPlaceChars, true));
  ASSIGN_OR_RETURN(auto all, List(who, {channel, std::nullopt, true}));
  ASSIGN_OR_RETURN(auto agency, ctx_.db.Read<accounts::Agency>([&](store::Tx& tx) {
    return accounts::FindAgencyById(tx, who.agency_id);
  }));
  const std::string where(Trim(place));
  PrintDocument d;
  d.title = where + std::string(ChannelLabel(channel)) + "政府信息目录";
  d.author = agency.name;
  d.date = ChinaDate(ctx_.clock.Now());
  d.body_pt = 12;
  d.head = {{Block::Kind::kTitle, "政府信息公开目录", {}},
            {Block::Kind::kSubtitle, agency.name + "　" + ChannelLabel(channel) + "：" + where, {}}};
  documents::Table t;
  t.widths = {0.6, 2, 4, 1.6, 1.6};
  t.header_rows = 1;
  using documents::CellAlign;
  using documents::TableCell;
  t.rows.push_back({{"序号", 1, 1, true, CellAlign::kCenter}, {"索引号", 1, 1, true, CellAlign::kCenter},
                    {"名称", 1, 1, true, CellAlign::kCenter}, {"公开日期", 1, 1, true, CellAlign::kCenter},
                    {"放置日期", 1, 1, true, CellAlign::kCenter}});
  int n = 0;
  // Oldest first, as a reader leafs through the folder.
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->place != where || it->portal_withdrawn) continue;
    ASSIGN_OR_RETURN(auto pub, ctx_.db.Read<std::string>([&](store::Tx& tx) -> Result<std::string> {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT p.published_at FROM channel_releases r JOIN publications p ON "
                                             "p.id = r.publication_id WHERE r.id = ?", {it->id}));
      return row ? row->Str(0) : std::string();
    }));
    t.rows.push_back({{std::to_string(++n), 1, 1, false, CellAlign::kCenter}, {it->index_no}, {it->title},
                      {ChinaDay(pub), 1, 1, false, CellAlign::kCenter},
                      {ChinaDay(it->released_at), 1, 1, false, CellAlign::kCenter}});
  }
  if (n == 0) t.rows.push_back({{"本站点目前没有放置政府信息", 5, 1, false, CellAlign::kCenter}});
  d.body.push_back({Block::Kind::kTable, "", std::move(t)});
  d.body.push_back({Block::Kind::kLine, "共 " + std::to_string(n) + " 条。以上信息均已在" + agency.name +
                                            "政府信息公开网站公开" + (portal_url_.empty() ? "。" : "：" + portal_url_),
                    {}});
  d.footer = d.title + "（" + ChinaDate(ctx_.clock.Now()).ToString() + "）";
  return documents::RenderPrintPdf(d);
}

Status Channels::RetryPush(const Principal& who, int64_t release_id) {
  RETURN_IF_ERROR(RequireOffice(who, "重新推送公众号文章"));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT r.push_state, r.removed_at, i.index_no, r.item_id FROM "
                                           "channel_releases r JOIN items i ON i.id = r.item_id WHERE r.id = ? AND "
                                           "r.agency_id = ? AND r.channel = 'wechat'", {release_id, who.agency_id}));
    if (!row) return NotFound("公众号发布记录不存在");
    if (!row->IsNull(1)) return FailedPrecondition("该发布已经撤下");
    if (row->Str(0) == "sent") return FailedPrecondition("该文章已推送成功");
    const std::string now = Now(ctx_.clock);
    RETURN_IF_ERROR(tx.Exec("UPDATE channel_releases SET push_state = 'pending', next_push_at = ? WHERE id = ?",
                            {now, release_id}).status());
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "channel.retry_push", "item",
                                          std::to_string(row->Int(3)), row->Str(0), "pending",
                                          row->Str(2) + " 重新推送到微信公众号"});
  });
}

Result<int> Channels::PushDue(const PushConfig& config, std::optional<int64_t> agency_id) {
  const std::string now = Now(ctx_.clock);
  ASSIGN_OR_RETURN(auto due, ctx_.db.Read<std::vector<store::Row>>([&](store::Tx& tx) {
    std::string sql = "SELECT r.id, r.agency_id, r.next_push_at, r.push_attempts, a.code FROM channel_releases r "
                      "JOIN agencies a ON a.id = r.agency_id WHERE r.push_state = 'pending' AND r.removed_at IS NULL "
                      "AND r.next_push_at <= ? ";
    std::vector<store::Value> params = {now};
    if (agency_id) {
      sql += "AND r.agency_id = ? ";
      params.push_back(*agency_id);
    }
    return tx.Query(sql + "ORDER BY r.next_push_at, r.id LIMIT 50", params);
  }));
  int tried = 0;
  for (const auto& r : due) {
    const int64_t id = r.Int(0), agency = r.Int(1);
    const int attempts = static_cast<int>(r.Int(3)) + 1;
    // Claim it: only the node whose update changes the row pushes now.
    const std::string lease = FormatUtc(ctx_.clock.Now() + kClaimSeconds);
    ASSIGN_OR_RETURN(int64_t claimed, ctx_.db.Transact<int64_t>([&](store::Tx& tx) {
      return tx.Exec("UPDATE channel_releases SET next_push_at = ? WHERE id = ? AND push_state = 'pending' AND "
                     "next_push_at = ?", {lease, id, r.Str(2)});
    }));
    if (claimed != 1) continue;
    ++tried;
    ASSIGN_OR_RETURN(auto settings, accounts::LoadSettings(ctx_.db, agency));
    ASSIGN_OR_RETURN(std::string encoded, ctx_.db.Read<std::string>([&](store::Tx& tx) -> Result<std::string> {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT artifact FROM channel_releases WHERE id = ?", {id}));
      if (!row) return NotFound("release vanished");
      return row->Str(0);
    }));
    auto package = Base64Decode(encoded);
    auto payload = package.ok() ? PushPayload(*package, r.Str(4), id) : Result<std::string>(package.status());
    PushOutcome out = payload.ok() ? PushOnce(config, settings["wechat_endpoint"], r.Str(4), id, std::move(*payload))
                                   : PushOutcome{std::nullopt, payload.status().message(), false, false};
    const bool ok = out.ok;
    const std::string at = Now(ctx_.clock);
    std::string state = ok ? "sent" : out.retry && attempts < kMaxPushAttempts ? "pending" : "failed";
    store::Value next = state == "pending"
                            ? store::Value(FormatUtc(ctx_.clock.Now() + kRetryAfterSeconds[std::min(attempts, 5) - 1]))
                            : store::Value(nullptr);
    RETURN_IF_ERROR(ctx_.db.Transact([&](store::Tx& tx) -> Status {
      RETURN_IF_ERROR(tx.Exec("INSERT INTO channel_push_attempts (agency_id, release_id, attempted_at, http_status, "
                              "response, ok) VALUES (?, ?, ?, ?, ?, ?)",
                              {agency, id, at,
                               out.http_status ? store::Value(int64_t{*out.http_status}) : store::Value(nullptr),
                               out.response, int64_t{ok}}).status());
      // A release taken down meanwhile keeps its 'cancelled' state.
      return tx.Exec("UPDATE channel_releases SET push_state = ?, push_attempts = ?, next_push_at = ?, "
                     "pushed_at = ? WHERE id = ? AND push_state = 'pending'",
                     {state, int64_t{attempts}, next, ok ? store::Value(at) : store::Value(nullptr), id}).status();
    }));
  }
  return tried;
}

}  // namespace gk::records
