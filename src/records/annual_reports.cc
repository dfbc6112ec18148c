#include "records/annual_reports.h"

#include <boost/json.hpp>

#include "accounts/agencies.h"
#include "accounts/portal_generation.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/strings.h"
#include "requests/reference.h"

namespace gk::records {

using accounts::Principal;
using accounts::Role;

namespace {

namespace json = boost::json;

constexpr size_t kMaxText = 20000;
constexpr int64_t kMaxFigure = 1'000'000'000'000;

// The deadline of the report of `year`: MM-DD of the next year from the
// agency setting annual_report_due, 01-31 if unset or invalid.
Result<Date> DueDate(store::Tx& tx, int64_t agency_id, int year) {
  ASSIGN_OR_RETURN(auto settings, accounts::LoadSettings(tx, agency_id));
  auto it = settings.find("annual_report_due");
  std::string mmdd = it == settings.end() ? "" : std::string(Trim(it->second));
  auto d = Date::Parse(std::to_string(year + 1) + "-" + mmdd);
  if (mmdd.size() != 5 || !d.ok()) d = Date::Parse(std::to_string(year + 1) + "-01-31");
  return *d;
}

Status ValidYear(int year) {
  if (year < 2008 || year > 9998) return InvalidArgument("年度无效");
  return Status::Ok();
}

Result<AnnualReport> Load(store::Tx& tx, int64_t agency_id, int year, bool published_only) {
  RETURN_IF_ERROR(ValidYear(year));
  AnnualReport r;
  r.year = year;
  ASSIGN_OR_RETURN(r.due, DueDate(tx, agency_id, year));
  ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne(
          "SELECT a.overview, a.problems, a.other_matters, a.permits, a.penalties, a.coercions, a.charges_yuan, "
          "a.figures, "
          "a.updated_at, COALESCE(u.display_name, '') AS updater_name, a.published_at, COALESCE(p.display_name, "
          "'') AS publisher_name FROM annual_reports a "
          "LEFT JOIN users u ON u.id = a.updated_by LEFT JOIN users p ON p.id = a.published_by "
          "WHERE a.agency_id = ? AND a.year = ?",
          {agency_id, int64_t{year}}));
  if (row) {
    r.input = {row->Str("overview"),
               row->Str("problems"),
               row->Str("other_matters"),
               {row->Int("permits"), row->Int("penalties"), row->Int("coercions"), row->Int("charges_yuan")}};
    r.updated_at = row->Str("updated_at");
    r.updated_by = row->Str("updater_name");
    r.published = !row->IsNull("published_at");
    if (r.published) {
      r.published_at = row->Str("published_at");
      r.published_by = row->Str("publisher_name");
    }
  }
  if (published_only && !r.published) return NotFound("该年度报告尚未发布");
  if (r.published) {
    ASSIGN_OR_RETURN(r.figures, FiguresFromJson(row->Str("figures")));
  } else {
    ASSIGN_OR_RETURN(r.figures, Compute(tx, agency_id, year, r.input.entered));
  }
  r.balance = CheckBalance(r.figures.applications);
  return r;
}

Status ValidateInput(const ReportInput& in) {
  RETURN_IF_ERROR(CheckText(in.overview, "总体情况", kMaxText, false));
  RETURN_IF_ERROR(CheckText(in.problems, "存在的主要问题及改进情况", kMaxText, false));
  RETURN_IF_ERROR(CheckText(in.other_matters, "其他需要报告的事项", kMaxText, false));
  for (int64_t v : {in.entered.permits, in.entered.penalties, in.entered.coercions, in.entered.charges_yuan}) {
    if (v < 0 || v > kMaxFigure) return InvalidArgument("填报的数字须为不小于 0 的整数");
  }
  return Status::Ok();
}

Status RequireOffice(const Principal& who) {
  if (!who.Has(Role::kDisclosureOffice)) return PermissionDenied("只有公开办可以编写和发布年度报告");
  return Status::Ok();
}

int64_t IntAt(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

const json::object& ObjectAt(const json::object& o, const char* key) {
  static const json::object kEmpty;
  const json::value* v = o.if_contains(key);
  return v && v->is_object() ? v->as_object() : kEmpty;
}

Row RowFrom(const json::object& o) {
  Row r;
  for (size_t i = 0; i < kApplicantColumns.size(); ++i) r.by_type[i] = IntAt(o, kApplicantColumns[i]);
  return r;
}

ReviewCell CellFrom(const json::object& o) {
  return {IntAt(o, "upheld"), IntAt(o, "corrected"), IntAt(o, "other"), IntAt(o, "pending")};
}

DocumentRow DocumentFrom(const json::object& o) {
  return {IntAt(o, "issued"), IntAt(o, "repealed"), IntAt(o, "in_force")};
}

}  // namespace

Result<AnnualFigures> FiguresFromJson(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Internal("stored annual report figures are not JSON");
  const json::object& o = v.as_object();
  AnnualFigures f;
  f.year = static_cast<int>(IntAt(o, "year"));
  const json::object& apps = ObjectAt(o, "applications");
  f.applications.new_received = RowFrom(ObjectAt(apps, "new"));
  f.applications.carried_in = RowFrom(ObjectAt(apps, "carried_in"));
  f.applications.total = RowFrom(ObjectAt(apps, "total"));
  f.applications.carried_out = RowFrom(ObjectAt(apps, "carried_out"));
  for (const requests::Outcome& out : requests::Outcomes()) {
    f.applications.outcomes[out.key] = RowFrom(ObjectAt(apps, out.key));
  }
  const json::object& reviews = ObjectAt(o, "reviews");
  f.reviews = {CellFrom(ObjectAt(reviews, "reconsideration")), CellFrom(ObjectAt(reviews, "suit_direct")),
               CellFrom(ObjectAt(reviews, "suit_after_review"))};
  const json::object& pro = ObjectAt(o, "proactive");
  f.proactive.rules = DocumentFrom(ObjectAt(pro, "rules"));
  f.proactive.normative = DocumentFrom(ObjectAt(pro, "normative"));
  f.proactive.entered = {IntAt(pro, "permits"), IntAt(pro, "penalties"), IntAt(pro, "coercions"),
                         IntAt(pro, "charges_yuan")};
  const json::object& fees = ObjectAt(o, "fees");
  f.fees = {IntAt(fees, "applications"), IntAt(fees, "amount_yuan")};
  return f;
}

Result<AnnualReport> AnnualReports::Get(const Principal& who, int year) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  return ctx_.db.Read<AnnualReport>([&](store::Tx& tx) { return Load(tx, who.agency_id, year, false); });
}

