#include "records/ledger.h"
#include "records/ledger_internal.h"

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
using namespace internal;

namespace {

Status AddPublications(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter, Ledger& l) {
  ASSIGN_OR_RETURN(WorkdayCalendar cal, accounts::Workdays::Load(tx, agency_id));
  // A day's margin on each side of the UTC range; the China date decides.
  ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kPublicationColumns) +
                                           "WHERE p.agency_id = ? AND p.published_at >= ? AND p.published_at < ?",
                                       {agency_id, std::to_string(year - 1) + "-12-31",
                                        std::to_string(year + 1) + "-01-02"}));
  ASSIGN_OR_RETURN(auto feedback, oversight::FeedbackByItem(tx, agency_id, year));
  std::map<std::string, DepartmentTimeliness> by_department;
  for (const auto& r : rows) {
    if (ChinaDay(r.Str("published_at")).substr(0, 4) != std::to_string(year)) continue;
    if (filter.category_id && r.Int("category_id") != *filter.category_id) continue;
    if (filter.department_id && r.Int("department_id") != *filter.department_id) continue;
    LedgerLine line = PublicationLine(r, cal, feedback);
    CountTimeliness(by_department[line.department], line.department, line.on_time);
    l.lines.push_back(std::move(line));
  }
  for (auto& [name, t] : by_department) l.timeliness.push_back(t);
  return Status::Ok();
}

// Releases on the other channels: one line each (timeliness counts the
// portal publication only).
Status AddChannelReleases(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter, Ledger& l) {
  ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kReleaseColumns) +
                                           "WHERE r.agency_id = ? AND r.released_at >= ? AND r.released_at < ?",
                                       {agency_id, std::to_string(year - 1) + "-12-31",
                                        std::to_string(year + 1) + "-01-02"}));
  for (const auto& r : rows) {
    if (ChinaDay(r.Str("released_at")).substr(0, 4) != std::to_string(year)) continue;
    if (filter.category_id && r.Int("category_id") != *filter.category_id) continue;
    if (filter.department_id && r.Int("department_id") != *filter.department_id) continue;
    l.lines.push_back(ReleaseLine(r));
  }
  return Status::Ok();
}

Status AddApplications(store::Tx& tx, int64_t agency_id, int year, Ledger& l) {
  const std::string first = std::to_string(year) + "-01-01", last = std::to_string(year) + "-12-31";
  ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kApplicationColumns) +
                                           "WHERE agency_id = ? AND closed_on >= ? AND closed_on <= ?",
                                       {agency_id, first, last}));
  ASSIGN_OR_RETURN(auto reviews, tx.Query("SELECT r.application_id, r.kind, r.result FROM application_reviews r "
                                          "JOIN applications a ON a.id = r.application_id WHERE r.agency_id = ? "
                                          "AND a.closed_on >= ? AND a.closed_on <= ? ORDER BY r.filed_on",
                                          {agency_id, first, last}));
  std::map<int64_t, std::string> feedback = ReviewsByApplication(reviews);
  for (const auto& r : rows) l.lines.push_back(ApplicationLine(r, feedback));
  return Status::Ok();
}

const char* const kHeader[] = {"类别", "编号", "内容", "目录分类", "主办部门", "公开形式",
                               "公开时间", "反馈情况", "处理结果", "形成至公开工作日", "是否按时"};

std::string OnTime(const LedgerLine& line) {
  if (line.source != LedgerSource::kProactive || line.channel_release) return "";
  if (!line.on_time) return "未能计算";
  return *line.on_time ? "是" : "否";
}

// A field as CSV. Text that a spreadsheet would take for a formula (it can
// come from an applicant) is prefixed with ' so that it stays text.
std::string CsvField(std::string s) {
  if (!s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos) s = "'" + s;
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
  ASSIGN_OR_RETURN(l.empty_must_fill, EmptyMustFill(tx, agency_id, year));
  std::stable_sort(l.lines.begin(), l.lines.end(), [](const LedgerLine& a, const LedgerLine& b) {
    return a.date != b.date ? a.date < b.date : a.reference < b.reference;
  });
  return l;
}

namespace {

LedgerLines LinesOf(const Ledger& l) {
  return [&l](const std::function<Status(const LedgerLine&)>& fn) -> Status {
    for (const LedgerLine& line : l.lines) RETURN_IF_ERROR(fn(line));
    return Status::Ok();
  };
}

}  // namespace

