#include "oversight/district.h"

#include "base/clock.h"

namespace gk::oversight {

bool AgencyComparison::NeedsAttention() const {
  return total.published_late + total.unpublished_late + total.applications_overdue + orders_overdue > 0;
}

AgencyComparison SumOf(const std::vector<AgencyComparison>& rows) {
  AgencyComparison sum;
  sum.total.department = "合计";
  for (const auto& r : rows) {
    AddFigures(&sum.total, r.total);
    sum.feedback_open += r.feedback_open;
    sum.feedback_overdue += r.feedback_overdue;
    sum.orders_open += r.orders_open;
    sum.orders_overdue += r.orders_overdue;
  }
  return sum;
}

Result<std::vector<AgencyComparison>> CompareSubordinates(const accounts::Context& ctx, const accounts::Principal& who,
                                                          const Date& from, const Date& to) {
  ASSIGN_OR_RETURN(auto below, accounts::OverseeAll(ctx, who));
  const Date today = ChinaDate(ctx.clock.Now());
  // Each agency's figures by the dashboard's grouped queries (none reads more
  // than the period's rows and the open ones), all in one read.
  return ctx.db.Read<std::vector<AgencyComparison>>([&](store::Tx& tx) -> Result<std::vector<AgencyComparison>> {
    std::vector<AgencyComparison> out;
    for (const auto& [a, reader] : below) {
      ASSIGN_OR_RETURN(Supervision s, SupervisionFigures(tx, reader, today, from, to));
      AgencyComparison row{a, reader, {}, s.feedback_open, s.feedback_overdue, s.orders_open, s.orders_overdue};
      if (!s.departments.empty()) row.total = s.departments.back();  // "合计"
      out.push_back(std::move(row));
    }
    return out;
  });
}

}  // namespace gk::oversight
