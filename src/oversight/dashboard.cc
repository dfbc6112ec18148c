#include "oversight/dashboard.h"


#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <tuple>

#include "documents/workbook.h"
#include "accounts/workdays.h"
#include "base/clock.h"
#include "base/strings.h"
#include "disclosure/access.h"
#include "disclosure/chain.h"
#include "oversight/feedback_flow.h"
#include "oversight/order_flow.h"
#include "requests/access.h"
#include "requests/applications.h"

namespace gk::oversight {
namespace {

constexpr int kProactiveLimit = 20;  // working days, 条例 Art. 26
constexpr int kDueSoon = 3;          // working days
constexpr size_t kMaxWaiting = 20;
constexpr size_t kMaxListed = kSupervisionListLimit;

std::string Day(const std::string& utc) {
  auto t = ParseUtc(utc);
  return t.ok() ? ChinaDate(*t).ToString() : utc.substr(0, 10);
}

bool In(const std::string& day, const Date& from, const Date& to) {
  return day >= from.ToString() && day <= to.ToString();
}

// Working days from `from` to `to`, or calendar days when the calendar does
// not cover them (never decides "late" on a guess: callers check ok()).
Result<int> Workdays(const WorkdayCalendar& cal, const std::string& from, const std::string& to) {
  auto a = Date::Parse(from), b = Date::Parse(to);
  if (!a.ok() || !b.ok()) return InvalidArgument("bad date");
  return cal.WorkdaysBetween(*a, *b);
}

Date FirstOfNextMonth(const Date& d) { return d.month == 12 ? Date{d.year + 1, 1, 1} : Date{d.year, d.month + 1, 1}; }

// SQL list of the keys of item states: every open state (neither published
// nor withdrawn), or only those in the review chain (not draft or approved).
std::string ItemStates(bool chain_only) {
  std::string out;
  for (int i = 0; i <= static_cast<int>(disclosure::State::kWithdrawn); ++i) {
    const auto state = static_cast<disclosure::State>(i);
    if (state == disclosure::State::kPublished || state == disclosure::State::kWithdrawn) continue;
    if (chain_only && (state == disclosure::State::kDraft || state == disclosure::State::kApproved)) continue;
    out += std::string(out.empty() ? "(" : ", ") + "'" + disclosure::StateKey(state) + "'";
  }
  return out + ")";
}

std::string FeedbackOpenStates() {
  std::string out;
  for (int i = 0; i <= static_cast<int>(FeedbackState::kDismissed); ++i) {
    const auto state = static_cast<FeedbackState>(i);
    if (FeedbackOpen(state)) out += std::string(out.empty() ? "(" : ", ") + "'" + FeedbackStateKey(state) + "'";
  }
  return out.empty() ? "('')" : out + ")";
}

}  // namespace

Result<int> ProactiveWorkdays(const WorkdayCalendar& cal, const std::string& formed_on, const Date& day) {
  auto formed = Date::Parse(formed_on);
  if (!formed.ok()) return InvalidArgument("bad date");
  return cal.WorkdaysBetween(*formed, day);
}

bool ProactiveLate(int workdays) { return workdays > kProactiveLimit; }

std::optional<bool> ProactiveOnTime(const WorkdayCalendar& cal, const std::string& formed_on, const Date& day) {
  auto formed = Date::Parse(formed_on);
  if (!formed.ok()) return std::nullopt;
  if (day.DaysSinceEpoch() - formed->DaysSinceEpoch() <= kProactiveLimit) return true;
  auto days = cal.WorkdaysBetween(*formed, day);
  if (!days.ok()) return std::nullopt;
  return !ProactiveLate(*days);
}

std::optional<bool> CountedOnTime(const WorkdayCalendar& cal, const std::string& counted_formed_on, const Date& day) {
  if (counted_formed_on.empty()) return true;
  return ProactiveOnTime(cal, counted_formed_on, day);
}

std::optional<FormationRange> LateFormations(const WorkdayCalendar& cal, const Date& today) {
  // Walking back from today: the first formation date with more than the
  // limit of working days in (formed, today] is the latest late one; going
  // further back, every date stays late until a day in between lies in a
  // year the calendar does not cover (then the count is unknown: not late).
  Date f = today;
  int count = 0;
  while (!ProactiveLate(count)) {
    auto info = cal.Classify(f);
    if (!info.ok()) return std::nullopt;
    count += IsWorkingKind(info->kind) ? 1 : 0;
    f = f.AddDays(-1);
  }
  FormationRange range;
  range.last = f.ToString();
  Date g = f;
  while (g.year > 1900 && cal.Classify(g).ok()) g = g.AddDays(-1);
  range.first = g.ToString();
  return range;
}

namespace {

// The latest due date that is at most kDueSoon working days from today (the
// calendar covering every day in between); today itself at least.
Date DueSoonBound(const WorkdayCalendar& cal, const Date& today) {
  Date d = today;
  int count = 0;
  for (;;) {
    Date next = d.AddDays(1);
    auto info = cal.Classify(next);
    if (!info.ok()) break;
    const int c = count + (IsWorkingKind(info->kind) ? 1 : 0);
    if (c > kDueSoon) break;
    count = c;
    d = next;
  }
  return d;
}

struct Builder {
  store::Tx& tx;
  const accounts::Principal& who;
  int64_t agency_id;
  Date from, to, today;
  bool lists = true;  // the lists too, not only the figures
  WorkdayCalendar cal;
  Supervision s;
  std::map<int64_t, size_t> dept_index;
  std::map<std::string, size_t> month_index;
  DepartmentFigures unassigned{-1, "未分办的申请"};  // applications not yet assigned

