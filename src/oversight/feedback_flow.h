// The handling of public feedback and complaints (seed rules 五 and VI.2) as
// an explicit state machine, pure: no database, no clock.
//
//   received ──forward (公开办)──► forwarded ──answer (that department)──► answered
//      │                                                                    │
//      ├──reply (公开办)──► replied          answered ──forward / reply / dismiss
//      └──dismiss (公开办, with reason)──► dismissed
//
// The 公开办 replies (V.4); matters about a department's content are
// forwarded to it for an answer first (V.5); abuse or matters outside
// disclosure work are dismissed with a reason. replied and dismissed are
// final. The 监察办 and the 领导小组 see every case but act on none here.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace gk::oversight {

enum class FeedbackState { kReceived, kForwarded, kAnswered, kReplied, kDismissed };
enum class FeedbackAction { kForward, kAnswer, kReply, kDismiss };

const char* FeedbackStateKey(FeedbackState s);    // "received", "forwarded", …
const char* FeedbackStateLabel(FeedbackState s);  // "待办理", "已转部门答复", …
std::optional<FeedbackState> FeedbackStateFromKey(std::string_view key);
const char* FeedbackActionLabel(FeedbackAction a);

// What the actor is, as far as the machine cares.
struct FeedbackActor {
  bool disclosure_office = false;      // 公开办
  bool of_forwarded_department = false;  // a member of the department the case is forwarded to
};

// The state after `action`, or PermissionDenied (wrong actor) /
// FailedPrecondition (not allowed in this state) with a message in Chinese.
Result<FeedbackState> NextFeedbackState(FeedbackState from, FeedbackAction action, const FeedbackActor& actor);

// Every action NextFeedbackState accepts from `from` for `actor`, in the
// order of FeedbackAction: what a page may offer. Every other is refused.
std::vector<FeedbackAction> Allowed(FeedbackState from, const FeedbackActor& actor);

// True when the case is still waiting for someone (received, forwarded, answered).
bool FeedbackOpen(FeedbackState s);

}  // namespace gk::oversight