Result<TempFile> LedgerCsvFile(const LedgerLines& lines) {
  ASSIGN_OR_RETURN(TempFile file, TempFile::Create());
  std::string out = "\xEF\xBB\xBF";
  for (size_t i = 0; i < std::size(kHeader); ++i) out += std::string(i ? "," : "") + kHeader[i];
  out += "\r\n";
  RETURN_IF_ERROR(file.Append(out));
  RETURN_IF_ERROR(lines([&](const LedgerLine& line) -> Status {
    out.clear();
    std::string days = line.working_days ? std::to_string(*line.working_days) : "";
    std::string on_time = OnTime(line);
    for (const std::string& f : {line.kind, line.reference, line.content, line.category, line.department, line.form,
                                 line.date, line.feedback, line.result, days}) {
      out += CsvField(f) + ",";
    }
    out += CsvField(on_time) + "\r\n";
    return file.Append(out);
  }));
  RETURN_IF_ERROR(file.Flush());
  return file;
}

Result<std::string> LedgerCsv(const LedgerLines& lines) {
  ASSIGN_OR_RETURN(TempFile file, LedgerCsvFile(lines));
  return file.ReadAll();
}

std::string LedgerCsv(const Ledger& l) { return *LedgerCsv(LinesOf(l)); }

Result<std::string> LedgerXlsx(const Ledger& l) { return LedgerXlsx(LinesOf(l), l.timeliness, l.empty_must_fill); }

Result<std::string> LedgerXlsx(const LedgerLines& lines, const std::vector<DepartmentTimeliness>& timeliness,
                               const std::vector<std::string>& empty_must_fill) {
  ASSIGN_OR_RETURN(TempFile file, LedgerXlsxFile(lines, timeliness, empty_must_fill));
  return file.ReadAll();
}

Result<TempFile> LedgerXlsxFile(const LedgerLines& lines, const std::vector<DepartmentTimeliness>& timeliness,
                                const std::vector<std::string>& empty_must_fill) {
  Status read;
  auto book = documents::BuildWorkbookFile(
      [&](lxw_workbook* book, lxw_format* bold) {
        lxw_worksheet* sheet = workbook_add_worksheet(book, "台帐");
        worksheet_set_column(sheet, 2, 2, 40, nullptr);
        for (size_t c = 0; c < std::size(kHeader); ++c) {
          worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), kHeader[c], bold);
        }
        lxw_row_t row = 1;
        read = lines([&](const LedgerLine& line) -> Status {
          const std::string cells[] = {line.kind, line.reference, line.content, line.category, line.department,
                                       line.form, line.date, line.feedback, line.result};
          for (size_t c = 0; c < std::size(cells); ++c) {
            worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), cells[c].c_str(), nullptr);
          }
          if (line.working_days) worksheet_write_number(sheet, row, 9, *line.working_days, nullptr);
          worksheet_write_string(sheet, row, 10, OnTime(line).c_str(), nullptr);
          ++row;
          return Status::Ok();
        });
        lxw_worksheet* timely = workbook_add_worksheet(book, "及时性");
        const char* const header[] = {"主办部门", "公开条数", "按时", "无法计算"};
        for (size_t c = 0; c < std::size(header); ++c) {
          worksheet_write_string(timely, 0, static_cast<lxw_col_t>(c), header[c], bold);
        }
        row = 1;
        for (const DepartmentTimeliness& t : timeliness) {
          worksheet_write_string(timely, row, 0, t.department.c_str(), nullptr);
          worksheet_write_number(timely, row, 1, t.published, nullptr);
          worksheet_write_number(timely, row, 2, t.on_time, nullptr);
          worksheet_write_number(timely, row, 3, t.unknown, nullptr);
          ++row;
        }
        if (!empty_must_fill.empty()) {
          worksheet_write_string(timely, ++row, 0, "本年度尚无公开内容的必填栏目", bold);
          for (const std::string& e : empty_must_fill) worksheet_write_string(timely, ++row, 0, e.c_str(), nullptr);
        }
      },
      documents::WorkbookMemory::kConstant);
  RETURN_IF_ERROR(read);
  return book;
}

}  // namespace gk::records
