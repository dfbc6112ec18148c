#include "accounts/platform.h"

#include <set>

#include "audit/audit.h"
#include "base/enum_table.h"
#include "base/strings.h"

namespace gk::accounts {
namespace {

constexpr EnumName<AgencyKind> kKinds[] = {
    {AgencyKind::kDistrict, "district", "区人民政府"},
    {AgencyKind::kDepartment, "department", "区政府部门"},
    {AgencyKind::kStreet, "street", "街道镇"},
};

// The settings that are the district's for every agency under it.
constexpr const char* kDistrictWide[] = {
    "office_hours",    "review_body",     "court",           "annual_report_due", "complaint_reply_days",
    "limit_feedback",  "limit_apply",     "limit_explain",   "limit_correction",  "limit_lookup",
    "reassess_months", "spot_check_size", "spot_check_days",
};

constexpr const char* kColumns =
    "SELECT a.id, a.code, a.name, a.kind, a.parent_id, COALESCE(p.code, '') AS "
    "parent_code, a.sort_order "
    "FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id ";

PlatformAgency FromRow(const store::Row& r) {
  PlatformAgency p;
  p.agency = Agency{r.Int("id"), r.Str("code"), r.Str("name")};
  p.kind = AgencyKindFromKey(r.Str("kind")).value_or(AgencyKind::kStreet);
  p.parent_id = r.OptInt("parent_id");
  p.parent_code = r.Str("parent_code");
  p.sort_order = static_cast<int>(r.Int("sort_order"));
  return p;
}

bool ValidAgencyCode(const std::string& code) {
  if (code.size() < 2 || code.size() > 32) return false;
  for (char c : code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return code.front() != '-' && code.back() != '-';
}

// Codes that would shadow the portal's own paths under /.
bool Reserved(const std::string& code) {
  static const char* kPaths[] = {"api",   "staff",   "static", "healthz", "items",    "search",   "catalog",
                                 "apply", "guide",   "rules",  "reports", "feedback", "explain",  "correction",
                                 "feed",  "sitemap", "login",  "logout",  "annual",   "platform", "district",
                                 "readyz", "metrics"};
  for (const char* p : kPaths)
    if (code == p) return true;
  return false;
}

}  // namespace

const char* AgencyKindKey(AgencyKind k) { return KeyOf(kKinds, k); }
const char* AgencyKindLabel(AgencyKind k) { return LabelOf(kKinds, k); }
std::optional<AgencyKind> AgencyKindFromKey(std::string_view key) { return FromKey(kKinds, key); }

Result<std::vector<PlatformAgency>> ListPlatform(store::Tx& tx) {
  ASSIGN_OR_RETURN(auto rows,
                   tx.Query(std::string(kColumns) + "ORDER BY CASE WHEN a.parent_id IS NULL THEN 0 ELSE 1 END, "
                                                    "CASE a.kind WHEN 'district' THEN 0 WHEN 'department' THEN 1 "
                                                    "ELSE 2 END, "
                                                    "a.sort_order, a.code"));
  std::vector<PlatformAgency> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

std::map<std::string, std::string> InheritedSettings(const std::map<std::string, std::string>& parent_settings,
                                                     const std::string& parent_name, const std::string& name,
                                                     const std::map<std::string, std::string>& given) {
  std::map<std::string, std::string> out;
  for (const char* key : kDistrictWide) {
    auto it = parent_settings.find(key);
    if (it != parent_settings.end() && !Trim(it->second).empty()) out[key] = it->second;
  }
  auto office = parent_settings.find("office_name");
  bool own_office = office != parent_settings.end() && !Trim(office->second).empty() && office->second != parent_name;
  out["upper_office"] = own_office ? parent_name + "（" + office->second + "）" : parent_name;
  out["office_name"] = name;
  for (const auto& [k, v] : given) out[k] = v;
  return out;
}

Result<Agency> DistrictOf(store::Tx& tx, int64_t agency_id) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT d.id, d.code, d.name FROM agencies a JOIN agencies d ON d.id = "
                                         "COALESCE(a.parent_id, a.id) WHERE a.id = ?",
                                         {agency_id}));
  if (!row) return NotFound("机关不存在");
  return Agency{row->Int("id"), row->Str("code"), row->Str("name")};
}

