#include "records/annual.h"

#include <boost/json.hpp>

#include "disclosure/reference.h"
#include "requests/applications.h"
#include "requests/reference.h"

namespace gk::records {

int64_t Row::total() const {
  int64_t n = 0;
  for (int64_t v : by_type) n += v;
  return n;
}

Row& Row::operator+=(const Row& other) {
  for (size_t i = 0; i < by_type.size(); ++i) by_type[i] += other.by_type[i];
  return *this;
}

namespace {

std::optional<size_t> Column(const std::string& applicant_type) {
  for (size_t i = 0; i < kApplicantColumns.size(); ++i) {
    if (applicant_type == kApplicantColumns[i]) return i;
  }
  return std::nullopt;
}

// The ref of one application of the year's set matching `condition`, for
// an error message.
Result<std::string> OneRef(store::Tx& tx, int64_t agency_id, const std::string& first, const std::string& last,
                           const std::string& condition, std::vector<store::Value> params) {
  std::vector<store::Value> all = {agency_id, last, first, first};
  all.insert(all.end(), params.begin(), params.end());
  ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT ref FROM applications WHERE agency_id = ? AND received_on <= ? AND "
                                         "(received_on >= ? OR closed_on IS NULL OR closed_on = '' OR closed_on >= ?) "
                                         "AND " + condition + " ORDER BY id LIMIT 1",
                                         all));
  return row ? row->Str("ref") : std::string();
}

// The year's rows from the counters per year of receipt and of closing,
// applicant type and outcome (migration 0030): those received in the year,
// and those received before it and not closed before it. (Rows received
// before the year and closed before it count nowhere.)
Status CountApplications(store::Tx& tx, int64_t agency_id, const std::string& first, const std::string& last,
                         ApplicationsTable& t) {
  for (const requests::Outcome& o : requests::Outcomes()) t.outcomes[o.key] = Row();
  const std::string year = first.substr(0, 4);
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT applicant_type, received_year, closed_year, outcome, SUM(n) AS n "
                                       "FROM application_year_counts WHERE agency_id = ? AND received_year <= ? AND "
                                       "(received_year = ? OR closed_year = '' OR closed_year >= ?) "
                                       "GROUP BY applicant_type, received_year, closed_year, outcome "
                                       "HAVING SUM(n) <> 0",
                                       {agency_id, year, year, year}));
  for (const auto& r : rows) {
    const std::string type = r.Str("applicant_type"), closed = r.Str("closed_year");
    auto col = Column(type);
    if (!col) {
      ASSIGN_OR_RETURN(std::string ref, OneRef(tx, agency_id, first, last, "applicant_type = ?", {type}));
      return Internal("application " + ref + " has an unknown applicant type: " + type);
    }
    const int64_t n = r.Int("n");
    (r.Str("received_year") == year ? t.new_received : t.carried_in).by_type[*col] += n;
    if (closed == year) {
      const std::string outcome = r.Str("outcome");
      auto it = t.outcomes.find(outcome);
      if (it == t.outcomes.end()) {
        ASSIGN_OR_RETURN(std::string ref,
                         OneRef(tx, agency_id, first, last,
                                "closed_on >= ? AND closed_on <= ? AND COALESCE(outcome, '') = ?",
                                {first, last, outcome}));
        return FailedPrecondition("申请 " + ref + " 已办结但没有有效的办理结果（" + outcome + "）");
      }
      it->second.by_type[*col] += n;
    }
    if (closed.empty() || closed > year) t.carried_out.by_type[*col] += n;
  }
  for (const auto& [key, row] : t.outcomes) t.total += row;
  return Status::Ok();
}

Status CountReviews(store::Tx& tx, int64_t agency_id, const std::string& first, const std::string& last,
                    ReviewsTable& t) {
  // By kind and result as it stood at the end of the year: a result decided
  // only after it is still pending then.
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT kind, result, CASE WHEN decided_on > ? THEN 1 ELSE 0 END AS later, "
                                       "COUNT(*) AS n FROM application_reviews "
                                       "WHERE agency_id = ? AND filed_on >= ? AND filed_on <= ? "
                                       "GROUP BY kind, result, later",
                                       {last, agency_id, first, last}));
  for (const auto& r : rows) {
    const auto kind = FromKey(requests::kReviewKinds, r.Str("kind"));
    ReviewCell* cell = kind == requests::ReviewKind::kReconsideration  ? &t.reconsideration
                       : kind == requests::ReviewKind::kSuitDirect      ? &t.suit_direct
                       : kind == requests::ReviewKind::kSuitAfterReview ? &t.suit_after_review
                                                                        : nullptr;
    if (!cell) return Internal("review of unknown kind: " + r.Str("kind"));
    auto result = FromKey(requests::kReviewResults, r.Str("result"));
    if (r.Int("later") != 0) result = requests::ReviewResult::kPending;
    const int64_t n = r.Int("n");
    if (result == requests::ReviewResult::kUpheld) {
      cell->upheld += n;
    } else if (result == requests::ReviewResult::kCorrected) {
      cell->corrected += n;
    } else if (result == requests::ReviewResult::kOther) {
      cell->other += n;
    } else {
      cell->pending += n;
    }
  }
  return Status::Ok();
}