Status AnnualReports::Save(const Principal& who, int year, const ReportInput& in) {
  RETURN_IF_ERROR(RequireOffice(who));
  RETURN_IF_ERROR(ValidYear(year));
  RETURN_IF_ERROR(ValidateInput(in));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT id, published_at FROM annual_reports WHERE agency_id = ? AND year = ?",
                                           {who.agency_id, int64_t{year}}));
    if (row && !row->IsNull("published_at")) return FailedPrecondition("该年度报告已经发布，不能再修改");
    std::vector<store::Value> values = {in.overview, in.problems, in.other_matters, in.entered.permits,
                                        in.entered.penalties, in.entered.coercions, in.entered.charges_yuan,
                                        who.user_id, Now(ctx_.clock)};
    if (row) {
      values.push_back(row->Int("id"));
      RETURN_IF_ERROR(tx.Exec("UPDATE annual_reports SET overview = ?, problems = ?, other_matters = ?, permits = ?, "
                              "penalties = ?, coercions = ?, charges_yuan = ?, updated_by = ?, updated_at = ? "
                              "WHERE id = ?",
                              values)
                          .status());
    } else {
      values.insert(values.begin(), {who.agency_id, int64_t{year}});
      RETURN_IF_ERROR(tx.Exec("INSERT INTO annual_reports (agency_id, year, overview, problems, other_matters, "
                              "permits, penalties, coercions, charges_yuan, updated_by, updated_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              values)
                          .status());
    }
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "annual_report.save", "annual_report",
                                          std::to_string(year), "", "",
                                          "保存" + std::to_string(year) + "年度政府信息公开工作年度报告草稿"});
  });
}

