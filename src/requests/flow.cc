#include "requests/flow.h"

#include <algorithm>
#include <string>

namespace gk::requests {
namespace {

struct StateInfo {
  const char* key;
  const char* label;
  const char* public_label;
};

constexpr StateInfo kStates[] = {
    {"received", "已登记待分办", "已收到申请，正在登记分办"},
    {"awaiting_correction", "待申请人补正", "需要您补正申请内容"},
    {"handling", "办理中", "正在办理"},
    {"consulting", "征求意见中", "正在征求有关方面意见（此期间不计入答复期限）"},
    {"awaiting_fee", "待缴纳信息处理费", "等待您缴纳信息处理费（此期间不计入答复期限）"},
    {"reply_drafted", "答复待审核", "正在审核答复意见"},
    {"reply_approved", "答复已审核待出具", "答复意见已审核，即将出具答复书"},
    {"replied", "已答复待送达", "已作出答复，正在送达"},
    {"closed", "已办结", "已办结"},
};

struct ActionInfo {
  const char* key;
  const char* label;
};

constexpr ActionInfo kActions[] = {
    {"assign", "分办至承办部门"},
    {"request_correction", "发出补正告知"},
    {"receive_supplement", "收到补正材料"},
    {"correction_lapsed", "逾期未补正办结"},
    {"start_consultation", "发出征求意见"},
    {"end_consultation", "征求意见结束"},
    {"notice_fee", "发出收费通知"},
    {"record_payment", "登记缴费"},
    {"fee_lapsed", "逾期未缴费办结"},
    {"extend", "延期答复"},
    {"draft_reply", "拟定答复"},
    {"return_draft", "退回答复"},
    {"approve_reply", "审核通过答复"},
    {"issue_reply", "出具答复书"},
    {"record_delivery", "登记送达"},
    {"hand_over", "转交其他机关"},
};

std::string BlockingMessage(int n) {
  return "答复所附文件经保密审查发现 " + std::to_string(n) +
         " 处须处理的问题（阻止级）：须更换为区分处理后的文件，或由公开办逐条书面说明理由";
}

Status NotNow(CaseState s, CaseAction a) {
  return FailedPrecondition(std::string("申请处于“") + CaseStateLabel(s) + "”状态，不能" + CaseActionLabel(a));
}

bool OfAssignedDepartment(const CaseFacts& c, const CaseActor& who) {
  return who.handler && c.department_id && who.department_id == c.department_id;
}

// The states in which the next step is the 公开办's; in kHandling and
// kConsulting it is the assigned department's.
bool OfficeTurn(CaseState s) {
  return s == CaseState::kReceived || s == CaseState::kAwaitingCorrection || s == CaseState::kAwaitingFee ||
         s == CaseState::kReplyDrafted || s == CaseState::kReplyApproved || s == CaseState::kReplied;
}

bool DepartmentTurn(CaseState s) { return s == CaseState::kHandling || s == CaseState::kConsulting; }

constexpr CaseAction kAllActions[] = {
    CaseAction::kAssign,         CaseAction::kRequestCorrection, CaseAction::kReceiveSupplement,
    CaseAction::kCorrectionLapsed, CaseAction::kStartConsultation, CaseAction::kEndConsultation,
    CaseAction::kNoticeFee,      CaseAction::kRecordPayment,     CaseAction::kFeeLapsed,
    CaseAction::kExtend,         CaseAction::kDraftReply,        CaseAction::kReturnDraft,
    CaseAction::kApproveReply,   CaseAction::kIssueReply,        CaseAction::kRecordDelivery,
    CaseAction::kHandOver,
};
static_assert(std::size(kAllActions) == std::size(kActions));

constexpr CaseState kAllStates[] = {
    CaseState::kReceived,      CaseState::kAwaitingCorrection, CaseState::kHandling,
    CaseState::kConsulting,    CaseState::kAwaitingFee,        CaseState::kReplyDrafted,
    CaseState::kReplyApproved, CaseState::kReplied,            CaseState::kClosed,
};
static_assert(std::size(kAllStates) == std::size(kStates));

bool ExtendableState(CaseState s) {
  return s == CaseState::kHandling || s == CaseState::kConsulting || s == CaseState::kAwaitingFee ||
         s == CaseState::kReplyDrafted || s == CaseState::kReplyApproved;
}

Result<CaseState> Next(const CaseFacts& c, const CaseActor& who, CaseAction a) {
  const CaseState s = c.state;
  switch (a) {
    case CaseAction::kAssign:
      if (s == CaseState::kReceived || s == CaseState::kHandling) return CaseState::kHandling;
      break;
    case CaseAction::kRequestCorrection:
      if (s != CaseState::kReceived && s != CaseState::kHandling) break;
      if (!c.correction_window_open) {
        return FailedPrecondition("补正告知须在收到申请（或补正材料）之日起7个工作日内发出，已超过期限");
      }
      return CaseState::kAwaitingCorrection;
    case CaseAction::kReceiveSupplement:
      if (s != CaseState::kAwaitingCorrection) break;
      return c.department_id ? CaseState::kHandling : CaseState::kReceived;
    case CaseAction::kCorrectionLapsed:
      if (s != CaseState::kAwaitingCorrection) break;
      if (!c.correction_period_over) return FailedPrecondition("补正期限尚未届满");
      return CaseState::kClosed;
    case CaseAction::kStartConsultation:
      if (s == CaseState::kHandling || s == CaseState::kConsulting) return CaseState::kConsulting;
      break;
    case CaseAction::kEndConsultation:
      if (s != CaseState::kConsulting) break;
      return c.open_consultations > 1 ? CaseState::kConsulting : CaseState::kHandling;
    case CaseAction::kNoticeFee:
      if (s == CaseState::kHandling) return CaseState::kAwaitingFee;
      break;
    case CaseAction::kRecordPayment:
      if (s == CaseState::kAwaitingFee) return CaseState::kHandling;
      break;
    case CaseAction::kFeeLapsed:
      if (s != CaseState::kAwaitingFee) break;
      if (!c.fee_period_over) return FailedPrecondition("缴费期限尚未届满");
      return CaseState::kClosed;
    case CaseAction::kExtend:
      if (!ExtendableState(s)) break;
      if (c.extended) return FailedPrecondition("答复期限已延长过一次，不能再次延长");
      return s;
    case CaseAction::kDraftReply:
      if (s == CaseState::kHandling) return CaseState::kReplyDrafted;
      break;
    case CaseAction::kReturnDraft:
      if (s == CaseState::kReplyDrafted) return CaseState::kHandling;
      break;
    case CaseAction::kApproveReply:
      if (s != CaseState::kReplyDrafted) break;
      if (c.unresolved_blocking > 0) return FailedPrecondition(BlockingMessage(c.unresolved_blocking));
      if (c.drafted_by == who.user_id) return FailedPrecondition("答复的拟稿人不能审核自己拟定的答复");
      return CaseState::kReplyApproved;
    case CaseAction::kIssueReply:
      if (s != CaseState::kReplyApproved) break;
      if (c.unresolved_blocking > 0) return FailedPrecondition(BlockingMessage(c.unresolved_blocking));
      return CaseState::kReplied;
    case CaseAction::kRecordDelivery:
      if (s == CaseState::kReplied) return CaseState::kClosed;
      break;
    case CaseAction::kHandOver:
      // Before any reply is drafted and with nothing sent out pending (补正,
      // consultation, fee): the reply letter is issued at once and, like
      // any reply, awaits its delivery.
      if (s == CaseState::kReceived || s == CaseState::kHandling) return CaseState::kReplied;
      break;
  }
  return NotNow(s, a);
}

}  // namespace

const char* CaseStateKey(CaseState s) { return kStates[static_cast<int>(s)].key; }
const char* CaseStateLabel(CaseState s) { return kStates[static_cast<int>(s)].label; }
const char* CaseStatePublicLabel(CaseState s) { return kStates[static_cast<int>(s)].public_label; }

std::optional<CaseState> CaseStateFromKey(std::string_view key) {
  for (size_t i = 0; i < std::size(kStates); ++i) {
    if (key == kStates[i].key) return static_cast<CaseState>(i);
  }
  return std::nullopt;
}

std::span<const CaseState> AllCaseStates() { return kAllStates; }
std::span<const CaseAction> AllCaseActions() { return kAllActions; }

const char* CaseActionKey(CaseAction a) { return kActions[static_cast<int>(a)].key; }
const char* CaseActionLabel(CaseAction a) { return kActions[static_cast<int>(a)].label; }

std::optional<CaseAction> CaseActionFromKey(std::string_view key) {
  for (size_t i = 0; i < std::size(kActions); ++i) {
    if (key == kActions[i].key) return static_cast<CaseAction>(i);
  }
  return std::nullopt;
}

bool IsOpen(CaseState s) { return s != CaseState::kClosed; }

bool AwaitsReply(CaseState s) { return IsOpen(s) && s != CaseState::kReplied; }

bool Handles(const CaseFacts& c, const CaseActor& who) { return who.disclosure_office || OfAssignedDepartment(c, who); }

bool WaitsFor(const CaseFacts& c, const CaseActor& who) {
  if (OfficeTurn(c.state)) return who.disclosure_office;
  return DepartmentTurn(c.state) && OfAssignedDepartment(c, who);
}

// The role check: the 公开办 for intake, deadlines and the reply's approval;
// the 公开办 or the assigned department for the work on the substance.
Status MayAct(const CaseFacts& c, const CaseActor& who, CaseAction a) {
  switch (a) {
    case CaseAction::kStartConsultation:
    case CaseAction::kEndConsultation:
    case CaseAction::kDraftReply:
      if (Handles(c, who)) return Status::Ok();
      return PermissionDenied("只有公开办或承办部门可以办理此申请");
    default:
      if (who.disclosure_office) return Status::Ok();
      return PermissionDenied(std::string("只有公开办可以") + CaseActionLabel(a));
  }
}

Result<CaseState> Decide(const CaseFacts& c, const CaseActor& who, CaseAction action) {
  RETURN_IF_ERROR(MayAct(c, who, action));
  return Next(c, who, action);
}

std::vector<CaseAction> Allowed(const CaseFacts& c, const CaseActor& who) {
  std::vector<CaseAction> out;
  for (CaseAction a : kAllActions) {
    if (Decide(c, who, a).ok()) out.push_back(a);
  }
  return out;
}

bool IsAllowed(const std::vector<CaseAction>& allowed, CaseAction a) {
  return std::find(allowed.begin(), allowed.end(), a) != allowed.end();
}

Status MayRedactReplyFiles(const CaseFacts& c, const CaseActor& who) {
  RETURN_IF_ERROR(MayAct(c, who, CaseAction::kDraftReply));
  if (c.state != CaseState::kReplyDrafted) return FailedPrecondition("只有待审核的答复所附的文件可以作区分处理");
  return Status::Ok();
}

}  // namespace gk::requests
