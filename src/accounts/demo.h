// The demo that `gongkai seed-demo` and ./scripts/run create: the district
// platform of 静安区 — 静安区人民政府 (the root district, with its 政务公开办),
// 静安寺街道办事处 (the demo office), 南京西路街道办事处 and 静安区发展和改革
// 委员会 — each with its departments and one user per role (the same
// usernames in every agency: office@jingansi, office@fgw, …); the
// 平台管理员 "platform" in the district. `seed-demo --single` creates the demo
// office alone, as before the platform (the tests' fixture).
#pragma once

#include <string>
#include <vector>

#include "accounts/context.h"
#include "base/calendar.h"
#include "base/status.h"

namespace gk::accounts {

struct DemoLogin {
  std::string username;
  std::string password;
  std::string role_label;
  std::string display_name;
};

struct DemoSummary {
  bool created = false;  // false if the demo agency was already there
  std::string agency_code;
  std::string agency_name;
  std::vector<DemoLogin> logins;
  // The district demo: every agency it holds, the district first.
  std::vector<std::string> agency_codes;
};

inline constexpr const char* kDemoAgencyCode = "jingansi";
inline constexpr const char* kDemoDistrictCode = "jingan";
inline constexpr const char* kDemoPassword = "gongkai-demo";

// Creates the demo agency unless it exists, in one transaction, audited as
// the command line. `calendar` is imported as the agency's calendar.
Result<DemoSummary> SeedDemo(const Context& ctx, const std::vector<CalendarYear>& calendar);

// Creates the demo district (the four agencies above, placed in the
// platform's tree through AddAgency) unless the district or the demo office
// exists, in one transaction, audited as the command line. `calendar` is
// imported into each agency.
Result<DemoSummary> SeedDemoDistrict(const Context& ctx, const std::vector<CalendarYear>& calendar);

}  // namespace gk::accounts
