// Rectification orders (限期改正, seed rules VI.3) as a state machine, pure.
//
//   open ──report (the ordered department)──► reported ──close (领导小组 / 监察办)──► closed
//     ▲                                           │
//     └──────────return with reasons (领导小组 / 监察办)─┘
//
// The 领导小组 — or the 监察办 on its behalf — orders a department to correct
// a problem by a date; the department reports what it did, with evidence;
// the order is closed, or sent back to be done properly. An order not closed
// by its date is overdue (Overdue), whatever its state.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"

namespace gk::oversight {

enum class OrderState { kOpen, kReported, kClosed };
enum class OrderAction { kReport, kClose, kReturn };

const char* OrderStateKey(OrderState s);    // "open", "reported", "closed"
const char* OrderStateLabel(OrderState s);  // "整改中", "已报告整改情况", "已销号"
std::optional<OrderState> OrderStateFromKey(std::string_view key);
const char* OrderActionLabel(OrderAction a);

struct OrderActor {
  bool supervises = false;             // 领导小组 or 监察办: issues, closes, returns
  bool of_ordered_department = false;  // a member of the department the order is addressed to
};

// The state after `action`, or PermissionDenied / FailedPrecondition with a
// message in Chinese.
Result<OrderState> NextOrderState(OrderState from, OrderAction action, const OrderActor& actor);

// Every action NextOrderState accepts from `from` for `actor`, in the order
// of OrderAction: what a page may offer. Every other is refused.
std::vector<OrderAction> Allowed(OrderState from, const OrderActor& actor);

// Not closed and past its due date (`today` later than `due`).
bool OrderOverdue(OrderState state, const Date& due, const Date& today);

}  // namespace gk::oversight
