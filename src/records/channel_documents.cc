// The artifacts of the channels: the printed notice, copy and article
// (PDF), the index of a reading point, and the 公众号 article package.
#include "records/channels.h"

#include <zip.h>

#include <boost/json.hpp>

#include "accounts/agencies.h"
#include "base/strings.h"
#include "records/channels_internal.h"

namespace gk::records {
namespace {

namespace json = boost::json;
using accounts::Principal;
using documents::Block;
using documents::Paper;
using documents::PrintDocument;
using namespace internal;

constexpr size_t kWechatDigestChars = 120;

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

}  // namespace

namespace internal {

std::string ChineseDay(const std::string& iso) {
  auto d = Date::Parse(iso);
  if (!d.ok()) return iso;
  return std::to_string(d->year) + "年" + std::to_string(d->month) + "月" + std::to_string(d->day) + "日";
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

}  // namespace internal

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

Result<std::string> Channels::PlaceIndex(const Principal& who, Channel channel, const std::string& place) {
  if (channel == Channel::kReadingPoint) return InvalidArgument("集中查阅点的信息目录请在“集中查阅点”页面打印");
  if (channel != Channel::kServicePoint) return InvalidArgument("只有咨询服务站点和集中查阅点有信息目录");
  RETURN_IF_ERROR(CheckText(place, "站点名称", kMaxPlaceChars, true));
  // Every live release of the channel, newest first: the index lists all
  // the copies kept at the place, so it reads the list to its end.
  std::vector<ChannelRelease> all;
  for (PageSpec page{std::nullopt, 500};;) {
    ASSIGN_OR_RETURN(auto part, List(who, {channel, std::nullopt, true}, page));
    all.insert(all.end(), part.rows.begin(), part.rows.end());
    if (!part.next) break;
    page.after = part.next;
  }
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
      return row ? row->Str("published_at") : std::string();
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

}  // namespace gk::records
