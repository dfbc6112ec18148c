#include "requests/access.h"

#include "requests/case_store.h"
#include "requests/flow.h"

#include <string>
#include <vector>

namespace gk::requests {
using accounts::Principal;
using accounts::Role;

namespace {

bool Everything(const Principal& who) { return who.user_id == 0 || who.Has(Role::kDisclosureOffice); }

bool Handler(const Principal& who) {
  return who.department_id && (who.Has(Role::kClerk) || who.Has(Role::kDeptHead));
}

}  // namespace

store::Filter ReadableCases(const Principal& who) {
  if (Everything(who)) return store::Filter::All();
  std::vector<std::string> any;
  std::vector<store::Value> params;
  if (Handler(who)) {
    any.push_back("a.department_id = ?");
    params.emplace_back(*who.department_id);
  }
  if (who.Has(Role::kLeaderInCharge) || who.Has(Role::kPrincipal)) {
    any.push_back("EXISTS (SELECT 1 FROM application_events e WHERE e.application_id = a.id AND e.user_id = ?)");
    any.push_back("EXISTS (SELECT 1 FROM application_replies r WHERE r.application_id = a.id AND r.decided_by = ?)");
    params.emplace_back(who.user_id);
    params.emplace_back(who.user_id);
  }
  if (who.Has(Role::kSupervision) || who.Has(Role::kLeadingGroup)) {
    any.push_back("EXISTS (SELECT 1 FROM feedback_cases f WHERE f.agency_id = a.agency_id AND "
                  "f.application_ref = a.ref)");
  }
  return store::AnyOf(any, std::move(params));
}

Status RequireReadableCase(store::Tx& tx, const Principal& who, int64_t id) {
  store::Filter f = ReadableCases(who);
  std::vector<store::Value> params = {id, who.agency_id};
  params.insert(params.end(), f.params.begin(), f.params.end());
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT 1 FROM applications a WHERE a.id = ? AND a.agency_id = ? AND " +
                                             f.sql, params));
  if (!row) return NotFound("申请不存在");
  return Status::Ok();
}

store::Filter CasesWaitingFor(const Principal& who) {
  CaseActor actor = internal::ActorOf(who);
  std::vector<std::string> anyone, assigned;  // state keys
  for (CaseState s : AllCaseStates()) {
    CaseFacts unassigned;
    unassigned.state = s;
    if (WaitsFor(unassigned, actor)) {
      anyone.push_back(CaseStateKey(s));  // whatever department it is assigned to
      continue;
    }
    CaseFacts ours = unassigned;
    ours.department_id = who.department_id;
    if (who.department_id && WaitsFor(ours, actor)) assigned.push_back(CaseStateKey(s));
  }
  auto in_list = [](const std::vector<std::string>& keys) {
    std::string sql = "a.state IN (";
    for (size_t i = 0; i < keys.size(); ++i) sql += std::string(i ? ", " : "") + "'" + keys[i] + "'";
    return sql + ")";
  };
  std::vector<std::string> any;
  std::vector<store::Value> params;
  if (!anyone.empty()) any.push_back(in_list(anyone));
  if (!assigned.empty()) {
    any.push_back("(" + in_list(assigned) + " AND a.department_id = ?)");
    params.emplace_back(*who.department_id);
  }
  return store::AnyOf(any, std::move(params));
}

store::Filter ReadableInquiries(const Principal& who) {
  if (Everything(who)) return store::Filter::All();
  if (!Handler(who)) return store::Filter::None();
  return {"(q.department_id = ?)", {*who.department_id}};
}

}  // namespace gk::requests
