// The 公众号 outbox state of a channel release (channel_releases.push_state).
#pragma once

#include "base/enum_table.h"

namespace gk::records {

// kNone: not a 公众号 release (stored as "").
enum class PushState { kNone, kPending, kSent, kFailed, kCancelled };
inline constexpr EnumName<PushState> kPushStates[] = {
    {PushState::kNone, "", ""},
    {PushState::kPending, "pending", "待推送"},
    {PushState::kSent, "sent", "已推送"},
    {PushState::kFailed, "failed", "推送失败"},
    {PushState::kCancelled, "cancelled", "已取消推送"},
};

}  // namespace gk::records