Result<Agency> DefaultAgency(store::Database& db, const std::string& configured) {
  if (!configured.empty()) return ResolveAgency(db, configured);
  // One read per request: the only agency, else the one root district.
  std::vector<PlatformAgency> all;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(all, ListPlatform(tx));
    return Status::Ok();
  }));
  if (auto a = DefaultAmong(all)) return *a;
  return ResolveAgency(db, configured);  // its error names what is there
}

std::optional<Agency> DefaultAmong(const std::vector<PlatformAgency>& all) {
  if (all.size() == 1) return all.front().agency;
  std::vector<Agency> roots;
  for (const auto& a : all) {
    if (!a.parent_id && a.kind == AgencyKind::kDistrict) roots.push_back(a.agency);
  }
  if (roots.size() == 1) return roots.front();
  return std::nullopt;
}

Result<PlatformAgency> AddAgency(store::Tx& tx, const Clock& clock, const NewAgency& in, const audit::Actor& actor) {
  if (!ValidAgencyCode(in.code)) {
    return InvalidArgument(
        "机关代码须为 2–32 "
        "位小写字母、数字或连字符（不以连字符开头或结尾），例如 jingansi");
  }
  if (Reserved(in.code)) return InvalidArgument("机关代码“" + in.code + "”与门户网站的路径相同，请换一个");
  std::string name(Trim(in.name));
  if (name.empty()) return InvalidArgument("机关名称不能为空");
  ASSIGN_OR_RETURN(auto taken, tx.QueryOne("SELECT id FROM agencies WHERE code = ?", {in.code}));
  if (taken) return Conflict("机关代码“" + in.code + "”已被使用");
  std::optional<PlatformAgency> parent;
  if (!in.parent_code.empty()) {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string(kColumns) + "WHERE a.code = ?", {in.parent_code}));
    if (!row) return InvalidArgument("上级机关“" + in.parent_code + "”不存在");
    parent = FromRow(*row);
    if (parent->kind != AgencyKind::kDistrict) {
      return InvalidArgument("上级机关须为区人民政府（“" + parent->agency.name + "”是" + AgencyKindLabel(parent->kind) +
                             "）");
    }
    if (in.kind == AgencyKind::kDistrict) return InvalidArgument("区人民政府不能有上级机关");
  } else if (in.kind != AgencyKind::kDistrict) {
    return InvalidArgument(std::string(AgencyKindLabel(in.kind)) + "须指定上级机关（区人民政府）");
  }
  std::map<std::string, std::string> settings = in.settings;
  if (parent) {
    ASSIGN_OR_RETURN(auto parent_settings, LoadSettings(tx, parent->agency.id));
    settings = InheritedSettings(parent_settings, parent->agency.name, name, in.settings);
  }
  settings.try_emplace("office_name", name);
  settings.erase("name");  // the name is its own argument
  ASSIGN_OR_RETURN(Agency a, CreateAgency(tx, clock, in.code, name, settings, actor));
  std::optional<int64_t> parent_id;
  if (parent) parent_id = parent->agency.id;
  ASSIGN_OR_RETURN(auto last, tx.QueryOne("SELECT COALESCE(max(sort_order), 0) AS last "
                                          "FROM agencies WHERE kind = ?",
                                          {std::string(AgencyKindKey(in.kind))}));
  int sort_order = static_cast<int>(last->Int("last")) + 10;
  RETURN_IF_ERROR(tx.Exec("UPDATE agencies SET parent_id = ?, kind = ?, sort_order = ? "
                          "WHERE id = ?",
                          {parent_id ? store::Value(*parent_id) : store::Value(nullptr),
                           std::string(AgencyKindKey(in.kind)), int64_t{sort_order}, a.id})
                      .status());
  std::string placed = std::string(AgencyKindLabel(in.kind)) +
                       (parent ? "，上级机关 " + parent->agency.name : std::string("，平台的根机关"));
  RETURN_IF_ERROR(audit::Append(tx, clock,
                                {a.id, actor, "agency.place", "agency", std::to_string(a.id), "",
                                 std::string(AgencyKindKey(in.kind)) + " " + in.parent_code, "加入平台：" + placed}));
  return PlatformAgency{a, in.kind, parent_id, in.parent_code, sort_order};
}

