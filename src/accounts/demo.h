// The demo agency that `gongkai seed-demo` and ./scripts/run create:
// 静安寺街道办事处, its departments and one user per role.
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
};

inline constexpr const char* kDemoAgencyCode = "jingansi";
inline constexpr const char* kDemoPassword = "gongkai-demo";

// Creates the demo agency unless it exists, in one transaction, audited as
// the command line. `calendar` is imported as the agency's calendar.
Result<DemoSummary> SeedDemo(const Context& ctx, const std::vector<CalendarYear>& calendar);

}  // namespace gk::accounts
