#include "base/clock.h"
#include "disclosure/portal.h"
#include "oversight/dashboard.h"
#include "records/channels.h"
#include "records/ledger_internal.h"
#include "records/push_state.h"
#include "requests/applications.h"
#include "requests/reference.h"

namespace gk::records::internal {
namespace {

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

std::string PushResult(const std::string& key) {
  const PushState state = FromKey(kPushStates, key).value_or(PushState::kNone);
  if (state == PushState::kNone || state == PushState::kCancelled) return "已发布";
  return LabelOf(kPushStates, state);
}

}  // namespace

const char* const kPublicationColumns =
    "SELECT p.id AS line_id, i.index_no, p.content, c.code, c.name AS category_name, d.name AS department_name, "
    "p.channel, p.published_at, p.withdrawn_at, COALESCE(p.withdraw_reason, '') AS withdraw_reason, i.formed_on, "
    "i.category_id, i.department_id, i.id FROM publications p JOIN items i ON i.id = p.item_id "
    "JOIN catalog_categories c ON c.id = i.category_id "
    "JOIN departments d ON d.id = i.department_id ";

const char* const kReleaseColumns =
    "SELECT r.id AS line_id, i.index_no, i.title, c.code, c.name AS category_name, d.name AS department_name, "
    "r.channel, r.place, r.released_at, r.removed_at, COALESCE(r.remove_reason, '') AS remove_reason, r.push_state, "
    "i.category_id, i.department_id FROM channel_releases r JOIN items i ON i.id = r.item_id "
    "JOIN catalog_categories c ON c.id = i.category_id "
    "JOIN departments d ON d.id = i.department_id ";

const char* const kApplicationColumns =
    "SELECT id, id AS line_id, ref, info_title, delivery, closed_on, COALESCE(outcome, '') AS outcome "
    "FROM applications ";

LedgerLine PublicationLine(const store::Row& r, const WorkdayCalendar& cal,
                           const std::map<int64_t, std::string>& feedback) {
  LedgerLine line;
  line.source = LedgerSource::kProactive;
  line.kind = LedgerSourceLabel(line.source);
  line.reference = r.Str("index_no");
  line.content = disclosure::TitleOf(r.Str("content"));
  line.category = r.Str("code") + " " + r.Str("category_name");
  line.department = r.Str("department_name");
  line.form = ChannelLabelOfKey(r.Str("channel"));
  line.date = ChinaDay(r.Str("published_at"));
  line.result = r.IsNull("withdrawn_at")
                    ? "已公开"
                    : "已撤回（" + ChinaDay(r.Str("withdrawn_at")) + "）：" + r.Str("withdraw_reason");
  if (auto f = feedback.find(r.Int("id")); f != feedback.end()) line.feedback = f->second;
  if (auto published = Date::Parse(line.date); published.ok()) SetWorkingDays(line, cal, r.Str("formed_on"), *published);
  return line;
}

void SetWorkingDays(LedgerLine& line, const WorkdayCalendar& cal, const std::string& formed_on, Date published) {
  // The rule of 条例 Art. 26 is the dashboard's (oversight::ProactiveOnTime).
  if (auto days = oversight::ProactiveWorkdays(cal, formed_on, published); days.ok()) line.working_days = *days;
  line.on_time = oversight::ProactiveOnTime(cal, formed_on, published);
}

LedgerLine ReleaseLine(const store::Row& r) {
  LedgerLine line;
  line.source = LedgerSource::kProactive;
  line.kind = LedgerSourceLabel(line.source);
  line.reference = r.Str("index_no");
  line.content = r.Str("title");
  line.category = r.Str("code") + " " + r.Str("category_name");
  line.department = r.Str("department_name");
  line.form = ChannelLabelOfKey(r.Str("channel")) + (r.Str("place").empty() ? "" : "（" + r.Str("place") + "）");
  line.date = ChinaDay(r.Str("released_at"));
  line.result = r.IsNull("removed_at") ? PushResult(r.Str("push_state"))
                                       : "已撤下（" + ChinaDay(r.Str("removed_at")) + "）：" + r.Str("remove_reason");
  line.channel_release = true;
  return line;
}

LedgerLine ApplicationLine(const store::Row& r, const std::map<int64_t, std::string>& reviews) {
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
  if (auto it = reviews.find(r.Int("id")); it != reviews.end()) line.feedback = it->second;
  return line;
}

std::map<int64_t, std::string> ReviewsByApplication(const std::vector<store::Row>& rows) {
  std::map<int64_t, std::string> out;
  for (const auto& r : rows) {
    std::string& f = out[r.Int("application_id")];
    f += (f.empty() ? "" : "；") + ReviewLabel(r.Str("kind"), r.Str("result"));
  }
  return out;
}

void CountTimeliness(DepartmentTimeliness& t, const std::string& department, std::optional<bool> on_time, int n) {
  t.department = department;
  t.published += n;
  if (on_time) {
    t.on_time += *on_time ? n : 0;
  } else {
    t.unknown += n;
  }
}

Result<std::vector<std::string>> EmptyMustFill(store::Tx& tx, int64_t agency_id, int year) {
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT c.id, c.code, c.name FROM catalog_categories c WHERE c.agency_id = ? "
                                       "AND c.must_fill = 1 AND c.active = 1 ORDER BY c.code",
                                       {agency_id}));
  // The counters per China date and category (migration 0030), by their
  // (agency_id, category_id, day, …) key: one short probe per category.
  const std::string from = Date{year, 1, 1}.ToString(), to = Date{year, 12, 31}.ToString();
  std::vector<std::string> out;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(auto any, tx.QueryOne("SELECT 1 AS found FROM publication_category_counts WHERE agency_id = ? AND "
                                           "category_id = ? AND day >= ? AND day <= ? AND n <> 0 LIMIT 1",
                                           {agency_id, r.Int("id"), from, to}));
    if (!any) out.push_back(r.Str("code") + " " + r.Str("name"));
  }
  return out;
}

}  // namespace gk::records::internal
