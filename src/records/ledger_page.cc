// One page of the ledger for the staff page (ledger.h ReadLedgerPage).
#include <algorithm>
#include <tuple>

#include "accounts/workdays.h"
#include "base/clock.h"
#include "oversight/dashboard.h"
#include "oversight/feedback.h"
#include "records/ledger.h"
#include "records/ledger_internal.h"

namespace gk::records {
using namespace internal;

namespace {

// The order of the sources among lines alike in date and reference (the
// order BuildLedger adds them in).
enum Rank : int { kPublication = 0, kRelease = 1, kApplication = 2 };

// A line's place in the ledger's order.
struct Position {
  std::string date, reference;
  int rank = kPublication;
  int64_t id = 0;
  bool operator<(const Position& o) const {
    return std::tie(date, reference, rank, id) < std::tie(o.date, o.reference, o.rank, o.id);
  }
};

// The seek key: the date (ten characters), the rank (one digit) and the
// reference; the row's id.
SeekKey KeyOf(const Position& p) { return {p.date + static_cast<char>('0' + p.rank) + p.reference, p.id}; }

// nullopt for a key KeyOf did not write: the list starts from the beginning.
std::optional<Position> PositionOf(const std::optional<SeekKey>& k) {
  if (!k || k->key.size() < 11 || !Date::Parse(k->key.substr(0, 10)).ok()) return std::nullopt;
  char rank = k->key[10];
  if (rank < '0' || rank > '2') return std::nullopt;
  return Position{k->key.substr(0, 10), k->key.substr(11), rank - '0', k->id};
}

struct Placed {
  Position at;
  store::Row row;
};

// Text compared byte by byte on both engines, as std::string compares it
// (the merge of the sources below sorts in C++).
std::string Bytes(store::Tx& tx, const std::string& column) {
  return tx.dialect() == store::Dialect::kPostgres ? column + " COLLATE \"C\"" : column;
}

// The condition on a row of source `rank`, on the position's own date, to
// come after the position.
std::string AfterOnDate(store::Tx& tx, const Position& a, int rank, const std::string& ref, const std::string& id,
                        std::vector<store::Value>& params) {
  params.emplace_back(a.reference);
  if (rank < a.rank) return Bytes(tx, ref) + " > ?";
  if (rank > a.rank) return Bytes(tx, ref) + " >= ?";
  params.emplace_back(a.reference);
  params.emplace_back(a.id);
  return "(" + Bytes(tx, ref) + " > ? OR (" + ref + " = ? AND " + id + " > ?))";
}

// The catalog filter of the 主动公开 lines, over `items i`.
std::string ItemFilter(const LedgerFilter& f, std::vector<store::Value>& params) {
  std::string sql;
  if (f.category_id) {
    sql += " AND i.category_id = ?";
    params.emplace_back(*f.category_id);
  }
  if (f.department_id) {
    sql += " AND i.department_id = ?";
    params.emplace_back(*f.department_id);
  }
  return sql;
}

// A source whose date is the China date of a stored time: read a day at a
// time (a range of the time column); the next day with a row is that of the
// first row after the day.
struct DaySource {
  Rank rank = kPublication;
  std::string select;  // the line's columns … WHERE (conditions follow with AND)
  std::string first;   // "SELECT time AS t … WHERE …" over the same rows
  std::string time, ref, id;
  std::vector<store::Value> params;  // of `select` and `first` alike
};

Status ReadByDay(store::Tx& tx, const DaySource& s, int year, const std::optional<Position>& after, size_t want,
                 std::vector<Placed>& out) {
  const Date first{year, 1, 1}, end{year + 1, 1, 1};
  Date day = first;
  bool on_after_date = false;
  if (after) {
    Date d = *Date::Parse(after->date);
    if (d >= end) return Status::Ok();
    if (d >= first) {
      day = d;
      on_after_date = true;
    }
  }
  size_t got = 0;
  while (got < want) {
    std::vector<store::Value> params = s.params;
    std::string sql = s.select + " AND " + s.time + " >= ? AND " + s.time + " < ?";
    params.emplace_back(ChinaDayStartUtc(day));
    params.emplace_back(ChinaDayStartUtc(day.AddDays(1)));
    if (on_after_date) sql += " AND " + AfterOnDate(tx, *after, s.rank, s.ref, s.id, params);
    params.emplace_back(static_cast<int64_t>(want - got));
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql + " ORDER BY " + Bytes(tx, s.ref) + ", " + s.id + " LIMIT ?", params));
    for (auto& r : rows) {
      Position at{day.ToString(), r.Str("index_no"), s.rank, r.Int("line_id")};
      out.push_back({std::move(at), std::move(r)});
      ++got;
    }
    on_after_date = false;
    if (got >= want || day.AddDays(1) >= end) break;
    std::vector<store::Value> next = s.params;
    next.emplace_back(ChinaDayStartUtc(day.AddDays(1)));
    next.emplace_back(ChinaDayStartUtc(end));
    ASSIGN_OR_RETURN(auto row, tx.QueryOne(s.first + " AND " + s.time + " >= ? AND " + s.time + " < ? ORDER BY " +
                                               s.time + " LIMIT 1",
                                           next));
    if (!row) break;
    auto t = ParseUtc(row->Str("t"));
    if (!t.ok()) return Internal("unreadable stored time " + row->Str("t"));
    day = ChinaDate(*t);
  }
  return Status::Ok();
}

