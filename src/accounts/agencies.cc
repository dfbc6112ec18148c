#include "accounts/agencies.h"

#include "accounts/portal_generation.h"
#include "accounts/public_guard.h"
#include "base/strings.h"
#include "net/http_client.h"

namespace gk::accounts {

const std::vector<SettingInfo>& AgencySettingKeys() {
  static const std::vector<SettingInfo> kKeys = {
      {"name", "机关名称", true, 60, true},
      {"office_name", "政府信息公开工作机构", true, 60, true},
      {"address", "办公地址", true, 120, true},
      {"postal_code", "邮政编码", false, 10, true},
      {"office_hours", "办公时间", true, 120, true},
      {"phone", "咨询电话", true, 60, true},
      {"fax", "传真", false, 60, true},
      {"email", "电子邮箱", false, 120, true},
      {"website", "网站", false, 200, true},
      {"upper_office", "上级政务公开主管部门", false, 120, true},
      {"index_code", "索引号机构代码（空则用机关代码）", false, 32, false},
      {"index_pattern", "索引号格式（{code} {year} {seq}）", false, 60, false},
      {"reassess_months", "未公开信息定期复核间隔（月，默认 12）", false, 3, false},
      {"letter_code", "发文机关代字（文书编号用，如“静安寺”）", false, 20, false},
      {"disclosure_head", "政府信息公开工作机构负责人的用户名（批准延期答复；空则公开办人员均可）", false, 32, false},
      {"review_body", "行政复议机关（答复书救济途径）", false, 60, false},
      {"court", "行政诉讼管辖法院（答复书救济途径）", false, 60, false},
      {"annual_report_due", "年度报告公布期限（MM-DD，默认 01-31）", false, 5, false},
      {"complaint_reply_days", "意见建议和投诉的答复期限（工作日，默认 15）", false, 2, false},
      {"spot_check_size", "保密抽查每次抽取的条数（默认 10）", false, 3, false},
      {"spot_check_days", "保密抽查的期间（最近多少天公开的信息，默认 90）", false, 4, false},
      {"portal_max_age", "门户网站页面可被浏览器和代理缓存的时间（秒，默认 60；0 表示每次重新验证）", false, 5, false},
      {"wechat_account", "微信公众号名称", false, 60, true},
      {"wechat_endpoint", "微信公众号推送网关地址（http://…，由本单位网关转发至公众号平台；主机须在配置文件允许的范围内）", false, 300, false},
      {"limit_feedback", "网上意见建议和投诉：同一地址每 10 分钟/每天最多提交几次（如 5/30，默认 5/30）", false, 11, false},
      {"limit_apply", "网上政府信息公开申请：同一地址每 10 分钟/每天最多提交几次（默认 10/50）", false, 11, false},
      {"limit_explain", "说明理由申请：同一地址每 10 分钟/每天最多提交几次（默认 5/30）", false, 11, false},
      {"limit_correction", "更正申请：同一地址每 10 分钟/每天最多提交几次（默认 5/30）", false, 11, false},
      {"limit_lookup", "查询码查询：同一地址每 10 分钟/每天最多查错几次（默认 10/50）", false, 11, false},
  };
  return kKeys;
}

std::map<std::string, std::string> PublicSettings(const std::map<std::string, std::string>& settings) {
  std::map<std::string, std::string> out;
  for (const SettingInfo& info : AgencySettingKeys()) {
    auto it = settings.find(info.key);
    if (info.is_public && it != settings.end()) out.emplace(info.key, it->second);
  }
  return out;
}

namespace {

bool ValidCode(const std::string& code) {
  if (code.size() < 2 || code.size() > 32) return false;
  for (char c : code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

std::string Canonical(const std::map<std::string, std::string>& m) {
  std::string s;
  for (const auto& [k, v] : m) s += k + "=" + v + "\n";
  return s;
}

Status ValidateLimits(const std::map<std::string, std::string>& settings) {
  for (PublicAction a : {PublicAction::kFeedback, PublicAction::kApply, PublicAction::kExplain,
                         PublicAction::kCorrection, PublicAction::kLookup}) {
    auto it = settings.find(LimitSettingKey(a));
    if (it != settings.end() && !Trim(it->second).empty() && !ParseLimit(it->second)) {
      return InvalidArgument("次数限制须写成“每 10 分钟次数/每天次数”，如 5/30（1–10000 的整数）");
    }
  }
  return Status::Ok();
}

Status ValidateSettings(const std::map<std::string, std::string>& settings) {
  for (const auto& [k, v] : settings) {
    const SettingInfo* info = nullptr;
    for (const auto& i : AgencySettingKeys()) if (k == i.key) info = &i;
    if (!info) return InvalidArgument("未知的设置项：" + k);
    if (!IsValidUtf8(v) || HasControlChars(v)) return InvalidArgument(std::string(info->label) + "含有无效字符");
    if (Utf8Length(v) > info->max_chars) {
      return InvalidArgument(std::string(info->label) + "不能超过 " + std::to_string(info->max_chars) + " 个字");
    }
  }
  for (const auto& i : AgencySettingKeys()) {
    auto it = settings.find(i.key);
    if (i.required && (it == settings.end() || Trim(it->second).empty())) {
      return InvalidArgument(std::string(i.label) + "不能为空");
    }
  }
  if (auto it = settings.find("portal_max_age"); it != settings.end() && !Trim(it->second).empty()) {
    std::string_view v = Trim(it->second);
    if (v.find_first_not_of("0123456789") != std::string_view::npos || std::atoi(std::string(v).c_str()) > 86400) {
      return InvalidArgument("门户网站页面的缓存时间须为 0–86400 的整数（秒）");
    }
  }
  if (auto it = settings.find("index_pattern"); it != settings.end() && !Trim(it->second).empty() &&
                                                it->second.find("{seq}") == std::string::npos) {
    return InvalidArgument("索引号格式必须包含 {seq}（流水号）");
  }
  if (auto it = settings.find("reassess_months"); it != settings.end() && !Trim(it->second).empty()) {
    int m = std::atoi(it->second.c_str());
    if (m < 1 || m > 60 || std::to_string(m) != Trim(it->second)) {
      return InvalidArgument("定期复核间隔须为 1–60 的整数（月）");
    }
  }
  return ValidateLimits(settings);
}

// The 公众号 gateway may only name a host the configuration file allows.
Status CheckGateway(const Context& ctx, const std::map<std::string, std::string>& settings) {
  auto it = settings.find("wechat_endpoint");
  if (it == settings.end() || Trim(it->second).empty()) return Status::Ok();
  Status s = net::CheckAllowedHost(std::string(Trim(it->second)), GatewayHosts(ctx));
  return s.ok() ? s : InvalidArgument(s.message());
}

Status WriteSettings(store::Tx& tx, int64_t agency_id, const std::map<std::string, std::string>& s) {
  RETURN_IF_ERROR(tx.Exec("DELETE FROM agency_settings WHERE agency_id = ?", {agency_id}).status());
  for (const auto& [k, v] : s) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO agency_settings (agency_id, key, value) VALUES (?, ?, ?)",
                            {agency_id, k, std::string(Trim(v))}).status());
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<Agency>> ListAgencies(store::Tx& tx) {
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, code, name FROM agencies ORDER BY code"));
  std::vector<Agency> out;
  for (const auto& r : rows) out.push_back(Agency{r.Int("id"), r.Str("code"), r.Str("name")});
  return out;
}

Result<Agency> FindAgencyById(store::Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id, code, name FROM agencies WHERE id = ?", {id}));
  if (!row) return NotFound("no agency with id " + std::to_string(id));
  return Agency{row->Int("id"), row->Str("code"), row->Str("name")};
}

Result<std::optional<Agency>> FindAgencyByCode(store::Tx& tx, const std::string& code) {
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id, code, name FROM agencies WHERE code = ?", {code}));
  if (!row) return std::optional<Agency>();
  return std::optional<Agency>(Agency{row->Int("id"), row->Str("code"), row->Str("name")});
}

Result<Agency> ResolveAgency(store::Database& db, const std::string& code) {
  std::vector<Agency> all;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(all, ListAgencies(tx));
    return Status::Ok();
  }));
  std::vector<std::string> codes;
  for (const auto& a : all) {
    if (!code.empty() && a.code == code) return a;
    codes.push_back(a.code);
  }
  if (all.empty()) return NotFound("the database holds no agency yet: run `gongkai seed-demo` or create one");
  if (!code.empty()) return NotFound("no agency with code \"" + code + "\" (present: " + Join(codes, ", ") + ")");
  if (all.size() > 1) {
    return InvalidArgument("the database holds " + std::to_string(all.size()) +
                           " agencies: choose one with --agency CODE (" + Join(codes, ", ") + ")");
  }
  return all.front();
}

