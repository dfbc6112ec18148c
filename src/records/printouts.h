// The records as printed documents (documents/print.h): the annual report in
// the national format, and the ledger. The annual report's tables are built
// here once and shown both on the web pages (documents::TableHtml) and in the
// PDF, so the two never differ.
#pragma once

#include <string>
#include <vector>

#include "base/date.h"
#include "documents/print.h"
#include "records/annual_reports.h"
#include "records/ledger.h"

namespace gk::records {

// Sections 二, 三 and 四 of the national format: a heading and a table each
// (numbers and fixed labels only).
std::vector<documents::Block> AnnualTableBlocks(const AnnualFigures& f);

// 万元 with up to four decimals, as the national format asks for fees.
std::string WanYuan(int64_t yuan);

// The sentence of section 六 on the 信息处理费 charged in the year.
std::string FeesSentence(const Fees& fees);

// The whole report: title, the staff's texts around the tables, issuer and
// date. `date` is the publication date (or today for a draft, which is
// marked as such in the footer).
documents::PrintDocument AnnualReportDocument(const AnnualReport& r, const std::string& agency_name, Date date);

// The ledger of a year on A4 landscape: the lines, the timeliness per
// department and the must-fill categories left empty.
documents::PrintDocument LedgerDocument(const Ledger& l, const std::string& agency_name, Date today);

}  // namespace gk::records
