#include "oversight/due_dates.h"

#include "oversight/feedback.h"
#include "requests/applications.h"
#include "requests/inquiries.h"

namespace gk::oversight {

Result<RecomputedDueDates> RecomputeDueDates(const accounts::Context& ctx, const DataKey& key,
                                             const accounts::Principal& who) {
  RecomputedDueDates out;
  ASSIGN_OR_RETURN(out.applications, requests::Applications(ctx, key).RecomputeDueDates(who));
  ASSIGN_OR_RETURN(out.inquiries, requests::Inquiries::RecomputeDueDates(ctx, who));
  ASSIGN_OR_RETURN(out.feedback, Feedback(ctx).RecomputeDueDates(who));
  return out;
}

}  // namespace gk::oversight