Result<Agency> CreateAgency(store::Tx& tx, const Clock& clock, const std::string& code,
                            const std::string& name, const std::map<std::string, std::string>& settings,
                            const audit::Actor& actor) {
  if (!ValidCode(code)) return InvalidArgument("agency code must be 2-32 characters of a-z, 0-9 and '-'");
  std::map<std::string, std::string> all = settings;
  all["name"] = name;
  RETURN_IF_ERROR(ValidateSettings(all));
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO agencies (code, name, created_at) VALUES (?, ?, ?) "
                                         "RETURNING id", {code, name, Now(clock)}));
  RETURN_IF_ERROR(WriteSettings(tx, id, all));
  RETURN_IF_ERROR(TouchWholePortal(tx));
  RETURN_IF_ERROR(audit::Append(tx, clock, {id, actor, "agency.create", "agency", std::to_string(id),
                                            "", Canonical(all), "创建机关 " + code}));
  return Agency{id, code, name};
}

Result<std::map<std::string, std::string>> LoadSettings(store::Tx& tx, int64_t agency_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT key, value FROM agency_settings WHERE agency_id = ?",
                                       {agency_id}));
  std::map<std::string, std::string> out;
  for (const auto& r : rows) out[r.Str("key")] = r.Str("value");
  return out;
}

Result<std::map<std::string, std::string>> LoadSettings(store::Database& db, int64_t agency_id) {
  std::map<std::string, std::string> out;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out, LoadSettings(tx, agency_id));
    return Status::Ok();
  }));
  return out;
}

Status SaveSettings(const Context& ctx, const Principal& who,
                    const std::map<std::string, std::string>& settings) {
  RETURN_IF_ERROR(Require(who, Permission::kManageAgencySettings));
  RETURN_IF_ERROR(ValidateSettings(settings));
  RETURN_IF_ERROR(CheckGateway(ctx, settings));
  return ctx.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto before, LoadSettings(tx, who.agency_id));
    RETURN_IF_ERROR(WriteSettings(tx, who.agency_id, settings));
    RETURN_IF_ERROR(tx.Exec("UPDATE agencies SET name = ? WHERE id = ?",
                            {std::string(Trim(settings.at("name"))), who.agency_id}).status());
    RETURN_IF_ERROR(TouchPortal(tx, who.agency_id));
    return audit::Append(tx, ctx.clock, {who.agency_id, who.ActorFor(), "agency.settings",
                                         "agency", std::to_string(who.agency_id), Canonical(before),
                                         Canonical(settings), "修改机关信息"});
  });
}

}  // namespace gk::accounts
