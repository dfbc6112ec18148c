#include "records/ledger.h"

#include <algorithm>
#include <map>

#include <boost/json.hpp>


#include "documents/workbook.h"
#include "accounts/workdays.h"
#include "base/clock.h"
#include "oversight/feedback.h"
#include "records/channels.h"
#include "records/push_state.h"
#include "requests/applications.h"
#include "requests/reference.h"

namespace gk::records {
namespace {

constexpr int kProactiveLimit = 20;  // working days, 条例 Art. 26

std::string TitleOf(const std::string& content) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(content, ec);
  if (ec || !v.is_object()) return "";
  const boost::json::value* t = v.as_object().if_contains("title");
  return t && t->is_string() ? std::string(t->as_string()) : "";
}

std::string ChinaDay(const std::string& utc) {
  auto t = ParseUtc(utc);
  return t.ok() ? ChinaDate(*t).ToString() : utc.substr(0, 10);
}

std::string ReviewLabel(const std::string& kind, const std::string& result) {
  using requests::ReviewKind, requests::ReviewResult;
  const auto review = FromKey(requests::kReviewKinds, kind);
  std::string k = review == ReviewKind::kReconsideration ? "行政复议"
                  : review == ReviewKind::kSuitDirect    ? "行政诉讼"
                                                         : "复议后行政诉讼";
  const auto outcome = FromKey(requests::kReviewResults, result);
  std::string r = outcome == ReviewResult::kUpheld      ? "维持"
                  : outcome == ReviewResult::kCorrected ? "纠正"
                  : outcome == ReviewResult::kOther     ? "其他结果"
                                                        : "尚未审结";
  return k + "（" + r + "）";
}

Status AddPublications(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter, Ledger& l) {
  ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, agency_id));
  // A day's margin on each side of the UTC range; the China date decides.
  ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(
          "SELECT i.index_no, p.content, c.code, c.name AS category_name, d.name AS department_name, p.channel, "
          "p.published_at, "
          "p.withdrawn_at, COALESCE(p.withdraw_reason, '') AS withdraw_reason, i.formed_on, i.category_id, "
          "i.department_id, i.id FROM publications p JOIN items i ON i.id = p.item_id "
          "JOIN catalog_categories c ON c.id = i.category_id "
          "JOIN departments d ON d.id = i.department_id "
          "WHERE p.agency_id = ? AND p.published_at >= ? AND p.published_at < ?",
          {agency_id, std::to_string(year - 1) + "-12-31", std::to_string(year + 1) + "-01-02"}));
  ASSIGN_OR_RETURN(auto feedback, oversight::FeedbackByItem(tx, agency_id, year));
  std::map<std::string, DepartmentTimeliness> by_department;
  for (const auto& r : rows) {
    std::string date = ChinaDay(r.Str("published_at"));
    if (date.substr(0, 4) != std::to_string(year)) continue;
    if (filter.category_id && r.Int("category_id") != *filter.category_id) continue;
    if (filter.department_id && r.Int("department_id") != *filter.department_id) continue;
    LedgerLine line;
    line.source = LedgerSource::kProactive;
    line.kind = LedgerSourceLabel(line.source);
    line.reference = r.Str("index_no");
    line.content = TitleOf(r.Str("content"));
    line.category = r.Str("code") + " " + r.Str("category_name");
    line.department = r.Str("department_name");
    line.form = ChannelLabelOfKey(r.Str("channel"));
    line.date = date;
    line.result = r.IsNull("withdrawn_at")
                      ? "已公开"
                      : "已撤回（" + ChinaDay(r.Str("withdrawn_at")) + "）：" + r.Str("withdraw_reason");
    if (auto f = feedback.find(r.Int("id")); f != feedback.end()) line.feedback = f->second;
    DepartmentTimeliness& t = by_department[line.department];
    t.department = line.department;
    ++t.published;
    auto formed = Date::Parse(r.Str("formed_on"));
    auto published = Date::Parse(date);
    if (formed.ok() && published.ok()) {
      auto days = cal.WorkdaysBetween(*formed, *published);
      if (days.ok()) {
        line.working_days = *days;
        line.on_time = *days <= kProactiveLimit;
        t.on_time += line.on_time;
      } else {
        ++t.unknown;
      }
    } else {
      ++t.unknown;
    }
    l.lines.push_back(std::move(line));
  }
  for (auto& [name, t] : by_department) l.timeliness.push_back(t);
  return Status::Ok();
}

std::string PushResult(const std::string& key) {
  const PushState state = FromKey(kPushStates, key).value_or(PushState::kNone);
  if (state == PushState::kNone || state == PushState::kCancelled) return "已发布";
  return LabelOf(kPushStates, state);
}

