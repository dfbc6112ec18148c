// The review chain on an item: its actions (chain.h), the tasks waiting for
// a user, overrides of the check's findings, and the validity of a
// published item.
#include "disclosure/items.h"

#include <algorithm>

#include "accounts/agencies.h"
#include "accounts/portal_generation.h"
#include "accounts/workdays.h"
#include "audit/audit.h"
#include "base/strings.h"
#include "disclosure/access.h"
#include "disclosure/item_store.h"
#include "review/checks.h"

namespace gk::disclosure {
using accounts::Principal;
using accounts::Role;
using namespace internal;

namespace {

Status Require(const std::string& value, const char* label, size_t max_chars = 500) {
  return CheckText(value, label, max_chars, true);
}

Status RequireDate(const std::string& value, const char* label) {
  if (!Date::Parse(value).ok()) return InvalidArgument(std::string(label) + "无效（格式 YYYY-MM-DD）");
  return Status::Ok();
}

// Validates the data an action carries before anything is written.
Status ValidateAction(Action action, const ActionInput& in, const Item& it) {
  switch (action) {
    case Action::kReturn:
      return Require(in.opinion, "退回理由");
    case Action::kApprove:
      RETURN_IF_ERROR(CheckText(in.opinion, "审查意见", 500, false));
      if (it.state == State::kContentReview && !(in.check_process && in.check_decision && in.check_result)) {
        return InvalidArgument("内容审核须逐项确认：产生过程公正合理、决策过程民主科学、结果真实可信；"
                               "如有不符合的，请退回承办人");
      }
      return Status::Ok();
    case Action::kHold:
      RETURN_IF_ERROR(Require(in.question, "需确定的事项"));
      RETURN_IF_ERROR(Require(in.authority, "报请确定的机关", 100));
      RETURN_IF_ERROR(CheckText(in.request_doc, "报送文号", 60, false));
      return RequireDate(in.requested_on, "报送日期");
    case Action::kResolveHold:
      RETURN_IF_ERROR(Require(in.determination, "确定结果"));
      return RequireDate(in.determined_on, "确定日期");
    case Action::kDeclassify:
      RETURN_IF_ERROR(Require(in.decision, "解密决定"));
      RETURN_IF_ERROR(Require(in.authority, "作出决定的机关", 100));
      RETURN_IF_ERROR(Require(in.document_no, "解密文号", 60));
      return RequireDate(in.decided_on, "决定日期");
    case Action::kWithdraw:
      return Require(in.reason, "撤回理由");
    case Action::kConfirm:
    case Action::kReopen:
      return Require(in.opinion, "复核意见");
    default:
      return Status::Ok();
  }
}

Status Sign(store::Tx& tx, const Principal& who, const Item& it, Step step, const char* decision,
            const ActionInput& in, const std::string& now) {
  std::string checks = step == Step::kContent ? std::string(in.check_process ? "1" : "0") + "," +
                                                    (in.check_decision ? "1" : "0") + "," + (in.check_result ? "1" : "0")
                                              : "";
  store::Value dept = step == Step::kCoSign && who.department_id ? store::Value(*who.department_id)
                                                                 : store::Value(nullptr);
  return tx.Exec("INSERT INTO item_signatures (agency_id, item_id, version, step, decision, user_id, department_id, "
                 "opinion, checks, attribute, ground_key, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {who.agency_id, it.id, int64_t{it.version}, std::string(StepKey(step)), std::string(decision),
                  who.user_id, dept, in.opinion, checks, std::string(AttributeKey(it.input.attribute)),
                  it.input.ground_key, now})
      .status();
}

// Writes what `action` records besides the new state.
Status Record(store::Tx& tx, const Principal& who, const Item& it, Action action, const Decision& d,
              const ActionInput& in, const std::string& now) {
  switch (action) {
    case Action::kSubmit:
    case Action::kApprove:
      return Sign(tx, who, it, *d.step, "approve", in, now);
    case Action::kReturn:
      return Sign(tx, who, it, *StepOf(it.state), "return", in, now);
    case Action::kHold:
      return tx.Exec("INSERT INTO item_holds (agency_id, item_id, from_state, question, authority, request_doc, "
                     "requested_on, opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {who.agency_id, it.id, std::string(StateKey(it.state)), in.question, in.authority,
                      in.request_doc, in.requested_on, who.user_id, now})
          .status();
    case Action::kResolveHold:
      if (in.determined_classification) {
        RETURN_IF_ERROR(tx.Exec("UPDATE items SET classification = ? WHERE id = ?",
                                {std::string(ClassificationKey(*in.determined_classification)), it.id}).status());
      }
      return tx.Exec("UPDATE item_holds SET determination = ?, determined_on = ?, closed_by = ?, closed_at = ? "
                     "WHERE item_id = ? AND closed_at IS NULL",
                     {in.determination, in.determined_on, who.user_id, now, it.id})
          .status();
    case Action::kDeclassify:
      return tx.Exec("INSERT INTO item_declassifications (agency_id, item_id, decision, authority, decided_on, "
                     "document_no, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     {who.agency_id, it.id, in.decision, in.authority, in.decided_on, in.document_no, who.user_id, now})
          .status();
    case Action::kPublish:
      return Publish(tx, who.agency_id, who.user_id, it, now, false);
    case Action::kWithdraw:
      RETURN_IF_ERROR(accounts::TouchPortal(tx, who.agency_id));
      return tx.Exec("UPDATE publications SET withdrawn_by = ?, withdrawn_at = ?, withdraw_reason = ? "
                     "WHERE item_id = ? AND withdrawn_at IS NULL", {who.user_id, now, in.reason, it.id})
          .status();
    case Action::kConfirm:
    case Action::kReopen:
    case Action::kEdit:
      return Status::Ok();
  }
  return Status::Ok();
}

const char* AuditAction(Action a) {
  switch (a) {
    case Action::kEdit: return "item.update";
    case Action::kSubmit: return "item.submit";
    case Action::kApprove: return "item.approve";
    case Action::kReturn: return "item.return";
    case Action::kHold: return "item.hold";
    case Action::kResolveHold: return "item.resolve_hold";
    case Action::kDeclassify: return "item.declassify";
    case Action::kPublish: return "item.publish";
    case Action::kWithdraw: return "item.withdraw";
    case Action::kConfirm: return "item.reassess_confirm";
    case Action::kReopen: return "item.reassess_reopen";
  }
  return "item.action";
}

// Today plus the agency's re-assessment interval (default 12 months), as a date.
Result<std::string> ReassessDate(store::Tx& tx, int64_t agency_id, Date today) {
  ASSIGN_OR_RETURN(auto settings, accounts::LoadSettings(tx, agency_id));
  int months = 12;
  if (auto it = settings.find("reassess_months"); it != settings.end() && !it->second.empty()) {
    months = std::clamp(std::atoi(it->second.c_str()), 1, 60);
  }
  return AddMonths(today, months).ToString();
}

// The actions `who` might be expected to take on an item now, most urgent
// first, with how the task list names them.
std::vector<std::pair<Action, std::string>> Candidates(const Item& it, bool declassified, Date today) {
  std::vector<std::pair<Action, std::string>> out;
  const ItemInput& in = it.input;
  if (in.classification != Classification::kNone && !declassified && it.state != State::kPublished &&
      it.state != State::kWithdrawn) {
    if (auto expiry = SecrecyExpiry(in.formed_on, in.secrecy_period); expiry && *expiry <= today) {
      out.emplace_back(Action::kDeclassify, "保密期限已满，办理解密手续");
    }
  }
  if (IsReviewState(it.state)) out.emplace_back(Action::kApprove, StepLabel(*StepOf(it.state)));
  if (it.state == State::kDraft) out.emplace_back(Action::kSubmit, ActionLabel(Action::kSubmit));
  if (it.state == State::kOnHold) out.emplace_back(Action::kResolveHold, ActionLabel(Action::kResolveHold));
  if (it.state == State::kApproved && in.attribute == Attribute::kProactive) {
    out.emplace_back(Action::kPublish, ActionLabel(Action::kPublish));
  }
  if (it.state == State::kApproved && in.attribute != Attribute::kProactive && !it.reassess_on.empty() &&
      it.reassess_on <= today.ToString()) {
    out.emplace_back(Action::kConfirm, "定期复核（条例第十八条）");
  }
  return out;
}

}  // namespace