Result<std::vector<PlatformAgency>> ListPlatform(const Context& ctx, const Principal& who) {
  RETURN_IF_ERROR(Require(who, Permission::kManagePlatform));
  return ctx.db.Read<std::vector<PlatformAgency>>([](store::Tx& tx) { return ListPlatform(tx); });
}

Result<PlatformAgency> AddAgency(const Context& ctx, const Principal& who, const NewAgency& in) {
  RETURN_IF_ERROR(Require(who, Permission::kManagePlatform));
  return ctx.db.Transact<PlatformAgency>(
      [&](store::Tx& tx) { return AddAgency(tx, ctx.clock, in, who.ActorFor()); });
}

Result<LoginName> ParseLoginName(std::string_view typed) {
  std::string text(Trim(typed));
  size_t at = text.find('@');
  if (at == std::string::npos) return LoginName{text, ""};
  LoginName out{text.substr(0, at), text.substr(at + 1)};
  if (out.username.empty() || out.agency_code.empty()) {
    return InvalidArgument("请按“用户名@机关代码”的格式输入，如 office@jingansi");
  }
  return out;
}

std::vector<PlatformAgency> Below(const std::vector<PlatformAgency>& all, int64_t agency_id) {
  std::set<int64_t> inside = {agency_id};
  // The tree is shallow (district → departments and streets); iterate until
  // no agency joins, which also tolerates any order of the list.
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& a : all) {
      if (a.parent_id && inside.count(*a.parent_id) && inside.insert(a.agency.id).second) grew = true;
    }
  }
  std::vector<PlatformAgency> out;
  for (const auto& a : all) {
    if (a.agency.id != agency_id && inside.count(a.agency.id)) out.push_back(a);
  }
  return out;
}

Result<std::vector<PlatformAgency>> Subordinates(const Context& ctx, const Principal& who) {
  RETURN_IF_ERROR(Require(who, Permission::kOverseeSubordinates));
  if (who.overseeing_from) return PermissionDenied("没有“指导监督下级机关”权限");
  return ctx.db.Read<std::vector<PlatformAgency>>([&](store::Tx& tx) -> Result<std::vector<PlatformAgency>> {
    ASSIGN_OR_RETURN(auto all, ListPlatform(tx));
    return Below(all, who.agency_id);
  });
}

namespace {

// Whether `who` may oversee at all: a user (not the command line) holding
// kOverseeSubordinates in its own agency, not itself a reader.
bool MayOversee(const Principal& who) {
  return who.Can(Permission::kOverseeSubordinates) && !who.overseeing_from && who.user_id != 0;
}

// The principal `who` reads agency `a` as. REQUIRES: MayOversee(who) and `a`
// below its agency.
Principal ReaderOf(const Principal& who, const PlatformAgency& a) {
  Principal p;
  p.user_id = who.user_id;
  p.agency_id = a.agency.id;
  p.username = who.username;
  p.display_name = who.display_name;
  p.roles = {Role::kUpperOffice};
  p.overseeing_from = who.agency_id;
  return p;
}

}  // namespace

Result<Principal> Oversee(store::Tx& tx, const Principal& who, const std::string& code) {
  Status not_found = NotFound("没有找到该机关");
  if (!MayOversee(who)) return not_found;
  ASSIGN_OR_RETURN(auto all, ListPlatform(tx));
  for (const auto& a : Below(all, who.agency_id)) {
    if (a.agency.code == code) return ReaderOf(who, a);
  }
  return not_found;
}

Result<std::vector<Overseen>> OverseeAll(const Context& ctx, const Principal& who) {
  ASSIGN_OR_RETURN(auto below, Subordinates(ctx, who));
  std::vector<Overseen> out;
  for (auto& a : below) {
    Principal reader = ReaderOf(who, a);
    out.push_back({std::move(a), std::move(reader)});
  }
  return out;
}

Result<Principal> Oversee(const Context& ctx, const Principal& who, const std::string& code) {
  return ctx.db.Read<Principal>([&](store::Tx& tx) { return Oversee(tx, who, code); });
}

}  // namespace gk::accounts
