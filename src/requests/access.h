// Need-to-know for applications and for explanation and correction requests:
// who may read a case. Applicants' personal data is the most sensitive thing
// the system holds (条例 Art. 15, 个人信息保护法), so inside the office a case
// is read only by those whose work needs it.
//
// An application is readable by
//   - the 公开办 (every case of the agency);
//   - the clerks and the head of the department it is assigned to;
//   - a 分管领导 or 主要领导 who signed something on it (a recorded event or
//     the decision on its reply);
//   - the 监察办 and the 领导小组 when a complaint or opinion refers to it
//     (read-only: the state machine offers them no action);
// an explanation or correction request by the 公开办 and the clerks and head
// of the department it was assigned to; and by nobody else — in particular
// not by another department's staff and not by the 系统管理员. The command
// line (user id 0) reads everything.
//
// Each rule is one Filter over the table's alias, applied by the single read
// and by every list alike; a refused read is NotFound, so existence is not
// revealed.
#pragma once

#include <cstdint>

#include "accounts/roles.h"
#include "base/status.h"
#include "store/db.h"

namespace gk::requests {

// Applications readable by `who`, as a condition over `applications a`.
store::Filter ReadableCases(const accounts::Principal& who);
// OK when `who` may read application `id` of their agency; NotFound otherwise.
Status RequireReadableCase(store::Tx& tx, const accounts::Principal& who, int64_t id);

// The cases that wait for `who` now (flow.h WaitsFor: the 公开办 in its
// turns, the assigned department's handlers in theirs), as a condition over
// `applications a`; derived from WaitsFor state by state, so that the rule
// stays there. Lists combine it with ReadableCases.
store::Filter CasesWaitingFor(const accounts::Principal& who);

// Explanation or correction requests readable by `who`, as a condition over
// `q` (either table; both have department_id).
store::Filter ReadableInquiries(const accounts::Principal& who);

}  // namespace gk::requests
