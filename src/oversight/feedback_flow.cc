#include "oversight/feedback_flow.h"

namespace gk::oversight {

const char* FeedbackStateKey(FeedbackState s) {
  switch (s) {
    case FeedbackState::kReceived: return "received";
    case FeedbackState::kForwarded: return "forwarded";
    case FeedbackState::kAnswered: return "answered";
    case FeedbackState::kReplied: return "replied";
    case FeedbackState::kDismissed: return "dismissed";
  }
  return "received";
}

const char* FeedbackStateLabel(FeedbackState s) {
  switch (s) {
    case FeedbackState::kReceived: return "待办理";
    case FeedbackState::kForwarded: return "已转部门答复";
    case FeedbackState::kAnswered: return "部门已答复，待公开办回复";
    case FeedbackState::kReplied: return "已答复";
    case FeedbackState::kDismissed: return "不予处理";
  }
  return "";
}

std::optional<FeedbackState> FeedbackStateFromKey(std::string_view key) {
  for (FeedbackState s : {FeedbackState::kReceived, FeedbackState::kForwarded, FeedbackState::kAnswered,
                          FeedbackState::kReplied, FeedbackState::kDismissed}) {
    if (key == FeedbackStateKey(s)) return s;
  }
  return std::nullopt;
}

const char* FeedbackActionLabel(FeedbackAction a) {
  switch (a) {
    case FeedbackAction::kForward: return "转部门答复";
    case FeedbackAction::kAnswer: return "部门答复";
    case FeedbackAction::kReply: return "答复";
    case FeedbackAction::kDismiss: return "不予处理";
  }
  return "";
}

bool FeedbackOpen(FeedbackState s) {
  return s == FeedbackState::kReceived || s == FeedbackState::kForwarded || s == FeedbackState::kAnswered;
}

Result<FeedbackState> NextFeedbackState(FeedbackState from, FeedbackAction action, const FeedbackActor& actor) {
  if (!FeedbackOpen(from)) return FailedPrecondition("该件已办结");
  switch (action) {
    case FeedbackAction::kForward:
    case FeedbackAction::kReply:
    case FeedbackAction::kDismiss:
      if (!actor.disclosure_office) return PermissionDenied(std::string("只有公开办可以") + FeedbackActionLabel(action));
      if (from == FeedbackState::kForwarded) return FailedPrecondition("该件正等待部门答复");
      return action == FeedbackAction::kForward ? FeedbackState::kForwarded
             : action == FeedbackAction::kReply ? FeedbackState::kReplied
                                                : FeedbackState::kDismissed;
    case FeedbackAction::kAnswer:
      if (from != FeedbackState::kForwarded) return FailedPrecondition("该件没有转给部门答复");
      if (!actor.of_forwarded_department) return PermissionDenied("只有承办部门可以答复转来的件");
      return FeedbackState::kAnswered;
  }
  return FailedPrecondition("不支持的操作");
}

std::vector<FeedbackAction> Allowed(FeedbackState from, const FeedbackActor& actor) {
  std::vector<FeedbackAction> out;
  for (FeedbackAction a : {FeedbackAction::kForward, FeedbackAction::kAnswer, FeedbackAction::kReply,
                           FeedbackAction::kDismiss}) {
    if (NextFeedbackState(from, a, actor).ok()) out.push_back(a);
  }
  return out;
}

}  // namespace gk::oversight
