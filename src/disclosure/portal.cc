#include "disclosure/portal.h"

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <algorithm>
#include <map>
#include <span>
#include <string_view>

#include "base/clock.h"
#include "base/crypto.h"
#include "disclosure/catalog.h"
#include "disclosure/chain.h"
#include "disclosure/reference.h"

namespace gk::disclosure {
namespace json = boost::json;
namespace {

constexpr const char* kColumns =
    "SELECT i.id, p.id AS publication_id, i.index_no, p.content, d.name AS department_name, c.name AS category_name, "
    "c.code AS category_code, p.published_at, p.content_hash, p.migrated, i.validity, "
    "i.repealed_on "
    "FROM publications p JOIN items i ON i.id = p.item_id JOIN departments d ON d.id = i.department_id "
    "JOIN catalog_categories c ON c.id = i.category_id "
    "WHERE p.agency_id = ? AND p.withdrawn_at IS NULL ";

// A publication's content as stored: JSON this program wrote, valid UTF-8
// then, so not checked again on every read (the check was most of the
// parsing of a Chinese text).
json::parse_options StoredContent() {
  json::parse_options o;
  o.allow_invalid_utf8 = true;
  return o;
}

std::string Str(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

// The fields of a published item that come from its columns, not its content.
void FillFromColumns(const store::Row& r, PublicItem& p) {
  // The current validity (it may have changed since publication).
  p.validity = ValidityLabel(ValidityFromKey(r.Str("validity")).value_or(Validity::kValid));
  if (!r.IsNull("repealed_on")) p.validity += "（" + r.Str("repealed_on") + "）";
  p.department = r.Str("department_name");
  p.category = r.Str("category_name");
  p.category_code = r.Str("category_code");
  auto t = ParseUtc(r.Str("published_at"));
  p.published_at = t.ok() ? ChinaDate(*t).ToString() : r.Str("published_at");
  p.content_hash = r.Str("content_hash");
  p.migrated = r.Int("migrated") != 0;
}

// The handler of TopLevelStrings' parser: keeps the top-level string values
// of the keys asked for.
class TopLevelHandler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  TopLevelHandler(std::span<const std::string_view> keys, std::span<std::string> values) : keys_(keys), values_(values) {}

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) { return Nested(true); }
  bool on_object_end(std::size_t, json::error_code&) { return Close(); }
  bool on_array_begin(json::error_code&) { return Nested(false); }
  bool on_array_end(std::size_t, json::error_code&) { return Close(); }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    if (depth_ == 1) key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    if (depth_ == 1) {
      key_.append(s.data(), s.size());
      wanted_ = -1;
      for (size_t i = 0; i < keys_.size(); ++i) {
        if (key_ == keys_[i]) wanted_ = static_cast<int>(i);
      }
      key_.clear();
    }
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    if (Here()) value_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    if (Here()) {
      value_.append(s.data(), s.size());
      values_[static_cast<size_t>(wanted_)] = std::move(value_);
      value_.clear();
      wanted_ = -1;
    }
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(int64_t, json::string_view, json::error_code&) { return Scalar(); }
  bool on_uint64(uint64_t, json::string_view, json::error_code&) { return Scalar(); }
  bool on_double(double, json::string_view, json::error_code&) { return Scalar(); }
  bool on_bool(bool, json::error_code&) { return Scalar(); }
  bool on_null(json::error_code&) { return Scalar(); }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

  bool top_is_object = false;