  DepartmentFigures* Dept(int64_t id) {
    auto it = dept_index.find(id);
    return it == dept_index.end() ? nullptr : &s.departments[it->second];
  }
  // A department's figures, or those of the unassigned applications for an
  // id that is no department (NULL read as -1 or 0).
  DepartmentFigures* DeptOrUnassigned(int64_t id) { return id <= 0 ? &unassigned : Dept(id); }
  MonthFigures* Month(const std::string& day) {
    auto it = month_index.find(day.substr(0, 7));
    return it == month_index.end() ? nullptr : &s.months[it->second];
  }
  int Count(const store::Row& r, const char* column) { return static_cast<int>(r.Int(column)); }

  Status Departments() {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, name FROM departments WHERE agency_id = ? ORDER BY sort_order, id",
                                         {agency_id}));
    for (const auto& r : rows) {
      dept_index[r.Int("id")] = s.departments.size();
      s.departments.push_back({r.Int("id"), r.Str("name")});
    }
    for (Date m{from.year, from.month, 1}; m <= to;) {
      std::string key = m.ToString().substr(0, 7);
      month_index[key] = s.months.size();
      s.months.push_back({key});
      m = FirstOfNextMonth(m);
    }
    return Status::Ok();
  }

  Status Publications() {
    // From the counters per China date, department and formation date
    // (migrations 0030, 0034): the lateness of each group is asked once.
    ASSIGN_OR_RETURN(auto rows,
                     // (one row per key: nothing to group)
                     tx.Query("SELECT department_id, formed_on, day, n FROM publication_day_counts "
                              "WHERE agency_id = ? AND day >= ? AND day <= ? AND n <> 0",
                              {agency_id, from.ToString(), to.ToString()}));
    for (const auto& r : rows) {
      const std::string day = r.Str("day");
      const int n = Count(r, "n");
      auto parsed = Date::Parse(day);
      auto on_time = parsed.ok() ? CountedOnTime(cal, r.Str("formed_on"), *parsed) : std::nullopt;
      const int late = on_time && !*on_time ? n : 0;
      if (DepartmentFigures* d = Dept(r.Int("department_id"))) {
        d->published += n;
        d->published_on_time += on_time && *on_time ? n : 0;
        d->published_late += late;
      }
      if (MonthFigures* m = Month(day)) {
        m->published += n;
        m->published_late += late;
      }
    }
    return Status::Ok();
  }