Status AnnualReports::Publish(const Principal& who, int year) {
  RETURN_IF_ERROR(RequireOffice(who));
  RETURN_IF_ERROR(ValidYear(year));
  return ctx_.db.Transact([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(AnnualReport r, Load(tx, who.agency_id, year, false));
    if (r.published) return FailedPrecondition("该年度报告已经发布");
    if (r.updated_at.empty()) return FailedPrecondition("请先编写并保存报告草稿");
    if (Trim(r.input.overview).empty()) return FailedPrecondition("请填写“一、总体情况”后再发布");
    if (!r.balance.ok()) return FailedPrecondition("申请情况表的数据不平衡，不能发布：" + r.balance.message());
    std::string figures = ToJson(r.figures);
    RETURN_IF_ERROR(tx.Exec("UPDATE annual_reports SET figures = ?, published_by = ?, published_at = ? "
                            "WHERE agency_id = ? AND year = ?",
                            {figures, who.user_id, Now(ctx_.clock), who.agency_id, int64_t{year}})
                        .status());
    RETURN_IF_ERROR(accounts::TouchPortal(tx, who.agency_id));
    return audit::Append(tx, ctx_.clock, {who.agency_id, who.ActorFor(), "annual_report.publish", "annual_report",
                                          std::to_string(year), "", Sha256Hex(figures),
                                          "发布" + std::to_string(year) + "年度政府信息公开工作年度报告"});
  });
}

bool AnnualReports::Deadline::LateOn(const Date& today) const {
  if (published_at.empty()) return today > due;
  auto at = ParseUtc(published_at);
  return at.ok() && ChinaDate(*at) > due;
}

Result<AnnualReports::Deadline> AnnualReports::DeadlineOf(const Principal& who, int year) {
  RETURN_IF_ERROR(accounts::Require(who, accounts::Permission::kStaffArea));
  RETURN_IF_ERROR(ValidYear(year));
  return ctx_.db.Read<Deadline>([&](store::Tx& tx) -> Result<Deadline> {
    Deadline d;
    ASSIGN_OR_RETURN(d.due, DueDate(tx, who.agency_id, year));
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT published_at FROM annual_reports WHERE agency_id = ? AND year = ? "
                                           "AND published_at IS NOT NULL",
                                           {who.agency_id, int64_t{year}}));
    if (row) d.published_at = row->Str("published_at");
    return d;
  });
}

Result<std::vector<PublishedReport>> AnnualReports::ListPublished(int64_t agency_id) {
  return ctx_.db.Read<std::vector<PublishedReport>>([&](store::Tx& tx) -> Result<std::vector<PublishedReport>> {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT year, published_at FROM annual_reports WHERE agency_id = ? AND "
                                         "published_at IS NOT NULL ORDER BY year DESC",
                                         {agency_id}));
    std::vector<PublishedReport> out;
    for (const auto& r : rows) out.push_back({static_cast<int>(r.Int("year")), r.Str("published_at")});
    return out;
  });
}

Result<std::optional<PublishedReport>> AnnualReports::LatestPublished(int64_t agency_id) {
  using Out = std::optional<PublishedReport>;
  return ctx_.db.Read<Out>([&](store::Tx& tx) -> Result<Out> {
    ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT year, published_at FROM annual_reports WHERE agency_id = ? AND "
                                           "published_at IS NOT NULL ORDER BY year DESC LIMIT 1",
                                           {agency_id}));
    if (!row) return Out();
    return Out(PublishedReport{static_cast<int>(row->Int("year")), row->Str("published_at")});
  });
}

Result<AnnualReport> AnnualReports::GetPublished(int64_t agency_id, int year) {
  return ctx_.db.Read<AnnualReport>([&](store::Tx& tx) { return Load(tx, agency_id, year, true); });
}

}  // namespace gk::records
