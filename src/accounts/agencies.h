// Agencies (机关, the tenants) and their settings, which feed the 公开指南
// (条例 Art. 12: name, address, office hours, phone, fax, e-mail).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/status.h"
#include "store/db.h"

namespace gk::accounts {

struct Agency {
  int64_t id = 0;
  std::string code;
  std::string name;
};

struct SettingInfo {
  const char* key;
  const char* label;  // Simplified Chinese
  bool required;
  size_t max_chars;
  // Public contact data (条例 Art. 12: the 公开指南's name, address, hours,
  // phone, fax, e-mail, the 政府信息公开工作机构, the website): shown on the
  // portal. Everything else (internal usernames, document codes, limits,
  // gateway addresses) is for the office only.
  bool is_public;
};

// The agency settings a 系统管理员 edits, in display order.
const std::vector<SettingInfo>& AgencySettingKeys();
// The public ones (is_public) of `settings`, for the portal.
std::map<std::string, std::string> PublicSettings(const std::map<std::string, std::string>& settings);

Result<std::vector<Agency>> ListAgencies(store::Tx& tx);
Result<Agency> FindAgencyById(store::Tx& tx, int64_t id);
// The agency with `code`, or nullopt.
Result<std::optional<Agency>> FindAgencyByCode(store::Tx& tx, const std::string& code);

// The agency `code` names; with an empty code, the only agency of the
// database. NotFound / InvalidArgument (several agencies, no code) with a
// message that lists the codes.
Result<Agency> ResolveAgency(store::Database& db, const std::string& code);

// Creates an agency (code: 2–32 of [a-z0-9-]) with its settings, audited.
Result<Agency> CreateAgency(store::Tx& tx, const Clock& clock, const std::string& code,
                            const std::string& name, const std::map<std::string, std::string>& settings,
                            const audit::Actor& actor);

Result<std::map<std::string, std::string>> LoadSettings(store::Tx& tx, int64_t agency_id);
Result<std::map<std::string, std::string>> LoadSettings(store::Database& db, int64_t agency_id);

// Replaces the editable settings (unknown keys: InvalidArgument). Requires
// kManageAgencySettings. The agency's name follows the "name" setting.
Status SaveSettings(const Context& ctx, const Principal& who,
                    const std::map<std::string, std::string>& settings);

}  // namespace gk::accounts