 private:
  bool Here() const { return depth_ == 1 && wanted_ >= 0; }
  // A value that is not a string: none (as Str gives).
  bool Scalar() {
    if (Here()) values_[static_cast<size_t>(wanted_)].clear(), wanted_ = -1;
    return true;
  }
  bool Nested(bool object) {
    if (depth_ == 0) top_is_object = object;
    Scalar();
    ++depth_;
    return true;
  }
  bool Close() {
    --depth_;
    return true;
  }
  std::span<const std::string_view> keys_;
  std::span<std::string> values_;
  int depth_ = 0;
  int wanted_ = -1;
  std::string key_, value_;
};

// The top-level string values of `keys` in the JSON object `content` ("" for
// a key that is absent or not a string), without building the document; all
// "" when `content` is not a JSON object. Of a repeated key the last value
// counts, as in the parsed object.
void TopLevelStrings(const std::string& content, std::span<const std::string_view> keys, std::span<std::string> values) {
  json::basic_parser<TopLevelHandler> p{StoredContent(), keys, values};
  json::error_code ec;
  // What json::parse refuses (but invalid UTF-8), this refuses: an error,
  // an unfinished document, anything but white space after it.
  size_t used = p.write_some(false, content.data(), content.size(), ec);
  if (ec || !p.done() || used != content.size() || !p.handler().top_is_object) {
    for (std::string& v : values) v.clear();
  }
}

// A row of a list of headlines: the content's summary fields only (no body,
// attachments or interpretation links).
PublicItem FromListRow(const store::Row& r) {
  static constexpr std::string_view kKeys[] = {"title", "doc_no", "formed_on", "summary", "attribute"};
  std::string values[std::size(kKeys)];
  TopLevelStrings(r.Str("content"), kKeys, values);
  PublicItem p;
  p.id = r.Int("id");
  p.index_no = r.Str("index_no");
  p.title = std::move(values[0]);
  p.doc_no = std::move(values[1]);
  p.formed_on = std::move(values[2]);
  p.summary = std::move(values[3]);
  p.attribute = AttributeLabel(AttributeFromKey(values[4]).value_or(Attribute::kProactive));
  FillFromColumns(r, p);
  return p;
}

PublicItem FromRow(const store::Row& r) {
  PublicItem p;
  p.id = r.Int("id");
  p.index_no = r.Str("index_no");
  // The parsed content lives only as long as this call: its memory comes
  // from one arena instead of an allocation per value; a content of a few
  // KiB fits in the first block, on the stack.
  unsigned char first_block[8192];
  json::monotonic_resource arena(first_block, sizeof first_block);
  json::error_code ec;
  json::value v = json::parse(r.Str("content"), ec, &arena, StoredContent());
  static const json::object kNone;
  const json::object& o = !ec && v.is_object() ? v.as_object() : kNone;
  p.title = Str(o, "title");
  p.doc_no = Str(o, "doc_no");
  p.formed_on = Str(o, "formed_on");
  p.attribute = AttributeLabel(AttributeFromKey(Str(o, "attribute")).value_or(Attribute::kProactive));
  p.summary = Str(o, "summary");
  p.body = Str(o, "body");
  if (auto it = o.find("interprets"); it != o.end() && it->value().is_int64()) {
    p.interprets = std::make_pair(it->value().as_int64(), std::string());
  }
  if (auto it = o.find("attachments"); it != o.end() && it->value().is_array()) {
    for (const auto& f : it->value().as_array()) {
      if (!f.is_object()) continue;
      const json::object& fo = f.as_object();
      PublicItem::File file;
      if (auto id = fo.find("id"); id != fo.end() && id->value().is_int64()) file.id = id->value().as_int64();
      if (auto sz = fo.find("size"); sz != fo.end() && sz->value().is_int64()) file.size = sz->value().as_int64();
      file.name = Str(fo, "name");
      file.type = Str(fo, "type");
      file.hash = Str(fo, "hash");
      p.attachments.push_back(std::move(file));
    }
  }
  FillFromColumns(r, p);
  return p;
}

// The category and all its descendants.
Result<std::vector<int64_t>> Subtree(store::Tx& tx, int64_t agency_id, int64_t root) {
  ASSIGN_OR_RETURN(auto cats, LoadCatalog(tx, agency_id));
  std::vector<int64_t> ids = {root};
  for (size_t i = 0; i < ids.size(); ++i) {
    for (const auto& c : cats) {
      if (c.parent_id == ids[i]) ids.push_back(c.id);
    }
  }
  return ids;
}

}  // namespace

