#include "base/calendar.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include <toml++/toml.h>

#include "base/strings.h"

namespace gk {
namespace {

constexpr int kMinYear = 1949;
constexpr int kMaxYear = 2200;
// How far a holiday range may reach into the previous or next year.
constexpr int kMaxSpillDays = 7;
// How far an adjusted workday may lie from the holiday it makes up for.
constexpr int kMaxMakeUpDistance = 14;
// Longest user input echoed back in an error message, in bytes.
constexpr size_t kMaxEchoBytes = 40;

constexpr const char* kWeekdayEn[] = {"",         "Monday", "Tuesday",  "Wednesday",
                                      "Thursday", "Friday", "Saturday", "Sunday"};
constexpr const char* kWeekdayZh[] = {"",       "星期一", "星期二", "星期三",
                                      "星期四", "星期五", "星期六", "星期日"};

// ---- small helpers ----------------------------------------------------------

std::string Echo(std::string_view text) {
  if (text.size() <= kMaxEchoBytes) return std::string(text);
  size_t cut = kMaxEchoBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

bool HasAnyControlChar(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

// Single-line, valid UTF-8 text.
bool IsCleanText(std::string_view s) { return IsValidUtf8(s) && !HasAnyControlChar(s); }

bool IsValidDate(Date d) { return Date::IsValid(d.year, d.month, d.day); }

bool InRange(const HolidayRange& r, Date d) { return r.from <= d && d <= r.to; }

bool Overlap(const HolidayRange& a, const HolidayRange& b) {
  return a.from <= b.to && b.from <= a.to;
}

std::string RangeText(const HolidayRange& r) { return r.from.ToString() + ".." + r.to.ToString(); }

std::string MissingYearMessage(int year) {
  const std::string y = std::to_string(year);
  return "no working-day calendar for " + y + ": load the State Council holiday notice for " + y +
         " first";
}

Status CheckDate(Date d) {
  if (IsValidDate(d)) return Status::Ok();
  return InvalidArgument("invalid date " + d.ToString());
}

// ---- validation ---------------------------------------------------------------

enum class Problem {
  kYearRange,           // the year itself
  kBadNotice,           // the notice
  kHolidayBadDate,      // a: holiday
  kEmptyName,           // a: holiday
  kBadName,             // a: holiday
  kFromAfterTo,         // a: holiday
  kOutsideYear,         // a: holiday
  kOverlap,             // a: the later holiday, b: the earlier one
  kWorkdayBadDate,      // a: workday
  kWorkdayOutsideYear,  // a: workday
  kWorkdayNotWeekend,   // a: workday
  kWorkdayInHoliday,    // a: workday, b: holiday
  kWorkdayDuplicate,    // a: the later workday, b: the earlier one
};

struct Violation {
  Problem problem;
  size_t a = 0;
  size_t b = 0;
};

bool IsWorkdayProblem(Problem p) {
  return p == Problem::kWorkdayBadDate || p == Problem::kWorkdayOutsideYear ||
         p == Problem::kWorkdayNotWeekend || p == Problem::kWorkdayInHoliday ||
         p == Problem::kWorkdayDuplicate;
}

// A range must contain a day of `year` and reach at most kMaxSpillDays beyond it.
bool WithinYear(const HolidayRange& r, int year) {
  const Date first{year, 1, 1};
  const Date last{year, 12, 31};
  return r.to >= first && r.from <= last && r.from >= first.AddDays(-kMaxSpillDays) &&
         r.to <= last.AddDays(kMaxSpillDays);
}

std::optional<Problem> CheckHoliday(const HolidayRange& r, int year) {
  if (!IsValidDate(r.from) || !IsValidDate(r.to)) return Problem::kHolidayBadDate;
  if (Trim(r.name).empty()) return Problem::kEmptyName;
  if (!IsCleanText(r.name)) return Problem::kBadName;
  if (r.from > r.to) return Problem::kFromAfterTo;
  if (!WithinYear(r, year)) return Problem::kOutsideYear;
  return std::nullopt;
}

std::optional<Violation> CheckWorkday(const CalendarYear& y, size_t k) {
  const Date d = y.adjusted_workdays[k];
  if (!IsValidDate(d)) return Violation{Problem::kWorkdayBadDate, k};
  if (d.year != y.year) return Violation{Problem::kWorkdayOutsideYear, k};
  if (!d.IsWeekend()) return Violation{Problem::kWorkdayNotWeekend, k};
  for (size_t i = 0; i < y.holidays.size(); ++i) {
    if (InRange(y.holidays[i], d)) return Violation{Problem::kWorkdayInHoliday, k, i};
  }
  for (size_t m = 0; m < k; ++m) {
    if (y.adjusted_workdays[m] == d) return Violation{Problem::kWorkdayDuplicate, k, m};
  }
  return std::nullopt;
}

// The first thing wrong with `y`, in a fixed order: year, notice, each
// holiday, overlaps, each adjusted workday.
std::optional<Violation> FindViolation(const CalendarYear& y) {
  if (y.year < kMinYear || y.year > kMaxYear) return Violation{Problem::kYearRange};
  if (!IsCleanText(y.notice)) return Violation{Problem::kBadNotice};
  for (size_t i = 0; i < y.holidays.size(); ++i) {
    if (auto p = CheckHoliday(y.holidays[i], y.year)) return Violation{*p, i};
  }
  for (size_t i = 1; i < y.holidays.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (Overlap(y.holidays[i], y.holidays[j])) return Violation{Problem::kOverlap, i, j};
    }
  }
  for (size_t k = 0; k < y.adjusted_workdays.size(); ++k) {
    if (auto v = CheckWorkday(y, k)) return v;
  }
  return std::nullopt;
}

std::string HolidayLabel(const CalendarYear& y, size_t i) {
  const HolidayRange& r = y.holidays[i];
  if (IsCleanText(r.name) && !Trim(r.name).empty()) {
    return "holiday \"" + r.name + "\" " + RangeText(r);
  }
  return "holiday #" + std::to_string(i + 1) + " " + RangeText(r);
}

std::string EnglishHolidayMessage(const CalendarYear& y, const Violation& v) {
  const std::string label = HolidayLabel(y, v.a);
  switch (v.problem) {
    case Problem::kHolidayBadDate: return label + ": invalid date";
    case Problem::kEmptyName: return label + ": the name is empty";
    case Problem::kBadName:
      return label + ": the name contains control characters or invalid UTF-8";
    case Problem::kFromAfterTo: return label + ": ends before it starts";
    case Problem::kOutsideYear:
      return label + " is not within " + std::to_string(y.year) + " (a range may reach at most " +
             std::to_string(kMaxSpillDays) + " days into the neighbouring years)";
    case Problem::kOverlap: return label + " overlaps " + HolidayLabel(y, v.b);
    default: return label;  // not reached
  }
}

std::string EnglishWorkdayMessage(const CalendarYear& y, const Violation& v) {
  const Date d = y.adjusted_workdays[v.a];
  const std::string label = "adjusted workday " + d.ToString();
  switch (v.problem) {
    case Problem::kWorkdayBadDate: return label + ": invalid date";
    case Problem::kWorkdayOutsideYear: return label + " is not in " + std::to_string(y.year);
    case Problem::kWorkdayNotWeekend:
      return label + " is a " + kWeekdayEn[d.Weekday()] + ", not a Saturday or Sunday";
    case Problem::kWorkdayInHoliday: return label + " falls within " + HolidayLabel(y, v.b);
    case Problem::kWorkdayDuplicate: return label + " is listed twice";
    default: return label;  // not reached
  }
}

std::string EnglishMessage(const CalendarYear& y, const Violation& v) {
  switch (v.problem) {
    case Problem::kYearRange:
      return "year " + std::to_string(y.year) + " is outside the supported range " +
             std::to_string(kMinYear) + ".." + std::to_string(kMaxYear);
    case Problem::kBadNotice: return "the notice contains control characters or invalid UTF-8";
    default: break;
  }
  return IsWorkdayProblem(v.problem) ? EnglishWorkdayMessage(y, v) : EnglishHolidayMessage(y, v);
}

// ---- building a year's day table --------------------------------------------

int WeekdaysOff(const HolidayRange& r) {
  int n = 0;
  for (Date d = r.from; d <= r.to; d = d.AddDays(1)) n += d.IsWeekend() ? 0 : 1;
  return n;
}

// The holiday an adjusted workday `d` makes up for; see DayInfo::holiday_name.
std::string MadeUpHoliday(const CalendarYear& y, Date d) {
  const std::string* best = nullptr;
  int64_t best_distance = kMaxMakeUpDistance + 1;
  for (const HolidayRange& r : y.holidays) {
    if (WeekdaysOff(r) < 2) continue;
    const int64_t distance = d < r.from ? r.from.DaysSinceEpoch() - d.DaysSinceEpoch()
                                        : d.DaysSinceEpoch() - r.to.DaysSinceEpoch();
    if (distance < best_distance) {
      best = &r.name;
      best_distance = distance;
    }
  }
  return best ? *best : std::string();
}

DayInfo ClassifyInYear(const CalendarYear& y, Date d) {
  for (const HolidayRange& r : y.holidays) {
    if (InRange(r, d)) return {d, DayKind::kHoliday, r.name};
  }
  const auto& adjusted = y.adjusted_workdays;
  if (std::find(adjusted.begin(), adjusted.end(), d) != adjusted.end()) {
    return {d, DayKind::kAdjustedWorkday, MadeUpHoliday(y, d)};
  }
  return {d, d.IsWeekend() ? DayKind::kWeekend : DayKind::kWorkday, ""};
}

std::vector<DayInfo> BuildDays(const CalendarYear& y) {
  const Date first{y.year, 1, 1};
  const int count = Date::IsLeapYear(y.year) ? 366 : 365;
  std::vector<DayInfo> days;
  days.reserve(count);
  for (int i = 0; i < count; ++i) days.push_back(ClassifyInYear(y, first.AddDays(i)));
  return days;
}

}  // namespace

const char* DayKindName(DayKind kind) {
  switch (kind) {
    case DayKind::kWorkday: return "workday";
    case DayKind::kWeekend: return "weekend";
    case DayKind::kHoliday: return "holiday";
    case DayKind::kAdjustedWorkday: return "adjusted workday";
  }
  return "unknown";
}

// ---- WorkdayCalendar ------------------------------------------------------------

Status WorkdayCalendar::AddYear(CalendarYear year) {
  if (auto v = FindViolation(year)) return InvalidArgument(EnglishMessage(year, *v));
  if (Covers(year.year)) {
    return Conflict("the working-day calendar for " + std::to_string(year.year) +
                    " is already loaded");
  }
  std::sort(year.holidays.begin(), year.holidays.end(),
            [](const HolidayRange& a, const HolidayRange& b) { return a.from < b.from; });
  std::sort(year.adjusted_workdays.begin(), year.adjusted_workdays.end());
  YearData data;
  data.days = BuildDays(year);
  data.source = std::move(year);
  const int key = data.source.year;
  years_.emplace(key, std::move(data));
  return Status::Ok();
}

std::vector<int> WorkdayCalendar::Years() const {
  std::vector<int> out;
  for (const auto& [year, data] : years_) out.push_back(year);
  return out;
}

bool WorkdayCalendar::IsProvisional(int year) const {
  auto it = years_.find(year);
  return it != years_.end() && it->second.source.provisional;
}

std::optional<int> WorkdayCalendar::ProvisionalYear() const {
  for (const auto& [year, data] : years_) {
    if (data.source.provisional) return year;
  }
  return std::nullopt;
}

const CalendarYear* WorkdayCalendar::FindYear(int year) const {
  auto it = years_.find(year);
  return it == years_.end() ? nullptr : &it->second.source;
}

Result<const DayInfo*> WorkdayCalendar::Lookup(Date d) const {
  RETURN_IF_ERROR(CheckDate(d));
  auto it = years_.find(d.year);
  if (it == years_.end()) return OutOfRange(MissingYearMessage(d.year));
  const int64_t index = d.DaysSinceEpoch() - Date{d.year, 1, 1}.DaysSinceEpoch();
  return &it->second.days[static_cast<size_t>(index)];
}

Result<DayInfo> WorkdayCalendar::Classify(Date d) const {
  ASSIGN_OR_RETURN(const DayInfo* info, Lookup(d));
  return *info;
}

Result<bool> WorkdayCalendar::IsWorkday(Date d) const {
  ASSIGN_OR_RETURN(const DayInfo* info, Lookup(d));
  return IsWorkingKind(info->kind);
}

Status WorkdayCalendar::Walk(Date start, int n, Date* end, std::vector<DayInfo>* skipped) const {
  RETURN_IF_ERROR(CheckDate(start));
  if (n < 0) {
    return InvalidArgument("the number of working days must not be negative, got " +
                           std::to_string(n));
  }
  // Walks the per-year day tables by index; a map lookup only when the walk
  // enters a new year.
  int64_t day = start.DaysSinceEpoch();
  const YearData* year = nullptr;
  int64_t year_first = 0;
  for (int left = n; left > 0;) {
    ++day;
    if (year == nullptr || day - year_first >= static_cast<int64_t>(year->days.size())) {
      Date d = Date::FromDaysSinceEpoch(day);
      auto it = years_.find(d.year);
      if (it == years_.end()) return OutOfRange(MissingYearMessage(d.year));
      year = &it->second;
      year_first = Date{d.year, 1, 1}.DaysSinceEpoch();
    }
    const DayInfo& info = year->days[static_cast<size_t>(day - year_first)];
    if (IsWorkingKind(info.kind)) {
      --left;
    } else if (skipped != nullptr) {
      skipped->push_back(info);
    }
  }
  *end = Date::FromDaysSinceEpoch(day);
  return Status::Ok();
}

Result<Date> WorkdayCalendar::AddWorkdays(Date start, int n) const {
  Date end;
  RETURN_IF_ERROR(Walk(start, n, &end, nullptr));
  return end;
}

Result<std::vector<DayInfo>> WorkdayCalendar::SkippedDays(Date start, int n) const {
  Date end;
  std::vector<DayInfo> skipped;
  RETURN_IF_ERROR(Walk(start, n, &end, &skipped));
  return skipped;
}

Result<int> WorkdayCalendar::WorkdaysBetween(Date from, Date to) const {
  RETURN_IF_ERROR(CheckDate(from));
  RETURN_IF_ERROR(CheckDate(to));
  int count = 0;
  for (Date d = from.AddDays(1); d <= to; d = d.AddDays(1)) {
    ASSIGN_OR_RETURN(const DayInfo* info, Lookup(d));
    count += IsWorkingKind(info->kind) ? 1 : 0;
  }
  return count;
}

// ---- TOML -----------------------------------------------------------------------

namespace {

const char* const kTopKeys = "year, notice, holidays, adjusted_workdays";
const char* const kHolidayKeys = "name, from, to";

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }
int LineOf(const toml::key& key) { return static_cast<int>(key.source().begin.line); }

// Collects what the TOML reader needs to point errors at lines.
struct TomlContext {
  std::string source;
  int year_line = 0;
  int notice_line = 0;
  std::vector<int> holiday_lines;
  std::vector<int> workday_lines;

