#include "records/reading_points.h"

#include "accounts/platform.h"
#include "accounts/portal_generation.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/strings.h"
#include "documents/print.h"
#include "records/channels_internal.h"

namespace gk::records {
namespace {

using accounts::Principal;
using documents::Block;
using documents::CellAlign;

constexpr size_t kMaxAddressChars = 200, kMaxHoursChars = 200;

constexpr char kColumns[] = "SELECT id, agency_id, name, address, hours, active FROM reading_points ";

ReadingPoint FromRow(const store::Row& r) {
  return {r.Int("id"), r.Int("agency_id"), r.Str("name"), r.Str("address"), r.Str("hours"), r.Int("active") != 0};
}

Status CheckInput(const ReadingPointInput& in) {
  RETURN_IF_ERROR(CheckText(in.name, "查阅点名称", internal::kMaxPlaceChars, true));
  RETURN_IF_ERROR(CheckText(in.address, "查阅点地址", kMaxAddressChars, true));
  return CheckText(in.hours, "开放时间", kMaxHoursChars, false);
}

// What the audit entry keeps of a point.
std::string State(const ReadingPointInput& in) {
  return std::string(Trim(in.name)) + "|" + std::string(Trim(in.address)) + "|" + std::string(Trim(in.hours)) + "|" +
         (in.active ? "active" : "closed");
}

// The district `who` manages points of: its own agency, when it is the
// district and `who` is its 公开办.
Result<accounts::Agency> ManagedDistrict(store::Tx& tx, const Principal& who) {
  RETURN_IF_ERROR(internal::RequireOffice(who, "管理集中查阅点"));
  ASSIGN_OR_RETURN(accounts::Agency district, accounts::DistrictOf(tx, who.agency_id));
  if (district.id != who.agency_id) {
    return PermissionDenied("集中查阅点由" + district.name + "的公开办管理");
  }
  return district;
}

// Conflict if the district has another point of this name.
Status CheckNameFree(store::Tx& tx, int64_t district_id, const std::string& name, int64_t except_id) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id FROM reading_points WHERE agency_id = ? AND name = ? AND id <> ?",
                                         {district_id, name, except_id}));
  if (row) return Conflict("已有名为“" + name + "”的集中查阅点");
  return Status::Ok();
}

documents::Table AgencyTable(const std::vector<IndexEntry>& entries, size_t from, size_t to) {
  documents::Table t;
  t.widths = {0.6, 2.2, 4, 1.5, 1.5};
  t.header_rows = 1;
  t.rows.push_back({{"序号", 1, 1, true, CellAlign::kCenter}, {"索引号", 1, 1, true, CellAlign::kCenter},
                    {"名称", 1, 1, true, CellAlign::kCenter}, {"公开日期", 1, 1, true, CellAlign::kCenter},
                    {"放置日期", 1, 1, true, CellAlign::kCenter}});
  for (size_t k = from; k < to; ++k) {
    const IndexEntry& e = entries[k];
    t.rows.push_back({{std::to_string(k - from + 1), 1, 1, false, CellAlign::kCenter}, {e.index_no}, {e.title},
                      {e.published_on, 1, 1, false, CellAlign::kCenter},
                      {e.placed_on, 1, 1, false, CellAlign::kCenter}});
  }
  return t;
}

}  // namespace

Result<std::vector<ReadingPoint>> ReadingPoints::List(const Principal& who, bool include_inactive) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<std::vector<ReadingPoint>>([&](store::Tx& tx) -> Result<std::vector<ReadingPoint>> {
    ASSIGN_OR_RETURN(accounts::Agency district, accounts::DistrictOf(tx, who.agency_id));
    ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kColumns) + "WHERE agency_id = ? " +
                                             (include_inactive ? "" : "AND active = 1 ") + "ORDER BY name, id LIMIT ?",
                                         {district.id, int64_t{kMaxReadingPoints}}));
    std::vector<ReadingPoint> out;
    for (const auto& r : rows) out.push_back(FromRow(r));
    return out;
  });
}