std::string TitleOf(const std::string& content) {
  static constexpr std::string_view kTitle[] = {"title"};
  std::string title[1];
  TopLevelStrings(content, kTitle, title);
  return std::move(title[0]);
}

Result<PublicPage> ListPublished(store::Database& db, int64_t agency_id, const PublicFilter& f) {
  PublicPage out;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    // The page's filter on the items, and the same on the counter of live
    // publications (migrations/0035) for the total.
    std::string where, counted;
    std::vector<store::Value> params = {agency_id}, counted_params = {agency_id};
    if (f.category_id) {
      ASSIGN_OR_RETURN(auto ids, Subtree(tx, agency_id, *f.category_id));
      std::string in;
      for (size_t i = 0; i < ids.size(); ++i) {
        in += i ? ", ?" : "?";
        params.emplace_back(ids[i]);
        counted_params.emplace_back(ids[i]);
      }
      where += " AND i.category_id IN (" + in + ")";
      counted += " AND category_id IN (" + in + ")";
    }
    if (f.year) {
      where += " AND i.formed_on >= ? AND i.formed_on <= ?";
      params.emplace_back(std::to_string(*f.year) + "-01-01");
      params.emplace_back(std::to_string(*f.year) + "-12-31");
      counted += " AND formed_year = ?";
      counted_params.emplace_back(std::to_string(*f.year));
    }
    if (f.with_total) {
      ASSIGN_OR_RETURN(auto count, tx.QueryOne("SELECT COALESCE(SUM(n), 0) AS n FROM live_publication_counts "
                                               "WHERE agency_id = ?" + counted, counted_params));
      out.total = count ? count->Int("n") : 0;
    }
    const int per_page = std::clamp(f.per_page, 1, 100);
    int64_t offset = 0;
    if (f.after) {
      where += " AND (p.published_at < ? OR (p.published_at = ? AND p.id < ?))";
      params.emplace_back(f.after->key);
      params.emplace_back(f.after->key);
      params.emplace_back(f.after->id);
    } else {
      offset = static_cast<int64_t>(std::max(1, f.page) - 1) * per_page;
      if (offset > kMaxPublicPageOffset) {
        return InvalidArgument("页码过大：请用“下一页”逐页浏览，或按分类、年度筛选，或使用检索。");
      }
    }
    params.emplace_back(int64_t{per_page + 1});
    params.emplace_back(offset);
    ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kColumns) + where + " ORDER BY p.published_at DESC, p.id DESC "
                                         "LIMIT ? OFFSET ?", params));
    // Read with LIMIT per_page + 1: a row beyond the page says more follow.
    const size_t shown = std::min(rows.size(), static_cast<size_t>(per_page));
    for (size_t i = 0; i < shown; ++i) out.items.push_back(FromListRow(rows[i]));
    if (rows.size() > shown && shown > 0) {
      out.next = SeekKey{rows[shown - 1].Str("published_at"), rows[shown - 1].Int("publication_id")};
    }
    return Status::Ok();
  }));
  return out;
}

Result<PublicItem> GetPublished(store::Database& db, int64_t agency_id, int64_t item_id) {
  PublicItem item;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kColumns) + "AND i.id = ?", {agency_id, item_id}));
    if (!row) return NotFound("该信息不存在或未公开");
    item = FromRow(*row);
    if (item.interprets) {
      ASSIGN_OR_RETURN(auto target, tx.QueryOne(std::string(kColumns) + "AND i.id = ?",
                                                {agency_id, item.interprets->first}));
      if (target) {
        item.interprets->second = TitleOf(target->Str("content"));
      } else {
        item.interprets.reset();  // the interpreted policy is not public
      }
    }
    // Its 政策解读: found by the index on the item they interpret, then each
    // read as published (a planner left to join from the publications would
    // read every live one of the agency).
    ASSIGN_OR_RETURN(auto interpreting, tx.Query("SELECT id FROM items WHERE interprets_item_id = ? ORDER BY id "
                                                 "LIMIT 100", {item_id}));
    for (const auto& r : interpreting) {
      ASSIGN_OR_RETURN(auto published, tx.QueryOne(std::string(kColumns) + "AND i.id = ?", {agency_id, r.Int("id")}));
      if (!published) continue;  // not public
      item.interpretations.emplace_back(published->Int("id"), TitleOf(published->Str("content")));
    }
    return Status::Ok();
  }));
  return item;
}