DaySource Publications(int64_t agency_id, const LedgerFilter& f) {
  DaySource s;
  s.rank = kPublication;
  s.time = "p.published_at";
  s.ref = "i.index_no";
  s.id = "p.id";
  s.params = {agency_id};
  std::string filter = ItemFilter(f, s.params);
  s.select = std::string(kPublicationColumns) + "WHERE p.agency_id = ?" + filter;
  s.first = std::string("SELECT p.published_at AS t FROM publications p ") +
            (filter.empty() ? "" : "JOIN items i ON i.id = p.item_id ") + "WHERE p.agency_id = ?" + filter;
  return s;
}

DaySource Releases(int64_t agency_id, const LedgerFilter& f) {
  DaySource s;
  s.rank = kRelease;
  s.time = "r.released_at";
  s.ref = "i.index_no";
  s.id = "r.id";
  s.params = {agency_id};
  std::string filter = ItemFilter(f, s.params);
  s.select = std::string(kReleaseColumns) + "WHERE r.agency_id = ?" + filter;
  s.first = std::string("SELECT r.released_at AS t FROM channel_releases r ") +
            (filter.empty() ? "" : "JOIN items i ON i.id = r.item_id ") + "WHERE r.agency_id = ?" + filter;
  return s;
}

// Applications closed in the year: closed_on is a China date already.
Status ReadApplications(store::Tx& tx, int64_t agency_id, int year, const std::optional<Position>& after,
                        size_t want, std::vector<Placed>& out) {
  const std::string first = std::to_string(year) + "-01-01", last = std::to_string(year) + "-12-31";
  std::string sql = std::string(kApplicationColumns) + "WHERE agency_id = ? AND closed_on >= ? AND closed_on <= ?";
  std::vector<store::Value> params = {agency_id, first, last};
  if (after) {
    if (after->date > last) return Status::Ok();
    if (after->date >= first) {
      params.emplace_back(after->date);
      params.emplace_back(after->date);
      sql += " AND (closed_on > ? OR (closed_on = ? AND " + AfterOnDate(tx, *after, kApplication, "ref", "id", params) +
             "))";
    }
  }
  params.emplace_back(static_cast<int64_t>(want));
  ASSIGN_OR_RETURN(auto rows, tx.Query(sql + " ORDER BY closed_on, " + Bytes(tx, "ref") + ", id LIMIT ?", params));
  for (auto& r : rows) {
    Position at{r.Str("closed_on"), r.Str("ref"), kApplication, r.Int("id")};
    out.push_back({std::move(at), std::move(r)});
  }
  return Status::Ok();
}

// The lines of the placed rows, with the feedback about their items and the
// reviews of their applications.
Result<std::vector<LedgerLine>> LinesOf(store::Tx& tx, int64_t agency_id, int year, const WorkdayCalendar& cal,
                                        const std::vector<Placed>& placed) {
  std::vector<int64_t> items, applications;
  for (const auto& p : placed) {
    if (p.at.rank == kPublication) items.push_back(p.row.Int("id"));
    if (p.at.rank == kApplication) applications.push_back(p.at.id);
  }
  ASSIGN_OR_RETURN(auto feedback, oversight::FeedbackByItem(tx, agency_id, year, items));
  std::map<int64_t, std::string> reviews;
  if (!applications.empty()) {
    std::string sql = "SELECT application_id, kind, result FROM application_reviews WHERE agency_id = ? AND "
                      "application_id IN (";
    std::vector<store::Value> params = {agency_id};
    for (size_t i = 0; i < applications.size(); ++i) {
      sql += i ? ", ?" : "?";
      params.emplace_back(applications[i]);
    }
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql + ") ORDER BY filed_on", params));
    reviews = ReviewsByApplication(rows);
  }
  std::vector<LedgerLine> out;
  for (const auto& p : placed) {
    out.push_back(p.at.rank == kPublication ? PublicationLine(p.row, cal, feedback)
                  : p.at.rank == kRelease   ? ReleaseLine(p.row)
                                            : ApplicationLine(p.row, reviews));
  }
  return out;
}

