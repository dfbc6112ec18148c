#include "requests/clock.h"

#include <map>

namespace gk::requests {
namespace {

// The state replaying the events builds up.
struct Replay {
  Date received, start;
  bool awaiting_correction = false;
  int extension = 0;
  std::vector<PausedPeriod> pauses;     // since `start`
  std::map<std::string, size_t> open;  // pause name → index in pauses
};

Status Apply(const ClockEvent& e, Replay& r) {
  switch (e.kind) {
    case ClockEventKind::kReceived:
      return InvalidArgument("收到申请只能记录一次");
    case ClockEventKind::kCorrectionSent:
      if (r.awaiting_correction) return InvalidArgument("已发出补正告知，尚未收到补正材料");
      r.awaiting_correction = true;
      return Status::Ok();
    case ClockEventKind::kSupplementReceived:
      if (!r.awaiting_correction) return InvalidArgument("未发出补正告知，不能登记补正材料");
      r.awaiting_correction = false;
      r.start = e.date;
      // Periods that ended before the restart no longer matter; open ones go on.
      std::erase_if(r.pauses, [](const PausedPeriod& p) { return p.to.has_value(); });
      r.open.clear();
      for (size_t i = 0; i < r.pauses.size(); ++i) {
        r.pauses[i].from = std::max(r.pauses[i].from, e.date);
        r.open[r.pauses[i].cause] = i;
      }
      return Status::Ok();
    case ClockEventKind::kPauseStart:
      if (e.pause.empty()) return InvalidArgument("暂停计时须注明事由");
      if (r.open.count(e.pause)) return InvalidArgument("“" + e.pause + "”的暂停尚未结束");
      r.open[e.pause] = r.pauses.size();
      if (e.days < 0) return InvalidArgument("暂停天数无效");
      r.pauses.push_back({e.cause.empty() ? e.pause : e.cause, e.date, std::nullopt, e.days, 0});
      return Status::Ok();
    case ClockEventKind::kPauseEnd: {
      auto it = r.open.find(e.pause);
      if (it == r.open.end()) return InvalidArgument("“" + e.pause + "”没有进行中的暂停");
      r.pauses[it->second].to = e.date;
      r.open.erase(it);
      return Status::Ok();
    }
    case ClockEventKind::kExtended:
      if (r.extension > 0) return InvalidArgument("答复期限只能延长一次");
      if (e.days < 1 || e.days > kMaxExtension) return InvalidArgument("延长期限须为 1 至 20 个工作日");
      r.extension = e.days;
      return Status::Ok();
  }
  return InvalidArgument("unknown clock event");
}

// An open pause without a limit: the end of the period cannot be known.
bool UnboundedPause(const std::vector<PausedPeriod>& pauses) {
  for (const PausedPeriod& p : pauses) {
    if (!p.to && p.limit == 0) return true;
  }
  return false;
}

// Walks the days after clock.start, counting working days outside the paused
// periods, until the period is used up (sets clock.due) or, when it cannot be
// (an open pause), up to `today`.
Status Walk(const WorkdayCalendar& calendar, Date today, Deadline& clock) {
  bool open = UnboundedPause(clock.pauses);
  int counted = 0;
  for (Date d = clock.start.AddDays(1);; d = d.AddDays(1)) {
    if (open && d > today) break;
    ASSIGN_OR_RETURN(DayInfo info, calendar.Classify(d));
    if (!IsWorkingKind(info.kind)) {
      if (info.kind == DayKind::kHoliday) clock.holidays.push_back(info);
      if (info.kind == DayKind::kWeekend) ++clock.weekend_days;
      continue;
    }
    bool paused = false;
    for (PausedPeriod& p : clock.pauses) {
      if (d > p.from && (!p.to || d <= *p.to) && (p.limit == 0 || p.workdays < p.limit)) {
        ++p.workdays;
        paused = true;
      }
    }
    if (paused) continue;
    if (info.kind == DayKind::kAdjustedWorkday) clock.adjusted_workdays.push_back(d);
    ++counted;
    if (d <= today) clock.counted = counted;
    if (counted == clock.period) {
      clock.due = d;
      break;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Deadline> ComputeClock(const std::vector<ClockEvent>& events, const WorkdayCalendar& calendar, Date today) {
  if (events.empty() || events.front().kind != ClockEventKind::kReceived) {
    return InvalidArgument("计时须从收到申请之日开始");
  }
  Replay r;
  r.received = r.start = events.front().date;
  for (size_t i = 1; i < events.size(); ++i) {
    if (events[i].date < events[i - 1].date) return InvalidArgument("计时事件的日期不能早于前一事件");
    RETURN_IF_ERROR(Apply(events[i], r));
  }
  Deadline clock;
  clock.received = r.received;
  clock.start = r.start;
  clock.extension = r.extension;
  clock.period = kReplyPeriod + r.extension;
  if (r.awaiting_correction) {
    clock.status = ClockStatus::kAwaitingCorrection;
    return clock;
  }
  clock.pauses = std::move(r.pauses);
  // Paused today if a pause is open and, when it has a limit, not yet used up.
  clock.status = ClockStatus::kRunning;
  for (const PausedPeriod& p : clock.pauses) {
    if (p.to) continue;
    auto end = p.limit > 0 ? calendar.AddWorkdays(p.from, p.limit) : Result<Date>(today);
    if (!end.ok() || today <= *end) clock.status = ClockStatus::kPaused;
  }
  RETURN_IF_ERROR(Walk(calendar, today, clock));
  if (clock.due && calendar.IsProvisional(*clock.due)) clock.provisional_year = clock.due->year;
  return clock;
}

Result<std::vector<DueChange>> DueHistory(const std::vector<ClockEvent>& events, const WorkdayCalendar& calendar,
                                          Date today) {
  std::vector<DueChange> out;
  std::optional<Date> due;
  for (size_t i = 0; i < events.size(); ++i) {
    std::vector<ClockEvent> prefix(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(i + 1));
    ASSIGN_OR_RETURN(Deadline c, ComputeClock(prefix, calendar, today));
    if (i == 0 || c.due != due) out.push_back({i, due, c.due});
    due = c.due;
  }
  return out;
}

const char* UrgencyKey(Urgency u) {
  constexpr const char* kKeys[] = {"", "soon", "imminent", "overdue"};
  return kKeys[static_cast<int>(u)];
}

const char* UrgencyLabel(Urgency u) {
  constexpr const char* kLabels[] = {"", "5个工作日内到期", "1个工作日内到期", "已逾期"};
  return kLabels[static_cast<int>(u)];
}

Result<Urgency> UrgencyOf(Date due, Date today, const WorkdayCalendar& calendar) {
  if (today > due) return Urgency::kOverdue;
  ASSIGN_OR_RETURN(int left, calendar.WorkdaysBetween(today, due));
  if (left <= 1) return Urgency::kWithinOne;
  if (left <= 5) return Urgency::kWithinFive;
  return Urgency::kNone;
}

}  // namespace gk::requests
