#include "base/calendar_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

#include <toml++/toml.h>

#include "base/calendar_rules.h"
#include "base/strings.h"

namespace gk {

using calendar_rules::EnglishMessage;
using calendar_rules::FindViolation;
using calendar_rules::IsWorkdayProblem;
using calendar_rules::kMaxSpillDays;
using calendar_rules::kMaxYear;
using calendar_rules::kMinYear;
using calendar_rules::kWeekdayZh;
using calendar_rules::Problem;
using calendar_rules::Violation;

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
  if (!d.ok()) return FormError(field, line, "日期 \"" + EchoForError(token) + "\" 无效");
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
