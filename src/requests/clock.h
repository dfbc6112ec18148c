// The statutory clock of an application (条例 Arts. 30, 32–34), computed from
// the case's events and the working-day calendar, with no I/O. The reply is
// due 20 working days after the date of receipt (the start day not counted):
//   - a 补正 notice stops the clock; the period restarts in full from the day
//     the supplement is received (Art. 30);
//   - consultation of a third party or another agency (Arts. 32, 34) and the
//     time from a fee notice until payment are not counted: the working days
//     in (pause start, pause end] are skipped; while a pause is open there is
//     no due date;
//   - an approved extension adds at most 20 working days (Art. 33).
// The result explains itself: the days skipped as weekends and holidays, the
// weekend days counted as 调休 working days and the paused periods, so that
// the due date can be shown to staff and applicant with how it was derived.
// A due date in the calendar's provisional year is marked as such.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/calendar.h"
#include "base/date.h"
#include "base/status.h"

namespace gk::requests {

inline constexpr int kReplyPeriod = 20;        // Art. 33
inline constexpr int kMaxExtension = 20;       // Art. 33
inline constexpr int kCorrectionNoticeDays = 7;  // Art. 30: 补正 notice within 7 working days of receipt
inline constexpr int kConsultationDays = 15;   // Arts. 32, 34
inline constexpr int kFeePaymentDays = 20;     // fee notice → payment

enum class ClockEventKind {
  kReceived,            // date of receipt (Art. 31)
  kCorrectionSent,      // 补正告知书 sent: clock stopped
  kSupplementReceived,  // corrected application received: the period restarts
  kPauseStart,          // a consultation or fee notice on `date`; `days` caps it (0: until its end)
  kPauseEnd,            // … answered / paid on `date`
  kExtended,            // extension of `days` working days approved
};

struct ClockEvent {
  ClockEventKind kind = ClockEventKind::kReceived;
  Date date;
  int days = 0;         // kExtended: the extension; kPauseStart: at most this many working days paused
  std::string pause;    // kPauseStart / kPauseEnd: which pause (pairs them up)
  std::string cause;    // for people: "征求第三方意见", "收费通知" …
};

enum class ClockStatus { kRunning, kAwaitingCorrection, kPaused };

struct PausedPeriod {
  std::string cause;
  Date from;                // not counted from the day after
  std::optional<Date> to;   // counted again from the day after; nullopt while open
  int limit = 0;            // at most this many working days (15 for a consultation, 20 for a fee); 0: no limit
  int workdays = 0;         // working days not counted (up to `today` while open without a limit)
};

struct Deadline {
  ClockStatus status = ClockStatus::kRunning;
  Date received;            // date of receipt
  Date start;               // receipt, or the last supplement (the period runs from the next day)
  int extension = 0;        // approved extension, working days
  int period = kReplyPeriod;  // kReplyPeriod + extension
  std::optional<Date> due;  // nullopt while awaiting a supplement or paused without a limit
  int counted = 0;          // working days counted up to `today` (at most `period`)
  // The explanation, over (start, due] (or (start, today] without a due date):
  std::vector<DayInfo> holidays;      // holiday days passed over (weekdays and weekends)
  int weekend_days = 0;               // ordinary Saturdays and Sundays passed over
  std::vector<Date> adjusted_workdays;  // 调休 weekend days counted as working days
  std::vector<PausedPeriod> pauses;   // paused periods after `start`
  // Set when `due` lies in the calendar's provisional year (no holiday notice
  // yet): the due date is 暂定 until the notice is loaded.
  std::optional<int> provisional_year;
};

// Replays `events` (in order; the first must be kReceived). InvalidArgument
// for a malformed sequence (no receipt, an end without a start, an extension
// outside 1..20 or a second one, a date earlier than the previous event's);
// OutOfRange when a day needed lies in a year without a calendar.
Result<Deadline> ComputeClock(const std::vector<ClockEvent>& events, const WorkdayCalendar& calendar, Date today);

// How the due date changed along the events: one entry per event after which
// it differs from before (the first entry is the receipt).
struct DueChange {
  size_t event = 0;          // index into events
  std::optional<Date> before, after;
};
Result<std::vector<DueChange>> DueHistory(const std::vector<ClockEvent>& events, const WorkdayCalendar& calendar,
                                          Date today);

// How close a deadline is, for the staff inbox.
enum class Urgency { kNone, kWithinFive, kWithinOne, kOverdue };
const char* UrgencyKey(Urgency u);    // "", "soon", "imminent", "overdue"
const char* UrgencyLabel(Urgency u);  // "", "5个工作日内到期", "1个工作日内到期", "已逾期"
// kOverdue if today > due; otherwise by the working days in (today, due].
Result<Urgency> UrgencyOf(Date due, Date today, const WorkdayCalendar& calendar);

}  // namespace gk::requests