Result<std::pair<PublicItem::File, std::string>> GetPublishedAttachment(store::Database& db, int64_t agency_id,
                                                                      int64_t item_id, int64_t attachment_id) {
  ASSIGN_OR_RETURN(PublicItem item, GetPublished(db, agency_id, item_id));
  for (const auto& f : item.attachments) {
    if (f.id != attachment_id) continue;
    std::string data;
    RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT data, content_hash FROM item_attachments WHERE id = ? AND "
                                             "item_id = ? AND agency_id = ?", {attachment_id, item_id, agency_id}));
      if (!row || row->Str("content_hash") != f.hash) return NotFound("附件不存在");
      ASSIGN_OR_RETURN(data, Base64DecodePublic(row->Str("data")));  // a published file
      return Status::Ok();
    }));
    return std::make_pair(f, std::move(data));
  }
  return NotFound("附件不存在");
}

namespace {

Result<std::vector<std::pair<int64_t, int64_t>>> CountsIn(store::Tx& tx, int64_t agency_id) {
  // From the counter of live publications (migrations/0035).
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT category_id, SUM(n) AS n FROM live_publication_counts "
                                       "WHERE agency_id = ? GROUP BY category_id HAVING SUM(n) <> 0", {agency_id}));
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const auto& r : rows) out.emplace_back(r.Int("category_id"), r.Int("n"));
  return out;
}

}  // namespace

Result<PortalCatalog> ReadPortalCatalog(store::Database& db, int64_t agency_id) {
  PortalCatalog out;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out.categories, LoadCatalog(tx, agency_id));
    ASSIGN_OR_RETURN(auto counts, CountsIn(tx, agency_id));
    out.counts.insert(counts.begin(), counts.end());
    return Status::Ok();
  }));
  return out;
}

int64_t LiveTotal(const PortalCatalog& catalog, std::optional<int64_t> category_id) {
  int64_t total = 0;
  if (!category_id) {
    for (const auto& [id, n] : catalog.counts) total += n;
    return total;
  }
  // The category and its descendants, as Subtree finds them.
  std::vector<int64_t> ids = {*category_id};
  for (size_t i = 0; i < ids.size(); ++i) {
    for (const auto& c : catalog.categories) {
      if (c.parent_id == ids[i]) ids.push_back(c.id);
    }
  }
  for (int64_t id : ids) {
    if (auto it = catalog.counts.find(id); it != catalog.counts.end()) total += it->second;
  }
  return total;
}

