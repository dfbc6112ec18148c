#include "records/filing.h"

#include <boost/json.hpp>

#include "base/clock.h"
#include "base/date.h"
#include "disclosure/portal.h"

namespace gk::records {
namespace {

namespace json = boost::json;

std::string ChinaDay(const std::string& utc) {
  auto t = ParseUtc(utc);
  return t.ok() ? ChinaDate(*t).ToString() : utc.substr(0, 10);
}

std::string StrAt(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

}  // namespace

Result<FilingPackage> BuildFiling(store::Tx& tx, int64_t agency_id, const std::string& from, const std::string& to,
                                  const std::string& created_at) {
  auto f = Date::Parse(from);
  auto t = Date::Parse(to);
  if (!f.ok() || !t.ok() || *t < *f) return InvalidArgument("备案期间无效（YYYY-MM-DD，起始日不晚于截止日）");
  FilingPackage p;
  p.from = f->ToString();
  p.to = t->ToString();
  p.created_at = created_at;
  ASSIGN_OR_RETURN(auto agency, tx.QueryOne("SELECT code, name FROM agencies WHERE id = ?", {agency_id}));
  if (!agency) return NotFound("机关不存在");
  p.agency_code = agency->Str("code");
  p.agency_name = agency->Str("name");
  // A day's margin on each side of the UTC range; the China date decides.
  // The published contents (read for their titles) a batch at a time, in
  // the order of (published_at, id): only the filed lines are kept.
  constexpr int64_t kBatch = 500;
  std::string after_at = f->AddDays(-1).ToString();
  int64_t after_id = 0;
  const std::string before = t->AddDays(2).ToString();
  for (;;) {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT p.id, p.item_id, i.index_no, p.content, p.published_at, p.version, "
                                         "p.content_hash FROM publications p JOIN items i ON i.id = p.item_id "
                                         "WHERE p.agency_id = ? AND p.withdrawn_at IS NULL AND p.published_at < ? "
                                         "AND (p.published_at > ? OR (p.published_at = ? AND p.id > ?)) "
                                         "ORDER BY p.published_at, p.id LIMIT ?",
                                         {agency_id, before, after_at, after_at, after_id, kBatch}));
    for (const auto& r : rows) {
      std::string day = ChinaDay(r.Str("published_at"));
      if (day < p.from || day > p.to) continue;
      p.items.push_back({r.Int("item_id"), r.Str("index_no"), disclosure::TitleOf(r.Str("content")), day,
                         static_cast<int>(r.Int("version")), r.Str("content_hash")});
    }
    if (static_cast<int64_t>(rows.size()) < kBatch) break;
    after_at = rows.back().Str("published_at");
    after_id = rows.back().Int("id");
  }
  return p;
}

std::string FilingJson(const FilingPackage& p) {
  json::array items;
  for (const FiledItem& i : p.items) {
    items.push_back(json::object{{"item_id", i.item_id},
                                 {"index_no", i.index_no},
                                 {"title", i.title},
                                 {"published_on", i.published_at},
                                 {"version", i.version},
                                 {"content_hash", i.content_hash}});
  }
  return json::serialize(json::object{{"kind", "gongkai.filing"},
                                      {"agency_code", p.agency_code},
                                      {"agency_name", p.agency_name},
                                      {"from", p.from},
                                      {"to", p.to},
                                      {"created_at", p.created_at},
                                      {"digest", "BLAKE2b-256 of the published content (content_hash of the API)"},
                                      {"items", std::move(items)}});
}

Result<FilingPackage> ParseFiling(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return InvalidArgument("不是备案包：不是 JSON 对象");
  const json::object& o = v.as_object();
  if (StrAt(o, "kind") != "gongkai.filing") return InvalidArgument("不是备案包：缺少 kind");
  FilingPackage p{StrAt(o, "agency_code"), StrAt(o, "agency_name"), StrAt(o, "from"), StrAt(o, "to"),
                  StrAt(o, "created_at"), {}};
  const json::value* items = o.if_contains("items");
  if (!items || !items->is_array()) return InvalidArgument("不是备案包：缺少 items");
  for (const json::value& i : items->as_array()) {
    if (!i.is_object()) return InvalidArgument("备案包格式错误");
    const json::object& io = i.as_object();
    const json::value* id = io.if_contains("item_id");
    const json::value* version = io.if_contains("version");
    if (!id || !id->is_int64() || !version || !version->is_int64()) return InvalidArgument("备案包格式错误");
    p.items.push_back({id->as_int64(), StrAt(io, "index_no"), StrAt(io, "title"), StrAt(io, "published_on"),
                       static_cast<int>(version->as_int64()), StrAt(io, "content_hash")});
  }
  return p;
}

Result<std::vector<FilingDifference>> CheckFiling(store::Tx& tx, int64_t agency_id, const FilingPackage& p) {
  ASSIGN_OR_RETURN(auto agency, tx.QueryOne("SELECT code FROM agencies WHERE id = ?", {agency_id}));
  if (!agency || agency->Str("code") != p.agency_code) {
    return InvalidArgument("备案包属于其他机关（" + p.agency_code + "）");
  }
  std::vector<FilingDifference> out;
  for (const FiledItem& i : p.items) {
    ASSIGN_OR_RETURN(auto live, tx.QueryOne("SELECT p.version, p.content_hash FROM publications p JOIN items it ON "
                                            "it.id = p.item_id WHERE p.item_id = ? AND it.agency_id = ? AND "
                                            "p.withdrawn_at IS NULL ORDER BY p.id DESC LIMIT 1",
                                            {i.item_id, agency_id}));
    if (!live) {
      out.push_back({i.index_no, i.title, "已撤回，门户网站不再提供"});
    } else if (live->Str("content_hash") != i.content_hash) {
      out.push_back({i.index_no, i.title, "内容已变更（现为第 " + live->Str("version") + " 版）"});
    }
  }
  return out;
}

}  // namespace gk::records
