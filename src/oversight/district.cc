#include "oversight/district.h"

namespace gk::oversight {

Result<std::vector<AgencyComparison>> CompareSubordinates(const accounts::Context& ctx, const accounts::Principal& who,
                                                          const Date& from, const Date& to) {
  ASSIGN_OR_RETURN(auto below, accounts::Subordinates(ctx, who));
  std::vector<AgencyComparison> out;
  for (const auto& a : below) {
    ASSIGN_OR_RETURN(accounts::Principal reader, accounts::Oversee(ctx, who, a.agency.code));
    ASSIGN_OR_RETURN(Supervision s, BuildSupervision(ctx, reader, from, to));
    AgencyComparison row{a, reader, {}, s.feedback_open, s.feedback_overdue, s.orders_open, s.orders_overdue};
    if (!s.departments.empty()) row.total = s.departments.back();  // "合计"
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace gk::oversight