Status Items::Act(const Principal& who, int64_t id, Action action, const ActionInput& in) {
  return ctx_.db.Transact([&](store::Tx& tx) { return ActIn(tx, who, id, action, in); });
}

Status Items::ActIn(store::Tx& tx, const Principal& who, int64_t id, Action action, const ActionInput& in) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  if (action == Action::kEdit) return InvalidArgument("use Update to change content");
  {
    std::string lock = tx.dialect() == store::Dialect::kPostgres ? " FOR UPDATE" : "";
    RETURN_IF_ERROR(tx.Exec("SELECT id FROM items WHERE id = ? AND agency_id = ?" + lock, {id, who.agency_id}).status());
    ASSIGN_OR_RETURN(Item it, LoadItemFor(tx, who, id));
    ASSIGN_OR_RETURN(ItemFacts facts, LoadFacts(tx, it));
    ASSIGN_OR_RETURN(ActorFacts actor, LoadActor(tx, who, id));
    ASSIGN_OR_RETURN(Decision d, Decide(facts, actor, action));
    RETURN_IF_ERROR(ValidateAction(action, in, it));
    std::string now = Now(ctx_.clock);
    RETURN_IF_ERROR(Record(tx, who, it, action, d, in, now));
    store::Value resume = action == Action::kHold ? store::Value(std::string(StateKey(it.state)))
                                                  : store::Value(nullptr);
    // Undisclosed items return to the 公开办 for re-assessment (条例 Art. 18).
    if (d.next == State::kApproved && it.input.attribute != Attribute::kProactive) {
      ASSIGN_OR_RETURN(std::string due, ReassessDate(tx, who.agency_id, ChinaDate(ctx_.clock.Now())));
      RETURN_IF_ERROR(tx.Exec("UPDATE items SET reassess_on = ? WHERE id = ?", {due, id}).status());
    } else if (action == Action::kReopen) {
      RETURN_IF_ERROR(tx.Exec("UPDATE items SET reassess_on = NULL WHERE id = ?", {id}).status());
    }
    RETURN_IF_ERROR(tx.Exec("UPDATE items SET state = ?, resume_state = ?, state_since = CASE WHEN state = ? THEN "
                            "state_since ELSE ? END, updated_at = ? WHERE id = ?",
                            {std::string(StateKey(d.next)), resume, std::string(StateKey(d.next)), now, now, id})
                        .status());
    if (d.next != it.state) RETURN_IF_ERROR(Reindex(tx, who.agency_id, id));
    std::string detail = std::string(ActionLabel(action)) + " " + it.index_no + "：" + StateLabel(it.state) + " → " +
                         StateLabel(d.next) + (in.opinion.empty() ? "" : "（" + in.opinion.substr(0, 300) + "）");
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), AuditAction(action), "item",
                                          std::to_string(id), std::string("state=") + StateKey(it.state),
                                          std::string("state=") + StateKey(d.next), detail});
  }
}