Result<std::vector<int64_t>> SitemapBlocks(store::Database& db, int64_t agency_id, int64_t block_size,
                                           int64_t max_blocks) {
  std::vector<int64_t> out;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    for (int64_t after = 0; static_cast<int64_t>(out.size()) < max_blocks;) {
      ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT MIN(id) FROM publications WHERE agency_id = ? AND "
                                             "withdrawn_at IS NULL AND id > ?", {agency_id, after}));
      if (!row || row->IsNull(0)) break;
      int64_t block = (row->Int(0) - 1) / block_size;
      out.push_back(block);
      after = (block + 1) * block_size;
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<SitemapEntry>> SitemapBlock(store::Database& db, int64_t agency_id, int64_t block,
                                               int64_t block_size) {
  std::vector<SitemapEntry> out;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT item_id, published_at FROM publications WHERE agency_id = ? AND "
                                         "withdrawn_at IS NULL AND id > ? AND id <= ? ORDER BY id",
                                         {agency_id, block * block_size, (block + 1) * block_size}));
    out.reserve(rows.size());
    for (const auto& r : rows) {
      auto t = ParseUtc(r.Str(1));
      out.push_back({r.Int(0), t.ok() ? ChinaDate(*t).ToString() : r.Str(1).substr(0, 10)});
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<PublicHeadline>> LatestPublished(store::Database& db, int64_t agency_id, int limit) {
  std::vector<PublicHeadline> out;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT p.item_id, p.content, p.published_at FROM publications p "
                                         "WHERE p.agency_id = ? AND p.withdrawn_at IS NULL "
                                         "ORDER BY p.published_at DESC, p.id DESC LIMIT ?",
                                         {agency_id, int64_t{std::clamp(limit, 1, 50)}}));
    for (const auto& r : rows) {
      auto t = ParseUtc(r.Str("published_at"));
      out.push_back({r.Int("item_id"), TitleOf(r.Str("content")),
                     t.ok() ? ChinaDate(*t).ToString() : r.Str("published_at").substr(0, 10)});
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<PlatformHeadline>> LatestOnPlatform(store::Database& db, int limit) {
  std::vector<PlatformHeadline> out;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT p.item_id, p.content, p.published_at, a.code, a.name "
                                         "FROM publications p JOIN agencies a ON a.id = p.agency_id "
                                         "WHERE p.withdrawn_at IS NULL "
                                         "ORDER BY p.published_at DESC, p.id DESC LIMIT ?",
                                         {int64_t{std::clamp(limit, 1, 50)}}));
    for (const auto& r : rows) {
      auto t = ParseUtc(r.Str("published_at"));
      out.push_back({{r.Int("item_id"), TitleOf(r.Str("content")),
                      t.ok() ? ChinaDate(*t).ToString() : r.Str("published_at").substr(0, 10)},
                     r.Str("code"),
                     r.Str("name")});
    }
    return Status::Ok();
  }));
  return out;
}

