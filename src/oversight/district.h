// The district 政务公开办's comparison of the agencies below it (issue of the
// platform; seed rules 五, 六.3): for each, the supervision figures of
// dashboard.h over a period — publications late against the 20-working-day
// rule and overdue now, applications overdue, complaints and orders open —
// read through accounts::Oversee, so nothing an agency's own supervisors
// could not see, and nothing that changes it.
#pragma once

#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/platform.h"
#include "accounts/roles.h"
#include "base/date.h"
#include "base/status.h"
#include "oversight/dashboard.h"

namespace gk::oversight {

struct AgencyComparison {
  accounts::PlatformAgency agency;
  accounts::Principal reader;  // the upper office reading this agency (accounts::Oversee)
  DepartmentFigures total;     // the agency's "合计" row over the period
  int feedback_open = 0, feedback_overdue = 0, orders_open = 0, orders_overdue = 0;

  // Something late or overdue: publications late in the period or
  // unpublished past their 20 working days, applications or orders overdue.
  bool NeedsAttention() const;
};

// The sum of `rows` (the district's 合计 row; no agency, no reader).
AgencyComparison SumOf(const std::vector<AgencyComparison>& rows);

// One row per agency below the upper office `who`, in platform order.
// PermissionDenied without kOverseeSubordinates.
Result<std::vector<AgencyComparison>> CompareSubordinates(const accounts::Context& ctx, const accounts::Principal& who,
                                                          const Date& from, const Date& to);

}  // namespace gk::oversight
