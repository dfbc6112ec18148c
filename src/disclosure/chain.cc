#include "disclosure/chain.h"

#include <string>
#include <vector>

namespace gk::disclosure {
namespace {

std::string BlockingMessage(int n) {
  return "保密审查发现 " + std::to_string(n) +
         " 处须处理的问题（阻止级）：须区分处理（修改正文或更换附件）、改变公开属性，或由公开办逐条书面说明理由后才能继续";
}


struct StateInfo {
  State state;
  const char* key;
  const char* label;
};

constexpr StateInfo kStates[] = {
    {State::kDraft, "draft", "起草中"},
    {State::kDeptReview, "dept_review", "待部门负责人审查"},
    {State::kCoSign, "cosign", "待联合部门会签"},
    {State::kSecrecyCheck, "secrecy_check", "待公开办保密审查"},
    {State::kContentReview, "content_review", "待领导小组内容审核"},
    {State::kLeaderReview, "leader_review", "待分管领导审查"},
    {State::kPrincipalReview, "principal_review", "待主要领导审批"},
    {State::kApproved, "approved", "已批准"},
    {State::kOnHold, "on_hold", "密级待定（已暂停）"},
    {State::kPublished, "published", "已发布"},
    {State::kWithdrawn, "withdrawn", "已撤回"},
};

struct ActionInfo {
  Action action;
  const char* key;
  const char* label;
};

constexpr ActionInfo kActions[] = {
    {Action::kEdit, "edit", "修改"},
    {Action::kSubmit, "submit", "提交审查"},
    {Action::kApprove, "approve", "同意"},
    {Action::kReturn, "return", "退回承办人"},
    {Action::kHold, "hold", "密级不明确，报请确定"},
    {Action::kResolveHold, "resolve", "录入密级确定结果"},
    {Action::kDeclassify, "declassify", "录入解密记录"},
    {Action::kPublish, "publish", "发布"},
    {Action::kWithdraw, "withdraw", "撤回"},
    {Action::kConfirm, "confirm", "复核：维持不公开"},
    {Action::kReopen, "reopen", "复核：重新启动公开"},
};

struct StepInfo {
  Step step;
  State state;  // the review state that waits for this step
  const char* key;
  const char* label;
};

constexpr StepInfo kSteps[] = {
    {Step::kSubmit, State::kDraft, "submit", "承办部门初步意见"},
    {Step::kDeptHead, State::kDeptReview, "dept_head", "部门负责人审查"},
    {Step::kCoSign, State::kCoSign, "cosign", "联合部门会签"},
    {Step::kSecrecy, State::kSecrecyCheck, "secrecy", "公开办保密审查"},
    {Step::kContent, State::kContentReview, "content", "领导小组内容审核"},
    {Step::kLeader, State::kLeaderReview, "leader", "分管领导审查"},
    {Step::kPrincipal, State::kPrincipalReview, "principal", "主要领导审批"},
};

bool Applies(Step s, const ItemFacts& item) {
  switch (s) {
    case Step::kCoSign: return item.co_departments > 0;
    case Step::kSecrecy: return item.attribute == Attribute::kProactive;
    case Step::kContent: return item.official_document;
    default: return true;
  }
}

bool Done(Step s, const ItemFacts& item) {
  if (s == Step::kCoSign) return item.co_departments_consented >= item.co_departments;
  return item.signed_steps.count(s) > 0;
}

// Whether `who` holds the role (and department) to sign `step` on `item`.
bool MaySign(const ItemFacts& item, const ActorFacts& who, Step step) {
  switch (step) {
    case Step::kSubmit: return who.clerk && who.department_id == item.department_id;
    case Step::kDeptHead: return who.dept_head && who.department_id == item.department_id;
    case Step::kCoSign:
      return who.dept_head && who.department_id && item.co_department_ids.count(*who.department_id) &&
             !item.co_departments_signed.count(*who.department_id);
    case Step::kSecrecy: return who.disclosure_office;
    case Step::kContent: return who.leading_group;
    case Step::kLeader: return who.leader_in_charge;
    case Step::kPrincipal: return who.principal;
  }
  return false;
}

const char* WhoSigns(Step step) {
  switch (step) {
    case Step::kSubmit: return "主办部门的承办人";
    case Step::kDeptHead: return "主办部门的负责人";
    case Step::kCoSign: return "尚未会签的联合部门负责人";
    case Step::kSecrecy: return "公开办工作人员";
    case Step::kContent: return "领导小组成员";
    case Step::kLeader: return "分管领导";
    case Step::kPrincipal: return "主要领导";
  }
  return "";
}

Status CheckSigner(const ItemFacts& item, const ActorFacts& who, Step step) {
  if (!MaySign(item, who, step)) {
    return PermissionDenied(std::string("此环节（") + StepLabel(step) + "）只能由" + WhoSigns(step) + "办理");
  }
  for (Step s : who.steps_signed_on_item) {
    if (s != step) {
      return PermissionDenied(std::string("同一人不能签署同一信息的两个环节：您已签署“") + StepLabel(s) + "”");
    }
  }
  return Status::Ok();
}

Status NotInState(State s, const char* what) {
  return FailedPrecondition(std::string("该信息当前状态为“") + StateLabel(s) + "”，不能" + what);
}

Result<Decision> Approve(const ItemFacts& item, const ActorFacts& who) {
  std::optional<Step> step = StepOf(item.state);
  if (!step) return NotInState(item.state, "签署");
  RETURN_IF_ERROR(CheckSigner(item, who, *step));
  if (*step != Step::kDeptHead && item.classified && !item.declassified) {
    return FailedPrecondition("该信息标有密级，须先录入解密审批记录，才能继续后续审查（保密审查制度第十条）");
  }
  if (*step != Step::kDeptHead && *step != Step::kCoSign && item.attribute == Attribute::kProactive &&
      item.unresolved_blocking > 0) {
    return FailedPrecondition(BlockingMessage(item.unresolved_blocking));
  }
  ItemFacts after = item;
  if (*step == Step::kCoSign) {
    ++after.co_departments_consented;
    if (who.department_id) after.co_departments_signed.insert(*who.department_id);
    if (after.co_departments_consented < after.co_departments) return Decision{State::kCoSign, step};
  } else {
    after.signed_steps.insert(*step);
  }
  return Decision{NextReviewState(after, *step), step};
}

Result<Decision> Publish(const ItemFacts& item, const ActorFacts& who) {
  if (!who.disclosure_office) return PermissionDenied("只有公开办工作人员可以发布信息");
  if (item.state != State::kApproved) return NotInState(item.state, "发布");
  if (item.attribute != Attribute::kProactive) {
    return FailedPrecondition(std::string("该信息的公开属性为“") + AttributeLabel(item.attribute) +
                              "”，只进入内部目录，不在门户发布");
  }
  if (item.classified && !item.declassified) return FailedPrecondition("该信息标有密级且没有解密记录，不能发布");
  if (item.unresolved_blocking > 0) return FailedPrecondition(BlockingMessage(item.unresolved_blocking));
  if (NextReviewState(item, Step::kSubmit) != State::kApproved || !item.signed_steps.count(Step::kSubmit)) {
    return FailedPrecondition("审查签字不全，不能发布");
  }
  return Decision{State::kPublished, std::nullopt};
}

}  // namespace

const char* StateKey(State s) {
  for (const auto& i : kStates) if (i.state == s) return i.key;
  return "";
}
const char* StateLabel(State s) {
  for (const auto& i : kStates) if (i.state == s) return i.label;
  return "";
}
std::optional<State> StateFromKey(std::string_view key) {
  for (const auto& i : kStates) if (key == i.key) return i.state;
  return std::nullopt;
}
const char* StepKey(Step s) {
  for (const auto& i : kSteps) if (i.step == s) return i.key;
  return "";
}
const char* StepLabel(Step s) {
  for (const auto& i : kSteps) if (i.step == s) return i.label;
  return "";
}
std::optional<Step> StepFromKey(std::string_view key) {
  for (const auto& i : kSteps) if (key == i.key) return i.step;
  return std::nullopt;
}

const char* AttributeKey(Attribute a) {
  switch (a) {
    case Attribute::kProactive: return "proactive";
    case Attribute::kOnRequest: return "on_request";
    case Attribute::kWithheld: return "withheld";
  }
  return "";
}
const char* AttributeLabel(Attribute a) {
  switch (a) {
    case Attribute::kProactive: return "主动公开";
    case Attribute::kOnRequest: return "依申请公开";
    case Attribute::kWithheld: return "不予公开";
  }
  return "";
}
std::optional<Attribute> AttributeFromKey(std::string_view key) {
  for (Attribute a : {Attribute::kProactive, Attribute::kOnRequest, Attribute::kWithheld}) {
    if (key == AttributeKey(a)) return a;
  }
  return std::nullopt;
}

const char* ActionKey(Action a) {
  for (const auto& i : kActions) if (i.action == a) return i.key;
  return "";
}

const char* ActionLabel(Action a) {
  for (const auto& i : kActions) if (i.action == a) return i.label;
  return "";
}

std::optional<Action> ActionFromKey(std::string_view key) {
  for (const auto& i : kActions) if (key == i.key) return i.action;
  return std::nullopt;
}

bool IsReviewState(State s) { return StepOf(s).has_value(); }

std::optional<Step> StepOf(State s) {
  for (const auto& i : kSteps) {
    if (i.step != Step::kSubmit && i.state == s) return i.step;
  }
  return std::nullopt;
}

State NextReviewState(const ItemFacts& item, Step after) {
  bool passed = false;
  for (const auto& i : kSteps) {
    if (i.step == after) {
      passed = true;
      continue;
    }
    if (!passed || i.step == Step::kSubmit) continue;
    if (Applies(i.step, item) && !Done(i.step, item)) return i.state;
  }
  return State::kApproved;
}

Result<Decision> Decide(const ItemFacts& item, const ActorFacts& who, Action action) {
  switch (action) {
    case Action::kEdit:
      if (item.state != State::kDraft) return NotInState(item.state, "修改内容（请先退回承办人）");
      if (!MaySign(item, who, Step::kSubmit)) return PermissionDenied("只有主办部门的承办人可以修改该信息");
      return Decision{State::kDraft, std::nullopt};
    case Action::kSubmit: {
      if (item.state != State::kDraft) return NotInState(item.state, "提交审查");
      RETURN_IF_ERROR(CheckSigner(item, who, Step::kSubmit));
      ItemFacts after = item;
      after.signed_steps.insert(Step::kSubmit);
      return Decision{NextReviewState(after, Step::kSubmit), Step::kSubmit};
    }
    case Action::kApprove:
      return Approve(item, who);
    case Action::kReturn: {
      std::optional<Step> step = StepOf(item.state);
      if (!step) return NotInState(item.state, "退回");
      if (!MaySign(item, who, *step)) return PermissionDenied("只有当前环节的审查人可以退回");
      return Decision{State::kDraft, std::nullopt};
    }
    case Action::kHold: {
      std::optional<Step> step = StepOf(item.state);
      if (!step) return NotInState(item.state, "暂停");
      if (!MaySign(item, who, *step) && !who.disclosure_office) {
        return PermissionDenied("只有当前环节的审查人或公开办可以报请确定密级");
      }
      return Decision{State::kOnHold, std::nullopt};
    }
    case Action::kResolveHold:
      if (item.state != State::kOnHold) return NotInState(item.state, "录入密级确定结果");
      if (!who.disclosure_office) return PermissionDenied("只有公开办工作人员可以录入密级确定结果");
      return Decision{item.resume_state.value_or(State::kDraft), std::nullopt};
    case Action::kDeclassify:
      if (!item.classified) return FailedPrecondition("该信息没有密级，无需解密");
      if (item.state == State::kPublished || item.state == State::kWithdrawn) {
        return NotInState(item.state, "录入解密记录");
      }
      if (!who.disclosure_office) return PermissionDenied("只有公开办工作人员可以录入解密记录");
      return Decision{item.state, std::nullopt};
    case Action::kPublish:
      return Publish(item, who);
    case Action::kWithdraw:
      if (!who.disclosure_office && !who.secrecy_supervisor) {
        return PermissionDenied("只有公开办工作人员或保密监督人员可以撤回信息");
      }
      if (item.state != State::kPublished) return NotInState(item.state, "撤回");
      return Decision{State::kWithdrawn, std::nullopt};
    case Action::kConfirm:
    case Action::kReopen:
      if (!who.disclosure_office) return PermissionDenied("只有公开办工作人员可以复核未公开信息");
      if (item.state != State::kApproved || item.attribute == Attribute::kProactive) {
        return FailedPrecondition("只有已批准的依申请公开、不予公开信息需要定期复核");
      }
      return Decision{action == Action::kConfirm ? State::kApproved : State::kDraft, std::nullopt};
  }
  return Internal("unknown action");
}

}  // namespace gk::disclosure