namespace {

// The codes of the category `code` of `tree` and of all its descendants;
// empty if the tree has no such category.
std::vector<std::string> SubtreeCodes(const std::vector<Category>& tree, const std::string& code) {
  std::vector<int64_t> ids;
  std::vector<std::string> codes;
  for (const auto& c : tree) {
    if (c.code == code) {
      ids.push_back(c.id);
      codes.push_back(c.code);
    }
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    for (const auto& c : tree) {
      if (c.parent_id == ids[i]) {
        ids.push_back(c.id);
        codes.push_back(c.code);
      }
    }
  }
  return codes;
}

// Live publications per category code, of every agency or of one (from the
// counter of live publications, migrations/0035).
Result<std::map<std::string, int64_t>> CountsByCode(store::Tx& tx, std::optional<int64_t> agency_id) {
  std::string sql =
      "SELECT c.code, SUM(l.n) AS n FROM live_publication_counts l "
      "JOIN catalog_categories c ON c.id = l.category_id WHERE 1 = 1";
  std::vector<store::Value> params;
  if (agency_id) {
    sql += " AND l.agency_id = ?";
    params.emplace_back(*agency_id);
  }
  ASSIGN_OR_RETURN(auto rows, tx.Query(sql + " GROUP BY c.code HAVING SUM(l.n) <> 0", params));
  std::map<std::string, int64_t> out;
  for (const auto& r : rows) out[r.Str("code")] = r.Int("n");
  return out;
}

// One page of live items of the codes (all if none), newest first.
Status PlatformItems(store::Tx& tx, const PlatformBrowse& b, const std::vector<std::string>& codes,
                     PlatformCatalogPage& out) {
  std::string sql =
      "SELECT p.id AS publication_id, p.item_id, p.content, p.published_at, a.code, a.name, c.name AS category_name "
      "FROM publications p JOIN items i ON i.id = p.item_id JOIN catalog_categories c ON c.id = i.category_id "
      "JOIN agencies a ON a.id = p.agency_id WHERE p.withdrawn_at IS NULL";
  std::vector<store::Value> params;
  if (!codes.empty()) {
    sql += " AND c.code IN (";
    for (size_t i = 0; i < codes.size(); ++i) {
      sql += i ? ", ?" : "?";
      params.emplace_back(codes[i]);
    }
    sql += ")";
  }
  if (b.agency_id) {
    sql += " AND p.agency_id = ?";
    params.emplace_back(*b.agency_id);
  }
  if (b.before) {
    ASSIGN_OR_RETURN(auto cursor, tx.QueryOne("SELECT published_at FROM publications WHERE id = ?", {*b.before}));
    if (cursor) {
      sql += " AND (p.published_at < ? OR (p.published_at = ? AND p.id < ?))";
      params.emplace_back(cursor->Str("published_at"));
      params.emplace_back(cursor->Str("published_at"));
      params.emplace_back(*b.before);
    }
  }
  int limit = std::clamp(b.limit, 1, 100);
  params.emplace_back(int64_t{limit + 1});
  ASSIGN_OR_RETURN(auto rows, tx.Query(sql + " ORDER BY p.published_at DESC, p.id DESC LIMIT ?", params));
  for (size_t n = 0; n < rows.size() && n < static_cast<size_t>(limit); ++n) {
    const store::Row& r = rows[n];
    auto t = ParseUtc(r.Str("published_at"));
    out.items.push_back({{{r.Int("item_id"), TitleOf(r.Str("content")),
                           t.ok() ? ChinaDate(*t).ToString() : r.Str("published_at").substr(0, 10)},
                          r.Str("code"),
                          r.Str("name")},
                         r.Str("category_name")});
    if (rows.size() > static_cast<size_t>(limit) && n + 1 == static_cast<size_t>(limit)) {
      out.next = r.Int("publication_id");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<PlatformCatalogPage> BrowsePlatformCatalog(store::Database& db, const PlatformBrowse& b) {
  PlatformCatalogPage out;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto tree, LoadCatalog(tx, b.catalog_agency_id));
    std::vector<std::string> codes;
    if (!b.category_code.empty()) {
      codes = SubtreeCodes(tree, b.category_code);
      if (codes.empty()) return NotFound("该目录分类不存在");
    }
    ASSIGN_OR_RETURN(out.counts, CountsByCode(tx, b.agency_id));
    for (const auto& [code, n] : out.counts) {
      if (codes.empty() || std::find(codes.begin(), codes.end(), code) != codes.end()) out.total += n;
    }
    for (auto& c : tree) {
      if (c.active) out.categories.push_back(std::move(c));
    }
    return PlatformItems(tx, b, codes, out);
  }));
  return out;
}

CatalogOverview OverviewOf(const PortalCatalog& catalog) {
  CatalogOverview out;
  // Each category's top-level ancestor (LoadCatalog gives parents first).
  std::map<int64_t, int64_t> top_of;
  for (const auto& c : catalog.categories) top_of[c.id] = c.parent_id ? top_of[*c.parent_id] : c.id;
  std::map<int64_t, int64_t> per_top;
  for (const auto& [category, n] : catalog.counts) {
    out.total += n;
    if (auto it = top_of.find(category); it != top_of.end()) per_top[it->second] += n;
  }
  for (const auto& c : catalog.categories) {
    if (c.parent_id || !c.active) continue;
    out.top.push_back({c.id, c.code, c.name, per_top[c.id]});
  }
  return out;
}

Result<CatalogOverview> PublishedOverview(store::Database& db, int64_t agency_id) {
  ASSIGN_OR_RETURN(PortalCatalog catalog, ReadPortalCatalog(db, agency_id));
  return OverviewOf(catalog);
}

}  // namespace gk::disclosure