Status CountDocuments(store::Tx& tx, int64_t agency_id, int year, ProactiveTable& t) {
  // Items published (now or at some time) in the categories that the catalog
  // marks for the 规章 and 行政规范性文件 rows, formed by the end of the year:
  // issued in it, repealed in it, and in force at its end (valid now, or
  // repealed only after the year; 失效 carries no date: not counted). Read
  // from the counter kept per year of formation and of repeal
  // (migrations/0033_document_counts.sql).
  const std::string valid = disclosure::ValidityKey(disclosure::Validity::kValid),
                    repealed = disclosure::ValidityKey(disclosure::Validity::kRepealed);
  const std::string y = std::to_string(year);
  ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT c.report_row, "
               "SUM(CASE WHEN d.formed_year = ? THEN d.n ELSE 0 END) AS issued, "
               "SUM(CASE WHEN d.repealed_year = ? THEN d.n ELSE 0 END) AS repealed, "
               "SUM(CASE WHEN d.validity = ? OR (d.validity = ? AND d.repealed_year > ?) THEN d.n ELSE 0 END) "
               "AS in_force "
               "FROM document_counts d JOIN catalog_categories c ON c.id = d.category_id "
               "WHERE c.report_row IN ('rules', 'normative') AND d.agency_id = ? AND d.formed_year <= ? "
               "GROUP BY c.report_row",
               {y, y, valid, repealed, y, agency_id, y}));
  for (const auto& r : rows) {
    DocumentRow& row = r.Str("report_row") == "rules" ? t.rules : t.normative;
    row.issued += r.Int("issued");
    row.repealed += r.Int("repealed");
    row.in_force += r.Int("in_force");
  }
  return Status::Ok();
}

Status CountFees(store::Tx& tx, int64_t agency_id, const std::string& first, const std::string& last, Fees& f) {
  ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT count(DISTINCT application_id) AS applications, COALESCE(SUM(amount), 0) AS amount "
                            "FROM application_fees WHERE agency_id = ? AND paid_on >= ? AND paid_on <= ?",
                            {agency_id, first, last}));
  if (row) {
    f.applications = row->Int("applications");
    f.amount_yuan = row->Int("amount");
  }
  return Status::Ok();
}

boost::json::object RowJson(const Row& r) {
  boost::json::object o;
  for (size_t i = 0; i < kApplicantColumns.size(); ++i) o[kApplicantColumns[i]] = r.by_type[i];
  o["total"] = r.total();
  return o;
}

boost::json::object CellJson(const ReviewCell& c) {
  return {{"upheld", c.upheld}, {"corrected", c.corrected}, {"other", c.other}, {"pending", c.pending},
          {"total", c.total()}};
}

boost::json::object DocumentJson(const DocumentRow& d) {
  return {{"issued", d.issued}, {"repealed", d.repealed}, {"in_force", d.in_force}};
}

std::string Cells(const Row& r) {
  std::string out;
  for (int64_t v : r.by_type) out += "\t" + std::to_string(v);
  return out + "\t" + std::to_string(r.total()) + "\n";
}

}  // namespace

Result<AnnualFigures> Compute(store::Tx& tx, int64_t agency_id, int year, const EnteredFigures& entered) {
  if (year < 2000 || year > 9999) return InvalidArgument("年度无效");
  AnnualFigures f;
  f.year = year;
  const std::string first = std::to_string(year) + "-01-01", last = std::to_string(year) + "-12-31";
  RETURN_IF_ERROR(CountApplications(tx, agency_id, first, last, f.applications));
  RETURN_IF_ERROR(CountReviews(tx, agency_id, first, last, f.reviews));
  RETURN_IF_ERROR(CountDocuments(tx, agency_id, year, f.proactive));
  f.proactive.entered = entered;
  RETURN_IF_ERROR(CountFees(tx, agency_id, first, last, f.fees));
  return f;
}