Status Items::OverrideFinding(const Principal& who, int64_t id, int64_t finding_id, const std::string& reason) {
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Item it, LoadItemFor(tx, who, id));
    // Only a finding of this item's current version.
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT 1 FROM content_findings f JOIN content_checks c ON c.id = f.check_id "
                                           "WHERE f.id = ? AND c.item_id = ? AND c.item_version = ?",
                                           {finding_id, id, int64_t{it.version}}));
    if (!row) return NotFound("该信息当前版本没有这条发现");
    return review::OverrideFinding(tx, ctx_.clock, who, finding_id, reason);
  });
}

Result<std::vector<Task>> Items::Tasks(const Principal& who) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  auto cal = accounts::Workdays(ctx_).Calendar(who.agency_id);
  Date today = ChinaDate(ctx_.clock.Now());
  UnixSeconds now = ctx_.clock.Now();
  std::vector<Task> out;
  RETURN_IF_ERROR(ctx_.db.Read([&](store::Tx& tx) -> Status {
    // Only items that can need someone now: those in the chain, approved ones
    // to publish or due for re-assessment, and classified ones (expiry).
    ASSIGN_OR_RETURN(auto rows, tx.Query(
        std::string(kItemColumns) +
            "WHERE i.agency_id = ? AND i.state IN " + UnpublishedStatesSql() + " "
            "AND (i.state <> 'approved' OR i.attribute = 'proactive' OR i.reassess_on <= ? "
            "OR i.classification <> 'none') ORDER BY i.state_since, i.id",
        {who.agency_id, today.ToString()}));
    for (const auto& r : rows) {
      Item it = ItemFromRow(r);
      ASSIGN_OR_RETURN(auto co, tx.Query("SELECT department_id FROM item_co_departments WHERE item_id = ?", {it.id}));
      for (const auto& c : co) it.input.co_department_ids.insert(c.Int("department_id"));
      ASSIGN_OR_RETURN(ItemFacts facts, LoadFacts(tx, it));
      ASSIGN_OR_RETURN(ActorFacts actor, LoadActor(tx, who, it.id));
      std::optional<std::string> label;
      for (const auto& [action, name] : Candidates(it, facts.declassified, today)) {
        if (Decide(facts, actor, action).ok()) {
          label = name;
          break;
        }
      }
      if (!label) continue;
      Task t;
      t.row = RowOf(it, cal, today);
      t.action_label = *label;
      auto since = ParseUtc(it.state_since);
      t.waited_seconds = since.ok() ? now - *since : 0;
      out.push_back(std::move(t));
    }
    return Status::Ok();
  }));
  return out;
}