  Status Error(int line, const std::string& message) const {
    if (line <= 0) return InvalidArgument(source + ": " + message);
    return InvalidArgument(source + ": line " + std::to_string(line) + ": " + message);
  }
};

Result<toml::table> ParseTomlText(std::string_view text, const TomlContext& ctx) {
#if TOML_EXCEPTIONS
  try {
    return toml::parse(text, ctx.source);
  } catch (const toml::parse_error& e) {
    return ctx.Error(static_cast<int>(e.source().begin.line), std::string(e.description()));
  }
#else
  toml::parse_result parsed = toml::parse(text, ctx.source);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    return ctx.Error(static_cast<int>(e.source().begin.line), std::string(e.description()));
  }
  return std::move(parsed).table();
#endif
}

Result<Date> ReadDate(const toml::node& node, const std::string& what, const TomlContext& ctx) {
  const auto* str = node.as_string();
  if (str == nullptr) {
    return ctx.Error(LineOf(node), what + ": expected a date string like \"2025-01-01\"");
  }
  Result<Date> date = Date::Parse(str->get());
  if (!date.ok()) return ctx.Error(LineOf(node), what + ": " + date.status().message());
  return date;
}

Result<HolidayRange> ReadHoliday(const toml::node& node, size_t index, const TomlContext& ctx) {
  const std::string what = "holiday #" + std::to_string(index + 1);
  const toml::table* table = node.as_table();
  if (table == nullptr) {
    return ctx.Error(LineOf(node), what +
                                       ": expected a table like { name = \"元旦\", from = "
                                       "\"2025-01-01\", to = \"2025-01-01\" }");
  }
  HolidayRange r;
  bool has_name = false, has_from = false, has_to = false;
  for (const auto& [key, value] : *table) {
    if (key.str() == "name") {
      const auto* str = value.as_string();
      if (str == nullptr) return ctx.Error(LineOf(value), what + ": name: expected a string");
      r.name = str->get();
      has_name = true;
    } else if (key.str() == "from" || key.str() == "to") {
      const bool is_from = key.str() == "from";
      ASSIGN_OR_RETURN(Date d, ReadDate(value, what + ": " + std::string(key.str()), ctx));
      (is_from ? r.from : r.to) = d;
      (is_from ? has_from : has_to) = true;
    } else {
      return ctx.Error(LineOf(key), what + ": unknown key \"" + std::string(key.str()) +
                                        "\" (expected " + kHolidayKeys + ")");
    }
  }
  if (!has_name) return ctx.Error(LineOf(node), what + ": missing key \"name\"");
  if (!has_from) return ctx.Error(LineOf(node), what + ": missing key \"from\"");
  if (!has_to) r.to = r.from;
  return r;
}

Status ReadHolidays(const toml::node& node, TomlContext* ctx, CalendarYear* out) {
  const toml::array* array = node.as_array();
  if (array == nullptr) return ctx->Error(LineOf(node), "holidays: expected an array of tables");
  for (const toml::node& element : *array) {
    ASSIGN_OR_RETURN(HolidayRange r, ReadHoliday(element, out->holidays.size(), *ctx));
    out->holidays.push_back(std::move(r));
    ctx->holiday_lines.push_back(LineOf(element));
  }
  return Status::Ok();
}

Status ReadWorkdays(const toml::node& node, TomlContext* ctx, CalendarYear* out) {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    return ctx->Error(LineOf(node), "adjusted_workdays: expected an array of date strings");
  }
  for (const toml::node& element : *array) {
    const std::string what =
        "adjusted workday #" + std::to_string(out->adjusted_workdays.size() + 1);
    ASSIGN_OR_RETURN(Date d, ReadDate(element, what, *ctx));
    out->adjusted_workdays.push_back(d);
    ctx->workday_lines.push_back(LineOf(element));
  }
  return Status::Ok();
}