// The timeliness of the year's publications, from the counters per China
// date, department and date of formation (and category, for the ledger of
// one; migration 0030), so that the working days are counted once per group.
Status Timeliness(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& f, LedgerView& v) {
  ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, agency_id));
  ASSIGN_OR_RETURN(auto departments,
                   tx.Query("SELECT id, name FROM departments WHERE agency_id = ?", {agency_id}));
  std::map<int64_t, std::string> names;
  for (const auto& d : departments) names[d.Int("id")] = d.Str("name");
  // One counter row per (day, department, formation date): read in the
  // order of its key, nothing to group.
  std::vector<store::Value> params = {agency_id};
  std::string sql = "SELECT department_id, formed_on, day, n FROM ";
  if (f.category_id) {
    sql += "publication_category_counts WHERE agency_id = ? AND category_id = ?";
    params.emplace_back(*f.category_id);
  } else {
    sql += "publication_day_counts WHERE agency_id = ?";
  }
  sql += " AND day >= ? AND day <= ? AND n <> 0";
  params.emplace_back(Date{year, 1, 1}.ToString());
  params.emplace_back(Date{year, 12, 31}.ToString());
  if (f.department_id) {
    sql += " AND department_id = ?";
    params.emplace_back(*f.department_id);
  }
  ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
  std::map<std::string, DepartmentTimeliness> by_department;
  for (const auto& r : rows) {
    auto published = Date::Parse(r.Str("day"));
    if (!published.ok()) return Internal("unreadable counted day " + r.Str("day"));
    auto name = names.find(r.Int("department_id"));
    if (name == names.end()) continue;  // (the join of the whole ledger drops it too)
    const int n = static_cast<int>(r.Int("n"));
    CountTimeliness(by_department[name->second], name->second,
                    oversight::CountedOnTime(cal, r.Str("formed_on"), *published), n);
    v.counts.publications += n;
  }
  for (auto& [name, t] : by_department) v.timeliness.push_back(t);
  return Status::Ok();
}

Status Counts(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& f, bool applications, LedgerView& v) {
  std::vector<store::Value> params = {agency_id, ChinaDayStartUtc(Date{year, 1, 1}),
                                      ChinaDayStartUtc(Date{year + 1, 1, 1})};
  std::string filter = ItemFilter(f, params);
  ASSIGN_OR_RETURN(auto releases,
                   tx.QueryOne(std::string("SELECT COUNT(*) AS n FROM channel_releases r ") +
                                   (filter.empty() ? "" : "JOIN items i ON i.id = r.item_id ") +
                                   "WHERE r.agency_id = ? AND r.released_at >= ? AND r.released_at < ?" + filter,
                               params));
  v.counts.releases = releases ? releases->Int("n") : 0;
  if (!applications) return Status::Ok();
  // From the monthly counters (migration 0030): twelve rows per department.
  ASSIGN_OR_RETURN(auto closed, tx.QueryOne("SELECT COALESCE(SUM(closed), 0) AS n FROM application_month_counts "
                                            "WHERE agency_id = ? AND month >= ? AND month <= ?",
                                            {agency_id, std::to_string(year) + "-01", std::to_string(year) + "-12"}));
  v.counts.applications = closed ? closed->Int("n") : 0;
  return Status::Ok();
}

}  // namespace

Result<LedgerView> ReadLedgerPage(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter,
                                  const PageSpec& page) {
  ASSIGN_OR_RETURN(LedgerView v, ReadLedgerFigures(tx, agency_id, year, filter));
  ASSIGN_OR_RETURN(v.page, ReadLedgerLines(tx, agency_id, year, filter, page));
  return v;
}

Result<LedgerView> ReadLedgerFigures(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter) {
  if (year < 2008 || year > 9998) return InvalidArgument("年度无效");
  LedgerView v;
  v.year = year;
  const bool applications = filter.on_request && !filter.category_id && !filter.department_id;
  if (filter.proactive) RETURN_IF_ERROR(Timeliness(tx, agency_id, year, filter, v));
  RETURN_IF_ERROR(Counts(tx, agency_id, year, filter, applications, v));
  if (!filter.proactive) v.counts.releases = 0;
  ASSIGN_OR_RETURN(v.empty_must_fill, EmptyMustFill(tx, agency_id, year));
  return v;
}

Result<Ledger> BuildPrintableLedger(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter,
                                    int64_t max_lines) {
  ASSIGN_OR_RETURN(LedgerView figures, ReadLedgerFigures(tx, agency_id, year, filter));
  const int64_t lines = figures.counts.publications + figures.counts.releases + figures.counts.applications;
  if (lines > max_lines) {
    return InvalidArgument("该台帐共 " + std::to_string(lines) + " 条，超过打印版（PDF）的上限 " +
                           std::to_string(max_lines) +
                           " 条。请按部门或目录分类筛选后打印，或导出 Excel / CSV。");
  }
  return BuildLedger(tx, agency_id, year, filter);
}