  WaitingItem Waiting(const store::Row& r) {
    auto state = disclosure::StateFromKey(r.Str("state"));
    WaitingItem w{r.Int("id"),
                  r.Str("index_no"),
                  r.Str("title"),
                  r.Str("department_name"),
                  state ? disclosure::StateLabel(*state) : "",
                  0,
                  r.Int("readable") != 0};
    auto since = Date::Parse(Day(r.Str("state_since")));
    if (since.ok()) w.waited_days = static_cast<int>(today.DaysSinceEpoch() - since->DaysSinceEpoch());
    return w;
  }

  Status OpenItems() {
    // In the review chain, per department: how many, and since when the
    // longest waiting one waits.
    ASSIGN_OR_RETURN(auto chain, tx.Query("SELECT department_id, COUNT(*) AS n, MIN(state_since) AS since FROM items "
                                          "WHERE agency_id = ? AND state IN " + ItemStates(true) +
                                              " GROUP BY department_id",
                                          {agency_id}));
    for (const auto& r : chain) {
      DepartmentFigures* d = Dept(r.Int("department_id"));
      if (!d) continue;
      d->waiting_in_chain += Count(r, "n");
      auto since = Date::Parse(Day(r.Str("since")));
      if (since.ok()) {
        d->longest_wait_days =
            std::max(d->longest_wait_days, static_cast<int>(today.DaysSinceEpoch() - since->DaysSinceEpoch()));
      }
    }
    // 主动公开 items not published, formed so long ago that they are late today.
    const std::optional<FormationRange> late = LateFormations(cal, today);
    const std::string late_where =
        "i.agency_id = ? AND i.attribute = 'proactive' AND i.state NOT IN ('published', 'withdrawn') AND "
        "i.formed_on >= ? AND i.formed_on <= ? AND i.state IN " + ItemStates(false);
    if (late) {
      ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT i.department_id, COUNT(*) AS n FROM items i WHERE " + late_where +
                                               " GROUP BY i.department_id",
                                           {agency_id, late->first, late->last}));
      for (const auto& r : rows) {
        const int n = Count(r, "n");
        s.late_unpublished_total += n;
        if (DepartmentFigures* d = Dept(r.Int("department_id"))) d->unpublished_late += n;
      }
    }
    if (!lists) return Status::Ok();

    // Every open item counts; the lists link only what the viewer may open.
    store::Filter readable = disclosure::ReadableItems(who);
    const std::string select =
        "SELECT i.id, i.index_no, i.title, d.name AS department_name, i.state, i.state_since, i.formed_on, CASE WHEN " +
        readable.sql + " THEN 1 ELSE 0 END AS readable FROM items i JOIN departments d ON d.id = i.department_id WHERE ";
    std::vector<store::Value> params = readable.params;
    params.emplace_back(agency_id);
    params.emplace_back(static_cast<int64_t>(kMaxWaiting));
    ASSIGN_OR_RETURN(auto waiting, tx.Query(select + "i.agency_id = ? AND i.state IN " + ItemStates(true) +
                                                " ORDER BY i.state_since, i.id LIMIT ?",
                                            params));
    for (const auto& r : waiting) s.waiting.push_back(Waiting(r));
    std::stable_sort(s.waiting.begin(), s.waiting.end(),
                     [](const WaitingItem& a, const WaitingItem& b) { return a.waited_days > b.waited_days; });
    if (!late) return Status::Ok();
    params = readable.params;
    params.insert(params.end(), {agency_id, late->first, late->last, static_cast<int64_t>(kMaxListed)});
    ASSIGN_OR_RETURN(auto rows, tx.Query(select + late_where + " ORDER BY i.formed_on, i.state_since, i.id LIMIT ?",
                                         params));
    struct Late {
      WaitingItem item;
      std::string since;
      int64_t id;
    };
    std::vector<Late> found;
    for (const auto& r : rows) {
      WaitingItem w = Waiting(r);
      auto days = ProactiveWorkdays(cal, r.Str("formed_on"), today);
      if (!days.ok() || !ProactiveLate(*days)) continue;
      w.waited_days = *days;  // working days since formation
      found.push_back({std::move(w), r.Str("state_since"), r.Int("id")});
    }
    // Longest first; among equals in the order they entered their state.
    std::sort(found.begin(), found.end(), [](const Late& a, const Late& b) {
      return std::tie(b.item.waited_days, a.since, a.id) < std::tie(a.item.waited_days, b.since, b.id);
    });
    for (auto& l : found) s.late_unpublished.push_back(std::move(l.item));
    return Status::Ok();
  }

  void AddReceived(DepartmentFigures* d, const std::string& month, int n) {
    if (d) d->applications_received += n;
    if (MonthFigures* m = Month(month)) m->applications_received += n;
  }
  void AddClosed(DepartmentFigures* d, const std::string& month, int n, int late) {
    if (d) {
      d->applications_closed += n;
      d->applications_closed_late += late;
    }
    if (MonthFigures* m = Month(month)) {
      m->applications_closed += n;
      m->applications_closed_late += late;
    }
  }

  // Received and closed from `first` to `last` (days of one month the period
  // cuts), per department, from the applications themselves.
  Status ApplicationsBetween(const Date& first, const Date& last) {
    ASSIGN_OR_RETURN(auto received,
                     // (Grouped by an expression, so that the index on the date serves it.)
                     tx.Query("SELECT COALESCE(department_id, -1) AS dept, COUNT(*) AS n FROM applications "
                              "WHERE agency_id = ? AND received_on >= ? AND received_on <= ? "
                              "GROUP BY COALESCE(department_id, -1)",
                              {agency_id, first.ToString(), last.ToString()}));
    const std::string month = first.ToString().substr(0, 7);
    for (const auto& r : received) AddReceived(DeptOrUnassigned(r.Int("dept")), month, Count(r, "n"));
    ASSIGN_OR_RETURN(
        auto closed,
        tx.Query("SELECT COALESCE(department_id, -1) AS dept, COUNT(*) AS n, "
                 "SUM(CASE WHEN due_on IS NOT NULL AND due_on <> '' AND closed_on > due_on THEN 1 ELSE 0 END) AS late "
                 "FROM applications WHERE agency_id = ? AND closed_on >= ? AND closed_on <= ? "
                 "GROUP BY COALESCE(department_id, -1)",
                 {agency_id, first.ToString(), last.ToString()}));
    for (const auto& r : closed) {
      AddClosed(DeptOrUnassigned(r.Int("dept")), month, Count(r, "n"), Count(r, "late"));
    }
    return Status::Ok();
  }

  Status Applications() {
    // Received and closed in the period, per department and month: the
    // months wholly inside it from the counters kept with every change
    // (migration 0030), the days of a month it cuts from the applications.
    std::optional<Date> whole_first, whole_last;
    for (Date m{from.year, from.month, 1}; m <= to; m = FirstOfNextMonth(m)) {
      const Date end = FirstOfNextMonth(m).AddDays(-1);
      const Date a = std::max(m, from), b = std::min(end, to);
      if (a == m && b == end) {
        if (!whole_first) whole_first = m;
        whole_last = m;
      } else {
        RETURN_IF_ERROR(ApplicationsBetween(a, b));
      }
    }
    if (whole_first) {
      ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT department_id, month, received, closed, closed_late "
                                           "FROM application_month_counts WHERE agency_id = ? AND month >= ? AND "
                                           "month <= ?",
                                           {agency_id, whole_first->ToString().substr(0, 7),
                                            whole_last->ToString().substr(0, 7)}));
      for (const auto& r : rows) {
        DepartmentFigures* d = DeptOrUnassigned(r.Int("department_id"));
        AddReceived(d, r.Str("month"), Count(r, "received"));
        AddClosed(d, r.Str("month"), Count(r, "closed"), Count(r, "closed_late"));
      }
    }
    // Open now, per department: due within kDueSoon working days (a date
    // bound from the agency's calendar) or overdue.
    const std::string today_s = today.ToString(), soon = DueSoonBound(cal, today).ToString();
    ASSIGN_OR_RETURN(
        auto open,
        // (Grouped by an expression, so that no index on department_id
        // tempts the planner away from the one on closed_on.)
        tx.Query("SELECT COALESCE(department_id, -1) AS dept, COUNT(*) AS n, "
                 "SUM(CASE WHEN due_on >= ? AND due_on <= ? THEN 1 ELSE 0 END) AS soon, "
                 "SUM(CASE WHEN due_on IS NOT NULL AND due_on <> '' AND due_on < ? THEN 1 ELSE 0 END) AS overdue "
                 "FROM applications WHERE agency_id = ? AND closed_on IS NULL GROUP BY COALESCE(department_id, -1)",
                 {today_s, soon, today_s, agency_id}));
    for (const auto& r : open) {
      const int n = Count(r, "n"), due_soon = Count(r, "soon"), overdue = Count(r, "overdue");
      s.applications_due_total += due_soon + overdue;
      if (DepartmentFigures* d = DeptOrUnassigned(r.Int("dept"))) {
        d->applications_open += n;
        d->applications_due_soon += due_soon;
        d->applications_overdue += overdue;
      }
    }
    if (!lists) return Status::Ok();

    // The soonest due (overdue first); the list links only what the viewer may open.
    store::Filter readable = requests::ReadableCases(who);
    std::vector<store::Value> params = readable.params;
    params.insert(params.end(), {agency_id, soon, static_cast<int64_t>(kMaxListed)});
    ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("SELECT a.id, a.ref, a.info_title, a.due_on, COALESCE(d.name, '') AS department_name, CASE WHEN " +
                     readable.sql +
                     " THEN 1 ELSE 0 END AS readable FROM applications a "
                     "LEFT JOIN departments d ON d.id = a.department_id WHERE a.agency_id = ? AND a.closed_on IS NULL "
                     "AND a.due_on <> '' AND a.due_on <= ? ORDER BY a.due_on, a.id LIMIT ?",
                 params));
    for (const auto& r : rows) {
      const std::string due = r.Str("due_on");
      int left = 0;
      if (due >= today_s) {
        auto n = Workdays(cal, today_s, due);
        if (!n.ok()) continue;
        left = *n;
      } else {
        auto n = Workdays(cal, due, today_s);
        left = n.ok() ? -*n : -1;
      }
      s.applications.push_back({r.Int("id"), r.Str("ref"), r.Str("info_title"), r.Str("department_name"), due, left,
                                r.Int("readable") != 0});
    }
    return Status::Ok();
  }

  Status Feedback() {
    ASSIGN_OR_RETURN(auto open, tx.Query("SELECT COUNT(*) AS n, SUM(CASE WHEN due_on IS NOT NULL AND due_on <> '' AND "
                                         "due_on < ? THEN 1 ELSE 0 END) AS overdue FROM feedback_cases "
                                         "WHERE agency_id = ? AND state IN " + FeedbackOpenStates(),
                                         {today.ToString(), agency_id}));
    if (!open.empty()) {
      s.feedback_open = Count(open[0], "n");
      s.feedback_overdue = open[0].IsNull("overdue") ? 0 : Count(open[0], "overdue");
    }
    ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("SELECT COALESCE(f.department_id, i.department_id) AS dept, substr(f.received_on, 1, 7) AS month, "
                 "COUNT(*) AS n FROM feedback_cases f LEFT JOIN items i ON i.id = f.item_id "
                 "WHERE f.agency_id = ? AND f.received_on >= ? AND f.received_on <= ? "
                 "GROUP BY COALESCE(f.department_id, i.department_id), substr(f.received_on, 1, 7)",
                 {agency_id, from.ToString(), to.ToString()}));
    for (const auto& r : rows) {
      const int n = Count(r, "n");
      if (MonthFigures* m = Month(r.Str("month"))) m->feedback_received += n;
      if (!r.IsNull("dept")) {
        if (DepartmentFigures* d = Dept(r.Int("dept"))) d->feedback_about += n;
      }
    }
    return Status::Ok();
  }

  Status Orders() {
    // Open orders, and those issued or closed from the day before the period
    // on (timestamps are UTC; the period's days are China dates).
    const std::string since = from.AddDays(-1).ToString();
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT department_id, ordered_at, state, due_on, closed_at FROM "
                                         "rectification_orders WHERE agency_id = ? AND (state <> ? OR "
                                         "ordered_at >= ? OR closed_at >= ?)",
                                         {agency_id, std::string(OrderStateKey(OrderState::kClosed)), since, since}));
    for (const auto& r : rows) {
      DepartmentFigures* d = Dept(r.Int("department_id"));
      const std::string ordered = Day(r.Str("ordered_at")), due = r.Str("due_on");
      const std::string closed = r.IsNull("closed_at") ? "" : Day(r.Str("closed_at"));
      if (OrderStateFromKey(r.Str("state")) != OrderState::kClosed) {
        ++s.orders_open;
        if (due < today.ToString()) {
          ++s.orders_overdue;
          if (d) ++d->orders_overdue;
        }
      }
      if (In(ordered, from, to)) {
        if (d) ++d->orders_issued;
        if (MonthFigures* m = Month(ordered)) ++m->orders_issued;
      }
      if (!closed.empty() && In(closed, from, to) && d) ++d->orders_closed;
    }
    return Status::Ok();
  }

  void Total() {
    if (unassigned.applications_received + unassigned.applications_closed + unassigned.applications_open > 0) {
      s.departments.push_back(unassigned);
    }
    DepartmentFigures t{0, "合计"};
    for (const auto& d : s.departments) AddFigures(&t, d);
    s.departments.push_back(t);
  }

  Status Run() {
    ASSIGN_OR_RETURN(cal, accounts::Workdays::Load(tx, agency_id));
    s.from = from;
    s.to = to;
    s.today = today;
    RETURN_IF_ERROR(Departments());
    RETURN_IF_ERROR(Publications());
    RETURN_IF_ERROR(OpenItems());
    RETURN_IF_ERROR(Applications());
    RETURN_IF_ERROR(Feedback());
    RETURN_IF_ERROR(Orders());
    s.provisional_year = cal.ProvisionalYear();
    ASSIGN_OR_RETURN(s.applications_provisional, requests::CountProvisionalDueDates(tx, agency_id));
    Total();
    return Status::Ok();
  }
};