Status ReadYearKey(const toml::node& value, TomlContext* ctx, CalendarYear* out) {
  const auto* integer = value.as_integer();
  if (integer == nullptr) return ctx->Error(LineOf(value), "year: expected an integer");
  const int64_t y = integer->get();
  if (y < kMinYear || y > kMaxYear) {
    return ctx->Error(LineOf(value),
                      "year " + std::to_string(y) + " is outside the supported range " +
                          std::to_string(kMinYear) + ".." + std::to_string(kMaxYear));
  }
  out->year = static_cast<int>(y);
  ctx->year_line = LineOf(value);
  return Status::Ok();
}

Status ReadTopLevel(const toml::table& table, TomlContext* ctx, CalendarYear* out) {
  bool has_year = false, has_notice = false, has_holidays = false;
  for (const auto& [key, value] : table) {
    if (key.str() == "year") {
      RETURN_IF_ERROR(ReadYearKey(value, ctx, out));
      has_year = true;
    } else if (key.str() == "notice") {
      const auto* str = value.as_string();
      if (str == nullptr) return ctx->Error(LineOf(value), "notice: expected a string");
      out->notice = str->get();
      ctx->notice_line = LineOf(value);
      has_notice = true;
    } else if (key.str() == "holidays") {
      RETURN_IF_ERROR(ReadHolidays(value, ctx, out));
      has_holidays = true;
    } else if (key.str() == "adjusted_workdays") {
      RETURN_IF_ERROR(ReadWorkdays(value, ctx, out));
    } else {
      return ctx->Error(LineOf(key), "unknown key \"" + std::string(key.str()) + "\" (expected " +
                                         kTopKeys + ")");
    }
  }
  if (!has_year) return ctx->Error(0, "missing key \"year\"");
  if (!has_notice) return ctx->Error(0, "missing key \"notice\"");
  if (!has_holidays) return ctx->Error(0, "missing key \"holidays\"");
  return Status::Ok();
}

