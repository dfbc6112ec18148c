// Rectification orders (限期改正, seed rules VI.3): the 领导小组, or the
// 监察办 on its behalf, orders a department to correct a problem by a date;
// the department reports what it did with evidence (files); the order is
// closed (销号) or sent back with reasons (order_flow.h). Who sees what:
// the 领导小组, the 监察办, the 公开办 and the leadership (分管领导, 主要领导)
// every order; a department its own. The district 政务公开办 issues orders to
// the agencies below it on the platform (read through accounts::Oversee) and
// closes or returns those; the agency answers them as any other. Overdue orders are counted for the
// dashboards (Overdue).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/context.h"
#include "accounts/roles.h"
#include "base/date.h"
#include "base/keyset.h"
#include "base/status.h"
#include "oversight/order_flow.h"

namespace gk::oversight {

struct OrderInput {
  int64_t department_id = 0;
  std::string problem, requirement;
  std::string due_on;  // YYYY-MM-DD, not before today
  std::string source;  // where the problem was found (free text, optional)
  std::optional<int64_t> feedback_id;  // the complaint it comes from, if any
};

struct OrderEvidence {
  int64_t id = 0;
  std::string filename, media_type, content_hash, added_by, added_at;
  int64_t size = 0;
};

struct OrderEvent {
  std::string at, action, note, user;
};

struct Order {
  int64_t id = 0;
  std::string ref;
  int64_t department_id = 0;
  std::string department, problem, requirement, due_on, source;
  std::optional<int64_t> feedback_id;
  std::string feedback_ref;
  OrderState state = OrderState::kOpen;
  bool overdue = false;
  int days_left = 0;  // negative when overdue
  std::string report, reported_by, reported_at, review_note;
  std::string ordered_by, ordered_at, closed_by, closed_at;
  // Issued by the upper office of that agency (its name in issuer_agency),
  // which then closes or returns it; none: issued inside the agency.
  std::optional<int64_t> issued_by_agency_id;
  std::string issuer_agency;
  std::string agency_code, agency_name;  // the agency the order is addressed to
  std::vector<OrderEvidence> evidence;  // Get only
  std::vector<OrderEvent> events;       // Get only
  std::vector<OrderAction> allowed;     // what the reader may do now (order_flow.h Allowed)
};

struct OrderFilter {
  bool open_only = false;
  bool overdue_only = false;
};

class Orders {
 public:
  explicit Orders(const accounts::Context& ctx) : ctx_(ctx) {}

  // 领导小组 or 监察办; or the upper office reading the agency through
  // accounts::Oversee (the order is then the upper office's to close or
  // return, and that office sees only the orders it issued). Returns the id.
  Result<int64_t> Issue(const accounts::Principal& who, const OrderInput& in);
  // The ordered department reports, with evidence files (file name, bytes;
  // checked like attachments).
  Status Report(const accounts::Principal& who, int64_t id, const std::string& text,
                const std::vector<std::pair<std::string, std::string>>& files);
  Status Close(const accounts::Principal& who, int64_t id, const std::string& note);
  Status Return(const accounts::Principal& who, int64_t id, const std::string& reason);

  // The orders `who` may see: open ones first, then closed ones, each by due
  // date, then id (the first 1,000: Page reads on).
  Result<std::vector<Order>> List(const accounts::Principal& who, const OrderFilter& f = {});
  // One page of List's order. Seek key: "0" (open) or "1" (closed) and the
  // due date; the id.
  Result<PageOf<Order>> Page(const accounts::Principal& who, const OrderFilter& f, const PageSpec& page);
  // How many orders `who` may see are overdue (OrderOverdue), whatever the filter.
  Result<int64_t> CountOverdue(const accounts::Principal& who);
  // The upper office (kOverseeSubordinates, a user of its own agency): the
  // orders it issued to every agency below it, open ones first (at most 200).
  Result<std::vector<Order>> IssuedBelow(const accounts::Principal& who, bool open_only = false);
  Result<Order> Get(const accounts::Principal& who, int64_t id);
  Result<std::pair<OrderEvidence, std::string>> ReadEvidence(const accounts::Principal& who, int64_t id,
                                                             int64_t evidence_id);

 private:
  accounts::Context ctx_;
};

// True when `who` sees every order of the agency.
bool SeesAllOrders(const accounts::Principal& who);
// True when `who` may issue, close and return orders.
bool SupervisesOrders(const accounts::Principal& who);

}  // namespace gk::oversight
