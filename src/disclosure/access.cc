#include "disclosure/access.h"

#include <string>
#include <string_view>
#include <vector>

#include "disclosure/chain.h"

namespace gk::disclosure {
using accounts::Principal;
using accounts::Role;

namespace {

// The state an item waits in for `step_state`, also while held there.
std::string WaitsFor(const char* step_state) {
  return std::string("(i.state = '") + step_state + "' OR (i.state = 'on_hold' AND i.resume_state = '" + step_state +
         "'))";
}

constexpr State kPublicStates[] = {State::kPublished, State::kWithdrawn};

std::string QuotedStates(bool public_ones) {
  std::string list;
  for (int s = 0; s <= static_cast<int>(State::kWithdrawn); ++s) {
    const char* key = StateKey(static_cast<State>(s));
    if (IsPublicState(key) != public_ones) continue;
    list += std::string(list.empty() ? "('" : ", '") + key + "'";
  }
  return list + ")";
}

}  // namespace

bool IsPublicState(std::string_view state) {
  for (State s : kPublicStates) {
    if (state == StateKey(s)) return true;
  }
  return false;
}

const std::string& UnpublishedStatesSql() {
  static const std::string sql = QuotedStates(false);
  return sql;
}

ReadableRule ReadableItemsRule(const Principal& who) {
  static const std::string public_states = "i.state IN " + QuotedStates(true);
  ReadableRule rule{public_states, store::Filter::All()};
  if (who.user_id == 0 || who.Has(Role::kDisclosureOffice)) return rule;
  std::vector<std::string> any = {"i.created_by = ?",
                                  "EXISTS (SELECT 1 FROM item_signatures s WHERE s.item_id = i.id AND s.user_id = ?)"};
  std::vector<store::Value> params = {who.user_id, who.user_id};
  if (who.department_id && (who.Has(Role::kClerk) || who.Has(Role::kDeptHead))) {
    any.push_back("i.department_id = ?");
    any.push_back("EXISTS (SELECT 1 FROM item_co_departments c WHERE c.item_id = i.id AND c.department_id = ?)");
    params.emplace_back(*who.department_id);
    params.emplace_back(*who.department_id);
  }
  if (who.Has(Role::kLeaderInCharge)) any.push_back(WaitsFor("leader_review"));
  if (who.Has(Role::kPrincipal)) any.push_back(WaitsFor("principal_review"));
  if (who.Has(Role::kLeadingGroup)) any.push_back("i.official_document <> 0");
  rule.unpublished = store::AnyOf(any, std::move(params));
  return rule;
}

store::Filter ReadableItems(const Principal& who) {
  ReadableRule rule = ReadableItemsRule(who);
  if (rule.unpublished.IsAll()) return rule.unpublished;
  return {"(" + rule.public_states + " OR " + rule.unpublished.sql + ")", std::move(rule.unpublished.params)};
}

Status RequireReadableItem(store::Tx& tx, const Principal& who, int64_t id) {
  store::Filter f = ReadableItems(who);
  std::vector<store::Value> params = {id, who.agency_id};
  params.insert(params.end(), f.params.begin(), f.params.end());
  ASSIGN_OR_RETURN(auto row,
                   tx.QueryOne("SELECT 1 FROM items i WHERE i.id = ? AND i.agency_id = ? AND " + f.sql, params));
  if (!row) return NotFound("信息不存在");
  return Status::Ok();
}

Result<search::Results> StaffSearch(store::Tx& tx, const Principal& who, search::Query q) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  q.public_only = false;
  store::Filter items = ReadableItems(who);
  if (!items.IsAll()) {
    std::vector<store::Value> params = {who.agency_id};
    params.insert(params.end(), items.params.begin(), items.params.end());
    q.readable = store::Filter{"(d.kind = 'item' AND d.object_id IN (SELECT i.id FROM items i WHERE i.agency_id = ? "
                               "AND " + items.sql + "))", std::move(params)};
  }
  return search::Search(tx, who.agency_id, q);
}

}  // namespace gk::disclosure