namespace {

// One source of the exports' merge: its rows in the ledger's order, read a
// batch at a time from after the last one read.
class Cursor {
 public:
  using Read = std::function<Status(const std::optional<Position>& after, size_t want, std::vector<Placed>& out)>;
  explicit Cursor(Read read) : read_(std::move(read)) {}

  // The next row, or nullptr when the source has no more.
  Result<Placed*> Head(size_t batch) {
    if (next_ < buffer_.size()) return &buffer_[next_];
    if (exhausted_) return nullptr;
    buffer_.clear();
    next_ = 0;
    RETURN_IF_ERROR(read_(last_, batch, buffer_));
    exhausted_ = buffer_.size() < batch;
    if (buffer_.empty()) return nullptr;
    last_ = buffer_.back().at;
    return &buffer_[0];
  }
  Placed Take() { return std::move(buffer_[next_++]); }

 private:
  Read read_;
  std::vector<Placed> buffer_;
  size_t next_ = 0;
  bool exhausted_ = false;
  std::optional<Position> last_;
};

}  // namespace

Status ForEachLedgerLine(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter, int batch,
                         const std::function<Status(const LedgerLine&)>& fn) {
  if (year < 2008 || year > 9998) return InvalidArgument("年度无效");
  const size_t want = static_cast<size_t>(std::max(batch, 1));
  std::vector<Cursor> sources;
  if (filter.proactive) {
    for (DaySource s : {Publications(agency_id, filter), Releases(agency_id, filter)}) {
      sources.emplace_back([&tx, s, year](const std::optional<Position>& after, size_t n, std::vector<Placed>& out) {
        return ReadByDay(tx, s, year, after, n, out);
      });
    }
  }
  if (filter.on_request && !filter.category_id && !filter.department_id) {
    sources.emplace_back([&tx, agency_id, year](const std::optional<Position>& after, size_t n,
                                                std::vector<Placed>& out) {
      return ReadApplications(tx, agency_id, year, after, n, out);
    });
  }
  // A merge of the sources in the ledger's order, written out a batch of
  // lines at a time.
  ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, agency_id));
  std::vector<Placed> placed;
  auto flush = [&]() -> Status {
    ASSIGN_OR_RETURN(std::vector<LedgerLine> lines, LinesOf(tx, agency_id, year, cal, placed));
    placed.clear();
    for (const LedgerLine& line : lines) RETURN_IF_ERROR(fn(line));
    return Status::Ok();
  };
  for (;;) {
    Cursor* first = nullptr;
    const Placed* first_row = nullptr;
    for (Cursor& c : sources) {
      ASSIGN_OR_RETURN(Placed * head, c.Head(want));
      if (head && (!first_row || head->at < first_row->at)) {
        first = &c;
        first_row = head;
      }
    }
    if (!first) break;
    placed.push_back(first->Take());
    if (placed.size() >= want) RETURN_IF_ERROR(flush());
  }
  return placed.empty() ? Status::Ok() : flush();
}

LedgerLines YearLines(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter) {
  return [&tx, agency_id, year, filter](const std::function<Status(const LedgerLine&)>& fn) {
    return ForEachLedgerLine(tx, agency_id, year, filter, 1000, fn);
  };
}

Result<PageOf<LedgerLine>> ReadLedgerLines(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter,
                                           const PageSpec& page) {
  if (year < 2008 || year > 9998) return InvalidArgument("年度无效");
  const bool applications = filter.on_request && !filter.category_id && !filter.department_id;
  const std::optional<Position> after = PositionOf(page.after);
  const size_t want = static_cast<size_t>(page.limit) + 1;
  std::vector<Placed> placed;
  if (filter.proactive) {
    RETURN_IF_ERROR(ReadByDay(tx, Publications(agency_id, filter), year, after, want, placed));
    RETURN_IF_ERROR(ReadByDay(tx, Releases(agency_id, filter), year, after, want, placed));
  }
  if (applications) RETURN_IF_ERROR(ReadApplications(tx, agency_id, year, after, want, placed));
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) { return a.at < b.at; });
  std::optional<SeekKey> next;
  if (placed.size() > static_cast<size_t>(page.limit)) {
    placed.erase(placed.begin() + page.limit, placed.end());
    if (!placed.empty()) next = KeyOf(placed.back().at);
  }
  PageOf<LedgerLine> out;
  ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, agency_id));
  ASSIGN_OR_RETURN(out.rows, LinesOf(tx, agency_id, year, cal, placed));
  out.next = next;
  return out;
}

}  // namespace gk::records