std::string Num(int v) { return std::to_string(v); }

}  // namespace

void AddFigures(DepartmentFigures* total, const DepartmentFigures& d) {
  total->published += d.published;
  total->published_on_time += d.published_on_time;
  total->published_late += d.published_late;
  total->unpublished_late += d.unpublished_late;
  total->waiting_in_chain += d.waiting_in_chain;
  total->longest_wait_days = std::max(total->longest_wait_days, d.longest_wait_days);
  total->applications_received += d.applications_received;
  total->applications_closed += d.applications_closed;
  total->applications_closed_late += d.applications_closed_late;
  total->applications_open += d.applications_open;
  total->applications_due_soon += d.applications_due_soon;
  total->applications_overdue += d.applications_overdue;
  total->feedback_about += d.feedback_about;
  total->orders_issued += d.orders_issued;
  total->orders_closed += d.orders_closed;
  total->orders_overdue += d.orders_overdue;
}

bool ReadsSupervision(const accounts::Principal& who) {
  return who.Can(accounts::Permission::kViewSupervision) ||
         (who.overseeing_from && who.Can(accounts::Permission::kOverseeSubordinates));
}

Status CheckPeriod(const Date& from, const Date& to) {
  if (to < from) return InvalidArgument("统计期间的结束日期早于开始日期");
  if (to.DaysSinceEpoch() - from.DaysSinceEpoch() > 3 * 366) return InvalidArgument("统计期间不能超过三年");
  return Status::Ok();
}

