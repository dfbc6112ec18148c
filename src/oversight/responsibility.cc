#include "oversight/responsibility.h"

#include "base/clock.h"
#include "disclosure/chain.h"

namespace gk::oversight {
namespace {

using disclosure::Step;
using disclosure::StepKey;

std::string Day(const std::string& utc) {
  auto t = ParseUtc(utc);
  return t.ok() ? ChinaDate(*t).ToString() : utc.substr(0, 10);
}

// The user's name and department.
Result<Responsible> Person(store::Tx& tx, int64_t user_id, const std::string& basis) {
  ASSIGN_OR_RETURN(auto row,
                   tx.QueryOne("SELECT u.display_name, COALESCE(d.name, '') AS department_name FROM users u LEFT JOIN "
                               "departments d ON d.id = u.department_id WHERE u.id = ?",
                               {user_id}));
  if (!row) return Responsible{"（已删除的用户）", "", basis};
  return Responsible{row->Str("display_name"), row->Str("department_name"), basis};
}

// Active users holding `role` now (in `department_id` when given).
Result<std::vector<Responsible>> Holders(store::Tx& tx, int64_t agency_id, const char* role,
                                         std::optional<int64_t> department_id, const std::string& basis) {
  std::string sql =
      "SELECT u.display_name, COALESCE(d.name, '') AS department_name FROM users u JOIN user_roles r ON "
      "r.user_id = u.id "
      "LEFT JOIN departments d ON d.id = u.department_id WHERE u.agency_id = ? AND r.role = ? AND "
      "u.active = 1 ";
  std::vector<store::Value> params = {agency_id, std::string(role)};
  if (department_id) {
    sql += "AND u.department_id = ? ";
    params.push_back(*department_id);
  }
  ASSIGN_OR_RETURN(auto rows, tx.Query(sql + "ORDER BY u.id", params));
  std::vector<Responsible> out;
  for (const auto& r : rows) out.push_back({r.Str("display_name"), r.Str("department_name"), basis});
  return out;
}

// The leadership: who signed steps 3 and 4 of `item_id` if given, otherwise
// (and for a step not signed) the current 分管领导 and 主要领导.
Status AddLeadership(store::Tx& tx, int64_t agency_id, std::optional<int64_t> item_id, ResponsibilityChain& c) {
  for (auto [step, role, label] : {std::tuple{Step::kLeader, "leader_in_charge", "分管领导"},
                                   std::tuple{Step::kPrincipal, "principal", "主要领导"}}) {
    bool signed_it = false;
    if (item_id) {
      ASSIGN_OR_RETURN(auto sig, tx.QueryOne("SELECT user_id, signed_at FROM item_signatures WHERE item_id = ? AND "
                                             "step = ? AND decision = 'approve' ORDER BY id DESC",
                                             {*item_id, std::string(StepKey(step))}));
      if (sig) {
        ASSIGN_OR_RETURN(Responsible p, Person(tx, sig->Int("user_id"),
                                               std::string(label) + "审批（" + Day(sig->Str("signed_at")) + "）"));
        c.overall.push_back(std::move(p));
        signed_it = true;
      }
    }
    if (!signed_it) {
      ASSIGN_OR_RETURN(auto now, Holders(tx, agency_id, role, std::nullopt, std::string("现任") + label));
      for (auto& p : now) c.overall.push_back(std::move(p));
    }
  }
  return Status::Ok();
}

// The 公开办's head: the agency setting disclosure_head, else every 公开办 member.
Status AddOfficeHead(store::Tx& tx, int64_t agency_id, ResponsibilityChain& c) {
  ASSIGN_OR_RETURN(auto head, tx.QueryOne("SELECT u.id FROM agency_settings s JOIN users u ON u.agency_id = "
                                          "s.agency_id AND u.username = s.value WHERE s.agency_id = ? AND "
                                          "s.key = 'disclosure_head'", {agency_id}));
  if (head) {
    ASSIGN_OR_RETURN(Responsible p, Person(tx, head->Int("id"), "政府信息公开工作机构负责人"));
    c.direct.push_back(std::move(p));
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(auto all, Holders(tx, agency_id, "disclosure_office", std::nullopt, "公开办（未指定负责人）"));
  for (auto& p : all) c.direct.push_back(std::move(p));
  return Status::Ok();
}

}  // namespace

Result<ResponsibilityChain> ItemResponsibility(store::Tx& tx, int64_t agency_id, int64_t item_id) {
  ASSIGN_OR_RETURN(auto item, tx.QueryOne("SELECT created_by, created_at, department_id FROM items WHERE id = ? AND "
                                          "agency_id = ?", {item_id, agency_id}));
  if (!item) return NotFound("信息不存在");
  ResponsibilityChain c;
  ASSIGN_OR_RETURN(Responsible drafter,
                   Person(tx, item->Int("created_by"), "起草（" + Day(item->Str("created_at")) + "）"));
  c.handler.push_back(std::move(drafter));
  ASSIGN_OR_RETURN(auto proposal, tx.QueryOne("SELECT user_id, signed_at FROM item_signatures WHERE item_id = ? AND "
                                              "step = ? AND decision = 'approve' ORDER BY id DESC",
                                              {item_id, std::string(StepKey(Step::kSubmit))}));
  if (proposal && proposal->Int("user_id") != item->Int("created_by")) {
    ASSIGN_OR_RETURN(Responsible p,
                     Person(tx, proposal->Int("user_id"), "提出初审意见（" + Day(proposal->Str("signed_at")) + "）"));
    c.handler.push_back(std::move(p));
  }
  ASSIGN_OR_RETURN(auto secrecy, tx.QueryOne("SELECT user_id, signed_at FROM item_signatures WHERE item_id = ? AND "
                                             "step = ? AND decision = 'approve' ORDER BY id DESC",
                                             {item_id, std::string(StepKey(Step::kSecrecy))}));
  if (secrecy) {
    ASSIGN_OR_RETURN(Responsible p,
                     Person(tx, secrecy->Int("user_id"), "公开办保密审查（" + Day(secrecy->Str("signed_at")) + "）"));
    c.handler.push_back(std::move(p));
  }
  ASSIGN_OR_RETURN(auto published, tx.QueryOne("SELECT published_by, published_at FROM publications WHERE item_id = ? "
                                               "ORDER BY id DESC", {item_id}));
  if (published) {
    ASSIGN_OR_RETURN(Responsible p,
                     Person(tx, published->Int("published_by"), "发布（" + Day(published->Str("published_at")) + "）"));
    c.handler.push_back(std::move(p));
  }
  ASSIGN_OR_RETURN(auto head, tx.QueryOne("SELECT user_id, signed_at FROM item_signatures WHERE item_id = ? AND "
                                          "step = ? AND decision = 'approve' ORDER BY id DESC",
                                          {item_id, std::string(StepKey(Step::kDeptHead))}));
  if (head) {
    ASSIGN_OR_RETURN(Responsible p, Person(tx, head->Int("user_id"), "部门负责人审核（" + Day(head->Str("signed_at")) + "）"));
    c.direct.push_back(std::move(p));
  } else {
    ASSIGN_OR_RETURN(auto now, Holders(tx, agency_id, "dept_head", item->Int("department_id"), "现任主办部门负责人"));
    for (auto& p : now) c.direct.push_back(std::move(p));
  }
  RETURN_IF_ERROR(AddLeadership(tx, agency_id, item_id, c));
  return c;
}

Result<ResponsibilityChain> ApplicationResponsibility(store::Tx& tx, int64_t agency_id, int64_t application_id) {
  ASSIGN_OR_RETURN(auto app, tx.QueryOne("SELECT department_id, created_by, created_at FROM applications WHERE id = ? "
                                         "AND agency_id = ?", {application_id, agency_id}));
  if (!app) return NotFound("申请不存在");
  ResponsibilityChain c;
  if (!app->IsNull("created_by")) {
    ASSIGN_OR_RETURN(Responsible p, Person(tx, app->Int("created_by"), "登记（" + Day(app->Str("created_at")) + "）"));
    c.handler.push_back(std::move(p));
  }
  ASSIGN_OR_RETURN(auto reply, tx.QueryOne("SELECT drafted_by, drafted_at, decided_by, decided_at FROM "
                                           "application_replies WHERE application_id = ? ORDER BY id DESC",
                                           {application_id}));
  if (reply) {
    ASSIGN_OR_RETURN(Responsible p,
                     Person(tx, reply->Int("drafted_by"), "拟写答复（" + Day(reply->Str("drafted_at")) + "）"));
    c.handler.push_back(std::move(p));
    if (!reply->IsNull("decided_by")) {
      ASSIGN_OR_RETURN(Responsible q,
                       Person(tx, reply->Int("decided_by"), "审核答复（" + Day(reply->Str("decided_at")) + "）"));
      c.direct.push_back(std::move(q));
    }
  }
  if (!app->IsNull("department_id")) {
    ASSIGN_OR_RETURN(auto heads, Holders(tx, agency_id, "dept_head", app->Int("department_id"), "现任承办部门负责人"));
    for (auto& p : heads) c.direct.push_back(std::move(p));
  }
  RETURN_IF_ERROR(AddOfficeHead(tx, agency_id, c));
  RETURN_IF_ERROR(AddLeadership(tx, agency_id, std::nullopt, c));
  return c;
}

Result<ResponsibilityChain> FeedbackResponsibility(store::Tx& tx, int64_t agency_id, int64_t case_id) {
  ASSIGN_OR_RETURN(auto f, tx.QueryOne("SELECT registered_by, created_at, department_id, answered_by, answered_at, "
                                       "replied_by, replied_on FROM feedback_cases WHERE id = ? AND agency_id = ?",
                                       {case_id, agency_id}));
  if (!f) return NotFound("该件不存在");
  ResponsibilityChain c;
  if (!f->IsNull("registered_by")) {
    ASSIGN_OR_RETURN(Responsible p, Person(tx, f->Int("registered_by"), "登记（" + Day(f->Str("created_at")) + "）"));
    c.handler.push_back(std::move(p));
  }
  if (!f->IsNull("answered_by")) {
    ASSIGN_OR_RETURN(Responsible p, Person(tx, f->Int("answered_by"), "部门答复（" + Day(f->Str("answered_at")) + "）"));
    c.handler.push_back(std::move(p));
  }
  if (!f->IsNull("replied_by")) {
    ASSIGN_OR_RETURN(Responsible p, Person(tx, f->Int("replied_by"), "答复（" + f->Str("replied_on") + "）"));
    c.handler.push_back(std::move(p));
  }
  if (c.handler.empty()) {
    ASSIGN_OR_RETURN(auto office, Holders(tx, agency_id, "disclosure_office", std::nullopt, "公开办（待办理）"));
    for (auto& p : office) c.handler.push_back(std::move(p));
  }
  if (!f->IsNull("department_id")) {
    ASSIGN_OR_RETURN(auto heads, Holders(tx, agency_id, "dept_head", f->Int("department_id"), "现任承办部门负责人"));
    for (auto& p : heads) c.direct.push_back(std::move(p));
  }
  RETURN_IF_ERROR(AddOfficeHead(tx, agency_id, c));
  RETURN_IF_ERROR(AddLeadership(tx, agency_id, std::nullopt, c));
  return c;
}

}  // namespace gk::oversight
