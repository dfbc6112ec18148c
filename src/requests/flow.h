// The handling of an application (条例 Arts. 29–45) as an explicit state
// machine with no I/O. The service layer (applications.cc) loads the facts,
// asks Decide() whether an action is allowed and what follows, and writes the
// result; pages show the forms of Allowed() and nothing else; tests drive
// Decide() for every state and action, and check that Allowed() offers
// exactly what Decide() accepts.
//
//   received ──assign──► handling ──draft_reply──► reply_drafted
//     ──approve_reply──► reply_approved ──issue_reply──► replied
//     ──record_delivery──► closed
//   received / handling ──request_correction (within 7 working days)──►
//     awaiting_correction ──receive_supplement──► received / handling
//                         ──correction_lapsed──► closed (其他处理/逾期不补正)
//   handling ──start_consultation──► consulting ──end_consultation──► handling
//   handling ──notice_fee──► awaiting_fee ──record_payment──► handling
//                                         ──fee_lapsed──► closed (其他处理/逾期未缴费)
//   reply_drafted ──return_draft──► handling
//   extend (once, ≤ 20 working days): in any open state after assignment.
//   received / handling ──hand_over──► replied: not this agency's
//     information (Art. 36(5)); the reply names the agency that holds it and,
//     with the applicant's consent, the application is registered there.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace gk::requests {

enum class CaseState {
  kReceived,
  kAwaitingCorrection,
  kHandling,
  kConsulting,
  kAwaitingFee,
  kReplyDrafted,
  kReplyApproved,
  kReplied,
  kClosed,
};

enum class CaseAction {
  kAssign,             // to a department (again while handling: reassign)
  kRequestCorrection,  // 补正告知 (Art. 30)
  kReceiveSupplement,  // the corrected application arrives: the clock restarts
  kCorrectionLapsed,   // the correction period passed without a supplement
  kStartConsultation,  // third party (Art. 32) or another agency (Art. 34)
  kEndConsultation,    // answered, or the 15 working days passed
  kNoticeFee,          // 收费通知
  kRecordPayment,
  kFeeLapsed,          // not paid within 20 working days of the notice
  kExtend,             // Art. 33, approved by the head of the disclosure office
  kDraftReply,         // reply type + sub-reason + letter text
  kReturnDraft,        // the approver sends the draft back
  kApproveReply,
  kIssueReply,         // the letter is numbered and dated; the clock stops
  kRecordDelivery,     // how and when the applicant received it
  kHandOver,           // 转交 (Art. 36(5)): another agency of the platform holds it
};

const char* CaseStateKey(CaseState s);    // "received", …
const char* CaseStateLabel(CaseState s);  // Simplified Chinese for staff
const char* CaseStatePublicLabel(CaseState s);  // plain language for the applicant
std::optional<CaseState> CaseStateFromKey(std::string_view key);
// Every state and every action, in declaration order.
std::span<const CaseState> AllCaseStates();
std::span<const CaseAction> AllCaseActions();
const char* CaseActionKey(CaseAction a);
const char* CaseActionLabel(CaseAction a);
std::optional<CaseAction> CaseActionFromKey(std::string_view key);
bool IsOpen(CaseState s);  // not kClosed (a replied case still awaits delivery)
// The reply is still due: open and not yet replied. Only then does the clock
// run towards a due date and the case have an urgency.
bool AwaitsReply(CaseState s);

struct CaseFacts {
  CaseState state = CaseState::kReceived;
  std::optional<int64_t> department_id;  // assigned department
  int open_consultations = 0;
  bool extended = false;
  bool correction_window_open = true;    // within 7 working days of receipt / supplement
  bool correction_period_over = false;   // the applicant's correction deadline has passed
  bool fee_period_over = false;          // 20 working days since the fee notice have passed
  int64_t drafted_by = 0;                // who drafted the current reply
  int unresolved_blocking = 0;           // blocking findings in the reply's files not yet resolved
};

struct CaseActor {
  int64_t user_id = 0;
  std::optional<int64_t> department_id;
  bool disclosure_office = false;  // 公开办: registers, assigns, approves, issues
  bool handler = false;            // clerk or department head
};

// Who handles the case: the 公开办, or a clerk or the head of the department
// it is assigned to. They consult, draft the reply and redact its files.
bool Handles(const CaseFacts& c, const CaseActor& who);

// Whether the case waits for `who` now: the 公开办 at intake, correction,
// fee, approval, issue and delivery; the assigned department's handlers
// while it is handled or consulted on (their inbox, "mine").
bool WaitsFor(const CaseFacts& c, const CaseActor& who);

// The role check of Decide alone: PermissionDenied when `who` may not take
// `action` on this case in any state.
Status MayAct(const CaseFacts& c, const CaseActor& who, CaseAction action);

// Whether `who` may take `action` on the case, and the state that follows.
// PermissionDenied when the person lacks the role (or is not of the assigned
// department); FailedPrecondition when the case's state or deadlines do not
// allow it (the message says why, in Simplified Chinese).
Result<CaseState> Decide(const CaseFacts& c, const CaseActor& who, CaseAction action);

// Every action Decide accepts for `who` now, in the order of CaseAction: what
// a page may offer. Decide refuses every other action.
std::vector<CaseAction> Allowed(const CaseFacts& c, const CaseActor& who);
bool IsAllowed(const std::vector<CaseAction>& allowed, CaseAction a);

// Whether `who` may redact the files of the reply awaiting approval
// (区分处理): whoever handles the case, while the reply is drafted.
Status MayRedactReplyFiles(const CaseFacts& c, const CaseActor& who);

}  // namespace gk::requests
