// Who answers for a record (seed rules VI.1), derived from the records and
// never typed in: for an information item, an application and a complaint,
// the people at three levels —
//   承办 (handler): who did the work (drafted, proposed, published, replied);
//   直接领导责任 (direct leadership): the head of the department that did it
//     (who signed step 2; the 公开办's head for complaints and replies);
//   全面领导责任 (overall leadership): the 分管领导 and the 主要领导 (who
//     signed steps 3 and 4).
// Where a step has not been signed yet, the people who hold the role now are
// named, marked as such ("现任").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace gk::oversight {

struct Responsible {
  std::string person, department;
  std::string basis;  // why: "起草", "第二步：部门负责人审核（2026-06-01）", "现任主要领导" …
};

struct ResponsibilityChain {
  std::vector<Responsible> handler, direct, overall;
};

Result<ResponsibilityChain> ItemResponsibility(store::Tx& tx, int64_t agency_id, int64_t item_id);
Result<ResponsibilityChain> ApplicationResponsibility(store::Tx& tx, int64_t agency_id, int64_t application_id);
Result<ResponsibilityChain> FeedbackResponsibility(store::Tx& tx, int64_t agency_id, int64_t case_id);

}  // namespace gk::oversight