Status Items::SetValidity(const Principal& who, int64_t id, Validity validity, const std::string& note) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied("只有公开办可以变更已公开信息的有效性");
  RETURN_IF_ERROR(CheckText(note, "变更依据", 500, true));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Item it, LoadItemFor(tx, who, id));
    if (it.state != State::kPublished) return FailedPrecondition("只有已公开的信息可以变更有效性，其他信息请在修改时选择");
    if (it.input.validity == validity) return Status::Ok();
    // A status of the published document, not a change of its approved
    // content: the publication stays as it was approved; the portal shows
    // the current validity beside it.
    RETURN_IF_ERROR(tx.Exec("UPDATE items SET validity = ?, updated_at = ?, "
                            "repealed_on = CASE WHEN ? = 'repealed' THEN COALESCE(repealed_on, ?) ELSE NULL END "
                            "WHERE id = ? AND agency_id = ?",
                            {std::string(ValidityKey(validity)), Now(ctx_.clock), std::string(ValidityKey(validity)),
                             ChinaDate(ctx_.clock.Now()).ToString(), id, who.agency_id})
                        .status());
    RETURN_IF_ERROR(Reindex(tx, who.agency_id, id));
    RETURN_IF_ERROR(accounts::TouchPortal(tx, who.agency_id));
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "item.validity", "item", std::to_string(id),
                                          ValidityKey(it.input.validity), ValidityKey(validity),
                                          it.index_no + " 有效性变更为" + ValidityLabel(validity) + "：" + note});
  });
}

}  // namespace gk::disclosure
