// The ledger of disclosures (政府信息公开台帐, seed rules 四): one line per
// disclosure of a year, derived from the records and never typed twice —
//   主动公开: each publication on the portal (time), with whether it came
//     within 20 working days of the information's formation (条例 Art. 26)
//     and the feedback and complaints received about the item
//     (oversight/feedback.h), and each release on another channel
//     (records/channels.h);
//   依申请公开: each application closed in the year (how it was provided,
//     when, the result), with the reviews and lawsuits it drew as feedback.
// The timeliness summary counts the 主动公开 lines per department; the
// catalog's must-fill categories without any publication in the year are
// listed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/keyset.h"
#include "base/status.h"
#include "base/temp_file.h"
#include "store/db.h"

namespace gk::records {

// Where a ledger line comes from; LedgerLine::kind is its label.
enum class LedgerSource { kProactive, kOnRequest };
const char* LedgerSourceLabel(LedgerSource s);  // "主动公开", "依申请公开"

struct LedgerLine {
  LedgerSource source = LedgerSource::kProactive;
  std::string kind;        // LedgerSourceLabel(source)
  std::string reference;   // 索引号 or 申请编号
  std::string content;     // title or the information applied for
  std::string category, department;  // 主动公开 only
  std::string form;        // channel / how it was provided
  std::string date;        // YYYY-MM-DD (China)
  std::string feedback;    // 解释说明、复议、诉讼 … ("" if none)
  std::string result;      // 已公开 / 已撤回：… / the reply type
  // 主动公开: working days from formation to publication, when the calendar
  // covers them; on_time: within 20 (oversight::ProactiveOnTime), unknown
  // when the calendar would have to decide and does not cover the days.
  std::optional<int> working_days;
  std::optional<bool> on_time;
  bool channel_release = false;  // a release on another channel (not counted for timeliness)

  // Published later than 20 working days after formation (known only when
  // the calendar covers the days; never for 依申请公开 or channel lines).
  bool Late() const { return on_time.has_value() && !*on_time; }
};

struct DepartmentTimeliness {
  std::string department;
  int published = 0, on_time = 0, unknown = 0;  // unknown: the calendar would decide and lacks a year
};

struct Ledger {
  int year = 0;
  std::vector<LedgerLine> lines;  // by date, then reference
  std::vector<DepartmentTimeliness> timeliness;
  std::vector<std::string> empty_must_fill;  // "0101 机构概况"
};

struct LedgerFilter {
  std::optional<int64_t> category_id, department_id;
  bool proactive = true, on_request = true;
};

Result<Ledger> BuildLedger(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter = {});

// The most lines a printed ledger (PDF) holds, about 500 pages: a larger
// one is printed by department or category, or exported (CSV, XLSX), which
// stream any number of lines.
inline constexpr int64_t kPrintedLedgerMaxLines = 20000;
// BuildLedger for printing: InvalidArgument (saying so in Chinese) when the
// ledger has more than `max_lines` lines (counted from the counters first,
// so a refused one is not read).
Result<Ledger> BuildPrintableLedger(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter,
                                    int64_t max_lines = kPrintedLedgerMaxLines);

// The ledger as the staff page shows it: the year's counts, timeliness and
// empty must-fill categories from grouped queries (the same figures as
// BuildLedger's), and one page of the lines in BuildLedger's order — by
// date, then reference; lines alike in both: publications, then releases,
// then applications, each by id. Each source is read from the position on,
// a day at a time for the portal and the other channels (the China date of
// a stored time is a range of it), so a page costs its rows, not the year.
struct LedgerCounts {
  int64_t publications = 0, releases = 0, applications = 0;
};
struct LedgerView {
  int year = 0;
  LedgerCounts counts;
  std::vector<DepartmentTimeliness> timeliness;
  std::vector<std::string> empty_must_fill;
  PageOf<LedgerLine> page;
};
Result<LedgerView> ReadLedgerPage(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter,
                                  const PageSpec& page);

// The figures alone (counts, timeliness, empty must-fill categories), with
// no page of lines: what an export puts beside the lines.
Result<LedgerView> ReadLedgerFigures(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter);
// One page of the lines alone, in the same order (ReadLedgerPage's page).
Result<PageOf<LedgerLine>> ReadLedgerLines(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter,
                                           const PageSpec& page);
// Every line of the year in BuildLedger's order, read `batch` lines at a
// time: what the exports write, holding one batch in memory, never the year.
Status ForEachLedgerLine(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter, int batch,
                         const std::function<Status(const LedgerLine&)>& fn);

// The lines of an export, handed one at a time to `fn` (ForEachLedgerLine
// bound to a year and filter, or the lines of a built Ledger).
using LedgerLines = std::function<Status(const std::function<Status(const LedgerLine&)>& fn)>;

// The year's lines read a batch at a time in `tx` (ForEachLedgerLine).
LedgerLines YearLines(store::Tx& tx, int64_t agency_id, int year, const LedgerFilter& filter);

// CSV (RFC 4180, UTF-8 with BOM so that spreadsheet programs read Chinese).
// The *File forms write a year of any size to a temporary file as its lines
// are read, for sending from there; the others return the bytes.
std::string LedgerCsv(const Ledger& l);
Result<std::string> LedgerCsv(const LedgerLines& lines);
Result<TempFile> LedgerCsvFile(const LedgerLines& lines);

// An .xlsx workbook (libxlsxwriter, rows streamed to its temporary files):
// sheet 台帐 with the lines, sheet 及时性 with the timeliness per
// department and the empty must-fill categories.
Result<std::string> LedgerXlsx(const Ledger& l);
Result<std::string> LedgerXlsx(const LedgerLines& lines, const std::vector<DepartmentTimeliness>& timeliness,
                               const std::vector<std::string>& empty_must_fill);
Result<TempFile> LedgerXlsxFile(const LedgerLines& lines, const std::vector<DepartmentTimeliness>& timeliness,
                                const std::vector<std::string>& empty_must_fill);

}  // namespace gk::records
