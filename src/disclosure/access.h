// Need-to-know for information items: an item that is not public yet (a
// draft, one under review, approved, on hold, kept in the registry) is read
// only by those whose work needs it —
//   - the 公开办 (every item of the agency);
//   - the clerks and heads of the drafting department and of the joint
//     departments (会签), and whoever drafted it;
//   - everyone who signed a step of the chain on it;
//   - the 分管领导 while it waits for step 3, the 主要领导 while it waits for
//     step 4 (also when held at that step);
//   - the 领导小组 for 公文类 items (content review, seed II).
// An item published on the portal (or withdrawn from it) is readable by all
// staff of the agency. The 系统管理员 reads no item that is not public. The
// command line (user id 0) reads everything.
//
// One Filter, applied by the single read and by every list alike; a refused
// read is NotFound, so existence is not revealed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "accounts/roles.h"
#include "base/status.h"
#include "search/search.h"
#include "store/db.h"

namespace gk::disclosure {

// Items readable by `who`, as a condition over `items i`: the one place the
// rule above is written (lists, counts and single reads all apply it in SQL).
store::Filter ReadableItems(const accounts::Principal& who);

// The same rule in its two parts, for a count that should read an index
// alone where it can: the states every staff member reads (a condition on
// i.state only) and, for the other states, who may read them. ReadableItems
// is `public_states OR unpublished`.
struct ReadableRule {
  std::string public_states;    // "i.state IN (…)"
  store::Filter unpublished;    // All() for those who read every item
};
// Whether every staff member reads an item in `state` ("published", …).
bool IsPublicState(std::string_view state);
// The other states, as a quoted SQL list "('draft', …)": an IN that an index
// on the state serves, where NOT (public_states) would scan every public item.
const std::string& UnpublishedStatesSql();
ReadableRule ReadableItemsRule(const accounts::Principal& who);
// OK when `who` may read item `id` of their agency; NotFound otherwise.
Status RequireReadableItem(store::Tx& tx, const accounts::Principal& who, int64_t id);

// The staff search: every stored item of the agency matching `q` that `who`
// may read (q.public_only and q.readable are set here).
Result<search::Results> StaffSearch(store::Tx& tx, const accounts::Principal& who, search::Query q);

}  // namespace gk::disclosure