// Releases on the other channels: one line each (timeliness counts the
// portal publication only).
Status AddChannelReleases(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter, Ledger& l) {
  ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(
          "SELECT i.index_no, i.title, c.code, c.name AS category_name, d.name AS department_name, r.channel, "
          "r.place, r.released_at, "
          "r.removed_at, COALESCE(r.remove_reason, '') AS remove_reason, r.push_state, i.category_id, i.department_id "
          "FROM channel_releases r JOIN items i ON i.id = r.item_id "
          "JOIN catalog_categories c ON c.id = i.category_id "
          "JOIN departments d ON d.id = i.department_id "
          "WHERE r.agency_id = ? AND r.released_at >= ? AND r.released_at < ?",
          {agency_id, std::to_string(year - 1) + "-12-31", std::to_string(year + 1) + "-01-02"}));
  for (const auto& r : rows) {
    std::string date = ChinaDay(r.Str("released_at"));
    if (date.substr(0, 4) != std::to_string(year)) continue;
    if (filter.category_id && r.Int("category_id") != *filter.category_id) continue;
    if (filter.department_id && r.Int("department_id") != *filter.department_id) continue;
    LedgerLine line;
    line.source = LedgerSource::kProactive;
    line.kind = LedgerSourceLabel(line.source);
    line.reference = r.Str("index_no");
    line.content = r.Str("title");
    line.category = r.Str("code") + " " + r.Str("category_name");
    line.department = r.Str("department_name");
    line.form = ChannelLabelOfKey(r.Str("channel")) + (r.Str("place").empty() ? "" : "（" + r.Str("place") + "）");
    line.date = date;
    line.result = r.IsNull("removed_at") ? PushResult(r.Str("push_state"))
                                         : "已撤下（" + ChinaDay(r.Str("removed_at")) + "）：" + r.Str("remove_reason");
    line.channel_release = true;
    l.lines.push_back(std::move(line));
  }
  return Status::Ok();
}

Status AddApplications(store::Tx& tx, int64_t agency_id, int year, Ledger& l) {
  const std::string first = std::to_string(year) + "-01-01", last = std::to_string(year) + "-12-31";
  ASSIGN_OR_RETURN(auto rows,
                   tx.Query("SELECT id, ref, info_title, delivery, closed_on, COALESCE(outcome, '') AS outcome "
                            "FROM applications WHERE agency_id = ? AND closed_on >= ? AND closed_on <= ?",
                            {agency_id, first, last}));
  ASSIGN_OR_RETURN(auto reviews, tx.Query("SELECT r.application_id, r.kind, r.result FROM application_reviews r "
                                          "JOIN applications a ON a.id = r.application_id WHERE r.agency_id = ? "
                                          "AND a.closed_on >= ? AND a.closed_on <= ? ORDER BY r.filed_on",
                                          {agency_id, first, last}));
  std::map<int64_t, std::string> feedback;
  for (const auto& r : reviews) {
    std::string& f = feedback[r.Int("application_id")];
    f += (f.empty() ? "" : "；") + ReviewLabel(r.Str("kind"), r.Str("result"));
  }
  for (const auto& r : rows) {
    LedgerLine line;
    line.source = LedgerSource::kOnRequest;
    line.kind = LedgerSourceLabel(line.source);
    line.reference = r.Str("ref");
    line.content = r.Str("info_title");
    auto delivery = requests::DeliveryFromKey(r.Str("delivery"));
    line.form = delivery ? requests::DeliveryLabel(*delivery) : r.Str("delivery");
    line.date = r.Str("closed_on");
    if (const requests::Outcome* o = requests::FindOutcome(r.Str("outcome"))) {
      bool single = o->group == requests::OutcomeGroup::kGranted || o->group == requests::OutcomeGroup::kPartial;
      line.result = single ? std::string(o->group_label) : std::string(o->group_label) + "（" + o->label + "）";
    }
    if (auto it = feedback.find(r.Int("id")); it != feedback.end()) line.feedback = it->second;
    l.lines.push_back(std::move(line));
  }
  return Status::Ok();
}

Status AddEmptyMustFill(store::Tx& tx, int64_t agency_id, int year, Ledger& l) {
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT c.id, c.code, c.name FROM catalog_categories c WHERE c.agency_id = ? "
                                       "AND c.must_fill = 1 AND c.active = 1 ORDER BY c.code",
                                       {agency_id}));
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(auto any, tx.Query("SELECT p.published_at FROM publications p JOIN items i ON i.id = p.item_id "
                                        "WHERE i.category_id = ? AND p.published_at >= ? AND p.published_at < ?",
                                        {r.Int("id"), std::to_string(year - 1) + "-12-31",
                                         std::to_string(year + 1) + "-01-02"}));
    bool found = std::any_of(any.begin(), any.end(), [&](const store::Row& p) {
      return ChinaDay(p.Str("published_at")).substr(0, 4) == std::to_string(year);
    });
    if (!found) l.empty_must_fill.push_back(r.Str("code") + " " + r.Str("name"));
  }
  return Status::Ok();
}