Result<Supervision> BuildSupervision(const accounts::Context& ctx, const accounts::Principal& who, const Date& from,
                                     const Date& to) {
  if (!ReadsSupervision(who)) RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kViewSupervision));
  RETURN_IF_ERROR(CheckPeriod(from, to));
  return ctx.db.Read<Supervision>([&](store::Tx& tx) -> Result<Supervision> {
    Builder b{tx, who, who.agency_id, from, to, ChinaDate(ctx.clock.Now())};
    RETURN_IF_ERROR(b.Run());
    return std::move(b.s);
  });
}

Result<Supervision> SupervisionFigures(store::Tx& tx, const accounts::Principal& who, const Date& today,
                                       const Date& from, const Date& to) {
  if (!ReadsSupervision(who)) RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kViewSupervision));
  RETURN_IF_ERROR(CheckPeriod(from, to));
  Builder b{tx, who, who.agency_id, from, to, today, false};
  RETURN_IF_ERROR(b.Run());
  return std::move(b.s);
}

namespace {

struct Column {
  const char* header;
  int DepartmentFigures::*field;
};
const Column kColumns[] = {
    {"主动公开条数", &DepartmentFigures::published},
    {"按时公开", &DepartmentFigures::published_on_time},
    {"超期公开", &DepartmentFigures::published_late},
    {"逾期未公开（现）", &DepartmentFigures::unpublished_late},
    {"审查中（现）", &DepartmentFigures::waiting_in_chain},
    {"最长等待天数", &DepartmentFigures::longest_wait_days},
    {"收到申请", &DepartmentFigures::applications_received},
    {"办结申请", &DepartmentFigures::applications_closed},
    {"超期办结", &DepartmentFigures::applications_closed_late},
    {"办理中（现）", &DepartmentFigures::applications_open},
    {"临近期限（现）", &DepartmentFigures::applications_due_soon},
    {"已超期（现）", &DepartmentFigures::applications_overdue},
    {"意见投诉", &DepartmentFigures::feedback_about},
    {"整改通知", &DepartmentFigures::orders_issued},
    {"已销号", &DepartmentFigures::orders_closed},
    {"超期未销号（现）", &DepartmentFigures::orders_overdue},
};

}  // namespace