Result<ReadingPoint> ReadingPoints::Get(const Principal& who, int64_t point_id) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<ReadingPoint>([&](store::Tx& tx) -> Result<ReadingPoint> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kColumns) + "WHERE id = ?", {point_id}));
    if (!row) return NotFound("集中查阅点不存在");
    return FromRow(*row);
  });
}

Result<bool> ReadingPoints::CanManage(const Principal& who) {
  if (!who.Has(accounts::Role::kDisclosureOffice)) return false;
  return ctx_.db.Read<bool>([&](store::Tx& tx) -> Result<bool> {
    ASSIGN_OR_RETURN(accounts::Agency district, accounts::DistrictOf(tx, who.agency_id));
    return district.id == who.agency_id;
  });
}

Result<int64_t> ReadingPoints::Add(const Principal& who, const ReadingPointInput& in) {
  RETURN_IF_ERROR(CheckInput(in));
  return ctx_.db.Transact<int64_t>([&](store::Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(accounts::Agency district, ManagedDistrict(tx, who));
    const std::string name(Trim(in.name));
    RETURN_IF_ERROR(CheckNameFree(tx, district.id, name, 0));
    const std::string now = Now(ctx_.clock);
    ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO reading_points (agency_id, name, address, hours, active, "
                                           "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                           {district.id, name, std::string(Trim(in.address)),
                                            std::string(Trim(in.hours)), int64_t{in.active ? 1 : 0}, now, now}));
    RETURN_IF_ERROR(accounts::TouchPortal(tx, district.id));
    RETURN_IF_ERROR(audit::Append(tx, ctx_.clock, {district.id, who.ActorFor(), "reading_point.create",
                                                   "reading_point", std::to_string(id), "", State(in),
                                                   "设立集中查阅点：" + name}));
    return id;
  });
}

Status ReadingPoints::Update(const Principal& who, int64_t point_id, const ReadingPointInput& in) {
  RETURN_IF_ERROR(CheckInput(in));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(accounts::Agency district, ManagedDistrict(tx, who));
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kColumns) + "WHERE id = ? AND agency_id = ?",
                                           {point_id, district.id}));
    if (!row) return NotFound("集中查阅点不存在");
    ReadingPoint old = FromRow(*row);
    const std::string name(Trim(in.name));
    RETURN_IF_ERROR(CheckNameFree(tx, district.id, name, point_id));
    RETURN_IF_ERROR(tx.Exec("UPDATE reading_points SET name = ?, address = ?, hours = ?, active = ?, updated_at = ? "
                            "WHERE id = ?",
                            {name, std::string(Trim(in.address)), std::string(Trim(in.hours)),
                             int64_t{in.active ? 1 : 0}, Now(ctx_.clock), point_id})
                        .status());
    RETURN_IF_ERROR(accounts::TouchPortal(tx, district.id));
    return audit::Append(tx, ctx_.clock, {district.id, who.ActorFor(), "reading_point.update", "reading_point",
                                          std::to_string(point_id),
                                          State({old.name, old.address, old.hours, old.active}), State(in),
                                          "修改集中查阅点：" + name + (in.active ? "" : "（已停用）")});
  });
}

