#include "demo/demo.h"

#include <algorithm>

#include "demo/world.h"

namespace gk::demo {
namespace {

Result<bool> HasContent(store::Database& db, int64_t agency_id) {
  bool has = false;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto apps, tx.QueryOne("SELECT COUNT(*) FROM applications WHERE agency_id = ?", {agency_id}));
    ASSIGN_OR_RETURN(auto items, tx.QueryOne("SELECT COUNT(*) FROM items WHERE agency_id = ? AND state IN "
                                             "('published', 'withdrawn')", {agency_id}));
    has = apps->Int(0) > 0 || items->Int(0) > 0;
    return Status::Ok();
  }));
  return has;
}

}  // namespace

Result<Summary> SeedLiving(store::Database& db, const SecurityConfig& security, const DataKey& key,
                           const std::string& root, const disclosure::ReferenceData& ref, const Options& options) {
  ASSIGN_OR_RETURN(bool has, HasContent(db, options.agency_id));
  if (has) return Summary{};
  World w(db, security, key, root, ref, options);
  w.clock.Set(std::min(options.now, World::At(w.WorkdayBack(kSpanWorkdays + 2), 0)));
  RETURN_IF_ERROR(LoadStaff(w));
  ScheduleItems(w);
  ScheduleWaitingItems(w);
  ScheduleApplications(w);
  ScheduleInquiries(w);
  ScheduleFeedback(w);
  ScheduleSupervision(w);
  ScheduleChannels(w);
  ScheduleAnnualReport(w);
  RETURN_IF_ERROR(w.timeline.Run(w.clock, options.now));
  w.summary.created = true;
  w.summary.steps = static_cast<int>(w.timeline.size());
  return w.summary;
}

}  // namespace gk::demo
