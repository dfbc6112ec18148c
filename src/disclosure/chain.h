// The review chain of an information item (seed rules 二 and 三), as an
// explicit state machine with no I/O. The service layer (items.cc) loads the
// facts, asks Decide() whether an action is allowed and what follows, and
// writes the result; tests drive Decide() for every state and action.
//
//   draft ──submit (step 1)──► dept_review (step 2, head of the 主办部门)
//     ► cosign (each co-department's head; joint items only, III.8)
//     ► secrecy_check (公开办, items headed for publication, III.3)
//     ► content_review (领导小组, 公文类 items only, II.2–4)
//     ► leader_review (step 3, 分管领导) ► principal_review (step 4, 主要领导)
//     ► approved ──publish──► published ──withdraw──► withdrawn
//   any review state: return → draft; mark unclear → on_hold (III.9) until a
//   determination is recorded; a 密级 without a declassification record stops
//   the item after step 2 (III.10).
//
// A signature counts only for the content version it was given on; editing
// the content therefore requires the later signatures again, and steps still
// validly signed are skipped when the item comes round again.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "base/status.h"

namespace gk::disclosure {

enum class State {
  kDraft,
  kDeptReview,
  kCoSign,
  kSecrecyCheck,
  kContentReview,
  kLeaderReview,
  kPrincipalReview,
  kApproved,
  kOnHold,
  kPublished,
  kWithdrawn,
};

// The steps a person signs. kSubmit is step 1, the clerk's opinion.
enum class Step { kSubmit, kDeptHead, kCoSign, kSecrecy, kContent, kLeader, kPrincipal };

enum class Attribute { kProactive, kOnRequest, kWithheld };  // 主动公开 / 依申请公开 / 不予公开

enum class Action {
  kEdit,           // change content (draft only)
  kSubmit,         // step 1
  kApprove,        // sign the step the item waits for
  kReturn,         // send back to the clerk with reasons
  kHold,           // classification unclear (III.9)
  kResolveHold,    // record the competent authority's determination
  kDeclassify,     // record a declassification (III.10)
  kPublish,        // approved + 主动公开 → portal
  kWithdraw,       // 撤回 a published item
  kConfirm,        // periodic re-assessment (条例 Art. 18): keep it undisclosed
  kReopen,         // periodic re-assessment: reopen for disclosure (back to the clerk)
};

const char* StateKey(State s);    // "draft", "dept_review", …
const char* StateLabel(State s);  // Simplified Chinese
std::optional<State> StateFromKey(std::string_view key);
const char* StepKey(Step s);
const char* StepLabel(Step s);
std::optional<Step> StepFromKey(std::string_view key);
const char* AttributeKey(Attribute a);
const char* AttributeLabel(Attribute a);
std::optional<Attribute> AttributeFromKey(std::string_view key);
const char* ActionKey(Action a);    // "submit", "approve", … (forms and the API)
const char* ActionLabel(Action a);  // Simplified Chinese
std::optional<Action> ActionFromKey(std::string_view key);

// What the machine needs to know about the item.
struct ItemFacts {
  State state = State::kDraft;
  Attribute attribute = Attribute::kProactive;
  bool official_document = false;     // 公文类
  bool classified = false;            // 密级 other than 无
  bool declassified = false;          // a declassification record exists
  int co_departments = 0;             // 联合部门 count
  int co_departments_consented = 0;   // valid 会签 on the current version
  std::set<Step> signed_steps;        // steps validly signed on the current version
  std::optional<State> resume_state;  // for kOnHold: where the item returns to
  int64_t department_id = 0;          // 主办部门
  std::set<int64_t> co_department_ids;
  std::set<int64_t> co_departments_signed;  // which co-departments consented
  // Blocking findings of the confidentiality check on the current version not
  // yet resolved (review/checks.h): for 主动公开 items they stop every step
  // after the department head's, and publication.
  int unresolved_blocking = 0;
};

// What the machine needs to know about the person acting.
struct ActorFacts {
  int64_t user_id = 0;
  std::optional<int64_t> department_id;
  bool clerk = false, dept_head = false, disclosure_office = false, leading_group = false,
       leader_in_charge = false, principal = false;
  bool secrecy_supervisor = false;  // may order a published item withdrawn at once (seed III.14)
  std::set<Step> steps_signed_on_item;  // any step this person ever signed on the item
};

struct Decision {
  State next = State::kDraft;
  std::optional<Step> step;  // the step being signed, for kSubmit / kApprove
};

// The review state an item goes to after `after` has been validly signed,
// skipping steps that do not apply or are already signed on this version.
// REQUIRES: after is a review step or kSubmit.
State NextReviewState(const ItemFacts& item, Step after);

// The step a review state waits for; nullopt for non-review states.
std::optional<Step> StepOf(State s);

// Whether `who` may take `action` on `item`, and the resulting state.
// PermissionDenied when the person lacks the role or department for it;
// FailedPrecondition when the item is not in a state that allows it (the
// message says why, in Simplified Chinese, for the user).
Result<Decision> Decide(const ItemFacts& item, const ActorFacts& who, Action action);

bool IsReviewState(State s);

}  // namespace gk::disclosure