int ViolationLine(const Violation& v, const TomlContext& ctx) {
  switch (v.problem) {
    case Problem::kYearRange: return ctx.year_line;
    case Problem::kBadNotice: return ctx.notice_line;
    default: break;
  }
  return IsWorkdayProblem(v.problem) ? ctx.workday_lines[v.a] : ctx.holiday_lines[v.a];
}

void AppendTomlString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\t': *out += "\\t"; break;
      case '\r': *out += "\\r"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      default:
        if (u < 0x20 || u == 0x7F) {
          static constexpr char kHex[] = "0123456789ABCDEF";
          *out += "\\u00";
          out->push_back(kHex[u >> 4]);
          out->push_back(kHex[u & 0xF]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

}  // namespace

Result<CalendarYear> ParseCalendarToml(std::string_view text, std::string_view source) {
  TomlContext ctx;
  ctx.source = std::string(source);
  ASSIGN_OR_RETURN(toml::table table, ParseTomlText(text, ctx));
  CalendarYear out;
  RETURN_IF_ERROR(ReadTopLevel(table, &ctx, &out));
  if (auto v = FindViolation(out))
    return ctx.Error(ViolationLine(*v, ctx), EnglishMessage(out, *v));
  return out;
}

std::string FormatCalendarToml(const CalendarYear& year) {
  std::string out = "# Working-day calendar for " + std::to_string(year.year) +
                    " (format: see src/base/calendar.h)\n";
  out += "year = " + std::to_string(year.year) + "\nnotice = ";
  AppendTomlString(year.notice, &out);
  out += year.holidays.empty() ? "\nholidays = []\n" : "\nholidays = [\n";
  for (const HolidayRange& r : year.holidays) {
    out += "  { name = ";
    AppendTomlString(r.name, &out);
    out += ", from = \"" + r.from.ToString() + "\", to = \"" + r.to.ToString() + "\" },\n";
  }
  if (!year.holidays.empty()) out += "]\n";
  out += "adjusted_workdays = [";
  for (size_t i = 0; i < year.adjusted_workdays.size(); ++i) {
    if (i > 0) out += ", ";
    out += "\"" + year.adjusted_workdays[i].ToString() + "\"";
  }
  out += "]\n";
  return out;
}

// ---- the staff form ------------------------------------------------------------

namespace {

constexpr std::string_view kHolidayField = "放假安排";
constexpr std::string_view kWorkdayField = "调休上班";
constexpr std::string_view kFullWidthSpace = "\xE3\x80\x80";  // U+3000

struct FormLines {
  std::vector<int> holiday_lines;
  std::vector<int> workday_lines;
};

Status FormError(std::string_view field, int line, const std::string& message) {
  return InvalidArgument(std::string(field) + " 第" + std::to_string(line) + "行：" + message);
}

// Splits on ASCII whitespace and U+3000 IDEOGRAPHIC SPACE.
std::vector<std::string_view> Tokens(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    if (line.substr(i, kFullWidthSpace.size()) == kFullWidthSpace) {
      i += kFullWidthSpace.size();
    } else if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\v' ||
               line[i] == '\f') {
      ++i;
    } else {
      size_t j = i;
      while (j < line.size() && line.substr(j, kFullWidthSpace.size()) != kFullWidthSpace &&
             std::string_view(" \t\r\v\f").find(line[j]) == std::string_view::npos) {
        ++j;
      }
      out.push_back(line.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Result<Date> FormDate(std::string_view field, int line, std::string_view token) {
  Result<Date> d = Date::Parse(token);
  if (!d.ok()) return FormError(field, line, "日期 \"" + Echo(token) + "\" 无效");
  return d;
}

Result<HolidayRange> ParseHolidayLine(int line, const std::vector<std::string_view>& tokens) {
  if (tokens.size() < 2 || tokens.size() > 3) {
    return FormError(kHolidayField, line, "格式应为“名称 开始日期 [结束日期]”");
  }
  if (Date::Parse(tokens[0]).ok()) return FormError(kHolidayField, line, "缺少节日名称");
  HolidayRange r;
  r.name = std::string(tokens[0]);
  ASSIGN_OR_RETURN(r.from, FormDate(kHolidayField, line, tokens[1]));
  r.to = r.from;
  if (tokens.size() == 3) {
    ASSIGN_OR_RETURN(r.to, FormDate(kHolidayField, line, tokens[2]));
  }
  return r;
}

Status ParseHolidayLines(std::string_view text, CalendarYear* out, FormLines* lines) {
  const std::vector<std::string_view> all = Lines(text);
  for (size_t i = 0; i < all.size(); ++i) {
    const std::vector<std::string_view> tokens = Tokens(all[i]);
    if (tokens.empty()) continue;
    const int line = static_cast<int>(i + 1);
    ASSIGN_OR_RETURN(HolidayRange r, ParseHolidayLine(line, tokens));
    out->holidays.push_back(std::move(r));
    lines->holiday_lines.push_back(line);
  }
  return Status::Ok();
}

Status ParseWorkdayLines(std::string_view text, CalendarYear* out, FormLines* lines) {
  const std::vector<std::string_view> all = Lines(text);
  for (size_t i = 0; i < all.size(); ++i) {
    const std::vector<std::string_view> tokens = Tokens(all[i]);
    if (tokens.empty()) continue;
    const int line = static_cast<int>(i + 1);
    if (tokens.size() > 1) return FormError(kWorkdayField, line, "每行只能填写一个日期");
    ASSIGN_OR_RETURN(Date d, FormDate(kWorkdayField, line, tokens[0]));
    out->adjusted_workdays.push_back(d);
    lines->workday_lines.push_back(line);
  }
  return Status::Ok();
}

std::string Quoted(const std::string& name) { return "“" + name + "”"; }

Status ChineseHolidayError(const CalendarYear& y, const Violation& v, const FormLines& lines) {
  const HolidayRange& r = y.holidays[v.a];
  const int line = lines.holiday_lines[v.a];
  switch (v.problem) {
    case Problem::kEmptyName: return FormError(kHolidayField, line, "缺少节日名称");
    case Problem::kBadName: return FormError(kHolidayField, line, "节日名称含有无效字符");
    case Problem::kFromAfterTo:
      return FormError(kHolidayField, line,
                       "结束日期 " + r.to.ToString() + " 早于开始日期 " + r.from.ToString());
    case Problem::kOutsideYear:
      return FormError(kHolidayField, line,
                       r.from.ToString() + " 至 " + r.to.ToString() + " 不在 " +
                           std::to_string(y.year) + " 年内（跨年的假期最多延伸到相邻年份 " +
                           std::to_string(kMaxSpillDays) + " 天）");
    case Problem::kOverlap:
      return FormError(kHolidayField, line,
                       "与第" + std::to_string(lines.holiday_lines[v.b]) + "行" +
                           Quoted(y.holidays[v.b].name) + "的日期重叠");
    default: return FormError(kHolidayField, line, "日期无效");
  }
}

Status ChineseWorkdayError(const CalendarYear& y, const Violation& v, const FormLines& lines) {
  const Date d = y.adjusted_workdays[v.a];
  const int line = lines.workday_lines[v.a];
  switch (v.problem) {
    case Problem::kWorkdayOutsideYear:
      return FormError(kWorkdayField, line,
                       d.ToString() + " 不在 " + std::to_string(y.year) + " 年内");
    case Problem::kWorkdayNotWeekend:
      return FormError(
          kWorkdayField, line,
          d.ToString() + " 是" + kWeekdayZh[d.Weekday()] + "，调休上班日只能是星期六或星期日");
    case Problem::kWorkdayInHoliday:
      return FormError(kWorkdayField, line,
                       d.ToString() + " 在放假安排第" + std::to_string(lines.holiday_lines[v.b]) +
                           "行" + Quoted(y.holidays[v.b].name) + "的放假期间内");
    case Problem::kWorkdayDuplicate:
      return FormError(
          kWorkdayField, line,
          d.ToString() + " 与第" + std::to_string(lines.workday_lines[v.b]) + "行重复");
    default: return FormError(kWorkdayField, line, "日期无效");
  }
}

Status ChineseError(const CalendarYear& y, const Violation& v, const FormLines& lines) {
  switch (v.problem) {
    case Problem::kYearRange:
      return InvalidArgument("年份 " + std::to_string(y.year) + " 无效：应在 " +
                             std::to_string(kMinYear) + " 至 " + std::to_string(kMaxYear) +
                             " 之间");
    case Problem::kBadNotice: return InvalidArgument("通知文号含有无效字符");
    default: break;
  }
  return IsWorkdayProblem(v.problem) ? ChineseWorkdayError(y, v, lines)
                                     : ChineseHolidayError(y, v, lines);
}

}  // namespace

Result<CalendarYear> ParseCalendarForm(int year, std::string_view notice, std::string_view holidays,
                                       std::string_view workdays) {
  CalendarYear out;
  out.year = year;
  out.notice = std::string(Trim(notice));
  if (out.notice.empty()) return InvalidArgument("通知文号不能为空");
  FormLines lines;
  RETURN_IF_ERROR(ParseHolidayLines(holidays, &out, &lines));
  if (out.holidays.empty()) return InvalidArgument("放假安排不能为空：请按通知逐行填写");
  RETURN_IF_ERROR(ParseWorkdayLines(workdays, &out, &lines));
  if (auto v = FindViolation(out)) return ChineseError(out, *v, lines);
  return out;
}

// ---- loading a directory ------------------------------------------------------

namespace {

// The year of a file named "<yyyy>.toml", or nullopt.
std::optional<int> YearFileName(const std::string& name) {
  if (name.size() != 9 || name.substr(4) != ".toml") return std::nullopt;
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    year = year * 10 + (name[i] - '0');
  }
  return year;
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return Internal("cannot open " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Internal("cannot read " + path.string());
  return text.str();
}

Result<std::map<int, std::filesystem::path>> ListYearFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return NotFound("calendar directory \"" + dir + "\" does not exist");
  }
  std::map<int, fs::path> files;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::optional<int> year = YearFileName(it->path().filename().string());
    std::error_code file_ec;
    if (year && fs::is_regular_file(it->path(), file_ec)) files.emplace(*year, it->path());
  }
  if (ec) return Internal("cannot list calendar directory \"" + dir + "\": " + ec.message());
  return files;
}

}  // namespace

Result<WorkdayCalendar> LoadCalendarDirectory(const std::string& dir) {
  ASSIGN_OR_RETURN(auto files, ListYearFiles(dir));
  WorkdayCalendar calendar;
  for (const auto& [file_year, path] : files) {
    const std::string name = path.filename().string();
    ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
    ASSIGN_OR_RETURN(CalendarYear year, ParseCalendarToml(text, name));
    if (year.year != file_year) {
      return InvalidArgument(name + ": year = " + std::to_string(year.year) +
                             " does not match the file name");
    }
    RETURN_IF_ERROR(calendar.AddYear(std::move(year)));
  }
  return calendar;
}

}  // namespace gk