const char* const kHeader[] = {"类别", "编号", "内容", "目录分类", "主办部门", "公开形式",
                               "公开时间", "反馈情况", "处理结果", "形成至公开工作日", "是否按时"};

std::string OnTime(const LedgerLine& line) {
  if (line.source != LedgerSource::kProactive || line.channel_release) return "";
  if (!line.working_days) return "未能计算";
  return line.on_time ? "是" : "否";
}

// A field as CSV. Text that a spreadsheet would take for a formula (it can
// come from an applicant) is prefixed with ' so that it stays text.
std::string CsvField(std::string s) {
  if (!s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos) s.insert(0, "'");
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

const char* LedgerSourceLabel(LedgerSource s) {
  return s == LedgerSource::kProactive ? "主动公开" : "依申请公开";
}

Result<Ledger> BuildLedger(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter) {
  if (year < 2008 || year > 9998) return InvalidArgument("年度无效");
  Ledger l;
  l.year = year;
  if (filter.proactive) {
    RETURN_IF_ERROR(AddPublications(tx, agency_id, year, filter, l));
    RETURN_IF_ERROR(AddChannelReleases(tx, agency_id, year, filter, l));
  }
  if (filter.on_request && !filter.category_id && !filter.department_id) {
    RETURN_IF_ERROR(AddApplications(tx, agency_id, year, l));
  }
  RETURN_IF_ERROR(AddEmptyMustFill(tx, agency_id, year, l));
  std::stable_sort(l.lines.begin(), l.lines.end(), [](const LedgerLine& a, const LedgerLine& b) {
    return a.date != b.date ? a.date < b.date : a.reference < b.reference;
  });
  return l;
}

std::string LedgerCsv(const Ledger& l) {
  std::string out = "\xEF\xBB\xBF";
  for (size_t i = 0; i < std::size(kHeader); ++i) out += std::string(i ? "," : "") + kHeader[i];
  out += "\r\n";
  for (const LedgerLine& line : l.lines) {
    std::string days = line.working_days ? std::to_string(*line.working_days) : "";
    std::string on_time = OnTime(line);
    for (const std::string& f : {line.kind, line.reference, line.content, line.category, line.department, line.form,
                                 line.date, line.feedback, line.result, days}) {
      out += CsvField(f) + ",";
    }
    out += CsvField(on_time) + "\r\n";
  }
  return out;
}

Result<std::string> LedgerXlsx(const Ledger& l) {
  return documents::BuildWorkbook([&](lxw_workbook* book, lxw_format* bold) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, "台帐");
    for (size_t c = 0; c < std::size(kHeader); ++c) {
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), kHeader[c], bold);
    }
    worksheet_set_column(sheet, 2, 2, 40, nullptr);
    lxw_row_t row = 1;
    for (const LedgerLine& line : l.lines) {
      const std::string cells[] = {line.kind, line.reference, line.content, line.category, line.department,
                                   line.form, line.date, line.feedback, line.result};
      for (size_t c = 0; c < std::size(cells); ++c) {
        worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), cells[c].c_str(), nullptr);
      }
      if (line.working_days) worksheet_write_number(sheet, row, 9, *line.working_days, nullptr);
      worksheet_write_string(sheet, row, 10, OnTime(line).c_str(), nullptr);
      ++row;
    }
    lxw_worksheet* timely = workbook_add_worksheet(book, "及时性");
    const char* const header[] = {"主办部门", "公开条数", "按时", "无法计算"};
    for (size_t c = 0; c < std::size(header); ++c) {
      worksheet_write_string(timely, 0, static_cast<lxw_col_t>(c), header[c], bold);
    }
    row = 1;
    for (const DepartmentTimeliness& t : l.timeliness) {
      worksheet_write_string(timely, row, 0, t.department.c_str(), nullptr);
      worksheet_write_number(timely, row, 1, t.published, nullptr);
      worksheet_write_number(timely, row, 2, t.on_time, nullptr);
      worksheet_write_number(timely, row, 3, t.unknown, nullptr);
      ++row;
    }
    if (!l.empty_must_fill.empty()) {
      worksheet_write_string(timely, ++row, 0, "本年度尚无公开内容的必填栏目", bold);
      for (const std::string& e : l.empty_must_fill) worksheet_write_string(timely, ++row, 0, e.c_str(), nullptr);
    }
  });
}

}  // namespace gk::records
