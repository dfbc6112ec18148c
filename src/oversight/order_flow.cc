#include "oversight/order_flow.h"

namespace gk::oversight {

const char* OrderStateKey(OrderState s) {
  switch (s) {
    case OrderState::kOpen: return "open";
    case OrderState::kReported: return "reported";
    case OrderState::kClosed: return "closed";
  }
  return "open";
}

const char* OrderStateLabel(OrderState s) {
  switch (s) {
    case OrderState::kOpen: return "整改中";
    case OrderState::kReported: return "已报告整改情况";
    case OrderState::kClosed: return "已销号";
  }
  return "";
}

std::optional<OrderState> OrderStateFromKey(std::string_view key) {
  for (OrderState s : {OrderState::kOpen, OrderState::kReported, OrderState::kClosed}) {
    if (key == OrderStateKey(s)) return s;
  }
  return std::nullopt;
}

const char* OrderActionLabel(OrderAction a) {
  switch (a) {
    case OrderAction::kReport: return "报告整改情况";
    case OrderAction::kClose: return "销号";
    case OrderAction::kReturn: return "退回重新整改";
  }
  return "";
}

Result<OrderState> NextOrderState(OrderState from, OrderAction action, const OrderActor& actor) {
  if (from == OrderState::kClosed) return FailedPrecondition("该整改通知已销号");
  switch (action) {
    case OrderAction::kReport:
      if (!actor.of_ordered_department) return PermissionDenied("只有被要求整改的部门可以报告整改情况");
      if (from != OrderState::kOpen) return FailedPrecondition("整改情况已报告，等待审核");
      return OrderState::kReported;
    case OrderAction::kClose:
    case OrderAction::kReturn:
      if (!actor.supervises) return PermissionDenied(std::string("只有领导小组或监察办可以") + OrderActionLabel(action));
      if (from != OrderState::kReported) return FailedPrecondition("部门尚未报告整改情况");
      return action == OrderAction::kClose ? OrderState::kClosed : OrderState::kOpen;
  }
  return FailedPrecondition("不支持的操作");
}

bool OrderOverdue(OrderState state, const Date& due, const Date& today) {
  return state != OrderState::kClosed && due < today;
}

std::vector<OrderAction> Allowed(OrderState from, const OrderActor& actor) {
  std::vector<OrderAction> out;
  for (OrderAction a : {OrderAction::kReport, OrderAction::kClose, OrderAction::kReturn}) {
    if (NextOrderState(from, a, actor).ok()) out.push_back(a);
  }
  return out;
}

}  // namespace gk::oversight