Result<std::string> AssessmentXlsx(const Supervision& s, const std::string& agency_name) {
  return documents::BuildWorkbook([&](lxw_workbook* book, lxw_format* bold) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, "部门考核");
    std::string title = agency_name + " 政府信息公开工作考核数据（" + s.from.ToString() + " 至 " + s.to.ToString() +
                        "；“现”为 " + s.today.ToString() + " 的情况）";
    worksheet_write_string(sheet, 0, 0, title.c_str(), bold);
    worksheet_write_string(sheet, 1, 0, "部门", bold);
    for (size_t c = 0; c < std::size(kColumns); ++c) {
      worksheet_write_string(sheet, 1, static_cast<lxw_col_t>(c + 1), kColumns[c].header, bold);
    }
    worksheet_set_column(sheet, 0, 0, 18, nullptr);
    lxw_row_t row = 2;
    for (const DepartmentFigures& d : s.departments) {
      worksheet_write_string(sheet, row, 0, d.department.c_str(), d.department_id == 0 ? bold : nullptr);
      for (size_t c = 0; c < std::size(kColumns); ++c) {
        worksheet_write_number(sheet, row, static_cast<lxw_col_t>(c + 1), d.*kColumns[c].field, nullptr);
      }
      ++row;
    }
    lxw_worksheet* months = workbook_add_worksheet(book, "按月");
    const char* const header[] = {"月份", "主动公开", "其中超期", "收到申请", "办结申请", "其中超期办结", "意见投诉",
                                  "整改通知"};
    for (size_t c = 0; c < std::size(header); ++c) {
      worksheet_write_string(months, 0, static_cast<lxw_col_t>(c), header[c], bold);
    }
    row = 1;
    for (const MonthFigures& m : s.months) {
      worksheet_write_string(months, row, 0, m.month.c_str(), nullptr);
      int values[] = {m.published, m.published_late, m.applications_received, m.applications_closed,
                      m.applications_closed_late, m.feedback_received, m.orders_issued};
      for (size_t c = 0; c < std::size(values); ++c) {
        worksheet_write_number(months, row, static_cast<lxw_col_t>(c + 1), values[c], nullptr);
      }
      ++row;
    }
  });
}