Result<std::vector<IndexEntry>> ReadingPoints::Index(const Principal& who, int64_t point_id, bool* truncated) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<std::vector<IndexEntry>>([&](store::Tx& tx) -> Result<std::vector<IndexEntry>> {
    ASSIGN_OR_RETURN(auto point, tx.QueryOne("SELECT id FROM reading_points WHERE id = ?", {point_id}));
    if (!point) return NotFound("集中查阅点不存在");
    // Every agency's live copies there: the point's index is public
    // information (published titles), not a release record.
    ASSIGN_OR_RETURN(auto rows, tx.Query(
        "SELECT a.id AS agency_id, a.name AS agency_name, i.index_no, i.title, p.published_at, r.released_at "
        "FROM channel_releases r JOIN items i ON i.id = r.item_id JOIN publications p ON p.id = r.publication_id "
        "JOIN agencies a ON a.id = r.agency_id "
        "WHERE r.point_id = ? AND r.channel = 'reading_point' AND r.removed_at IS NULL AND p.withdrawn_at IS NULL "
        "ORDER BY CASE WHEN a.parent_id IS NULL THEN 0 ELSE 1 END, "
        "CASE a.kind WHEN 'district' THEN 0 WHEN 'department' THEN 1 ELSE 2 END, a.sort_order, a.code, "
        "r.released_at, r.id LIMIT ?",
        {point_id, int64_t{kMaxIndexEntries + 1}}));
    std::vector<IndexEntry> out;
    for (const auto& r : rows) {
      if (out.size() == static_cast<size_t>(kMaxIndexEntries)) break;
      out.push_back({r.Int("agency_id"), r.Str("agency_name"), r.Str("index_no"), r.Str("title"),
                     internal::ChinaDay(r.Str("published_at")), internal::ChinaDay(r.Str("released_at"))});
    }
    if (truncated) *truncated = rows.size() > out.size();
    return out;
  });
}

Result<std::string> ReadingPoints::IndexPdf(const Principal& who, int64_t point_id) {
  ASSIGN_OR_RETURN(ReadingPoint point, Get(who, point_id));
  bool truncated = false;
  ASSIGN_OR_RETURN(auto entries, Index(who, point_id, &truncated));
  ASSIGN_OR_RETURN(auto district, ctx_.db.Read<accounts::Agency>([&](store::Tx& tx) {
    return accounts::FindAgencyById(tx, point.agency_id);
  }));
  documents::PrintDocument d;
  d.title = point.name + "政府信息目录";
  d.author = district.name;
  d.date = ChinaDate(ctx_.clock.Now());
  d.body_pt = 12;
  d.head = {{Block::Kind::kTitle, "政府信息公开目录", {}},
            {Block::Kind::kSubtitle, "集中查阅点：" + point.name, {}}};
  d.body.push_back({Block::Kind::kLine, "地址：" + point.address, {}});
  if (!point.hours.empty()) d.body.push_back({Block::Kind::kLine, "开放时间：" + point.hours, {}});
  int agencies = 0;
  for (size_t from = 0; from < entries.size();) {
    size_t to = from;
    while (to < entries.size() && entries[to].agency_id == entries[from].agency_id) ++to;
    d.body.push_back({Block::Kind::kSpace, "", {}});
    d.body.push_back({Block::Kind::kHeading, entries[from].agency_name + "（" + std::to_string(to - from) + " 条）", {}});
    d.body.push_back({Block::Kind::kTable, "", AgencyTable(entries, from, to)});
    ++agencies;
    from = to;
  }
  d.body.push_back({Block::Kind::kSpace, "", {}});
  if (entries.empty()) {
    d.body.push_back({Block::Kind::kLine, "本查阅点目前没有放置政府信息。", {}});
  } else {
    std::string total = "共 " + std::to_string(agencies) + " 个机关 " + std::to_string(entries.size()) + " 条" +
                        (truncated ? "（仅列出前 " + std::to_string(kMaxIndexEntries) + " 条）" : "") +
                        "。以上信息均已在各机关政府信息公开网站公开" +
                        (portal_url_.empty() ? "。" : "：" + portal_url_);
    d.body.push_back({Block::Kind::kLine, total, {}});
  }
  d.footer = d.title + "（" + internal::ChineseDay(d.date.ToString()) + "）";
  return documents::RenderPrintPdf(d);
}

Result<std::vector<ReadingPoint>> ReadingPoints::Public(store::Database& db, int64_t district_id) {
  return db.Read<std::vector<ReadingPoint>>([&](store::Tx& tx) -> Result<std::vector<ReadingPoint>> {
    ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kColumns) + "WHERE agency_id = ? AND active = 1 "
                                                                 "ORDER BY name, id LIMIT ?",
                                         {district_id, int64_t{kMaxReadingPoints}}));
    std::vector<ReadingPoint> out;
    for (const auto& r : rows) out.push_back(FromRow(r));
    return out;
  });
}

}  // namespace gk::records
