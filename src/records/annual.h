// The figures of the annual report (政府信息公开工作年度报告, 条例 Art. 50, in
// the national format of 国办公开办函〔2021〕30号), computed from the
// agency's own records for one calendar year.
//
// Applications (section 三), per applicant column:
//   new          received in the year;
//   carried_in   received before the year and not closed before it;
//   each outcome closed in the year with that outcome (the 21 result rows);
//   total        the sum of the outcome rows (（七）总计);
//   carried_out  received by the end of the year and not closed by then.
// Every application closed in the year has exactly one outcome, so
// new + carried_in = total + carried_out in every column (the table's
// 勾稽关系); CheckBalance says which column breaks it if the records do not.
//
// Reviews and lawsuits (section 四) count in the year they were filed, by
// their result at the end of that year: a result decided later (or not at
// all) counts as 尚未审结.
//
// Proactive disclosure (section 二): 规章 and 行政规范性文件 from the
// published items of the catalog categories marked for those rows (issued =
// formed in the year; repealed = repealed in the year; in force = valid at
// the end of the year), plus the figures staff enter for 行政许可, 行政处罚,
// 行政强制 and 行政事业性收费. Fees (section 六): 信息处理费 paid in the year.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/db.h"

namespace gk::records {

// The applicant columns of the table, in order: 自然人; 法人或其他组织: 商业企业,
// 科研机构, 社会公益组织, 法律服务机构, 其他. Keys as in the import format.
inline constexpr std::array<const char*, 6> kApplicantColumns = {
    "natural", "commercial", "research", "public_welfare", "legal_service", "other_org"};

struct Row {
  std::array<int64_t, 6> by_type{};
  int64_t total() const;
  Row& operator+=(const Row& other);
  bool operator==(const Row&) const = default;
};

struct ApplicationsTable {
  Row new_received, carried_in, total, carried_out;
  std::map<std::string, Row> outcomes;  // every outcome key of requests/reference.h, zero rows included
};

struct ReviewCell {
  int64_t upheld = 0, corrected = 0, other = 0, pending = 0;
  int64_t total() const { return upheld + corrected + other + pending; }
};

struct ReviewsTable {
  ReviewCell reconsideration, suit_direct, suit_after_review;
};

// One row of the 第二十条第（一）项 block.
struct DocumentRow {
  int64_t issued = 0, repealed = 0, in_force = 0;
};

// Figures staff enter (the registry does not hold them).
struct EnteredFigures {
  int64_t permits = 0;          // 行政许可: 本年处理决定数量
  int64_t penalties = 0;        // 行政处罚
  int64_t coercions = 0;        // 行政强制
  int64_t charges_yuan = 0;     // 行政事业性收费: 本年收费金额 (元; the report shows 万元)
};

struct ProactiveTable {
  DocumentRow rules, normative;
  EnteredFigures entered;
};

struct Fees {
  int64_t applications = 0;  // applications whose fee was paid in the year
  int64_t amount_yuan = 0;
};

struct AnnualFigures {
  int year = 0;
  ApplicationsTable applications;
  ReviewsTable reviews;
  ProactiveTable proactive;
  Fees fees;
};

// The figures of `year` for `agency_id`, with `entered` as staff gave them.
Result<AnnualFigures> Compute(store::Tx& tx, int64_t agency_id, int year, const EnteredFigures& entered = {});

// OK when new + carried_in = total + carried_out in every column and the
// total row is the sum of the outcome rows; FailedPrecondition naming the
// column otherwise.
Status CheckBalance(const ApplicationsTable& t);

// The figures as the JSON of `gongkai report annual --format json`:
// {"year", "applications": {ROW: {"natural", …, "other_org", "total"}},
//  "reviews": {KIND: {"upheld", "corrected", "other", "pending", "total"}},
//  "proactive": {"rules"|"normative": {"issued", "repealed", "in_force"},
//                "permits", "penalties", "coercions", "charges_yuan", "charges_wan_yuan"},
//  "fees": {"applications", "amount_yuan"}}
// where ROW is new, carried_in, carried_out, total or an outcome key.
std::string ToJson(const AnnualFigures& f);

// The three tables as plain text with the national format's row labels, for
// the command line.
std::string ToText(const AnnualFigures& f);

}  // namespace gk::records