documents::PrintDocument SupervisionReport(const Supervision& s, const std::string& agency_name) {
  using documents::Block;
  using documents::CellAlign;
  using documents::Table;
  using documents::TableCell;
  documents::PrintDocument d;
  d.title = agency_name + "政府信息公开工作监督情况报告（" + s.from.ToString() + " 至 " + s.to.ToString() + "）";
  d.author = agency_name;
  d.date = s.today;
  d.landscape = true;
  d.body_pt = 12;
  d.head = {{Block::Kind::kTitle, agency_name + "\n政府信息公开工作监督情况报告", {}},
            {Block::Kind::kSubtitle, "统计期间：" + s.from.ToString() + " 至 " + s.to.ToString() + "　报告日期：" +
                                         s.today.ToString(), {}}};
  const DepartmentFigures& total = s.departments.back();
  d.body.push_back({Block::Kind::kHeading, "一、总体情况", {}});
  d.body.push_back({Block::Kind::kParagraph,
                    "统计期间主动公开政府信息 " + Num(total.published) + " 条，其中超过 20 个工作日公开 " +
                        Num(total.published_late) + " 条；收到政府信息公开申请 " + Num(total.applications_received) +
                        " 件，办结 " + Num(total.applications_closed) + " 件，其中超期办结 " +
                        Num(total.applications_closed_late) + " 件。截至报告日，审查中的信息 " +
                        Num(total.waiting_in_chain) + " 条，逾期未公开的主动公开信息 " + Num(total.unpublished_late) +
                        " 条，临近或超过答复期限的申请 " + Num(s.applications_due_total) +
                        " 件，办理中的意见投诉 " + Num(s.feedback_open) + " 件（超期 " + Num(s.feedback_overdue) +
                        " 件），未销号的整改通知 " + Num(s.orders_open) + " 件（超期 " + Num(s.orders_overdue) + " 件）。",
                    {}});
  d.body.push_back({Block::Kind::kHeading, "二、各部门情况", {}});
  Table t;
  t.widths.assign(std::size(kColumns) + 1, 1);
  t.widths[0] = 2.2;
  t.header_rows = 1;
  t.font_pt = 8;
  std::vector<TableCell> header = {{"部门", 1, 1, true, CellAlign::kCenter}};
  for (const Column& c : kColumns) header.push_back({c.header, 1, 1, true, CellAlign::kCenter});
  t.rows.push_back(std::move(header));
  for (const DepartmentFigures& dep : s.departments) {
    std::vector<TableCell> row = {{dep.department, 1, 1, dep.department_id == 0, CellAlign::kLeft}};
    for (const Column& c : kColumns) row.push_back({Num(dep.*c.field), 1, 1, false, CellAlign::kCenter});
    t.rows.push_back(std::move(row));
  }
  d.body.push_back({Block::Kind::kTable, "", std::move(t)});
  d.body.push_back({Block::Kind::kHeading, "三、逾期未公开的主动公开信息", {}});
  if (s.late_unpublished.empty()) d.body.push_back({Block::Kind::kLine, "无。", {}});
  if (s.late_unpublished.size() < static_cast<size_t>(s.late_unpublished_total)) {
    d.body.push_back({Block::Kind::kLine, "共 " + Num(s.late_unpublished_total) + " 条，以下列出逾期最久的 " +
                                              Num(static_cast<int>(s.late_unpublished.size())) + " 条：",
                      {}});
  }
  for (const WaitingItem& w : s.late_unpublished) {
    d.body.push_back({Block::Kind::kLine, w.index_no + " " + w.title + "（" + w.department + "，" + w.state_label +
                                              "，形成后已 " + Num(w.waited_days) + " 个工作日）",
                      {}});
  }
  d.body.push_back({Block::Kind::kHeading, "四、临近或超过答复期限的申请", {}});
  if (s.applications.empty()) d.body.push_back({Block::Kind::kLine, "无。", {}});
  if (s.applications.size() < static_cast<size_t>(s.applications_due_total)) {
    d.body.push_back({Block::Kind::kLine, "共 " + Num(s.applications_due_total) + " 件，以下列出期限最近的 " +
                                              Num(static_cast<int>(s.applications.size())) + " 件：",
                      {}});
  }
  for (const DueApplication& a : s.applications) {
    d.body.push_back({Block::Kind::kLine, a.ref + " " + a.title + "（" + (a.department.empty() ? "未分办" : a.department) +
                                              "，答复期限 " + a.due_on +
                                              (a.working_days_left < 0 ? "，已超期" : "，剩余 " + Num(a.working_days_left) +
                                                                                      " 个工作日") + "）",
                      {}});
  }
  d.footer = d.title;
  return d;
}

}  // namespace gk::oversight
