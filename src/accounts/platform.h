// The district platform (集约化): the agencies one deployment serves, as a
// tree — the district government above its departments and street offices —
// and how an agency joins it. Every agency keeps its own settings,
// departments, users, catalog, calendar and letter templates; what it starts
// with comes from its parent (settings that are the district's, e.g. the
// review body) and from what shipped with this version (calendar, catalog,
// loaded by the caller with the shipped data).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/agencies.h"
#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/status.h"
#include "store/db.h"

namespace gk::accounts {

// What an agency is, for the district home's groups.
enum class AgencyKind {
  kDistrict,    // 区人民政府: the root, with its 政务公开办
  kDepartment,  // 区政府部门
  kStreet,      // 街道、镇
};
const char* AgencyKindKey(AgencyKind k);    // "district", "department", "street" (stored)
const char* AgencyKindLabel(AgencyKind k);  // "区人民政府", "区政府部门", "街道镇"
std::optional<AgencyKind> AgencyKindFromKey(std::string_view key);

// An agency with its place on the platform.
struct PlatformAgency {
  Agency agency;
  AgencyKind kind = AgencyKind::kStreet;
  std::optional<int64_t> parent_id;
  std::string parent_code;  // "" for the root
  int sort_order = 0;
};

struct NewAgency {
  std::string code;         // 2–32 of [a-z0-9-]: also the portal column, /{code}/
  std::string name;
  AgencyKind kind = AgencyKind::kStreet;
  std::string parent_code;  // "" for none (only a district may stand alone)
  std::map<std::string, std::string> settings;  // over the inherited ones
};

// Every agency of the platform: the roots first, then by kind, sort order
// and code.
Result<std::vector<PlatformAgency>> ListPlatform(store::Tx& tx);

// The settings an agency under `parent` starts with: the ones that are the
// district's for all its agencies (office hours, the review body and court,
// the public-form limits, the annual report's due date), the parent's
// 政务公开 office as `upper_office`, and "office_name" and "letter_code"
// from the new agency's name. `given` wins over all of them.
std::map<std::string, std::string> InheritedSettings(const std::map<std::string, std::string>& parent_settings,
                                                     const std::string& parent_name, const std::string& name,
                                                     const std::map<std::string, std::string>& given);

// The district `agency_id` belongs to: its parent (always a district), or
// the agency itself when it stands alone (a district, or the one agency of
// a deployment). NotFound for no such agency.
Result<Agency> DistrictOf(store::Tx& tx, int64_t agency_id);

// The agency a request without an agency column (/{code}/) and without a
// session is for: the configured one; else the only agency; else the
// platform's one root district. Errors as ResolveAgency.
Result<Agency> DefaultAgency(store::Database& db, const std::string& configured);
// The agency DefaultAgency picks among the platform's agencies `all`
// (ListPlatform) when none is configured: the only one, else the one root
// district; nullopt when there is neither (DefaultAgency names the error).
std::optional<Agency> DefaultAmong(const std::vector<PlatformAgency>& all);

// Adds an agency to the platform, audited (as agency.create, with its place
// in the tree). `actor` is the platform's operator. InvalidArgument for a bad
// code or name, a missing required setting (the message names them), a
// department or street without a parent, or a parent that is not a
// district; Conflict for a code already used.
Result<PlatformAgency> AddAgency(store::Tx& tx, const Clock& clock, const NewAgency& in, const audit::Actor& actor);

// The 平台管理员's service (kManagePlatform; PermissionDenied otherwise):
// the platform's agencies, and adding one (AddAgency, audited with them as
// the actor). The caller then gives the agency what shipped
// (disclosure::ImportShippedData) and its first administrator
// (Directory::CreateAgencyAdmin).
Result<std::vector<PlatformAgency>> ListPlatform(const Context& ctx, const Principal& who);
Result<PlatformAgency> AddAgency(const Context& ctx, const Principal& who, const NewAgency& in);

// What a person types to sign in: "office", or "office@jingansi" — the name
// and the code of the agency it belongs to (one username may exist in
// several agencies). InvalidArgument when either side of the "@" is empty.
struct LoginName {
  std::string username;
  std::string agency_code;  // "" when none was typed
};
Result<LoginName> ParseLoginName(std::string_view typed);

// The upper office (区政务公开办, Role::kUpperOffice) on the platform.
//
// The agencies below `agency_id` in the tree (children, their children …),
// in ListPlatform order.
std::vector<PlatformAgency> Below(const std::vector<PlatformAgency>& all, int64_t agency_id);

// The agencies the upper office `who` oversees: those below its agency.
// PermissionDenied without kOverseeSubordinates.
Result<std::vector<PlatformAgency>> Subordinates(const Context& ctx, const Principal& who);

// The principal the upper office `who` reads agency `code` as, read-only
// (Principal::overseeing_from set, Role::kUpperOffice only). NotFound — as
// for a record that is not there — unless `who` may oversee (a user, not
// itself made by Oversee) and `code` is below its agency.
Result<Principal> Oversee(store::Tx& tx, const Principal& who, const std::string& code);
Result<Principal> Oversee(const Context& ctx, const Principal& who, const std::string& code);
// Every agency below the upper office `who` with the principal it reads that
// agency as (one read of the platform). PermissionDenied as Subordinates.
struct Overseen {
  PlatformAgency agency;
  Principal reader;
};
Result<std::vector<Overseen>> OverseeAll(const Context& ctx, const Principal& who);

}  // namespace gk::accounts