Status CheckBalance(const ApplicationsTable& t) {
  Row sum;
  for (const auto& [key, row] : t.outcomes) sum += row;
  if (!(sum == t.total)) return FailedPrecondition("（七）总计不等于各项办理结果之和");
  for (size_t i = 0; i < kApplicantColumns.size(); ++i) {
    int64_t left = t.new_received.by_type[i] + t.carried_in.by_type[i];
    int64_t right = t.total.by_type[i] + t.carried_out.by_type[i];
    if (left != right) {
      return FailedPrecondition(std::string("勾稽关系不成立（") + kApplicantColumns[i] + "）：新收 + 上年结转 = " +
                                std::to_string(left) + "，办理结果总计 + 结转下年 = " + std::to_string(right));
    }
  }
  return Status::Ok();
}

std::string ToText(const AnnualFigures& f) {
  std::string out = std::to_string(f.year) + "年度政府信息公开工作年度报告数据\n\n";
  out += "二、主动公开政府信息情况\n\t本年制发件数\t本年废止件数\t现行有效件数\n";
  auto doc = [](const char* label, const DocumentRow& d) {
    return std::string(label) + "\t" + std::to_string(d.issued) + "\t" + std::to_string(d.repealed) + "\t" +
           std::to_string(d.in_force) + "\n";
  };
  out += doc("规章", f.proactive.rules) + doc("行政规范性文件", f.proactive.normative);
  const EnteredFigures& e = f.proactive.entered;
  out += "行政许可\t" + std::to_string(e.permits) + "\n行政处罚\t" + std::to_string(e.penalties) + "\n行政强制\t" +
         std::to_string(e.coercions) + "\n行政事业性收费（元）\t" + std::to_string(e.charges_yuan) + "\n\n";
  out += "三、收到和处理政府信息公开申请情况\n\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n";
  const ApplicationsTable& t = f.applications;
  out += "一、本年新收政府信息公开申请数量" + Cells(t.new_received);
  out += "二、上年结转政府信息公开申请数量" + Cells(t.carried_in);
  const char* group = "";
  for (const requests::Outcome& o : requests::Outcomes()) {
    if (std::string(group) != o.group_label) {
      group = o.group_label;
      if (o.group != requests::OutcomeGroup::kGranted && o.group != requests::OutcomeGroup::kPartial) {
        out += std::string("  ") + group + "\n";
      }
    }
    out += std::string("    ") + o.label + Cells(t.outcomes.at(o.key));
  }
  out += "  总计" + Cells(t.total);
  out += "四、结转下年度继续办理" + Cells(t.carried_out) + "\n";
  out += "四、政府信息公开行政复议、行政诉讼情况\n\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n";
  auto cell = [](const char* label, const ReviewCell& c) {
    return std::string(label) + "\t" + std::to_string(c.upheld) + "\t" + std::to_string(c.corrected) + "\t" +
           std::to_string(c.other) + "\t" + std::to_string(c.pending) + "\t" + std::to_string(c.total()) + "\n";
  };
  out += cell("行政复议", f.reviews.reconsideration) + cell("行政诉讼（未经复议直接起诉）", f.reviews.suit_direct) +
         cell("行政诉讼（复议后起诉）", f.reviews.suit_after_review) + "\n";
  out += "六、收取信息处理费：" + std::to_string(f.fees.applications) + " 件，共 " + std::to_string(f.fees.amount_yuan) +
         " 元\n";
  return out;
}

std::string ToJson(const AnnualFigures& f) {
  boost::json::object apps;
  apps["new"] = RowJson(f.applications.new_received);
  apps["carried_in"] = RowJson(f.applications.carried_in);
  for (const auto& [key, row] : f.applications.outcomes) apps[key] = RowJson(row);
  apps["total"] = RowJson(f.applications.total);
  apps["carried_out"] = RowJson(f.applications.carried_out);
  boost::json::object reviews = {{"reconsideration", CellJson(f.reviews.reconsideration)},
                                 {"suit_direct", CellJson(f.reviews.suit_direct)},
                                 {"suit_after_review", CellJson(f.reviews.suit_after_review)}};
  const EnteredFigures& e = f.proactive.entered;
  boost::json::object proactive = {{"rules", DocumentJson(f.proactive.rules)},
                                   {"normative", DocumentJson(f.proactive.normative)},
                                   {"permits", e.permits},
                                   {"penalties", e.penalties},
                                   {"coercions", e.coercions},
                                   {"charges_yuan", e.charges_yuan},
                                   {"charges_wan_yuan", static_cast<double>(e.charges_yuan) / 10000.0}};
  boost::json::object fees = {{"applications", f.fees.applications}, {"amount_yuan", f.fees.amount_yuan}};
  boost::json::object out = {{"year", f.year}, {"applications", std::move(apps)}, {"reviews", std::move(reviews)},
                             {"proactive", std::move(proactive)}, {"fees", std::move(fees)}};
  return boost::json::serialize(out);
}

}  // namespace gk::records
