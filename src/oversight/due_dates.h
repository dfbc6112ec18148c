// After the working-day calendar changes (a holiday notice loaded on the
// calendar screen, or shipped with a new version and imported at start):
// every stored due date that follows the calendar is recomputed, those of
// applications (with a timeline entry on each case) and of explanation and
// correction requests and complaints.
#pragma once

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/crypto.h"
#include "base/status.h"

namespace gk::oversight {

struct RecomputedDueDates {
  int applications = 0;
  int inquiries = 0;
  int feedback = 0;
  int Total() const { return applications + inquiries + feedback; }
};

// Requires kEditCalendar (or the command line).
Result<RecomputedDueDates> RecomputeDueDates(const accounts::Context& ctx, const DataKey& key,
                                             const accounts::Principal& who);

}  // namespace gk::oversight
